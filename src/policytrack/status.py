"""Status of every obligation, for each agency it binds, computed as of one date.

Nothing here is typed in by hand: status follows from the deadline, the evidence and the as-of date.
A record that carries a date does not exist before that date: evidence dated after the as-of date,
an administrative deadline set later, a waiver approved later and a verification made later are all
ignored, so a run "as of 2019-07-09" sees the repository as the facts stood on that day.

Statuses, most urgent first (:data:`ORDER`):

``overdue``      due date passed with no evidence (or, for recurring duties, none ever given)
``lapsed``       a recurring duty, or one whose evidence must stay fresh, whose latest evidence is too old
``blocked``      not met and waiting on an obligation it depends on that is itself overdue or lapsed
``no-deadline``  neither the law nor an administrative decision gives a date, and there is no evidence
``due-soon``     due within the repository's ``due_soon_days`` (30 unless set)
``not-yet-due``  due later
``met-late``     evidence came after the due date
``met``          evidence on or before the due date (and fresh, where freshness is required)
``waived``       a complete waiver (reason, approver, date) applies
``repealed``     the ordinance, or the obligation's section, was repealed on or before the as-of date
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from policytrack.load import Repository
from policytrack.models import (
    AdministrativeDeadline,
    Deadline,
    EventDeadline,
    Evidence,
    FixedDeadline,
    NoDeadline,
    Obligation,
    Ordinance,
    RecurringDeadline,
    RelativeDeadline,
    Waiver,
)

Status = Literal[
    "overdue", "lapsed", "blocked", "no-deadline", "due-soon", "not-yet-due", "met-late", "met", "waived",
    "repealed",
]
ORDER: tuple[Status, ...] = (
    "overdue", "lapsed", "blocked", "no-deadline", "due-soon", "not-yet-due", "met-late", "met", "waived",
    "repealed",
)
"""Statuses from most to least urgent; an obligation takes the most urgent of its agencies'."""

LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "lapsed": "Lapsed",
    "blocked": "Blocked",
    "no-deadline": "No deadline",
    "due-soon": "Due soon",
    "not-yet-due": "Not yet due",
    "met-late": "Met late",
    "met": "Met",
    "waived": "Waived",
    "repealed": "Repealed",
}
OPEN: frozenset[str] = frozenset({"overdue", "lapsed", "blocked", "no-deadline", "due-soon", "not-yet-due"})
"""Statuses of obligations that still need something done."""
DONE: frozenset[str] = frozenset({"met", "met-late", "waived", "repealed"})

@dataclass(frozen=True, slots=True)
class AgencyStatus:
    """Where one agency stands on one obligation."""

    agency: str
    status: Status
    due: date | None
    evidence: tuple[Evidence, ...]
    verified: bool
    """True when every counted evidence record was verified on or before the as-of date."""

    @property
    def latest(self) -> Evidence | None:
        """The newest evidence record counted for this agency."""
        return self.evidence[-1] if self.evidence else None


@dataclass(frozen=True, slots=True)
class ObligationStatus:
    """Where an obligation stands as of the run's date, overall and for each agency it binds."""

    obligation: str
    status: Status
    due: date | None
    deadline: Deadline | AdministrativeDeadline | None
    deadline_source: Literal["law", "administrative"] | None
    agencies: tuple[AgencyStatus, ...]
    blocked_by: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        """True when there is evidence and all of it has been verified."""
        with_evidence = [item for item in self.agencies if item.evidence]
        return bool(with_evidence) and all(item.verified for item in with_evidence)

    def agency(self, agency_id: str) -> AgencyStatus | None:
        """The status of one bound agency."""
        for item in self.agencies:
            if item.agency == agency_id:
                return item
        return None


def worst(statuses: Iterable[Status]) -> Status | None:
    """The most urgent of ``statuses`` (see :data:`ORDER`)."""
    ranked = sorted(statuses, key=ORDER.index)
    return ranked[0] if ranked else None


def current_deadline(
    obligation: Obligation, as_of: date
) -> tuple[Deadline | AdministrativeDeadline | None, Literal["law", "administrative"] | None]:
    """The deadline in force as of the date: the law's, else an administrative one already set."""
    law = obligation.deadline
    if law is not None and not isinstance(law, NoDeadline):
        return law, "law"
    admin = obligation.administrative_deadline
    if admin is not None and admin.set_on <= as_of:
        return admin, "administrative"
    return None, None


