"""When an ordinance's obligations can be met at the earliest: the schedule and its critical path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from policytrack.graph.answers import MET, Schedule, ScheduledObligation
from policytrack.model.deadlines import EventDeadline, RecurringDeadline
from policytrack.status.engine import ObligationStatus


class ScheduledGraph(Protocol):
    """What the schedule asks of the graph (a :class:`~policytrack.graph.queries.PolicyGraph`)."""

    @property
    def statuses(self) -> Mapping[str, ObligationStatus]:
        """The statuses of the run, by obligation id."""

    def obligations_of(self, ordinance_id: str) -> list[str]:
        """Ids of the obligations implementing an ordinance."""

    def dependencies(self, obligation_id: str) -> list[str]:
        """Ids of the obligations that ``obligation_id`` depends on (and that exist)."""

    def dependency_cycles(self) -> list[list[str]]:
        """One cycle of ``depends_on`` per strongly connected group."""


@dataclass(frozen=True)
class _Planned:
    earliest: date | None
    own: date | None
    after: str | None
    counts: bool = True


def schedule_of(graph: ScheduledGraph, ordinance_id: str, as_of: date) -> Schedule:
    """The earliest date by which all of ordinance Z's obligations can be met (critical path).

    Each obligation is planned for its due date (for recurring duties the next one; for duties on
    each event the day they came into force); one still open cannot be met before ``as_of``; one met
    was met on the day its last agency first showed evidence; waived and repealed ones do not count.
    An obligation cannot be met before everything it depends on (in any ordinance) is met, so its
    earliest date is the latest of its own date and its dependencies' earliest dates.
    """
    cyclic = {item for cycle in graph.dependency_cycles() for item in cycle}
    mine = graph.obligations_of(ordinance_id)
    memo = _plan(graph, mine, as_of, cyclic)
    rows: list[ScheduledObligation] = []
    undated: list[str] = []
    for obligation_id in mine:
        planned = memo[obligation_id]
        if not planned.counts:
            continue
        status = graph.statuses[obligation_id]
        slip = (planned.earliest - planned.own).days if planned.earliest and planned.own else 0
        rows.append(ScheduledObligation(obligation_id, status.status, status.due, planned.earliest,
                                        planned.after, slip))
        if planned.earliest is None and obligation_id not in cyclic:
            undated.append(obligation_id)
    in_cycles = tuple(sorted(cyclic & set(mine)))
    dated = [row for row in rows if row.earliest is not None]
    if not dated:
        return Schedule(ordinance_id, as_of, None, None, (), tuple(rows), tuple(undated), in_cycles)
    latest = max(row.earliest or as_of for row in dated)
    path: list[str] = []
    for row in sorted(dated, key=lambda item: item.obligation):
        if row.earliest != latest:
            continue
        chain = [row.obligation]
        while (after := memo[chain[0]].after) is not None and after not in chain:
            chain.insert(0, after)
        if len(chain) > len(path):  # among ties, the longest chain explains the date best
            path = chain
    last = next(row for row in dated if row.obligation == path[-1])
    return Schedule(ordinance_id, as_of, last.earliest, path[0], tuple(path), tuple(rows), tuple(undated),
                    in_cycles)


def _plan(graph: ScheduledGraph, roots: Iterable[str], as_of: date, cyclic: set[str]) -> dict[str, _Planned]:
    """Earliest dates of ``roots`` and everything they depend on, depth first without recursion."""
    memo: dict[str, _Planned] = {}
    expanded: set[str] = set()
    for root in roots:
        stack = [root]
        while stack:
            current = stack[-1]
            if current in memo:
                stack.pop()
                continue
            status = graph.statuses[current]
            if status.status in ("waived", "repealed", "not-in-force"):
                memo[current] = _Planned(None, None, None, counts=False)
                continue
            pending = [] if current in cyclic else [dep for dep in graph.dependencies(current) if dep not in memo]
            if current in cyclic or (pending and current in expanded):  # a cycle: no date can be given
                memo[current] = _Planned(None, None, None)
                continue
            if pending:
                expanded.add(current)
                stack.extend(pending)
                continue
            own = _own_date(status, as_of)
            best, after = own, None
            for dependency in graph.dependencies(current):
                planned = memo[dependency]
                if not planned.counts:
                    continue
                if planned.earliest is None:
                    best, after = None, dependency
                    break
                if best is not None and planned.earliest > best:
                    best, after = planned.earliest, dependency
            memo[current] = _Planned(best, own, after)
    return memo


def _own_date(status: ObligationStatus, as_of: date) -> date | None:
    if status.status in MET:
        firsts = [row.evidence[0].date for row in status.agencies if row.evidence]
        return max(firsts) if firsts else status.due
    if status.due is None:
        return None
    return max(status.due, as_of)


def single_due_date(status: ObligationStatus) -> bool:
    """True when the obligation is due once, on one date (not recurring, not on each event)."""
    return status.due is not None and not isinstance(status.deadline, RecurringDeadline | EventDeadline)
