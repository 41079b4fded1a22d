"""Status of every obligation, for each agency (and instance) it binds, computed as of one date.

This module is the one place that decides status; the checker, the graph, the site and the open data
all ask it. Nothing is typed in by hand: status follows from the law in force
(:mod:`policytrack.law.inforce`), the deadline, the events, the evidence, the breaches and the as-of date. A
record that carries a date does not exist before that date: evidence, events, breaches (before they
were found), remedies, administrative deadlines, waivers and verifications dated later are ignored, so
a run "as of 2019-07-09" sees the repository as the facts stood on that day.

A deadline expands into occurrences (:mod:`policytrack.status.occurrences`), each with its own verdict. The
status of an agency's row is that of its latest due occurrence (the history is kept in counts: "met; 3
of 28 quarters missed, last missed 2024-Q2"), and "when is it next due" is reported apart.

Statuses, most urgent first (:data:`ORDER`):

``breached``     a recorded breach that no remedy has closed
``overdue``      the latest due date passed with no evidence covering it
``lapsed``       the evidence must stay fresh (``max_age_days``) and the newest is too old
``blocked``      not met and waiting on an obligation it depends on that is overdue, lapsed or undated
``no-deadline``  neither the law nor an administrative decision gives a date (or a schedule of
                 attestations, for a prohibition), and there is no evidence
``due-soon``     the next due date is within the repository's ``due_soon_days`` (30 unless set)
``not-yet-due``  nothing is due yet (a per-event duty with no event recorded is here too)
``met-late``     the latest due occurrence was covered by evidence after its due date
``met``          the latest due occurrence was covered on time
``waived``       a complete waiver (reason, approver, date) applies
``not-in-force`` the section or ordinance is not yet in force
``repealed``     the ordinance, or the obligation's section, was repealed on or before the as-of date
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from policytrack.law.inforce import InForce, obligation_in_force
from policytrack.model.deadlines import (
    AdministrativeDeadline,
    Deadline,
    EventDeadline,
    FixedDeadline,
    NoDeadline,
    RecurringDeadline,
    RelativeDeadline,
)
from policytrack.model.fields import plural
from policytrack.model.load import Repository, paused_gc
from policytrack.model.records import AgencySelector, Breach, Event, Evidence, Obligation, Waiver
from policytrack.status.dates import LAST_DAY, Calendar, add_amount
from policytrack.status.occurrences import (
    KEEP,
    Judged,
    Occurrence,
    Verdict,
    judge_events,
    judge_once,
    judge_recurring,
    tally,
)
from policytrack.status.proof import Proofs
from policytrack.status.scope import bound_agencies, instances

Status = Literal[
    "breached", "overdue", "lapsed", "blocked", "no-deadline", "due-soon", "not-yet-due", "met-late", "met",
    "waived", "not-in-force", "repealed",
]
ORDER: tuple[Status, ...] = (
    "breached", "overdue", "lapsed", "blocked", "no-deadline", "due-soon", "not-yet-due", "met-late", "met",
    "waived", "not-in-force", "repealed",
)
"""Statuses from most to least urgent; an obligation takes the most urgent of its agencies'."""

LABELS: dict[str, str] = {
    "breached": "Breached",
    "overdue": "Overdue",
    "lapsed": "Lapsed",
    "blocked": "Blocked",
    "no-deadline": "No deadline",
    "due-soon": "Due soon",
    "not-yet-due": "Not yet due",
    "met-late": "Met late",
    "met": "Met",
    "waived": "Waived",
    "not-in-force": "Not in force",
    "repealed": "Repealed",
}
OPEN: frozenset[str] = frozenset({"breached", "overdue", "lapsed", "blocked", "no-deadline", "due-soon",
                                  "not-yet-due"})
"""Statuses of obligations that still need something done."""
DONE: frozenset[str] = frozenset({"met", "met-late", "waived", "repealed", "not-in-force"})

_UNITS = {"week": ("week", "weeks"), "month": ("month", "months"), "quarter": ("quarter", "quarters"),
          "year": ("year", "years")}


