"""A slow, obviously correct calendar: the status rules of ``occurrences.py`` and ``status.py`` written
again, independently and as plainly as possible, by walking the calendar one day at a time.

Nothing here imports the engine's date arithmetic: due dates are found by asking of each day "is this a
due date?", business days by stepping over weekends and holidays one day at a time, periods by walking
until the calendar turns a week, month, quarter or year. The property tests in
``test_reference_calendar.py`` check that the engine agrees with this over random repositories.

The inputs are plain dicts, the same shapes as the YAML records (see ``builders.py``), with dates as
``datetime.date``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import holidays as holiday_tables

DAY = timedelta(days=1)
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class RefOccurrence:
    """One due date and its verdict."""

    due: date | None
    verdict: str
    met_on: date | None
    event: str | None = None


@dataclass
class RefStatus:
    """What the reference says about the one agency of a case."""

    status: str
    due: date | None
    next_due: date | None = None
    occurrences: list[RefOccurrence] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many occurrences have each verdict."""
        found: dict[str, int] = {}
        for item in self.occurrences:
            found[item.verdict] = found.get(item.verdict, 0) + 1
        return found


# --- days --------------------------------------------------------------------------------------------------


def month_length(year: int, month: int) -> int:
    """Days in the month."""
    return calendar.monthrange(year, month)[1]


class Days:
    """Weekends and the public holidays of a config's ``holidays`` (looked up in the ``holidays`` package)."""

    def __init__(self, config: dict[str, Any]) -> None:
        spec = config.get("holidays")
        self.country = spec["country"] if spec else None
        self.subdivision = spec.get("subdivision") if spec else None
        self.roll = config.get("roll", "none")
        self._years: dict[int, set[date]] = {}

    def holiday(self, day: date) -> bool:
        """True on a public holiday."""
        if self.country is None:
            return False
        if day.year not in self._years:
            table = holiday_tables.country_holidays(self.country, subdiv=self.subdivision, years=day.year)
            self._years[day.year] = set(table)
        return day in self._years[day.year]

    def working(self, day: date) -> bool:
        """Monday to Friday and no holiday."""
        return day.weekday() < 5 and not self.holiday(day)

    def walk_business(self, start: date, count: int, direction: int) -> date:
        """The ``count``-th business day after (direction 1) or before (-1) ``start``."""
        day = start
        left = count
        while left > 0:
            day += direction * DAY
            if self.working(day):
                left -= 1
        return day

    def rolled(self, due: date) -> date:
        """A due date on a day off moved forward or backward, where the config says so."""
        if self.roll == "none":
            return due
        step = DAY if self.roll == "forward" else -DAY
        while not self.working(due):
            due += step
        return due


def walk_days(start: date, count: int) -> date:
    """``start`` plus ``count`` days (negative goes back), one day at a time."""
    day = start
    for _ in range(abs(count)):
        day += DAY if count > 0 else -DAY
    return day


def plus_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day where the month is shorter."""
    year, month = start.year, start.month
    for _ in range(months):
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return date(year, month, min(start.day, month_length(year, month)))


# --- the due dates -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A nominal due date with the period it covers, and the date it is actually due (rolled)."""

    nominal: date
    start: date
    end: date
    due: date


