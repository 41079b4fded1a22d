"""The law in force on a date (law.py), the calendar's arithmetic (dates.py) and who an obligation binds
(scope.py), on miniature repositories."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import AGENCIES, ORDINANCE, check, evidence, fired, obligation, write_repo
from policytrack.law.inforce import changes_of, ordinance_in_force, ordinance_repealed_on, section_in_force
from policytrack.model.load import Repository, load_repository
from policytrack.model.records import LawChange, Ordinance
from policytrack.status.dates import (
    FIRST_DAY,
    LAST_DAY,
    Calendar,
    add_amount,
    add_months,
    describe_span,
    known_holiday_region,
    month_days,
    shift_days,
    valid_timezone,
)
from policytrack.status.scope import bound_agencies, instances

SECTIONS = [{"id": "1.01", "heading": "Duties", "text": "The jail shall do things."},
            {"id": "1.01.A", "heading": "Reports", "text": "The jail shall report."},
            {"id": "1.010", "heading": "Other", "text": "Unrelated."}]
LAW = {**ORDINANCE, "sections": SECTIONS}


def change(record_id: str, effective: str, *changes: dict[str, Any]) -> dict[str, Any]:
    """An ``amendments/`` record changing ord-1 from ``effective``."""
    return {"id": record_id, "ordinance": "ord-1", "by": f"Ordinance {record_id}", "enacted": "2020-01-01",
            "effective": effective, "source": "https://example.org/amend", "changes": list(changes)}


def repo_of(root: Path, **records: Any) -> Repository:
    """Write the records and load them back."""
    records.setdefault("ordinances", [LAW])
    return load_repository(write_repo(root, **records)).repository


# --- law.py ------------------------------------------------------------------------------------------------


def test_an_amendment_changes_the_text_in_force_from_its_effective_date(tmp_path: Path) -> None:
    amended = change("am-1", "2021-02-01",
                     {"action": "amended", "section": "1.01.A", "text": "The jail shall report monthly."})
    root = write_repo(tmp_path, obligations=[obligation(section="1.01.A")], ordinances=[LAW], amendments=[amended])
    repo = load_repository(root).repository
    before = section_in_force(repo, "ord-1", "1.01.A", date(2021, 1, 31))
    after = section_in_force(repo, "ord-1", "1.01.A", date(2021, 2, 1))
    assert (before.text, before.amended_by) == ("The jail shall report.", ())
    assert (after.text, after.amended_by, after.in_force) == (
        "The jail shall report monthly.", ("Ordinance am-1",), True)
    status = check(root, "2021-03-01").statuses["ob-1"]
    assert status.law is not None and status.law.text == "The jail shall report monthly."


def test_the_earliest_repeal_record_wins_whatever_the_file_order(tmp_path: Path) -> None:
    # "a-late" sorts first on disk; the repeal in time is "b-early".
    late = change("a-late", "2022-01-01", {"action": "repealed"})
    early = change("b-early", "2021-01-01", {"action": "repealed", "section": "1.01"})
    repo = repo_of(tmp_path, amendments=[late, early])
    answer = section_in_force(repo, "ord-1", "1.01.A", date(2022, 6, 1))
    assert (answer.status, answer.repealed, answer.repealed_by) == ("repealed", date(2021, 1, 1), "Ordinance b-early")
    assert [item.start for item in changes_of(repo, "ord-1")] == [date(2021, 1, 1), date(2022, 1, 1)]


def test_an_inline_repeal_and_a_record_are_ordered_by_date_together(tmp_path: Path) -> None:
    law = {**LAW, "amendments": [{"by": "Ordinance 9", "date": "2023-01-01", "action": "repealed"}]}
    record = change("am-1", "2021-07-01", {"action": "repealed", "section": "1.01.A"})
    repo = repo_of(tmp_path, ordinances=[law], amendments=[record])
    answer = section_in_force(repo, "ord-1", "1.01.A", date(2024, 1, 1))
    assert (answer.repealed, answer.repealed_by) == (date(2021, 7, 1), "Ordinance am-1")
    assert ordinance_in_force(repo, "ord-1", date(2022, 1, 1)) is True
    assert ordinance_in_force(repo, "ord-1", date(2023, 1, 1)) is False
    assert ordinance_repealed_on(repo, repo.ordinances["ord-1"], date(2023, 1, 1)) == date(2023, 1, 1)
    assert ordinance_repealed_on(repo, repo.ordinances["ord-1"], date(2022, 12, 31)) is None


def test_a_change_to_a_section_reaches_its_subsections_only(tmp_path: Path) -> None:
    repo = repo_of(tmp_path, amendments=[change("am-1", "2021-01-01", {"action": "repealed", "section": "1.01"})])
    on = date(2021, 6, 1)
    assert section_in_force(repo, "ord-1", "1.01", on).status == "repealed"
    assert section_in_force(repo, "ord-1", "1.01.A", on).status == "repealed"
    assert section_in_force(repo, "ord-1", "1.010", on).status is None


def test_a_section_added_later_is_in_force_from_the_change(tmp_path: Path) -> None:
    added = change("am-1", "2021-01-01", {"action": "added", "section": "1.02", "heading": "New duty",
                                          "text": "The jail shall publish."})
    root = write_repo(tmp_path, obligations=[obligation(section="1.02")], ordinances=[LAW], amendments=[added])
    repo = load_repository(root).repository
    before = section_in_force(repo, "ord-1", "1.02", date(2020, 12, 31))
    assert (before.status, before.since) == ("not-in-force", date(2021, 1, 1))
    after = section_in_force(repo, "ord-1", "1.02", date(2021, 1, 1))
    assert (after.status, after.text) == (None, "The jail shall publish.")
    assert check(root, "2020-12-31").statuses["ob-1"].status == "not-in-force"


def test_a_section_repealed_and_enacted_again_is_in_force_again(tmp_path: Path) -> None:
    repealed = change("am-1", "2021-01-01", {"action": "repealed", "section": "1.01.A"})
    again = change("am-2", "2022-01-01", {"action": "added", "section": "1.01.A", "heading": "Reports",
                                          "text": "The jail shall report again."})
    repo = repo_of(tmp_path, amendments=[again, repealed])
    assert section_in_force(repo, "ord-1", "1.01.A", date(2021, 6, 1)).status == "repealed"
    back = section_in_force(repo, "ord-1", "1.01.A", date(2022, 1, 1))
    assert (back.status, back.since, back.text) == (None, date(2022, 1, 1), "The jail shall report again.")


def test_a_section_starting_later_than_its_ordinance(tmp_path: Path) -> None:
    law = {**LAW, "sections": [{**SECTIONS[1], "effective": "2021-07-01"}]}
    root = write_repo(tmp_path, obligations=[obligation(section="1.01.A")], ordinances=[law])
    status = check(root, "2021-06-30").statuses["ob-1"]
    assert (status.status, status.due) == ("not-in-force", date(2021, 7, 1))
    # docs/status-semantics.md S1.10: due 2020-06-30, a year before the section existed, is no date at all
    # (this test pinned "overdue" before issue 15); contradictory-schedule says so.
    result = check(root, "2021-07-01")
    assert (result.statuses["ob-1"].status, result.statuses["ob-1"].due) == ("no-deadline", None)
    [finding] = fired(result, "contradictory-schedule")
    assert "(2020-06-30) is before the duty existed (2021-07-01)" in finding.message


def test_a_date_known_only_to_the_year_counts_as_its_last_day(tmp_path: Path) -> None:
    law = {**LAW, "enacted": "2019", "effective": "unknown"}
    repo = repo_of(tmp_path, ordinances=[law])
    answer = section_in_force(repo, "ord-1", "1.01.A", date(2019, 12, 30))
    assert (answer.status, answer.since, str(answer.since)) == ("not-in-force", date(2019, 12, 31), "2019")


def test_a_whole_repeal_record_silences_the_graph_rules_as_the_status_says(tmp_path: Path) -> None:
    law = {**LAW, "applies_to": ["jail", "police"]}
    root = write_repo(tmp_path, obligations=[obligation(section="1.01.A")], ordinances=[law],
                      amendments=[change("am-1", "2021-01-01", {"action": "repealed"})])
    before = check(root, "2020-12-31")
    assert before.statuses["ob-1"].status == "overdue"
    assert [item.agency for item in fired(before, "agency-owes-nothing")] == ["police"]
    after = check(root, "2021-01-01")
    assert after.statuses["ob-1"].status == "repealed"
    assert fired(after, "agency-owes-nothing") == []
    assert fired(after, "ordinance-without-obligations") == []


# --- dates.py ----------------------------------------------------------------------------------------------

WASHINGTON = Calendar("US", "WA")


@pytest.mark.parametrize(("start", "months", "day", "expected"), [
    (date(2020, 1, 31), 1, None, date(2020, 2, 29)),
    (date(2021, 1, 31), 1, None, date(2021, 2, 28)),
    (date(2020, 2, 29), 12, None, date(2021, 2, 28)),
    (date(2020, 2, 29), 48, None, date(2024, 2, 29)),
    (date(2020, 3, 31), -1, None, date(2020, 2, 29)),
    (date(2020, 2, 15), 1, 31, date(2020, 3, 31)),
    (date(2020, 1, 15), 1, 30, date(2020, 2, 29)),
    (date(9999, 12, 1), 1, None, LAST_DAY),
    (date(1, 1, 1), -1, None, FIRST_DAY),
])
def test_months_are_added_with_the_day_clamped_to_the_month(start: date, months: int, day: int | None,
                                                            expected: date) -> None:
    assert add_months(start, months, day) == expected


def test_day_sums_never_leave_the_dates_python_holds() -> None:
    assert shift_days(LAST_DAY, 5) == LAST_DAY
    assert shift_days(FIRST_DAY, -5) == FIRST_DAY
    assert add_amount(date(9990, 1, 1), 1000, "years", Calendar()) == LAST_DAY
    assert Calendar().add_business_days(date(9999, 12, 30), 30) == LAST_DAY


def test_business_days_skip_weekends_and_holidays_both_ways() -> None:
    # Thanksgiving 2020 (Thursday Nov 26) and the day after are days off in Washington.
    assert WASHINGTON.add_business_days(date(2020, 11, 25), 1) == date(2020, 11, 30)
    assert Calendar().add_business_days(date(2020, 11, 25), 1) == date(2020, 11, 26)
    assert WASHINGTON.add_business_days(date(2020, 11, 30), -1) == date(2020, 11, 25)
    assert Calendar().add_business_days(date(2020, 11, 30), -1) == date(2020, 11, 27)
    assert WASHINGTON.add_business_days(date(2020, 11, 28), 0) == date(2020, 11, 28)
    extra = Calendar(extra=frozenset({date(2020, 11, 26)}))
    assert extra.add_business_days(date(2020, 11, 25), 2) == date(2020, 11, 30)


def test_a_due_date_on_a_day_off_rolls_only_where_the_config_says() -> None:
    thanksgiving = date(2020, 11, 26)
    assert WASHINGTON.rolled(thanksgiving) == thanksgiving
    assert Calendar("US", "WA", roll="forward").rolled(thanksgiving) == date(2020, 11, 30)
    assert Calendar("US", "WA", roll="backward").rolled(thanksgiving) == date(2020, 11, 25)
    assert Calendar(roll="forward").rolled(date(2020, 11, 28)) == date(2020, 11, 30)
    assert Calendar(roll="forward").rolled(date(2020, 11, 27)) == date(2020, 11, 27)


def test_the_config_roll_moves_a_due_date_off_a_holiday(tmp_path: Path) -> None:
    duty = obligation(deadline={"type": "date", "date": "2020-11-26"})
    root = write_repo(tmp_path, obligations=[duty],
                      config={"holidays": {"country": "US", "subdivision": "WA"}, "roll": "forward"})
    status = check(root, "2020-11-27").statuses["ob-1"]
    assert (status.status, status.due) == ("due-soon", date(2020, 11, 30))


@pytest.mark.parametrize(("start", "end", "words"), [
    (date(2018, 1, 1), date(2026, 9, 15), "8 years 8 months"),
    (date(2026, 9, 15), date(2018, 1, 1), "8 years 8 months"),
    (date(2020, 1, 31), date(2020, 2, 29), "29 days"),
    (date(2020, 1, 1), date(2020, 1, 2), "1 day"),
    (date(2020, 1, 1), date(2021, 1, 1), "1 year"),
])
def test_spans_in_words(start: date, end: date, words: str) -> None:
    assert describe_span(start, end) == words


def test_time_zone_and_holiday_names_are_checked() -> None:
    assert valid_timezone("America/Los_Angeles") and not valid_timezone("Mars/Olympus_Mons")
    assert not valid_timezone("")
    assert known_holiday_region("US", "WA") and not known_holiday_region("US", "ZZ")
    assert not known_holiday_region("ZZ", None)


# --- scope.py ----------------------------------------------------------------------------------------------

TAGGED = [{**AGENCIES[0], "tags": ["county"]}, {**AGENCIES[1], "tags": ["county", "custody"]},
          {**AGENCIES[2], "tags": []}]
CAMERAS = [{"id": "cam-1", "name": "Cameras", "operator": "police", "tags": ["surveillance"]},
           {"id": "lpr", "name": "Plate readers", "operator": "police", "tags": ["surveillance"]},
           {"id": "mugshots", "name": "Photos", "operator": "jail", "tags": ["surveillance"]},
           {"id": "payroll", "name": "Payroll", "operator": "exec", "tags": []}]


def test_agencies_are_selected_by_tag_or_by_the_systems_they_operate(tmp_path: Path) -> None:
    by_tag = obligation("ob-1", applies_to={"agencies_tagged": "county"})
    by_system = obligation("ob-2", applies_to={"operators_of_systems_tagged": "surveillance"})
    repo = repo_of(tmp_path, obligations=[by_tag, by_system], agencies=TAGGED, systems=CAMERAS)
    assert bound_agencies(repo, repo.obligations["ob-1"]) == ["exec", "jail"]
    assert bound_agencies(repo, repo.obligations["ob-2"]) == ["jail", "police"]


def test_each_system_is_an_instance_with_its_own_evidence(tmp_path: Path) -> None:
    duty = obligation(applies_to={"operators_of_systems_tagged": "surveillance"},
                      for_each={"systems_tagged": "surveillance"})
    proofs = [evidence("ev-1", agency="police", item="cam-1", when="2020-05-01"),
              evidence("ev-2", agency="jail", item="mugshots", when="2020-07-15")]
    root = write_repo(tmp_path, obligations=[duty], evidence=proofs, agencies=TAGGED, systems=CAMERAS)
    repo = load_repository(root).repository
    assert instances(repo, repo.obligations["ob-1"], "police") == ["cam-1", "lpr"]
    assert instances(repo, repo.obligations["ob-1"], "jail") == ["mugshots"]
    status = check(root, "2020-08-01").statuses["ob-1"]
    rows = {(row.agency, row.instance): row.status for row in status.agencies}
    assert rows == {("jail", "mugshots"): "met-late", ("police", "cam-1"): "met", ("police", "lpr"): "overdue"}
    assert status.status == "overdue"
    police = status.agency("police")
    assert police is not None and police.status == "overdue"  # its most urgent instance


def test_each_item_is_an_instance(tmp_path: Path) -> None:
    duty = obligation(for_each={"items": ["policy-a", "policy-b"]})
    root = write_repo(tmp_path, obligations=[duty], evidence=[evidence("ev-1", item="policy-b", when="2020-05-01")])
    status = check(root, "2020-08-01").statuses["ob-1"]
    assert {row.instance: row.status for row in status.agencies} == {"policy-a": "overdue", "policy-b": "met"}


def test_month_lengths_follow_the_gregorian_leap_rule() -> None:
    import calendar

    assert [month_days(year, 2) for year in (1900, 2000, 2023, 2024, 2100)] == [28, 29, 28, 29, 28]
    assert all(month_days(year, month) == calendar.monthrange(year, month)[1]
               for year in range(1, 10000) for month in range(1, 13))


# --- the order of the changes never matters (property) -----------------------------------------------------

CHANGE_DAYS = st.dates(date(2019, 1, 1), date(2024, 12, 31))


@st.composite
def law_changes(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Inline amendments and ``amendments/`` records of ord-1, on few distinct days so that ties occur."""
    days = draw(st.lists(CHANGE_DAYS, min_size=1, max_size=3, unique=True))
    sections = [None, "1.01", "1.01.A", "1.010"]
    inline = [{"by": f"Inline {number}", "date": draw(st.sampled_from(days)),
               "action": draw(st.sampled_from(["amended", "repealed"])),
               "sections": [item for item in [draw(st.sampled_from(sections))] if item]}
              for number in range(draw(st.integers(0, 3)))]
    records = []
    for number in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["added", "amended", "repealed"]))
        section = draw(st.sampled_from(sections if action == "repealed" else sections[1:]))
        change_: dict[str, Any] = {"action": action, "section": section, "text": f"Text {number}."}
        if action == "added":
            change_["heading"] = "Added"
        records.append({"id": f"am-{number}", "ordinance": "ord-1", "by": f"Record {number}",
                        "enacted": draw(st.sampled_from(days)), "source": "https://example.org/am",
                        "changes": [{key: value for key, value in change_.items() if value is not None}]})
    return inline, records