@dataclass(frozen=True, slots=True)
class AgencyStatus:
    """Where one agency stands on one obligation (on one instance, under ``for_each``)."""

    agency: str
    status: Status
    due: date | None
    """The due date the status is about: the one missed, met, or coming."""
    evidence: tuple[Evidence, ...]
    """Evidence counted for this agency (visible on the as-of date, of an accepted kind), oldest first."""
    verified: bool
    """True when every counted evidence record was verified on or before the as-of date."""
    instance: str | None = None
    next_due: date | None = None
    """The next due date not yet covered by evidence, on or after the as-of date."""
    occurrences: tuple[Occurrence, ...] = ()
    """The latest occurrences (at most :data:`policytrack.status.occurrences.KEEP`), oldest first."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many occurrences have each verdict, over all of them."""
    last_missed: Occurrence | None = None
    breaches: tuple[Breach, ...] = ()
    """Breaches recorded for this agency and visible on the as-of date (open or remedied)."""
    unit: str = "occurrence"
    """What one occurrence is, in words: quarter, year, event, ..."""
    open_breaches: tuple[Breach, ...] = ()
    """Breaches without a remedy dated on or before the as-of date."""
    come_due: int = 0
    """How many occurrences had come due by the as-of date (one covered early is not among them)."""
    disputed: bool = False
    """True when a verifier disputed one of the counted evidence records (:mod:`policytrack.status.proof`)."""

    @property
    def latest(self) -> Evidence | None:
        """The newest evidence record counted for this agency."""
        return self.evidence[-1] if self.evidence else None

    @property
    def total(self) -> int:
        """How many occurrences there are (due, covered or upcoming)."""
        return sum(self.counts.values())

    @property
    def summary(self) -> str:
        """One line: "met; 3 of 28 quarters missed, last missed 2024-Q2"."""
        return "; ".join([LABELS[self.status].lower(), *self._history()])

    @property
    def history(self) -> str:
        """The summary without the status word: "3 of 28 quarters missed, last missed 2024-Q2"."""
        return "; ".join(self._history())

    def _history(self) -> list[str]:
        parts: list[str] = []
        missed = self.counts.get("missed", 0)
        due_total = self.come_due
        if missed and self.total > 1:
            last = f", last missed {self.last_missed.key}" if self.last_missed else ""
            many = self.unit if self.unit.endswith("s") else None
            parts.append(f"{missed} of {plural(due_total, self.unit, many)} missed{last}")
        late = self.counts.get("met-late", 0)
        if late and self.total > 1:
            parts.append(f"{late} met late")
        if self.open_breaches:
            parts.append(f"{len(self.open_breaches)} open breach{'es' if len(self.open_breaches) > 1 else ''}")
        return parts


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
    next_due: date | None = None
    law: InForce | None = None

    @property
    def verified(self) -> bool:
        """True when there is evidence and all of it has been verified."""
        with_evidence = [item for item in self.agencies if item.evidence]
        return bool(with_evidence) and all(item.verified for item in with_evidence)

    @property
    def breaches(self) -> tuple[Breach, ...]:
        """Every breach of the obligation visible on the as-of date."""
        seen: dict[str, Breach] = {}
        for row in self.agencies:
            for item in row.breaches:
                seen.setdefault(item.id, item)
        return tuple(seen.values())

    def agency(self, agency_id: str) -> AgencyStatus | None:
        """The status of one bound agency (its most urgent instance under ``for_each``)."""
        rows = [item for item in self.agencies if item.agency == agency_id]
        return min(rows, key=lambda row: ORDER.index(row.status)) if rows else None


def worst(statuses: Iterable[Status]) -> Status | None:
    """The most urgent of ``statuses`` (see :data:`ORDER`)."""
    ranked = sorted(statuses, key=ORDER.index)
    return ranked[0] if ranked else None


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


def _undated(deadline: Deadline | AdministrativeDeadline) -> bool:
    return isinstance(deadline, RecurringDeadline) and deadline.undated()


