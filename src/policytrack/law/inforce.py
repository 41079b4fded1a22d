"""The law as it stood on a date: which ordinances and sections were in force, and under which text.

Changes come from two places that mean the same: records in ``amendments/`` (a later law adding,
amending or repealing sections, or repealing the whole ordinance, each from its effective date) and the
older inline ``amendments:`` list of an ordinance. They are applied in date order, whatever order the
files list them in, so the first repeal *in time* is the one that counts, and a section re-enacted later
is in force again. A change to a section reaches its subsections (``2.15.020`` covers ``2.15.020.C``): a
repeal ends them, a later addition of the section brings them back (S1.3). A section added by a later law
starts on that law's date even where the ordinance lists it too (S1.2), and "after enactment" counts from
the enactment of the law that put it in force (S1.5). The rules are those of ``docs/status-semantics.md``.

:func:`section_in_force` is the one answer to "is this obligation in force on this date, and under which
text"; the status engine, the graph, the rules and the pages all ask it, and :func:`ordinance_in_force`
asks it of the ordinance's sections (S1.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policytrack.model.load import Repository
from policytrack.model.records import Obligation, Ordinance, Section


@dataclass(frozen=True, slots=True)
class Change:
    """One dated change to an ordinance, from either source."""

    start: date
    enacted: date | None
    """The day the changing law was enacted."""
    by: str
    action: str
    section: str | None
    text: str | None
    heading: str | None
    record: str | None
    """The id of the ``amendments/`` record, or None for an inline amendment."""


@dataclass(frozen=True, slots=True)
class InForce:
    """Whether a section (and the obligations implementing it) was in force on a date."""

    in_force: bool
    since: date | None
    """The day it came (or comes) into force; None where the ordinance is not in the repository."""
    repealed: date | None
    """The day it was repealed, when that is on or before the date asked about."""
    repealed_by: str | None
    text: str | None
    """The section's text in force on the date (None where it is not recorded)."""
    amended_by: tuple[str, ...]
    """Citations of the changes to its text in force on the date, oldest first."""
    enacted: date | None = None
    """The enactment of the law that put the section in force (the ordinance's, or a later law's)."""

    @property
    def status(self) -> str | None:
        """``repealed``, ``not-in-force`` or None (in force)."""
        if self.repealed is not None:
            return "repealed"
        return None if self.in_force else "not-in-force"


def changes_of(repo: Repository, ordinance_id: str) -> list[Change]:
    """Every change to the ordinance, oldest first (inline amendments and ``amendments/`` records)."""
    cache = repo.derived.setdefault("law-changes", {})
    if ordinance_id in cache:
        return list(cache[ordinance_id])
    changes: list[Change] = []
    ordinance = repo.ordinances.get(ordinance_id)
    if ordinance is not None:
        for item in ordinance.amendments:
            sections: list[str | None] = list(item.sections) or [None]
            for section in sections:
                changes.append(Change(item.date, item.date, item.by, item.action, section, None, None, None))
    for record in repo.amendments.values():
        if record.ordinance != ordinance_id:
            continue
        for change in record.changes:
            changes.append(Change(record.start, record.enacted, record.by, change.action, change.section,
                                  change.text, change.heading, record.id))
    # Same-day changes in a fixed order, never the order the files list them in: the whole ordinance
    # first, then sections added, amended, repealed, then by citation and record.
    changes.sort(key=lambda item: (item.start, item.section is not None, _ACTIONS.index(item.action), item.by,
                                   item.record or ""))
    cache[ordinance_id] = changes
    return changes


_ACTIONS = ("added", "amended", "repealed")


def _covers(changed: str | None, section: str) -> bool:
    return changed is None or section == changed or section.startswith(changed + ".")


def section_in_force(repo: Repository, ordinance_id: str, section_id: str, as_of: date) -> InForce:
    """Was the section of the ordinance in force on ``as_of``, since when, and under which text."""
    ordinance = repo.ordinances.get(ordinance_id)
    if ordinance is None:
        return InForce(True, None, None, None, None, ())
    listed = _listed(ordinance, section_id)
    text = listed.text if listed is not None and listed.id == section_id else None
    reaching = [change for change in changes_of(repo, ordinance_id) if _covers(change.section, section_id)]
    # A section is original (in force from the ordinance's start) unless a law added it before any repeal
    # reached it: then it starts with that law, whether or not the ordinance also lists it (S1.2).
    first_added = next((change for change in reaching if change.action == "added"), None)
    first_repeal = next((change for change in reaching if change.action == "repealed"), None)
    original = first_added is None or (first_repeal is not None
                                       and reaching.index(first_repeal) < reaching.index(first_added))
    since: date | None = None
    enacted: date | None = None
    if original:
        since = ordinance.start
        if listed is not None and listed.effective:
            since = max(since, listed.effective)
        enacted = ordinance.enacted
    amended: list[str] = []
    repealed: tuple[date, str] | None = None
    for change in reaching:
        if change.start > as_of:  # the changes are in date order: this and the rest are still to come
            if change.action == "added" and since is None:
                since, enacted = change.start, change.enacted  # it comes into force then
            break
        if change.action == "added":
            if since is None or repealed is not None:  # it starts, or is enacted again (S1.3)
                since, enacted, repealed, amended = change.start, change.enacted, None, []
            if change.section == section_id and change.text:
                text = change.text
        elif change.action == "repealed":
            if repealed is None and since is not None:
                repealed = (change.start, change.by)
        elif repealed is None and since is not None:
            if change.section == section_id and change.text:
                text = change.text
            amended.append(change.by)
    if since is None:
        since = ordinance.start
    if repealed is not None:
        return InForce(False, since, repealed[0], repealed[1], text, tuple(amended), enacted)
    return InForce(since <= as_of, since, None, None, text, tuple(amended), enacted)


def _listed(ordinance: Ordinance, section_id: str) -> Section | None:
    """The section as the ordinance lists it, or the nearest listed section containing it."""
    best: Section | None = None
    for item in ordinance.sections:
        if item.id == section_id:
            return item
        if section_id.startswith(item.id + ".") and (best is None or len(item.id) > len(best.id)):
            best = item
    return best


def obligation_in_force(repo: Repository, obligation: Obligation, as_of: date) -> InForce:
    """The answer of :func:`section_in_force` for the section the obligation implements."""
    return section_in_force(repo, obligation.ordinance, obligation.section, as_of)


def ordinance_in_force(repo: Repository, ordinance_id: str, as_of: date) -> bool:
    """True when the ordinance had started on ``as_of`` and at least one of its sections was in force then
    (S1.4: one answer to "in force?"); an ordinance with no sections, when it was not repealed as a whole."""
    ordinance = repo.ordinances.get(ordinance_id)
    if ordinance is None or ordinance.start > as_of:
        return False
    sections = list(dict.fromkeys([item.id for item in ordinance.sections] + [
        change.section for change in changes_of(repo, ordinance_id) if change.section is not None]))
    if not sections:
        return not any(change.section is None and change.action == "repealed" and change.start <= as_of
                       for change in changes_of(repo, ordinance_id))
    return any(section_in_force(repo, ordinance_id, section, as_of).in_force for section in sections)


def ordinance_repealed_on(repo: Repository, ordinance: Ordinance, as_of: date) -> date | None:
    """The day the whole ordinance was repealed, when that is on or before ``as_of``."""
    for change in changes_of(repo, ordinance.id):
        if change.section is None and change.action == "repealed" and change.start <= as_of:
            return change.start
    return None