def waiver_applies(waiver: Waiver | None, agency: str, as_of: date) -> bool:
    """A waiver counts only when complete, already approved, and naming the agency (or all)."""
    if waiver is None or not (waiver.reason and waiver.approved_by and waiver.date):
        return False
    if waiver.date > as_of:
        return False
    return not waiver.agencies or agency in waiver.agencies


def repealed_on(obligation: Obligation, ordinance: Ordinance | None) -> date | None:
    """The date the obligation's ordinance, or its section, was repealed, if it was."""
    if ordinance is None:
        return None
    for amendment in ordinance.amendments:
        if amendment.action != "repealed":
            continue
        if not amendment.sections or obligation.section in amendment.sections:
            return amendment.date
    return None


def add_days(start: date, days: int, business: bool) -> date:
    """``start`` plus ``days`` calendar days, or business days (Monday to Friday)."""
    if not business:
        return start + timedelta(days=days)
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def recurrence_dates(rule: RecurringDeadline, start: date, until: date) -> list[date]:
    """Due dates of a recurring duty from its first one up to and including the first after ``until``."""
    first = rule.first or _first_occurrence(rule, start)
    dates = [first]
    while dates[-1] <= until:
        dates.append(_shift(rule, first, len(dates)))
    return dates


def occurrences_around(rule: RecurringDeadline, start: date, as_of: date) -> tuple[list[date], date]:
    """The last two due dates on or before ``as_of`` (oldest first; fewer if there are not two), and
    the next one after it. Computed directly, so a weekly duty since 1990 costs no more than a new one."""
    first = rule.first or _first_occurrence(rule, start)
    if first > as_of:
        return [], first
    if rule.every == "week":
        step = (as_of - first).days // 7
    else:
        months = {"month": 1, "quarter": 3, "year": 12}[rule.every]
        step = ((as_of.year - first.year) * 12 + as_of.month - first.month) // months
    step = max(step, 0)
    while step > 0 and _shift(rule, first, step) > as_of:
        step -= 1
    while _shift(rule, first, step + 1) <= as_of:
        step += 1
    past = [_shift(rule, first, index) for index in range(max(0, step - 1), step + 1)]
    return past, _shift(rule, first, step + 1)


