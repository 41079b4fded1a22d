"""Every due date its own verdict: a deadline expanded into occurrences, each judged by its evidence.

* A one-time duty (a date, or a time after the enactment, the effective date or another obligation's
  completion) has one occurrence.
* A recurring duty has one occurrence per period: "by January 31 each year" is due on each January 31
  and covers the year before it; "within 30 days after the end of each quarter" is due 30 days after
  each quarter and covers that quarter. ``interval: 2`` takes every other period.
* A per-event duty has one occurrence per recorded event of its kind for the agency (and instance):
  due some days after the event, or before it. A batch event stands for a counted number of events.

Evidence covers an occurrence:

* evidence naming a ``period`` covers each occurrence whose period it covers at least half of (or,
  failing that, the one it overlaps most);
* evidence naming an ``event`` covers that event's occurrence (for a batch, ``count`` says how many of
  its events the evidence answers; none = all);
* other evidence covers the occurrence whose window holds its date: for a recurring duty the days
  after the previous due date up to this one, so a late report without a period counts for the next
  period, never silently for the one it missed; for a one-time duty any date.

An occurrence is ``met`` when evidence covering it is dated on or before its due date, ``met-late``
when only later evidence covers it, ``missed`` when its due date has passed without any, ``waived``
when a waiver covers its due date, and otherwise ``due-soon`` or ``not-yet-due``.
"""

from __future__ import annotations

import bisect
import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from policytrack.model.deadlines import EventDeadline, RecurringDeadline
from policytrack.model.records import Event, Evidence
from policytrack.status.dates import ONE_DAY, Calendar, add_amount, add_months, shift_days

Verdict = Literal["met", "met-late", "missed", "due-soon", "not-yet-due", "waived"]
VERDICTS: tuple[Verdict, ...] = ("missed", "due-soon", "not-yet-due", "met-late", "met", "waived")

KEEP = 8
"""How many of the latest occurrences a status keeps in full (the rest are counted)."""

_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One due date of a duty for one agency (and instance), and its verdict as of the run's date."""

    key: str
    """What it is for: ``once``, a period (``2021-Q3``, ``2021``, ``2021-06``, ``due 2022-01-31``) or
    an event id."""
    due: date | None
    start: date | None
    """First day of the period it covers (recurring duties), or the event's date."""
    end: date | None
    """Last day of the period it covers."""
    verdict: Verdict
    met_on: date | None = None
    """Date of the first evidence covering it."""
    evidence: tuple[str, ...] = ()
    """Ids of the evidence records covering it."""
    event: str | None = None
    count: int = 1
    """How many events it stands for (a batch)."""
    answered: int = 0
    """How many of those events evidence answers."""

    @property
    def late_days(self) -> int | None:
        """Days between the due date and the evidence, for an occurrence met late."""
        if self.verdict != "met-late" or self.met_on is None or self.due is None:
            return None
        return (self.met_on - self.due).days


# --- the due dates ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """A due date with the span it covers and its name, before any evidence is looked at."""

    key: str
    due: date
    start: date
    end: date


def recurring_slots(rule: RecurringDeadline, start: date, until: date, cal: Calendar) -> list[Slot]:
    """Every occurrence of a recurring duty that started on ``start``: those due on or before ``until``
    and the first one due after it."""
    if rule.days_after_period_end is not None:
        return _period_end_slots(rule, start, until, cal)
    first = rule.first or _first_due(rule, start)
    dues: list[date] = []
    step = 0
    while True:
        due = _nth_due(rule, first, step)
        dues.append(due)
        if cal.rolled(due) > until or due.year >= 9999:
            break
        step += 1
    slots = []
    previous = _nth_due(rule, first, -1)
    for due in dues:
        rolled = cal.rolled(due)
        slots.append(Slot(f"due {due.isoformat()}", rolled, shift_days(previous, 1), due))
        previous = due
    return slots


