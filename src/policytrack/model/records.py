"""The records of a policy repository, as pydantic models.

Each kind of file in the repository is one model: an :class:`Ordinance`, an :class:`Obligation`, an
:class:`Evidence` record, an :class:`Agency`, a :class:`System`, an external :class:`Party`, and the
optional repository :class:`Config`; audits, their recommendations and the auditor's assessments are in
:mod:`policytrack.model.audits`, the one :class:`~policytrack.model.sources.Source` every record cites in
:mod:`policytrack.model.sources`, the dated records (evidence, events, breaches, law changes, verifications,
waivers, extensions) in :mod:`policytrack.model.dated`. The committed JSON Schemas in ``schemas/`` are
generated from these
classes (``policytrack schema``), so editors, the checker and the documentation never disagree.

Owner, deadline and evidence requirement are optional *in the model* on purpose: a draft obligation
without them still loads, and the checker's rules (``no-owner``, ``no-deadline``,
``no-evidence-requirement``) say what is missing, with the file and line, instead of a schema error.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from policytrack.model.audits import Assessment, Audit, Recommendation
from policytrack.model.dated import (
    Breach,
    Event,
    Evidence,
    Extension,
    LawChange,
    Period,
    PeriodOrLabel,
    Remedy,
    SectionChange,
    Submitted,
    Verification,
    Verified,
    WaiverGrant,
    parse_period_label,
)
from policytrack.model.deadlines import (
    AdministrativeDeadline,
    Deadline,
)
from policytrack.model.fields import (
    GitHubTeam,
    Id,
    IsoDate,
    Name,
    OptionalDate,
    PartialDate,
    Record,
    Sha256,
    Text,
    Url,
)
from policytrack.model.limits import MAX_INSTANCES
from policytrack.model.sources import Source

__all__ = [
    "MODELS", "Access", "Agency", "AgencySelector", "Amendment", "Assessment", "Audit", "Breach", "Config",
    "DeadlineVersion", "Event", "Evidence", "EvidenceRequirement", "Extension", "ForEach", "Holidays", "Item", "Kind",
    "LawChange", "NoObligationNeeded", "Obligation", "Ordinance", "Owner", "Party", "Period", "PeriodOrLabel",
    "Recommendation", "Remedy", "Section", "SectionChange", "Source", "Submitted", "System", "Use", "Verification",
    "Verified", "Waiver", "WaiverGrant", "parse_period_label",
]

# --- registries -----------------------------------------------------------------------------------------


class Agency(Record):
    """An agency, department or office that can own obligations and must show evidence."""

    id: Id
    name: Name
    parent: Id | None = Field(None, description="The agency this one is part of.")
    head: Text = Field(description="Accountable head, as a role title (no personal names needed).")
    url: Url | None = None
    tags: list[Id] = Field(default_factory=list, description="Tags that obligations can select agencies by.")
    other_names: list[Text] = Field(
        default_factory=list, description="Abbreviations and other names people know the agency by ('DAJD', "
                                          "'the jail'), shown on its page and found by the site's search.")
    team: GitHubTeam | None = Field(
        None, description="The GitHub team that submits this agency's evidence, such as '@org/jail-clerks' "
                          "(`policytrack codeowners` makes it the owner of the agency's evidence).")


class Party(Record):
    """Someone outside the jurisdiction's agencies, such as a federal agency holding accounts."""

    id: Id
    name: Name
    kind: Literal["federal-agency", "state-agency", "local-agency", "vendor", "other"] = "other"
    description: Text | None = None


class Access(Record):
    """An external party's access to a system, with the dates it started and ended where known."""

    party: Id
    description: Text
    since: OptionalDate = None
    until: OptionalDate = Field(None, description="Last day of access; absent while access continues.")
    source: Url | None = None


class Use(Record):
    """An agency's use of a system it does not operate, from a date (S1.6)."""

    agency: Id
    since: PartialDate | None = Field(None, description="The day the agency began using it; absent: as long as "
                                                        "the system is in use.")
    until: PartialDate | None = Field(None, description="The last day it used it; absent while it still does.")


class System(Record):
    """An IT system, the agency that operates it (and others that use it), when it is in use, the data it holds
    and who outside has access."""

    id: Id
    name: Name
    operator: Id | None = Field(None, description="The agency that operates the system.")
    used_by: list[Use] = Field(default_factory=list, description="Other agencies that use it, each from its date.")
    since: PartialDate | None = Field(None, description="The day it came into use (a duty on it starts then).")
    until: PartialDate | None = Field(None, description="The last day it was in use; absent while it is.")
    description: Text | None = None
    data: list[Id] = Field(default_factory=list, description="Categories of data the system holds.")
    access: list[Access] = Field(default_factory=list, description="External parties with access.")
    tags: list[Id] = Field(default_factory=list, description="Tags, such as 'surveillance-technology'.")


