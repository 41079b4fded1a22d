"""The records of a policy repository, as pydantic models.

Each kind of file in the repository is one model: an :class:`Ordinance`, an :class:`Obligation`, an
:class:`Evidence` record, an :class:`Agency`, a :class:`System`, an external :class:`Party`, and the
optional repository :class:`Config`. The committed JSON Schemas in ``schemas/`` are generated from these
classes (``policytrack schema``), so editors, the checker and the documentation never disagree.

Owner, deadline and evidence requirement are optional *in the model* on purpose: a draft obligation
without them still loads, and the checker's rules (``no-owner``, ``no-deadline``,
``no-evidence-requirement``) say what is missing, with the file and line, instead of a schema error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date written as YYYY-MM-DD, got {type(value).__name__} {value!r}")
    match = _ISO_DATE.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD (for example 2019-07-09)")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' has month {month}; months run from 01 to 12")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date: {_MONTHS[month - 1]} {year} has no day {day}") from None


IsoDate = Annotated[date, BeforeValidator(_parse_date)]
"""A calendar date written ``YYYY-MM-DD``; impossible dates such as 2019-02-30 are refused."""

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120),
    Field(description="Lower-case identifier: letters, digits, '.', '_' and '-'."),
]
Text = Annotated[str, StringConstraints(min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), Field(description="An http(s) address.")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
GitHubTeam = Annotated[
    str,
    StringConstraints(pattern=r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$"),
    Field(description="A GitHub team ('@org/team') or user ('@login')."),
]


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are never coerced across types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=False)


# --- registries -----------------------------------------------------------------------------------------


class Agency(Record):
    """An agency, department or office that can own obligations and must show evidence."""

    id: Id
    name: Text
    parent: Id | None = Field(None, description="The agency this one is part of.")
    head: Text = Field(description="Accountable head, as a role title (no personal names needed).")
    url: Url | None = None
    team: GitHubTeam | None = Field(
        None, description="The GitHub team that submits this agency's evidence, such as '@org/jail-clerks' "
                          "(`policytrack codeowners` makes it the owner of the agency's evidence).")


class Party(Record):
    """Someone outside the jurisdiction's agencies, such as a federal agency holding accounts."""

    id: Id
    name: Text
    kind: Literal["federal-agency", "state-agency", "local-agency", "vendor", "other"] = "other"
    description: Text | None = None


class Access(Record):
    """An external party's access to a system, with the dates it started and ended where known."""

    party: Id
    description: Text
    since: IsoDate | None = None
    until: IsoDate | None = Field(None, description="Last day of access; absent while access continues.")
    source: Url | None = None


class System(Record):
    """An IT system, the agency that operates it, the data it holds and who outside has access."""

    id: Id
    name: Text
    operator: Id | None = Field(None, description="The agency that operates the system.")
    description: Text | None = None
    data: list[Id] = Field(default_factory=list, description="Categories of data the system holds.")
    access: list[Access] = Field(default_factory=list, description="External parties with access.")


# --- ordinances -----------------------------------------------------------------------------------------


class Section(Record):
    """One section of an ordinance or of the code it amends."""

    id: Text = Field(description="Section number as the code cites it, such as '2.15.010.B'.")
    heading: Text
    text: Text | None = Field(None, description="Verbatim text where it is available.")
    paraphrase: bool = Field(False, description="True when `text` is a paraphrase, not the law's words.")
    source: Url | None = None


class Amendment(Record):
    """A later ordinance that amended or repealed this one, or some of its sections."""

    by: Text = Field(description="Citation of the amending ordinance, or its id in this repository.")
    date: IsoDate
    action: Literal["amended", "repealed"]
    sections: list[Text] = Field(default_factory=list, description="Sections affected; empty = whole.")
    source: Url | None = None


