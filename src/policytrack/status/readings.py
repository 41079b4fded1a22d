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
from collections.abc import Iterable
from dataclasses import dataclass

from policytrack.status.engine import ORDER

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
