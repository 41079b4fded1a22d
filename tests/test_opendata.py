"""The open-data files validate against their documented schemas, and say what the pages say."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from policytrack.checks.checker import CheckResult, run_check
from policytrack.report.formats import JSON_VERSION
from policytrack.site.opendata import (
    CSV_COLUMNS,
    atom_feed,
    icalendar,
    indented_json,
    obligations_csv,
    open_data_files,
    schema_text,
    status_json,
)
from policytrack.status.engine import LABELS, ORDER
from test_site_support import AS_OF, COUNTY, HOSTILE_SUMMARY, hostile_repo

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def county() -> CheckResult:
    return run_check(COUNTY, AS_OF)


@pytest.fixture(scope="module")
def hostile() -> CheckResult:
    return run_check(hostile_repo(), AS_OF)


def test_status_json_validates_against_its_schema(county: CheckResult, hostile: CheckResult) -> None:
    schema = json.loads(schema_text("status.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for result in (county, hostile):
        data = json.loads(open_data_files(result, commit="abc1234")["status.json"])
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
        assert data["commit"] == "abc1234" and data["as_of"] == AS_OF.isoformat()
    assert schema["properties"]["version"]["const"] == JSON_VERSION


def test_status_json_is_written_as_the_standard_library_indents_it(county: CheckResult, hostile: CheckResult) -> None:
    # A regression guard (the fast writer against json.dumps), on real files and on what JSON makes hard.
    for result in (county, hostile):
        data = status_json(result, "abc1234")
        written = open_data_files(result, commit="abc1234")["status.json"].decode()
        assert written == json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    odd = {"text": "\"quoted\" \\ \n \u2028 \x00 é", "empty": {"list": [], "map": {}},
           "nested": [[1, [2.5, None]], (True, False)], "numbers": [float("nan"), float("-inf"), -0.0, 10**30, 1e-7],
           3: "a key that is not a string"}
    assert indented_json(odd) == json.dumps(odd, indent=1, ensure_ascii=False)
    del odd[3]
    assert indented_json(odd) == json.dumps(odd, indent=1, ensure_ascii=False)
    with pytest.raises(TypeError):
        indented_json({"when": date(2025, 1, 1)})


def test_status_schema_names_every_status_in_order() -> None:
    schema = json.loads(schema_text("status.schema.json"))
    assert schema["$defs"]["agency_status"]["properties"]["status"]["enum"] == list(ORDER)
    assert schema["properties"]["summary"]["properties"]["by_status"]["required"] == list(ORDER)


def test_status_json_counts_match_the_statuses(county: CheckResult) -> None:
    data = status_json(county, "x")
    assert sum(data["summary"]["by_status"].values()) == len(county.statuses)
    assert {item["id"]: item["status"] for item in data["obligations"]} == {
        key: value.status for key, value in county.statuses.items()}


def _check_csv(result: CheckResult) -> list[dict[str, str]]:
    schema = json.loads(schema_text("obligations.schema.json"))
    fields = schema["fields"]
    assert [field["name"] for field in fields] == [name for name, _, _ in CSV_COLUMNS]
    text = obligations_csv(result)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [field["name"] for field in fields]
    out = []
    for row in rows[1:]:
        assert len(row) == len(fields)
        for value, field in zip(row, fields, strict=True):
            constraints = field.get("constraints", {})
            if value == "":
                assert not constraints.get("required"), (field["name"], row)
                continue
            if field["type"] == "date":
                date.fromisoformat(value)
            elif field["type"] == "integer":
                assert int(value) >= constraints.get("minimum", 0)
            elif field["type"] == "boolean":
                assert value in field["trueValues"] + field["falseValues"]
            if "enum" in constraints:
                assert value in constraints["enum"], (field["name"], value)
        out.append(dict(zip([field["name"] for field in fields], row, strict=True)))
    return out


def test_obligations_csv_validates_against_its_table_schema(county: CheckResult, hostile: CheckResult) -> None:
    rows = _check_csv(county)
    assert len(rows) == sum(len(status.agencies) for status in county.statuses.values())
    keys = [(row["obligation"], row["agency"]) for row in rows]
    assert len(keys) == len(set(keys))  # the primary key
    training = [row for row in rows if row["obligation"] == "training"]
    assert {row["agency"] for row in training} == set(county.repository.obligations["training"].applies_to)
    assert all(row["status_label"] == LABELS[row["status"]] for row in rows)
    _check_csv(hostile)


def test_csv_defuses_spreadsheet_formulas(hostile: CheckResult) -> None:
    from policytrack.model.safetext import spreadsheet_cell

    assert spreadsheet_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_cell("  @SUM(A1)") == "'  @SUM(A1)"
    assert spreadsheet_cell("\uff1dcmd") == "'\uff1dcmd"
    assert spreadsheet_cell("a\x00b\x1bc") == "abc"
    assert spreadsheet_cell("Plain") == "Plain"


def _unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")


def test_icalendar_files_are_well_formed(county: CheckResult) -> None:
    files = open_data_files(county, commit="x")
    calendars = {path: data.decode() for path, data in files.items() if path.endswith(".ics")}
    assert "calendar/all.ics" in calendars and "calendar/jail.ics" in calendars
    for path, text in calendars.items():
        assert text.endswith("\r\n")
        for line in text.split("\r\n"):
            assert len(line.encode()) <= 75, (path, line)
        lines = _unfold(text)[:-1]
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
        assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
        events = text.count("BEGIN:VEVENT")
        assert events == text.count("END:VEVENT")
        for prop in ("UID:", "DTSTAMP:", "DTSTART;VALUE=DATE:", "SUMMARY:"):
            assert sum(line.startswith(prop) for line in lines) == events, (path, prop)
        uids = [line for line in lines if line.startswith("UID:")]
        assert len(uids) == len(set(uids))
    expected = sum(1 for status in county.statuses.values() for row in status.agencies
                   if row.due and row.agency == "jail")
    assert calendars["calendar/jail.ics"].count("BEGIN:VEVENT") == expected


def test_icalendar_escapes_text(hostile: CheckResult) -> None:
    lines = _unfold(icalendar(hostile, None))
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert "Keep <b>logs</b> & *records* of {every} request" in summary
    assert re.fullmatch(r"SUMMARY:[^\n]*", summary)


def test_atom_feed_is_valid_and_escaped(county: CheckResult, hostile: CheckResult) -> None:
    for result in (county, hostile):
        root = ET.fromstring(atom_feed(result))
        assert root.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{name}") is not None, name
        entries = root.findall(f"{ATOM}entry")
        assert entries
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(ids) == len(set(ids))
        updated = [entry.findtext(f"{ATOM}updated") or "" for entry in entries]
        assert updated == sorted(updated, reverse=True)
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert entry.findtext(f"{ATOM}{name}"), name
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.findtext(f"{ATOM}updated") or "")
    summaries = [entry.findtext(f"{ATOM}summary") for entry in ET.fromstring(atom_feed(hostile)).iter(f"{ATOM}entry")]
    assert " ".join(HOSTILE_SUMMARY.split()) in summaries


def test_feed_never_shows_records_dated_after_the_as_of_date(county: CheckResult) -> None:
    early = run_check(COUNTY, date(2019, 5, 1))
    entries = ET.fromstring(atom_feed(early)).findall(f"{ATOM}entry")
    assert all((entry.findtext(f"{ATOM}updated") or "") <= "2019-05-01T00:00:00Z" for entry in entries)


def test_recurring_deadlines_repeat_in_the_calendar(tmp_path: Path) -> None:
    from builders import check, obligation, write_repo
    from policytrack.site.opendata import icalendar

    monthly = obligation("ob-monthly", kind="recurring", deadline={"type": "recurring", "every": "month"})
    quarterly = obligation("ob-quarterly", kind="recurring",
                           deadline={"type": "recurring", "every": "quarter", "days_after_period_end": 30})
    root = write_repo(tmp_path, obligations=[monthly, quarterly, obligation("ob-once")])
    text = icalendar(check(root, "2020-03-15"), "jail")
    event = text.split("UID:ob-monthly.jail@policytrack", 1)[1].split("END:VEVENT", 1)[0]
    assert "RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1" in event
    one_time = text.split("UID:ob-once.jail@policytrack", 1)[1].split("END:VEVENT", 1)[0]
    assert "RRULE" not in one_time
    # "30 days after each quarter" has no RRULE form: its next due date is given instead of a wrong rule
    after_quarter = text.split("UID:ob-quarterly.jail@policytrack", 1)[1].split("END:VEVENT", 1)[0]
    assert "RRULE" not in after_quarter and "DTSTART;VALUE=DATE:20200430" in after_quarter


def test_rrule_follows_the_checker_s_calendar() -> None:
    from datetime import date

    from policytrack.model.deadlines import RecurringDeadline
    from policytrack.site.opendata import rrule

    yearly = RecurringDeadline(type="recurring", every="year", month=1, day=31, first=date(2017, 1, 31))
    assert rrule(yearly, date(2020, 1, 31)) == "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"
    quarterly = RecurringDeadline(type="recurring", every="quarter", day=15)
    assert rrule(quarterly, date(2020, 3, 15)) == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"
    assert rrule(RecurringDeadline(type="recurring", every="week"), date(2020, 3, 2)) == "FREQ=WEEKLY"


def test_rrule_keeps_the_first_due_day_even_from_a_short_month() -> None:
    from datetime import date

    from policytrack.model.deadlines import RecurringDeadline
    from policytrack.site.opendata import rrule

    monthly = RecurringDeadline(type="recurring", every="month", first=date(2019, 7, 31))
    assert rrule(monthly, date(2019, 11, 30)) == "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"
