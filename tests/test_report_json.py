"""``check --format json`` prints the result object, one finding and one obligation per line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from policytrack.checks.checker import run_check
from policytrack.report.formats import format_json, result_json

COUNTY = Path(__file__).parent / "repos" / "county"


def test_json_output_is_the_result_object_with_one_record_per_line() -> None:
    result = run_check(COUNTY, date(2025, 6, 30))
    text = format_json(result)
    assert json.loads(text) == result_json(result)
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "version": 1,', '  "as_of": "2025-06-30",']
    start = lines.index('  "obligations": [')
    rows = lines[start + 1 : start + 1 + len(result.statuses)]
    assert [json.loads(row.rstrip(","))["id"] for row in rows] == sorted(result.statuses)
    assert lines[start + 1 + len(result.statuses) :] == ["  ]", "}"]
    findings = lines[lines.index('  "findings": [') + 1 : start - 1]
    assert [json.loads(row.rstrip(","))["message"] for row in findings] == [item.message for item in result.findings]


def test_json_output_with_no_findings_has_empty_lists(tmp_path: Path) -> None:
    (tmp_path / "agencies").mkdir()
    result = run_check(tmp_path, date(2025, 6, 30))
    text = format_json(result)
    assert '  "findings": [],\n  "obligations": []\n}' in text
    assert json.loads(text) == result_json(result)
