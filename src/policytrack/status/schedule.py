"""A recurring deadline's occurrences: each due date and the named period it reports on.

The rules are those of ``docs/status-semantics.md``:

* S2.1 "Within N days after each quarter" (``days_after_period_end``) reports on the calendar period that
  ended N days before its due date; "by a day" (``month``, ``day``) reports on the last whole calendar
  period (``every`` × ``interval``) ending on or before its due date; a weekly one on the seven days
  ending on its due date.
* S1.7 An occurrence is owed when the duty's span began before its period ended.
* S2.4 ``first`` names the first due date and fills in what the rule leaves unsaid (the day; for a
  yearly rule the month); where it contradicts what the rule says, the rule holds and the first
  occurrence owed is the rule's first due date on or after ``first``. A ``first`` before the span is
  clipped to it (S1.10). :func:`schedule_problems` says what is contradictory, for the rule
  ``contradictory-schedule``.

A :class:`Schedule` computes any occurrence by its index directly (index 0 is the first one owed), so a
weekly duty since 1990 costs no more than a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from policytrack.model.deadlines import RecurringDeadline
from policytrack.status.dates import Calendar, add_months, month_days, shift_days

UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True, slots=True)
class Slot:
    """A due date with the named period it reports on, before any evidence is looked at."""

    key: str
    due: date
    """The due date, moved off a weekend or holiday where the repository's ``roll`` says so."""
    start: date
    """First day of the named period."""
    end: date
    """Last day of the named period."""
    during: bool = False
    """True where the period ends on the (unmoved) due date: the duty is an act done during the period."""


def _unit_index(day: date, months: int) -> int:
    """The index of the calendar unit (``months`` long, aligned to January) holding ``day``."""
    return (day.year * 12 + day.month - 1) // months


