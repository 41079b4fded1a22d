"""One row's status: one duty, for one agency (and one instance), as of one date.

The steps follow ``docs/status-semantics.md``: the span in which the duty exists (S1.1-S1.6), breaches and
their remedies inside it (S1.12, S3.6), waivers and extensions from their own dates (S3.2-S3.4), the
deadline versions in force (S3.1), the occurrences and what covers them (S1.7-S2.7), and the named state
that results (S4).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from policytrack.law.inforce import InForce
from policytrack.model.deadlines import (
    AdministrativeDeadline,
    Deadline,
    EventDeadline,
    FixedDeadline,
    RecurringDeadline,
    RelativeDeadline,
)
from policytrack.model.load import Repository
from policytrack.model.records import Breach, Event, Evidence, Obligation
from policytrack.status.dates import LAST_DAY, Calendar, add_amount, add_months, earliest
from policytrack.status.occurrences import (
    KEEP,
    Claims,
    Ignored,
    Judged,
    ListSlots,
    Occurrence,
    Owed,
    Relief,
    Slots,
    before_span,
    judge_events,
    judge_once,
    judge_recurring,
    tally,
)
from policytrack.status.schedule import Schedules, Slot
from policytrack.status.scope import answering, instance_span
from policytrack.status.states import UNITS, AgencyStatus, Status


@dataclass(frozen=True, slots=True)
class Version:
    """A deadline and the days it was in force (None: open-ended)."""

    deadline: Deadline | AdministrativeDeadline
    since: date | None
    until: date | None


@dataclass
class Duty:
    """What the engine knows of one obligation on the run's date, shared by its rows."""

    repo: Repository
    obligation: Obligation
    as_of: date
    soon: int
    cal: Calendar
    law: InForce
    versions: list[Version]
    set_on: date | None
    """The day the administrative deadline in force was set (None: the law's own)."""
    visible: Sequence[Evidence]
    breaches: Sequence[Breach]
    events: dict[tuple[str, str], list[Event]]
    verdicts: dict[str, bool]
    """Evidence id → True (confirmed) or False (disputed), the latest word on or before the run's date."""
    relief: Callable[[str, str | None], Relief]
    completion: Callable[[str], tuple[date | None, str | None]]
    schedules: Schedules | None = field(default=None)
    events_of: dict[str, tuple[list[Event], dict[str, list[Event]]]] = field(default_factory=dict)
    """Agency → its events of the duty's kind, sorted, and the same by instance (system or item)."""
    """Schedules shared with the other rows and obligations of the run (one per rule and span start)."""

    def shared(self) -> Schedules:
        """The run's schedules (a new set where the duty was made without one)."""
        if self.schedules is None:
            self.schedules = Schedules(self.cal)
        return self.schedules

    @property
    def start(self) -> date:
        """The span's start before any instance: the section's start and the administrative ``set_on`` (S1.1)."""
        start = self.law.since or self.as_of
        return max(start, self.set_on) if self.set_on else start


def remedied(breach: Breach, as_of: date) -> bool:
    """True when the breach's remedy is dated on or before ``as_of``."""
    return breach.remedy is not None and breach.remedy.date <= as_of


def remedy_claimed(breach: Breach, as_of: date) -> bool:
    """True when the breach's remedy (dated by ``as_of``) rests only on the agency's word, unverified (S3.6)."""
    remedy = breach.remedy
    if remedy is None or remedy.date > as_of or remedy.basis != "agency-statement":
        return False
    check = remedy.verified  # nobody verifies their own remedy
    return check is None or check.on > as_of or check.agency == breach.agency


