"""The words the site uses: dates with durations, status names a reader understands, and what each means.

The checker's statuses (:data:`policytrack.status.engine.ORDER`) say what the *records* show. A reader asks a
different question ("is my county obeying this law?"), so the site shows each status as a *reading*:
the same status, except that completion nobody has verified is its own reading, ``claimed`` ("done,
not verified"), counted apart from verified completion everywhere. Every badge links to the "What the
words mean" page (:data:`MEANINGS`).
"""

from __future__ import annotations

import calendar
from datetime import date

from policytrack.model.fields import long_date, plural
from policytrack.status.engine import AgencyStatus
from policytrack.status.readings import DONE_READINGS, GROUP_ORDER, GROUPS, READINGS, Tally, rank, reading, tally

__all__ = ["DONE_READINGS", "GROUPS", "GROUP_LABELS", "GROUP_ORDER", "LABELS", "MEANINGS", "READINGS", "Tally",
           "dated", "duration", "history_words", "long_date", "rank", "reading", "relative", "tally"]


LABELS: dict[str, str] = {
    "breached": "Breached",
    "remedy-claimed": "Remedy claimed, not verified",
    "overdue": "Overdue: no proof",
    "disputed": "Disputed: proof challenged",
    "lapsed": "Lapsed: proof out of date",
    "blocked": "Blocked",
    "no-deadline": "No deadline",
    "due-soon": "Due soon",
    "in-progress": "In progress: not done",
    "pending": "Pending: no time limit",
    "not-yet-due": "Not yet due",
    "claimed": "Done, not verified",
    "met-late": "Met late, verified",
    "met": "Met, verified",
    "waived": "Waived",
    "not-in-force": "Not in force",
    "repealed": "Repealed",
}
"""The words on each badge."""

MEANINGS: dict[str, str] = {
    "breached": "A breach is recorded: the agency did what the law forbids, or failed a duty in a way an "
                "auditor, a court or the agency itself recorded. The breach and its source are shown first.",
    "remedy-claimed": "A breach is recorded, and the agency says it was put right, but only the agency's own "
                      "statement says so: nobody independent has verified the remedy yet.",
    "overdue": "The due date has passed and no evidence that the duty was done has been filed. This does not "
               "say the agency broke the law (for a prohibition, it does not say the forbidden thing happened); "
               "it says nobody has shown that the agency obeyed it.",
    "disputed": "The due date has passed and the only evidence filed for it was disputed by a verifier, so it "
                "does not count.",
    "lapsed": "Evidence was filed, but it no longer covers today: the duty repeats (each year, each quarter...) "
              "or its proof must be recent, and the latest proof is older than that. The page says how old.",
    "blocked": "Not done, and waiting on another duty that is itself overdue, lapsed or undated.",
    "no-deadline": "Neither the law nor an administrative decision gives a date, and no evidence has been filed. "
                   "Nothing can be overdue without a date: this is a gap in the law's follow-up.",
    "due-soon": "Not done yet, and due within the next few weeks.",
    "in-progress": "Something was announced, planned or started (the page shows what and when), but nothing "
                   "filed shows the duty done. Progress is never counted as done.",
    "pending": "The law sets no time limit for the duty after each event; the events still waiting for it are "
               "listed. It is never overdue.",
    "not-yet-due": "Not done yet, and not due yet.",
    "claimed": "Evidence that the duty was done has been filed (for example an announcement or the agency's own "
               "statement), but nobody independent has verified it. Counted apart from verified completion.",
    "met-late": "Done, after the due date, and the evidence was verified. The page says how late.",
    "met": "Done by the due date, and the evidence was verified by someone other than the agency.",
    "waived": "An approved waiver (with its reason, approver and date) excuses the agency.",
    "not-in-force": "The duty does not bind yet (or no longer): its law or section is not in force on this date.",
    "repealed": "The law, or the section the duty comes from, was repealed.",
}
"""What each reading means, for the "What the words mean" page and the badges' titles."""

GROUP_LABELS: dict[str, str] = {
    "breached": "Breached",
    "remedy-claimed": "Remedy claimed",
    "behind": "Behind",
    "no-deadline": "No deadline",
    "open": "Not yet due",
    "in-progress": "In progress",
    "claimed": "Done, not verified",
    "verified": "Done, verified",
    "waived": "Waived",
}


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months, on the same day or the month's last day when it is shorter."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def months_between(start: date, end: date) -> tuple[int, int]:
    """Whole months from ``start`` to ``end`` (``start`` <= ``end``), and the days left over."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def duration(start: date, end: date) -> str:
    """How long from ``start`` to ``end`` in words: '8 years 8 months', '3 months', '12 days', 'the same day'."""
    if end < start:
        start, end = end, start
    months, days = months_between(start, end)
    if months == 0:
        return plural(days, "day") if days else "the same day"
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(plural(years, "year"))
    if months:
        parts.append(plural(months, "month"))
    return " ".join(parts)


def relative(value: date, as_of: date) -> str:
    """'8 years 8 months ago', 'in 3 months', 'today'."""
    if value == as_of:
        return "today"
    span = duration(value, as_of)
    return f"{span} ago" if value < as_of else f"in {span}"


def dated(label: str, value: date, as_of: date) -> str:
    """'due 8 March 2018, 8 years 8 months ago' (plain text; the caller escapes if needed)."""
    return f"{label} {long_date(value)}, {relative(value, as_of)}"


def history_words(row: AgencyStatus) -> list[str]:
    """A duty's record over all its due dates, as the engine tells it (``AgencyStatus.history``) with dates
    written out: "3 of 28 quarters missed, the last due 31 July 2024"; where the agency filed nothing for it
    at all, that no record was received (a fact about the records, not a finding that each one was missed)."""
    parts: list[str] = []
    missed = row.counts.get("missed", 0) + row.counts.get("disputed", 0)
    if missed and row.total > 1:
        many = row.unit if row.unit.endswith("s") else None
        if not row.evidence and not row.disputed and not row.progress:
            parts.append(f"no record received for any of the {plural(row.come_due, row.unit, many)} due so far")
        else:
            last = row.last_missed
            parts.append(f"{missed} of {plural(row.come_due, row.unit, many)} missed"
                         + (f", the last due {long_date(last.due)}" if last is not None and last.due else ""))
    late = row.counts.get("met-late", 0)
    if late and row.total > 1:
        parts.append(f"{late} met late")
    pending = row.counts.get("pending", 0)
    if pending:
        parts.append(f"{plural(pending, 'event')} pending")
    if row.open_breaches:
        parts.append(plural(len(row.open_breaches), "open breach"))
    remedy = row.claimed_remedies[-1].remedy if row.claimed_remedies and not row.open_breaches else None
    if remedy is not None:
        parts.append(f"remedy claimed by the agency {long_date(remedy.date)}, not verified")
    if row.progress and row.status not in ("met", "met-late"):
        parts.append(f"in progress since {long_date(row.progress[0].date)}")
    if row.disputed:
        parts.append(f"{plural(len(row.disputed), 'record')} disputed")
    if row.reason:
        parts.append(row.reason)
    return parts
