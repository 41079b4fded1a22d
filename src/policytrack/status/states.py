"""Every state has a name: the statuses a row can be in, and the records that carry them.

Statuses, most urgent first (:data:`ORDER`; ``docs/status-semantics.md``, S4.1):

``breached``       a recorded breach that no remedy has closed
``remedy-claimed`` a breach whose remedy rests only on the agency's own statement, not yet verified (S3.6)
``overdue``        the latest due date passed with no evidence covering it
``disputed``       the latest due date passed, and the only evidence covering it a verifier disputed (S3.5)
``lapsed``         the evidence must stay fresh (``max_age_days``) and the newest is too old
``blocked``        not met and waiting on an obligation it depends on that is overdue, lapsed or undated
``no-deadline``    no date: none in the law or administratively, a prerequisite waived or repealed (S4.3),
                   or a date before the duty existed (S1.10); and no evidence
``due-soon``       the next due date is within the repository's ``due_soon_days`` (30 unless set)
``in-progress``    evidence shows progress (an announcement, a plan) but nothing proves it done (S4.2)
``pending``        events wait for an answer the law sets no time limit for (S4.4)
``not-yet-due``    nothing is due yet (a per-event duty with no event recorded is here too)
``met-late``       the latest due occurrence was covered by evidence after its due date
``met``            the latest due occurrence was covered on time
``waived``         a complete waiver (reason, approver, date) applies on the date
``not-in-force``   the section, ordinance or instance does not exist yet
``repealed``       the ordinance, or the obligation's section, was repealed on or before the as-of date
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from policytrack.law.inforce import InForce
from policytrack.model.deadlines import AdministrativeDeadline, Deadline
from policytrack.model.fields import plural
from policytrack.model.records import Breach, Evidence
from policytrack.status.occurrences import Guess, Ignored, Occurrence

Status = Literal[
    "breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked", "no-deadline", "due-soon",
    "in-progress", "pending", "not-yet-due", "met-late", "met", "waived", "not-in-force", "repealed",
]
ORDER: tuple[Status, ...] = (
    "breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked", "no-deadline", "due-soon",
    "in-progress", "pending", "not-yet-due", "met-late", "met", "waived", "not-in-force", "repealed",
)
"""Statuses from most to least urgent; an obligation takes the most urgent of its agencies'."""

LABELS: dict[str, str] = {
    "breached": "Breached",
    "remedy-claimed": "Remedy claimed",
    "overdue": "Overdue",
    "disputed": "Disputed",
    "lapsed": "Lapsed",
    "blocked": "Blocked",
    "no-deadline": "No deadline",
    "due-soon": "Due soon",
    "in-progress": "In progress",
    "pending": "Pending",
    "not-yet-due": "Not yet due",
    "met-late": "Met late",
    "met": "Met",
    "waived": "Waived",
    "not-in-force": "Not in force",
    "repealed": "Repealed",
}
OPEN: frozenset[str] = frozenset({"breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked",
                                  "no-deadline", "due-soon", "in-progress", "pending", "not-yet-due"})
"""Statuses of obligations that still need something done."""
DONE: frozenset[str] = frozenset({"met", "met-late", "waived", "repealed", "not-in-force"})

UNITS = {"week": ("week", "weeks"), "month": ("month", "months"), "quarter": ("quarter", "quarters"),
         "year": ("year", "years")}