def _unit_start(index: int, months: int) -> date:
    total = index * months
    return date(total // 12, total % 12 + 1, 1)


def _unit_end(index: int, months: int) -> date:
    total = index * months + months - 1
    year, month = total // 12, total % 12 + 1
    return date(year, month, month_days(year, month))


def _safe_year(day: date) -> bool:
    return 2 <= day.year <= 9997


def label(every: str, begin: date, end: date) -> str:
    """The name of a period: ``2021``, ``2021-Q3``, ``2021-06``, ``2021-W05``, or its first and last days."""
    if every == "year" and begin == date(begin.year, 1, 1) and end.month == 12 and end.day == 31:
        return f"{begin.year}" if end.year == begin.year else f"{begin.year}–{end.year}"
    whole_months = begin.day == 1 and end.day == month_days(end.year, end.month)
    if every == "quarter" and whole_months and (begin.month - 1) % 3 == 0 and \
            (end.year * 12 + end.month) - (begin.year * 12 + begin.month) == 2:
        return f"{begin.year}-Q{(begin.month - 1) // 3 + 1}"
    if every == "month" and whole_months and (begin.year, begin.month) == (end.year, end.month):
        return f"{begin.year}-{begin.month:02d}"
    if every == "week" and (end - begin).days == 6 and begin.weekday() == 0:
        iso = begin.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return f"{begin.isoformat()} to {end.isoformat()}"


# --- the two forms ---------------------------------------------------------------------------------------


class _Anchored:
    """ "By a day": due on a day of the month (and a month of the year), every so many units."""

    def __init__(self, rule: RecurringDeadline, span_start: date) -> None:
        self.rule = rule
        self.every = rule.every
        first = rule.first
        self.contradicted = first is not None and _contradicts(rule, first)
        trusted = first if first is not None and not self.contradicted else None
        self.step = UNIT_MONTHS.get(rule.every, 0) * rule.interval
        # ``first`` fills in what the rule leaves unsaid: the month of a yearly rule and the months a
        # quarterly one's quarters end, always; the day only where it agrees with the rule (S2.4).
        self.cycle = first.month % 3 if first is not None and rule.every == "quarter" else 0
        if rule.every == "week":
            self.day = 0
            self.month = None
        else:
            self.day = rule.day or (trusted.day if trusted is not None else 31)
            self.month = rule.month or (first.month if first is not None and rule.every == "year" else None)
        # The last day of its period: a monthly duty on day 31, a yearly one on December 31, a quarterly one
        # on a calendar quarter's last day. Otherwise it reports on the whole period before its due date (S2.1).
        if rule.every == "week":
            self.on_last_day = False
        elif rule.every == "month":
            self.on_last_day = self.day >= 31
        elif rule.every == "quarter":
            self.on_last_day = self.day >= 31 and self.cycle == 0
        else:
            self.on_last_day = self.month == 12 and self.day >= 31
        self.anchor = self._anchor(span_start, first)

    def _anchor(self, span_start: date, first: date | None) -> date:
        """Index 0: the first occurrence owed (S1.7, S2.4, S1.10)."""
        if first is not None:
            base = first if not self.contradicted else self._first_on_or_after(first, first)
            if first >= span_start:
                return base
            # Before the span: clipped to it, on first's grid.
            if self.every == "week":
                count = max(0, (span_start - base).days // (7 * self.rule.interval) - 1)
            else:
                months = (span_start.year - base.year) * 12 + span_start.month - base.month
                count = max(0, months // self.step - 1)
            for step in range(count, count + 6):
                candidate = self.nth(base, step)
                if self.period(candidate)[1] > span_start or not _safe_year(candidate):
                    return candidate
            return candidate  # pragma: no cover
        candidate = self._first_on_or_after(span_start, None)
        for _ in range(4):  # at most a step or two: the first whose period ends after the span began
            if self.period(candidate)[1] > span_start or not _safe_year(candidate):
                return candidate
            candidate = self.nth(candidate, 1)
        return candidate  # pragma: no cover

    def _first_on_or_after(self, day: date, grid: date | None) -> date:
        if self.every == "week":
            if grid is None:
                return shift_days(day, 7)
            weeks = max(0, -(-(day - grid).days // (7 * self.rule.interval)))
            return shift_days(grid, 7 * self.rule.interval * weeks)
        if self.every == "year":
            month = self.month or 12
        elif self.every == "quarter":
            month = day.month + (self.cycle - day.month) % 3
        else:
            month = day.month
        year = day.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        candidate = date(year, month, min(self.day, month_days(year, month)))
        while candidate < day and _safe_year(candidate):
            candidate = add_months(candidate, UNIT_MONTHS[self.every], self.day)
            if self.every == "year" and self.month is not None and candidate.month != self.month:
                candidate = add_months(date(candidate.year, self.month, 1), 0, self.day)
        return candidate

    def nth(self, anchor: date, count: int) -> date:
        if self.every == "week":
            return shift_days(anchor, 7 * self.rule.interval * count)
        due = add_months(anchor, self.step * count, self.day)
        if self.every == "year" and self.month is not None and due.month != self.month:
            due = add_months(date(due.year, self.month, 1), 0, self.day)
        return due

    def period(self, due: date) -> tuple[date, date]:
        if self.every == "week":
            return shift_days(due, -7 * self.rule.interval + 1), due
        months = UNIT_MONTHS[self.every]
        index = _unit_index(due, months)
        if not self.on_last_day or due != _unit_end(index, months):
            index -= 1
        return _unit_start(index - self.rule.interval + 1, months), _unit_end(index, months)

    def slot(self, index: int, cal: Calendar) -> Slot:
        due = self.nth(self.anchor, index)
        start, end = self.period(due)
        return Slot(f"due {due.isoformat()}", cal.rolled(due), start, end, end == due)


class _AfterPeriod:
    """ "Within N days after each period": calendar periods, each due N days after it ends."""

    def __init__(self, rule: RecurringDeadline, span_start: date) -> None:
        self.rule = rule
        self.lag = rule.days_after_period_end or 0
        self.every = rule.every
        first = rule.first
        self.contradicted = first is not None and not _ends_a_unit(rule.every, shift_days(first, -self.lag))
        if first is not None:
            anchor = shift_days(first, -self.lag)
            if self.contradicted:  # the rule's first due date on or after ``first``: the next unit's end
                anchor = self._unit_bounds(anchor)[1]
            begin = self._back(self._unit_bounds(anchor)[0], rule.interval - 1)
            if first < span_start:  # clipped to the span, on first's grid
                while self._end(begin) <= span_start and _safe_year(begin):
                    begin = shift_days(self._end(begin), 1)
            self.first_begin = begin
        else:
            begin = self._unit_bounds(span_start)[0]
            if self._end(begin) <= span_start:
                begin = shift_days(self._end(begin), 1)
            self.first_begin = begin

    def _unit_bounds(self, day: date) -> tuple[date, date]:
        if self.every == "week":
            begin = shift_days(day, -day.weekday())
            return begin, shift_days(begin, 6)
        months = UNIT_MONTHS[self.every]
        index = _unit_index(day, months)
        return _unit_start(index, months), _unit_end(index, months)

    def _back(self, begin: date, units: int) -> date:
        if self.every == "week":
            return shift_days(begin, -7 * units)
        return add_months(begin, -UNIT_MONTHS[self.every] * units, 1)

    def _end(self, begin: date) -> date:
        if self.every == "week":
            return shift_days(begin, 7 * self.rule.interval - 1)
        after = add_months(begin, UNIT_MONTHS[self.every] * self.rule.interval, 1)
        return shift_days(after, -1) if after > begin else begin

    def begin_of(self, index: int) -> date:
        if self.every == "week":
            return shift_days(self.first_begin, 7 * self.rule.interval * index)
        return add_months(self.first_begin, UNIT_MONTHS[self.every] * self.rule.interval * index, 1)

    def slot(self, index: int, cal: Calendar) -> Slot:
        begin = self.begin_of(index)
        end = self._end(begin)
        return Slot(label(self.every, begin, end), cal.rolled(shift_days(end, self.lag)), begin, end, self.lag == 0)


def _ends_a_unit(every: str, day: date) -> bool:
    if every == "week":
        return day.weekday() == 6
    if day.day != month_days(day.year, day.month):
        return False
    return every == "month" or (every == "quarter" and day.month % 3 == 0) or (every == "year" and day.month == 12)


def _contradicts(rule: RecurringDeadline, first: date) -> bool:
    """True when ``first`` is not one of the rule's own due dates: a ``month`` or ``day`` the rule states and
    ``first`` does not keep. What the rule leaves unsaid, ``first`` fills in (S2.4)."""
    if rule.every == "week":
        return False
    if rule.every == "year" and rule.month is not None and first.month != rule.month:
        return True
    return rule.day is not None and first.day != min(rule.day, month_days(first.year, first.month))


def schedule_problems(rule: RecurringDeadline, span_start: date) -> list[str]:
    """What is contradictory in a recurring deadline (for the ``contradictory-schedule`` rule), in words."""
    problems: list[str] = []
    first = rule.first
    if first is None:
        return problems
    if rule.days_after_period_end is not None:
        if not _ends_a_unit(rule.every, shift_days(first, -rule.days_after_period_end)):
            problems.append(f"'first' ({first}) is not {rule.days_after_period_end} days after the end of a "
                            f"{rule.every}; the first due date owed is the rule's next one")
    elif _contradicts(rule, first):
        problems.append(f"'first' ({first}) is not on the rule's own "
                        f"{'month and day' if rule.every == 'year' and rule.month else 'day'}; the rule holds, "
                        "from its first due date on or after it")
    if first < span_start:
        problems.append(f"'first' ({first}) is before the duty existed ({span_start}); nothing is owed before "
                        f"{span_start}")
    return problems


class Schedule:
    """The occurrences of a recurring duty, by index (0 = the first one owed), each computed directly."""

    ordered = True
    """Due dates, starts and ends never go back from one index to the next."""

    def __init__(self, rule: RecurringDeadline, span_start: date, cal: Calendar) -> None:
        self.rule = rule
        self.cal = cal
        self.form: _Anchored | _AfterPeriod = (
            _AfterPeriod(rule, span_start) if rule.days_after_period_end is not None else _Anchored(rule, span_start))
        self._slots: dict[int, Slot] = {}
        self._found: dict[tuple[date, str, bool], int] = {}

    def slot(self, index: int) -> Slot:
        """The occurrence at ``index``, with its due date, named period and key."""
        found = self._slots.get(index)
        if found is None:
            found = self._slots[index] = self.form.slot(index, self.cal)
        return found

    def _approx_index(self, day: date) -> int:
        rule = self.rule
        first = self.slot(0).due
        if rule.every == "week":
            return (day - first).days // (7 * rule.interval)
        months = (day.year - first.year) * 12 + day.month - first.month
        return months // (UNIT_MONTHS[rule.every] * rule.interval)

    def _search(self, key: date, attribute: str, strictly_after: bool) -> int:
        asked = (key, attribute, strictly_after)
        found = self._found.get(asked)
        if found is None:
            found = self._found[asked] = self._walk(key, attribute, strictly_after)
        return found

    def _walk(self, key: date, attribute: str, strictly_after: bool) -> int:
        def before(index: int) -> bool:
            value: date = getattr(self.slot(index), attribute)
            return value <= key if strictly_after else value < key

        index = max(self._approx_index(key), 0)
        if before(index):
            index += 1
            while before(index) and self.slot(index).due.year < 9999:
                index += 1
            return index
        while index > 0 and not before(index - 1):
            index -= 1
        return index

    def index_after(self, day: date) -> int:
        """The first index whose due date is after ``day``."""
        return self._search(day, "due", True)

    def index_from(self, day: date) -> int:
        """The first index whose due date is on or after ``day``."""
        return self._search(day, "due", False)

    def index_ending_from(self, day: date) -> int:
        """The first index whose named period ends on or after ``day``."""
        return self._search(day, "end", False)


class Schedules:
    """The schedules of one run, shared by its rows (fan-out agencies, ``for_each`` instances) and by the
    dates of a replay: one per rule and span start, so each occurrence is computed once."""

    def __init__(self, cal: Calendar) -> None:
        self.cal = cal
        self._made: dict[tuple[Any, ...], Schedule] = {}
        self.derived: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        """Other work computed from the schedules (a key → the objects it was computed from, and the answer);
        the callers check the objects are the same ones (``is``) before reusing an answer."""
        self.answers: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        """The same, for answers that hold for one as-of date only (:meth:`at` forgets them)."""
        self.as_of: date | None = None

    def at(self, as_of: date) -> None:
        """Start a run as of ``as_of``: answers of another date are forgotten, schedules kept."""
        if as_of != self.as_of:
            self.answers.clear()
            self.as_of = as_of

    def get(self, rule: RecurringDeadline, span_start: date) -> Schedule:
        """The schedule of ``rule`` for a span starting on ``span_start`` (shared by equal rules: obligations
        written alike, "within 30 days after each quarter", share their occurrences)."""
        key = (span_start, *(getattr(rule, name) for name in RecurringDeadline.model_fields))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = Schedule(rule, span_start, self.cal)
        return found


def recurring_slots(rule: RecurringDeadline, span_start: date, until: date, cal: Calendar) -> list[Slot]:
    """Every occurrence owed of a recurring duty whose span began on ``span_start``: those due on or before
    ``until``, and the first one due after it (the slow path, built one by one)."""
    schedule = Schedule(rule, span_start, cal)
    slots = []
    index = 0
    while True:
        slot = schedule.slot(index)
        slots.append(slot)
        if slot.due > until or slot.due.year >= 9999:
            return slots
        index += 1
