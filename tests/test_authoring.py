"""`policytrack new KIND`: valid, commented files at the right path, unique names and ids, never overwriting;
asked in a terminal, taken as options otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from builders import check, obligation, write_repo
from conftest import MakeRepo, RunCli
from policytrack.status.scope import bound_agencies

EVIDENCE = ("--obligation", "ob-1", "--agency", "jail", "--date", "2020-05-01", "--kind", "report",
            "--summary", "The report was published.", "--url", "https://example.org/report", "--role", "Clerk")


def test_each_kind_written_from_options_is_valid(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), obligations=[obligation()])
    runs = [
        ("agency", ["--id", "health", "--name", "Public Health", "--head", "Director", "--team", "@town/health"],
         "agencies/health.yml"),
        ("system", ["--id", "records", "--name", "Records system", "--operator", "jail", "--data", "a, b"],
         "systems/records.yml"),
        ("ordinance", ["--id", "ord-2", "--title", "Second", "--citation", "Code 2", "--enacted", "2021-01-01",
                       "--source", "https://example.org/2", "--section", "2.01", "--heading", "Duties"],
         "ordinances/ord-2.yml"),
        ("obligation", ["--ordinance", "ord-2", "--section", "2.01", "--title", "Train Staff!",
                        "--quote", "Shall train.", "--action", "Train.", "--kind", "one-time",
                        "--owner", "health", "--role", "Director",
                        "--due", "none", "--evidence-kinds", "roster, memo"],
         "obligations/ord-2/ord-2-train-staff.yml"),
        ("evidence", list(EVIDENCE), "evidence/ob-1/2020-05-01-jail.yml"),
        ("event", ["--kind", "records-request", "--agency", "jail", "--date", "2020-05-02", "--system", "records",
                   "--summary", "A request was received.", "--count", "3"],
         "events/2020-05-02-jail-records-request.yml"),
    ]
    for kind, options, expected in runs:
        code, out, err = run_cli("new", kind, "--repo", root, *options)
        assert (code, out.strip()) == (0, expected), err
        text = (root / expected).read_text()
        schema = f"{'../' * expected.count('/')}schemas/{kind}.schema.json"
        assert text.startswith(f"# yaml-language-server: $schema={schema}\n# A new {kind} record")
        assert "\n# id: This record's own id" in text
    assert yaml.safe_load((root / "systems/records.yml").read_text())["data"] == ["a", "b"]
    ob = yaml.safe_load((root / "obligations/ord-2/ord-2-train-staff.yml").read_text())
    assert ob["deadline"] == {"type": "none"} and ob["evidence"] == {"kinds": ["roster", "memo"]}
    result = check(root, "2021-06-01")
    assert [item for item in result.findings if item.rule in ("schema", "dangling-reference", "duplicate-id")] == []
    assert set(result.repository.evidence) == {"ev-2020-05-01-jail-ob-1"}
    assert result.repository.events["2020-05-02-jail-records-request"].count == 3
    code, out, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE, "--period", "2020-Q2",
                             "--event", "2020-05-02-jail-records-request")
    assert (code, out.strip()) == (0, "evidence/ob-1/2020-05-01-jail-2.yml"), err
    record = yaml.safe_load((root / out.strip()).read_text())
    assert (record["period"], record["event"]) == ("2020-Q2", "2020-05-02-jail-records-request")
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE, "--event", "no-such-event")
    assert code == 2 and "there is no event 'no-such-event' in the repository" in err


def test_two_submissions_on_the_same_day_get_their_own_file_and_id(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), obligations=[obligation()])
    paths = [run_cli("new", "evidence", "--repo", root, *EVIDENCE)[1].strip() for _ in range(3)]
    assert paths == ["evidence/ob-1/2020-05-01-jail.yml", "evidence/ob-1/2020-05-01-jail-2.yml",
                     "evidence/ob-1/2020-05-01-jail-3.yml"]
    ids = [yaml.safe_load((root / path).read_text())["id"] for path in paths]
    assert ids == ["ev-2020-05-01-jail-ob-1", "ev-2020-05-01-jail-ob-1-2", "ev-2020-05-01-jail-ob-1-3"]
    assert [item for item in check(root, "2020-06-01").findings if item.rule == "duplicate-id"] == []


def test_never_overwrites_and_refuses_unknown_references(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), obligations=[obligation()])
    before = (root / "agencies/jail.yml").read_text()
    code, _, err = run_cli("new", "agency", "--repo", root, "--id", "jail", "--name", "Other", "--head", "Chief")
    assert code == 2 and "an agency with id 'jail' already exists; choose another id" in err
    assert (root / "agencies/jail.yml").read_text() == before
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:2], "--agency", "sheriff", *EVIDENCE[4:])
    assert code == 2 and "there is no agency 'sheriff' in the repository (known: exec, jail, police)" in err
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:2], "--agency", "police", *EVIDENCE[4:])
    assert code == 2 and "obligation 'ob-1' does not bind agency 'police' (it binds jail)" in err
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:-2])
    assert code == 2 and "missing --role (or run the command in a terminal to be asked)" in err
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:4], "--date", "2020-02-30", *EVIDENCE[6:])
    assert code == 2 and "--date: '2020-02-30' is not a date written as YYYY-MM-DD" in err
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:-4], "--url", "not a url", *EVIDENCE[-2:])
    assert code == 2 and "is not a web address starting with http:// or https://" in err
    assert not (root / "evidence/ob-1").exists()


def test_asks_for_each_required_field(make_repo: MakeRepo) -> None:
    root = write_repo(make_repo(), obligations=[obligation()])
    answers = "ob-1\njail\n2020-05-01\nreport\nThe report was published.\nhttps://example.org/r\n\nClerk\n"
    done = subprocess.run([sys.executable, "-m", "policytrack", "new", "evidence", "--repo", str(root), "--ask"],
                          input=answers, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "evidence/ob-1/2020-05-01-jail.yml"
    assert "The obligation it proves (id): " in done.stderr and "Your role" in done.stderr
    record = yaml.safe_load((root / "evidence/ob-1/2020-05-01-jail.yml").read_text())
    assert record["submitted_by"] == {"role": "Clerk", "agency": "jail"}
    # answers that end early: a clear message, no file
    done = subprocess.run([sys.executable, "-m", "policytrack", "new", "agency", "--repo", str(root), "--ask"],
                          input="health\n", capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "the answers ended before every required field was given" in done.stderr
    assert not Path(root / "agencies/health.yml").exists()


def test_tags_partial_dates_and_an_event_known_ahead_from_options(make_repo: MakeRepo, run_cli: RunCli) -> None:
    selected = obligation(applies_to={"agencies_tagged": "surveillance"})
    root = write_repo(make_repo(), obligations=[obligation(), selected | {"id": "ob-2"}])
    code, out, err = run_cli("new", "agency", "--repo", root, "--id", "health", "--name", "Public Health",
                             "--head", "Director", "--tags", "surveillance, health")
    assert (code, out.strip()) == (0, "agencies/health.yml"), err
    code, out, err = run_cli("new", "system", "--repo", root, "--id", "cams", "--name", "Cameras",
                             "--operator", "health", "--tags", "surveillance-technology")
    assert (code, out.strip()) == (0, "systems/cams.yml"), err
    assert yaml.safe_load((root / "systems/cams.yml").read_text())["tags"] == ["surveillance-technology"]
    # a month where only the month is known, as the file format allows
    code, out, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:4], "--date", "2020-04", *EVIDENCE[6:])
    assert (code, out.strip()) == (0, "evidence/ob-1/2020-04-jail.yml"), err
    assert "\ndate: 2020-04\n" in (root / out.strip()).read_text()
    code, out, err = run_cli("new", "event", "--repo", root, "--kind", "council-vote", "--agency", "jail",
                             "--date", "2020-09-15", "--summary", "A vote was scheduled.",
                             "--recorded-on", "2020-06-01", "--source", "https://example.org/agenda")
    assert (code, out.strip()) == (0, "events/2020-09-15-jail-council-vote.yml"), err
    result = check(root, "2020-06-01")
    assert [item for item in result.findings if item.rule in ("schema", "dangling-reference")] == []
    assert result.repository.agencies["health"].tags == ["surveillance", "health"]
    assert bound_agencies(result.repository, result.repository.obligations["ob-2"]) == ["health"]
    assert str(result.repository.evidence["ev-2020-04-jail-ob-1"].date) == "2020-04"
    event = result.repository.events["2020-09-15-jail-council-vote"]
    assert (str(event.recorded_on), event.source and event.source.url) == ("2020-06-01", "https://example.org/agenda")
    # refused, with nothing written: an impossible month, a partial date where a full one is needed
    code, _, err = run_cli("new", "evidence", "--repo", root, *EVIDENCE[:4], "--date", "2020-13", *EVIDENCE[6:])
    assert code == 2 and "--date: '2020-13' is not a date written as YYYY-MM-DD, or YYYY-MM or YYYY" in err
    code, _, err = run_cli("new", "event", "--repo", root, "--kind", "vote", "--agency", "jail", "--date", "2020-09",
                           "--summary", "A vote.", "--recorded-on", "2020-06")
    assert code == 2 and "--recorded-on: '2020-06' is not a date written as YYYY-MM-DD" in err
    code, _, err = run_cli("new", "event", "--repo", root, "--kind", "vote", "--agency", "jail", "--date", "2020-09",
                           "--summary", "A vote.", "--source", "agenda.pdf")
    assert code == 2 and "is not a web address starting with http:// or https://" in err
    assert [path.name for path in (root / "events").glob("*vote.yml")] == ["2020-09-15-jail-council-vote.yml"]