@dataclass(frozen=True, slots=True)
class AgencyStatus:
    """Where one agency stands on one obligation (on one instance, under ``for_each``)."""

    agency: str
    status: Status
    due: date | None
    """The due date the status is about: the one missed, met, or coming."""
    evidence: tuple[Evidence, ...]
    """Evidence that counts for this agency (visible on the as-of date, of a kind that proves completion, in
    the duty's span, not disputed), oldest first."""
    verified: bool
    """True when every counted evidence record was verified on or before the as-of date."""
    instance: str | None = None
    next_due: date | None = None
    """The next due date not yet covered by evidence, on or after the as-of date."""
    occurrences: tuple[Occurrence, ...] = ()
    """The latest occurrences (at most :data:`policytrack.status.occurrences.KEEP`), oldest first."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many occurrences have each verdict, over all of them."""
    last_missed: Occurrence | None = None
    breaches: tuple[Breach, ...] = ()
    """Breaches recorded for this agency and visible on the as-of date (open or remedied)."""
    unit: str = "occurrence"
    """What one occurrence is, in words: quarter, year, event, ..."""
    open_breaches: tuple[Breach, ...] = ()
    """Breaches without a remedy dated on or before the as-of date."""
    come_due: int = 0
    """How many occurrences had come due by the as-of date (one covered early is not among them)."""
    progress: tuple[Evidence, ...] = ()
    """Evidence that shows progress but proves nothing done (S4.2), oldest first."""
    disputed: tuple[Evidence, ...] = ()
    """Evidence a verifier disputed (S3.5)."""
    ignored: tuple[Ignored, ...] = ()
    """Records that count for nothing in this row, and why (rule ``record-ignored``)."""
    guesses: tuple[Guess, ...] = ()
    """Evidence without a period credited by a guess (rule ``period-guessed``)."""
    reason: str | None = None
    """Why the row has no date, where that is not simply the law's silence (S4.3, S1.10)."""
    claimed_remedies: tuple[Breach, ...] = ()
    """Breaches whose remedy rests only on the agency's statement, not verified (S3.6)."""

    @property
    def latest(self) -> Evidence | None:
        """The newest evidence record counted for this agency."""
        return self.evidence[-1] if self.evidence else None

    @property
    def total(self) -> int:
        """How many occurrences there are (due, covered or upcoming)."""
        return sum(self.counts.values())

    @property
    def summary(self) -> str:
        """One line: "met; 3 of 28 quarters missed, last missed 2024-Q2"."""
        return "; ".join([LABELS[self.status].lower(), *self._history()])

    @property
    def history(self) -> str:
        """The summary without the status word: "3 of 28 quarters missed, last missed 2024-Q2"."""
        return "; ".join(self._history())

    def _history(self) -> list[str]:
        parts: list[str] = []
        missed = self.counts.get("missed", 0) + self.counts.get("disputed", 0)
        due_total = self.come_due
        if missed and self.total > 1:
            last = f", last missed {self.last_missed.key}" if self.last_missed else ""
            many = self.unit if self.unit.endswith("s") else None
            parts.append(f"{missed} of {plural(due_total, self.unit, many)} missed{last}")
        late = self.counts.get("met-late", 0)
        if late and self.total > 1:
            parts.append(f"{late} met late")
        pending = self.counts.get("pending", 0)
        if pending:
            parts.append(f"{plural(pending, 'event')} pending")
        if self.open_breaches:
            parts.append(f"{len(self.open_breaches)} open breach{'es' if len(self.open_breaches) > 1 else ''}")
        if self.claimed_remedies and not self.open_breaches:
            parts.append(f"remedy claimed by the agency {self.claimed_remedies[-1].remedy.date}"  # type: ignore[union-attr]
                         ", not verified")
        if self.progress and self.status not in ("met", "met-late"):
            parts.append(f"in progress since {self.progress[0].date}")
        if self.disputed:
            parts.append(f"{plural(len(self.disputed), 'record')} disputed")
        if self.reason:
            parts.append(self.reason)
        return parts


@dataclass(frozen=True, slots=True)
class ObligationStatus:
    """Where an obligation stands as of the run's date, overall and for each agency it binds."""

    obligation: str
    status: Status
    due: date | None
    deadline: Deadline | AdministrativeDeadline | None
    deadline_source: Literal["law", "administrative"] | None
    agencies: tuple[AgencyStatus, ...]
    blocked_by: tuple[str, ...] = ()
    next_due: date | None = None
    law: InForce | None = None
    problems: tuple[str, ...] = ()
    """What is contradictory in its schedule (rule ``contradictory-schedule``, S1.10, S2.4)."""

    @property
    def verified(self) -> bool:
        """True when there is evidence and all of it has been verified."""
        with_evidence = [item for item in self.agencies if item.evidence]
        return bool(with_evidence) and all(item.verified for item in with_evidence)

    @property
    def breaches(self) -> tuple[Breach, ...]:
        """Every breach of the obligation visible on the as-of date."""
        seen: dict[str, Breach] = {}
        for row in self.agencies:
            for item in row.breaches:
                seen.setdefault(item.id, item)
        return tuple(seen.values())

    def agency(self, agency_id: str) -> AgencyStatus | None:
        """The status of one bound agency (its most urgent instance under ``for_each``)."""
        rows = [item for item in self.agencies if item.agency == agency_id]
        return min(rows, key=lambda row: ORDER.index(row.status)) if rows else None


def worst(statuses: Iterable[Status]) -> Status | None:
    """The most urgent of ``statuses`` (see :data:`ORDER`)."""
    ranked = sorted(statuses, key=ORDER.index)
    return ranked[0] if ranked else None
