"""One test per defect of the old status model (issue 7), each on a miniature repository with a pinned
as-of date, and each new rule firing and quiet. Every defect test failed on the code before the new model
(commit 6345eee); the "quiet" tests of rules that did not exist then pass there, as they must. The last
sections hold defects of the new engine found while writing these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

import pytest

from builders import ORDINANCE, breach, check, event, evidence, fired, line_of, obligation, write_repo
from policytrack.checks.checker import run_check
from policytrack.model.records import Evidence
from policytrack.status import dates
from policytrack.status.verification import evidence_hash

# --- recurring duties --------------------------------------------------------------------------------------

PARTIES = [{"id": "ice", "name": "Immigration agency", "kind": "federal-agency"}]
SYSTEMS = [{"id": "lookup", "name": "Inmate look-up", "operator": "jail", "data": ["inmate-records"],
            "access": [{"party": "ice", "description": "Accounts in the look-up system"}]}]
PROTECTING = {**ORDINANCE, "protects": ["inmate-records"], "restricts": ["ice"]}


def monthly_repo(root: Path) -> Path:
    """A monthly review of who has access to the look-up system, shown every month from January to June
    2020 (on the 20th)."""
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "month"}, systems=["lookup"])
    proofs = [evidence(f"ev-{month}", when=f"2020-{month:02d}-20") for month in range(1, 7)]
    return write_repo(root, obligations=[duty], evidence=proofs, ordinances=[PROTECTING], parties=PARTIES,
                      systems=SYSTEMS)


def test_a_monthly_duty_shown_every_month_is_met_while_its_next_due_date_is_near(tmp_path: Path) -> None:
    result = check(monthly_repo(tmp_path), "2020-06-10")
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("met", date(2020, 5, 31))
    assert status.next_due == date(2020, 6, 30)
    assert status.agencies[0].counts == {"met": 5, "due-soon": 1}
    assert fired(result, "uncovered-access") == []


def test_a_monthly_duty_not_shown_for_july_is_overdue_and_the_access_uncovered(tmp_path: Path) -> None:
    result = check(monthly_repo(tmp_path), "2020-08-15")
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("overdue", date(2020, 7, 31))
    [finding] = fired(result, "uncovered-access")
    assert "Immigration agency (ice) has access" in finding.message


def yearly_report(**fields: Any) -> dict[str, Any]:
    """A report on each year, due March 31 of the next (the first on 2020-03-31, for 2019)."""
    return obligation(kind="recurring", deadline={"type": "recurring", "every": "year", "month": 3, "day": 31,
                                                  "first": "2020-03-31"}, **fields)


def test_a_late_report_on_an_old_year_is_met_late_for_that_year_only(tmp_path: Path) -> None:
    ordinance = {**ORDINANCE, "enacted": "2018-12-01", "effective": "2019-01-01"}
    reports = [evidence("ev-2020", when="2021-03-30", period={"start": "2020-01-01", "end": "2020-12-31"}),
               evidence("ev-2021", when="2022-03-15", period={"start": "2021-01-01", "end": "2021-12-31"}),
               evidence("ev-2022", when="2023-03-20", period={"start": "2022-01-01", "end": "2022-12-31"}),
               evidence("ev-2019", when="2023-05-01", period={"start": "2019-01-01", "end": "2019-12-31"})]
    result = check(write_repo(tmp_path, obligations=[yearly_report()], evidence=reports, ordinances=[ordinance]),
                   "2023-06-01")
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("met", date(2023, 3, 31))
    row = status.agencies[0]
    verdicts = [(item.due, item.verdict, item.met_on) for item in row.occurrences if item.verdict != "not-yet-due"]
    assert verdicts == [(date(2020, 3, 31), "met-late", date(2023, 5, 1)),
                        (date(2021, 3, 31), "met", date(2021, 3, 30)),
                        (date(2022, 3, 31), "met", date(2022, 3, 15)),
                        (date(2023, 3, 31), "met", date(2023, 3, 20))]
    assert row.summary == "met; 1 met late"
    assert fired(result, "lapsed") == [] and fired(result, "overdue") == []


def test_a_period_written_as_a_year_label_covers_that_year(tmp_path: Path) -> None:
    ordinance = {**ORDINANCE, "enacted": "2018-12-01", "effective": "2019-01-01"}
    root = write_repo(tmp_path, obligations=[yearly_report()], ordinances=[ordinance],
                      evidence=[evidence("ev-2019", when="2020-05-01", period="2019")])
    row = check(root, "2020-06-01").statuses["ob-1"].agencies[0]
    assert (row.status, row.due, row.occurrences[0].evidence) == ("met-late", date(2020, 3, 31), ("ev-2019",))


def quarterly_since_2017(**fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A quarterly report due 30 days after each quarter, under a law in force from 2017-01-01."""
    ordinance = {**ORDINANCE, "enacted": "2016-12-01", "effective": "2017-01-01"}
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "quarter",
                                                  "days_after_period_end": 30}, **fields)
    return ordinance, duty