def waiver_applies(waiver: Waiver | None, agency: str, as_of: date) -> bool:
    """A waiver counts only when complete, already approved, not ended, and naming the agency (or all)."""
    until = waiver_until(waiver, agency, as_of)
    return until is not None and until >= as_of


def waiver_until(waiver: Waiver | None, agency: str, as_of: date) -> date | None:
    """The last due date a complete, approved waiver covers for the agency (None: no waiver applies)."""
    if waiver is None or not (waiver.reason and waiver.approved_by and waiver.date):
        return None
    if waiver.date > as_of:
        return None
    if waiver.agencies and agency not in waiver.agencies:
        return None
    return waiver.until or LAST_DAY


def _remedied(breach: Breach, as_of: date) -> bool:
    return breach.remedy is not None and breach.remedy.date <= as_of


def breach_visible(breach: Breach, as_of: date) -> bool:
    """A breach record exists from the day it was found (its date, where no finding date is given)."""
    return (breach.found_on or breach.date) <= as_of


def event_visible(event: Event, as_of: date) -> bool:
    """An event record exists from the day it became known (its date, unless recorded ahead)."""
    return (event.recorded_on or event.date) <= as_of


def accepted(obligation: Obligation, evidence: Evidence) -> bool:
    """True when the evidence is of a kind the obligation accepts (any kind where none is listed)."""
    return obligation.evidence is None or evidence.kind in obligation.evidence.kinds


@dataclass
class _Indexes:
    """Records grouped once per run, so each obligation finds its own without scanning them all."""

    events: dict[tuple[str, str], list[Event]]
    breaches: dict[str, list[Breach]]
    proofs: Proofs


def _indexes(repo: Repository, as_of: date) -> _Indexes:
    events: dict[tuple[str, str], list[Event]] = {}
    for event in repo.events.values():
        if event_visible(event, as_of):
            events.setdefault((event.kind, event.agency), []).append(event)
    breaches: dict[str, list[Breach]] = {}
    for breach in repo.breaches.values():
        if breach_visible(breach, as_of):
            breaches.setdefault(breach.obligation, []).append(breach)
    return _Indexes(events, breaches, Proofs(repo, as_of))


def compute_statuses(repo: Repository, as_of: date) -> dict[str, ObligationStatus]:
    """Status of every obligation in ``repo`` as of ``as_of``, by obligation id."""
    with paused_gc():
        engine = _Engine(repo, as_of)
        for obligation_id in repo.obligations:
            engine.status(obligation_id)
        return _with_blocked(repo, engine.done)


