"""`--format sarif` (SARIF 2.1.0) and `--format junit` (JUnit XML)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from builders import obligation, write_repo
from conftest import MakeRepo, RunCli


def repo(make_repo: MakeRepo) -> Path:
    root = write_repo(make_repo(), obligations=[obligation(), obligation("ob-2")])
    path = root / "obligations/ob-2.yml"
    silence = '# policytrack: disable=overdue reason="extended"\n'
    path.write_text(path.read_text().replace("deadline:", silence + "deadline:"))
    return root


def test_sarif(make_repo: MakeRepo, run_cli: RunCli) -> None:
    code, out, _ = run_cli("check", repo(make_repo), "--as-of", "2020-08-01", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted({item["ruleId"] for item in run["results"]}) and {"overdue", "unreferenced"} <= set(rules)
    overdue = [item for item in run["results"] if item["ruleId"] == "overdue"]
    assert [(item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], item["level"],
             item.get("suppressions")) for item in overdue] == [
        ("obligations/ob-1.yml", "error", None),
        ("obligations/ob-2.yml", "error", [{"kind": "inSource", "justification": "extended"}]),
    ]
    region = overdue[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 12, "startColumn": 3}
    assert all(rules[item["ruleIndex"]] == item["ruleId"] for item in run["results"])


def test_junit(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = repo(make_repo)
    code, out, _ = run_cli("check", root, "--as-of", "2020-08-01", "--format", "junit")
    assert code == 1
    suites = ET.fromstring(out)
    findings = json.loads(run_cli("check", root, "--as-of", "2020-08-01", "--format", "json")[1])["findings"]
    failing = [item for item in findings if item["severity"] == "error" and not item["silenced"]]
    assert (suites.tag, suites.get("tests"), suites.get("failures")) == (
        "testsuites", str(len(findings)), str(len(failing)))
    assert [item["rule"] for item in failing] == ["overdue"]
    overdue = next(suite for suite in suites if suite.get("name") == "overdue")
    assert (overdue.get("failures"), overdue.get("skipped")) == ("1", "1")
    cases = {case.get("name"): case for case in overdue}
    assert cases["obligations/ob-1.yml:12:3"].find("failure") is not None
    assert cases["obligations/ob-2.yml:13:3"].find("skipped").get("message") == "silenced: extended"  # type: ignore[union-attr]
    unreferenced = next(suite for suite in suites if suite.get("name") == "unreferenced")
    assert unreferenced.get("failures") == "0"  # a warning passes