# --- ordinances -----------------------------------------------------------------------------------------


class Section(Record):
    """One section of an ordinance or of the code it amends."""

    id: Text = Field(description="Section number as the code cites it, such as '2.15.010.B'.")
    heading: Text
    text: Text | None = Field(None, description="Verbatim text where it is available.")
    paraphrase: bool = Field(False, description="True when `text` is a paraphrase, not the law's words.")
    source: Url | None = None
    effective: PartialDate | None = Field(None, description="Where the section starts later than its ordinance.")
    sha256: Sha256 | None = Field(None, description="sha256 of `text` as imported (`policytrack import`).")


class NoObligationNeeded(Record):
    """A recorded decision that a clause of the law needs no obligation of its own, and why."""

    quote: Text = Field(description="The clause's words (or enough of them to find it), verbatim.")
    reason: Text = Field(description="Why: a definition, a duty of a body outside the jurisdiction, "
                                     "already carried by another law, ...")
    section: Text | None = Field(None, description="The section it is in, where the words could be ambiguous.")


class Amendment(Record):
    """A later ordinance that amended or repealed this one, or some of its sections (inline form; a
    record in ``amendments/`` says the same with the new text and its own dates)."""

    by: Text = Field(description="Citation of the amending ordinance, or its id in this repository.")
    date: PartialDate
    action: Literal["amended", "repealed"]
    sections: list[Text] = Field(default_factory=list, description="Sections affected; empty = whole.")
    source: Url | None = None


class Ordinance(Record):
    """A law: its citation, dates, sections, and what it protects from whom."""

    id: Id
    title: Name
    number: Text | None = Field(None, description="The ordinance or law number, such as '18665'.")
    kind: Text = Field("ordinance", description="What this kind of law is called where it was made, as it "
                                                "precedes the number: 'ordinance', 'law', 'act', 'local law'.")
    citation: Text = Field(description="Code chapter and sections, such as 'K.C.C. chapter 2.15'.")
    enacted: OptionalDate = Field(description="Enactment date; 'unknown' where it is not known (then the "
                                              "effective date is needed).")
    effective: OptionalDate = Field(None, description="Effective date; absent or 'unknown' where it is not known.")
    source: Url
    summary: Text | None = None
    sections: list[Section] = Field(default_factory=list)
    amendments: list[Amendment] = Field(default_factory=list)
    applies_to: list[Id] = Field(default_factory=list, description="Agencies the ordinance binds.")
    protects: list[Id] = Field(default_factory=list, description="Data categories the ordinance protects.")
    restricts: list[Id] = Field(default_factory=list, description="External parties whose access it restricts.")
    clauses_needing_no_obligation: list[NoObligationNeeded] = Field(
        default_factory=list, description="Clauses that need no obligation, each with the reason (coverage).")

    @model_validator(mode="after")
    def _some_date(self) -> Ordinance:
        if self.enacted is None and self.effective is None:
            raise ValueError("give the enactment date or the effective date: with neither known, no duty of the "
                             "ordinance can be counted")
        return self

    @property
    def start(self) -> date:
        """The date its duties start: effective date, or enactment where that is unknown."""
        start = self.effective or self.enacted
        assert start is not None  # the validator requires one
        return start

    @property
    def kind_name(self) -> str:
        """The kind as it precedes the number in a sentence: 'Ordinance', 'Law', 'Local law'."""
        kind = " ".join(self.kind.split())
        return kind[:1].upper() + kind[1:]


# --- obligations ----------------------------------------------------------------------------------------


class Owner(Record):
    """Who answers for an obligation: an agency, and the accountable role within it."""

    agency: Id
    role: Text


class EvidenceRequirement(Record):
    """What proves the obligation: the kinds of evidence that prove it done (any one, or all of them), the kinds
    that only show progress, and how fresh it must be."""

    kinds: Annotated[list[Text], Field(min_length=1)] = Field(
        description="Kinds of evidence that prove the duty done (any one of them, unless `all_required`).")
    all_required: bool = Field(False, description="Several acts, all required: evidence of every kind in `kinds` "
                                                  "is needed, and the duty is done on the day the last came.")
    progress_kinds: list[Text] = Field(
        default_factory=list, description="Kinds that show progress but never prove the duty done (an "
                                          "announcement, a plan, a commitment): the duty reads 'in progress'.")
    description: Text | None = None
    max_age_days: Annotated[int, Field(ge=1, le=36_600)] | None = Field(
        None, description="Evidence older than this many days no longer counts."
    )