def test_one_report_on_the_last_quarter_does_not_hide_27_missed_quarters(tmp_path: Path) -> None:
    ordinance, duty = quarterly_since_2017()
    root = write_repo(tmp_path, obligations=[duty], ordinances=[ordinance],
                      evidence=[evidence("ev-q4", when="2024-01-20", period="2023-Q4")])
    result = check(root, "2024-03-01")
    row = result.statuses["ob-1"].agencies[0]
    assert (row.status, row.due) == ("met", date(2024, 1, 30))
    assert row.summary == "met; 27 of 28 quarters missed, last missed 2023-Q3"
    assert row.next_due == date(2024, 4, 30)
    assert row.counts == {"missed": 27, "met": 1, "not-yet-due": 1}
    assert row.last_missed is not None and row.last_missed.key == "2023-Q3"


def test_one_record_for_the_last_quarter_end_does_not_hide_27_missed_ones(tmp_path: Path) -> None:
    ordinance, _ = quarterly_since_2017()
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "quarter"})  # each quarter's end
    root = write_repo(tmp_path, obligations=[duty], ordinances=[ordinance],
                      evidence=[evidence("ev-q4", when="2023-12-20")])
    row = check(root, "2024-02-01").statuses["ob-1"].agencies[0]
    assert (row.status, row.due) == ("met", date(2023, 12, 31))
    assert row.summary == "met; 27 of 28 quarters missed, last missed due 2023-09-30"
    assert row.counts == {"missed": 27, "met": 1, "not-yet-due": 1}


def test_a_quarterly_duty_reported_late_on_its_quarter_is_met_late(tmp_path: Path) -> None:
    ordinance, _ = quarterly_since_2017()
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "quarter"})
    root = write_repo(tmp_path, obligations=[duty], ordinances=[ordinance],
                      evidence=[evidence("ev-q1", when="2017-04-15", period={"start": "2017-01-01",
                                                                             "end": "2017-03-31"})])
    result = check(root, "2017-05-01")
    assert (result.statuses["ob-1"].status, result.statuses["ob-1"].due) == ("met-late", date(2017, 3, 31))
    [finding] = fired(result, "met-late")
    assert "15 days late" in finding.message


def test_a_recurring_duty_can_be_met_late(tmp_path: Path) -> None:
    ordinance, duty = quarterly_since_2017()
    root = write_repo(tmp_path, obligations=[duty], ordinances=[ordinance],
                      evidence=[evidence("ev-q1", when="2017-05-15", period="2017-Q1")])
    result = check(root, "2017-06-01")
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("met-late", date(2017, 4, 30))
    [finding] = fired(result, "met-late")
    assert "(for 2017-Q1)" in finding.message and "15 days late" in finding.message


# --- per-event duties --------------------------------------------------------------------------------------

PER_EVENT = {"type": "per-event", "event": "request", "within_days": 10}


def test_a_per_event_duty_with_no_event_owes_nothing(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(kind="per-event", deadline=PER_EVENT)])
    result = check(root, "2021-01-01")
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("not-yet-due", None)
    assert status.next_due is None
    assert fired(result, "overdue") == []


def test_one_answer_does_not_meet_every_event(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(kind="per-event", deadline=PER_EVENT)],
                      events=[event("e-1", when="2020-03-01"), event("e-2", when="2020-04-01")],
                      evidence=[evidence("ev-1", when="2020-03-05", event="e-1")])
    result = check(root, "2020-06-01")
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("overdue", date(2020, 4, 11))
    row = status.agencies[0]
    assert [(item.event, item.verdict) for item in row.occurrences] == [("e-1", "met"), ("e-2", "missed")]
    [finding] = fired(result, "overdue")
    assert "in force since" not in finding.message
    assert "due 2020-04-11 for event e-2" in finding.message


# --- the law in force --------------------------------------------------------------------------------------


