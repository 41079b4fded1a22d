"""The pull-request gate and audit recommendations (issue 20): an agency's pull request may answer a
recommendation and report action, but cannot close it; only an assessment by the verifiers (the
auditor's team) can, as only a verification record verifies evidence."""

from __future__ import annotations

from pathlib import Path

import yaml

from audit_builders import AUDITOR, assessment, audit_repo, rec, response
from builders import AGENCIES, line_of
from conftest import MakeRepo, RunCli
from gitrepo import commit_all, git, init_repo

AS_OF = "2022-06-01"
CONFIG = {"name": "T", "verifiers": ["@example/auditors"], "members": {"@example/auditors": ["@aud"]}}
TEAMS = [*[{**agency, "team": f"@example/{agency['id']}"} for agency in AGENCIES],
         {**AUDITOR, "team": "@example/auditors"}]


def base(make_repo: MakeRepo) -> Path:
    """main: the audit, r-1 to the jail (agreed), r-2 to the police with the auditor's assessment."""
    root = audit_repo(make_repo(), config=CONFIG,
                      recommendations=[rec("r-1", response=response("agree")), rec("r-2", "police")],
                      assessments=[assessment("as-2", "r-2", "not-implemented", "2022-03-01")])
    for agency in TEAMS:
        (root / f"agencies/{agency['id']}.yml").write_text(yaml.safe_dump(agency, sort_keys=False))
    init_repo(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def write(root: Path, rel: str, record: dict[str, object]) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")


def gate(root: Path, run_cli: RunCli, author: str = "jailclerk") -> tuple[int, str, str]:
    """The gate as the workflow runs it, told who opened the pull request (REF's members: say who is who)."""
    return run_cli("check", root, "--changed-since", "main", "--as-of", AS_OF, "--deadlines", "warning",
                   "--author", author)


def test_the_base_passes(make_repo: MakeRepo, run_cli: RunCli) -> None:
    code, out, err = gate(base(make_repo), run_cli)
    assert code == 0, out + err


def test_an_agency_pull_request_closing_its_own_recommendation_fails(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    write(root, "assessments/r-1/as-1.yml", assessment("as-1", "r-1", "implemented", "2022-05-01", agency="jail",
                                                      by="Department of Detention"))
    commit_all(root, "The jail says it is done")
    code, out, _ = gate(root, run_cli)
    assert code == 1
    line = line_of(root, "assessments/r-1/as-1.yml", "agency")
    assert (f"assessments/r-1/as-1.yml:{line}:9: error [assessment-not-by-verifier] assessment 'as-1' is by jail, "
            "the agency recommendation 'r-1' is addressed to: an agency cannot close its own recommendation") in out
    assert "error [self-assessment]" in out  # the checker's own rule says the same on any branch


def test_an_agency_pull_request_posing_as_another_non_verifier_fails(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    write(root, "assessments/r-1/as-1.yml", assessment("as-1", "r-1", "implemented", "2022-05-01", agency="police"))
    code, out, _ = gate(root, run_cli)  # untracked files count too
    assert code == 1
    assert ("[assessment-not-by-verifier] assessment 'as-1' was added or changed by someone who is not a verifier: "
            "'jailclerk' is not @example/auditors, nor listed for it under members: in policytrack.yml") in out


def test_an_agency_may_answer_and_report_action_on_its_recommendation(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    record = rec("r-1", response=response("agree"),
                 actions=[{"date": "2022-05-01", "summary": "The jail trained its staff.",
                           "source": {"url": "https://example.org/training"}}])
    write(root, "recommendations/au-1/r-1.yml", record)
    commit_all(root, "The jail reports action")
    code, out, err = gate(root, run_cli)
    assert code == 0, out + err
    assert "assessment-not-by-verifier" not in out


def test_the_auditors_assessment_passes(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    write(root, "assessments/r-1/as-1.yml", assessment("as-1", "r-1", "implemented", "2022-05-01"))
    commit_all(root, "The auditor's follow-up")
    code, out, err = gate(root, run_cli, author="aud")
    assert code == 0, out + err
    code, out, _ = gate(root, run_cli)  # the same record from an agency's clerk
    assert code == 1 and "[assessment-not-by-verifier]" in out


def test_an_agency_may_not_rewrite_or_delete_the_auditors_assessment(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    git(root, "rm", "-q", "assessments/r-2/as-2.yml")
    code, out, _ = gate(root, run_cli)
    assert code == 1
    assert "assessments/r-2/as-2.yml: error [assessment-not-by-verifier] this pull request deletes an assessment" in out
    git(root, "checkout", "-q", "main", "--", "assessments/r-2/as-2.yml")
    write(root, "assessments/r-2/as-2.yml", assessment("as-2", "r-2", "implemented", "2022-03-01", agency="police"))
    code, out, _ = gate(root, run_cli)
    assert code == 1 and "assessment 'as-2' is by police, the agency recommendation 'r-2' is addressed to" in out


def test_without_verifiers_named_no_pull_request_can_close(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    (root / "policytrack.yml").write_text("name: T\n")
    commit_all(root, "No verifiers")
    git(root, "branch", "-f", "main", "HEAD")
    write(root, "assessments/r-1/as-1.yml", assessment("as-1", "r-1", "implemented", "2022-05-01"))
    code, out, _ = gate(root, run_cli, author="aud")
    assert code == 1 and "who is not a verifier: policytrack.yml names no verifiers" in out
