"""History: the git log of the data folders, the status replayed over time, and the site's charts."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from builders import check, evidence, obligation, write_repo
from conftest import RunCli
from policytrack.site.build import build_site
from policytrack.site.kit import SiteOptions
from policytrack.status.history import git_changes, sample_dates, status_series


def git(root: Path, *args: str, when: str = "2021-01-01T12:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Clerk", "GIT_AUTHOR_EMAIL": "clerk@example.org",
           "GIT_COMMITTER_NAME": "Clerk", "GIT_COMMITTER_EMAIL": "clerk@example.org",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def history_repo(tmp_path: Path) -> Path:
    """A git repository: the records in 2020, the jail's evidence added in 2021, a README change in 2022."""
    root = write_repo(tmp_path / "repo", obligations=[obligation("ob-1"), obligation("ob-2", title="Second")])
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Records", when="2020-01-05T10:00:00")
    write_repo(root, evidence=[evidence("ev-1", "ob-1", when="2020-09-01",
                                        verified={"by": "Auditor", "on": "2020-10-01"})],
               obligations=[], ordinances=[], agencies=[])
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Evidence from the jail", when="2021-03-02T10:00:00")
    (root / "README.md").write_text("not data\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Readme", when="2022-01-01T10:00:00")
    return root


def test_git_changes_list_commits_to_the_data_with_the_evidence_they_added(history_repo: Path) -> None:
    changes = git_changes(history_repo)
    assert [(item.date, item.subject) for item in changes] == [
        (date(2020, 1, 5), "Records"), (date(2021, 3, 2), "Evidence from the jail")]  # the README is not data
    assert changes[1].evidence_added == ("evidence/ev-1.yml",)
    assert "obligations/ob-1.yml" in changes[0].added and changes[0].evidence_added == ()


def test_sample_dates_are_period_ends_then_the_as_of_date() -> None:
    assert sample_dates(date(2020, 1, 11), date(2020, 12, 15)) == [
        date(2020, 3, 31), date(2020, 6, 30), date(2020, 9, 30), date(2020, 12, 15)]
    long = sample_dates(date(1990, 1, 1), date(2025, 6, 30), limit=24)
    assert len(long) <= 25 and long[-1] == date(2025, 6, 30) and long == sorted(long)
    assert sample_dates(date(2025, 1, 1), date(2024, 1, 1)) == [date(2024, 1, 1)]


def test_the_series_replays_the_records_on_each_date(history_repo: Path) -> None:
    repo = check(history_repo, "2021-06-30").repository
    series = status_series(repo, [date(2020, 3, 31), date(2020, 7, 31), date(2020, 9, 30), date(2020, 10, 31)])
    counts = [(item["behind"], item["claimed"], item["verified"], item["open"]) for item in series["all"].counts]
    # not yet due; both overdue; ob-1 done (claimed until the auditor verified it on 1 October)
    assert counts == [(0, 0, 0, 2), (2, 0, 0, 0), (1, 1, 0, 0), (1, 0, 1, 0)]
    assert series["agency:jail"].counts == series["all"].counts
    assert series["ordinance:ord-1"].dates == series["all"].dates


def test_history_command_prints_changes_and_counts(history_repo: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("history", history_repo, "--as-of", "2021-06-30")
    assert code == 0, err
    assert "2021-03-02" in out and "1 evidence added" in out and "+ evidence/ev-1.yml" in out
    assert "Readme" not in out
    code, out, _ = run_cli("history", history_repo, "--as-of", "2021-06-30", "--format", "json")
    data = json.loads(out)
    assert data["series"][-1] == {"date": "2021-06-30", "duties": 2, "breached": 0, "remedy-claimed": 0, "behind": 1,
                                  "no-deadline": 0, "open": 0, "in-progress": 0, "claimed": 0, "verified": 1,
                                  "waived": 0}
    code, out, _ = run_cli("history", history_repo, "--as-of", "2021-06-30", "--format", "csv",
                           "--scope", "agency:jail")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[-1]["date"] == "2021-06-30" and rows[-1]["verified"] == "1"


def test_history_command_refuses_a_folder_outside_git_and_an_unknown_scope(
        tmp_path: Path, history_repo: Path, run_cli: RunCli) -> None:
    plain = write_repo(tmp_path / "plain", obligations=[obligation()])
    code, _, err = run_cli("history", plain, "--as-of", "2021-06-30", env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert code == 2 and "not a git repository" in err
    code, _, err = run_cli("history", history_repo, "--as-of", "2021-06-30", "--scope", "agency:nobody")
    assert code == 2 and "no scope 'agency:nobody'" in err


def test_site_charts_duties_over_time_with_a_table_and_csv(history_repo: Path) -> None:
    site = build_site(check(history_repo, "2021-06-30"))
    for path, scope in (("index.md", "all"), ("agencies/jail/index.md", "agency-jail")):
        page = site.page(path).markdown
        assert '<svg class="pt-chart"' in page and 'role="img"' in page, path
        assert "<caption>" in page.split('class="pt-chart"', 1)[1], path
        assert f"history/{scope}.csv" in page, path
        assert f"history/{scope}.csv" in site.files
    # With one law, the home page's chart is the law's: its page points there instead of drawing it twice
    law = site.page("ordinances/ord-1/index.md").markdown
    assert "pt-chart" not in law and 'href="../../#over-time"' in law
    rows = list(csv.DictReader(io.StringIO(site.files["history/agency-jail.csv"].decode())))
    assert rows[-1]["date"] == "2021-06-30" and rows[-1]["behind"] == "1" and rows[-1]["verified"] == "1"
    quiet = build_site(check(history_repo, "2021-06-30"), SiteOptions(history=False))
    assert "pt-chart" not in quiet.page("index.md").markdown and not any(
        path.startswith("history/") for path in quiet.files)
