"""Recurring duties whose evidence names long periods, judged run by run instead of occurrence by occurrence.

Evidence that names a ``period`` covers every occurrence inside it: a weekly duty with evidence claiming
the years 1000 to 8999 has some 417,000 occurrences covered by each record. :func:`judge_recurring` gives
exactly what :func:`policytrack.status.occurrences.judge_recurring` gives (the same counts, last missed
occurrence, latest occurrences and next open due date), at a cost bounded by the number of evidence
records and the :data:`~policytrack.status.occurrences.KEEP` latest occurrences, never by the span a record
claims:

* each evidence record covers a run of consecutive occurrences (``lo`` to ``hi``), found by searching the
  schedule: the occurrences wholly inside the period are covered, and the one at each end where the
  period covers at least half of it;
* the occurrences older than the latest ones are counted run by run: between two ends of runs the same
  records cover each occurrence, so the first of them to arrive splits the run into those met late (due
  before it) and those met;
* the next open due date skips whole runs.

Where no record's period spans more than :data:`BULK` occurrences, the ordinary path runs unchanged.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from datetime import date

from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.records import Evidence
from policytrack.status import occurrences
from policytrack.status.dates import Calendar
from policytrack.status.occurrences import KEEP, Judged, Occurrence, Schedule, _covering, _verdict, tally

BULK = 64
"""A period spanning more occurrences than this is judged in runs."""

Run = tuple[int, int, Evidence]
"""Occurrences ``lo`` to ``hi`` (indexes in the schedule) covered by one evidence record."""


def judge_recurring(
    rule: RecurringDeadline,
    start: date,
    evidence: Sequence[Evidence],
    as_of: date,
    soon: int,
    cal: Calendar,
    waived_until: date | None,
) -> Judged:
    """The verdicts of a recurring duty's occurrences, as :func:`occurrences.judge_recurring` gives them."""
    unit = _SHORTEST[rule.every] * rule.interval
    if not any(item.period is not None and (item.period.end - item.period.start).days > BULK * unit
               for item in evidence):
        return occurrences.judge_recurring(rule, start, evidence, as_of, soon, cal, waived_until)
    return _judge_in_runs(Schedule(rule, start, cal), evidence, as_of, soon, waived_until)


_SHORTEST = {"week": 7, "month": 28, "quarter": 89, "year": 365}
"""The fewest days of each unit: a period longer than ``BULK`` of them may span more than ``BULK``."""


def _judge_in_runs(
    schedule: Schedule, evidence: Sequence[Evidence], as_of: date, soon: int, waived_until: date | None
) -> Judged:
    upcoming = schedule.index_after(as_of)
    runs = _runs(schedule, evidence, upcoming)
    next_open = upcoming
    if any(lo <= upcoming <= hi for lo, hi, _ in runs):
        # Covered early: the first occurrence after it that no run covers (as the ordinary path finds it).
        last_end = max((item.period.end for item in evidence if item.period is not None), default=as_of)
        limit = max(schedule.index_after(last_end), upcoming + 1)
        while schedule.slot(limit).start <= last_end and schedule.slot(limit).due.year < 9999:
            limit += 1
        ahead = sorted((lo, hi) for lo, hi, _ in _runs(schedule, evidence, limit))
        next_open += 1
        moved = True
        while moved:
            moved = False
            for lo, hi in ahead:
                if lo <= next_open <= hi:
                    next_open, moved = hi + 1, True
    recent = range(max(0, upcoming - KEEP + 1), upcoming + 1)
    waived_below = schedule.index_after(waived_until) if waived_until is not None else 0
    kept = []
    for index in recent:
        slot = schedule.slot(index)
        items = [item for lo, hi, item in runs if lo <= index <= hi]
        met_on = min((item.date for item in items), default=None)
        kept.append(Occurrence(slot.key, slot.due, slot.start, slot.end,
                               _verdict(slot.due, met_on, as_of, soon, index < waived_below), met_on,
                               tuple(item.id for item in items)))
    judged = tally(kept)
    counts = judged.counts
    # Before the latest ones: covered occurrences are met or met late, run by run; the rest are missed
    # (or waived, below the waiver's last due date), as the ordinary path counts them.
    met, late = _covered_verdicts(schedule, runs, recent.start)
    if late:
        counts["met-late"] = counts.get("met-late", 0) + late
    if met:
        counts["met"] = counts.get("met", 0) + met
    total_rest = recent.start - (met + late)
    waived_limit = min(waived_below, recent.start)
    waived_rest = waived_limit - _covered_count(runs, waived_limit)
    if waived_rest:
        counts["waived"] = counts.get("waived", 0) + waived_rest
    if total_rest - waived_rest:
        counts["missed"] = counts.get("missed", 0) + total_rest - waived_rest
    last_missed = judged.last_missed
    if last_missed is None and total_rest - waived_rest > 0:
        index = recent.start - 1
        while index >= waived_below:
            holding = [lo for lo, hi, _ in runs if lo <= index <= hi]
            if not holding:
                break
            index = min(holding) - 1
        if index >= waived_below:
            slot = schedule.slot(index)
            last_missed = Occurrence(slot.key, slot.due, slot.start, slot.end, "missed")
    return Judged(kept, counts, last_missed, schedule.slot(next_open).due)


