"""Every due date its own verdict: a deadline expanded into occurrences, each judged by its evidence.

The rules are those of ``docs/status-semantics.md``; each occurrence reports on a named period
(:mod:`policytrack.status.schedule`) or answers an event, and is owed only inside the duty's span.

What covers an occurrence (S2.2, S2.3, S2.5):

* evidence naming a ``period`` covers each occurrence whose period lies wholly inside it; where none does,
  the one it overlaps most; a tie covers none (the record is *ignored*, with the reason);
* evidence without ``period`` goes to the open occurrence whose filing window holds its date (from the day
  after its period to its due date, or the period itself where it ends on the due date), else to the latest
  open one whose due date had passed (late), else to the one whose period holds its date: never ahead;
  credited late while another open occurrence could have taken it, it is a *guess* (``period-guessed``);
* evidence naming an ``event`` covers that event's occurrence (for a batch, ``count`` says how many);
* evidence dated before the span proves nothing (S1.11); evidence a verifier disputes covers nothing, and
  an occurrence it alone covered reads ``disputed`` (S3.5); where all kinds are required, an occurrence is
  covered on the day the last kind came (S4.5).

An occurrence is ``met`` when covered on or before its (possibly extended) due date, ``waived`` when a
waiver covers its due date (from the waiver's date forward; a waiver outranks late evidence), ``met-late``
when covered only later, ``missed`` or ``disputed`` once its due date has passed, ``pending`` where the
law sets no time limit, and otherwise ``due-soon`` or ``not-yet-due``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, Protocol

from policytrack.model.records import Event, Evidence, Extension
from policytrack.status.dates import earliest
from policytrack.status.schedule import Schedule, Slot

Verdict = Literal["met", "met-late", "missed", "disputed", "due-soon", "not-yet-due", "pending", "waived"]
VERDICTS: tuple[Verdict, ...] = ("missed", "disputed", "due-soon", "not-yet-due", "pending", "met-late", "met",
                                 "waived")

KEEP = 8
"""How many of the latest occurrences a status keeps in full (the rest are counted)."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One due date of a duty for one agency (and instance), and its verdict as of the run's date."""

    key: str
    """What it is for: ``once``, a period (``2021-Q3``, ``2021``, ``2021-06``, ``due 2022-01-31``) or
    an event id."""
    due: date | None
    start: date | None
    """First day of the named period it reports on (recurring duties), or the event's date."""
    end: date | None
    """Last day of the named period."""
    verdict: Verdict
    met_on: date | None = None
    """The day it was covered (for several acts all required, the day the last came)."""
    evidence: tuple[str, ...] = ()
    """Ids of the evidence records covering it (disputed ones included)."""
    event: str | None = None
    count: int = 1
    """How many events it stands for (a batch; only its share in the span, S1.9)."""
    answered: int = 0
    """How many of those events evidence answers."""
    extended_by: str | None = None
    """The extension that moved its due date (S3.4)."""
    met_earliest: date | None = None
    """The earliest day the covering act may have happened (``met_on`` where its date is exact)."""
    due_latest: date | None = None
    """The latest the due date may be, where it counts from a date known only to its month (S2.6)."""

    @property
    def late_days(self) -> int | None:
        """Days between the due date and the evidence, for an occurrence met late (the most it may be)."""
        if self.verdict != "met-late" or self.met_on is None or self.due is None:
            return None
        return (self.met_on - self.due).days

    @property
    def late_range(self) -> tuple[int, int] | None:
        """The fewest and the most days late it may have been, as exactly as the dates allow (S4.7)."""
        most = self.late_days
        if most is None or self.met_on is None or self.due is None:
            return None
        least = ((self.met_earliest or self.met_on) - (self.due_latest or self.due)).days
        return max(0, least), most


@dataclass(frozen=True, slots=True)
class Ignored:
    """A record that counts for nothing in a row, and why (rule ``record-ignored``)."""

    kind: str
    """The kind of record: evidence, event, breach, extension."""
    id: str
    reason: str


def before_span(day: date, start: date) -> str:
    """The one wording of "this record is dated before the duty existed" (S1.11)."""
    return f"counts for nothing: dated {day}, before the duty existed ({start})"