class Waiver(Record):
    """A documented decision that the obligation need not be met (reason, approver and date are needed). It
    applies from its date forward: occurrences due before it keep their verdicts (S3.2)."""

    reason: Text | None = None
    approved_by: Text | None = None
    date: IsoDate | None = None
    until: IsoDate | None = Field(None, description="Last day the waiver applies; absent = no end.")
    source: Url | None = None
    agencies: list[Id] = Field(default_factory=list, description="Agencies waived; empty = all of them.")


Kind = Literal["one-time", "prohibition", "recurring", "per-event"]


class Note(Record):
    """A dated note on an obligation: what the records or a source showed on that day. Views of the past
    show it only from its date."""

    date: PartialDate = Field(description="The day its facts were known (a report's date, a news item's).")
    text: Text


class AgencySelector(Record):
    """Agencies chosen by what they are, not by name: every agency carrying a tag, or every agency that
    operates a system carrying a tag ("each department that uses surveillance technology")."""

    agencies_tagged: Id | None = None
    operators_of_systems_tagged: Id | None = None
    since: PartialDate | None = Field(None, description="The day the selection starts to bind (S1.6).")
    until: PartialDate | None = Field(None, description="The last day it binds; absent while it does.")

    @model_validator(mode="after")
    def _one(self) -> AgencySelector:
        if (self.agencies_tagged is None) == (self.operators_of_systems_tagged is None):
            raise ValueError("give one of 'agencies_tagged' or 'operators_of_systems_tagged'")
        return self


class Item(Record):
    """An item under ``for_each``, with the dates it exists (S1.6)."""

    id: Id
    since: PartialDate | None = Field(None, description="The day it began (a duty on it starts then).")
    until: PartialDate | None = Field(None, description="The last day it existed; absent while it does.")


class ForEach(Record):
    """One instance of the obligation per system or item, each with its own dates and evidence."""

    systems: Annotated[list[Id], Field(max_length=MAX_INSTANCES)] | None = None
    systems_tagged: Id | None = None
    items: Annotated[list[Id | Item], Field(max_length=MAX_INSTANCES)] | None = Field(
        None, description="Items by id, or {id, since, until}.")

    def item_ids(self) -> list[str]:
        """The ids of the items, in order."""
        return [item if isinstance(item, str) else item.id for item in self.items or []]

    @model_validator(mode="after")
    def _one(self) -> ForEach:
        if sum(value is not None for value in (self.systems, self.systems_tagged, self.items)) != 1:
            raise ValueError("give one of 'systems', 'systems_tagged' or 'items'")
        return self


class DeadlineVersion(Record):
    """A deadline that a later law replaced: in force up to ``until`` (S3.1)."""

    deadline: Deadline
    until: IsoDate = Field(description="The last day this deadline was in force.")
    changed_by: Id | None = Field(None, description="The law change (in amendments/) that replaced it.")


class Obligation(Record):
    """One duty of an ordinance: who owes it, what it is, by when, and what evidence proves it."""

    id: Id
    title: Name
    ordinance: Id
    section: Text = Field(description="The section it implements, as listed in the ordinance's sections.")
    quote: Text = Field(description="The law's words that create the duty, verbatim.")
    paraphrase: bool = Field(False, description="True where the quote is a paraphrase, not the law's words.")
    action: Text = Field(description="What must be done, in plain words.")
    kind: Kind
    owner: Owner | None = None
    co_owners: list[Owner] = Field(default_factory=list, description="Joint owners beside `owner`.")
    applies_to: list[Id] | AgencySelector = Field(
        default_factory=list,
        description="Agencies that must each comply and show evidence (fan-out): a list, or a selector; "
                    "empty = the owners' agencies.",
    )
    for_each: ForEach | None = Field(None, description="One instance per system or item.")
    deadline: Deadline | None = None
    earlier_deadlines: list[DeadlineVersion] = Field(
        default_factory=list, description="Deadlines a later law replaced, oldest first, each with the last day it "
                                          "was in force; each occurrence is judged under the one in force on its "
                                          "due date.")
    administrative_deadline: AdministrativeDeadline | None = None
    evidence: EvidenceRequirement | None = None
    systems: list[Id] = Field(default_factory=list)
    depends_on: list[Id] = Field(default_factory=list)
    waiver: Waiver | None = None
    notes: Text | list[Note] | None = Field(
        None, description="What the records show beyond the fields: a list of dated notes ({date, text}), "
                          "shown in views of the past from their dates (text without a date is shown only today).")
    tags: list[Text] = Field(default_factory=list)
    draft: bool = Field(False, description="Written by `policytrack draft`: refused until a person completes "
                                           "it and removes this line.")

    @property
    def owners(self) -> list[Owner]:
        """The owner and any joint owners."""
        return ([self.owner] if self.owner else []) + list(self.co_owners)

    def bound_agencies(self) -> list[str]:
        """The agencies named as bound: the fan-out list, or the owners' agencies. A selector is resolved
        against the registries by :func:`policytrack.status.scope.bound_agencies`; here it gives the owners."""
        if isinstance(self.applies_to, list) and self.applies_to:
            return list(self.applies_to)
        return list(dict.fromkeys(owner.agency for owner in self.owners))

