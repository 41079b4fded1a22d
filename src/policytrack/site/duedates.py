"""An obligation's due dates, each with its own verdict: the table on the obligation page.

A recurring duty has one due date per period and a per-event duty one per recorded event; each is met,
met late (and by how much), missed, waived, or still to come. The page shows the latest ones for every
agency (and instance) bound, with counts of all of them, so that "met" never hides 27 missed quarters.
"""

from __future__ import annotations

from collections.abc import Callable

from policytrack.model.fields import long_date
from policytrack.site.markup import code, table, text
from policytrack.status.engine import ObligationStatus
from policytrack.status.occurrences import Occurrence

VERDICT_WORDS: dict[str, str] = {
    "met": "Met on time",
    "met-late": "Met late",
    "missed": "Missed",
    "disputed": "Missed: its evidence disputed",
    "due-soon": "Due soon",
    "pending": "Pending: no time limit in the law",
    "not-yet-due": "Not yet due",
    "waived": "Waived",
}
"""How each occurrence's verdict reads on the page."""


def _what(item: Occurrence) -> str:
    if item.event:
        return f"event {code(item.event)}" + (f" ({item.count} events)" if item.count > 1 else "")
    if item.key == "once":
        return "the one due date"
    if item.key.startswith("due ") and item.start and item.end:
        return f"{long_date(item.start)} to {long_date(item.end)}"
    return code(item.key)


def _verdict(item: Occurrence) -> str:
    words = VERDICT_WORDS[item.verdict]
    if item.verdict == "met-late" and item.late_range is not None:
        low, high = item.late_range
        words += (f", {high} day{'s' if high != 1 else ''} late" if low == high
                  else f", {'up to' if low == 0 else f'{low} to'} {high} days late")
    if item.extended_by:
        words += f" (due date extended: {item.extended_by})"
    if item.count > 1 and item.verdict in ("missed", "disputed", "due-soon", "not-yet-due", "pending"):
        words += f" ({item.answered} of {item.count} answered)"
    return text(words)


MAX_ROWS = 10
"""Agencies (and instances) whose due dates the page lists in full; the rest are in status.json."""


def due_dates(status: ObligationStatus, agency_name: Callable[[str], str]) -> str:
    """Each agency's latest due dates and their verdicts (empty HTML when the duty has at most one due
    date for every agency: the status line says all there is)."""
    rows = [row for row in status.agencies if row.total > 1]
    if not rows:
        return ""
    out = ""
    if len(rows) > MAX_ROWS:
        out += (f"<p>The due dates of the first {MAX_ROWS} of {len(rows)} agencies are listed here; every one is "
                "in the open data (<code>status.json</code>).</p>\n")
    for row in rows[:MAX_ROWS]:
        who = agency_name(row.agency) if row.agency else "No agency named"
        if row.instance:
            who += f" for {code(row.instance)}"
        shown = len(row.occurrences)
        more = (f" The latest {shown} of {row.total} are listed." if row.total > shown else "")
        out += f"<p><strong>{who}</strong>: {text(row.summary)}.{more}</p>\n"
        out += table(
            ["What", "Due", "Verdict", "Evidence"],
            [[_what(item), f'<time datetime="{item.due.isoformat()}">{long_date(item.due)}</time>' if item.due
              else "not set yet", _verdict(item),
              ", ".join(code(key) for key in item.evidence[:5]) or "none"]
             for item in row.occurrences],
            caption="Each due date, oldest first, and the evidence covering it",
        ) + "\n"
    return out
