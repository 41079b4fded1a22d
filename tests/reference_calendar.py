"""A slow, obviously correct calendar: the rules of ``docs/status-semantics.md`` written again from their
sentences, independently of the engine and as plainly as possible, by walking the calendar one day at a time.

Before issue 15 this file transcribed the engine's own rules, and so returned the engine's wrong answer in
10 reviewed cases; it is now written from the semantics (the rule each step follows is cited), and where it
and the engine disagree the semantics decide.

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


# --- calendar units, walked -------------------------------------------------------------------------------


def unit_starts(every: str, day: date) -> bool:
    """True on the first day of a calendar week (Monday), month, quarter or year."""
    if every == "week":
        return day.weekday() == 0
    if every == "month":
        return day.day == 1
    if every == "quarter":
        return day.day == 1 and day.month in (1, 4, 7, 10)
    return day.day == 1 and day.month == 1


def unit_start_of(every: str, day: date) -> date:
    """The first day of the calendar unit holding ``day``."""
    while not unit_starts(every, day):
        day -= DAY
    return day


def unit_end_of(every: str, day: date) -> date:
    """The last day of the calendar unit holding ``day``."""
    while not unit_starts(every, day + DAY):
        day += DAY
    return day


def units_back(every: str, start: date, count: int) -> date:
    """The first day of the unit ``count`` units before the one starting on ``start``."""
    for _ in range(count):
        start = unit_start_of(every, start - DAY)
    return start


def units_on(every: str, start: date, count: int) -> date:
    """The last day of the ``count`` units starting on ``start``."""
    end = start - DAY
    for _ in range(count):
        end = unit_end_of(every, end + DAY)
    return end


# --- the due dates (S1.7, S2.1, S2.4) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A nominal due date with the named period it reports on, and the date it is actually due (rolled)."""

    nominal: date
    start: date
    end: date
    due: date

    @property
    def window_start(self) -> date:
        """S2.3: the day after the period, or the period's first day where it ends on the due date."""
        return self.start if self.end == self.nominal else self.end + DAY


def month_fits(every: str, day: date, month: int | None, cycle: int) -> bool:
    if every == "month":
        return True
    if every == "quarter":
        return day.month % 3 == cycle
    return day.month == month


def recurring_dues(rule: dict[str, Any], start: date, until: date, days: Days) -> list[Due]:
    """Every occurrence owed of a recurring duty whose span began on ``start``, through the first one due
    (rolled) after ``until``."""
    if rule.get("days_after_period_end") is not None:
        return _period_end_dues(rule, start, until, days)
    every, interval, first = rule["every"], rule.get("interval", 1), rule.get("first")
    found: list[tuple[date, date, date]] = []  # nominal, period start, period end
    if every == "week":
        nominal = first or walk_days(start, 7)

        def week_period(due: date) -> tuple[date, date]:
            return walk_days(due, -7 * interval + 1), due
        if first is not None and first < start:  # S1.10: clipped to the span, on first's grid
            while week_period(nominal)[1] <= start:
                nominal = walk_days(nominal, 7 * interval)
        while True:
            found.append((nominal, *week_period(nominal)))
            if days.rolled(nominal) > until:
                break
            nominal = walk_days(nominal, 7 * interval)
        return [Due(nominal, begin, end, days.rolled(nominal)) for nominal, begin, end in found]
    # S2.4: first gives the month of a yearly rule and the months a quarterly one's quarters end; the day
    # only where it keeps every month and day the rule states.
    contradicted = first is not None and (
        (every == "year" and rule.get("month") is not None and first.month != rule["month"])
        or (rule.get("day") is not None and first.day != min(rule["day"], month_length(first.year, first.month))))
    month = rule.get("month") or (first.month if first is not None and every == "year" else None)
    cycle = first.month % 3 if first is not None and every == "quarter" else 0
    wanted = rule.get("day") or (first.day if first is not None and not contradicted else 31)
    # S2.1: on the period's last day only where the rule's day always is (day 31; December 31; quarter ends)
    last_day = wanted >= 31 and (every == "month" or (every == "quarter" and cycle == 0)
                                 or (every == "year" and month == 12))

    def fits(day: date) -> bool:
        return day.day == min(wanted, month_length(day.year, day.month)) and month_fits(every, day, month, cycle)

    def period(due: date) -> tuple[date, date]:
        end = due if last_day and unit_starts(every, due + DAY) else unit_start_of(every, due) - DAY
        return units_back(every, unit_start_of(every, end), interval - 1), end

    def first_fitting(day: date) -> date:
        while not fits(day):
            day += DAY
        return day

    step = UNIT_MONTHS[every] * interval

    def kth(base: date, count: int) -> date:
        shifted = plus_months(date(base.year, base.month, 1), step * count)
        return date(shifted.year, shifted.month, min(wanted, month_length(shifted.year, shifted.month)))

    if first is not None:
        base = first if not contradicted else first_fitting(first)
        count = 0
        if first < start:  # S1.10: clipped to the span, on first's grid
            while period(kth(base, count))[1] <= start:
                count += 1
    else:
        base = first_fitting(start)
        count = 0
        while period(kth(base, count))[1] <= start:  # S1.7: owed when the span began before its period ended
            count += 1
    while True:
        nominal = kth(base, count) if count or first is None or contradicted else base
        found.append((nominal, *period(nominal)))
        if days.rolled(nominal) > until:
            break
        count += 1
    return [Due(nominal, begin, end, days.rolled(nominal)) for nominal, begin, end in found]