# --- repository configuration ---------------------------------------------------------------------------


class Holidays(Record):
    """Whose public holidays count (the ``holidays`` package's country and subdivision codes)."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(description="Such as 'US'.")
    subdivision: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,3}$")] | None = Field(
        None, description="State or province, such as 'WA'.")
    extra: list[IsoDate] = Field(default_factory=list, description="More days off that the list lacks.")


class Contact(Record):
    """Whom the public writes to about the site: an office, not a person, with at least one way to reach it."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["email"]}, {"required": ["url"]}]})

    name: Name = Field(description="The office, such as 'Office of the Council Clerk'.")
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = Field(
        None, description="A role address (never a person's own): evidence files may be sent here by people "
                          "without a GitHub account.")
    url: Url | None = Field(None, description="A page with the office's contact details.")

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not self.email and not self.url:
            raise ValueError("a contact needs an 'email', a 'url', or both")
        return self


class Config(Record):
    """Optional ``policytrack.yml`` at the top of a policy repository."""

    name: Text = "Policy repository"
    jurisdiction: Text | None = None
    description: Text | None = None
    repo_url: Url | None = Field(None, description="Where the repository lives, for 'Submit evidence' links.")
    branch: Text = "main"
    due_soon_days: Annotated[int, Field(ge=1, le=365)] = 30
    timezone: Text = Field("UTC", description="IANA time zone of the jurisdiction ('America/Los_Angeles'): "
                                              "'today' is the date there.")
    holidays: Holidays | None = Field(None, description="Public holidays that business days skip.")
    roll: Literal["none", "forward", "backward"] = Field(
        "none", description="A due date on a weekend or public holiday moves to the next (forward) or the "
                            "previous (backward) business day, where the law says so.")
    council_team: GitHubTeam | None = Field(
        None, description="The GitHub team of council staff: owns ordinances, obligations and registries.")
    verifiers: list[GitHubTeam] = Field(
        default_factory=list, description="GitHub teams or users (auditors) who alone add verification records.")
    members: dict[GitHubTeam, list[GitHubTeam]] = Field(
        default_factory=dict, description="The GitHub users ('@login') in each team named above, for the "
                                          "pull-request gate: GitHub does not tell a workflow who is in a team.")
    verifying_agencies: list[Id] = Field(
        default_factory=list, description="Agencies whose verification records count (the auditor): any other "
                                          "verification, and one of the evidence's own agency, verifies nothing.")
    recommendation_response_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        60, description="Days after an audit is issued within which each recommendation should have the agency's "
                        "response (rule recommendation-no-response).")
    rules: dict[str, Literal["off", "error", "warning"]] = Field(
        default_factory=dict, description="Rule id → off, error or warning: this repository's level for the rule.")
    publisher: Text | None = Field(
        None, description="Who publishes the status site, named on every page and in its footer.")
    contact: Contact | None = Field(
        None, description="Whom to write to: named on every page, and where agencies without a GitHub account "
                          "send evidence files.")
    report_error: Url | None = Field(
        None, description="Where readers report an error on the site (an issue form); default: the repository's "
                          "'Report an error' issue form, when repo_url is set.")
    snapshots: list[IsoDate] = Field(
        default_factory=list, description="Dates whose view of the records is published beside today's, under "
                                          "as-of/DATE/ (an audit's date, say): nothing recorded later is in it.")


MODELS: dict[str, type[Record]] = {
    "ordinance": Ordinance,
    "obligation": Obligation,
    "evidence": Evidence,
    "agency": Agency,
    "system": System,
    "party": Party,
    "event": Event,
    "breach": Breach,
    "amendment": LawChange,
    "verification": Verification,
    "waiver": WaiverGrant,
    "extension": Extension,
    "audit": Audit,
    "recommendation": Recommendation,
    "assessment": Assessment,
    "config": Config,
}
"""Every kind of file, by the name its schema file and error messages use."""
