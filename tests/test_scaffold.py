"""`policytrack init`: a new jurisdiction's repository that passes its own check and builds its site on a
fresh clone; the GitHub files it writes (and this repository's) parse, and the commands they run work."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from conftest import RunCli
from gitrepo import git, init_repo
from policytrack.commands.init import TEMPLATES, template, template_values

TOOL = Path(__file__).parent.parent
AS_OF = "2026-03-02"


def make(tmp_path: Path, run_cli: RunCli) -> Path:
    root = tmp_path / "new"
    code, _, err = run_cli("init", root, "--jurisdiction", "Town of Example", "--name", "Town policy status",
                             "--repo-url", "https://github.com/town/policy", "--timezone", "America/Chicago")
    assert code == 0, err
    return root


def test_init_writes_a_repository_that_passes_its_own_check(tmp_path: Path, run_cli: RunCli) -> None:
    root = make(tmp_path, run_cli)
    for rel in ("policytrack.yml", "mkdocs.yml", ".gitignore", "README.md", "requirements.txt",
                "docs/submit-evidence.md",
                ".github/CODEOWNERS", ".github/workflows/pull-request.yml", ".github/workflows/site.yml",
                ".github/pull_request_template.md", ".github/ISSUE_TEMPLATE/missed-deadline.yml",
                ".github/ISSUE_TEMPLATE/propose-obligation.yml", ".github/ISSUE_TEMPLATE/report-an-error.yml",
                ".pre-commit-config.yaml",
                "schemas/evidence.schema.json", "agencies/example-agency.yml", "agencies/example-auditor.yml",
                "ordinances/example-ordinance.yml",
                "obligations/example-ordinance/example-obligation.yml", "systems/example-system.yml",
                "evidence/example-obligation/2020-05-01-example-agency.yml", "parties/example-party.yml",
                "events/2020-09-01-example-agency-records-request.yml", "verifications/2020-07-15-example-audit.yml",
                "breaches/2020-03-01-example-agency-late-policy.yml", "amendments/example-ordinance-0001.yml",
                "audits/2020-07-15-example-audit.yml", "recommendations/example-audit/example-audit-1.yml",
                "assessments/example-audit-1/2021-01-15-example-auditor.yml", "schemas/assessment.schema.json"):
        assert (root / rel).is_file(), rel
    code, out, _ = run_cli("check", root, "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[-1] == "0 errors, 1 warning in 15 files; 1 obligations as of 2026-03-02: 1 met"
    # the example verification counts: by the auditor, named in policytrack.yml, pinned to the evidence
    data = json.loads(run_cli("check", root, "--as-of", AS_OF, "--format", "json")[1])
    assert [item["verified"] for item in data["obligations"]] == [True]
    # the one warning is the example breach's: remedied, kept on the record
    assert "breaches/2020-03-01-example-agency-late-policy.yml:22:3: warning [breach-remedied]" in out
    assert yaml.safe_load((root / "mkdocs.yml").read_text())["site_name"] == "Town policy status"
    assert "evidence/<obligation>/<date>-<agency>.yml" in (root / "README.md").read_text()
    written = [path for path in root.rglob("*") if path.is_file() and path.suffix != ".jpg"
               and ".policytrack-cache" not in path.parts]  # the check's own cache of loaded files
    assert "@@" not in "".join(path.read_text() for path in written)
    assert run_cli("codeowners", root, "--check")[0] == 0
    assert "timezone: America/Chicago" in (root / "policytrack.yml").read_text()


def test_init_never_overwrites(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    code, _, err = run_cli("init", tmp_path / "full")
    assert code == 2 and "exists and is not empty" in err
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine"


def test_a_fresh_clone_builds_the_site(tmp_path: Path, run_cli: RunCli) -> None:
    root = init_repo(make(tmp_path, run_cli))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    assert (clone / "docs").is_dir()  # kept by git: it holds the guides
    env = {**os.environ, "POLICYTRACK_AS_OF": AS_OF, "POLICYTRACK_TODAY": AS_OF}  # not a view of the past
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "--site-dir",
                           str(tmp_path / "site")], cwd=clone, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    home = (tmp_path / "site" / "index.html").read_text()
    assert "An example ordinance" in home
    assert (tmp_path / "site" / "submit-evidence" / "index.html").is_file()
    assert (tmp_path / "site" / "images" / "submit-button.jpg").read_bytes() == \
        (TOOL / "docs" / "images" / "submit-button.jpg").read_bytes()
    page = (tmp_path / "site" / "obligations" / "example-obligation" / "index.html").read_text()
    assert "https://github.com/town/policy/new/main?filename=evidence/example-obligation/" in page


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def commands(workflow: dict[str, Any]) -> list[list[str]]:
    """The policytrack commands a workflow runs: the action's `args`, and `run:` lines."""
    found = []
    for step in steps(workflow):
        if str(step.get("uses", "")).startswith(("policytrack/policytrack@", "./")) and step["with"]["args"]:
            found.append(["policytrack", *shlex.split(step["with"]["args"])])
        elif "run" in step:
            found.append(shlex.split(step["run"]))
    return found


