"""The calendar of a jurisdiction: what "today" is there, business days, and date arithmetic that
never overflows.

* "Today" is the date in the repository's time zone (``timezone`` in ``policytrack.yml``), not on the
  machine that runs the check: a CI runner in UTC must not move a Seattle deadline a day early.
* Business days skip weekends and the public holidays of the jurisdiction (``holidays: {country: US,
  subdivision: WA}``), from the well-kept ``holidays`` package, plus any ``extra`` days the config names.
* A due date that falls on a weekend or holiday moves forward or backward when the config's ``roll``
  says so (the law's own roll-forward rule); by default it stays where the law puts it.
* Every sum is clamped to the range of dates Python can hold, so no deadline, however absurd, crashes.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from policytrack.model.records import Config

LAST_DAY = date(9999, 12, 31)
FIRST_DAY = date(1, 1, 1)


def today(timezone: str = "UTC") -> date:
    """The date now in ``timezone`` (an IANA name); UTC when the name is unknown."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        zone = ZoneInfo("UTC")
    return datetime.now(zone).date()


def valid_timezone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        return False
    return True


def shift_days(start: date, days: int) -> date:
    """``start`` plus ``days`` (negative goes back), clamped to the dates Python can hold."""
    ordinal = start.toordinal() + days
    return date.fromordinal(min(max(ordinal, 1), LAST_DAY.toordinal()))


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """How many days the month has."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(start: date, months: int, day: int | None = None) -> date:
    """``start`` moved by whole months, on ``day`` (default: the same day), clamped to the month's end."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if year < 1:
        return FIRST_DAY
    if year > 9999:
        return LAST_DAY
    month += 1
    return date(year, month, min(day or start.day, month_days(year, month)))


@dataclass(frozen=True)
class Calendar:
    """Working days of one jurisdiction."""

    country: str | None = None
    subdivision: str | None = None
    extra: frozenset[date] = field(default_factory=frozenset)
    roll: str = "none"

    @classmethod
    def from_config(cls, config: Config) -> Calendar:
        """The calendar that ``policytrack.yml`` describes."""
        if config.holidays is None:
            return cls(roll=config.roll)
        return cls(config.holidays.country, config.holidays.subdivision, frozenset(config.holidays.extra),
                   config.roll)

    def is_holiday(self, day: date) -> bool:
        """True on a public holiday of the jurisdiction."""
        if day in self.extra:
            return True
        if self.country is None:
            return False
        return day in _holidays(self.country, self.subdivision, day.year)

    def is_business_day(self, day: date) -> bool:
        """Monday to Friday, and not a public holiday."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def add_business_days(self, start: date, days: int) -> date:
        """The ``days``-th business day after ``start`` (before it, for a negative count).

        Counted arithmetically: the ``n``-th weekday is found in whole weeks, then the weekday holidays
        passed on the way are counted from each year's sorted holiday list and that many more weekdays
        are added, until none is passed. A century of business days costs a few steps, never a walk day
        by day. Past the dates Python can hold, the count stops at the first or last of them."""
        if days == 0:
            return start
        step = 1 if days > 0 else -1
        current = start
        remaining = abs(days)
        while remaining > 0:
            target = _nth_weekday(current, remaining, step)
            if target is None:  # beyond the dates Python can hold: stop at the edge, as a walk would
                return LAST_DAY if step > 0 else FIRST_DAY
            remaining = self._weekday_holidays(current, target, step)
            current = target
        return current

    def _weekday_holidays(self, current: date, target: date, step: int) -> int:
        """How many holidays on a weekday lie after ``current`` up to ``target`` (in the direction of
        ``step``): ``current`` itself excluded, ``target`` included. The whole years between are counted
        from running totals (:func:`_holiday_totals`), so a century costs two look-ups, not a hundred."""
        if self.country is None and not self.extra:
            return 0
        low, high = (current, target) if step > 0 else (target, current)
        find = bisect.bisect_right if step > 0 else bisect.bisect_left  # (low, high] forwards, [low, high) back
        first, last = _weekday_holiday_list(self, low.year), _weekday_holiday_list(self, high.year)
        if low.year == high.year:
            return find(first, high) - find(first, low)
        totals = _holiday_totals(self)
        between = totals.years(low.year + 1, high.year)  # the years after low's, before high's
        return len(first) - find(first, low) + between + find(last, high)

    def rolled(self, due: date, earlier: bool = False) -> date:
        """A due date moved off a weekend or holiday, where the config's ``roll`` says so; ``earlier`` for a
        date counted before an event, which never moves later (S2.7)."""
        if self.roll == "none":
            return due
        step = -1 if earlier or self.roll == "backward" else 1
        current = due
        for _ in range(30):
            if self.is_business_day(current):
                return current
            current = shift_days(current, step)
        return due  # pragma: no cover - 30 days without a business day cannot happen


def _nth_weekday(start: date, count: int, step: int) -> date | None:
    """The ``count``-th day from Monday to Friday after ``start`` (before it, for a ``step`` of -1), or
    None when it lies beyond the dates Python can hold."""
    weeks, rest = divmod(count, 5)
    if rest == 0:  # the last of them is found by walking, so that a start on a weekend counts right
        weeks, rest = weeks - 1, 5
    ordinal = start.toordinal() + step * 7 * weeks
    while rest:
        ordinal += step
        if not 1 <= ordinal <= LAST_DAY.toordinal():
            return None
        if (ordinal - 1) % 7 < 5:  # date.fromordinal(1) is a Monday
            rest -= 1
    return date.fromordinal(ordinal)


@functools.lru_cache(maxsize=4096)
def _weekday_holiday_list(calendar: Calendar, year: int) -> list[date]:
    """The holidays of ``calendar`` in ``year`` that fall on a weekday, sorted."""
    days = {day for day in calendar.extra if day.year == year}
    if calendar.country is not None:
        days |= _holidays(calendar.country, calendar.subdivision, year)
    return sorted(day for day in days if day.weekday() < 5)


class _Totals:
    """Weekday holidays of one calendar counted year by year from a base year, extended as asked."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.base: int | None = None
        self.running: list[int] = [0]
        """``running[i]``: the weekday holidays of the years from ``base`` to ``base + i`` (excluded)."""

    def years(self, first: int, last: int) -> int:
        """The weekday holidays of the years from ``first`` to ``last`` (excluded)."""
        self._reach(first)
        self._reach(last)
        assert self.base is not None
        return self.running[last - self.base] - self.running[first - self.base]

    def _reach(self, year: int) -> None:
        if self.base is None:
            self.base = year
        while year < self.base:  # extend below: every total grows by the new first year's holidays
            self.base -= 1
            added = len(_weekday_holiday_list(self.calendar, self.base))
            self.running = [0, *(total + added for total in self.running)]
        while year > self.base + len(self.running) - 1:
            newest = self.base + len(self.running) - 1
            self.running.append(self.running[-1] + len(_weekday_holiday_list(self.calendar, newest)))


