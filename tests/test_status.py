"""Status is computed from deadlines, evidence and the as-of date; never typed in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builders import ORDINANCE, check, evidence, obligation, write_repo
from policytrack.model.deadlines import RecurringDeadline
from policytrack.status.dates import Calendar, shift_days
from policytrack.status.schedule import recurring_slots


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-05-01", "not-yet-due"),
        ("2020-06-01", "due-soon"),  # within 30 days of 2020-06-30
        ("2020-06-30", "due-soon"),
        ("2020-07-01", "overdue"),
    ],
)
def test_a_dated_obligation_moves_from_not_yet_due_to_overdue(tmp_path: Path, as_of: str, expected: str) -> None:
    root = write_repo(tmp_path, obligations=[obligation()])
    assert check(root, as_of).statuses["ob-1"].status == expected


def test_met_and_met_late_depend_on_the_first_evidence_date(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation("ob-1"), obligation("ob-2")],
                      evidence=[evidence("ev-1", "ob-1", when="2020-06-30"),
                                evidence("ev-2", "ob-2", when="2020-07-01")])
    statuses = check(root, "2021-01-01").statuses
    assert (statuses["ob-1"].status, statuses["ob-2"].status) == ("met", "met-late")


def test_evidence_after_the_as_of_date_does_not_exist_yet(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1", when="2020-05-01")])
    assert check(root, "2020-04-30", replay=True).statuses["ob-1"].status == "not-yet-due"
    assert check(root, "2020-05-01").statuses["ob-1"].status == "met"


def test_claimed_until_verified_and_a_later_verification_does_not_count_yet(tmp_path: Path) -> None:
    ev = evidence("ev-1", verified={"by": "Auditor", "on": "2020-09-01"})
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[ev])
    before = check(root, "2020-08-01").statuses["ob-1"]
    after = check(root, "2020-09-01").statuses["ob-1"]
    assert (before.status, before.verified) == ("met", False)
    assert (after.status, after.verified) == ("met", True)


def test_each_agency_of_a_fan_out_has_its_own_status_and_the_worst_wins(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(applies_to=["jail", "police"])],
                      evidence=[evidence("ev-1", agency="police", when="2020-08-01")])
    status = check(root, "2020-09-01").statuses["ob-1"]
    assert {row.agency: row.status for row in status.agencies} == {"jail": "overdue", "police": "met-late"}
    assert status.status == "overdue"


def test_repealed_section_ends_the_obligation(tmp_path: Path) -> None:
    ordinance = {**ORDINANCE, "amendments": [{"by": "Ordinance 2", "date": "2020-05-01", "action": "repealed",
                                              "sections": ["1.01.A"]}]}
    root = write_repo(tmp_path, obligations=[obligation()], ordinances=[ordinance])
    assert check(root, "2020-04-30").statuses["ob-1"].status == "not-yet-due"
    assert check(root, "2020-07-01").statuses["ob-1"].status == "repealed"


def test_blocked_when_a_dependency_is_overdue(tmp_path: Path) -> None:
    first = obligation("ob-1", deadline={"type": "date", "date": "2020-03-01"})
    second = obligation("ob-2", deadline={"type": "date", "date": "2020-12-31"}, depends_on=["ob-1"])
    root = write_repo(tmp_path, obligations=[first, second])
    status = check(root, "2020-04-01").statuses["ob-2"]
    assert (status.status, status.blocked_by) == ("blocked", ("ob-1",))
    done = write_repo(tmp_path / "b", obligations=[first, second], evidence=[evidence("ev-1", "ob-1",
                                                                                      when="2020-02-01")])
    assert check(done, "2020-04-01").statuses["ob-2"].status == "not-yet-due"


def test_a_long_dependency_chain_does_not_overflow(tmp_path: Path) -> None:
    chain = [obligation("ob-0", deadline={"type": "date", "date": "2020-01-02"})]
    chain += [obligation(f"ob-{i}", deadline={"type": "date", "date": "2021-01-01"}, depends_on=[f"ob-{i - 1}"])
              for i in range(1, 3000)]
    root = write_repo(tmp_path, obligations=chain)
    statuses = check(root, "2020-06-01").statuses
    assert statuses["ob-2999"].status == "blocked"


def test_business_days_skip_weekends() -> None:
    cal = Calendar()
    assert cal.add_business_days(date(2020, 1, 10), 1) == date(2020, 1, 13)  # Friday → Monday
    assert shift_days(date(2020, 1, 10), 1) == date(2020, 1, 11)


def _dues(rule: RecurringDeadline, start: date, until: date) -> list[date]:
    return [slot.due for slot in recurring_slots(rule, start, until, Calendar())]


def test_yearly_recurrence_by_january_31_each_year() -> None:
    rule = RecurringDeadline(type="recurring", every="year", month=1, day=31, first=date(2017, 1, 31))
    assert _dues(rule, date(2016, 6, 30), date(2019, 2, 1)) == [
        date(2017, 1, 31), date(2018, 1, 31), date(2019, 1, 31), date(2020, 1, 31)]


def test_monthly_recurrence_without_a_first_date_falls_on_month_ends() -> None:
    rule = RecurringDeadline(type="recurring", every="month")
    assert _dues(rule, date(2020, 1, 11), date(2020, 3, 15)) == [
        date(2020, 1, 31), date(2020, 2, 29), date(2020, 3, 31)]


def test_quarterly_recurrence_falls_on_quarter_ends() -> None:
    rule = RecurringDeadline(type="recurring", every="quarter")
    # docs/status-semantics.md S1.7: a duty starting on 2016-06-30 owes nothing on the quarter that ends that
    # day (the first occurrence is never on the duty's first day), so the first is due 2016-09-30.
    assert _dues(rule, date(2016, 6, 30), date(2016, 12, 1)) == [date(2016, 9, 30), date(2016, 12, 31)]
    assert _dues(rule, date(2016, 6, 29), date(2016, 12, 1)) == [
        date(2016, 6, 30), date(2016, 9, 30), date(2016, 12, 31)]


def test_a_recurring_duty_with_no_evidence_is_overdue_since_its_first_due_date(tmp_path: Path) -> None:
    yearly = {"type": "recurring", "every": "year", "month": 1, "day": 31, "first": "2021-01-31"}
    root = write_repo(tmp_path, obligations=[obligation(kind="recurring", deadline=yearly)])
    assert check(root, "2021-01-15").statuses["ob-1"].status == "due-soon"
    status = check(root, "2021-02-01").statuses["ob-1"]
    assert (status.status, str(status.due)) == ("overdue", "2021-01-31")


def test_yearly_evidence_is_overdue_when_the_next_year_is_missed(tmp_path: Path) -> None:
    yearly = {"type": "recurring", "every": "year", "month": 1, "day": 31, "first": "2021-01-31"}
    root = write_repo(tmp_path, obligations=[obligation(kind="recurring", deadline=yearly)],
                      evidence=[evidence("ev-1", when="2021-01-20")])
    assert check(root, "2021-06-01").statuses["ob-1"].status == "met"
    status = check(root, "2022-02-01").statuses["ob-1"]
    assert (status.status, str(status.due)) == ("overdue", "2022-01-31")
    assert status.agencies[0].summary == "overdue; 1 of 2 years missed, last missed due 2022-01-31"