def _nth_due(rule: RecurringDeadline, first: date, step: int) -> date:
    count = step * rule.interval
    if rule.every == "week":
        return shift_days(first, 7 * count)
    if count == 0:
        return first  # as stated, even where ``first`` is not on the rule's day or month
    day = rule.day or (first.day if rule.first else 31)
    due = add_months(first, _UNIT_MONTHS[rule.every] * count, day)
    if rule.every == "year" and rule.month is not None and due.month != rule.month:
        due = add_months(date(due.year, rule.month, 1), 0, day)
    return due


def _first_due(rule: RecurringDeadline, start: date) -> date:
    """The first due date on or after the start, where the rule names no ``first``."""
    if rule.every == "week":
        return shift_days(start, 7)
    if rule.every == "year":
        month = rule.month or 12
    elif rule.every == "quarter":
        month = ((start.month - 1) // 3 + 1) * 3
    else:
        month = start.month
    last = calendar.monthrange(start.year, month)[1]
    candidate = date(start.year, month, min(rule.day or last, last))
    if candidate < start:
        candidate = add_months(candidate, _UNIT_MONTHS[rule.every], rule.day or 31)
    return candidate


def _period_end_slots(rule: RecurringDeadline, start: date, until: date, cal: Calendar) -> list[Slot]:
    """Periods aligned to the calendar (ISO weeks, months, quarters, years), the first one holding the
    start; each due ``days_after_period_end`` days after it ends."""
    lag = rule.days_after_period_end or 0
    if rule.first is not None:
        # The first due date names the first period: the one that ended ``lag`` days before it (or, where
        # that day ends no week, month, quarter or year, at the end of the one before), ``interval`` long.
        period_start = _first_period_start(rule, rule.first, lag)
    else:
        period_start, _ = _period_of(rule.every, start, rule.interval)
    slots: list[Slot] = []
    while True:
        period_end = _period_end(rule.every, period_start, rule.interval)
        due = cal.rolled(shift_days(period_end, lag))
        slots.append(Slot(_label(rule.every, period_start, period_end), due, period_start, period_end))
        if due > until or period_end.year >= 9999:
            break
        period_start = shift_days(period_end, 1)
    return slots


def _first_period_start(rule: RecurringDeadline, first: date, lag: int) -> date:
    """The first day of the first period, where the rule names its ``first`` due date."""
    anchor = shift_days(first, -lag)
    unit_start, unit_end = _period_of(rule.every, anchor, 1)
    if unit_end != anchor:
        unit_start, _ = _period_of(rule.every, shift_days(unit_start, -1), 1)
    back = rule.interval - 1
    if rule.every == "week":
        return shift_days(unit_start, -7 * back)
    return add_months(unit_start, -_UNIT_MONTHS[rule.every] * back, 1)


def _period_of(every: str, day: date, interval: int) -> tuple[date, date]:
    if every == "week":
        begin = shift_days(day, -day.weekday())
    else:
        size = _UNIT_MONTHS[every]
        index = (day.year * 12 + day.month - 1) // size * size
        begin = date(index // 12, index % 12 + 1, 1)
    return begin, _period_end(every, begin, interval)


def _period_end(every: str, begin: date, interval: int) -> date:
    if every == "week":
        return shift_days(begin, 7 * interval - 1)
    after = add_months(begin, _UNIT_MONTHS[every] * interval, 1)
    return after - ONE_DAY if after > begin else begin


def _label(every: str, begin: date, end: date) -> str:
    if every == "year":
        single = f"{begin.year}"
        return single if end.year == begin.year else f"{begin.year}–{end.year}"
    if every == "quarter" and (end.year * 12 + end.month) - (begin.year * 12 + begin.month) == 2:
        return f"{begin.year}-Q{(begin.month - 1) // 3 + 1}"
    if every == "month" and (begin.year, begin.month) == (end.year, end.month):
        return f"{begin.year}-{begin.month:02d}"
    if every == "week" and (end - begin).days == 6:
        iso = begin.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return f"{begin.isoformat()} to {end.isoformat()}"


def event_due(rule: EventDeadline, event: Event, cal: Calendar) -> date:
    """The due date of a per-event duty for one event: some days after it, or before it."""
    days = rule.offset if rule.direction == "after" else -rule.offset
    return cal.rolled(add_amount(event.date, days, "days", cal, rule.business_days))


# --- the verdicts ----------------------------------------------------------------------------------------


def _verdict(due: date | None, met_on: date | None, as_of: date, soon: int, waived: bool) -> Verdict:
    if met_on is not None and due is not None:
        return "met" if met_on <= due else "met-late"
    if met_on is not None:
        return "met"
    if waived:
        return "waived"
    if due is None:
        return "not-yet-due"
    if as_of > due:
        return "missed"
    if (due - as_of).days <= soon:
        return "due-soon"
    return "not-yet-due"


def judge_slots(
    slots: Sequence[Slot],
    evidence: Sequence[Evidence],
    as_of: date,
    soon: int,
    waived_until: date | None,
) -> list[Occurrence]:
    """Verdicts of a recurring duty's occurrences (see the module's rules for what covers what)."""
    covering: list[list[Evidence]] = [[] for _ in slots]
    ends = [slot.due for slot in slots]
    for item in evidence:
        if item.period is not None:
            for index in _covered_by_period(slots, item.period.start, item.period.end):
                covering[index].append(item)
            continue
        index = bisect.bisect_left(ends, item.date)
        if index < len(slots):
            covering[index].append(item)
    out = []
    for slot, items in zip(slots, covering, strict=True):
        met_on = min((item.date for item in items), default=None)
        waived = waived_until is not None and slot.due <= waived_until
        out.append(Occurrence(slot.key, slot.due, slot.start, slot.end,
                              _verdict(slot.due, met_on, as_of, soon, waived), met_on,
                              tuple(item.id for item in items)))
    return out


def _covered_by_period(slots: Sequence[Slot], start: date, end: date) -> list[int]:
    best, best_overlap, chosen = -1, 0, []
    # Slots are in date order: only those overlapping [start, end] matter.
    first = bisect.bisect_left([slot.end for slot in slots], start)
    for index in range(first, len(slots)):
        slot = slots[index]
        if slot.start > end:
            break
        overlap = (min(end, slot.end) - max(start, slot.start)).days + 1
        if overlap <= 0:
            continue
        length = (slot.end - slot.start).days + 1
        if 2 * overlap >= length:
            chosen.append(index)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    if chosen:
        return chosen
    return [best] if best >= 0 else []


def judge_events(
    rule: EventDeadline,
    events: Sequence[Event],
    evidence: Sequence[Evidence],
    as_of: date,
    soon: int,
    cal: Calendar,
    waived_until: date | None,
) -> list[Occurrence]:
    """Verdicts of a per-event duty: one occurrence per event, covered by evidence naming it."""
    answers: dict[str, list[Evidence]] = {}
    for item in evidence:
        if item.event is not None:
            answers.setdefault(item.event, []).append(item)
    out = []
    for event in sorted(events, key=lambda item: (item.date, item.id)):
        due = event_due(rule, event, cal)
        items = answers.get(event.id, [])
        answered = min(event.count, sum(item.count or event.count for item in items))
        met_on: date | None = None
        if items and answered >= event.count:
            # The day the last needed answer came in.
            running = 0
            for item in sorted(items, key=lambda record: record.date):
                running += item.count or event.count
                if running >= event.count:
                    met_on = item.date
                    break
        waived = waived_until is not None and due <= waived_until
        start = event.period.start if event.period else event.date
        out.append(Occurrence(event.id, due, start, event.date,
                              _verdict(due, met_on, as_of, soon, waived), met_on,
                              tuple(item.id for item in items), event.id, event.count, answered))
    return out


def judge_once(
    due: date | None,
    evidence: Sequence[Evidence],
    as_of: date,
    soon: int,
    waived_until: date | None,
) -> Occurrence:
    """The single occurrence of a one-time duty: any evidence covers it."""
    met_on = min((item.date for item in evidence), default=None)
    waived = waived_until is not None and (due is None or due <= waived_until)
    return Occurrence("once", due, None, None, _verdict(due, met_on, as_of, soon, waived), met_on,
                      tuple(item.id for item in evidence))


# --- the fast path: a recurring duty judged without building every period --------------------------------


class Schedule:
    """The occurrences of a recurring duty, by index (0 = the first one due after its start), each
    computed directly: a weekly duty since 1990 costs no more than a new one."""

    def __init__(self, rule: RecurringDeadline, start: date, cal: Calendar) -> None:
        self.rule = rule
        self.cal = cal
        self.lag = rule.days_after_period_end
        if self.lag is None:
            self.first = rule.first or _first_due(rule, start)
        elif rule.first is not None:
            self.first = _first_period_start(rule, rule.first, self.lag)
        else:
            self.first, _ = _period_of(rule.every, start, rule.interval)
        self._slots: dict[int, Slot] = {}

    def _step(self, index: int) -> date:
        """The unrolled due date (anchored form) or the period's first day (period form) of ``index``."""
        rule = self.rule
        if self.lag is None:
            return _nth_due(rule, self.first, index)
        if rule.every == "week":
            return shift_days(self.first, 7 * rule.interval * index)
        return add_months(self.first, _UNIT_MONTHS[rule.every] * rule.interval * index, 1)

    def slot(self, index: int) -> Slot:
        """The occurrence at ``index``, with its due date, the span it covers and its name."""
        found = self._slots.get(index)
        if found is None:
            found = self._slots[index] = self._make(index)
        return found

    def _make(self, index: int) -> Slot:
        rule = self.rule
        if self.lag is None:
            due = self._step(index)
            previous = self._step(index - 1)
            return Slot(f"due {due.isoformat()}", self.cal.rolled(due), shift_days(previous, 1), due)
        begin = self._step(index)
        end = _period_end(rule.every, begin, rule.interval)
        return Slot(_label(rule.every, begin, end), self.cal.rolled(shift_days(end, self.lag)), begin, end)

    def index_after(self, day: date) -> int:
        """The first index whose due date is after ``day``."""
        return self._search(day, strictly_after=True)

    def index_from(self, day: date) -> int:
        """The first index whose due date is on or after ``day``."""
        return self._search(day, strictly_after=False)

    def _search(self, day: date, *, strictly_after: bool) -> int:
        def before(index: int) -> bool:  # True while the index's due date is still too early
            due = self.slot(index).due
            return due <= day if strictly_after else due < day

        rule = self.rule
        if rule.every == "week":
            guess = (day - self.first).days // (7 * rule.interval)
        else:
            months = (day.year - self.first.year) * 12 + day.month - self.first.month
            guess = months // (_UNIT_MONTHS[rule.every] * rule.interval)
        index = max(guess - 2, 0)
        while index > 0 and not before(index - 1):
            index -= 1
        while before(index) and self.slot(index).due.year < 9999:
            index += 1
        return index

    def overlapping(self, start: date, end: date, limit: int) -> list[int]:
        """Indexes up to ``limit`` whose covered span overlaps ``start``..``end``, in order."""
        found = []
        index = max(self.index_from(start) - 1, 0)
        while index <= limit:
            slot = self.slot(index)
            if slot.start > end:
                break
            if slot.end >= start:
                found.append(index)
            index += 1
        return found


@dataclass(frozen=True, slots=True)
class Judged:
    """A duty's occurrences as the status needs them: the ones kept in full, and counts of all."""

    kept: list[Occurrence]
    """The latest :data:`KEEP` occurrences up to the next one due, and any other covered by evidence."""
    counts: dict[str, int]
    last_missed: Occurrence | None
    next_open: date | None = None
    """The first due date after the as-of date that no evidence covers (recurring duties)."""


def tally(occurrences: list[Occurrence]) -> Judged:
    """Counts and the last missed occurrence of a list that holds every occurrence."""
    counts: dict[str, int] = {}
    last_missed = None
    for item in occurrences:
        counts[item.verdict] = counts.get(item.verdict, 0) + 1
        if item.verdict == "missed":
            last_missed = item
    return Judged(occurrences, counts, last_missed)


def judge_recurring(
    rule: RecurringDeadline,
    start: date,
    evidence: Sequence[Evidence],
    as_of: date,
    soon: int,
    cal: Calendar,
    waived_until: date | None,
) -> Judged:
    """The verdicts of a recurring duty's occurrences (the same rules as :func:`judge_slots` over
    :func:`recurring_slots`), building only the occurrences that evidence covers and the latest ones."""
    schedule = Schedule(rule, start, cal)
    upcoming = schedule.index_after(as_of)
    covering = _covering(schedule, evidence, upcoming)
    next_open = upcoming
    if upcoming in covering:
        # Covered early: the next open one is further on. Evidence naming a period may reach ahead; the
        # occurrence at ``limit`` starts after the last period named, so it (if no earlier one) is open.
        last_end = max((item.period.end for item in evidence if item.period is not None), default=as_of)
        limit = max(schedule.index_after(last_end), upcoming + 1)
        while schedule.slot(limit).start <= last_end and schedule.slot(limit).due.year < 9999:
            limit += 1
        ahead = _covering(schedule, evidence, limit)
        next_open += 1
        while next_open in ahead:
            next_open += 1
    recent = range(max(0, upcoming - KEEP + 1), upcoming + 1)
    keep = sorted(set(recent) | set(covering))
    waived_below = schedule.index_after(waived_until) if waived_until is not None else 0
    kept = []
    for index in keep:
        slot = schedule.slot(index)
        items = covering.get(index, [])
        met_on = min((item.date for item in items), default=None)
        kept.append(Occurrence(slot.key, slot.due, slot.start, slot.end,
                               _verdict(slot.due, met_on, as_of, soon, index < waived_below), met_on,
                               tuple(item.id for item in items)))
    judged = tally(kept)
    counts = judged.counts
    # The rest are past and uncovered: counted, and built only where the last missed one is among them.
    total_rest = recent.start - sum(1 for index in covering if index < recent.start)
    waived_rest = (min(waived_below, recent.start) - sum(1 for index in covering if index < min(waived_below,
                                                                                              recent.start)))
    if waived_rest:
        counts["waived"] = counts.get("waived", 0) + waived_rest
    if total_rest - waived_rest:
        counts["missed"] = counts.get("missed", 0) + total_rest - waived_rest
    last_missed = judged.last_missed
    if last_missed is None and total_rest - waived_rest > 0:
        index = recent.start - 1
        while index >= waived_below and (index in covering):
            index -= 1
        if index >= waived_below:
            slot = schedule.slot(index)
            last_missed = Occurrence(slot.key, slot.due, slot.start, slot.end, "missed")
    return Judged(kept, counts, last_missed, schedule.slot(next_open).due)


def _covering(schedule: Schedule, evidence: Sequence[Evidence], limit: int) -> dict[int, list[Evidence]]:
    """The evidence covering each occurrence up to index ``limit`` (the module's rules)."""
    covering: dict[int, list[Evidence]] = {}
    for item in evidence:
        if item.period is not None:
            spans = [(index, schedule.slot(index)) for index in
                     schedule.overlapping(item.period.start, item.period.end, limit)]
            chosen, best, best_overlap = [], -1, 0
            for index, slot in spans:
                overlap = (min(item.period.end, slot.end) - max(item.period.start, slot.start)).days + 1
                if 2 * overlap >= (slot.end - slot.start).days + 1:
                    chosen.append(index)
                if overlap > best_overlap:
                    best, best_overlap = index, overlap
            for index in chosen or ([best] if best >= 0 else []):
                covering.setdefault(index, []).append(item)
            continue
        index = schedule.index_from(item.date)
        if index <= limit:
            covering.setdefault(index, []).append(item)
    return covering
