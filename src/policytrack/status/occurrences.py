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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from policytrack.model.records import Event, Evidence, Extension
from policytrack.status.dates import add_months, earliest, shift_days
from policytrack.status.placement import (
    Claims,
    Guess,
    Ignored,
    ListSlots,
    Placed,
    Slots,
    Spans,
    before_span,
    place,
)
from policytrack.status.schedule import Slot

__all__ = ["HORIZON", "KEEP", "VERDICTS", "Claims", "Guess", "Ignored", "Judged", "ListSlots", "Occurrence", "Owed",
           "Relief", "Slots", "Verdict", "before_span", "judge_events", "judge_once", "judge_recurring",
           "judge_slots", "tally"]

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
        if found or not self.windows:
            return found or None
        return next((name for start, until, name in self.windows if start <= due <= until), None)

    def extension(self, key: str, event: str | None, due: date) -> Extension | None:
        """The extension of the occurrence granted before its due date, if any (the latest granted)."""
        if not self.extensions:
            return None
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


@dataclass(frozen=True, slots=True)
class Judged:
    """A duty's occurrences as the status needs them: the ones kept in full, and counts of all."""

    kept: list[Occurrence]
    """The latest :data:`KEEP` occurrences up to the next one due, any other covered or relieved (of the older
    ones that long claims cover, only the latest and those that cannot be counted in bulk)."""
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


def judge_slots(slots: Sequence[Slot], claims: Claims, as_of: date, soon: int, relief: Relief,
                span_start: date) -> Judged:
    """The slow path: every occurrence of an explicit list judged (the fast path must agree with it)."""
    listed = ListSlots(slots)
    placed, ignored, guesses = place(listed, len(slots), claims, span_start)
    out = [_judge(slot.key, slot.due, slot.start, slot.end, placed.items(index), claims, relief, as_of, soon)
           for index, slot in enumerate(slots)]
    return tally(out, ignored, guesses)


def judge_recurring(slots: Slots, limit: int | None, claims: Claims, as_of: date, soon: int, relief: Relief,
                    span_start: date) -> Judged:
    """The verdicts of a recurring duty's occurrences (the rules of :func:`judge_slots`), building only the
    latest ones, those evidence covers one by one and those relief names.

    Older occurrences that a long claim covers (a period from the year 1000) are counted by runs of indexes
    (:func:`_bulk`): the work depends on the records, never on the span they claim."""
    upcoming = slots.index_after(as_of)
    if limit is not None:
        upcoming = min(upcoming, limit - 1)
    horizon = upcoming + HORIZON
    beyond: list[tuple[str, date, date]] = []
    placed, ignored, guesses = place(slots, limit, claims, span_start, horizon, beyond)
    covered = placed.covered
    relieved = _relieved(slots, relief, upcoming)
    next_open = covered.first_outside(upcoming)
    if limit is not None and next_open >= limit:
        next_open = -1
    if next_open == horizon and (limit is None or horizon < limit):
        next_open = _first_open_beyond(slots, horizon, limit, beyond)
    first_kept = max(0, upcoming - KEEP + 1)
    windows = Spans()
    for start, until, _ in relief.windows:
        windows.add(slots.index_from(start), slots.index_after(until))
    special = set(placed.points) | relieved
    bulk: Bulk | None = None
    if placed.ranges and first_kept > 0:
        bulk = _bulk(slots, placed, claims, relief, as_of, first_kept, special, windows)
    for low, high in covered.ranges(first_kept, 1 << 62):
        special.update(range(low, high))
    keep = sorted(index for index in set(range(first_kept, upcoming + 1)) | special
                  if index >= 0 and (limit is None or index < limit))
    kept = [_judge(slot.key, slot.due, slot.start, slot.end, placed.items(index), claims, relief, as_of, soon)
            for index, slot in ((index, slots.slot(index)) for index in keep)]
    judged = tally(kept)
    counts = judged.counts
    last_missed = judged.last_missed
    if bulk is not None:
        first = dict(bulk.first)
        for index, item in zip(keep, kept, strict=True):
            first[item.verdict] = min(first.get(item.verdict, index), index)
        counts = {verdict: counts.get(verdict, 0) + bulk.counts.get(verdict, 0)
                  for verdict in sorted(first, key=first.__getitem__)}
        missed_at = max((index for index, item in zip(keep, kept, strict=True) if item is last_missed), default=-1)
        if bulk.last_missed > missed_at:
            slot = slots.slot(bulk.last_missed)
            last_missed = _judge(slot.key, slot.due, slot.start, slot.end, placed.items(bulk.last_missed), claims,
                                 relief, as_of, soon)
    # The rest are past, uncovered and unrelieved by name: missed, or waived inside a waiver's window.
    unjudged = {index for index in relieved if index < first_kept}
    total_rest = first_kept - covered.count(0, first_kept) - sum(1 for index in unjudged if index not in covered)
    waived_rest = sum(high - low - covered.count(low, high) - sum(
        1 for index in unjudged if low <= index < high and index not in covered)
        for low, high in windows.ranges(0, first_kept))
    if waived_rest:
        counts["waived"] = counts.get("waived", 0) + waived_rest
    if total_rest - waived_rest > 0:
        counts["missed"] = counts.get("missed", 0) + total_rest - waived_rest
    if last_missed is None and total_rest - waived_rest > 0:
        index = _last_missed(slots, relief, first_kept - 1, covered, relieved, windows)
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


