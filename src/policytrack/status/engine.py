"""Status of every obligation, for each agency (and instance) it binds, computed as of one date.

This module is the one place that decides status; the checker, the graph, the site and the open data
all ask it. Nothing is typed in by hand: status follows from the law in force
(:mod:`policytrack.law.inforce`), the deadline and its history, the events, the evidence, the breaches, the
waivers and extensions and the as-of date, by the rules of ``docs/status-semantics.md``. A record that
carries a date does not exist before that date: evidence, events, breaches (before they were found),
remedies, administrative deadlines, waivers, extensions and verifications dated later are ignored, so a
run "as of 2019-07-09" sees the repository as the facts stood on that day (S3.7).

A deadline expands into occurrences (:mod:`policytrack.status.occurrences`), each with its own verdict;
one row's status is decided in :mod:`policytrack.status.rows`, and the named states are listed in
:mod:`policytrack.status.states`. The status of an agency's row is that of its latest due occurrence (the
history is kept in counts: "met; 3 of 28 quarters missed, last missed 2024-Q2"), and "when is it next
due" is reported apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from policytrack.law.inforce import obligation_in_force
from policytrack.model.deadlines import (
    AdministrativeDeadline,
    Deadline,
    NoDeadline,
    RecurringDeadline,
    RelativeDeadline,
)
from policytrack.model.load import Repository, paused_gc
from policytrack.model.records import AgencySelector, Breach, Event, Evidence, Extension, Obligation, WaiverGrant
from policytrack.status.dates import Calendar
from policytrack.status.occurrences import Relief
from policytrack.status.proof import Proofs
from policytrack.status.rows import Duty, Version, remedied, row, waiver_window
from policytrack.status.schedule import Schedules, schedule_problems
from policytrack.status.scope import instances, rows
from policytrack.status.states import (
    DONE,
    LABELS,
    OPEN,
    ORDER,
    AgencyStatus,
    ObligationStatus,
    Status,
    worst,
)

__all__ = ["DONE", "LABELS", "OPEN", "ORDER", "AgencyStatus", "ObligationStatus", "Replay", "Status", "accepted",
           "breach_visible", "compute_statuses", "current_deadline", "dependencies", "event_visible", "worst"]


def current_deadline(
    obligation: Obligation, as_of: date
) -> tuple[Deadline | AdministrativeDeadline | None, Literal["law", "administrative"] | None]:
    """The deadline in force as of the date: the law's, else an administrative one already set.

    A yearly deadline that states no date ("annually") is no date at all: an administrative deadline
    fills it where one is set."""
    law = obligation.deadline
    if law is not None and not isinstance(law, NoDeadline) and not _undated(law):
        return law, "law"
    admin = obligation.administrative_deadline
    if admin is not None and admin.set_on <= as_of and not _undated(admin):
        return admin, "administrative"
    return None, None


def deadline_versions(obligation: Obligation, as_of: date) -> tuple[list[Version], date | None]:
    """The deadlines in force over time, oldest first (S3.1), and the administrative ``set_on`` where the
    deadline in force is administrative (S1.1)."""
    deadline, source = current_deadline(obligation, as_of)
    if deadline is None:
        return [], None
    if source == "administrative":
        assert obligation.administrative_deadline is not None
        return [Version(deadline, None, None)], obligation.administrative_deadline.set_on
    versions: list[Version] = []
    since: date | None = None
    for earlier in sorted(obligation.earlier_deadlines, key=lambda item: item.until):
        if not isinstance(earlier.deadline, NoDeadline) and not _undated(earlier.deadline):
            versions.append(Version(earlier.deadline, since, earlier.until))
        since = date.fromordinal(earlier.until.toordinal() + 1)
    versions.append(Version(deadline, since, None))
    return versions, None


def _undated(deadline: Deadline | AdministrativeDeadline) -> bool:
    return isinstance(deadline, RecurringDeadline) and deadline.undated()


def breach_visible(breach: Breach, as_of: date) -> bool:
    """A breach record exists from the day it was found (its date, where no finding date is given)."""
    return (breach.found_on or breach.date) <= as_of


def event_visible(event: Event, as_of: date) -> bool:
    """An event record exists from the day it became known (its date, unless recorded ahead)."""
    return (event.recorded_on or event.date) <= as_of


def accepted(obligation: Obligation, evidence: Evidence) -> bool:
    """True when the evidence is of a kind the obligation names (proving it done or showing progress; any
    kind where none is listed)."""
    requirement = obligation.evidence
    return requirement is None or evidence.kind in requirement.kinds or evidence.kind in requirement.progress_kinds


@dataclass
class _Indexes:
    """Records grouped once per run, so each obligation finds its own without scanning them all."""

    events: dict[tuple[str, str], list[Event]]
    breaches: dict[str, list[Breach]]
    verdicts: dict[str, bool]
    waivers: dict[str, list[WaiverGrant]]
    extensions: dict[str, list[Extension]]


def _indexes(repo: Repository, as_of: date) -> _Indexes:
    events: dict[tuple[str, str], list[Event]] = {}
    for event in repo.events.values():
        if event_visible(event, as_of):
            events.setdefault((event.kind, event.agency), []).append(event)
    breaches: dict[str, list[Breach]] = {}
    for breach in repo.breaches.values():
        if breach_visible(breach, as_of):
            breaches.setdefault(breach.obligation, []).append(breach)
    verdicts = Proofs(repo, as_of).verdicts()  # the one reading of verifications the site and open data share
    waivers: dict[str, list[WaiverGrant]] = {}
    for waiver in repo.waivers.values():
        if waiver.date <= as_of:
            waivers.setdefault(waiver.obligation, []).append(waiver)
    extensions: dict[str, list[Extension]] = {}
    for extension in repo.extensions.values():
        if extension.granted_on <= as_of:
            extensions.setdefault(extension.obligation, []).append(extension)
    return _Indexes(events, breaches, verdicts, waivers, extensions)


def compute_statuses(repo: Repository, as_of: date) -> dict[str, ObligationStatus]:
    """Status of every obligation in ``repo`` as of ``as_of``, by obligation id."""
    return Replay(repo).statuses(as_of)


class Replay:
    """The engine run on one repository at several dates (the history charts), sharing the work that does
    not depend on the date: each schedule and its occurrences are computed once for all the dates. Each
    answer is exactly :func:`compute_statuses` on that date; the repository must not change meanwhile."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.schedules = Schedules(Calendar.from_config(repo.config))

    def statuses(self, as_of: date) -> dict[str, ObligationStatus]:
        """Status of every obligation as of ``as_of``, by obligation id."""
        with paused_gc():
            engine = _Engine(self.repo, as_of, self.schedules)
            for obligation_id in self.repo.obligations:
                engine.status(obligation_id)
            return _with_blocked(self.repo, engine.done)

    def over(self, dates: Iterable[date]) -> Iterator[tuple[date, dict[str, ObligationStatus]]]:
        """Each date with the statuses as of it, one date at a time."""
        for day in dates:
            yield day, self.statuses(day)