def row(duty: Duty, agency: str, instance: str | None) -> AgencyStatus:
    """The status of one agency (and instance) on the duty."""
    as_of, law, obligation = duty.as_of, duty.law, duty.obligation
    ignored: list[Ignored] = []
    since, until = instance_span(duty.repo, obligation, agency, instance)
    start = max(duty.start, since) if since else duty.start
    events_of_instance = {event.id for event in _events(duty, agency, instance)} if instance else set()
    completion, progress, disputed = _evidence(duty, agency, instance, events_of_instance, ignored, start)
    # verdicts hold every check that counts (status.proof): an evidence record's own verified: block by its
    # own agency is not one, as the evidence cards and the open data say too
    verified = bool(completion) and all(duty.verdicts.get(item.id, False) for item in completion)
    mine = tuple(item for item in duty.breaches if not agency or item.agency == agency)
    if law.status is not None:
        status: Status = "repealed" if law.status == "repealed" else "not-in-force"
        return AgencyStatus(agency, status, law.repealed if status == "repealed" else law.since, completion, verified,
                            instance, breaches=mine, progress=progress, disputed=disputed)
    if since is not None and since > as_of:
        return AgencyStatus(agency, "not-in-force", since, completion, verified, instance, breaches=mine,
                            progress=progress, disputed=disputed)
    counted = []
    for item in mine:
        if item.until is not None and item.until < start:
            ignored.append(Ignored("breach", item.id, f"counts for nothing: it ended {item.until}, before the duty "
                                                      f"existed ({start})"))
        else:
            counted.append(item)
    opened = tuple(item for item in counted if not remedied(item, as_of))
    claimed = tuple(item for item in counted if remedy_claimed(item, as_of))
    relief = duty.relief(agency, instance)
    claims = Claims(tuple(completion) + disputed, frozenset(item.id for item in disputed),
                    tuple(obligation.evidence.kinds) if obligation.evidence and obligation.evidence.all_required
                    else None)
    judged, unit, reason = _occurrences(duty, agency, instance, start, until, claims, relief, ignored)
    ignored.extend(relief.late)
    due: date | None = None
    next_due: date | None = None
    occurrences: list[Occurrence] = []
    counts: dict[str, int] = {}
    come_due = 0
    if judged is None:
        status = _fresh(duty, completion, "met") if completion else "in-progress" if progress else "no-deadline"
    else:
        ignored.extend(judged.ignored)
        occurrences, counts = judged.kept, dict(judged.counts)
        status, due, next_due = _row_status(duty, occurrences, judged, completion)
        if status in ("due-soon", "not-yet-due") and _progressed(progress, occurrences, as_of):
            status = "in-progress"
        come_due = sum(counts.values()) - sum(
            1 for item in occurrences if item.due is None or item.due > as_of or item.verdict == "due-soon")
    # A breach outranks everything but the law's own absence; a waiver in force outranks the due dates. The
    # occurrences stay, so the history still shows (S4.1).
    if opened:
        status, due = "breached", min(item.date for item in opened)
    elif claimed:
        status, due = "remedy-claimed", max(item.remedy.date for item in claimed if item.remedy)
    elif any(low <= as_of <= high for low, high, _ in relief.windows):
        status, due = "waived", None
    return AgencyStatus(agency, status, due, completion, verified, instance, next_due, tuple(occurrences[-KEEP:]),
                        counts, judged.last_missed if judged else None, mine, unit, opened, come_due, progress,
                        disputed, tuple(dict.fromkeys(ignored)), judged.guesses if judged else (), reason, claimed)


def _evidence(duty: Duty, agency: str, instance: str | None, events_of_instance: set[str], ignored: list[Ignored],
              start: date) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...], tuple[Evidence, ...]]:
    """The row's evidence in its span (S1.11): what proves completion, what shows progress, what a verifier
    disputed."""
    obligation = duty.obligation
    requirement = obligation.evidence
    kinds = set(requirement.kinds) if requirement else None
    progress_kinds = set(requirement.progress_kinds) if requirement else set()
    agencies = answering(duty.repo, obligation, agency) if agency else None
    completion: list[Evidence] = []
    progress: list[Evidence] = []
    disputed: list[Evidence] = []
    for item in duty.visible:
        if agencies is not None and item.agency not in agencies:
            continue
        if obligation.for_each is not None:
            if item.item is None and item.event is None:
                ignored.append(Ignored("evidence", item.id, "counts for nothing: it names no item (the system or item "
                                                            "it is for) and no event of one"))
                continue
            if instance is not None and item.item != instance and not (
                    item.item is None and item.event in events_of_instance):
                continue
        if item.date < start:
            ignored.append(Ignored("evidence", item.id, before_span(item.date, start)))
            continue
        if item.kind in progress_kinds and (kinds is None or item.kind not in kinds):
            progress.append(item)
        elif kinds is None or item.kind in kinds:
            (disputed if duty.verdicts.get(item.id) is False else completion).append(item)
    return tuple(completion), tuple(progress), tuple(disputed)