def law_repo(inline: list[dict[str, Any]], records: list[dict[str, Any]]) -> Repository:
    """The law and its changes, built in memory (records in the order given)."""
    return Repository(root=Path("."), ordinances={"ord-1": Ordinance.model_validate({**LAW, "amendments": inline})},
                      amendments={item["id"]: LawChange.model_validate(item) for item in records})


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(law_changes(), st.randoms(use_true_random=False), CHANGE_DAYS)
def test_the_law_in_force_does_not_depend_on_the_order_changes_are_listed(
        changes: tuple[list[dict[str, Any]], list[dict[str, Any]]], shuffle: Any, on: date) -> None:
    inline, records = changes
    listed = law_repo(inline, records)
    shuffled_inline, shuffled_records = list(inline), list(records)
    shuffle.shuffle(shuffled_inline)
    shuffle.shuffle(shuffled_records)
    reordered = law_repo(shuffled_inline, shuffled_records)
    for section in ("1.01", "1.01.A", "1.010"):
        first = section_in_force(listed, "ord-1", section, on)
        second = section_in_force(reordered, "ord-1", section, on)
        assert (first.status, first.since, first.repealed, first.text) == (
            second.status, second.since, second.repealed, second.text)
        assert set(first.amended_by) == set(second.amended_by)
        # Exactly one answer (S1.3): the earliest repeal reaching the section on or after the last addition
        # reaching it (same-day changes apply added before repealed), if it is on or before the date.
        assert first.repealed == _expected_repeal(inline, records, section, on)
    assert ordinance_in_force(listed, "ord-1", on) == ordinance_in_force(reordered, "ord-1", on)
    # S1.4: in force when it has started and at least one of its sections is in force.
    sections = {"1.01", "1.01.A", "1.010"} | {change_["section"] for item in records for change_ in item["changes"]
                                              if change_.get("section")}
    expected = on >= listed.ordinances["ord-1"].start and any(
        section_in_force(listed, "ord-1", section, on).in_force for section in sections)
    assert ordinance_in_force(listed, "ord-1", on) == expected


def _reaches(name: str | None, section: str) -> bool:
    return name is None or section == name or section.startswith(name + ".")


def _expected_repeal(inline: list[dict[str, Any]], records: list[dict[str, Any]], section: str,
                     on: date) -> date | None:
    # Same-day changes apply the whole ordinance's first, then sections added, amended, repealed (law.py).
    repeals = [(item["date"], 0 if not item["sections"] else 3) for item in inline if item["action"] == "repealed"
               and (not item["sections"] or any(_reaches(name, section) for name in item["sections"]))]
    additions = []
    for item in records:
        for change_ in item["changes"]:
            if not _reaches(change_.get("section"), section):
                continue
            day = date.fromisoformat(str(item["enacted"]))
            if change_["action"] == "repealed":
                repeals.append((day, 0 if change_.get("section") is None else 3))
            elif change_["action"] == "added":
                additions.append((day, 1))
    last_added = max((item for item in additions if item[0] <= on), default=None)
    after = [item for item in repeals if item[0] <= on and (last_added is None or item > last_added)]
    return min(after)[0] if after else None
