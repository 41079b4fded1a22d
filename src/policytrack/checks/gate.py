"""The pull-request gate: ``policytrack check --changed-since REF``.

A pull request is judged on what it adds or changes, not on the state of the whole repository, and it
is judged by rules it cannot change (anyone may open one, with any files):

* **its trust comes from REF**: the configuration (``rules:``, time zone, holidays, ``roll``,
  ``repo_url``, verifiers, council staff and their members) is read from REF's ``policytrack.yml``, the
  branch the pull request would be merged into, and both the pull request and the baseline are checked
  with it; the pull request's own ``policytrack.yml`` is a change like any other;
* every file it adds or changes must be valid: any error in a changed file fails it (a time-driven
  finding, such as ``overdue``, only when it was not already there before the change);
* a silencing comment it adds silences nothing here (``silence-added``, listed for review);
* its own findings (:mod:`policytrack.checks.gate_rules`): a change to anything but the data folders
  (configuration, site, workflows, the tool) or a deleted breach, event, verification or registry record
  unless its author is council staff; a verification record unless its author is a verifier; evidence
  carrying its own ``verified:`` block, or filed under another agency's name; a change to the law's
  record for council review;
* an assessment of an audit recommendation it adds, changes or deletes must be the verifiers'
  (``assessment-not-by-verifier``): an agency reports action under the recommendation's ``actions``, and
  cannot close its own recommendation;
* findings that already exist where the branch started (the merge base of REF and HEAD: the main
  branch as the pull request found it) are listed as the *baseline* and do not fail the pull request,
  as Lula and other compliance tools do. A branch behind main is judged against the commit it started
  from, so findings that main gained since are not blamed on it.

Changed files are those that differ between the merge base and the working tree (commits on the
branch, staged and unstaged changes) plus untracked files, anywhere in the git repository (a policy
repository in a subfolder included), so the same command serves CI and a pre-commit hook. In CI, fetch
the history (``actions/checkout`` with ``fetch-depth: 0``) so that the merge base exists.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import cast

from policytrack.checks.checker import DEADLINE_RULES, CheckResult, run_check
from policytrack.checks.gate_rules import gate_findings
from policytrack.checks.ruleconfig import RESERVED_REASON, silence_key, silences_in
from policytrack.checks.rules.context import Options, SilenceKey
from policytrack.model.findings import Finding
from policytrack.model.load import (
    CONFIG_FILE,
    DATA_FOLDERS,
    LoadResult,
    NotARepository,
    Origin,
    load_repository,
    read_bounded,
)
from policytrack.model.records import Config


class GateError(Exception):
    """The gate cannot run (not a git repository, unknown REF): exit code 2."""


@dataclass
class GateResult:
    """The check of the pull request: the result to report, and what it was compared with."""

    result: CheckResult
    ref: str
    base: str
    changed: list[str]
    """The policy files the change adds, changes or deletes."""
    others: int
    """How many other files it changes (code, documentation, workflows): not policy records."""
    baseline: int
    author: str | None = None
    """The pull request's author (``--author``), whom the council and verifier lists are asked about."""


@dataclass(frozen=True)
class Change:
    """What a branch changes: REF's commit, the merge base, and every changed path."""

    tip: str
    base: str
    prefix: str
    """The policy repository's folder in git ('' at the top, 'policy/' in a subfolder)."""
    paths: list[str]
    """Every changed path, relative to the policy repository ('../README.md' outside it)."""