class _Engine:
    """Computes statuses on demand, so that a deadline counted from another obligation's completion
    finds that obligation computed first (without recursion: chains may be thousands long)."""

    def __init__(self, repo: Repository, as_of: date, schedules: Schedules) -> None:
        self.repo = repo
        self.as_of = as_of
        self.soon = repo.config.due_soon_days
        self.cal = schedules.cal
        self.schedules = schedules
        schedules.at(as_of)
        self.index = _indexes(repo, as_of)
        self.done: dict[str, ObligationStatus] = {}

    def status(self, obligation_id: str) -> ObligationStatus:
        stack = [obligation_id]
        pending: set[str] = set()
        while stack:
            current = stack[-1]
            if current in self.done:
                stack.pop()
                continue
            needed = self._prerequisite(current)
            if needed is not None and needed not in self.done and needed not in pending:
                pending.add(current)
                stack.append(needed)
                continue
            self.done[current] = self._compute(self.repo.obligations[current])
            pending.discard(current)
            stack.pop()
        return self.done[obligation_id]

    def _prerequisite(self, obligation_id: str) -> str | None:
        deadline, _ = current_deadline(self.repo.obligations[obligation_id], self.as_of)
        if isinstance(deadline, RelativeDeadline) and deadline.after == "obligation":
            target = deadline.obligation
            if target in self.repo.obligations and target != obligation_id:
                return target
        return None

    def completion(self, obligation_id: str) -> tuple[date | None, str | None]:
        """The day the obligation was done by every agency it binds (None if it is not yet), or why it
        never will be: it is waived or repealed without having been done (S4.3)."""
        status = self.done.get(obligation_id)
        if status is None or not status.agencies:
            return None, None
        days, excused = [], []
        for item in status.agencies:
            if item.status in ("waived", "repealed", "not-in-force"):
                excused.append(item.status)
                continue
            if item.status not in ("met", "met-late", "lapsed") or not item.evidence:  # lapsed: done, since aged
                return None, None
            days.append(min(evidence.date for evidence in item.evidence))
        if days:
            return max(days), None
        why = "waived" if "waived" in excused else "repealed" if "repealed" in excused else None
        if why is None:
            return None, None
        return None, f"counted from {obligation_id}, which is {why}: no date can follow from it"

    def _relief(self, obligation: Obligation, agency: str, instance: str | None) -> Relief:
        relief = Relief()
        waiver = obligation.waiver
        if waiver is not None and waiver.reason and waiver.approved_by and waiver.date and \
                waiver.date <= self.as_of and (not waiver.agencies or agency in waiver.agencies):
            window = waiver_window(waiver.date, waiver.until)
            if window is not None:
                relief.windows.append((*window, "waiver"))
        for grant in self.index.waivers.get(obligation.id, []):
            if grant.agency not in (None, agency) or grant.item not in (None, instance):
                continue
            named = grant.occurrence or grant.event
            if named is not None:
                relief.waived[named] = grant.id
                relief.waived.setdefault(f"due {named}", grant.id)
            else:
                window = waiver_window(grant.date, grant.until)
                if window is not None:
                    relief.windows.append((*window, grant.id))
        relief.extensions = [item for item in self.index.extensions.get(obligation.id, [])
                             if item.agency == agency and item.item in (None, instance)]
        return relief

    def _compute(self, obligation: Obligation) -> ObligationStatus:
        as_of = self.as_of
        law = obligation_in_force(self.repo, obligation, as_of)
        deadline, source = current_deadline(obligation, as_of)
        versions, set_on = deadline_versions(obligation, as_of)
        visible = [item for item in self.repo.evidence_for(obligation.id)
                   if item.date <= as_of and accepted(obligation, item)]
        breaches = self.index.breaches.get(obligation.id, [])
        duty = Duty(self.repo, obligation, as_of, self.soon, self.cal, law, versions, set_on, visible, breaches,
                    self.index.events, self.index.verdicts,
                    lambda agency, instance: self._relief(obligation, agency, instance), self.completion,
                    self.schedules)
        found: list[AgencyStatus] = []
        bound = rows(self.repo, obligation)
        selected = isinstance(obligation.applies_to, AgencySelector)
        # A selector that matches nobody yet binds nobody; otherwise an obligation with no agency still has
        # one row, so that its missing owner shows. A breach by an agency the obligation does not name
        # still makes it breached: the breach is on the record whoever committed it.
        agencies = bound or ([] if selected else [""])
        agencies += sorted({item.agency for item in breaches if item.agency not in agencies and bound
                            and not remedied(item, as_of)})
        for agency in agencies:
            for instance in instances(self.repo, obligation, agency):
                found.append(row(duty, agency, instance))
        overall = worst(item.status for item in found) or ("not-yet-due" if selected else "no-deadline")
        open_dues = [item.due for item in found if item.due is not None and item.status in OPEN]
        due = min(open_dues) if open_dues else max((item.due for item in found if item.due), default=None)
        next_dues = [item.next_due for item in found if item.next_due is not None]
        return ObligationStatus(obligation.id, overall, due, deadline, source, tuple(found),
                                next_due=min(next_dues) if next_dues else None, law=law,
                                problems=tuple(self._problems(duty, deadline, found)))

    def _problems(self, duty: Duty, deadline: Deadline | AdministrativeDeadline | None,
                  found: list[AgencyStatus]) -> list[str]:
        """What is contradictory in the schedule in force (S1.10, S2.4)."""
        if duty.law.status is not None or deadline is None:
            return []
        if isinstance(deadline, RecurringDeadline):
            return schedule_problems(deadline, duty.start)
        return list(dict.fromkeys(f"{item.reason}: a duty cannot be due before it exists, so it has no date; "
                                  "correct the date" for item in found
                                  if item.reason and item.reason.startswith("its due date")))