def _events(duty: Duty, agency: str, instance: str | None) -> list[Event]:
    deadline = next((version.deadline for version in reversed(duty.versions)
                     if isinstance(version.deadline, EventDeadline)), None)
    if deadline is None:
        return []
    mine = duty.events_of.get(agency)
    if mine is None:  # once per agency, shared by its instances' rows
        if deadline.any_agency or not agency:
            found = [event for (kind, _), items in duty.events.items() if kind == deadline.event for event in items]
        else:
            found = [event for who in sorted(answering(duty.repo, duty.obligation, agency))
                     for event in duty.events.get((deadline.event, who), [])]
        found.sort(key=lambda event: (event.date, event.id))
        of_instance: dict[str, list[Event]] = {}
        for event in found:
            for name in {event.system, event.item}:
                if name is not None:
                    of_instance.setdefault(name, []).append(event)
        mine = duty.events_of[agency] = (found, of_instance)
    if instance is not None:
        return list(mine[1].get(instance, []))
    return list(mine[0])


def _fresh(duty: Duty, evidence: Sequence[Evidence], status: Status) -> Status:
    requirement = duty.obligation.evidence
    max_age = requirement.max_age_days if requirement else None
    if max_age is not None and evidence and (duty.as_of - evidence[-1].date).days > max_age:
        return "lapsed"
    return status


def _progressed(progress: Sequence[Evidence], occurrences: Sequence[Occurrence], as_of: date) -> bool:
    """True when progress was shown since the last occurrence that came due (S4.2)."""
    last = max((item.due for item in occurrences if item.due is not None and item.due < as_of), default=None)
    return any(last is None or item.date > last for item in progress)


def _row_status(duty: Duty, occurrences: Sequence[Occurrence], judged: Judged,
                evidence: Sequence[Evidence]) -> tuple[Status, date | None, date | None]:
    as_of = duty.as_of
    latest_due: Occurrence | None = None
    next_due: date | None = None
    for item in occurrences:
        came_due = item.due is not None and (item.due < as_of or (
            item.due == as_of and item.verdict in ("met", "met-late", "waived")))
        if came_due and (latest_due is None or item.due >= latest_due.due):  # type: ignore[operator]
            latest_due = item
        if next_due is None and item.due is not None and item.due >= as_of and item.verdict in (
                "due-soon", "not-yet-due"):
            next_due = item.due
    if next_due is None:
        next_due = judged.next_open
    pending = any(item.verdict == "pending" for item in occurrences)
    status: Status
    if latest_due is None:
        upcoming = min((item for item in occurrences if item.verdict in ("due-soon", "not-yet-due")),
                       key=lambda item: item.due or date.max, default=None)
        if upcoming is not None:
            status = "due-soon" if upcoming.verdict == "due-soon" else "not-yet-due"
            return ("pending" if pending and status == "not-yet-due" else status), upcoming.due, next_due
        covered = [item for item in occurrences if item.verdict in ("met", "met-late")]
        if pending:
            return "pending", None, next_due
        if covered:
            last: Status = "met" if covered[-1].verdict == "met" else "met-late"
            return _fresh(duty, evidence, last), covered[-1].due, next_due
        return "not-yet-due", None, next_due
    verdict = latest_due.verdict
    if verdict == "missed":
        return "overdue", latest_due.due, next_due
    if verdict == "disputed":
        return "disputed", latest_due.due, next_due
    if verdict == "waived":
        return "waived", latest_due.due, next_due
    status = _fresh(duty, evidence, "met" if verdict == "met" else "met-late")
    if pending and status in ("met", "met-late"):
        status = "pending"
    return status, latest_due.due, next_due


# --- the occurrences of one row ---------------------------------------------------------------------------


