"""The whole path of issue 9, as a council staffer and an agency clerk walk it, in real git repositories.

``init`` a new jurisdiction, add an agency and an obligation, submit evidence as that agency on a
branch and run the pull-request gate (it passes although main has an unrelated overdue obligation),
then three pull requests that must fail: evidence for an obligation that does not bind the agency,
evidence carrying its own verification, evidence containing an A-number (not printed). The guides in
docs/ describe these steps; ``test_docs_describe_the_walkthrough`` keeps them in step.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml

from conftest import RunCli
from gitrepo import commit_all, git, init_repo

AS_OF = "2026-03-02"
DOCS = Path(__file__).parent.parent / "docs"
A_NUMBER = "A-204-118-377"


def doc_commands(name: str) -> list[list[str]]:
    """The commands a guide in docs/ shows (its ``$ `` lines), split as a shell would."""
    text = (DOCS / name).read_text(encoding="utf-8")
    return [shlex.split(line.strip()[2:]) for line in text.splitlines() if line.strip().startswith("$ ")]


def start(tmp_path: Path, run_cli: RunCli) -> Path:
    """The council staffer's steps, exactly as docs/add-an-ordinance.md gives them; then an unrelated
    obligation of another agency that is overdue on main."""
    cwd = tmp_path
    for argv in doc_commands("add-an-ordinance.md"):
        if argv[0] == "cd":
            cwd = cwd / argv[1]
            continue
        assert argv[0] == "policytrack"
        pinned = ["--as-of", AS_OF] if argv[1] == "check" else []
        code, out, err = run_cli(*argv[1:], *pinned, cwd=cwd)
        assert code == 0, f"{argv}: {out}{err}"
        if argv[1] == "new":
            assert (cwd / out.strip()).is_file()
    root = tmp_path / "town-policy"
    assert cwd == root
    assert (root / "obligations/town-2026-07/post-policy.yml").is_file()
    code, out, err = run_cli("new", "obligation", "--repo", root, "--ordinance", "example-ordinance",
                             "--section", "1.01.010", "--title", "Report on records", "--quote", "Report.",
                             "--action", "Report.", "--kind", "one-time", "--owner", "example-agency",
                             "--role", "Director", "--due", "2025-01-31", "--evidence-kinds", "report",
                             "--id", "late-report")
    assert code == 0, err
    init_repo(root)
    code, out, _ = run_cli("check", root, "--as-of", AS_OF)
    assert code == 1 and "[overdue] 'Report on records' is overdue" in out
    return root


def submit(root: Path, run_cli: RunCli, branch: str, agency: str = "jail", obligation: str = "post-policy",
           summary: str = "The jail posted its detainer policy in the booking area and online.") -> Path:
    """On a new branch from main: ``policytrack new evidence`` as a clerk would, committed."""
    git(root, "checkout", "-q", "-b", branch, "main")
    code, out, err = run_cli("new", "evidence", "--repo", root, "--obligation", obligation, "--agency", agency,
                             "--date", "2026-02-27", "--kind", "policy", "--summary", summary,
                             "--url", "https://town.example.org/jail/detainer-policy", "--role", "Records officer")
    assert code == 0, err
    path = root / out.strip()
    commit_all(root, f"Evidence: {obligation} by {agency}")
    return path


def gate(root: Path, run_cli: RunCli, *extra: str) -> tuple[int, str, str]:
    return run_cli("check", root, "--changed-since", "main", "--as-of", AS_OF, *extra)


def test_walkthrough(tmp_path: Path, run_cli: RunCli) -> None:
    root = start(tmp_path, run_cli)
    # The generated CODEOWNERS gives the jail's evidence to its team.
    assert "/evidence/**/*-jail.yml @town/jail-clerks" in (root / ".github/CODEOWNERS").read_text()
    assert run_cli("codeowners", root, "--check")[0] == 0

    # 1. The clerk's file from docs/submit-evidence.md passes the gate, although main has an overdue
    #    obligation; `policytrack new evidence` writes the same record at the same path.
    guide = (DOCS / "submit-evidence.md").read_text()
    [example] = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    [named] = re.findall(r"for example  (evidence/\S+\.yml)", guide)
    git(root, "checkout", "-q", "-b", "web-editor", "main")
    (root / named).parent.mkdir(parents=True)
    (root / named).write_text(example)
    commit_all(root, "Create " + named)
    code, out, err = gate(root, run_cli)
    assert code == 0, out + err
    evidence = submit(root, run_cli, "jail-evidence")
    submitted = evidence.read_text()
    assert evidence.relative_to(root).as_posix() == named
    assert yaml.safe_load(submitted)["id"] == yaml.safe_load(example)["id"]
    code, out, err = gate(root, run_cli)
    assert code == 0, out + err
    assert "1 changed file: evidence/post-policy/2026-02-27-jail.yml" in out
    assert "silenced error [overdue] 'Report on records' is overdue" in out
    assert "baseline: already on main" in out
    assert run_cli("check", root, "--as-of", AS_OF)[0] == 1  # the full check is still red: the report is late

    # 2. Evidence from an agency the obligation does not bind: `new` refuses, and a hand-written file fails.
    git(root, "checkout", "-q", "-b", "wrong-agency", "main")
    code, _, err = run_cli("new", "evidence", "--repo", root, "--obligation", "post-policy",
                           "--agency", "example-agency", "--date", "2026-02-27", "--kind", "policy",
                           "--summary", "Posted.", "--url", "https://example.org/p", "--role", "Clerk")
    assert code == 2 and "does not bind agency 'example-agency' (it binds jail)" in err
    wrong = root / "evidence/post-policy/2026-02-27-example-agency.yml"
    wrong.parent.mkdir(parents=True, exist_ok=True)
    wrong.write_text(submitted.replace("agency: jail", "agency: example-agency")
                     .replace("ev-2026-02-27-jail-", "ev-2026-02-27-example-agency-"))
    commit_all(root, "Evidence from the wrong agency")
    code, out, _ = gate(root, run_cli)
    outputs = [out]
    assert code == 1
    assert ("evidence/post-policy/2026-02-27-example-agency.yml:9:9: error [evidence-unbound-agency] evidence "
            "'ev-2026-02-27-example-agency-post-policy' is from 'example-agency', which obligation 'post-policy' "
            "does not bind (it binds jail)") in out

    # 3. Evidence that verifies itself fails: verification is a separate record, added by a verifier.
    path = submit(root, run_cli, "self-verified")
    path.write_text(path.read_text() + "verified:\n  by: Town Auditor\n  on: 2026-02-28\n")
    commit_all(root, "Evidence with its own verification")
    code, out, _ = gate(root, run_cli)
    outputs.append(out)
    assert code == 1
    line = path.read_text().splitlines().index("verified:") + 1
    assert f"2026-02-27-jail.yml:{line + 1}:3: error [evidence-self-verified]" in out

    # 4. Evidence containing an A-number fails, and the number is printed nowhere.
    submit(root, run_cli, "a-number",
           summary=f"The jail declined the detainer for the person with alien number {A_NUMBER}.")
    code, out, err = gate(root, run_cli)
    outputs.append(out)
    assert code == 1
    assert "error [personal-data] this line contains what looks like an alien registration number (A-number)" in out
    for fmt in ("text", "json", "github", "sarif", "junit"):
        code, out, err = gate(root, run_cli, "--format", fmt)
        assert code == 1
        assert "personal-data" in out
        for shown in (A_NUMBER, A_NUMBER.replace("-", ""), "204-118-377", "204118377"):
            assert shown not in out + err, fmt
    data = json.loads(gate(root, run_cli, "--format", "json")[1])
    assert [item["rule"] for item in data["findings"] if item["severity"] == "error" and not item["silenced"]] \
        == ["personal-data"]

    # 5. A FILL IN left in the file fails; a change to an obligation is reported for council review.
    path = submit(root, run_cli, "placeholder", summary="FILL IN: what was done")
    git(root, "rm", "-q", "--cached", "--", str(path.relative_to(root)))
    code, out, _ = gate(root, run_cli)
    [(number, text)] = [(n, t) for n, t in enumerate(path.read_text().splitlines(), 1) if "FILL IN" in t]
    assert text.startswith("summary:")
    assert code == 1
    assert f"{path.relative_to(root).as_posix()}:{number}:{text.index('FILL IN') + 1}: error [placeholder]" in out
    outputs.append(out)
    path.unlink()
    git(root, "checkout", "-q", "-f", "-b", "council", "main")
    obligation = root / "obligations/town-2026-07/post-policy.yml"
    obligation.write_text(obligation.read_text().replace("Post the policy in", "Post the policy visibly in"))
    code, out, _ = gate(root, run_cli)
    assert code == 0 and "1 changed file: obligations/town-2026-07/post-policy.yml" in out
    outputs.append(out)
    # every message the guides show is one the check prints
    shown = [line.strip() for name in ("submit-evidence.md", "add-an-ordinance.md")
             for line in (DOCS / name).read_text().splitlines() if re.match(r"    (error|warning) \[", line)]
    assert len(shown) == 5
    everything = "\n".join(outputs)
    for message in shown:
        assert f": {message}" in everything, message


def test_a_branch_behind_main_is_judged_from_where_it_started(tmp_path: Path, run_cli: RunCli) -> None:
    root = start(tmp_path, run_cli)
    submit(root, run_cli, "behind")
    # main moves on: a broken obligation file and another overdue duty land after the branch started
    git(root, "checkout", "-q", "main")
    (root / "obligations/example-ordinance/broken.yml").write_text("id: broken\ntitle: [unclosed\n")
    commit_all(root, "A broken file on main")
    git(root, "checkout", "-q", "behind")
    code, out, _ = gate(root, run_cli)
    assert code == 0, out
    assert "1 changed file: evidence/post-policy/2026-02-27-jail.yml" in out
    assert "broken.yml" not in out


def test_the_guides_say_how_policytrack_gets_on_the_path_before_the_first_command() -> None:
    guide = (DOCS / "add-an-ordinance.md").read_text()
    assert guide.index("python -m pip install") < guide.index("$ policytrack")
    assert guide.index(". ~/policytrack-env/bin/activate") < guide.index("$ policytrack")
    readme = (DOCS.parent / "README.md").read_text()
    quick = readme[readme.index("## Quick start"):readme.index("## Where things are")]
    first_use = quick.index("Then `policytrack ")
    assert "make shell" in quick[:first_use] and ". .venv/bin/activate" in quick[:first_use]
    assert "`.venv/bin/policytrack check`" in quick[:first_use]


def test_make_shell_puts_policytrack_on_the_path() -> None:
    import os
    import shutil
    import subprocess

    tool = DOCS.parent
    stamp, project = tool / ".venv/.installed-stamp", tool / "pyproject.toml"
    if shutil.which("make") is None or not stamp.exists() or stamp.stat().st_mtime < project.stat().st_mtime:
        import pytest
        pytest.skip("needs make and an installed .venv (make install)")
    environment = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV",)}
    environment["PATH"] = "/usr/bin:/bin"
    environment["SHELL"] = "/bin/sh"
    done = subprocess.run(["make", "-s", "shell"], cwd=tool, env=environment, input="command -v policytrack\nexit\n",
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[0] == str(tool / ".venv/bin/policytrack")