@dataclass(frozen=True, slots=True)
class Guess:
    """Evidence without ``period`` credited late to one occurrence while others were open (``period-guessed``)."""

    evidence: str
    key: str
    others: tuple[str, ...]


@dataclass
class Relief:
    """The waivers and extensions that apply to one row as of the run's date (S3.2-S3.4)."""

    windows: list[tuple[date, date, str]] = field(default_factory=list)
    """Waived due dates: from the waiver's date to its last covered due date, with the waiver's id."""
    waived: dict[str, str] = field(default_factory=dict)
    """One occurrence key or event id → the waiver of it alone."""
    extensions: list[Extension] = field(default_factory=list)
    resolved: dict[str, str] = field(default_factory=dict)
    """Extension id → the key of the occurrence it extends, for one that names none (the next one due)."""
    late: list[Ignored] = field(default_factory=list)
    """Extensions granted after the due date had passed: they change nothing."""

    def waiver(self, key: str, event: str | None, due: date) -> str | None:
        """The waiver covering the occurrence, if any."""
        found = self.waived.get(key) or (self.waived.get(event) if event else None)
        if found:
            return found
        return next((name for start, until, name in self.windows if start <= due <= until), None)

    def extension(self, key: str, event: str | None, due: date) -> Extension | None:
        """The extension of the occurrence granted before its due date, if any (the latest granted)."""
        chosen = None
        for item in self.extensions:
            named = item.occurrence or item.event or self.resolved.get(item.id)
            if named is None or named not in (key, event, key.removeprefix("due ")):
                continue
            if item.granted_on > due:
                self.late.append(Ignored("extension", item.id, f"changes nothing: granted {item.granted_on}, after the "
                                                               f"due date ({due}) had passed"))
                continue
            if chosen is None or item.granted_on >= chosen.granted_on:
                chosen = item
        return chosen


@dataclass(frozen=True)
class Claims:
    """The evidence of one row, sorted and split: what counts, what a verifier disputed, which kinds are all
    required (S3.5, S4.5)."""

    items: Sequence[Evidence]
    disputed: frozenset[str] = frozenset()
    required: tuple[str, ...] | None = None

    def group(self, item: Evidence) -> str:
        """The kind an item stands for where all kinds are required; one group otherwise."""
        return item.kind if self.required is not None else ""

    def met(self, items: Sequence[Evidence]) -> tuple[date | None, date | None]:
        """The day the items (not disputed) cover an occurrence, and the earliest that day may be."""
        counted = [item for item in items if item.id not in self.disputed]
        if not counted:
            return None, None
        if self.required is None:
            first = min(counted, key=lambda item: item.date)
            return first.date, earliest(first.date)
        days = []
        for kind in self.required:
            of_kind = [item for item in counted if item.kind == kind]
            if not of_kind:
                return None, None
            days.append(min(of_kind, key=lambda item: item.date))
        last = max(days, key=lambda item: item.date)
        return last.date, max(earliest(item.date) for item in days)


def _verdict(due: date | None, met_on: date | None, as_of: date, soon: int, waived: bool, disputed: bool) -> Verdict:
    if due is None:  # no time limit in the law (S4.4)
        return "met" if met_on is not None else "waived" if waived else "pending"
    if met_on is not None and met_on <= due:
        return "met"
    if waived:
        return "waived"
    if met_on is not None:
        return "met-late"
    if as_of > due:
        return "disputed" if disputed else "missed"
    if (due - as_of).days <= soon:
        return "due-soon"
    return "not-yet-due"


def _judge(key: str, due: date, start: date | None, end: date | None, items: Sequence[Evidence], claims: Claims,
           relief: Relief, as_of: date, soon: int, event: str | None = None) -> Occurrence:
    extension = relief.extension(key, event, due)
    if extension is not None:
        due = extension.due
    met_on, met_earliest = claims.met(items)
    disputed = bool(items) and met_on is None and all(item.id in claims.disputed for item in items)
    waived = relief.waiver(key, event, due) is not None
    return Occurrence(key, due, start, end, _verdict(due, met_on, as_of, soon, waived, disputed), met_on,
                      tuple(item.id for item in items), extended_by=extension.id if extension else None,
                      met_earliest=met_earliest if met_earliest != met_on else None)


