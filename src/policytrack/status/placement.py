"""Which evidence covers which occurrence of a recurring duty (S2.2, S2.3, S1.11), in index ranges.

Occurrences are known by their index (:class:`Slots`). A period that evidence names covers a run of
consecutive occurrences; where the run is long (a claim to the year 8999), it is kept as one range of
indexes rather than one entry per occurrence, so the work of placing a record and of asking what is open
never depends on how far it claims (:class:`Spans`, :class:`Placed`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Protocol

from policytrack.model.records import Evidence
from policytrack.status.dates import earliest
from policytrack.status.schedule import Schedule, Slot

SHORT = 8
"""A period covering at most this many occurrences is placed one occurrence at a time; a longer one as a range."""


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
        if not items:
            return None, None
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


class Slots(Protocol):
    """Occurrences by index: a :class:`~policytrack.status.schedule.Schedule` or an explicit list."""

    @property
    def ordered(self) -> bool: ...  # pragma: no cover

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
        # Due dates, starts and ends that never go back (as a schedule's): a period then covers one run of
        # indexes, and a waiver's dates one run too.
        chain = self.slots + ([tail.slot(offset)] if tail is not None else [])
        self.ordered = all(before.due <= after.due and before.start <= after.start and before.end <= after.end
                           for before, after in pairwise(chain))

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


class Spans:
    """A set of indexes kept as sorted, disjoint, non-adjacent ranges ``[low, high)``."""

    def __init__(self) -> None:
        self.lows: list[int] = []
        self.highs: list[int] = []

    def add(self, low: int, high: int) -> None:
        """Add the indexes from ``low`` up to ``high`` (excluded)."""
        if high <= low:
            return
        first = bisect.bisect_left(self.highs, low)  # the first range that ends at or after low: may merge
        last = bisect.bisect_right(self.lows, high)  # ranges from here start after high: stay apart
        if first < last:
            low = min(low, self.lows[first])
            high = max(high, self.highs[last - 1])
        self.lows[first:last] = [low]
        self.highs[first:last] = [high]

    def __contains__(self, index: int) -> bool:
        spot = bisect.bisect_right(self.lows, index) - 1
        return spot >= 0 and index < self.highs[spot]

    def last_outside(self, index: int) -> int:
        """The highest index at most ``index`` that is not in the set (-1: none)."""
        spot = bisect.bisect_right(self.lows, index) - 1
        if spot >= 0 and index < self.highs[spot]:
            return self.lows[spot] - 1
        return index

    def first_outside(self, index: int) -> int:
        """The lowest index at least ``index`` that is not in the set."""
        spot = bisect.bisect_right(self.lows, index) - 1
        if spot >= 0 and index < self.highs[spot]:
            return self.highs[spot]
        return index

    def ranges(self, low: int, high: int) -> Iterator[tuple[int, int]]:
        """The set's ranges cut to ``[low, high)``."""
        spot = max(bisect.bisect_right(self.lows, low) - 1, 0)
        while spot < len(self.lows) and self.lows[spot] < high:
            start, end = max(self.lows[spot], low), min(self.highs[spot], high)
            if end > start:
                yield start, end
            spot += 1

    def count(self, low: int, high: int) -> int:
        """How many indexes of ``[low, high)`` are in the set."""
        return sum(end - start for start, end in self.ranges(low, high))


@dataclass
class Placed:
    """Which evidence covers which occurrence: single indexes, and long runs kept as ranges."""

    points: dict[int, list[tuple[int, Evidence]]] = field(default_factory=dict)
    """Index → (order placed, evidence)."""
    ranges: list[tuple[int, int, int, Evidence]] = field(default_factory=list)
    """``(low, high, order placed, evidence)``: the evidence covers every index from low to high (excluded)."""
    taken: dict[str, Spans] = field(default_factory=dict)
    """Group (a kind, where all kinds are required) → the indexes covered."""
    covered: Spans = field(default_factory=Spans)
    """The indexes any evidence covers."""

    def cover(self, low: int, high: int, order: int, item: Evidence, group: str) -> None:
        if high - low <= SHORT:
            for index in range(low, high):
                self.points.setdefault(index, []).append((order, item))
        else:
            self.ranges.append((low, high, order, item))
        self.taken.setdefault(group, Spans()).add(low, high)
        self.covered.add(low, high)

    def is_open(self, index: int, group: str) -> bool:
        spans = self.taken.get(group)
        return spans is None or index not in spans

    def items(self, index: int) -> list[Evidence]:
        """The evidence covering ``index``, in the order it was placed."""
        found = list(self.points.get(index, ()))
        if self.ranges:
            found.extend((order, item) for low, high, order, item in self.ranges if low <= index < high)
        if len(found) > 1:
            found.sort(key=lambda entry: entry[0])
        return [item for _, item in found]


