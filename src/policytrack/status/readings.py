"""Readings: how the site (and its open data) read a status, and the scorecard's columns.

The checker's statuses (:data:`policytrack.status.engine.ORDER`) say what the records show. The site reads them
as a reader would: the same status, except that completion nobody has verified is its own reading,
``claimed`` ("done, not verified"), counted apart from verified completion everywhere (pages, scorecards,
``obligations.csv``, ``status.json``, history). Progress that proves nothing done (``in-progress``) and a
breach's remedy that rests on the agency's word (``remedy-claimed``) have columns of their own too
(``docs/status-semantics.md``, S4.2, S3.6). Words for each reading are in :mod:`policytrack.site.words`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from policytrack.model.load import Repository
from policytrack.status.engine import ORDER, AgencyStatus, ObligationStatus

DONE_READINGS = ("met", "met-late")
"""Statuses that mean "done": shown as ``claimed`` while the evidence is not verified."""

READINGS: tuple[str, ...] = (
    "breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked", "no-deadline", "due-soon",
    "in-progress", "pending", "not-yet-due", "claimed", "met-late", "met", "waived", "not-in-force", "repealed",
)
"""Every reading, most urgent first: the checker's statuses with ``claimed`` before verified completion."""

GROUPS: dict[str, str] = {
    "breached": "breached",
    "remedy-claimed": "remedy-claimed",
    "overdue": "behind", "disputed": "behind", "lapsed": "behind",
    "blocked": "open", "due-soon": "open", "pending": "open", "not-yet-due": "open",
    "no-deadline": "no-deadline",
    "in-progress": "in-progress",
    "claimed": "claimed",
    "met-late": "verified", "met": "verified",
    "waived": "waived",
    "not-in-force": "excluded", "repealed": "excluded",
}
"""Scorecard column of each reading. ``excluded`` readings are not owed and are not counted."""

GROUP_ORDER = ("breached", "remedy-claimed", "behind", "no-deadline", "open", "in-progress", "claimed", "verified",
               "waived")
def reading(status: str, verified: bool) -> str:
    """The reading of a status: ``met``/``met-late`` become ``claimed`` unless the evidence is verified."""
    if status in DONE_READINGS and not verified:
        return "claimed"
    return status


def row_reading(row: AgencyStatus) -> str:
    """The reading of one agency's duty (see :func:`reading`)."""
    return reading(row.status, row.verified)


def rank(value: str) -> int:
    """Urgency of a reading (lower is more urgent); unknown statuses sort after the known ones."""
    if value in READINGS:
        return READINGS.index(value)
    if value in ORDER:
        return len(READINGS) + ORDER.index(value)
    return len(READINGS) + len(ORDER)


@dataclass(frozen=True)
class Tally:
    """Duties counted by scorecard column (one duty is one obligation for one agency)."""

    counts: Counter[str]

    @property
    def owed(self) -> int:
        """Duties that bind (every reading but the excluded ones)."""
        return sum(self.counts[group] for group in GROUP_ORDER)

    def __getitem__(self, group: str) -> int:
        return self.counts[group]


def tally(readings: Iterable[str]) -> Tally:
    """Count readings into scorecard columns."""
    return Tally(Counter(GROUPS.get(item, "open") for item in readings))


def obligation_reading(status: ObligationStatus) -> str:
    """How an obligation reads as a whole: its most urgent agency reading (``blocked`` stays as it is)."""
    if status.status == "blocked" or not status.agencies:
        return status.status
    return min((row_reading(row) for row in status.agencies), key=rank)


@dataclass(frozen=True, slots=True)
class Duty:
    """One obligation for one agency: the unit every count of "duties" counts (headlines, scorecards,
    agency pages, charts, ``status.json``).

    An agency owes a duty for each obligation that binds it (each instance, under ``for_each``, is its own
    duty) and for each obligation it answers for as owner without being bound by it: the owner's duty reads
    as the obligation does (:func:`obligation_reading`), so that the office accountable for a duty others
    carry out is counted as owing it. Joint owners answer together with the owner, as one duty (S1.14)."""

    agency: str
    obligation: str
    reading: str
    row: AgencyStatus | None = None
    """The agency's own status row; None for an owner's duty over an obligation that does not bind it."""

    @property
    def as_owner(self) -> bool:
        """True for an owner's duty over an obligation that binds other agencies only."""
        return self.row is None


def duties(repo: Repository, statuses: Mapping[str, ObligationStatus]) -> list[Duty]:
    """Every duty of every agency, in the order of ``statuses``: the bound agencies' rows (those naming an
    agency), then the owners not bound by the obligation."""
    out: list[Duty] = []
    for key, status in statuses.items():
        named: set[str] = set()
        for row in status.agencies:
            if row.agency:
                out.append(Duty(row.agency, key, row_reading(row), row))
                named.add(row.agency)
        obligation = repo.obligations.get(key)
        owner = obligation.owner if obligation is not None else None
        joint = {item.agency for item in obligation.co_owners} if obligation is not None else set()
        if owner is not None and owner.agency not in named and not named & joint:  # joint owners answer as one
            out.append(Duty(owner.agency, key, obligation_reading(status)))
    return out
