"""The ``policytrack`` command as a user runs it: a subprocess, its exit code, what it prints.

Variations of one behaviour (many bad arguments, many dates) call ``cli.main`` in this process, which is
what the subprocess runs too; each behaviour is run at least once as a real subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BASIC, EXAMPLES, MakeRepo, RunCli
from policytrack import cli
from policytrack.model.schema import generate

CLEAN_DAY = "2020-06-01"  # the publish-list duty met, the notify-council duty not yet due
LATE_DAY = "2021-01-15"  # the notify-council duty (due 2020-12-31) is overdue
OVERDUE_LINE = "obligations/ord-1-notify-council.yml:12:3: error [overdue] 'Notify the council' is overdue"
UNKNOWN_KEY = {"agencies/extra.yml": "id: extra\nname: Extra\nhead: Director\nwebsite: https://x.org\n"}


def check_json(run_cli: RunCli, *args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("check", *args, "--format", "json")
    assert err == ""
    return code, json.loads(out)


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """``policytrack ARGS`` in this process → (exit code, stdout, stderr)."""
    code = cli.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_repository_exits_0(run_cli: RunCli) -> None:
    code, out, err = run_cli("check", BASIC, "--as-of", CLEAN_DAY)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "0 errors, 0 warnings in 7 files; 2 obligations as of 2020-06-01: 1 not yet due, 1 met"
    ]


def test_errors_exit_1_with_file_line_and_column(run_cli: RunCli) -> None:
    code, out, err = run_cli("check", BASIC, "--as-of", LATE_DAY)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith(OVERDUE_LINE)
    assert lines[-1] == "1 error, 0 warnings in 7 files; 2 obligations as of 2021-01-15: 1 overdue, 1 met"


def test_repository_defaults_to_the_current_folder(run_cli: RunCli) -> None:
    code, out, _ = run_cli("check", "--as-of", LATE_DAY, cwd=BASIC)
    assert code == 1
    assert out.startswith(OVERDUE_LINE)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        pytest.param(("check", "{tmp}/nowhere"), "is not a folder", id="no-such-folder"),
        pytest.param(("check", "{tmp}"), "is not a policy repository", id="not-a-repository"),
        pytest.param(("check", "{basic}/policytrack.yml"), "is not a folder", id="a-file"),
        pytest.param(("check", "{basic}", "--as-of", "2019-13-01"), "'2019-13-01' is not a date", id="bad-as-of"),
        pytest.param(("check", "{basic}", "--as-of", "9 July 2019"), "is not a date written as YYYY-MM-DD",
                     id="as-of-in-words"),
        pytest.param(("check", "{basic}", "--format", "xml"), "invalid choice: 'xml'", id="unknown-format"),
        pytest.param(("check", "{basic}", "--deadlines", "never"), "invalid choice: 'never'", id="bad-deadlines"),
        pytest.param(("status", "{basic}", "--agency", "nosuch"), "no agency 'nosuch'", id="unknown-agency"),
        pytest.param(("audit", "{basic}"), "invalid choice: 'audit'", id="unknown-command"),
        pytest.param(("schema", "{basic}/policytrack.yml/out"), "cannot write schemas", id="unwritable-schema"),
    ],
)
def test_command_that_cannot_run_exits_2(
    args: tuple[str, ...], says: str, capsys: pytest.CaptureFixture[str], make_repo: MakeRepo
) -> None:
    empty = make_repo({"README.md": "not a policy repository\n"})
    code, out, err = run_main(capsys, *(arg.format(tmp=empty, basic=BASIC) for arg in args))
    assert code == 2
    assert out == ""
    assert says in err


@pytest.mark.parametrize(
    ("args", "says"),
    [(("check", "{tmp}/nowhere"), "policytrack: "), (("check", "{basic}", "--as-of", "2019-13-01"), "usage: ")],
    ids=["no-such-folder", "bad-as-of"],
)
def test_process_exits_2(args: tuple[str, ...], says: str, run_cli: RunCli, tmp_path: Path) -> None:
    code, out, err = run_cli(*(arg.format(tmp=tmp_path, basic=BASIC) for arg in args))
    assert code == 2
    assert out == ""
    assert err.startswith(says)
    assert "Traceback" not in err


def test_json_shape(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo(UNKNOWN_KEY, base=BASIC)
    code, data = check_json(run_cli, root, "--as-of", LATE_DAY)
    assert code == 1
    assert data["as_of"] == LATE_DAY
    assert data["summary"]["errors"] == 2
    for finding in data["findings"]:
        assert set(finding) == {"rule", "severity", "path", "line", "column", "message", "obligation", "agency",
                                "silenced"}
        assert not Path(finding["path"]).is_absolute()
    assert [(f["rule"], f["path"], f["line"], f["obligation"], f["agency"]) for f in data["findings"]] == [
        ("schema", "agencies/extra.yml", 4, None, None),
        ("overdue", "obligations/ord-1-notify-council.yml", 12, "ord-1-notify-council", "clerk"),
    ]
    rows = {item["id"]: item for item in data["obligations"]}
    assert list(rows) == ["ord-1-notify-council", "ord-1-publish-list"]
    for row in rows.values():
        assert {"id", "title", "ordinance", "owner", "due", "status", "agencies"} <= set(row)
    notify, publish = rows["ord-1-notify-council"], rows["ord-1-publish-list"]
    assert (notify["title"], notify["ordinance"]) == ("Notify the council", "ord-1")
    assert notify["owner"] == {"agency": "clerk", "role": "Clerk"}
    assert (notify["due"], notify["status"]) == ("2020-12-31", "overdue")
    assert [(a["agency"], a["status"]) for a in notify["agencies"]] == [("clerk", "overdue")]
    assert (publish["due"], publish["status"]) == ("2020-03-02", "met")
    assert [(a["agency"], a["status"], a["evidence"]) for a in publish["agencies"]] == [
        ("parks", "met", ["ev-parks-list-published"])
    ]


def test_github_format(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = make_repo({"agencies/a,b:c.yml": "id: abc\nname: [\n"}, base=BASIC)
    code, out, _ = run_cli("check", root, "--as-of", LATE_DAY, "--format", "github")
    assert code == 1
    *annotations, summary = out.splitlines()
    assert len(annotations) == 2
    assert all(line.startswith("::error file=") and ",line=" in line for line in annotations)
    assert annotations[0].startswith("::error file=agencies/a%2Cb%3Ac.yml,line=3,col=1,title=policytrack yaml-syntax::")
    assert annotations[1].startswith(
        "::error file=obligations/ord-1-notify-council.yml,line=12,col=3,title=policytrack overdue::"
        "'Notify the council' is overdue"
    )
    assert summary.startswith("2 errors, 0 warnings")


def test_github_actions_selects_github_format(run_cli: RunCli) -> None:
    code, out, _ = run_cli("check", BASIC, "--as-of", LATE_DAY, env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out.startswith("::error file=obligations/ord-1-notify-council.yml,line=12,")


def test_format_option_wins_over_github_actions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run_main(capsys, "check", BASIC, "--as-of", LATE_DAY, "--format", "text")
    assert out.startswith(OVERDUE_LINE)


def test_deadlines_warning_demotes_only_time_driven_findings(
    run_cli: RunCli, make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli("check", BASIC, "--as-of", LATE_DAY, "--deadlines", "warning")
    assert code == 0
    assert out.startswith(OVERDUE_LINE.replace("error [overdue]", "warning [overdue]"))
    assert "0 errors, 1 warning" in out

    broken = make_repo(UNKNOWN_KEY, base=BASIC)
    code, text, _ = run_main(capsys, "check", broken, "--as-of", LATE_DAY, "--deadlines", "warning", "--format", "json")
    data = json.loads(text)
    assert code == 1
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("schema", "error"), ("overdue", "warning")]


def test_status_per_ordinance_and_per_agency(run_cli: RunCli) -> None:
    code, out, err = run_cli("status", BASIC, "--as-of", LATE_DAY)
    assert (code, err) == (0, "")  # status reports; it does not fail on overdue duties
    lines = out.splitlines()
    assert lines[0] == "Example town: status as of 2021-01-15"
    assert "== Parks access ordinance (E.C. chapter 1)" in lines
    assert "   1 overdue, 1 met" in lines
    assert any(line.split() == ["Overdue", "due", "2020-12-31", "ord-1-notify-council:", "Notify", "the", "council"]
               for line in lines)
    by_agency = lines[lines.index("== By agency") + 1:]
    assert by_agency == ["   Office of the Clerk (clerk): 1 overdue", "   Parks Department (parks): 1 met"]


def test_status_for_one_agency(run_cli: RunCli) -> None:
    code, out, _ = run_cli("status", BASIC, "--as-of", LATE_DAY, "--agency", "parks")
    assert code == 0
    assert "ord-1-publish-list" in out
    assert "ord-1-notify-council" not in out
    assert out.splitlines()[-1] == "   Parks Department (parks): 1 met"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-02-10", {"ord-1-publish-list": "due-soon", "ord-1-notify-council": "not-yet-due"}),
        ("2020-06-01", {"ord-1-publish-list": "met", "ord-1-notify-council": "not-yet-due"}),
        ("2020-12-15", {"ord-1-publish-list": "met", "ord-1-notify-council": "due-soon"}),
        ("2021-01-15", {"ord-1-publish-list": "met", "ord-1-notify-council": "overdue"}),
    ],
)
def test_as_of_decides_the_result(as_of: str, expected: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Evidence dated 2020-02-20 does not exist yet on 2020-02-10; the same day always gives the same output."""
    _, first, _ = run_main(capsys, "check", BASIC, "--as-of", as_of, "--format", "json")
    _, again, _ = run_main(capsys, "check", BASIC, "--as-of", as_of, "--format", "json")
    assert first == again
    data = json.loads(first)
    assert data["as_of"] == as_of
    assert {item["id"]: item["status"] for item in data["obligations"]} == expected