def _last_missed(slots: Slots, relief: Relief, index: int, covered: Spans, relieved: set[int], windows: Spans) -> int:
    """The latest occurrence at or before ``index`` that nothing covers, names or waives (-1: none)."""
    while index >= 0:
        index = covered.last_outside(index)
        if index < 0 or index in relieved:
            index -= 1
            continue
        slot = slots.slot(index)
        if relief.waiver(slot.key, None, slot.due) is None:
            return index
        # a waiver's window holds each index of its run where due dates never go back: jump below it
        index = windows.last_outside(index) if slots.ordered and index in windows else index - 1
    return -1


@dataclass
class Bulk:
    """Older occurrences covered by long claims, counted without being built (:func:`_bulk`)."""

    counts: dict[str, int]
    first: dict[str, int]
    """Verdict → the first index that has it (the counts keep the order in which verdicts first come)."""
    last_missed: int
    """The latest of them missed or disputed (-1: none)."""


def _bulk(slots: Slots, placed: Placed, claims: Claims, relief: Relief, as_of: date, first_kept: int,
          special: set[int], windows: Spans) -> Bulk:
    """Count the verdicts of occurrences before ``first_kept`` that only long claims cover, run by run.

    Within a run the covering records are the same, so the day it was covered is too: the occurrences due
    on or after it are met, the earlier ones met late or waived (a waiver's window is a run of indexes), and
    where nothing counts they are missed or disputed. Those that cannot be counted so are added to
    ``special`` to be judged in full: any a waiver or extension might name by key, any due on or after the
    as-of date, and the latest of them (which the row's status may read)."""
    low_end = min(first_kept, slots.index_from(as_of))
    ranges = [(low, min(high, first_kept), order, item) for low, high, order, item in placed.ranges if low < first_kept]
    for low, high, _, _ in ranges:
        special.update(index for index in range(max(low, low_end), high))
    ranges = [(low, min(high, low_end), order, item) for low, high, order, item in ranges if low < low_end]
    inside = Spans()
    for low, high, _, _ in ranges:
        inside.add(low, high)
    names = {*relief.waived, *relief.resolved.values(),
             *(name for item in relief.extensions for name in (item.occurrence, item.event) if name)}
    special.update(index for index in _named(slots, names) if index in inside)
    latest = -1
    for _, high in inside.ranges(0, low_end):
        candidate = high - 1
        while candidate in special and candidate in inside:
            candidate -= 1
        if candidate in inside:
            latest = max(latest, candidate)
    if latest >= 0:
        special.add(latest)
    excluded = sorted(index for index in special if index in inside)
    cuts = sorted({bound for low, high, _, _ in ranges for bound in (low, high)} |
                  {bound for index in excluded for bound in (index, index + 1)})
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    last_missed = -1

    def add(verdict: str, count: int, index: int) -> None:
        if count > 0:
            counts[verdict] = counts.get(verdict, 0) + count
            first[verdict] = min(first.get(verdict, index), index)

    skip = set(excluded)
    for low, high in pairwise(cuts):
        if low in skip:
            continue
        active = sorted((order, item) for start, end, order, item in ranges if start <= low < end)
        if not active:
            continue
        items = [item for _, item in active]
        met_on, _ = claims.met(items)
        split = high if met_on is None else min(max(slots.index_from(met_on), low), high)
        add("met", high - split, split)  # due on or after the day covered
        waived = windows.count(low, split)
        add("waived", waived, next(windows.ranges(low, split), (low, low))[0])
        late = "met-late" if met_on is not None else "disputed" if all(
            item.id in claims.disputed for item in items) else "missed"
        add(late, split - low - waived, windows.first_outside(low))
        if late != "met-late" and split - low > waived:
            last_missed = max(last_missed, windows.last_outside(split - 1))
    return Bulk(counts, first, last_missed)


_LABELS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], date]], ...] = (
    (re.compile(r"(\d+)"), lambda match: date(int(match[1]), 12, 31)),
    (re.compile(r"(\d+)–(\d+)"), lambda match: date(int(match[2]), 12, 31)),
    (re.compile(r"(\d+)-Q([1-4])"), lambda match: add_months(date(int(match[1]), 3 * int(match[2]), 1), 0, 31)),
    (re.compile(r"(\d+)-(\d\d)"), lambda match: add_months(date(int(match[1]), int(match[2]), 1), 0, 31)),
    (re.compile(r"(\d+)-W(\d\d)"), lambda match: date.fromisocalendar(int(match[1]), int(match[2]), 7)),
    (re.compile(r"(\S+) to (\S+)"), lambda match: date.fromisoformat(match[2])),
)
"""The keys a schedule writes (:func:`policytrack.status.schedule.label`), read back as the period's last day."""


def _named(slots: Slots, names: set[str]) -> set[int]:
    """Every index whose key a waiver or an extension may name (``name`` or ``due name``), found by the
    dates the key spells: a due date (moved at most 30 days off a weekend or holiday), or a period's end."""
    found: set[int] = set()
    for key in {key for name in names for key in (name, f"due {name}")}:
        try:
            if key.startswith("due "):
                day = date.fromisoformat(key.removeprefix("due "))
                low, high = slots.index_from(shift_days(day, -31)), slots.index_after(shift_days(day, 31))
            else:
                read = next(((read, match) for pattern, read in _LABELS if (match := pattern.fullmatch(key))), None)
                if read is None:
                    continue
                day = read[0](read[1])
                low = slots.index_ending_from(day)
                high = slots.index_ending_from(shift_days(day, 1)) if day < date.max else low + 1
        except (ValueError, OverflowError):
            continue
        found.update(index for index in range(low, min(high, low + 64) + 1) if slots.slot(index).key == key)
    return found


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
