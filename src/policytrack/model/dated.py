"""The dated records of a policy repository: what happened, and when.

Evidence that a duty was done, events that start a per-event duty, breaches and their remedies, later laws
that change an ordinance, verifiers' checks, and the waivers and extensions granted for one duty. Each
exists from its date (``docs/status-semantics.md``, S3.7).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    WithJsonSchema,
    model_validator,
)

from policytrack.model.fields import (
    Id,
    IsoDate,
    OptionalDate,
    PartialDate,
    Record,
    Sha256,
    Text,
    Url,
)
from policytrack.model.safetext import excerpt
from policytrack.model.sources import Source

# --- evidence -------------------------------------------------------------------------------------------


class Period(Record):
    """A span of days: the period that evidence covers, or that a batch of events happened in."""

    start: IsoDate
    end: IsoDate
    label: Text | None = Field(None, description="How the period was written ('2021-Q3'); set when it was.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        return self


_PERIOD_LABEL = re.compile(r"^([0-9]{4})(?:-(?:Q([1-4])|H([12])|([0-9]{2})))?$")


def parse_period_label(text: str) -> tuple[date, date] | None:
    """``2021`` → the year, ``2021-Q3`` → a quarter, ``2021-H1`` → a half year, ``2021-06`` → a month."""
    match = _PERIOD_LABEL.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    quarter, half, month = match.group(2), match.group(3), match.group(4)
    if quarter:
        first, last = 3 * int(quarter) - 2, 3 * int(quarter)
    elif half:
        first, last = 6 * int(half) - 5, 6 * int(half)
    elif month:
        first = last = int(month)
        if not 1 <= first <= 12:
            return None
    else:
        first, last = 1, 12
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _period_from_label(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        span = parse_period_label(value)
        if span is None:
            raise ValueError(f"{excerpt(value)} is not a period: write 2021, 2021-Q3, 2021-H1, 2021-06, or "
                             "start: and end: dates")
        return {"start": span[0], "end": span[1], "label": value.strip()}
    return value


PeriodOrLabel = Annotated[
    Period, BeforeValidator(_period_from_label),
    WithJsonSchema({"anyOf": [
        {"type": "object", "additionalProperties": False, "required": ["start", "end"],
         "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
                        "label": {"type": "string", "minLength": 1}}},
        {"type": "string", "pattern": "^[0-9]{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$"},
        {"type": "integer"},
    ]}),
]


class Submitted(Record):
    """Who submitted the evidence, as a role."""

    role: Text
    agency: Id | None = None


class Verified(Record):
    """Who checked the evidence, and when: claimed is not the same as verified."""

    by: Text
    on: IsoDate
    agency: Id | None = Field(None, description="The verifying agency's id, where it is in the registry.")
    note: Text | None = None


class Evidence(Record):
    """A proof that an agency did (part of) what an obligation requires."""

    id: Id
    obligation: Id
    agency: Id
    date: PartialDate = Field(description="The day the act it proves took place (or the document is dated).")
    kind: Text
    summary: Text
    source: Source
    period: PeriodOrLabel | None = Field(None, description="The period it covers (recurring duties): 2021, "
                                                         "2021-Q3, 2021-06, or start: and end: dates.")
    event: Id | None = Field(None, description="The event record it answers (per-event duties).")
    item: Id | None = Field(None, description="The system or item it is for (obligations with for_each).")
    count: Annotated[int, Field(ge=1, le=10_000_000)] | None = Field(
        None, description="For a batch event: how many of its events this answers (default: all).")
    submitted_by: Submitted
    verified: Verified | None = Field(None, description="Older form; a record in verifications/ is the way.")


# --- events, breaches, law changes, verifications --------------------------------------------------------


class Event(Record):
    """Something that happened and starts a per-event duty: a request received, an acquisition proposed,
    a contract signed. Where single events are too many to record, one record stands for a counted batch
    over a period."""

    id: Id
    kind: Id = Field(description="The kind of event, as a per-event deadline's `event` names it.")
    date: PartialDate = Field(description="The day it happened (for a batch: the last day of its period).")
    recorded_on: IsoDate | None = Field(
        None, description="The day it became known, for an event planned ahead (a vote scheduled): the "
                          "record counts from then. Default: its date.")
    agency: Id = Field(description="The agency the event concerns (the one the duty falls on).")
    system: Id | None = None
    item: Id | None = Field(None, description="The item it concerns, for obligations with for_each items.")
    count: Annotated[int, Field(ge=1, le=10_000_000)] = Field(1, description="How many events it stands for.")
    period: PeriodOrLabel | None = Field(None, description="For a batch: when its events happened.")
    summary: Text
    source: Source | None = None
    notes: Text | None = None


class Remedy(Record):
    """What ended or repaired a breach, from its date. A remedy resting only on the agency's own statement
    reads "remedy claimed" until a verifier confirms it (S3.6)."""

    date: PartialDate
    summary: Text
    source: Source | None = None
    basis: Literal["independent", "agency-statement"] = Field(
        "independent", description="What the remedy rests on: an independent finding (an audit, a court, a "
                                   "document), or only the agency's own statement.")
    verified: Verified | None = Field(None, description="A verifier's check that the remedy happened.")


class Breach(Record):
    """A recorded breach of an obligation (most often of a prohibition): what happened, when, from which
    source and who found it. It makes the obligation ``breached`` until a remedy closes it."""

    id: Id
    obligation: Id
    agency: Id
    date: PartialDate = Field(description="When the breach began (or happened).")
    until: OptionalDate = Field(None, description="When it ended, where known.")
    count: Annotated[int, Field(ge=1, le=10_000_000)] | None = Field(None, description="How many times, where counted.")
    summary: Text
    source: Source
    found_by: Text
    found_on: PartialDate | None = Field(None, description="The day it came to light; the record does not "
                                                           "exist before it (default: its date).")
    remedy: Remedy | None = None
    notes: Text | None = None


class SectionChange(Record):
    """One change a law makes to a section: added (with its text), amended (new text) or repealed."""

    action: Literal["added", "amended", "repealed"]
    section: Text | None = Field(None, description="The section; absent = the whole ordinance (repeal only).")
    heading: Text | None = None
    text: Text | None = Field(None, description="The section's text from the change's effective date.")

    @model_validator(mode="after")
    def _complete(self) -> SectionChange:
        if self.section is None and self.action != "repealed":
            raise ValueError(f"a section that is {self.action} needs 'section'")
        if self.action == "added" and self.heading is None:
            raise ValueError("an added section needs its 'heading'")
        return self


class LawChange(Record):
    """A later law that changes an ordinance: sections added, amended or repealed, or the whole ordinance
    repealed, from its effective date."""

    id: Id
    ordinance: Id = Field(description="The ordinance it changes.")
    by: Text = Field(description="Citation of the changing law, such as 'Ordinance 19772'.")
    enacted: PartialDate
    effective: PartialDate | None = Field(None, description="When the change takes effect; default: enacted.")
    source: Url
    summary: Text | None = None
    changes: Annotated[list[SectionChange], Field(min_length=1)]

    @property
    def start(self) -> date:
        """The day the change takes effect."""
        return self.effective or self.enacted


class Verification(Record):
    """An independent check of an evidence record by a verifier (an auditor, council staff)."""

    id: Id
    evidence: Id
    by: Text
    agency: Id | None = Field(None, description="The verifying agency's id, where it is in the registry.")
    on: IsoDate
    result: Literal["confirmed", "disputed"] = "confirmed"
    evidence_sha256: Sha256 | None = Field(
        None, description="The evidence record's content hash as verified (`policytrack check` names it): a record "
                          "edited since is no longer verified.")
    note: Text | None = None


class WaiverGrant(Record):
    """A waiver granted for one duty (``waivers/``): for an agency, and where it says so for one instance,
    occurrence or event only ("a 30 day waiver for this file"). It applies from its date forward, and it
    outranks late evidence: a waived occurrence reads waived, not met late (S3.3)."""

    id: Id
    obligation: Id
    agency: Id | None = Field(None, description="The agency waived; absent: every agency the duty binds.")
    item: Id | None = Field(None, description="The instance (system or item) waived, under for_each.")
    occurrence: Text | None = Field(None, description="The one occurrence waived, by its key or period "
                                                      "('2021-Q3', 'due 2022-01-31', 'once').")
    event: Id | None = Field(None, description="The one event whose occurrence is waived.")
    reason: Text
    approved_by: Text
    date: IsoDate = Field(description="The day it was approved; it applies from then on.")
    until: IsoDate | None = Field(None, description="The last due date it covers; absent = no end.")
    source: Source | None = None


class Extension(Record):
    """An extension of one due date (``extensions/``): who granted it, when, the new due date, for which agency,
    instance, occurrence or event, and its source. Granted before the due date passed, the duty is judged
    against the new date; granted after, it changes nothing (S3.4)."""

    id: Id
    obligation: Id
    agency: Id
    item: Id | None = Field(None, description="The instance (system or item), under for_each.")
    occurrence: Text | None = Field(None, description="The occurrence extended, by its key or period "
                                                      "('2021-Q3', 'due 2022-01-31'); absent: the next one due.")
    event: Id | None = Field(None, description="The event whose occurrence is extended.")
    granted_by: Text
    granted_on: IsoDate
    due: IsoDate = Field(description="The new due date.")
    reason: Text | None = None
    source: Source
