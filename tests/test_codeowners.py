"""`policytrack codeowners`: CODEOWNERS from the registry, and `--check` when it is out of date."""

from __future__ import annotations

from builders import write_repo
from conftest import MakeRepo, RunCli

AGENCIES = [
    {"id": "jail", "name": "Jail", "head": "Director", "team": "@town/jail-clerks"},
    {"id": "jail-medical", "name": "Jail medical", "head": "Director", "team": "@town/medical"},
    {"id": "police", "name": "Police", "head": "Chief"},
]


def test_codeowners_from_the_registry(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), agencies=AGENCIES, files={
        "policytrack.yml": "name: T\ncouncil_team: '@town/council'\nverifiers: ['@town/auditor', '@jdoe']\n"})
    code, out, _ = run_cli("codeowners", root)
    assert (code, out.strip()) == (0, ".github/CODEOWNERS")
    lines = [line for line in (root / ".github/CODEOWNERS").read_text().splitlines() if line and line[0] != "#"]
    assert lines == [
        "* @town/council",
        "/evidence/**/*-jail.yml @town/jail-clerks @town/council",
        "/evidence/**/*-jail-*.yml @town/jail-clerks @town/council",
        "/evidence/**/*-jail-medical.yml @town/medical @town/council",
        "/evidence/**/*-jail-medical-*.yml @town/medical @town/council",
        "/verifications/ @town/auditor @jdoe",
        "/assessments/ @town/auditor @jdoe",  # issue 20: only the verifiers assess a recommendation
    ]
    assert "# police: no team in agencies/police.yml" in (root / ".github/CODEOWNERS").read_text()


def test_check_fails_when_the_committed_file_is_out_of_date(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), agencies=AGENCIES)
    code, out, _ = run_cli("codeowners", root, "--check")
    assert (code, out.strip()) == (1, ".github/CODEOWNERS is missing: run `policytrack codeowners` and commit the file")
    assert run_cli("codeowners", root)[0] == 0
    assert run_cli("codeowners", root, "--check")[:2] == (0, ".github/CODEOWNERS is up to date\n")
    (root / "agencies/police.yml").write_text("id: police\nname: Police\nhead: Chief\nteam: '@town/police'\n")
    code, out, _ = run_cli("codeowners", root, "--check")
    assert code == 1 and "is out of date with the agency registry" in out


def test_a_team_must_look_like_a_github_team(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), agencies=[{"id": "jail", "name": "Jail", "head": "D", "team": "jail clerks"}])
    code, out, _ = run_cli("check", root, "--as-of", "2020-01-01")
    assert code == 1
    assert "agencies/jail.yml:4:7: error [schema] 'team': 'jail clerks' does not have the expected form" in out