def _first_ending(schedule: Schedule, day: date) -> int:
    """The first index whose covered span ends on or after ``day`` (the occurrence holding ``day``)."""
    rule = schedule.rule
    if rule.every == "week":
        guess = (day - schedule.first).days // (7 * rule.interval)
    else:
        months = (day.year - schedule.first.year) * 12 + day.month - schedule.first.month
        guess = months // ({"month": 1, "quarter": 3, "year": 12}[rule.every] * rule.interval)
    index = max(guess - 2, 0)
    while index > 0 and schedule.slot(index - 1).end >= day:
        index -= 1
    while schedule.slot(index).end < day and schedule.slot(index).end.year < 9999:
        index += 1
    return index


def _runs(schedule: Schedule, evidence: Sequence[Evidence], limit: int) -> list[Run]:
    """The runs of occurrences up to index ``limit`` that each evidence record covers, in evidence order."""
    runs: list[Run] = []
    for item in evidence:
        period = item.period
        if period is not None:
            first = _first_ending(schedule, period.start)
            last = min(_first_ending(schedule, period.end), limit)
            if last - first >= max(BULK, 2):
                # Every occurrence between the two ends lies wholly inside the period; each end is covered
                # where the period covers at least half of it.
                lo = first if _half_covered(schedule, first, period.start, period.end) else first + 1
                hi = last if _half_covered(schedule, last, period.start, period.end) else last - 1
                runs.append((lo, hi, item))
                continue
        indexes = sorted(_covering(schedule, [item], limit))  # a short span: occurrence by occurrence
        for index in indexes:
            if runs and runs[-1][2] is item and runs[-1][1] == index - 1:
                runs[-1] = (runs[-1][0], index, item)
            else:
                runs.append((index, index, item))
    return runs


def _half_covered(schedule: Schedule, index: int, start: date, end: date) -> bool:
    slot = schedule.slot(index)
    overlap = (min(end, slot.end) - max(start, slot.start)).days + 1
    return 2 * overlap >= (slot.end - slot.start).days + 1


def _covered_count(runs: Sequence[Run], below: int) -> int:
    """How many indexes under ``below`` some run covers."""
    spans = sorted((lo, min(hi, below - 1)) for lo, hi, _ in runs if lo < below)
    total, reach = 0, -1
    for lo, hi in spans:
        if hi > reach:
            total += hi - max(lo, reach + 1) + 1
            reach = hi
    return total


def _covered_verdicts(schedule: Schedule, runs: Sequence[Run], below: int) -> tuple[int, int]:
    """(met, met late) among the covered indexes under ``below``: a sweep over the ends of the runs,
    keeping the evidence dates that cover the stretch between two ends (the earliest one decides)."""
    edges: list[tuple[int, int, date]] = []
    for lo, hi, item in runs:
        if lo < below:
            edges.append((lo, 1, item.date))
            edges.append((min(hi + 1, below), -1, item.date))
    edges.sort(key=lambda edge: edge[0])
    active: list[date] = []
    removed: dict[date, int] = {}
    met = late = 0
    position = 0
    for at, change, day in edges:
        while active and removed.get(active[0], 0):
            removed[active[0]] -= 1
            heapq.heappop(active)
        if active and at > position:
            first_met = min(max(schedule.index_from(active[0]), position), at)
            late += first_met - position
            met += at - first_met
        position = at
        if change > 0:
            heapq.heappush(active, day)
        else:
            removed[day] = removed.get(day, 0) + 1
    return met, late