def recurring_dues(rule: dict[str, Any], start: date, until: date, days: Days) -> list[Due]:
    """Every due date of a recurring duty that started on ``start``, through the first one due (rolled) after
    ``until``."""
    if rule.get("days_after_period_end") is not None:
        return _period_end_dues(rule, start, until, days)
    every = rule["every"]
    interval = rule.get("interval", 1)
    first: date | None = rule.get("first")
    if every == "week":
        step = 7 * interval
        anchor = first or walk_days(start, 7)
        previous = walk_days(anchor, -step)
        found = []
        current = anchor
        while True:
            found.append(current)
            if days.rolled(current) > until:
                break
            current = walk_days(current, step)
    else:
        wanted_day = rule.get("day") or (first.day if first else 31)

        def day_fits(day: date) -> bool:
            return day.day == min(wanted_day, month_length(day.year, day.month))

        def month_fits(day: date) -> bool:
            if every == "month":
                return True
            if every == "quarter":
                return day.month in (3, 6, 9, 12)
            return day.month == rule["month"]

        if first is not None:
            anchor = first
        else:
            anchor = start
            while not (month_fits(anchor) and day_fits(anchor)):
                anchor += DAY
        span = UNIT_MONTHS[every] * interval

        def is_due(day: date) -> bool:
            months = (day.year * 12 + day.month) - (anchor.year * 12 + anchor.month)
            return months % span == 0 and day_fits(day)

        previous = anchor - DAY
        while not is_due(previous):
            previous -= DAY
        found = []
        current = anchor
        while True:
            if is_due(current):
                found.append(current)
                if days.rolled(current) > until:
                    break
            current += DAY
    out = []
    for nominal in found:
        out.append(Due(nominal, previous + DAY, nominal, days.rolled(nominal)))
        previous = nominal
    return out


def _unit_starts(every: str, day: date) -> bool:
    if every == "week":
        return day.weekday() == 0
    if every == "month":
        return day.day == 1
    if every == "quarter":
        return day.day == 1 and day.month in (1, 4, 7, 10)
    return day.day == 1 and day.month == 1


def _period_end_dues(rule: dict[str, Any], start: date, until: date, days: Days) -> list[Due]:
    every, interval, lag = rule["every"], rule.get("interval", 1), rule["days_after_period_end"]
    first: date | None = rule.get("first")
    if first is None:
        period_start = start
        while not _unit_starts(every, period_start):
            period_start -= DAY
    else:
        # The first period ends ``lag`` days before the first due date (or at the end of the week, month,
        # quarter or year before that day, where it ends none), and is ``interval`` units long.
        end = walk_days(first, -lag)
        while not _unit_starts(every, end + DAY):
            end -= DAY
        period_start, seen = end, 0
        while True:
            if _unit_starts(every, period_start):
                seen += 1
                if seen == interval:
                    break
            period_start -= DAY
    out = []
    day = period_start
    units = 0
    while True:
        if _unit_starts(every, day + DAY):
            units += 1
            if units == interval:
                due = days.rolled(walk_days(day, lag))
                out.append(Due(day, period_start, day, due))
                if due > until:
                    return out
                period_start, units = day + DAY, 0
        day += DAY


# --- what covers what --------------------------------------------------------------------------------------


def _overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


