"""Audits, their recommendations, and the auditor's assessments of them, as pydantic records.

Laws are enforced in practice by audits: an auditor finds what was broken (recorded as breaches) and
recommends what the agency should do about it. Three kinds of file carry that:

* ``audits/``: the report (title, auditor, date, source, scope, its findings);
* ``recommendations/``: one recommendation each (the audit, its number, its words verbatim, the agency it
  is addressed to, the obligations or sections it concerns, a priority if the report gives one), with the
  agency's ``response`` (agree, partly, disagree, or unknown where the answer is known to exist but not what it
  said; date, source, a target date if one was promised) and the
  ``actions`` the agency reports (claimed, as evidence is claimed until verified);
* ``assessments/``: the auditor's dated follow-up of one recommendation (implemented, partly implemented,
  in progress, not implemented, no longer applicable), with its source. Only an assessment by a verifier
  (the auditor) closes a recommendation, as only a verification record verifies evidence; CODEOWNERS
  gives ``assessments/`` to the verifiers and the pull-request gate refuses one from anyone else.

How these read as of a date is decided in :mod:`policytrack.status.recommendations`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from policytrack.model.fields import Id, Name, OptionalDate, PartialDate, Record, Text
from policytrack.model.sources import Source


class AuditScope(Record):
    """What the audit looked at: the ordinances and the agencies."""

    ordinances: list[Id] = Field(default_factory=list, description="Ordinances the audit examined.")
    agencies: list[Id] = Field(default_factory=list, description="Agencies the audit examined.")


class AuditFinding(Record):
    """One finding of the report: what the auditor found, and the breaches or duties it concerns."""

    summary: Text = Field(description="The finding, in the report's words where available.")
    breaches: list[Id] = Field(default_factory=list, description="Breach records of what it found broken.")
    obligations: list[Id] = Field(default_factory=list, description="The obligations it concerns.")
    source: Source | None = Field(None, description="Where the finding can be read, when not the report itself.")


class Audit(Record):
    """An audit report: who wrote it, when, where it can be read, what it covered and what it found."""

    id: Id
    title: Name
    auditor: Text = Field(description="The office that issued the report, as it signs.")
    agency: Id | None = Field(None, description="The auditor's agency id, where it is in the registry.")
    date: PartialDate = Field(description="The day the report was issued; it does not exist before it.")
    source: Source
    scope: AuditScope = Field(default_factory=AuditScope)
    summary: Text | None = None
    findings: list[AuditFinding] = Field(default_factory=list)
    follows_up: Id | None = Field(None, description="For a follow-up report: the audit whose recommendations "
                                                    "it follows up.")
    notes: Text | None = None


class SectionRef(Record):
    """A section of an ordinance that a recommendation concerns."""

    ordinance: Id
    section: Text


class Response(Record):
    """The agency's answer to a recommendation: agree, partly or disagree, when, where, and any target date."""

    position: Literal["agree", "partly", "disagree", "unknown"] = Field(
        description="agree, partly or disagree; 'unknown' where the agency answered (date, source) but what it "
                    "said of this recommendation is not on record.")
    date: PartialDate = Field(description="The day of the response (its letter's date).")
    source: Source
    by: Text | None = Field(None, description="Who answered, as an office or role (no personal names needed).")
    text: Text | None = Field(None, description="The response's words about this recommendation, verbatim "
                                                "where they are available.")
    target: OptionalDate = Field(None, description="The date by which the agency promised to act, if it gave one.")


class ActionReport(Record):
    """Action the agency reports having taken: a claim, until an assessment by the auditor confirms it."""

    date: PartialDate
    summary: Text
    source: Source | None = None
    agency: Id | None = Field(None, description="The reporting agency, where not the one addressed.")


class Recommendation(Record):
    """One recommendation of an audit: its words, to whom, about what, and the agency's answer."""

    id: Id
    audit: Id
    number: Text | None = Field(None, description="Its number in the report as printed ('3', '2.a'); absent "
                                                  "where the report's numbering is not known.")
    text: Text = Field(description="The recommendation's words, verbatim.")
    paraphrase: bool = Field(False, description="True when `text` is not the report's words.")
    agency: Id = Field(description="The agency it is addressed to.")
    obligations: list[Id] = Field(default_factory=list, description="The obligations it concerns.")
    sections: list[SectionRef] = Field(default_factory=list, description="The sections of law it concerns.")
    priority: Text | None = Field(None, description="Its priority, where the report gives one.")
    response: Response | None = None
    actions: list[ActionReport] = Field(default_factory=list, description="Action the agency reports (claimed).")
    notes: Text | None = None


AssessmentResult = Literal["implemented", "partly-implemented", "in-progress", "not-implemented",
                           "no-longer-applicable"]


class Assessment(Record):
    """The auditor's dated follow-up of a recommendation: what it found done, and whether it closes it."""

    id: Id
    recommendation: Id
    date: PartialDate = Field(description="The day of the assessment (the follow-up report's date).")
    by: Text = Field(description="The office that assessed it, as it signs.")
    agency: Id = Field(description="The assessing agency's id (a verifier: the auditor's office).")
    result: AssessmentResult = Field(description="implemented, partly-implemented, in-progress, not-implemented or "
                                                 "no-longer-applicable.")
    closed: bool = Field(False, description="For 'not-implemented' or 'partly-implemented': the auditor closed it "
                                            "and follows it no more (closed, not implemented). 'implemented' and "
                                            "'no-longer-applicable' always close it.")
    summary: Text
    source: Source
    report: Id | None = Field(None, description="The follow-up report (an audit record) it comes from.")

    @model_validator(mode="after")
    def _closable(self) -> Assessment:
        if self.closed and self.result == "in-progress":
            raise ValueError("an assessment 'in-progress' cannot close the recommendation; remove 'closed'")
        return self

    @property
    def closes(self) -> bool:
        """Whether the recommendation is closed by it."""
        return self.result in ("implemented", "no-longer-applicable") or self.closed