@functools.lru_cache(maxsize=64)
def _holiday_totals(calendar: Calendar) -> _Totals:
    return _Totals(calendar)


@functools.lru_cache(maxsize=512)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    import holidays

    try:
        table = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except (NotImplementedError, KeyError, ValueError):
        return frozenset()
    return frozenset(table)


def known_holiday_region(country: str, subdivision: str | None) -> bool:
    """True when the ``holidays`` package knows the country (and the subdivision, if given)."""
    import holidays

    try:
        holidays.country_holidays(country, subdiv=subdivision, years=2000)
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


def add_amount(start: date, amount: int, unit: str, cal: Calendar, business: bool = False) -> date:
    """``start`` plus ``amount`` days, business days, weeks, months or years."""
    if unit == "days":
        return cal.add_business_days(start, amount) if business else shift_days(start, amount)
    if unit == "weeks":
        return shift_days(start, 7 * amount)
    if unit == "months":
        return add_months(start, amount)
    return add_months(start, 12 * amount)


def earliest(day: date) -> date:
    """The first day a date may stand for: a date known only to its month or year counts from that span's
    first day where that is the strict reading (a trigger, S2.6); a whole date is itself."""
    precision = getattr(day, "precision", "day")
    if precision == "month":
        return date(day.year, day.month, 1)
    if precision == "year":
        return date(day.year, 1, 1)
    return date(day.year, day.month, day.day) if type(day) is not date else day


def describe_span(start: date, end: date) -> str:
    """"8 years 8 months", "3 months", "12 days": the time from ``start`` to ``end``, in words."""
    if end < start:
        start, end = end, start
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if not parts:
        days = (end - start).days
        return f"{days} day{'s' if days != 1 else ''}"
    return " ".join(parts)


def days_between(start: date, end: date) -> int:
    """Whole days from ``start`` to ``end``."""
    return (end - start).days


ONE_DAY = timedelta(days=1)