def run_command(argv: list[str], cwd: Path, run_cli: RunCli) -> int:
    """Run a workflow's command here: `origin/main` is the local main (the test clone has no remote)."""
    argv = [arg.replace("origin/main", "main") for arg in argv]
    if argv[0] == "policytrack":
        return run_cli(*argv[1:], "--as-of", AS_OF, cwd=cwd)[0] if argv[1] == "check" else \
            run_cli(*argv[1:], cwd=cwd)[0]
    env = {**os.environ, "POLICYTRACK_AS_OF": AS_OF, "POLICYTRACK_TODAY": AS_OF}  # not a view of the past
    exe = str(Path(sys.executable).parent / argv[0])
    return subprocess.run([exe, *argv[1:]], cwd=cwd, env=env, capture_output=True, check=False).returncode


def test_the_workflows_parse_and_their_commands_run(tmp_path: Path, run_cli: RunCli) -> None:
    root = init_repo(make(tmp_path, run_cli))
    pull = yaml.safe_load((root / ".github/workflows/pull-request.yml").read_text())
    site = yaml.safe_load((root / ".github/workflows/site.yml").read_text())
    assert pull[True]["pull_request_target"]["branches"] == ["main"]  # PyYAML reads the key `on` as True
    assert set(site[True]) == {"push", "schedule", "workflow_dispatch"}
    checkout = next(step for step in steps(pull) if step.get("uses") == "actions/checkout@v4")
    assert checkout["with"]["fetch-depth"] == 0
    uses = {step.get("uses") for step in steps(pull) + steps(site)}
    assert "policytrack/policytrack@v0.1.0" in uses and "actions/deploy-pages@v4" in uses
    assert commands(pull) == [
        ["policytrack", "check", "--changed-since", "origin/main", "--format", "github"],
        ["policytrack", "codeowners", "--check"],
    ]
    assert commands(site) == [["policytrack", "check", "--format", "github"],
                              ["mkdocs", "build", "--site-dir", "site"]]
    git(root, "checkout", "-q", "-b", "pr")
    for argv in commands(pull) + commands(site):
        assert run_command(argv, root, run_cli) == 0, argv
    assert (root / "site" / "index.html").is_file()


def test_this_repository_uses_the_same_github_files() -> None:
    values = template_values("King County policy status", "King County, Washington",
                             "https://github.com/policytrack/king-county", action="./")
    for out, source in TEMPLATES.items():
        if out.startswith(".github/"):
            assert (TOOL / out).read_text() == template(source, values), out
        if out.startswith("docs/"):
            assert (TOOL / out).read_text() == template(source, values), out
    for image in (TOOL / "src/policytrack/templates/docs/images").iterdir():
        assert (TOOL / "docs/images" / image.name).read_bytes() == image.read_bytes()