# --- recurring duties ------------------------------------------------------------------------------------


class Slots(Protocol):
    """Occurrences by index: a :class:`~policytrack.status.schedule.Schedule` or an explicit list."""

    def slot(self, index: int) -> Slot: ...  # pragma: no cover

    def index_after(self, day: date) -> int: ...  # pragma: no cover

    def index_from(self, day: date) -> int: ...  # pragma: no cover

    def index_ending_from(self, day: date) -> int: ...  # pragma: no cover


class ListSlots:
    """An explicit, finite list of occurrences (the slow path, and deadlines with a history)."""

    def __init__(self, slots: Sequence[Slot], tail: Schedule | None = None, offset: int = 0) -> None:
        self.slots = list(slots)
        self.tail = tail
        self.offset = offset
        self._dues = [item.due for item in self.slots]
        self._ends = [item.end for item in self.slots]

    def slot(self, index: int) -> Slot:
        """The occurrence at ``index`` (beyond the list: the tail schedule's, or a far-future sentinel)."""
        if index < len(self.slots):
            return self.slots[index]
        if self.tail is not None:
            return self.tail.slot(index - len(self.slots) + self.offset)
        return Slot("beyond", date.max, date.max, date.max)

    def _find(self, values: list[date], day: date, right: bool, attribute: str) -> int:
        index = bisect.bisect_right(values, day) if right else bisect.bisect_left(values, day)
        if index < len(values) or self.tail is None:
            return index
        search = self.tail.index_after if right else (
            self.tail.index_from if attribute == "due" else self.tail.index_ending_from)
        return len(self.slots) + max(search(day) - self.offset, 0)

    def index_after(self, day: date) -> int:
        return self._find(self._dues, day, True, "due")

    def index_from(self, day: date) -> int:
        return self._find(self._dues, day, False, "due")

    def index_ending_from(self, day: date) -> int:
        return self._find(self._ends, day, False, "end")


@dataclass(frozen=True, slots=True)
class Judged:
    """A duty's occurrences as the status needs them: the ones kept in full, and counts of all."""

    kept: list[Occurrence]
    """The latest :data:`KEEP` occurrences up to the next one due, and any other covered or relieved."""
    counts: dict[str, int]
    last_missed: Occurrence | None
    next_open: date | None = None
    """The first due date after the as-of date that no evidence covers (recurring duties)."""
    ignored: tuple[Ignored, ...] = ()
    guesses: tuple[Guess, ...] = ()


def tally(occurrences: list[Occurrence], ignored: Sequence[Ignored] = (), guesses: Sequence[Guess] = ()) -> Judged:
    """Counts and the last missed occurrence of a list that holds every occurrence."""
    counts: dict[str, int] = {}
    last_missed = None
    for item in occurrences:
        counts[item.verdict] = counts.get(item.verdict, 0) + 1
        if item.verdict in ("missed", "disputed"):
            last_missed = item
    return Judged(occurrences, counts, last_missed, None, tuple(ignored), tuple(guesses))


