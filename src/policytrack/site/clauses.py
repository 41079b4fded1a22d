"""A section's text with its clauses marked: carried by an obligation, needing none, or carried by nobody.

Used by the ordinance page. Every piece of the law's text is escaped (it is not our text); the marks
and the links are ours. Each clause is a ``<mark>`` with a class that says its state and a short label
after it (the obligations that carry it, the recorded reason, or "not carried"), so that the state is
never told by colour alone; a duty whose words give no deadline says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from policytrack.law.coverage import ClauseCoverage, coverage_share
from policytrack.site.markup import attr, text

_TITLE = {"covered": "carried by an obligation", "excused": "needs no obligation (decision recorded)",
          "uncovered": "not carried by any obligation", "permission": "a permission: needs no obligation"}
_LABEL = {"covered": "carried by", "excused": "needs no obligation", "uncovered": "not carried by any obligation",
          "permission": "permission"}


def _piece(words: str) -> str:
    """Escaped text that keeps the spaces at its edges (they separate it from the marks)."""
    if not words:
        return ""
    inner = text(words)
    return (" " if words[:1].isspace() else "") + inner + (" " if words[-1:].isspace() and inner else "")


MARKED_BUDGET = 24_000
"""Bytes of HTML a section's marked text may take on a page; the rest of a longer text is left to the
official text (a section of a megabyte of duties would otherwise make a page of ten)."""


def mark_section(section_text: str, items: Sequence[ClauseCoverage], obligation_link: Callable[[str], str],
                 budget: int = MARKED_BUDGET) -> str:
    """The section's text as HTML, each clause of ``items`` (offsets into ``section_text``) marked; at most
    about ``budget`` bytes, then a note of how much of the text is not shown."""
    out: list[str] = []
    position = 0
    used = 0
    for item in sorted(items, key=lambda entry: entry.clause.start):
        clause = item.clause
        if clause.start < position or clause.end > len(section_text):
            continue  # overlapping or stale offsets: leave the words unmarked rather than garble them
        if used > budget:
            break
        out.append(_piece(section_text[position:clause.start]))
        note = ""
        if item.state == "covered":
            note = _LABEL["covered"] + " " + ", ".join(obligation_link(key) for key in item.obligations)
        elif item.state == "excused":
            note = f"{_LABEL['excused']}: {text(item.reason or '')}"
        elif item.state == "uncovered":
            note = f"<strong>{_LABEL['uncovered']}</strong>"
        if item.no_deadline_in_law:
            note += ("; " if note else "") + "no deadline in the law"
        title = f"{clause.modality}: {_TITLE[item.state]}"
        out.append(f'<mark class="pt-clause pt-clause-{item.state}" title="{attr(title)}">'
                   f"{_piece(section_text[clause.start:clause.end])}</mark>")
        if note:
            out.append(f' <span class="pt-clause-note">[{note}]</span>')
        used += sum(len(part) for part in out[-3:])
        position = clause.end
    rest = section_text[position:]
    if used + len(rest) > budget and len(rest) > 200:
        shown = rest[:max(0, budget - used)]
        out.append(_piece(shown))
        left = len(section_text) - position - len(shown)
        out.append(f" <em>… (the section goes on for {left:,} more characters, not shown here: read them in the "
                   "official text)</em>")
    else:
        out.append(_piece(rest))
    return "".join(out).strip()


def coverage_summary(items: Sequence[ClauseCoverage]) -> str:
    """One paragraph: how many obligation and prohibition clauses are carried, excused and uncovered."""
    counted = [item for item in items if item.state != "permission"]
    if not counted:
        return "<p>No obligation or prohibition clause was found in the recorded text of the law.</p>\n"
    covered = sum(1 for item in counted if item.state == "covered")
    excused = sum(1 for item in counted if item.state == "excused")
    uncovered = len(counted) - covered - excused
    undated = sum(1 for item in counted if item.no_deadline_in_law)
    return (f"<p>Clauses of the law: {covered + excused} of {len(counted)} obligation and prohibition clauses "
            f"carried ({share_text(items)}): {covered} by obligations, {excused} needing none, "
            f"<strong>{uncovered} not carried</strong>; {undated} with no deadline in the law.</p>\n")


def share_text(items: Sequence[ClauseCoverage]) -> str:
    """The coverage share as a percentage, or a dash where the law's text has no such clause."""
    share = coverage_share(list(items))
    return "—" if share is None else f"{round(100 * share)}%"