def test_the_earliest_repeal_wins_whatever_the_order_of_the_list(tmp_path: Path) -> None:
    ordinance = {**ORDINANCE, "applies_to": ["jail", "police"], "amendments": [
        {"by": "Ordinance 3", "date": "2021-06-01", "action": "repealed", "sections": ["1.01.A"]},
        {"by": "Ordinance 2", "date": "2020-09-01", "action": "repealed"},
    ]}
    root = write_repo(tmp_path, obligations=[obligation()], ordinances=[ordinance])
    before = check(root, "2020-08-01")
    assert before.statuses["ob-1"].status == "overdue"
    assert [item.agency for item in fired(before, "agency-owes-nothing")] == ["police"]
    after = check(root, "2020-12-01")
    status = after.statuses["ob-1"]
    assert (status.status, status.due) == ("repealed", date(2020, 9, 1))
    from policytrack.law.inforce import ordinance_in_force

    assert ordinance_in_force(after.repository, "ord-1", date(2020, 12, 1)) is False
    assert fired(after, "agency-owes-nothing") == []


# --- administrative deadlines ------------------------------------------------------------------------------


def test_an_administrative_relative_deadline_counts_from_the_effective_date_once_set(tmp_path: Path) -> None:
    admin = {"type": "relative", "days": 90, "after": "effective", "set_by": "Executive", "set_on": "2020-03-01"}
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"}, administrative_deadline=admin)])
    before = check(root, "2020-02-01")
    assert (before.statuses["ob-1"].status, before.statuses["ob-1"].due) == ("no-deadline", None)
    [finding] = fired(before, "no-deadline")
    assert "only set on 2020-03-01" in finding.message
    after = check(root, "2020-06-15")
    status = after.statuses["ob-1"]
    # 90 days after the effective date 2020-01-11, not after the day it was set.
    assert (status.status, status.due, status.deadline_source) == ("overdue", date(2020, 4, 10), "administrative")


def test_an_administrative_deadline_set_after_its_date_gives_no_date(tmp_path: Path) -> None:
    """docs/status-semantics.md S1.1, S1.10: the deadline exists from 2020-06-01; a date of 2020-04-10 would
    be due before it existed (the engine before issue 15 said overdue from 2020-04-10)."""
    admin = {"type": "relative", "days": 90, "after": "effective", "set_by": "Executive", "set_on": "2020-06-01"}
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"}, administrative_deadline=admin)])
    result = check(root, "2020-06-15")
    assert (result.statuses["ob-1"].status, result.statuses["ob-1"].due) == ("no-deadline", None)
    [finding] = fired(result, "contradictory-schedule")
    assert "its due date (2020-04-10) is before the duty existed (2020-06-01)" in finding.message
    assert fired(result, "overdue") == [] and fired(result, "no-deadline") == []


# --- the calendar ------------------------------------------------------------------------------------------