def _first_occurrence(rule: RecurringDeadline, start: date) -> date:
    if rule.every == "week":
        return start + timedelta(days=7)
    if rule.every == "year":
        month = rule.month or 12
    elif rule.every == "quarter":
        month = ((start.month - 1) // 3 + 1) * 3
    else:
        month = start.month
    candidate = _on_day(rule, start.year, month)
    if candidate < start:
        candidate = _shift(rule, candidate, 1)
    return candidate


def _shift(rule: RecurringDeadline, first: date, step: int) -> date:
    if rule.every == "week":
        return first + timedelta(days=7 * step)
    months = {"month": 1, "quarter": 3, "year": 12}[rule.every] * step
    index = first.year * 12 + first.month - 1 + months
    return _on_day(rule, index // 12, index % 12 + 1, fallback=first.day)


def _on_day(rule: RecurringDeadline, year: int, month: int, fallback: int | None = None) -> date:
    last = calendar.monthrange(year, month)[1]
    day = rule.day or (fallback if rule.first else None) or last
    return date(year, month, min(day, last))


def compute_statuses(repo: Repository, as_of: date) -> dict[str, ObligationStatus]:
    """Status of every obligation in ``repo`` as of ``as_of``, by obligation id."""
    soon = timedelta(days=repo.config.due_soon_days)
    result: dict[str, ObligationStatus] = {}
    for obligation in repo.obligations.values():
        ordinance = repo.ordinances.get(obligation.ordinance)
        visible = [item for item in repo.evidence_for(obligation.id) if item.date <= as_of]
        result[obligation.id] = _obligation_status(obligation, ordinance, visible, as_of, soon)
    return _with_blocked(repo, result)


def _obligation_status(
    obligation: Obligation,
    ordinance: Ordinance | None,
    visible: list[Evidence],
    as_of: date,
    soon: timedelta,
) -> ObligationStatus:
    deadline, source = current_deadline(obligation, as_of)
    start = ordinance.start if ordinance else None
    if source == "administrative" and obligation.administrative_deadline is not None:
        start = max(start, obligation.administrative_deadline.set_on) if start else (
            obligation.administrative_deadline.set_on)
    repeal = repealed_on(obligation, ordinance)
    agencies = obligation.bound_agencies() or [""]
    rows: list[AgencyStatus] = []
    for agency in agencies:
        evidence = tuple(item for item in visible if not agency or item.agency == agency)
        verified = bool(evidence) and all(
            item.verified is not None and item.verified.on <= as_of for item in evidence)
        if repeal is not None and repeal <= as_of:
            status: Status = "repealed"
            due = None
        elif waiver_applies(obligation.waiver, agency, as_of):
            status, due = "waived", None
        else:
            status, due = _agency_status(obligation, ordinance, deadline, start, evidence, as_of, soon)
        rows.append(AgencyStatus(agency, status, due, evidence, verified))
    overall = worst(row.status for row in rows) or "no-deadline"
    dues = [row.due for row in rows if row.due is not None and row.status in OPEN]
    due = min(dues) if dues else max((row.due for row in rows if row.due), default=None)
    return ObligationStatus(obligation.id, overall, due, deadline, source, tuple(rows))


def _agency_status(
    obligation: Obligation,
    ordinance: Ordinance | None,
    deadline: Deadline | AdministrativeDeadline | None,
    start: date | None,
    evidence: tuple[Evidence, ...],
    as_of: date,
    soon: timedelta,
) -> tuple[Status, date | None]:
    max_age = obligation.evidence.max_age_days if obligation.evidence else None
    latest = evidence[-1].date if evidence else None
    if deadline is None:
        if latest is None:
            return "no-deadline", None
        return _fresh(latest, max_age, as_of, "met"), None
    if isinstance(deadline, RecurringDeadline):
        return _recurring(deadline, start or as_of, evidence, max_age, as_of, soon)
    if isinstance(deadline, FixedDeadline):
        due = deadline.date
    elif isinstance(deadline, RelativeDeadline):
        anchor = ordinance.enacted if (ordinance and deadline.after == "enacted") else start
        due = add_days(anchor or as_of, deadline.days, deadline.business_days)
    elif isinstance(deadline, EventDeadline):
        due = add_days(start or as_of, deadline.within_days or 0, deadline.business_days)
    else:  # pragma: no cover - NoDeadline never reaches here
        return "no-deadline", None
    if latest is not None:
        first = evidence[0].date
        return _fresh(latest, max_age, as_of, "met" if first <= due else "met-late"), due
    if as_of > due:
        return "overdue", due
    if as_of >= due - soon:
        return "due-soon", due
    return "not-yet-due", due


def _fresh(latest: date, max_age: int | None, as_of: date, status: Status) -> Status:
    if max_age is not None and (as_of - latest).days > max_age:
        return "lapsed"
    return status


def _recurring(
    rule: RecurringDeadline,
    start: date,
    evidence: tuple[Evidence, ...],
    max_age: int | None,
    as_of: date,
    soon: timedelta,
) -> tuple[Status, date | None]:
    past, upcoming = occurrences_around(rule, start, as_of)
    latest = evidence[-1] if evidence else None
    if not past:
        if as_of >= upcoming - soon:
            return "due-soon", upcoming
        return "not-yet-due", upcoming
    if latest is None:
        return "overdue", rule.first or _first_occurrence(rule, start)
    covered = latest.period.end if latest.period else latest.date
    window_start = past[-2] if len(past) >= 2 else None
    if max_age is not None:
        stale = (as_of - latest.date).days > max_age
    else:
        stale = window_start is not None and covered <= window_start
    if stale:
        return "lapsed", past[-1]
    if as_of >= upcoming - soon:
        return "due-soon", upcoming
    return "met", upcoming


def _with_blocked(repo: Repository, statuses: dict[str, ObligationStatus]) -> dict[str, ObligationStatus]:
    """Mark not-yet-met obligations whose dependencies are stuck (overdue, lapsed, undated or blocked).

    An iterative depth-first pass, so long dependency chains cost linear time and no recursion;
    cycles are left to the ``dependency-cycle`` rule and block nothing here.
    """
    stuck = {"overdue", "lapsed", "no-deadline", "blocked"}
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
            depends = [dep for dep in repo.obligations[obligation_id].depends_on
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
                    current.agencies, blockers,
                )
            done.add(obligation_id)
    return result