def _occurrences(duty: Duty, agency: str, instance: str | None, start: date, until: date | None, claims: Claims,
                 relief: Relief, ignored: list[Ignored]) -> tuple[Judged | None, str, str | None]:
    """The occurrences of the duty for one row, or None where no deadline gives a date (with the reason)."""
    versions = [version for version in duty.versions if _schedules(duty.obligation, version.deadline)]
    if not versions:
        return None, "occurrence", None
    current = versions[-1].deadline
    as_of, soon = duty.as_of, duty.soon
    if isinstance(current, RecurringDeadline):
        if current.after_event is not None:
            return _after_event(duty, agency, instance, current, start, until, claims, relief)
        slots, limit = _recurring_slots(versions, start, until, duty.shared())
        if claims.items or relief.windows or relief.waived or relief.extensions:
            judged = judge_recurring(slots, limit, claims, as_of, soon, relief, start)
        else:  # no record of its own: the same answer for every row of this schedule (fan-out, for_each)
            key = ("judged", id(slots), limit, as_of, soon)
            found = duty.shared().answers.get(key)
            if found is None or found[0] is not slots:
                found = duty.shared().answers[key] = (slots, judge_recurring(slots, limit, claims, as_of, soon,
                                                                              relief, start))
            judged = found[1]
        return judged, UNITS[current.every][0], None
    if isinstance(current, EventDeadline):
        owed = _owed(duty, versions, _events(duty, agency, instance), start, until, ignored)
        answers: dict[str, list[Evidence]] = {}
        for item in claims.items:
            if item.event is not None:
                answers.setdefault(item.event, []).append(item)
            elif item.date >= start:
                ignored.append(Ignored("evidence", item.id, "counts for nothing: it names no event (the event it "
                                                            "answers)"))
        return judge_events(owed, answers, claims, as_of, soon, relief), "event", None
    due, reason = _once_due(duty, versions, start)
    if reason is not None:
        return None, "occurrence", reason
    return judge_once(due, claims, as_of, soon, relief, start), "occurrence", None


def _after_event(duty: Duty, agency: str, instance: str | None, rule: RecurringDeadline, start: date,
                 until: date | None, claims: Claims, relief: Relief) -> tuple[Judged | None, str, str | None]:
    """A recurring duty that starts with each row's own first event of a kind (S4.8): nothing is owed before
    it; the first occurrence is due ``first_within_months`` after it (reporting on the time since), then the
    rule's own due dates after that one."""
    unit = UNITS[rule.every][0]
    kinds = [event for who in sorted(answering(duty.repo, duty.obligation, agency) if agency else [])
             for event in duty.events.get((rule.after_event or "", who), [])]
    if instance is not None:
        kinds = [event for event in kinds if instance in (event.system, event.item)]
    kinds = [event for event in kinds if event.date >= start]
    if not kinds:
        return tally([]), unit, None
    began = min(earliest(event.date) for event in kinds)
    row_start = max(start, began)
    tail = duty.shared().get(rule, row_start)
    if rule.first_within_months is None:
        slots: Slots = tail
    else:
        due = add_months(began, rule.first_within_months)
        first = Slot(f"due {due.isoformat()}", duty.cal.rolled(due), began, due, True)
        slots = ListSlots([first], tail, tail.index_after(due))
    limit = None
    if until is not None:
        limit = slots.index_ending_from(until)
        while slots.slot(limit).start <= until:
            limit += 1
    return judge_recurring(slots, limit, claims, duty.as_of, duty.soon, relief, row_start), unit, None


def _schedules(obligation: Obligation, deadline: Deadline | AdministrativeDeadline) -> bool:
    """True when the deadline gives dates for the obligation: a prohibition is kept by a schedule of
    attestations or audits only (S1.15)."""
    if obligation.kind == "prohibition":
        return isinstance(deadline, RecurringDeadline | EventDeadline)
    return isinstance(deadline, FixedDeadline | RelativeDeadline | RecurringDeadline | EventDeadline)


def _recurring_slots(versions: list[Version], start: date, until: date | None,
                     schedules: Schedules) -> tuple[Slots, int | None]:
    """The occurrences of a recurring duty, each under the version in force on its due date (S3.1), and the
    index of the first not owed after the instance ended (S1.6); computed once per run for the rows that
    share them."""
    deadlines = tuple(version.deadline for version in versions)
    key = ("slots", *((id(version.deadline), version.since, version.until) for version in versions), start, until)
    found = schedules.derived.get(key)
    if found is None or any(one is not other for one, other in zip(found[0], deadlines, strict=True)):
        found = schedules.derived[key] = (deadlines, _build_slots(versions, start, until, schedules))
    slots: tuple[Slots, int | None] = found[1]
    return slots