def _period_end_dues(rule: dict[str, Any], start: date, until: date, days: Days) -> list[Due]:
    every, interval, lag = rule["every"], rule.get("interval", 1), rule["days_after_period_end"]
    first: date | None = rule.get("first")
    if first is None:
        period_start = unit_start_of(every, start)
        if units_on(every, period_start, interval) <= start:  # S1.7
            period_start = units_on(every, period_start, interval) + DAY
    else:
        # S2.4: the period that ended ``lag`` days before first; where that day ends no unit, the rule's next
        # due date (the end of the unit holding it), never an earlier one.
        end = unit_end_of(every, walk_days(first, -lag))
        period_start = units_back(every, unit_start_of(every, end), interval - 1)
        if first < start:  # S1.10
            while units_on(every, period_start, interval) <= start:
                period_start = units_on(every, period_start, interval) + DAY
    out = []
    while True:
        end = units_on(every, period_start, interval)
        due = days.rolled(walk_days(end, lag))
        out.append(Due(walk_days(end, lag), period_start, end, due))
        if due > until:
            return out
        period_start = end + DAY


# --- what covers what (S2.2, S2.3, S1.11) ----------------------------------------------------------------------


def _overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


def cover_slots(dues: list[Due], evidence: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """For each occurrence, the evidence covering it (the evidence is already in the span)."""
    covering: list[list[dict[str, Any]]] = [[] for _ in dues]
    for item in evidence:
        period = item.get("period_span")
        if period is None:
            continue
        inside = [index for index, slot in enumerate(dues) if period[0] <= slot.start and slot.end <= period[1]]
        if inside:
            for index in inside:
                covering[index].append(item)
            continue
        overlaps = [_overlap(period[0], period[1], slot.start, slot.end) for slot in dues]
        best = max(overlaps, default=0)
        if best > 0 and overlaps.count(best) == 1:  # a tie covers none
            covering[overlaps.index(best)].append(item)
    for item in sorted((item for item in evidence if item.get("period_span") is None),
                       key=lambda item: (item["date"], item["id"])):
        day = item["date"]
        open_ = [index for index in range(len(dues)) if not covering[index]]
        in_window = [index for index in open_ if dues[index].window_start <= day <= dues[index].due]
        passed = [index for index in open_ if dues[index].due < day]
        holding = [index for index, slot in enumerate(dues) if slot.start <= day <= slot.end]
        windows = [index for index, slot in enumerate(dues) if slot.window_start <= day <= slot.due]
        if in_window:
            covering[in_window[0]].append(item)
        elif passed:
            covering[passed[-1]].append(item)
        elif holding:
            covering[holding[0]].append(item)
        elif windows:
            covering[windows[0]].append(item)
    return covering


def verdict(due: date | None, met_on: date | None, as_of: date, soon: int, waived: bool) -> str:
    """One occurrence's verdict: a waiver outranks late evidence (S3.3)."""
    if met_on is not None and (due is None or met_on <= due):
        return "met"
    if waived:
        return "waived"
    if met_on is not None:
        return "met-late"
    if due is None:
        return "not-yet-due"
    if as_of > due:
        return "missed"
    return "due-soon" if (due - as_of).days <= soon else "not-yet-due"


# --- the status --------------------------------------------------------------------------------------------


def law_start(ordinance: dict[str, Any], section: dict[str, Any], amendments: list[dict[str, Any]] = ()) -> date:
    """The day the section's duties start: a law that adds it starts it, even where the ordinance lists it
    (S1.2); else the ordinance's effective date (enactment where unknown) or the section's own."""
    added = sorted(item.get("effective", item["enacted"]) for item in amendments
                   for change in item["changes"] if change["action"] == "added" and change["section"] == section["id"])
    if added:
        return added[0]
    start = ordinance.get("effective") or ordinance["enacted"]
    if section.get("effective"):
        start = max(start, section["effective"])
    return start


def deadline_in_force(obligation: dict[str, Any], as_of: date) -> tuple[dict[str, Any] | None, date | None]:
    """The law's deadline when it states a date, else an administrative one already set (with its set_on)."""
    for key in ("deadline", "administrative_deadline"):
        rule = obligation.get(key)
        if rule is None or rule["type"] == "none":
            continue
        if key == "administrative_deadline" and rule["set_on"] > as_of:
            continue
        if (rule["type"] == "recurring" and rule["every"] == "year" and rule.get("month") is None
                and rule.get("first") is None and rule.get("days_after_period_end") is None):
            continue  # "annually": no date
        return rule, rule.get("set_on")
    return None, None


ORDER = ("breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked", "no-deadline", "due-soon",
         "in-progress", "pending", "not-yet-due", "met-late", "met", "waived", "not-in-force", "repealed")
"""Statuses, most urgent first (S4.1): the obligation takes the most urgent of its agencies'."""
OPEN = ORDER[:11]
"""Statuses of an agency that still owes something: the obligation's due date is the earliest of theirs."""


def reference_status(case: dict[str, Any], agency: str = "jail", instance: str | None = None) -> RefStatus:
    """The status of the case's obligation for one agency (and instance), as of ``case['as_of']``."""
    as_of: date = case["as_of"]
    ordinance, obligation = case["ordinance"], case["obligation"]
    config = case.get("config", {})
    soon = config.get("due_soon_days", 30)
    days = Days(config)
    begins = law_start(ordinance, case["section"], case.get("amendments", []))
    if as_of < begins:
        return RefStatus("not-in-force", begins)
    since = case.get("since", {}).get(instance)
    if since is not None and since > as_of:
        return RefStatus("not-in-force", since)
    rule, set_on = deadline_in_force(obligation, as_of)
    start = max(day for day in (begins, set_on, since) if day is not None)  # S1.1
    kinds = obligation["evidence"]["kinds"]
    evidence = sorted((item for item in case["evidence"] if item["date"] <= as_of and item["kind"] in kinds
                       and item["agency"] == agency and item["date"] >= start  # S1.11
                       and (instance is None or item.get("item") == instance)),
                      key=lambda item: (item["date"], item["id"]))
    open_breaches = [breach["date"] for breach in case.get("breaches", []) if breach["agency"] == agency
                     and breach.get("found_on", breach["date"]) <= as_of
                     and not (breach.get("until") is not None and breach["until"] < start)  # S1.12
                     and not (breach.get("remedy") and breach["remedy"]["date"] <= as_of)]
    waiver = obligation.get("waiver")
    window = None  # S3.2: from the waiver's date to its until
    if waiver and waiver["date"] <= as_of and agency in waiver.get("agencies", [agency]):
        window = (waiver["date"], waiver.get("until", date.max))
    found = _status(case, agency, evidence, start, begins, rule, window, days, soon)
    # S4.1: an open breach, then a waiver in force, outrank the due dates; the occurrences stay.
    if open_breaches:
        return RefStatus("breached", min(open_breaches), found.next_due, found.occurrences)
    if window is not None and window[0] <= as_of <= window[1]:
        return RefStatus("waived", None, found.next_due, found.occurrences)
    return found


def _status(case: dict[str, Any], agency: str, evidence: list[dict[str, Any]], start: date, begins: date,
            rule: dict[str, Any] | None, window: tuple[date, date] | None, days: Days, soon: int) -> RefStatus:
    as_of, obligation = case["as_of"], case["obligation"]
    max_age = obligation["evidence"].get("max_age_days")

    def fresh(status: str) -> str:
        if max_age is not None and evidence and (as_of - evidence[-1]["date"]).days > max_age:
            return "lapsed"
        return status

    def waived(due: date | None) -> bool:
        return window is not None and due is not None and window[0] <= due <= window[1]

    if rule is not None and obligation["kind"] == "prohibition" and rule["type"] not in ("recurring", "per-event"):
        rule = None  # S1.15
    if rule is None:
        return RefStatus(fresh("met") if evidence else "no-deadline", None)
    occurrences: list[RefOccurrence] = []
    open_later: date | None = None
    if rule["type"] == "recurring":
        horizon = max([as_of, *(item["period_span"][1] for item in evidence if item.get("period_span"))])
        far = recurring_dues(rule, start, walk_days(horizon, 4 * 366), days)
        far_covering = cover_slots(far, evidence)
        last = next(index for index, slot in enumerate(far) if slot.due > as_of)
        for index, (slot, items) in enumerate(zip(far, far_covering, strict=True)):
            if index > last and not items:
                continue
            met_on = min((item["date"] for item in items), default=None)
            occurrences.append(RefOccurrence(slot.due, verdict(slot.due, met_on, as_of, soon, waived(slot.due)),
                                             met_on))
        open_later = next((slot.due for index, slot in enumerate(far) if index >= last and not far_covering[index]),
                          None)
    elif rule["type"] == "per-event":
        occurrences = _event_occurrences(rule, case, agency, evidence, start, days, soon, waived)
    else:
        if rule.get("after") == "obligation" and case.get("prerequisite_gone"):
            return RefStatus(fresh("met") if evidence else "no-deadline", None)  # S4.3
        due = _one_time_due(rule, _enacted(case), begins, days, case.get("completion"))
        if due is not None and due < start:  # S1.10: no date; done all the same where evidence shows it
            return RefStatus(fresh("met") if evidence else "no-deadline", None)
        met_on = evidence[0]["date"] if evidence else None
        occurrences = [RefOccurrence(due, verdict(due, met_on, as_of, soon, waived(due)), met_on)]
    # The latest due date that has passed (or falls today and is already covered) decides the status.
    latest = None
    for item in occurrences:
        if item.due is not None and (item.due < as_of or (item.due == as_of and item.verdict in (
                "met", "met-late", "waived"))) and (latest is None or item.due >= latest.due):
            latest = item
    upcoming = [item for item in occurrences if item.verdict in ("due-soon", "not-yet-due")]
    next_due = next((item.due for item in upcoming if item.due is not None and item.due >= as_of), open_later)
    if latest is not None:
        status = {"missed": "overdue", "waived": "waived"}.get(latest.verdict, latest.verdict)
        if status in ("met", "met-late"):
            status = fresh(status)
        return RefStatus(status, latest.due, next_due, occurrences)
    if upcoming:
        first = min(upcoming, key=lambda item: item.due or date.max)
        return RefStatus(first.verdict, first.due, next_due, occurrences)
    covered = [item for item in occurrences if item.verdict in ("met", "met-late")]
    if covered:
        return RefStatus(fresh(covered[-1].verdict), covered[-1].due, next_due, occurrences)
    return RefStatus("not-yet-due", None, next_due, occurrences)


def _enacted(case: dict[str, Any]) -> date:
    """S1.5: the enactment of the law that put the section in force (a later law that added it, or the
    ordinance)."""
    added = sorted(item["enacted"] for item in case.get("amendments", []) for change in item["changes"]
                   if change["action"] == "added" and change["section"] == case["section"]["id"])
    return added[0] if added else case["ordinance"]["enacted"]


def _one_time_due(rule: dict[str, Any], enacted: date, start: date, days: Days,
                  completion: date | None) -> date | None:
    if rule["type"] == "date":
        return days.rolled(rule["date"])
    anchor = {"enacted": enacted, "obligation": completion}.get(rule.get("after", "effective"), start)
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
    waived: Any,
) -> list[RefOccurrence]:
    as_of = case["as_of"]
    before = rule.get("direction") == "before"
    offset = rule.get("days", rule.get("within_days")) or 0
    out = []
    events = [item for item in case.get("events", [])
              if item["kind"] == rule["event"] and item["agency"] == agency
              and item.get("recorded_on", item["date"]) <= as_of
              and item["date"] >= start]  # S1.8: no duty for an event before the span
    for event in sorted(events, key=lambda item: (item["date"], item["id"])):
        if rule.get("business_days"):
            due = days.walk_business(event["date"], offset, -1 if before else 1)
        else:
            due = walk_days(event["date"], -offset if before else offset)
        if before and days.roll != "none":  # S2.7: a date before an event never moves later
            while not days.working(due):
                due -= DAY
        else:
            due = days.rolled(due)
        if before and due < start:
            continue  # S1.8: due before the duty existed
        needed = event.get("count", 1)
        period = event.get("period_span")
        if period is not None and period[0] < start:  # S1.9: its share of days in the span, rounded up
            whole, inside = (period[1] - period[0]).days + 1, (period[1] - start).days + 1
            needed = max(1, -(-needed * inside // whole))
        answered = 0
        met_on = None
        for item in evidence:  # oldest first
            if item.get("event") != event["id"]:
                continue
            answered += item.get("count") or needed
            if answered >= needed:
                met_on = item["date"]
                break
        out.append(RefOccurrence(due, verdict(due, met_on, as_of, soon, waived(due)), met_on, event["id"]))
    return out


def reference_completion(case: dict[str, Any]) -> date | None:
    """The day the case's obligation was done by every agency it binds: the latest of their first
    accepted evidence, once each has met it (on time, late, or with evidence since grown old); None
    while one has not. Agencies waived, or a law not (or no longer) in force, owe nothing."""
    days = []
    _, set_on = deadline_in_force(case["obligation"], case["as_of"])
    start = max(day for day in (law_start(case["ordinance"], case["section"], case.get("amendments", [])), set_on)
                if day is not None)
    for agency in case["agencies"]:
        row = reference_status(case, agency)
        if row.status in ("waived", "repealed", "not-in-force"):
            continue
        mine = [item["date"] for item in case["evidence"] if item["agency"] == agency and item["date"] <= case["as_of"]
                and item["kind"] in case["obligation"]["evidence"]["kinds"] and item["date"] >= start]
        if row.status not in ("met", "met-late", "lapsed") or not mine:
            return None
        days.append(min(mine))
    return max(days) if days else None


def reference_prerequisite_gone(case: dict[str, Any]) -> bool:
    """S4.3: the obligation will never be done: every agency it binds is waived, repealed or not bound yet,
    at least one waived or repealed, and none has done it."""
    rows = [reference_status(case, agency).status for agency in case["agencies"]]
    return all(row in ("waived", "repealed", "not-in-force") for row in rows) and any(
        row in ("waived", "repealed") for row in rows)
