"""Authoring audits (issue 20): `policytrack new audit|recommendation|assessment` as a user runs them
(exit codes, paths, refusals), the examples `policytrack init` writes, and CODEOWNERS."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from audit_builders import audit_repo
from conftest import RunCli
from policytrack.model.load import load_repository
from policytrack.status.recommendations import recommendation_statuses


def test_new_audit_recommendation_and_assessment(tmp_path: Path, run_cli: RunCli) -> None:
    root = audit_repo(tmp_path / "r")
    code, out, err = run_cli("new", "audit", "--repo", root, "--title", "Second audit of jail data",
                             "--auditor", "Office of the Auditor", "--date", "2023-05-01",
                             "--url", "https://example.org/a2", "--agency", "auditor", "--ordinances", "ord-1",
                             "--agencies", "jail,police")
    assert (code, out.strip()) == (0, "audits/2023-second-audit-of-jail-data.yml"), err
    code, out, err = run_cli("new", "recommendation", "--repo", root, "--audit", "2023-second-audit-of-jail-data",
                             "--number", "1", "--text", "The jail should log every request.", "--agency", "jail",
                             "--obligations", "ob-1")
    assert (code, out.strip()) == (
        0, "recommendations/2023-second-audit-of-jail-data/2023-second-audit-of-jail-data-1.yml"), err
    text = (root / out.strip()).read_text()
    assert "under `response`" in text and "under `actions`" in text  # the header says where answers go
    args = ("new", "assessment", "--repo", root, "--recommendation", "2023-second-audit-of-jail-data-1",
            "--date", "2024-01-10", "--by", "Office of the Auditor", "--agency", "auditor", "--result", "implemented",
            "--summary", "The log is kept.", "--url", "https://example.org/follow-up")
    code, out, err = run_cli(*args)
    assert (code, out.strip()) == (0, "assessments/2023-second-audit-of-jail-data-1/2024-01-10-auditor.yml"), err
    assert "Only the verifiers" in (root / out.strip()).read_text()
    code, out, _ = run_cli(*args)  # a second on the same day gets its own file and id
    assert (code, out.strip()) == (0, "assessments/2023-second-audit-of-jail-data-1/2024-01-10-auditor-2.yml")
    loaded = load_repository(root)
    assert loaded.findings == []
    found = recommendation_statuses(loaded.repository, date(2024, 2, 1))
    assert found["2023-second-audit-of-jail-data-1"].status == "closed-implemented"
    assert run_cli("check", root, "--as-of", "2024-02-01")[0] == 1  # the fixture's open breach, not these files


def test_new_refuses_what_would_not_be_valid(tmp_path: Path, run_cli: RunCli) -> None:
    root = audit_repo(tmp_path / "r")
    base = ("new", "assessment", "--repo", root, "--date", "2024-01-10", "--by", "X", "--agency", "auditor",
            "--summary", "S.", "--url", "https://example.org/f")
    code, _, err = run_cli(*base, "--recommendation", "nope", "--result", "implemented")
    assert code == 2 and "there is no recommendation 'nope'" in err
    code, _, err = run_cli(*base, "--recommendation", "r-1", "--result", "done")
    assert code == 2 and "'result': must be 'implemented'" in err
    code, _, err = run_cli("new", "recommendation", "--repo", root, "--audit", "au-9", "--text", "T.",
                           "--agency", "jail")
    assert code == 2 and "there is no audit 'au-9'" in err
    code, _, err = run_cli("new", "audit", "--repo", root, "--title", "T")
    assert code == 2 and "missing --auditor, --date, --url" in err
    assert not (root / "assessments/r-1/2024-01-10-auditor.yml").exists()


def test_init_writes_an_audit_its_recommendation_and_the_auditors_assessment(tmp_path: Path, run_cli: RunCli) -> None:
    root = tmp_path / "new"
    assert run_cli("init", root)[0] == 0
    loaded = load_repository(root)
    assert loaded.findings == []
    repo = loaded.repository
    assert set(repo.audits) == {"example-audit"} and set(repo.assessments) == {"example-audit-1-2021-01-15"}
    statuses = {day: recommendation_statuses(repo, date.fromisoformat(day))["example-audit-1"].status
                for day in ("2020-07-15", "2020-11-02", "2021-01-15")}
    assert statuses == {"2020-07-15": "agreed", "2020-11-02": "action-reported", "2021-01-15": "closed-implemented"}
    for day in ("2020-07-15", "2021-01-01", "2026-03-02"):
        assert run_cli("check", root, "--as-of", day)[0] == 0, day
    assert "(no verifiers in policytrack.yml: assessments/ has no required reviewer)" in (
        root / ".github/CODEOWNERS").read_text()