def _git(cwd: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GateError("git is not installed: --changed-since needs it") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GateError(f"git {' '.join(args)} failed: {message[-1] if message else done.returncode}")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def changed_files(repo: Path, ref: str) -> Change:
    """What the branch checked out in ``repo`` changes since it left ``ref``."""
    prefix = str(_git(repo, "rev-parse", "--show-prefix")).strip()
    try:  # --end-of-options: a REF such as '--fork-point' is a name to look up, never an option of git's
        tip = str(_git(repo, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")).strip()
        base = str(_git(repo, "merge-base", "--end-of-options", tip, "HEAD")).strip()
    except GateError:
        raise GateError(
            f"cannot find where this branch left '{ref}': is '{ref}' a branch or commit here, and is the "
            "history fetched? (in GitHub Actions: actions/checkout with fetch-depth: 0)") from None
    # the whole git repository, not only the policy folder: the workflows and the tool are at its top
    listed = str(_git(repo, "diff", "--name-only", "--no-renames", "-z", "--end-of-options", base, "--", ":/"))
    untracked = str(_git(repo, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", ":/"))
    names = {name for name in (listed + untracked).split("\0") if name}
    paths = sorted(name[len(prefix):] if name.startswith(prefix) else
                   os.path.relpath(name, prefix or ".").replace(os.sep, "/") for name in names)
    return Change(tip, base, prefix, paths)


def is_policy_file(rel: str) -> bool:
    """Whether a path (relative to the policy repository) is one the checker reads."""
    return rel == CONFIG_FILE or rel.split("/", 1)[0] in (*DATA_FOLDERS, "attachments")


def _extract(repo: Path, commit: str, prefix: str, names: tuple[str, ...], into: Path) -> Path:
    """Write the files ``names`` (folders or files of the policy repository) as they were at ``commit``
    into ``into``; return the policy repository's root there."""
    top = repo / str(_git(repo, "rev-parse", "--show-cdup")).strip()  # git reads the paths from the top
    wanted = [f"{prefix}{name}" for name in names]
    listed = str(_git(top, "ls-tree", "-z", "--name-only", commit, "--", *wanted))
    present = [name for name in listed.split("\0") if name]
    if present:
        data = cast(bytes, _git(top, "archive", "--format=tar", commit, "--", *present, binary=True))
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(into, filter="data")
    root = into / prefix
    root.mkdir(parents=True, exist_ok=True)
    return root


def _snapshot(repo: Path, base: str, prefix: str, into: Path) -> Path:
    """Write the policy repository's files as they were at ``base`` into ``into``; return its root."""
    return _extract(repo, base, prefix, (*DATA_FOLDERS, "attachments", CONFIG_FILE), into)


def trusted_config(repo: Path, tip: str, prefix: str, into: Path) -> tuple[Config, Origin | None]:
    """REF's configuration: the one the pull request is judged by (defaults where REF has none, or where
    it cannot be loaded)."""
    root = _extract(repo, tip, prefix, (CONFIG_FILE,), into)
    try:
        repository = load_repository(root).repository
    except NotARepository:
        return Config(), None
    return repository.config, repository.config_origin


def _judged_by(loaded: LoadResult, config: tuple[Config, Origin | None]) -> LoadResult:
    loaded.repository.config, loaded.repository.config_origin = config
    return loaded


def _silences_before(old_root: Path, paths: list[str]) -> dict[str, list[SilenceKey]]:
    """The silencing comments each changed file had at the merge base (none for a new file)."""
    out: dict[str, list[SilenceKey]] = {}
    for path in paths:
        if path.startswith("../"):
            continue
        raw = read_bounded(str(old_root / path)) if os.path.lexists(old_root / path) else b""
        text = "" if isinstance(raw, tuple) else raw.decode("utf-8", errors="replace")
        out[path] = [silence_key(item, text) for item in silences_in(path, text)]
    return out


def _key(finding: Finding) -> tuple[str, str, str, str | None, str | None]:
    return (finding.path, finding.rule, finding.message, finding.obligation, finding.agency)


def run_gate(repo: str | os.PathLike[str], ref: str, as_of: date | None, options: Options,
             author: str | None = None) -> GateResult:
    """Check the policy repository at ``repo`` as a pull request by ``author`` against ``ref`` (as of
    ``as_of``; None: today in the time zone REF's configuration gives)."""
    root = Path(repo)
    change = changed_files(root, ref)
    changed = [name for name in change.paths if is_policy_file(name)]
    changed_set = set(change.paths)
    with tempfile.TemporaryDirectory(prefix="policytrack-base-") as folder:
        config = trusted_config(root, change.tip, change.prefix, Path(folder) / "ref")
        old_root = _snapshot(root, change.base, change.prefix, Path(folder) / "base")
        old = None
        if any(os.path.lexists(old_root / name) for name in (*DATA_FOLDERS, CONFIG_FILE)):
            old = _judged_by(load_repository(old_root), config)
        head_options = replace(options, base_silences=_silences_before(old_root, change.paths))
        head = run_check(_judged_by(load_repository(root), config), as_of, head_options)
        as_of = head.as_of
        needs_baseline = [item for item in head.findings if item.silenced is None
                          and (item.path not in changed_set or item.rule in DEADLINE_RULES)]
        before: Counter[tuple[str, str, str, str | None, str | None]] = Counter()
        if needs_baseline and old is not None:
            before = Counter(_key(item) for item in run_check(old, as_of, options).findings)
    own = gate_findings(head, old.repository if old else None, change.paths, author)
    reason = f"{RESERVED_REASON} already on {ref} where this branch started ({change.base[:10]})"
    findings: list[Finding] = []
    baseline = 0
    for finding in head.findings:
        key = _key(finding)
        exempt = finding.path not in changed_set or finding.rule in DEADLINE_RULES
        if finding.silenced is None and exempt and before[key] > 0:
            before[key] -= 1
            baseline += 1
            finding = replace(finding, silenced=reason)
        findings.append(finding)
    findings.extend(own)
    findings.sort()
    head.findings = findings
    return GateResult(head, ref, change.base, changed, len(change.paths) - len(changed), baseline, author)


# --- issue 20: only the verifiers assess (close) an audit recommendation -----------------------------------


def header(gate: GateResult) -> str:
    """The lines the text report starts with: what was compared, what changed, how much is baseline."""
    files = ", ".join(gate.changed) if gate.changed else "none"
    others = (f" ({gate.others} other file{'s' * (gate.others != 1)} changed, not policy records)"
              if gate.others else "")
    return (f"Pull-request check against {gate.ref} (branch started at {gate.base[:10]}): "
            f"{len(gate.changed)} changed file{'s' * (len(gate.changed) != 1)}: {files}{others}\n"
            f"{gate.baseline} finding{'s' * (gate.baseline != 1)} already there before this change "
            "(baseline: listed, not failing)")