def _with_blocked(repo: Repository, statuses: dict[str, ObligationStatus]) -> dict[str, ObligationStatus]:
    """Mark not-yet-met obligations whose dependencies are stuck (overdue, lapsed, undated or blocked).

    An iterative depth-first pass, so long dependency chains cost linear time and no recursion;
    cycles are left to the ``dependency-cycle`` rule and block nothing here.
    """
    stuck = {"overdue", "disputed", "lapsed", "no-deadline", "blocked", "breached"}
    result = dict(statuses)
    done: set[str] = set()
    for root in statuses:
        if root in done:
            continue
        stack: list[tuple[str, bool]] = [(root, False)]
        entered: set[str] = set()
        while stack:
            obligation_id, resolved = stack.pop()
            if obligation_id in done:
                continue
            depends = [dep for dep in dependencies(repo.obligations[obligation_id])
                       if dep in result and dep != obligation_id]
            if not resolved:
                if obligation_id in entered:
                    continue  # a cycle: reported by the dependency-cycle rule
                entered.add(obligation_id)
                stack.append((obligation_id, True))
                stack.extend((dep, False) for dep in depends if dep not in done)
                continue
            current = result[obligation_id]
            blockers = tuple(dep for dep in depends if dep in done and result[dep].status in stuck)
            if blockers and current.status in ("not-yet-due", "due-soon"):
                result[obligation_id] = ObligationStatus(
                    current.obligation, "blocked", current.due, current.deadline, current.deadline_source,
                    current.agencies, blockers, current.next_due, current.law, current.problems,
                )
            done.add(obligation_id)
    return result


def dependencies(obligation: Obligation) -> list[str]:
    """What the obligation waits on: ``depends_on``, and the obligation its deadline counts from
    (``after: obligation``); the graph's depends-on edges, the cycle and schedule rules use the same."""
    found = list(obligation.depends_on)
    for deadline in (obligation.deadline, obligation.administrative_deadline):
        target = deadline.obligation if isinstance(deadline, RelativeDeadline) else None
        if target and target not in found:
            found.append(target)
    return found