def place(slots: Slots, limit: int | None, claims: Claims, span_start: date, horizon: int | None = None,
          beyond: list[tuple[str, date, date]] | None = None) -> tuple[
        dict[int, list[Evidence]], list[Ignored], list[Guess]]:
    """Which evidence covers which occurrence (S2.2, S2.3, S1.11): index → evidence, and what was ignored or
    guessed.

    With ``horizon``, no occurrence from that index on is built: a period claimed past it is put in
    ``beyond`` (its group, and the part of the period from the horizon's start), so the work never depends
    on how far a record claims (a period to the year 8999)."""
    covering: dict[int, list[Evidence]] = {}
    taken: dict[str, list[int]] = {}  # group → sorted indexes covered
    ignored: list[Ignored] = []
    guesses: list[Guess] = []
    bound = limit if limit is not None else 1 << 60

    def cover(index: int, item: Evidence) -> None:
        covering.setdefault(index, []).append(item)
        row = taken.setdefault(claims.group(item), [])
        spot = bisect.bisect_left(row, index)
        if spot == len(row) or row[spot] != index:
            row.insert(spot, index)

    def is_open(index: int, group: str) -> bool:
        row = taken.get(group, [])
        spot = bisect.bisect_left(row, index)
        return spot == len(row) or row[spot] != index

    later: list[Evidence] = []
    for item in claims.items:
        if item.date < span_start:
            ignored.append(Ignored("evidence", item.id, before_span(item.date, span_start)))
            continue
        if item.period is None:
            later.append(item)
            continue
        begin, end = item.period.start, item.period.end
        candidates = []
        index = slots.index_ending_from(begin)
        stop = bound if horizon is None else min(bound, horizon)
        while index < stop:
            slot = slots.slot(index)
            if slot.start > end:
                break
            candidates.append((index, slot))
            index += 1
        past = index == stop and stop < bound and slots.slot(stop).start <= end
        if past and beyond is not None:
            beyond.append((claims.group(item), max(begin, slots.slot(stop).start), end))
        inside = [index for index, slot in candidates if begin <= slot.start and slot.end <= end]
        if inside or past:
            for index in inside:
                cover(index, item)
            continue
        overlaps = sorted(((min(end, slot.end) - max(begin, slot.start)).days, index) for index, slot in candidates)
        if not overlaps:
            ignored.append(Ignored("evidence", item.id, f"counts for nothing: its period ({item.period.start} to "
                                                        f"{item.period.end}) is not one the duty owes"))
        elif len(overlaps) > 1 and overlaps[-1][0] == overlaps[-2][0]:
            tied = " and ".join(slots.slot(index).key for _, index in overlaps[-2:])
            ignored.append(Ignored("evidence", item.id, f"counts for nothing: its period overlaps {tied} equally; "
                                                        "name the one it covers"))
        else:
            cover(overlaps[-1][1], item)
    for item in later:
        group = claims.group(item)
        day = item.date
        # 1. the open occurrence whose filing window holds the date (the oldest, where windows overlap)
        first_due = min(slots.index_from(day), bound)
        windows = []
        index = first_due
        while index < bound and _window_start(slots.slot(index)) <= day:
            windows.append(index)
            index += 1
        choice = next((index for index in windows if is_open(index, group)), None)
        if choice is not None:
            cover(choice, item)
            continue
        # 2. the latest open occurrence whose due date had passed: late
        late = first_due - 1
        while late >= 0 and not is_open(late, group):
            late -= 1
        holding = slots.index_ending_from(day)
        holds = holding < bound and slots.slot(holding).start <= day
        if late >= 0:
            others = _open_before(taken.get(group, []), late, slots)
            if holds and holding != late and is_open(holding, group):
                others.append(slots.slot(holding).key)
            if others:
                guesses.append(Guess(item.id, slots.slot(late).key, tuple(others)))
            cover(late, item)
        elif holds:  # 3. the one whose period holds the date (an act done during it)
            cover(holding, item)
        elif windows:  # the window's occurrence is covered already: one more record for it
            cover(windows[0], item)
        else:
            ignored.append(Ignored("evidence", item.id, f"counts for nothing: dated {day}, before the first "
                                                        f"occurrence owed ({slots.slot(0).key}) began"))
    return covering, ignored, guesses


def _window_start(slot: Slot) -> date:
    """The first day evidence may be filed for an occurrence: the day after its period, or the period's
    first day where the period ends on the due date (S2.3)."""
    if slot.during:
        return slot.start
    return date.fromordinal(slot.end.toordinal() + 1)


def _open_before(taken: list[int], index: int, slots: Slots) -> list[str]:
    """The keys of (up to two) open occurrences before ``index``."""
    found: list[str] = []
    candidate = index - 1
    spot = bisect.bisect_left(taken, index) - 1
    while candidate >= 0 and len(found) < 2:
        if spot >= 0 and taken[spot] == candidate:
            spot -= 1
        else:
            found.append(slots.slot(candidate).key)
        candidate -= 1
    return found


