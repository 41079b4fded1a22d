"""The pull-request gate: ``policytrack check --changed-since REF``.

A pull request is judged on what it adds or changes, not on the state of the whole repository:

* every file it adds or changes must be valid: any error in a changed file fails it (a time-driven
  finding, such as ``overdue``, only when it was not already there before the change);
* evidence it adds or changes may not carry its own ``verified:`` block (``evidence-self-verified``):
  verification is a separate record (``verifications/``) that only a verifier adds, guarded by
  CODEOWNERS; evidence must be for an obligation that binds its agency (``evidence-unbound-agency``);
* an assessment of an audit recommendation it adds, changes or deletes must be the verifiers'
  (``assessment-not-by-verifier``): an agency reports action under the recommendation's ``actions``, and
  cannot close its own recommendation;
* a change to an ordinance or an obligation is reported for council review (``council-review``, a
  warning): the law's record changes only with council staff's approval;
* findings that already exist where the branch started (the merge base of REF and HEAD: the main
  branch as the pull request found it) are listed as the *baseline* and do not fail the pull request,
  as Lula and other compliance tools do. A branch behind main is judged against the commit it started
  from, so findings that main gained since are not blamed on it.

Changed files are those that differ between the merge base and the working tree (commits on the
branch, staged and unstaged changes) plus untracked files, so the same command serves CI and a
pre-commit hook. In CI, fetch the history (``actions/checkout`` with ``fetch-depth: 0``) so that the
merge base exists.
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
from pathlib import Path, PurePosixPath
from typing import cast

from policytrack.checks.checker import DEADLINE_RULES, CheckResult, run_check
from policytrack.checks.ruleconfig import COUNCIL_REVIEW, NOT_VERIFIER, SELF_VERIFIED
from policytrack.checks.rules.context import Options
from policytrack.model.findings import Finding
from policytrack.model.load import CONFIG_FILE, DATA_FOLDERS

LAW_FOLDERS = ("ordinances/", "obligations/", "amendments/")


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


def _git(cwd: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GateError("git is not installed: --changed-since needs it") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GateError(f"git {' '.join(args)} failed: {message[-1] if message else done.returncode}")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def changed_files(repo: Path, ref: str) -> tuple[str, list[str], str]:
    """(merge base, changed paths relative to the policy repository, the repository's path in git)."""
    prefix = str(_git(repo, "rev-parse", "--show-prefix")).strip()
    try:
        base = str(_git(repo, "merge-base", ref, "HEAD")).strip()
    except GateError:
        raise GateError(
            f"cannot find where this branch left '{ref}': is '{ref}' a branch or commit here, and is the "
            "history fetched? (in GitHub Actions: actions/checkout with fetch-depth: 0)") from None
    listed = str(_git(repo, "diff", "--name-only", "--no-renames", "--relative", "-z", base, "--", "."))
    untracked = str(_git(repo, "ls-files", "--others", "--exclude-standard", "-z", "--", "."))
    names = {name for name in (listed + untracked).split("\0") if name}
    return base, sorted(names), prefix


def is_policy_file(rel: str) -> bool:
    """Whether a path (relative to the policy repository) is one the checker reads."""
    return rel == CONFIG_FILE or rel.split("/", 1)[0] in (*DATA_FOLDERS, "attachments")


def _snapshot(repo: Path, base: str, prefix: str, into: Path) -> Path:
    """Write the policy repository's files as they were at ``base`` into ``into``; return its root."""
    wanted = [f"{prefix}{name}" for name in (*DATA_FOLDERS, "attachments", CONFIG_FILE)]
    present = [name for name in str(_git(repo, "ls-tree", "-z", "--name-only", base, "--", *wanted)).split("\0")
               if name]
    if present:
        data = cast(bytes, _git(repo, "archive", "--format=tar", base, "--", *present, binary=True))
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(into, filter="data")
    root = into / prefix
    root.mkdir(parents=True, exist_ok=True)
    return root


def _key(finding: Finding) -> tuple[str, str, str, str | None, str | None]:
    return (finding.path, finding.rule, finding.message, finding.obligation, finding.agency)


def run_gate(repo: str | os.PathLike[str], ref: str, as_of: date | None, options: Options) -> GateResult:
    """Check the policy repository at ``repo`` as a pull request against ``ref`` (as of ``as_of``; None:
    today in the repository's time zone)."""
    root = Path(repo)
    base, every, prefix = changed_files(root, ref)
    changed = [name for name in every if is_policy_file(name)]
    head = run_check(root, as_of, options)
    as_of = head.as_of
    changed_set = set(changed)
    gate_findings = list(_gate_findings(head, changed_set))
    needs_baseline = [item for item in head.findings if item.silenced is None
                      and (item.path not in changed_set or item.rule in DEADLINE_RULES)]
    before: Counter[tuple[str, str, str, str | None, str | None]] = Counter()
    if needs_baseline:
        with tempfile.TemporaryDirectory(prefix="policytrack-base-") as folder:
            old_root = _snapshot(root, base, prefix, Path(folder))
            if any((old_root / name).exists() for name in (*DATA_FOLDERS, CONFIG_FILE)):
                before = Counter(_key(item) for item in run_check(old_root, as_of, options).findings)
    reason = f"baseline: already on {ref} where this branch started ({base[:10]})"
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
    findings.extend(gate_findings)
    findings.sort()
    head.findings = findings
    return GateResult(head, ref, base, changed, len(every) - len(changed), baseline)


def _gate_findings(head: CheckResult, changed: set[str]) -> list[Finding]:
    repo = head.repository
    levels = repo.config.rules
    out: list[Finding] = []
    for evidence in repo.evidence.values():
        origin = repo.origin("evidence", evidence.id)
        if origin is None or origin.path not in changed or evidence.verified is None:
            continue
        line, column = origin.position("verified")
        out.append(Finding(origin.path, line, column, SELF_VERIFIED, "error",
                           f"evidence '{evidence.id}' carries its own 'verified:' block: a submitter cannot verify "
                           "their own evidence; remove the block (a verifier adds a record under verifications/)",
                           evidence.obligation, evidence.agency))
    out.extend(_assessment_findings(head, changed))
    for path in sorted(changed):
        if path.startswith(LAW_FOLDERS):
            state = "changes" if (repo.root / path).exists() else "deletes"
            folder = PurePosixPath(path).parts[0]
            out.append(Finding(path, 0, 0, COUNCIL_REVIEW, "warning",
                               f"this pull request {state} a record under {folder}/: council staff must review it "
                               "before it is merged"))
    kept = []
    for finding in out:
        level = levels.get(finding.rule)
        if level == "off":
            continue
        kept.append(replace(finding, severity=level) if level else finding)
    return kept


# --- issue 20: only the verifiers assess (close) an audit recommendation -----------------------------------


def _assessment_findings(head: CheckResult, changed: set[str]) -> list[Finding]:
    """An assessment the pull request adds, changes or deletes must be the verifiers': by an agency whose
    ``team`` is among ``verifiers`` in policytrack.yml, and never by the agency the recommendation is
    addressed to (an agency cannot close its own recommendation; it reports action under ``actions``)."""
    from policytrack.status.recommendations import by_auditor

    repo = head.repository
    verifiers = set(repo.config.verifiers)
    teams = {agency.id for agency in repo.agencies.values() if agency.team and agency.team in verifiers}
    named = ", ".join(sorted(verifiers)) or "none named"
    out: list[Finding] = []
    seen: set[str] = set()
    for assessment in repo.assessments.values():
        origin = repo.origin("assessment", assessment.id)
        if origin is None or origin.path not in changed:
            continue
        seen.add(origin.path)
        recommendation = repo.recommendations.get(assessment.recommendation)
        if recommendation is not None and not by_auditor(repo, recommendation, assessment):
            why = (f"is by {assessment.agency}, the agency recommendation '{recommendation.id}' is addressed to: an "
                   "agency cannot close its own recommendation; report what it did under the recommendation's "
                   "'actions' instead")
        elif assessment.agency not in teams:
            why = (f"is by {assessment.agency}, which is not a verifier (an agency whose team is among the "
                   f"verifiers in policytrack.yml: {named}); only the auditor's team adds assessments")
        else:
            continue
        line, column = origin.position("agency")
        out.append(Finding(origin.path, line, column, NOT_VERIFIER, "error",
                           f"assessment '{assessment.id}' {why}", None, assessment.agency))
    for path in sorted(changed):
        if path.startswith("assessments/") and path not in seen and not (repo.root / path).exists():
            out.append(Finding(path, 0, 0, NOT_VERIFIER, "error",
                               "this pull request deletes an assessment: only the verifiers change the auditor's "
                               f"assessments ({named})"))
    return out


def header(gate: GateResult) -> str:
    """The lines the text report starts with: what was compared, what changed, how much is baseline."""
    files = ", ".join(gate.changed) if gate.changed else "none"
    others = (f" ({gate.others} other file{'s' * (gate.others != 1)} changed, not policy records)"
              if gate.others else "")
    return (f"Pull-request check against {gate.ref} (branch started at {gate.base[:10]}): "
            f"{len(gate.changed)} changed file{'s' * (len(gate.changed) != 1)}: {files}{others}\n"
            f"{gate.baseline} finding{'s' * (gate.baseline != 1)} already there before this change "
            "(baseline: listed, not failing)")