def cover_slots(dues: list[Due], evidence: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """For each due date, the evidence covering it."""
    covering: list[list[dict[str, Any]]] = [[] for _ in dues]
    for item in evidence:
        period = item.get("period_span")
        if period is not None:
            overlaps = [_overlap(period[0], period[1], slot.start, slot.end) for slot in dues]
            halves = [index for index, slot in enumerate(dues)
                      if overlaps[index] > 0 and 2 * overlaps[index] >= (slot.end - slot.start).days + 1]
            if halves:
                chosen = halves
            elif max(overlaps, default=0) > 0:
                chosen = [overlaps.index(max(overlaps))]
            else:
                chosen = []
            for index in chosen:
                covering[index].append(item)
            continue
        # The window of a due date: the days after the previous due date, up to and including it.
        for index, slot in enumerate(dues):
            if item["date"] <= slot.due and (index == 0 or item["date"] > dues[index - 1].due):
                covering[index].append(item)
                break
    return covering


def verdict(due: date | None, met_on: date | None, as_of: date, soon: int, waived_until: date | None) -> str:
    """One occurrence's verdict."""
    if met_on is not None:
        return "met" if due is None or met_on <= due else "met-late"
    if waived_until is not None and (due is None or due <= waived_until):
        return "waived"
    if due is None:
        return "not-yet-due"
    if as_of > due:
        return "missed"
    return "due-soon" if (due - as_of).days <= soon else "not-yet-due"


# --- the status --------------------------------------------------------------------------------------------


def law_start(ordinance: dict[str, Any], section: dict[str, Any]) -> date:
    """The day the section's duties start."""
    start = ordinance.get("effective") or ordinance["enacted"]
    if section.get("effective"):
        start = max(start, section["effective"])
    return start


def deadline_in_force(obligation: dict[str, Any], as_of: date) -> dict[str, Any] | None:
    """The law's deadline when it states a date, else an administrative one already set."""
    for key in ("deadline", "administrative_deadline"):
        rule = obligation.get(key)
        if rule is None or rule["type"] == "none":
            continue
        if key == "administrative_deadline" and rule["set_on"] > as_of:
            continue
        if (rule["type"] == "recurring" and rule["every"] == "year" and rule.get("month") is None
                and rule.get("first") is None and rule.get("days_after_period_end") is None):
            continue  # "annually": no date
        return rule
    return None


ORDER = ("breached", "overdue", "lapsed", "blocked", "no-deadline", "due-soon", "not-yet-due", "met-late", "met",
         "waived", "not-in-force", "repealed")
"""Statuses, most urgent first: the obligation takes the most urgent of its agencies'."""
OPEN = ORDER[:7]
"""Statuses of an agency that still owes something: the obligation's due date is the earliest of theirs."""


def reference_status(case: dict[str, Any], agency: str = "jail") -> RefStatus:
    """The status of the case's obligation for one agency, as of ``case['as_of']``."""
    as_of: date = case["as_of"]
    ordinance, obligation = case["ordinance"], case["obligation"]
    config = case.get("config", {})
    soon = config.get("due_soon_days", 30)
    days = Days(config)
    start = law_start(ordinance, case["section"])
    if as_of < start:
        return RefStatus("not-in-force", start)
    kinds = obligation["evidence"]["kinds"]
    evidence = sorted((item for item in case["evidence"] if item["date"] <= as_of and item["kind"] in kinds
                       and item["agency"] == agency), key=lambda item: (item["date"], item["id"]))
    open_breaches = [breach["date"] for breach in case.get("breaches", []) if breach["agency"] == agency
                     and breach.get("found_on", breach["date"]) <= as_of
                     and not (breach.get("remedy") and breach["remedy"]["date"] <= as_of)]
    if open_breaches:
        return RefStatus("breached", min(open_breaches))
    waiver = obligation.get("waiver")
    waived_until = None
    if waiver and waiver["date"] <= as_of and agency in waiver.get("agencies", [agency]):
        waived_until = waiver.get("until", date.max)
        if waived_until >= as_of:
            return RefStatus("waived", None)
    rule = deadline_in_force(obligation, as_of)
    max_age = obligation["evidence"].get("max_age_days")

    def fresh(status: str) -> str:
        if max_age is not None and evidence and (as_of - evidence[-1]["date"]).days > max_age:
            return "lapsed"
        return status

    if rule is None:
        return RefStatus(fresh("met") if evidence else "no-deadline", None)
    occurrences: list[RefOccurrence] = []
    open_later: date | None = None
    if rule["type"] == "recurring":
        dues = recurring_dues(rule, start, as_of, days)
        for slot, items in zip(dues, cover_slots(dues, evidence), strict=True):
            met_on = min((item["date"] for item in items), default=None)
            occurrences.append(RefOccurrence(slot.due, verdict(slot.due, met_on, as_of, soon, waived_until), met_on))
        # Where the next due date is already covered, the next open one lies further on: look well past
        # the last period any evidence names.
        horizon = max([as_of, *(item["period_span"][1] for item in evidence if item.get("period_span"))])
        far = recurring_dues(rule, start, walk_days(horizon, 4 * 366), days)
        far_covering = cover_slots(far, evidence)
        open_later = next(slot.due for index, slot in enumerate(far) if index >= len(dues) and not far_covering[index])
    elif rule["type"] == "per-event":
        occurrences = _event_occurrences(rule, case, agency, evidence, start, days, soon, waived_until)
    else:
        due = _one_time_due(rule, ordinance, start, days, case.get("completion"))
        met_on = evidence[0]["date"] if evidence else None
        occurrences = [RefOccurrence(due, verdict(due, met_on, as_of, soon, waived_until), met_on)]
    # The latest due date that has passed (or falls today and is already covered) decides the status.
    latest = None
    for item in occurrences:
        if item.due is not None and (item.due < as_of or (item.due == as_of and item.verdict in (
                "met", "met-late", "waived"))):
            latest = item
    upcoming = [item for item in occurrences if item.verdict in ("due-soon", "not-yet-due")]
    next_due = next((item.due for item in upcoming if item.due is not None and item.due >= as_of), open_later)
    if latest is not None:
        status = {"missed": "overdue", "waived": "waived"}.get(latest.verdict, latest.verdict)
        if status in ("met", "met-late"):
            status = fresh(status)
        return RefStatus(status, latest.due, next_due, occurrences)
    if upcoming:
        return RefStatus(upcoming[0].verdict, upcoming[0].due, next_due, occurrences)
    covered = [item for item in occurrences if item.verdict in ("met", "met-late")]
    if covered:
        return RefStatus(fresh(covered[-1].verdict), covered[-1].due, next_due, occurrences)
    return RefStatus("not-yet-due", None, next_due, occurrences)


def _one_time_due(rule: dict[str, Any], ordinance: dict[str, Any], start: date, days: Days,
                  completion: date | None) -> date | None:
    if rule["type"] == "date":
        return days.rolled(rule["date"])
    anchor = {"enacted": ordinance["enacted"], "obligation": completion}.get(rule.get("after", "effective"), start)
    if anchor is None:
        return None  # counted from another obligation that is not done yet
    if rule.get("days") is not None:
        if rule.get("business_days"):
            return days.rolled(days.walk_business(anchor, rule["days"], 1))
        return days.rolled(walk_days(anchor, rule["days"]))
    if rule.get("weeks") is not None:
        return days.rolled(walk_days(anchor, 7 * rule["weeks"]))
    if rule.get("months") is not None:
        return days.rolled(plus_months(anchor, rule["months"]))
    return days.rolled(plus_months(anchor, 12 * rule["years"]))


def _event_occurrences(
    rule: dict[str, Any],
    case: dict[str, Any],
    agency: str,
    evidence: list[dict[str, Any]],
    start: date,
    days: Days,
    soon: int,
    waived_until: date | None,
) -> list[RefOccurrence]:
    as_of = case["as_of"]
    before = rule.get("direction") == "before"
    offset = rule.get("days", rule.get("within_days")) or 0
    out = []
    events = [item for item in case.get("events", [])
              if item["kind"] == rule["event"] and item["agency"] == agency
              and item.get("recorded_on", item["date"]) <= as_of
              and item["date"] >= start]  # no duty for an event before the law's start, before or after it
    for event in sorted(events, key=lambda item: (item["date"], item["id"])):
        if rule.get("business_days"):
            due = days.walk_business(event["date"], offset, -1 if before else 1)
        else:
            due = walk_days(event["date"], -offset if before else offset)
        due = days.rolled(due)
        needed = event.get("count", 1)
        answered = 0
        met_on = None
        for item in evidence:  # oldest first
            if item.get("event") != event["id"]:
                continue
            answered += item.get("count") or needed
            if answered >= needed:
                met_on = item["date"]
                break
        out.append(RefOccurrence(due, verdict(due, met_on, as_of, soon, waived_until), met_on, event["id"]))
    return out


def reference_completion(case: dict[str, Any]) -> date | None:
    """The day the case's obligation was done by every agency it binds: the latest of their first
    accepted evidence, once each has met it (on time, late, or with evidence since grown old); None
    while one has not. Agencies waived, or a law not (or no longer) in force, owe nothing."""
    days = []
    for agency in case["agencies"]:
        row = reference_status(case, agency)
        if row.status in ("waived", "repealed", "not-in-force"):
            continue
        mine = [item["date"] for item in case["evidence"] if item["agency"] == agency and item["date"] <= case["as_of"]
                and item["kind"] in case["obligation"]["evidence"]["kinds"]]
        if row.status not in ("met", "met-late", "lapsed") or not mine:
            return None
        days.append(min(mine))
    return max(days) if days else None