def judge_slots(slots: Sequence[Slot], claims: Claims, as_of: date, soon: int, relief: Relief,
                span_start: date) -> Judged:
    """The slow path: every occurrence of an explicit list judged (the fast path must agree with it)."""
    listed = ListSlots(slots)
    covering, ignored, guesses = place(listed, len(slots), claims, span_start)
    out = [_judge(slot.key, slot.due, slot.start, slot.end, covering.get(index, []), claims, relief, as_of, soon)
           for index, slot in enumerate(slots)]
    return tally(out, ignored, guesses)


def judge_recurring(slots: Slots, limit: int | None, claims: Claims, as_of: date, soon: int, relief: Relief,
                    span_start: date) -> Judged:
    """The verdicts of a recurring duty's occurrences (the rules of :func:`judge_slots`), building only the
    occurrences that evidence covers or relief names, and the latest ones."""
    upcoming = slots.index_after(as_of)
    if limit is not None:
        upcoming = min(upcoming, limit - 1)
    horizon = upcoming + HORIZON
    beyond: list[tuple[str, date, date]] = []
    covering, ignored, guesses = place(slots, limit, claims, span_start, horizon, beyond)
    special = set(covering) | _relieved(slots, relief, upcoming)
    next_open = upcoming
    while next_open in covering or (limit is not None and next_open >= limit):
        if limit is not None and next_open >= limit:
            next_open = -1
            break
        next_open += 1
    if next_open == horizon and (limit is None or horizon < limit):
        next_open = _first_open_beyond(slots, horizon, limit, beyond)
    recent = range(max(0, upcoming - KEEP + 1), upcoming + 1)
    keep = sorted(index for index in set(recent) | special if index >= 0 and (limit is None or index < limit))
    kept = []
    for index in keep:
        slot = slots.slot(index)
        kept.append(_judge(slot.key, slot.due, slot.start, slot.end, covering.get(index, []), claims, relief,
                           as_of, soon))
    judged = tally(kept)
    counts = judged.counts
    # The rest are past, uncovered and unrelieved by name: missed, or waived inside a waiver's window.
    first_kept = recent.start
    total_rest = first_kept - sum(1 for index in special if index < first_kept)
    waived_rest = _waived_count(slots, relief, first_kept, special)
    if waived_rest:
        counts["waived"] = counts.get("waived", 0) + waived_rest
    if total_rest - waived_rest > 0:
        counts["missed"] = counts.get("missed", 0) + total_rest - waived_rest
    last_missed = judged.last_missed
    if last_missed is None and total_rest - waived_rest > 0:
        index = first_kept - 1
        while index >= 0 and (index in special or relief.waiver(slots.slot(index).key, None,
                                                                  slots.slot(index).due) is not None):
            index -= 1
        if index >= 0:
            slot = slots.slot(index)
            last_missed = Occurrence(slot.key, slot.due, slot.start, slot.end, "missed")
    next_due = slots.slot(next_open).due if next_open >= 0 else None
    if next_due == date.max:
        next_due = None
    return Judged(kept, counts, last_missed, next_due, tuple(ignored), tuple(guesses))


HORIZON = 520
"""How many occurrences after the as-of date are built at most (ten years of weeks): past them, periods that
evidence claims are kept as date ranges (:func:`place`), so a claim to the year 8999 costs nothing more."""


def _first_open_beyond(slots: Slots, index: int, limit: int | None, beyond: list[tuple[str, date, date]]) -> int:
    """The first occurrence from ``index`` on that no period claimed past the horizon holds whole (-1: none
    before ``limit``). Claims are merged by their dates, so this costs one step per claim, not per occurrence."""
    for _, begin, end in sorted(beyond, key=lambda claim: (claim[1], claim[2])):
        if limit is not None and index >= limit:
            return -1
        slot = slots.slot(index)
        if slot.start < begin:
            break  # a gap before this claim: the occurrence is open
        if slot.end <= end:
            if end >= date.max - timedelta(days=1):
                return -1
            index = max(index, slots.index_ending_from(end + timedelta(days=1)))
    return -1 if limit is not None and index >= limit else index


