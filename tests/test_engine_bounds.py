"""The engine's work on a row depends on the occurrences it reports, not on the span a record claims.

Two kinds of test, named as such: a count of the occurrences the engine builds (a claim from the year 1000
costs what a claim from 1990 costs), and a regression guard comparing the fast path with the slow one that
builds every occurrence, for long claims, disputes, kinds all required and waivers (not evidence of truth:
both share the placement rules; the golden table says what is right)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.records import Evidence
from policytrack.status import occurrences
from policytrack.status.dates import Calendar
from policytrack.status.occurrences import KEEP, Claims, Relief, judge_recurring, judge_slots
from policytrack.status.schedule import Schedule, recurring_slots

WEEKLY = RecurringDeadline.model_validate({"type": "recurring", "every": "week"})
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2024, 12, 31))


def _claim(number: int, filed: date, start: date, end: date, kind: str = "report") -> Evidence:
    return Evidence.model_validate({"id": f"ev-{number}", "obligation": "ob", "agency": "a", "date": filed,
                                    "kind": kind, "summary": "s", "source": {"url": "https://example.org"},
                                    "submitted_by": {"role": "r"}, "period": {"start": start, "end": end}})


def test_a_claim_from_the_year_1000_builds_no_more_occurrences_than_one_from_1990(
        monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    judge = occurrences._judge
    monkeypatch.setattr(occurrences, "_judge", lambda key, *rest: built.append(key) or judge(key, *rest))
    as_of = date(2026, 11, 27)
    cost = {}
    for since in (date(1000, 1, 1), date(1990, 1, 1)):
        built.clear()
        claims = Claims([_claim(number, date(2020, 1, 1) + timedelta(days=number), since, date(8999, 12, 31))
                         for number in range(35)])
        judged = judge_recurring(Schedule(WEEKLY, since, Calendar()), None, claims, as_of, 14, Relief(), since)
        owed = Schedule(WEEKLY, since, Calendar()).index_after(as_of)  # every week up to the as-of date
        assert sum(judged.counts.values()) == owed + occurrences.HORIZON  # and the claimed ones to the horizon
        assert judged.counts["met-late"] > owed - 400 and "missed" not in judged.counts
        cost[since.year] = len(built)
    assert cost[1000] == cost[1990] < KEEP + occurrences.HORIZON + 8


@st.composite
def long_claims(draw: st.DrawFn) -> tuple[list[Evidence], frozenset[str]]:
    items = []
    for number in range(draw(st.integers(1, 5))):
        start = draw(DAYS)
        end = start + timedelta(days=draw(st.sampled_from([30, 400, 3000, 9000])))
        items.append(_claim(number, draw(DAYS), start, end, draw(st.sampled_from(["report", "audit"]))))
    items.sort(key=lambda item: (item.date, item.id))
    disputed = frozenset(item.id for item in items if draw(st.booleans()) and draw(st.booleans()))
    return items, disputed


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(["week", "month", "quarter"]), DAYS, long_claims(), st.booleans(),
       st.one_of(st.none(), st.tuples(DAYS, DAYS)), st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 1, 1)))
def test_long_claims_counted_in_bulk_agree_with_every_occurrence_built(
        every: str, start: date, claimed: tuple[list[Evidence], frozenset[str]], all_required: bool,
        waiver: tuple[date, date] | None, as_of: date) -> None:
    rule = RecurringDeadline.model_validate({"type": "recurring", "every": every})
    cal = Calendar()
    evidence, disputed = claimed
    evidence = [item for item in evidence if item.date <= as_of]
    claims = Claims(evidence, disputed, ("report", "audit") if all_required else None)
    relief = Relief(windows=[(min(waiver), max(waiver), "w")] if waiver else [])
    horizon = max([as_of, *(item.period.end for item in evidence if item.period)]) + timedelta(days=400)
    every_slot = recurring_slots(rule, start, horizon, cal)
    slow = judge_slots(every_slot, claims, as_of, 14, relief, start)
    fast = judge_recurring(Schedule(rule, start, cal), None, claims, as_of, 14, relief, start)
    upcoming = next(index for index, slot in enumerate(every_slot) if slot.due > as_of)
    every_one = slow.kept
    past = every_one[:upcoming + 1]
    counts: dict[str, int] = {}
    built = every_one[upcoming + 1:upcoming + occurrences.HORIZON]  # claims past the horizon are not counted
    for item in past + [item for item in built if item.evidence]:
        counts[item.verdict] = counts.get(item.verdict, 0) + 1
    assert fast.counts == counts
    assert all(item in every_one for item in fast.kept)
    assert past[-KEEP:] == [item for item in fast.kept if item in past][-KEEP:]
    missed = [item for item in past if item.verdict in ("missed", "disputed")]
    assert fast.last_missed == (missed[-1] if missed else None)
    assert fast.ignored == slow.ignored and fast.guesses == slow.guesses
