"""The fast path for recurring duties agrees with building every period (property-based).

A regression guard, not evidence of truth: both paths share the schedule and the placement rules; the golden
table (test_status_golden.py) and the reference calendar say what is right."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.records import Evidence
from policytrack.status.dates import Calendar
from policytrack.status.occurrences import KEEP, Claims, Relief, judge_recurring, judge_slots
from policytrack.status.schedule import Schedule, recurring_slots

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2024, 12, 31))


@st.composite
def rules(draw: st.DrawFn) -> RecurringDeadline:
    every = draw(st.sampled_from(["week", "month", "quarter", "year"]))
    fields: dict[str, object] = {"type": "recurring", "every": every, "interval": draw(st.integers(1, 3))}
    form = draw(st.sampled_from(["anchored", "lag"]))
    if form == "lag":
        fields["days_after_period_end"] = draw(st.integers(0, 95))
        if draw(st.booleans()):
            fields["first"] = draw(DAYS)
    else:
        if every == "year":
            fields["month"] = draw(st.integers(1, 12))
        if every != "week" and draw(st.booleans()):
            fields["day"] = draw(st.integers(1, 31))
        if draw(st.booleans()):
            fields["first"] = draw(DAYS)
    return RecurringDeadline.model_validate(fields)


@st.composite
def evidence_lists(draw: st.DrawFn) -> list[Evidence]:
    items = []
    for number in range(draw(st.integers(0, 6))):
        record: dict[str, object] = {
            "id": f"ev-{number}", "obligation": "ob", "agency": "a", "date": draw(DAYS), "kind": "report",
            "summary": "s", "source": {"url": "https://example.org"}, "submitted_by": {"role": "r"}}
        if draw(st.booleans()):
            start = draw(DAYS)
            record["period"] = {"start": start, "end": start + timedelta(days=draw(st.integers(0, 800)))}
        items.append(Evidence.model_validate(record))
    return sorted(items, key=lambda item: (item.date, item.id))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(rules(), DAYS, evidence_lists(), DAYS, st.one_of(st.none(), st.tuples(DAYS, DAYS)), st.integers(1, 60))
def test_fast_path_agrees_with_every_period_built(rule: RecurringDeadline, start: date, evidence: list[Evidence],
                                                   as_of: date, waiver: tuple[date, date] | None, soon: int) -> None:
    cal = Calendar()
    evidence = [item for item in evidence if item.date <= as_of]
    relief = Relief(windows=[(min(waiver), max(waiver), "w")] if waiver else [])
    claims = Claims(evidence)
    horizon = max([as_of, *(item.period.end for item in evidence if item.period)]) + timedelta(days=800)
    every_slot = recurring_slots(rule, start, horizon, cal)
    slow = judge_slots(every_slot, claims, as_of, soon, relief, start)
    upcoming = next(index for index, slot in enumerate(every_slot) if slot.due > as_of)
    every = slow.kept
    fast = judge_recurring(Schedule(rule, start, cal), None, claims, as_of, soon, relief, start)
    past = every[:upcoming + 1]
    counts: dict[str, int] = {}
    for item in past + [item for item in every[upcoming + 1:] if item.evidence]:
        counts[item.verdict] = counts.get(item.verdict, 0) + 1
    assert fast.counts == counts
    by_key = {(item.key, item.due): item for item in every}
    assert all(by_key[(item.key, item.due)] == item for item in fast.kept)
    assert fast.kept[-KEEP:] == [item for item in every if item in fast.kept][-KEEP:]
    assert past[-KEEP:] == [item for item in fast.kept if item in past][-KEEP:]
    assert fast.ignored == slow.ignored and fast.guesses == slow.guesses
    missed = [item for item in past if item.verdict in ("missed", "disputed")]
    assert fast.last_missed == (missed[-1] if missed else None)