class _Clock(datetime):
    """A clock stopped at 2021-03-01 05:00 UTC: still February 28 in Seattle."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _Clock:
        instant = datetime(2021, 3, 1, 5, 0, tzinfo=UTC)
        moved = instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)
        return cls(moved.year, moved.month, moved.day, moved.hour, moved.minute, tzinfo=moved.tzinfo)


def test_today_is_the_date_in_the_repositorys_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "datetime", _Clock)
    assert dates.today("America/Los_Angeles") == date(2021, 2, 28)
    assert dates.today("UTC") == date(2021, 3, 1)
    assert dates.today("Asia/Tokyo") == date(2021, 3, 1)
    assert dates.today("Nowhere/Atlantis") == date(2021, 3, 1)  # unknown: UTC (the config rule says so)


def test_a_check_without_a_date_runs_as_of_today_in_the_time_zone(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "datetime", _Clock)
    duty = obligation(deadline={"type": "date", "date": "2021-02-28"})
    seattle = write_repo(tmp_path / "seattle", obligations=[duty], config={"timezone": "America/Los_Angeles"})
    utc = write_repo(tmp_path / "utc", obligations=[duty])
    here = run_check(seattle, None)
    assert (here.as_of, here.statuses["ob-1"].status) == (date(2021, 2, 28), "due-soon")
    there = run_check(utc, None)
    assert (there.as_of, there.statuses["ob-1"].status) == (date(2021, 3, 1), "overdue")


def test_business_days_skip_the_jurisdictions_holidays(tmp_path: Path) -> None:
    ordinance = {**ORDINANCE, "enacted": "2020-11-01", "effective": "2020-11-20"}  # a Friday
    duty = obligation(deadline={"type": "relative", "days": 10, "business_days": True, "after": "effective"})
    washington = write_repo(tmp_path / "wa", obligations=[duty], ordinances=[ordinance],
                            config={"holidays": {"country": "US", "subdivision": "WA"}})
    plain = write_repo(tmp_path / "plain", obligations=[duty], ordinances=[ordinance])
    # Thanksgiving (Nov 26) and Native American Heritage Day (Nov 27) are days off in Washington.
    assert check(washington, "2020-11-21").statuses["ob-1"].due == date(2020, 12, 8)
    assert check(plain, "2020-11-21").statuses["ob-1"].due == date(2020, 12, 4)


@pytest.mark.parametrize(("effective", "amount", "due"), [
    ("2020-01-31", {"weeks": 2}, date(2020, 2, 14)),
    ("2020-01-31", {"months": 1}, date(2020, 2, 29)),
    ("2020-03-31", {"months": 6}, date(2020, 9, 30)),
    ("2020-02-29", {"years": 1}, date(2021, 2, 28)),
    ("2020-02-29", {"years": 4}, date(2024, 2, 29)),
])
def test_relative_deadlines_in_weeks_months_and_years(tmp_path: Path, effective: str, amount: dict[str, int],
                                                      due: date) -> None:
    ordinance = {**ORDINANCE, "enacted": "2020-01-01", "effective": effective}
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "relative", **amount})],
                      ordinances=[ordinance])
    assert check(root, "2020-03-31").statuses["ob-1"].due == due


def test_a_waiver_ends_on_its_until_date(tmp_path: Path) -> None:
    ordinance, duty = quarterly_since_2017()
    duty["waiver"] = {"reason": "Staff shortage.", "approved_by": "Council", "date": "2017-02-01",
                      "until": "2017-12-31"}
    root = write_repo(tmp_path, obligations=[duty], ordinances=[ordinance])
    assert check(root, "2017-12-31").statuses["ob-1"].status == "waived"
    status = check(root, "2018-02-15").statuses["ob-1"]
    assert (status.status, status.due) == ("overdue", date(2018, 1, 30))
    assert status.agencies[0].counts == {"waived": 3, "missed": 1, "not-yet-due": 1}


# --- evidence and deadline forms ---------------------------------------------------------------------------


def test_evidence_of_a_kind_the_obligation_does_not_accept_is_not_counted(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()],
                      evidence=[evidence("ev-1", when="2020-05-01", kind="press-release")])
    result = check(root, "2020-07-01")
    assert result.statuses["ob-1"].status == "overdue"
    [finding] = fired(result, "evidence-kind")
    assert (finding.path, finding.line) == ("evidence/ev-1.yml", line_of(root, "evidence/ev-1.yml", "kind"))
    assert "'press-release'" in finding.message and "accepts report" in finding.message


def test_evidence_of_an_accepted_kind_counts_and_the_rule_is_quiet(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1", when="2020-05-01")])
    result = check(root, "2020-07-01")
    assert result.statuses["ob-1"].status == "met"
    assert fired(result, "evidence-kind") == []


def test_a_missing_deadline_key_is_an_error_even_once_there_is_evidence(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline=None)],
                      evidence=[evidence("ev-1", when="2020-05-01")])
    result = check(root, "2020-07-01")
    assert result.statuses["ob-1"].status == "met"
    [finding] = fired(result, "no-deadline")
    assert "no 'deadline' key" in finding.message


def test_a_deadline_of_type_none_met_by_evidence_is_quiet(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"})],
                      evidence=[evidence("ev-1", when="2020-05-01")])
    result = check(root, "2020-07-01")
    assert result.statuses["ob-1"].status == "met"
    assert fired(result, "no-deadline") == []


def test_annually_with_no_month_is_no_deadline_not_december_31(tmp_path: Path) -> None:
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "year"})
    result = check(write_repo(tmp_path, obligations=[duty]), "2021-06-01")
    status = result.statuses["ob-1"]
    assert (status.status, status.due, status.next_due) == ("no-deadline", None, None)
    [finding] = fired(result, "no-deadline")
    assert "states no month" in finding.message
    assert fired(result, "deadline-form") == []


def test_a_yearly_deadline_with_a_day_and_no_month_is_a_deadline_form_error(tmp_path: Path) -> None:
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "year", "day": 15})
    root = write_repo(tmp_path, obligations=[duty])
    [finding] = fired(check(root, "2021-06-01"), "deadline-form")
    assert finding.line == line_of(root, "obligations/ob-1.yml", "day")
    assert "day 15 of no month" in finding.message


def test_a_yearly_deadline_with_day_and_month_is_quiet(tmp_path: Path) -> None:
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "year", "day": 15, "month": 7})
    assert fired(check(write_repo(tmp_path, obligations=[duty]), "2021-06-01"), "deadline-form") == []


@pytest.mark.parametrize(("kind", "deadline", "key"), [
    ("one-time", {"type": "recurring", "every": "month"}, "deadline"),
    ("recurring", {"type": "date", "date": "2020-06-30"}, "deadline"),
    ("per-event", {"type": "relative", "days": 30}, "deadline"),
    ("prohibition", {"type": "date", "date": "2020-06-30"}, "deadline"),
    ("one-time", {"type": "recurring", "every": "month", "set_by": "Executive", "set_on": "2020-02-01"},
     "administrative_deadline"),
])
def test_a_deadline_whose_form_does_not_suit_the_kind_fires(tmp_path: Path, kind: str, deadline: dict[str, Any],
                                                             key: str) -> None:
    fields: dict[str, Any] = {"kind": kind, key: deadline}
    if key == "administrative_deadline":
        fields["deadline"] = {"type": "none"}
    root = write_repo(tmp_path, obligations=[obligation(**fields)])
    [finding] = fired(check(root, "2020-03-01"), "deadline-form")
    assert f"is a {kind} duty but its {key.replace('_', ' ')} is of type '{deadline['type']}'" in finding.message


@pytest.mark.parametrize(("kind", "deadline"), [
    ("one-time", {"type": "date", "date": "2020-06-30"}),
    ("one-time", {"type": "relative", "months": 3}),
    ("recurring", {"type": "recurring", "every": "quarter"}),
    ("per-event", {"type": "per-event", "event": "request", "days": 5}),
    ("prohibition", {"type": "recurring", "every": "year", "month": 6}),
    ("prohibition", {"type": "per-event", "event": "request", "days": 0, "direction": "before"}),
    ("prohibition", {"type": "none"}),
])
def test_a_deadline_whose_form_suits_the_kind_is_quiet(tmp_path: Path, kind: str, deadline: dict[str, Any]) -> None:
    root = write_repo(tmp_path, obligations=[obligation(kind=kind, deadline=deadline)])
    assert fired(check(root, "2020-03-01"), "deadline-form") == []


# --- prohibitions and breaches -----------------------------------------------------------------------------


def prohibition(**fields: Any) -> dict[str, Any]:
    """The jail shall not give the immigration agency access (no date; kept unless a breach shows otherwise)."""
    return obligation(kind="prohibition", deadline={"type": "none"}, **fields)


def test_a_prohibition_without_evidence_or_schedule_is_not_overdue(tmp_path: Path) -> None:
    """(The old code also said no-deadline for ``type: none``; its message did not name the missing schedule.)"""
    result = check(write_repo(tmp_path, obligations=[prohibition()]), "2022-01-01")
    assert (result.statuses["ob-1"].status, result.statuses["ob-1"].due) == ("no-deadline", None)
    assert fired(result, "overdue") == []
    [finding] = fired(result, "no-deadline")
    assert "no schedule of attestations" in finding.message


def test_a_prohibition_with_a_schedule_of_attestations_has_one_occurrence_per_attestation(tmp_path: Path) -> None:
    schedule = {"type": "recurring", "every": "year", "month": 6, "day": 30, "set_by": "Executive",
                "set_on": "2020-02-01"}
    root = write_repo(tmp_path, obligations=[prohibition(administrative_deadline=schedule)],
                      evidence=[evidence("att-2020", when="2020-06-15", kind="report"),
                                evidence("att-2022", when="2022-06-20", kind="report")])
    row = check(root, "2022-07-01").statuses["ob-1"].agencies[0]
    # docs/status-semantics.md S2.1, S1.7: "by June 30 each year" attests to the calendar year before, so the
    # first attestation owed (the schedule was set in February 2020) is due 2021-06-30, on 2020; the one dated
    # 2020-06-15 is on 2020 (S2.3: its period holds the date). (Before issue 15: due 2020-06-30 met,
    # 2021-06-30 missed.)
    assert [(item.due, item.verdict) for item in row.occurrences] == [
        (date(2021, 6, 30), "met"), (date(2022, 6, 30), "met"), (date(2023, 6, 30), "not-yet-due")]
    assert (row.status, row.summary) == ("met", "met")


def test_a_breach_makes_the_obligation_breached_until_its_remedy(tmp_path: Path) -> None:
    record = breach("br-1", when="2020-06-01", found_on="2020-12-01",
                    remedy={"date": "2021-03-01", "summary": "Accounts removed."})
    root = write_repo(tmp_path, obligations=[prohibition()], breaches=[record])
    unseen = check(root, "2020-11-30")  # before it was found, the record does not exist
    assert unseen.statuses["ob-1"].status == "no-deadline" and fired(unseen, "breached") == []
    found = check(root, "2020-12-01")
    assert (found.statuses["ob-1"].status, found.statuses["ob-1"].due) == ("breached", date(2020, 6, 1))
    [finding] = fired(found, "breached")
    assert (finding.path, finding.line) == ("breaches/br-1.yml", line_of(root, "breaches/br-1.yml", "summary"))
    assert "from 2020-06-01" in finding.message and "found by Auditor" in finding.message
    still = check(root, "2021-02-28")
    assert still.statuses["ob-1"].status == "breached" and len(fired(still, "breached")) == 1
    closed = check(root, "2021-03-01")
    assert closed.statuses["ob-1"].status == "no-deadline" and fired(closed, "breached") == []
    assert [item.id for item in closed.statuses["ob-1"].breaches] == ["br-1"]


# --- rules: ordinance-without-obligations, config ----------------------------------------------------------

SECOND = {**ORDINANCE, "id": "ord-2", "citation": "Code 2.02", "source": "https://example.org/ord-2"}


def test_an_ordinance_in_force_without_obligations_fires(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], ordinances=[ORDINANCE, SECOND])
    [finding] = fired(check(root, "2020-03-01"), "ordinance-without-obligations")
    assert (finding.path, finding.severity) == ("ordinances/ord-2.yml", "warning")
    assert "ordinance 'ord-2' is in force as of 2020-03-01" in finding.message


@pytest.mark.parametrize(("ordinance", "as_of"), [
    (SECOND, "2020-01-10"),  # not yet in force (effective 2020-01-11)
    ({**SECOND, "amendments": [{"by": "Ordinance 9", "date": "2020-02-01", "action": "repealed"}]}, "2020-03-01"),
])
def test_an_ordinance_not_in_force_needs_no_obligations(tmp_path: Path, ordinance: dict[str, Any],
                                                        as_of: str) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], ordinances=[ORDINANCE, ordinance])
    assert fired(check(root, as_of), "ordinance-without-obligations") == []


def test_an_ordinance_with_an_obligation_is_quiet(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(), obligation("ob-2", ordinance="ord-2")],
                      ordinances=[ORDINANCE, SECOND])
    assert fired(check(root, "2020-03-01"), "ordinance-without-obligations") == []


@pytest.mark.parametrize(("config", "field", "words"), [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "'Mars/Olympus_Mons' is not an IANA time zone"),
    ({"holidays": {"country": "ZZ"}}, "country", "no public holiday calendar is known for 'ZZ'"),
    ({"holidays": {"country": "US", "subdivision": "ZZ"}}, "country", "known for 'US-ZZ'"),
])
def test_an_unknown_time_zone_or_holiday_calendar_fires_config(tmp_path: Path, config: dict[str, Any], field: str,
                                                               words: str) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], config=config)
    [finding] = fired(check(root, "2020-03-01"), "config")
    assert (finding.path, finding.line) == ("policytrack.yml", line_of(root, "policytrack.yml", field))
    assert words in finding.message


def test_a_known_time_zone_and_holiday_calendar_are_quiet(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()],
                      config={"timezone": "America/Los_Angeles", "holidays": {"country": "US", "subdivision": "WA"}})
    assert fired(check(root, "2020-03-01"), "config") == []


# --- found while writing these tests -----------------------------------------------------------------------


def test_a_quarter_reported_early_is_not_counted_among_those_due(tmp_path: Path) -> None:
    ordinance, duty = quarterly_since_2017()
    root = write_repo(tmp_path, obligations=[duty], ordinances=[ordinance],
                      evidence=[evidence("ev-q4", when="2024-01-20", period="2023-Q4"),
                                evidence("ev-q1", when="2024-02-20", period="2024-Q1")])
    row = check(root, "2024-03-01").statuses["ob-1"].agencies[0]
    assert row.counts == {"missed": 27, "met": 2}  # 2024-Q1, due 2024-04-30, is already covered
    assert row.summary == "met; 27 of 28 quarters missed, last missed 2023-Q3"


# --- per-event details, partial dates, verifications -------------------------------------------------------


def test_a_batch_event_is_met_when_its_answers_add_up(tmp_path: Path) -> None:
    batch = event("e-batch", when="2020-03-31", count=5, period="2020-Q1")
    answers = [evidence("ev-1", when="2020-04-05", event="e-batch", count=3),
               evidence("ev-2", when="2020-04-20", event="e-batch", count=2)]
    duty = obligation(kind="per-event", deadline={"type": "per-event", "event": "request", "days": 10})
    root = write_repo(tmp_path, obligations=[duty], events=[batch], evidence=answers)
    partly = check(root, "2020-04-15")
    [occurrence] = partly.statuses["ob-1"].agencies[0].occurrences
    assert (occurrence.verdict, occurrence.answered, occurrence.count, occurrence.due) == (
        "missed", 3, 5, date(2020, 4, 10))
    [finding] = fired(partly, "overdue")
    assert "3 of its 5 events answered" in finding.message
    answered = check(root, "2020-04-20").statuses["ob-1"].agencies[0]
    assert (answered.status, answered.occurrences[0].met_on) == ("met-late", date(2020, 4, 20))


def test_a_duty_before_a_planned_event_exists_from_the_day_it_is_recorded(tmp_path: Path) -> None:
    vote = event("vote-1", kind="vote", when="2021-03-10", recorded_on="2021-02-01")
    duty = obligation(kind="per-event", deadline={"type": "per-event", "event": "vote", "days": 30,
                                                  "direction": "before"})
    root = write_repo(tmp_path, obligations=[duty], events=[vote])
    unknown = check(root, "2021-01-31").statuses["ob-1"]
    assert (unknown.status, unknown.due) == ("not-yet-due", None)
    known = check(root, "2021-02-01").statuses["ob-1"]
    assert (known.status, known.due, known.next_due) == ("due-soon", date(2021, 2, 8), date(2021, 2, 8))
    assert check(root, "2021-02-09").statuses["ob-1"].status == "overdue"


def test_evidence_dated_only_to_the_month_counts_as_the_months_last_day(tmp_path: Path) -> None:
    duty = obligation(deadline={"type": "date", "date": "2021-06-15"})
    root = write_repo(tmp_path, obligations=[duty], evidence=[evidence("ev-1", when="2021-06")])
    assert check(root, "2021-06-20").statuses["ob-1"].status == "overdue"  # not provably done before June 30
    status = check(root, "2021-07-01").statuses["ob-1"]
    assert (status.status, status.agencies[0].occurrences[0].met_on) == ("met-late", date(2021, 6, 30))


def test_a_later_dispute_undoes_a_verification(tmp_path: Path) -> None:
    pin = evidence_hash(Evidence.model_validate(evidence("ev-1")))
    checks = [{"id": "v-1", "evidence": "ev-1", "by": "Auditor", "agency": "exec", "on": "2020-06-01",
               "evidence_sha256": pin},
              {"id": "v-2", "evidence": "ev-1", "by": "Council staff", "agency": "exec", "on": "2020-09-01",
               "result": "disputed", "evidence_sha256": pin}]
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1")], verifications=checks,
                      config={"name": "T", "verifying_agencies": ["exec"]})
    assert [check(root, day).statuses["ob-1"].verified for day in ("2020-05-31", "2020-06-01", "2020-09-01")] == [
        False, True, False]


@pytest.mark.parametrize(("rule", "as_of", "dues"), [
    ({"every": "month", "day": 31, "first": "2020-01-15"}, "2020-04-01",
     [date(2020, 1, 31), date(2020, 2, 29), date(2020, 3, 31)]),
    ({"every": "year", "month": 6, "day": 30, "first": "2020-03-01"}, "2021-07-01",
     [date(2020, 6, 30), date(2021, 6, 30)]),
])
def test_a_first_date_off_the_rule_gives_way_to_the_rule_and_is_reported(
        tmp_path: Path, rule: dict[str, Any], as_of: str, dues: list[date]) -> None:
    """docs/status-semantics.md S2.4: where ``first`` contradicts the rule's day or month, the rule holds, from
    its first due date on or after ``first``, and contradictory-schedule reports it. (This test pinned the
    old answer, a first due date off the rule: 2020-01-15, and 2020-03-01 followed by a 15-month window.)"""
    duty = obligation(kind="recurring", deadline={"type": "recurring", **rule})
    result = check(write_repo(tmp_path, obligations=[duty]), as_of)
    row = result.statuses["ob-1"].agencies[0]
    assert [item.due for item in row.occurrences][:len(dues)] == dues
    [finding] = fired(result, "contradictory-schedule")
    assert f"'first' ({rule['first']}) is not on the rule's own" in finding.message


# --- deadlines counted from another obligation -------------------------------------------------------------


def chained(**first: Any) -> list[dict[str, Any]]:
    """ob-2 is due 30 days after ob-1 is done."""
    return [obligation("ob-1", **first),
            obligation("ob-2", deadline={"type": "relative", "days": 30, "after": "obligation", "obligation": "ob-1"})]


def test_a_deadline_counted_from_another_obligation_starts_when_that_one_is_done(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=chained(), evidence=[evidence("ev-1", "ob-1", when="2020-05-01")])
    status = check(root, "2020-06-15").statuses["ob-2"]
    assert (status.status, status.due) == ("overdue", date(2020, 5, 31))
    assert check(root, "2020-04-30").statuses["ob-2"].due is None  # ob-1 not done yet: no date


def test_a_deadline_counted_from_an_overdue_obligation_is_blocked(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=chained())
    status = check(root, "2020-07-15").statuses["ob-2"]
    assert (status.status, status.due, status.blocked_by) == ("blocked", None, ("ob-1",))


def test_the_first_done_date_of_a_fan_out_is_the_last_agencys(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=chained(applies_to=["jail", "police"]),
                      evidence=[evidence("ev-1", "ob-1", when="2020-05-01"),
                                evidence("ev-2", "ob-1", agency="police", when="2020-06-10")])
    assert check(root, "2020-06-15").statuses["ob-2"].due == date(2020, 7, 10)


def test_evidence_growing_old_does_not_undo_the_completion_a_deadline_counts_from(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=chained(evidence={"kinds": ["report"], "max_age_days": 30}),
                      evidence=[evidence("ev-1", "ob-1", when="2020-05-01")])
    assert check(root, "2020-06-15").statuses["ob-1"].status == "lapsed"
    status = check(root, "2020-06-15").statuses["ob-2"]
    assert (status.status, status.due) == ("overdue", date(2020, 5, 31))


def test_a_period_of_several_units_ends_where_the_first_due_date_says(tmp_path: Path) -> None:
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "month", "interval": 3,
                                                  "days_after_period_end": 15, "first": "2020-04-15"})
    row = check(write_repo(tmp_path, obligations=[duty]), "2020-05-01").statuses["ob-1"].agencies[0]
    assert [(item.key, item.due) for item in row.occurrences] == [
        ("2020-01-01 to 2020-03-31", date(2020, 4, 15)), ("2020-04-01 to 2020-06-30", date(2020, 7, 15))]


def test_a_breach_remedied_later_is_still_open_as_of_an_earlier_date(tmp_path: Path) -> None:
    record = breach("br-1", when="2020-06-01", remedy={"date": "2021-03-01", "summary": "Accounts removed."})
    root = write_repo(tmp_path, obligations=[prohibition()], breaches=[record])
    row = check(root, "2021-02-01").statuses["ob-1"].agencies[0]
    assert ([item.id for item in row.open_breaches], row.summary) == (["br-1"], "breached; 1 open breach")
    after = check(root, "2021-03-01").statuses["ob-1"].agencies[0]
    assert ([item.id for item in after.open_breaches], after.summary) == ([], "no deadline")


def test_the_next_due_date_skips_one_already_covered(tmp_path: Path) -> None:
    result = check(monthly_repo(tmp_path), "2020-06-25")  # June's report came on the 20th, before June 30
    status = result.statuses["ob-1"]
    assert (status.status, status.due) == ("met", date(2020, 5, 31))
    assert status.next_due == date(2020, 7, 31)


def test_the_next_due_date_after_weeks_covered_by_a_years_report(tmp_path: Path) -> None:
    duty = obligation(kind="recurring", deadline={"type": "recurring", "every": "week", "days_after_period_end": 13})
    root = write_repo(tmp_path, obligations=[duty], evidence=[evidence("ev-1", when="2020-02-01", period="2020")])
    status = check(root, "2020-02-01").statuses["ob-1"]
    # docs/status-semantics.md S2.2: the year covers every week wholly inside 2020; the week of Monday
    # 2020-12-28 is not (3 of its days are in 2021), so it is the first left open, due 13 days after Sunday
    # 2021-01-03. (Before issue 15, ">= half" covered that week too: 2021-01-23.)
    assert (status.status, status.next_due) == ("met", date(2021, 1, 16))