def test_no_pull_request_runs_its_own_copy_of_the_workflow_or_the_tool(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 16, finding 9: this repository's gate ran `uses: ./`, so a pull request that changed action.yml or
    src/ replaced the checker that judged it, and a pull_request workflow is the pull request's own copy."""
    new = make(tmp_path, run_cli)
    for root in (TOOL, new):
        pull = yaml.safe_load((root / ".github/workflows/pull-request.yml").read_text())
        site = yaml.safe_load((root / ".github/workflows/site.yml").read_text())
        assert set(pull[True]) == {"pull_request_target"} and "pull_request" not in site[True]
        assert pull["permissions"] == {"contents": "read"} and all("permissions" not in job
                                                                   for job in pull["jobs"].values())
        checkout = next(step for step in steps(pull) if step.get("uses") == "actions/checkout@v4")
        assert checkout["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
        assert checkout["with"]["persist-credentials"] is False
        [gate] = [step for step in steps(pull) if "policytrack" in str(step.get("uses", ""))]
        assert gate["uses"] == "policytrack/policytrack@v0.1.0"  # pinned: never ./
        assert gate["with"]["author"] == "${{ github.event.pull_request.user.login }}"
        assert all(not str(step.get("uses", "")).startswith("./") for step in steps(pull))
    assert {step.get("uses") for step in steps(yaml.safe_load((TOOL / ".github/workflows/site.yml").read_text()))
            } >= {"./"}  # on main only


def test_the_action_and_the_pre_commit_hooks(tmp_path: Path, run_cli: RunCli) -> None:
    action = yaml.safe_load((TOOL / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["args"]["default"] == "check"
    install = next(step for step in action["runs"]["steps"] if step.get("name") == "Install policytrack")
    assert install["run"] == 'python -m pip install --quiet "$ACTION_PATH"'
    # the action's last step, run as GitHub runs it (bash, the arguments in an environment variable)
    run_step = action["runs"]["steps"][-1]
    assert run_step["if"] == "inputs.args != ''" and run_step["env"] == {
        "POLICYTRACK_ARGS": "${{ inputs.args }}", "POLICYTRACK_AUTHOR": "${{ inputs.author }}"}
    repo = init_repo(make(tmp_path / "action", run_cli))
    env = {**os.environ, "POLICYTRACK_ARGS": f"check --format github --as-of {AS_OF}",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", run_step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0, "0 errors, 1 warning in 15 files; 1 obligations as of 2026-03-02: 1 met"), done.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load((TOOL / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"policytrack-check", "policytrack-codeowners"}
    root = init_repo(make(tmp_path, run_cli))
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())
    assert config["repos"][0]["rev"] == "v0.1.0"
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == sorted(hooks)
    # the hooks' commands, on a commit in progress: a clean change passes, a placeholder fails
    (root / "agencies/jail.yml").write_text("id: jail\nname: Jail\nhead: Director\n")
    for hook in hooks.values():
        argv = shlex.split(hook["entry"])
        assert argv[0] == "policytrack"
        assert run_cli(*argv[1:], *(["--as-of", AS_OF] if argv[1] == "check" else []), cwd=root)[0] == (
            0 if argv[1] == "check" else 1)  # a new agency: CODEOWNERS must be regenerated
    (root / "agencies/jail.yml").write_text("id: jail\nname: FILL IN\nhead: Director\n")
    code, out, _ = run_cli(*shlex.split(hooks["policytrack-check"]["entry"])[1:], "--as-of", AS_OF, cwd=root)
    assert code == 1 and "agencies/jail.yml:2:7: error [placeholder]" in out


def test_init_refuses_a_repo_url_that_is_not_an_address(tmp_path: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli("init", tmp_path / "x", "--repo-url", "github.com/town/policy")
    assert code == 2 and "--repo-url 'github.com/town/policy' is not a web address" in err
    assert not (tmp_path / "x").exists()