class _Engine:
    """Computes statuses on demand, so that a deadline counted from another obligation's completion
    finds that obligation computed first (without recursion: chains may be thousands long)."""

    def __init__(self, repo: Repository, as_of: date) -> None:
        self.repo = repo
        self.as_of = as_of
        self.soon = repo.config.due_soon_days
        self.cal = Calendar.from_config(repo.config)
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

    def completion(self, obligation_id: str) -> date | None:
        """The day the obligation was done by every agency it binds (None if it is not yet)."""
        status = self.done.get(obligation_id)
        if status is None or not status.agencies:
            return None
        days = []
        for row in status.agencies:
            if row.status in ("waived", "repealed", "not-in-force"):
                continue
            if row.status not in ("met", "met-late", "lapsed") or not row.evidence:  # lapsed: done, since aged
                return None
            days.append(min(item.date for item in row.evidence))
        return max(days) if days else None

    def _compute(self, obligation: Obligation) -> ObligationStatus:
        as_of = self.as_of
        law = obligation_in_force(self.repo, obligation, as_of)
        deadline, source = current_deadline(obligation, as_of)
        visible = [item for item in self.repo.evidence_for(obligation.id)
                   if item.date <= as_of and accepted(obligation, item)]
        breaches = self.index.breaches.get(obligation.id, [])
        rows: list[AgencyStatus] = []
        bound = bound_agencies(self.repo, obligation)
        selected = isinstance(obligation.applies_to, AgencySelector)
        # A selector that matches nobody yet binds nobody; otherwise an obligation with no agency still has
        # one row, so that its missing owner shows. A breach by an agency the obligation does not name
        # still makes it breached: the breach is on the record whoever committed it.
        agencies = bound or ([] if selected else [""])
        agencies += sorted({item.agency for item in breaches if item.agency not in agencies and bound
                            and breach_visible(item, as_of) and not _remedied(item, as_of)})
        for agency in agencies:
            for instance in instances(self.repo, obligation, agency):
                rows.append(self._disputed(self._row(obligation, law, deadline, agency, instance, visible,
                                                     breaches)))
        overall = worst(row.status for row in rows) or ("not-yet-due" if selected else "no-deadline")
        open_dues = [row.due for row in rows if row.due is not None and row.status in OPEN]
        due = min(open_dues) if open_dues else max((row.due for row in rows if row.due), default=None)
        next_dues = [row.next_due for row in rows if row.next_due is not None]
        return ObligationStatus(obligation.id, overall, due, deadline, source, tuple(rows),
                                next_due=min(next_dues) if next_dues else None, law=law)

    def _disputed(self, row: AgencyStatus) -> AgencyStatus:
        """The row, marked when a verifier disputed evidence counted for it."""
        if any(self.index.proofs.disputed(item) for item in row.evidence):
            return replace(row, disputed=True)
        return row

    def _row(
        self,
        obligation: Obligation,
        law: InForce,
        deadline: Deadline | AdministrativeDeadline | None,
        agency: str,
        instance: str | None,
        visible: Sequence[Evidence],
        breaches: Sequence[Breach],
    ) -> AgencyStatus:
        as_of = self.as_of
        evidence = tuple(item for item in visible
                         if (not agency or item.agency == agency) and (instance is None or item.item == instance))
        verified = bool(evidence) and all(self.index.proofs.confirmed(item) for item in evidence)
        mine = tuple(item for item in breaches if not agency or item.agency == agency)
        opened = tuple(item for item in mine if not _remedied(item, as_of))
        if law.status is not None:
            status: Status = "repealed" if law.status == "repealed" else "not-in-force"
            due = law.repealed if status == "repealed" else law.since
            return AgencyStatus(agency, status, due, evidence, verified, instance, breaches=mine)
        if opened:
            return AgencyStatus(agency, "breached", min(item.date for item in opened), evidence, verified,
                                instance, breaches=mine, open_breaches=opened)
        until = waiver_until(obligation.waiver, agency, as_of)
        if until is not None and until >= as_of:
            return AgencyStatus(agency, "waived", None, evidence, verified, instance, breaches=mine)
        judged, unit = self._occurrences(obligation, law, deadline, agency, instance, evidence, until)
        if judged is None:
            status = "no-deadline" if not evidence else self._fresh(obligation, evidence, "met")
            return AgencyStatus(agency, status, None, evidence, verified, instance, breaches=mine, unit=unit)
        occurrences = judged.kept
        latest_due: Occurrence | None = None
        next_due: date | None = None
        for item in occurrences:
            if item.due is not None and (item.due < as_of or (
                    item.due == as_of and item.verdict in ("met", "met-late", "waived"))):
                latest_due = item
            if next_due is None and item.due is not None and item.due >= as_of and item.verdict in (
                    "due-soon", "not-yet-due"):
                next_due = item.due
        if next_due is None:
            next_due = judged.next_open
        status, due = self._row_status(obligation, occurrences, latest_due, evidence)
        # Occurrences not kept in full are all past; of the kept, those due later (or today, still open) or
        # undated have not come due.
        come_due = sum(judged.counts.values()) - sum(
            1 for item in occurrences if item.due is None or item.due > as_of or item.verdict == "due-soon")
        return AgencyStatus(agency, status, due, evidence, verified, instance, next_due,
                            tuple(occurrences[-KEEP:]), judged.counts, judged.last_missed, mine, unit, opened,
                            come_due)

    def _row_status(
        self,
        obligation: Obligation,
        occurrences: Sequence[Occurrence],
        latest_due: Occurrence | None,
        evidence: Sequence[Evidence],
    ) -> tuple[Status, date | None]:
        if latest_due is None:
            upcoming = next((item for item in occurrences if item.verdict in ("due-soon", "not-yet-due")), None)
            if upcoming is None:
                covered = [item for item in occurrences if item.verdict in ("met", "met-late")]
                if covered:
                    last: Status = "met" if covered[-1].verdict == "met" else "met-late"
                    return self._fresh(obligation, evidence, last), covered[-1].due
                return "not-yet-due", None
            return ("due-soon" if upcoming.verdict == "due-soon" else "not-yet-due"), upcoming.due
        verdict: Verdict = latest_due.verdict
        if verdict == "missed":
            return "overdue", latest_due.due
        if verdict == "waived":
            return "waived", latest_due.due
        if verdict == "met":
            return self._fresh(obligation, evidence, "met"), latest_due.due
        if verdict == "met-late":
            return self._fresh(obligation, evidence, "met-late"), latest_due.due
        return ("due-soon" if verdict == "due-soon" else "not-yet-due"), latest_due.due  # pragma: no cover

    def _fresh(self, obligation: Obligation, evidence: Sequence[Evidence], status: Status) -> Status:
        max_age = obligation.evidence.max_age_days if obligation.evidence else None
        if max_age is not None and evidence and (self.as_of - evidence[-1].date).days > max_age:
            return "lapsed"
        return status

    def _occurrences(
        self,
        obligation: Obligation,
        law: InForce,
        deadline: Deadline | AdministrativeDeadline | None,
        agency: str,
        instance: str | None,
        evidence: Sequence[Evidence],
        waived_until: date | None,
    ) -> tuple[Judged | None, str]:
        """The occurrences of the duty for one row, or None where no deadline is in force."""
        as_of, soon, cal = self.as_of, self.soon, self.cal
        start = law.since or as_of
        if deadline is None or isinstance(deadline, NoDeadline):
            return None, "occurrence"
        if isinstance(deadline, RecurringDeadline):
            judged = judge_recurring(deadline, start, evidence, as_of, soon, cal, waived_until)
            return judged, _UNITS[deadline.every][0]
        if isinstance(deadline, EventDeadline):
            events = [event for event in self.index.events.get((deadline.event, agency), [])
                      if instance is None or instance in (event.system, event.item)]
            if not agency:
                events = [event for (kind, _), found in self.index.events.items() if kind == deadline.event
                          for event in found]
            events = [event for event in events if event.date >= start]  # no duty before the law's start
            return tally(judge_events(deadline, events, evidence, as_of, soon, cal, waived_until)), "event"
        due: date | None
        if isinstance(deadline, FixedDeadline):
            due = cal.rolled(deadline.date)
        else:
            assert isinstance(deadline, RelativeDeadline)
            if deadline.after == "obligation":
                anchor = self.completion(deadline.obligation or "")
            elif deadline.after == "enacted":
                ordinance = self.repo.ordinances.get(obligation.ordinance)
                anchor = ordinance.enacted if ordinance else start
            else:
                anchor = start
            amount, unit = deadline.amount()
            due = cal.rolled(add_amount(anchor, amount, unit, cal, deadline.business_days)) if anchor else None
        return tally([judge_once(due, evidence, as_of, soon, waived_until)]), "occurrence"


def _with_blocked(repo: Repository, statuses: dict[str, ObligationStatus]) -> dict[str, ObligationStatus]:
    """Mark not-yet-met obligations whose dependencies are stuck (overdue, lapsed, undated or blocked).

    An iterative depth-first pass, so long dependency chains cost linear time and no recursion;
    cycles are left to the ``dependency-cycle`` rule and block nothing here.
    """
    stuck = {"overdue", "lapsed", "no-deadline", "blocked", "breached"}
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
                    current.agencies, blockers, current.next_due, current.law,
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