def _build_slots(versions: list[Version], start: date, until: date | None,
                 schedules: Schedules) -> tuple[Slots, int | None]:
    tail_rule = versions[-1].deadline
    assert isinstance(tail_rule, RecurringDeadline)
    slots: Slots
    if len(versions) == 1:
        slots = schedules.get(tail_rule, start)
    else:
        prefix = []
        for version in versions[:-1]:
            if not isinstance(version.deadline, RecurringDeadline) or version.until is None:
                continue
            schedule = schedules.get(version.deadline, start)
            index = schedule.index_from(version.since) if version.since else 0
            while schedule.slot(index).due <= version.until:
                prefix.append(schedule.slot(index))
                index += 1
        tail = schedules.get(tail_rule, start)
        since = versions[-1].since
        offset = tail.index_from(since) if since else 0
        if prefix:
            while tail.slot(offset).end <= prefix[-1].end:
                offset += 1
        slots = ListSlots(prefix, tail, offset)
    limit = None
    if until is not None:
        limit = slots.index_ending_from(until)
        while slots.slot(limit).start <= until:
            limit += 1
    return slots, limit


def _once_due(duty: Duty, versions: list[Version], start: date) -> tuple[date | None, str | None]:
    """The due date of a one-time duty (the version in force when it came due), or why there is none."""
    due: date | None = None
    for version in versions:
        deadline = version.deadline
        if isinstance(deadline, FixedDeadline):
            due = duty.cal.rolled(deadline.date)
        else:
            assert isinstance(deadline, RelativeDeadline)
            if deadline.after == "obligation":
                anchor, why = duty.completion(deadline.obligation or "")
                if why is not None:
                    return None, why
            elif deadline.after == "enacted":
                anchor = duty.law.enacted
                if anchor is None:
                    ordinance = duty.repo.ordinances.get(duty.obligation.ordinance)
                    anchor = ordinance.enacted if ordinance else None
                if anchor is None:
                    return None, "counted from the enactment, whose date is not known"
            else:
                anchor = duty.law.since or start
            amount, unit = deadline.amount()
            due = duty.cal.rolled(add_amount(anchor, amount, unit, duty.cal, deadline.business_days)) \
                if anchor else None
        if due is None or version.until is None or due <= version.until:
            break
    if due is not None and due < start:
        return None, f"its due date ({due}) is before the duty existed ({start})"
    return due, None


def _owed(duty: Duty, versions: list[Version], events: list[Event], start: date, until: date | None,
          ignored: list[Ignored]) -> list[Owed]:
    """Each event's occurrence owed in the span (S1.8, S1.9), with its due date (S2.6, S2.7)."""
    out = []
    for event in events:
        deadline = next((version.deadline for version in versions if isinstance(version.deadline, EventDeadline)
                         and (version.until is None or event.date <= version.until)), versions[-1].deadline)
        assert isinstance(deadline, EventDeadline)
        if event.date < start or (until is not None and earliest(event.date) > until):
            continue  # the event is outside the span: the duty did not exist for it
        count = event.count
        if event.period is not None and event.count > 1 and event.period.start < start:
            whole = (event.period.end - event.period.start).days + 1
            inside = (event.period.end - start).days + 1
            count = max(1, math.ceil(event.count * inside / whole))
            ignored.append(Ignored("event", event.id, f"only {count} of its {event.count} events are counted as "
                                                      f"owed: its period starts {event.period.start}, before the "
                                                      f"duty existed ({start}), so the share of its days in the "
                                                      "span is owed; record those after that day as a batch of "
                                                      "their own"))
        trigger = max(earliest(event.date), start)
        due, latest = _event_due(duty, deadline, trigger), _event_due(duty, deadline, event.date)
        if due is not None and deadline.direction == "before" and due < start:
            ignored.append(Ignored("event", event.id, f"owes nothing: the duty before it was due {due}, before the "
                                                      f"duty existed ({start})"))
            continue
        out.append(Owed(event, due, latest, count))
    return out


def _event_due(duty: Duty, deadline: EventDeadline, day: date) -> date | None:
    if deadline.upon:
        return None
    sign = -1 if deadline.direction == "before" else 1
    if deadline.months is not None:
        due = add_months(day, sign * deadline.months)
    else:
        due = add_amount(day, sign * deadline.offset, "days", duty.cal, deadline.business_days)
    # A due date counted before an event never moves later (S2.7).
    return duty.cal.rolled(due, earlier=deadline.direction == "before")


def waiver_window(date_from: date | None, until: date | None) -> tuple[date, date] | None:
    """The due dates a waiver covers: from its date to its ``until`` (S3.2)."""
    if date_from is None:
        return None
    return date_from, until or LAST_DAY


