"""`policytrack check --changed-since REF` in real git repositories: what the pull request changes is
judged; what was already there is baseline."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from builders import evidence, obligation, write_files, write_repo
from conftest import MakeRepo, RunCli
from gitrepo import commit_all, git, init_repo

AS_OF = "2020-08-01"  # ob-late is overdue; ob-1 due 2020-06-30 is met by ev-1


def base(make_repo: MakeRepo) -> Path:
    root = write_repo(make_repo(), obligations=[obligation(), obligation("ob-late")],
                      evidence=[evidence("ev-1")], files={"policytrack.yml": "name: T\n"})
    init_repo(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def gate(root: Path, run_cli: RunCli, *extra: str) -> tuple[int, str, str]:
    return run_cli("check", root, "--changed-since", "main", "--as-of", AS_OF, *extra)


def test_no_change_passes_and_lists_the_baseline(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    code, out, _ = gate(root, run_cli)
    assert code == 0
    full = json.loads(run_cli("check", root, "--as-of", AS_OF, "--format", "json")[1])["findings"]
    assert out.splitlines()[:2] == [
        f"Pull-request check against main (branch started at {git(root, 'rev-parse', 'main')[:10]}): "
        "0 changed files: none",
        f"{len(full)} findings already there before this change (baseline: listed, not failing)"]
    assert {"overdue", "unreferenced"} <= {item["rule"] for item in full}
    assert run_cli("check", root, "--as-of", AS_OF)[0] == 1


def test_a_change_that_breaks_an_unchanged_file_fails(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    (root / "agencies/jail.yml").unlink()  # ob-1, ob-late and ev-1 refer to it
    code, out, _ = gate(root, run_cli)
    assert code == 1
    assert "1 changed file: agencies/jail.yml" in out
    assert "obligations/ob-1.yml:" in out and "error [dangling-reference]" in out


def test_an_error_already_in_a_changed_file_fails(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    path = root / "obligations/ob-late.yml"
    path.write_text(path.read_text().replace("deadline:\n  type: date\n  date: '2020-06-30'\n", ""))
    commit_all(root, "An obligation without its deadline")
    code, out, _ = gate(root, run_cli)
    assert code == 1 and "obligations/ob-late.yml" in out and "error [no-deadline]" in out
    assert "warning [council-review] this pull request changes a record under obligations/" in out


def test_uncommitted_and_untracked_changes_count(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    (root / "evidence/ev-2.yml").write_text("id: ev-2\nobligation: ob-1\n")  # untracked, invalid
    code, out, _ = gate(root, run_cli)
    assert code == 1 and "evidence/ev-2.yml:1:1: error [schema] required key 'agency' is missing" in out


def test_deleting_an_ordinance_is_reported_for_council_review(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    git(root, "rm", "-q", "ordinances/ord-1.yml")
    code, out, _ = gate(root, run_cli)
    assert "ordinances/ord-1.yml: warning [council-review] this pull request deletes a record under ordinances/" in out
    assert code == 1  # the obligations now name an ordinance that does not exist


def test_the_gate_rules_follow_the_configuration_of_ref(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    git(root, "checkout", "-q", "main")
    (root / "policytrack.yml").write_text("name: T\nrules:\n  council-review: off\n")
    commit_all(root, "Council staff turn council-review off")
    git(root, "checkout", "-q", "-b", "pr2")
    path = root / "obligations/ob-1.yml"
    path.write_text(path.read_text().replace("Do things.", "Do more things."))
    code, out, _ = gate(root, run_cli)
    assert code == 0, out
    assert "council-review" not in out


def test_the_gate_cannot_run_without_git_history(make_repo: MakeRepo, run_cli: RunCli) -> None:
    plain = write_repo(make_repo(), obligations=[obligation()])
    code, _, err = run_cli("check", plain, "--changed-since", "main")
    assert code == 2 and err.startswith("policytrack: git rev-parse --show-prefix failed")
    root = base(make_repo)
    code, _, err = run_cli("check", root, "--changed-since", "origin/main")
    assert code == 2 and "cannot find where this branch left 'origin/main'" in err and "fetch-depth: 0" in err


def test_a_policy_repository_in_a_subfolder(make_repo: MakeRepo, run_cli: RunCli) -> None:
    top = make_repo()
    write_repo(top / "policy", obligations=[obligation(), obligation("ob-late")], evidence=[evidence("ev-1")])
    (top / "README.md").write_text("tool\n")
    init_repo(top)
    git(top, "checkout", "-q", "-b", "pr")
    write_files(top / "policy", {"evidence/ob-late/2020-07-01-jail.yml": yaml.safe_dump(evidence("ev-2", "ob-late"))})
    code, out, _ = run_cli("check", top / "policy", "--changed-since", "main", "--as-of", AS_OF)
    assert code == 0, out
    assert "1 changed file: evidence/ob-late/2020-07-01-jail.yml\n1 finding already there" in out
    # the files outside the policy folder are changes too: the tool, the workflows and the site live there
    (top / "README.md").write_text("changed\n")
    write_files(top / "policy", {"docs/index.md": "# Ours\n"})
    code, out, _ = run_cli("check", top / "policy", "--changed-since", "main", "--as-of", AS_OF)
    assert code == 1
    assert "(2 other files changed, not policy records)" in out
    assert "../README.md: error [protected-file] this pull request changes ../README.md" in out
    assert "docs/index.md: error [protected-file] this pull request changes docs/index.md (read by the site" in out


def test_github_annotations_name_only_what_the_pull_request_breaks(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = base(make_repo)
    (root / "evidence/2020-07-01-jail.yml").write_text(
        "id: ev-2\nobligation: ob-late\nagency: jail\ndate: 2020-07-01\nkind: report\nsummary: FILL IN\n"
        "source:\n  url: https://example.org/r\nsubmitted_by:\n  role: Clerk\n")
    code, out, _ = gate(root, run_cli, "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    # police's unreferenced warning was already on main: no annotation; the late evidence's met-late is new
    assert [line.split("::")[1] for line in annotations] == [
        "error file=evidence/2020-07-01-jail.yml,line=6,col=10,title=policytrack placeholder",
        "warning file=obligations/ob-late.yml,line=12,col=3,title=policytrack met-late"]
    assert annotations[0].endswith("::'FILL IN' is still here: replace it with the real text before the file is merged")


def test_file_names_with_spaces(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), obligations=[obligation(), obligation("ob-late")], evidence=[evidence("ev-1")],
                      files={"attachments/audit report 2020.pdf": b"%PDF-1.4"})
    init_repo(root)
    git(root, "checkout", "-q", "-b", "pr")
    (root / "evidence/ev 2.yml").write_text("id: ev-2\n")
    code, out, _ = gate(root, run_cli)
    assert code == 1 and "1 changed file: evidence/ev 2.yml" in out
    assert "evidence/ev 2.yml:1:1: error [schema] required key 'obligation' is missing" in out
    assert "already there before this change" in out and "silenced error [overdue] 'Title of ob-late'" in out


def test_a_ref_that_looks_like_an_option_is_a_name_for_git(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """Issue 16, finding 20: `--changed-since=--fork-point` was read by git as its own option."""
    root = base(make_repo)
    for ref in ("--fork-point", "--output=/tmp/x", "-h"):
        code, out, err = run_cli("check", root, f"--changed-since={ref}", "--as-of", AS_OF)
        assert (code, out) == (2, ""), (ref, out, err)
        assert f"cannot find where this branch left '{ref}'" in err