class Ordinance(Record):
    """A law: its citation, dates, sections, and what it protects from whom."""

    id: Id
    title: Text
    number: Text | None = Field(None, description="The ordinance or law number, such as '18665'.")
    citation: Text = Field(description="Code chapter and sections, such as 'K.C.C. chapter 2.15'.")
    enacted: IsoDate
    effective: IsoDate | None = Field(None, description="Effective date; absent where it is not known.")
    source: Url
    summary: Text | None = None
    sections: list[Section] = Field(default_factory=list)
    amendments: list[Amendment] = Field(default_factory=list)
    applies_to: list[Id] = Field(default_factory=list, description="Agencies the ordinance binds.")
    protects: list[Id] = Field(default_factory=list, description="Data categories the ordinance protects.")
    restricts: list[Id] = Field(default_factory=list, description="External parties whose access it restricts.")

    @property
    def start(self) -> date:
        """The date its duties start: effective date, or enactment where that is unknown."""
        return self.effective or self.enacted


# --- obligations ----------------------------------------------------------------------------------------


class Owner(Record):
    """Who answers for an obligation: an agency, and the accountable role within it."""

    agency: Id
    role: Text


class FixedDeadline(Record):
    """Due on a calendar date."""

    type: Literal["date"]
    date: IsoDate


class RelativeDeadline(Record):
    """Due a number of days after the ordinance's enactment or effective date."""

    type: Literal["relative"]
    days: Annotated[int, Field(ge=0)]
    after: Literal["enacted", "effective"] = "effective"
    business_days: bool = False


class RecurringDeadline(Record):
    """Due again every period: ``every: year`` with ``month`` and ``day`` is "by January 31 each year"."""

    model_config = ConfigDict(json_schema_extra={
        "if": {"required": ["month"]}, "then": {"properties": {"every": {"const": "year"}}},
    })

    type: Literal["recurring"]
    every: Literal["week", "month", "quarter", "year"]
    month: Annotated[int, Field(ge=1, le=12)] | None = Field(None, description="For yearly duties.")
    day: Annotated[int, Field(ge=1, le=31)] | None = Field(
        None, description="Day of the month it is due (clamped to the month's length); default: last day."
    )
    first: IsoDate | None = Field(None, description="First due date; default: the first one after the start.")

    @model_validator(mode="after")
    def _month_for_year(self) -> RecurringDeadline:
        if self.month is not None and self.every != "year":
            raise ValueError("'month' is only for 'every: year'")
        return self


class EventDeadline(Record):
    """A duty on each event (each request received), to be done within some days of it."""

    type: Literal["per-event"]
    event: Text = Field(description="The event that triggers the duty, such as 'each request received'.")
    within_days: Annotated[int, Field(ge=0)] | None = None
    business_days: bool = False


class NoDeadline(Record):
    """The law names no date. Record an ``administrative_deadline`` to close the gap."""

    type: Literal["none"]
    note: Text | None = None


Deadline = Annotated[
    FixedDeadline | RelativeDeadline | RecurringDeadline | EventDeadline | NoDeadline,
    Field(discriminator="type"),
]


class SetBy(Record):
    """Who set an administrative deadline, when, and where that is written down."""

    set_by: Text = Field(description="The office or role that set the deadline.")
    set_on: IsoDate = Field(description="The day it was set; before it, the deadline did not exist.")
    source: Url | None = None


class AdministrativeFixed(FixedDeadline, SetBy):
    """An administrative deadline on a date."""


class AdministrativeRelative(RelativeDeadline, SetBy):
    """An administrative deadline relative to the ordinance's dates."""


class AdministrativeRecurring(RecurringDeadline, SetBy):
    """An administrative recurring deadline."""


class AdministrativeEvent(EventDeadline, SetBy):
    """An administrative per-event deadline."""


AdministrativeDeadline = Annotated[
    AdministrativeFixed | AdministrativeRelative | AdministrativeRecurring | AdministrativeEvent,
    Field(discriminator="type"),
]


class EvidenceRequirement(Record):
    """What proves the obligation: the kinds of evidence, and how fresh it must be for recurring duties."""

    kinds: Annotated[list[Text], Field(min_length=1)]
    description: Text | None = None
    max_age_days: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Evidence older than this many days no longer counts (recurring duties)."
    )