def test_as_of_in_a_subprocess_is_reproducible(run_cli: RunCli) -> None:
    first, again = run_cli("check", BASIC, "--as-of", LATE_DAY), run_cli("check", BASIC, "--as-of", LATE_DAY)
    assert first == again
    assert first[1].startswith(OVERDUE_LINE)


def test_schema_command_writes_the_schemas(run_cli: RunCli, tmp_path: Path) -> None:
    out_dir = tmp_path / "out" / "schemas"
    code, out, err = run_cli("schema", out_dir)
    assert (code, err) == (0, "")
    expected = generate()
    assert sorted(out.splitlines()) == sorted(str(out_dir / name) for name in expected)
    assert {path.name: path.read_text(encoding="utf-8") for path in out_dir.iterdir()} == expected
    assert json.loads(expected["obligation.schema.json"])["additionalProperties"] is False


EXAMPLE_CASES = sorted(path for path in EXAMPLES.glob("*/*") if path.is_dir())


@pytest.mark.parametrize("case", EXAMPLE_CASES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_example_repository(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """tests/examples/{valid,invalid}/<case>/expected.yml states the exit code and every finding, in order."""
    expected = yaml.safe_load((case / "expected.yml").read_text(encoding="utf-8"))
    code, out, err = run_main(capsys, "check", case, "--as-of", expected["as_of"], "--format", "json")
    found = [{key: item[key] for key in ("rule", "severity", "path", "line", "column")}
             for item in json.loads(out)["findings"]]
    assert err == ""
    assert (code, found) == (expected["exit_code"], expected["findings"])
    errors = [item for item in found if item["severity"] == "error"]
    assert (case.parent.name == "valid") == (code == 0 and not errors)