def place(slots: Slots, limit: int | None, claims: Claims, span_start: date, horizon: int | None = None,
          beyond: list[tuple[str, date, date]] | None = None) -> tuple[Placed, list[Ignored], list[Guess]]:
    """Which evidence covers which occurrence (S2.2, S2.3, S1.11), and what was ignored or guessed.

    With ``horizon``, no occurrence from that index on is built: a period claimed past it is put in
    ``beyond`` (its group, and the part of the period from the horizon's start), so the work never depends
    on how far a record claims (a period to the year 8999)."""
    placed = Placed()
    ignored: list[Ignored] = []
    guesses: list[Guess] = []
    bound = limit if limit is not None else 1 << 60
    order = 0
    later: list[Evidence] = []
    for item in claims.items:
        if item.date < span_start:
            ignored.append(Ignored("evidence", item.id, before_span(item.date, span_start)))
            continue
        if item.period is None:
            later.append(item)
            continue
        begin, end = item.period.start, item.period.end
        stop = bound if horizon is None else min(bound, horizon)
        group = claims.group(item)
        first = slots.index_ending_from(begin)
        run = _run(slots, first, begin, end, stop, bound)
        if run is not None:  # a long claim, found by its dates
            low, high, past = run
            if past and beyond is not None:
                beyond.append((group, max(begin, slots.slot(stop).start), end))
            placed.cover(low, high, order, item, group)
            order += 1
            continue
        candidates = []
        index = first
        while index < stop:
            slot = slots.slot(index)
            if slot.start > end:
                break
            candidates.append((index, slot))
            index += 1
        past = index == stop and stop < bound and slots.slot(stop).start <= end
        if past and beyond is not None:
            beyond.append((group, max(begin, slots.slot(stop).start), end))
        inside = [index for index, slot in candidates if begin <= slot.start and slot.end <= end]
        if inside or past:
            for index in inside:
                placed.cover(index, index + 1, order, item, group)
            order += 1
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
            placed.cover(overlaps[-1][1], overlaps[-1][1] + 1, order, item, group)
            order += 1
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
        choice = next((index for index in windows if placed.is_open(index, group)), None)
        if choice is not None:
            placed.cover(choice, choice + 1, order, item, group)
            order += 1
            continue
        # 2. the latest open occurrence whose due date had passed: late
        taken = placed.taken.get(group, Spans())
        late = taken.last_outside(first_due - 1) if first_due > 0 else -1
        holding = slots.index_ending_from(day)
        holds = holding < bound and slots.slot(holding).start <= day
        if late >= 0:
            others = _open_before(taken, late, slots)
            if holds and holding != late and placed.is_open(holding, group):
                others.append(slots.slot(holding).key)
            if others:
                guesses.append(Guess(item.id, slots.slot(late).key, tuple(others)))
            chosen: int | None = late
        elif holds:  # 3. the one whose period holds the date (an act done during it)
            chosen = holding
        elif windows:  # the window's occurrence is covered already: one more record for it
            chosen = windows[0]
        else:
            chosen = None
            ignored.append(Ignored("evidence", item.id, f"counts for nothing: dated {day}, before the first "
                                                        f"occurrence owed ({slots.slot(0).key}) began"))
        if chosen is not None:
            placed.cover(chosen, chosen + 1, order, item, group)
            order += 1
    return placed, ignored, guesses


def _run(slots: Slots, first: int, begin: date, end: date, stop: int, bound: int) -> tuple[int, int, bool] | None:
    """The occurrences a long period holds whole, found by their dates where the slots' dates never go back:
    ``(low, high, past)``, ``past`` where it goes on past ``stop``. None for a short period (those are walked
    one by one), for slots whose dates go back, or where the answer does not check out."""
    if not slots.ordered or stop - first <= 2 * SHORT or slots.slot(first + 2 * SHORT).start > end:
        return None
    low = first
    while slots.slot(low).start < begin:
        low += 1
        if low - first > 3:
            return None
    high = min(stop, slots.index_ending_from(end + timedelta(days=1))) if end < date.max else stop
    if high <= low or slots.slot(high - 1).end > end or (high < stop and slots.slot(high).end <= end):
        return None
    return low, high, stop < bound and slots.slot(stop).start <= end


def _window_start(slot: Slot) -> date:
    """The first day evidence may be filed for an occurrence: the day after its period, or the period's
    first day where the period ends on the due date (S2.3)."""
    if slot.during:
        return slot.start
    return date.fromordinal(slot.end.toordinal() + 1)


def _open_before(taken: Spans, index: int, slots: Slots) -> list[str]:
    """The keys of (up to two) open occurrences before ``index``."""
    found: list[str] = []
    candidate = taken.last_outside(index - 1) if index > 0 else -1
    while candidate >= 0 and len(found) < 2:
        found.append(slots.slot(candidate).key)
        candidate = taken.last_outside(candidate - 1) if candidate > 0 else -1
    return found