class Waiver(Record):
    """A documented decision that the obligation need not be met (all fields are needed)."""

    reason: Text | None = None
    approved_by: Text | None = None
    date: IsoDate | None = None
    source: Url | None = None
    agencies: list[Id] = Field(default_factory=list, description="Agencies waived; empty = all of them.")


Kind = Literal["one-time", "prohibition", "recurring", "per-event"]


class Obligation(Record):
    """One duty of an ordinance: who owes it, what it is, by when, and what evidence proves it."""

    id: Id
    title: Text
    ordinance: Id
    section: Text = Field(description="The section it implements, as listed in the ordinance's sections.")
    quote: Text = Field(description="The law's words that create the duty, verbatim.")
    paraphrase: bool = Field(False, description="True where the quote is a paraphrase, not the law's words.")
    action: Text = Field(description="What must be done, in plain words.")
    kind: Kind
    owner: Owner | None = None
    applies_to: list[Id] = Field(
        default_factory=list,
        description="Agencies that must each comply and show evidence (fan-out); empty = the owner's agency.",
    )
    deadline: Deadline | None = None
    administrative_deadline: AdministrativeDeadline | None = None
    evidence: EvidenceRequirement | None = None
    systems: list[Id] = Field(default_factory=list)
    depends_on: list[Id] = Field(default_factory=list)
    waiver: Waiver | None = None
    notes: Text | None = None
    tags: list[Text] = Field(default_factory=list)

    def bound_agencies(self) -> list[str]:
        """The agencies that must each show evidence: the fan-out, or the owner's agency alone."""
        if self.applies_to:
            return list(self.applies_to)
        return [self.owner.agency] if self.owner else []


# --- evidence -------------------------------------------------------------------------------------------


class Source(Record):
    """Where the evidence can be checked: a public address, a file in the repository, or both."""

    model_config = ConfigDict(json_schema_extra={
        "anyOf": [{"required": ["url"]}, {"required": ["file"]}],
        "dependentRequired": {"file": ["sha256"], "sha256": ["file"]},
    })

    url: Url | None = None
    file: Text | None = Field(None, description="Path of a file in the repository, from its top folder.")
    sha256: Sha256 | None = Field(None, description="sha256 of `file`, so that it cannot change unseen.")
    title: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> Source:
        if not self.url and not self.file:
            raise ValueError("a source needs a 'url', a 'file', or both")
        if self.file and not self.sha256:
            raise ValueError("a 'file' source needs its 'sha256' (run: sha256sum FILE)")
        if self.sha256 and not self.file:
            raise ValueError("'sha256' belongs to a 'file'; add the file's path")
        return self


class Period(Record):
    """The period that recurring evidence covers."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        return self


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
    date: IsoDate = Field(description="The day the act it proves took place (or the document is dated).")
    kind: Text
    summary: Text
    source: Source
    period: Period | None = None
    submitted_by: Submitted
    verified: Verified | None = None


# --- repository configuration ---------------------------------------------------------------------------


class Config(Record):
    """Optional ``policytrack.yml`` at the top of a policy repository."""

    name: Text = "Policy repository"
    jurisdiction: Text | None = None
    description: Text | None = None
    repo_url: Url | None = Field(None, description="Where the repository lives, for 'Submit evidence' links.")
    branch: Text = "main"
    due_soon_days: Annotated[int, Field(ge=1, le=365)] = 30
    council_team: GitHubTeam | None = Field(
        None, description="The GitHub team of council staff: owns ordinances, obligations and registries.")
    verifiers: list[GitHubTeam] = Field(
        default_factory=list, description="GitHub teams or users (auditors) who alone add verification records.")
    rules: dict[str, Literal["off", "error", "warning"]] = Field(
        default_factory=dict, description="Rule id → off, error or warning: this repository's level for the rule.")


MODELS: dict[str, type[Record]] = {
    "ordinance": Ordinance,
    "obligation": Obligation,
    "evidence": Evidence,
    "agency": Agency,
    "system": System,
    "party": Party,
    "config": Config,
}
"""Every kind of file, by the name its schema file and error messages use."""
