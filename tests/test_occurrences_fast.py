"""The fast path for recurring duties agrees with building every period (property-based)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.records import Evidence
from policytrack.status.dates import Calendar
from policytrack.status.occurrences import KEEP, judge_recurring, judge_slots, recurring_slots, tally

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
@given(rules(), DAYS, evidence_lists(), DAYS, st.one_of(st.none(), DAYS), st.integers(1, 60))
def test_fast_path_agrees_with_every_period_built(rule: RecurringDeadline, start: date, evidence: list[Evidence],
                                                   as_of: date, waived: date | None, soon: int) -> None:
    cal = Calendar()
    evidence = [item for item in evidence if item.date <= as_of]
    every = judge_slots(recurring_slots(rule, start, as_of, cal), evidence, as_of, soon, waived)
    slow = tally(every)
    fast = judge_recurring(rule, start, evidence, as_of, soon, cal, waived)
    assert fast.counts == slow.counts
    assert fast.last_missed == slow.last_missed
    by_key = {(item.key, item.due): item for item in every}
    assert all(by_key[(item.key, item.due)] == item for item in fast.kept)
    assert fast.kept[-KEEP:] == every[-KEEP:]