def _relieved(slots: Slots, relief: Relief, upcoming: int) -> set[int]:
    """Indexes that a waiver or an extension names one by one (they are judged in full)."""
    found: set[int] = set()
    for name in [*relief.waived, *(item.occurrence for item in relief.extensions if item.occurrence)]:
        index = _index_of(slots, name, upcoming)
        if index is not None:
            found.add(index)
    for item in relief.extensions:
        if item.occurrence is None and item.event is None:
            index = slots.index_from(item.granted_on)
            relief.resolved[item.id] = slots.slot(index).key
            found.add(index)
    return found


def _index_of(slots: Slots, name: str, upcoming: int) -> int | None:
    """The index of the occurrence a waiver or extension names by key ('2021-Q3', 'due 2022-01-31')."""
    from policytrack.model.records import parse_period_label

    day: date | None = None
    text = name.removeprefix("due ")
    span = parse_period_label(text)
    if span is not None:
        day = span[1]
    else:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
    for index in (slots.index_ending_from(day), slots.index_from(day)):
        if index <= upcoming + 400 and slots.slot(index).key in (name, f"due {text}"):
            return index
    return None


def _waived_count(slots: Slots, relief: Relief, below: int, special: set[int]) -> int:
    """How many occurrences before ``below`` (not judged in full) fall in a waiver's window."""
    ranges = sorted((slots.index_from(start), min(slots.index_after(until), below)) for start, until, _ in
                    relief.windows)
    total, reached = 0, 0
    for low, high in ranges:
        low = max(low, reached)
        if high > low:
            total += high - low - sum(1 for index in special if low <= index < high)
            reached = high
    return total


# --- one-time and per-event duties --------------------------------------------------------------------------


def judge_once(due: date | None, claims: Claims, as_of: date, soon: int, relief: Relief,
               span_start: date) -> Judged:
    """The single occurrence of a one-time duty: any evidence dated in the span covers it."""
    ignored = [Ignored("evidence", item.id, before_span(item.date, span_start))
               for item in claims.items if item.date < span_start]
    items = [item for item in claims.items if item.date >= span_start]
    if due is None:
        met_on, _ = claims.met(items)
        occurrence = Occurrence("once", None, None, None, "met" if met_on else "not-yet-due", met_on,
                                tuple(item.id for item in items))
        return tally([occurrence], ignored)
    for item in relief.extensions:
        if item.occurrence is None and item.event is None:
            relief.resolved[item.id] = "once"
    return tally([_judge("once", due, None, None, items, claims, relief, as_of, soon)], ignored)


@dataclass(frozen=True, slots=True)
class Owed:
    """One event's occurrence, before evidence: its due date (None: no time limit) and how many it owes."""

    event: Event
    due: date | None
    due_latest: date | None
    count: int


def judge_events(owed: Sequence[Owed], answers: dict[str, list[Evidence]], claims: Claims, as_of: date, soon: int,
                 relief: Relief) -> Judged:
    """Verdicts of a per-event duty: one occurrence per event owed, covered by evidence naming it."""
    out = []
    for entry in owed:
        event = entry.event
        items = answers.get(event.id, [])
        counted = [item for item in items if item.id not in claims.disputed]
        answered = min(entry.count, sum(item.count or entry.count for item in counted))
        met_on: date | None = None
        met_earliest: date | None = None
        if counted and answered >= entry.count:
            running = 0
            for item in sorted(counted, key=lambda record: record.date):
                running += item.count or entry.count
                if running >= entry.count:
                    met_on, met_earliest = item.date, earliest(item.date)
                    break
        start = event.period.start if event.period else earliest(event.date)
        disputed = bool(items) and not counted
        due = entry.due
        extension = relief.extension(event.id, event.id, due) if due is not None else None
        if extension is not None:
            due = extension.due
        waived = relief.waiver(event.id, event.id, due or as_of) is not None
        verdict = _verdict(due, met_on, as_of, soon, waived, disputed)
        out.append(Occurrence(event.id, due, start, event.date, verdict, met_on, tuple(item.id for item in items),
                              event.id, entry.count, answered, extension.id if extension else None,
                              met_earliest if met_earliest != met_on else None,
                              entry.due_latest if entry.due_latest != entry.due else None))
    return tally(out)
