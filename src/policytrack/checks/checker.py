"""Run the checker: load the repository, compute statuses, apply every rule, collect findings."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from policytrack.checks.privacy_scan import Ahead
from policytrack.checks.ruleconfig import apply_rule_config
from policytrack.checks.rules import RULES
from policytrack.checks.rules.context import Context, Options
from policytrack.model.findings import Finding
from policytrack.model.load import LoadResult, Repository, load_repository
from policytrack.model.safetext import printable
from policytrack.status.dates import today
from policytrack.status.engine import ObligationStatus, compute_statuses

DEADLINE_RULES = frozenset(rule.id for rule in RULES.values() if rule.deadline)


@dataclass
class CheckResult:
    """Everything one run produced: what every report, page and export is made from."""

    repository: Repository
    as_of: date
    statuses: dict[str, ObligationStatus]
    findings: list[Finding]
    context: Context

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error: any of them makes ``policytrack check`` exit 1."""
        return [item for item in self.findings if item.severity == "error" and item.silenced is None]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity warning."""
        return [item for item in self.findings if item.severity == "warning" and item.silenced is None]

    @property
    def silenced(self) -> list[Finding]:
        """Findings silenced in their file with a reason: counted and listed, never failing the check."""
        return [item for item in self.findings if item.silenced is not None]


MAX_MESSAGE = 1000
"""Characters of a finding's message; a longer one (a rule quoting a huge title) is cut."""


def _one_line(finding: Finding) -> Finding:
    """The finding with its path and message on one printable line, so no output can be forged or broken."""
    path, message = finding.path, finding.message
    if path.isprintable() and message.isprintable() and len(message) <= MAX_MESSAGE:
        return finding
    message = printable(message)
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + "…"
    return replace(finding, path=printable(path), message=message)


def run_check(
    source: str | os.PathLike[str] | LoadResult,
    as_of: date | None,
    options: Options | None = None,
) -> CheckResult:
    """Check the repository at ``source`` (a folder, or an already loaded result) as of ``as_of``
    (None: today in the repository's time zone)."""
    options = options or Options()
    # The privacy guard reads the files, not the records: on a large repository it starts scanning them
    # in a process of its own before the records are loaded.
    ahead = None if isinstance(source, LoadResult) or not os.path.isdir(source) else Ahead.start(Path(source))
    try:
        loaded = source if isinstance(source, LoadResult) else load_repository(source)
        if as_of is None:
            as_of = today(loaded.repository.config.timezone)
        statuses = compute_statuses(loaded.repository, as_of)
        context = Context(loaded.repository, as_of, statuses, options, privacy_ahead=ahead)
        findings = list(loaded.findings)
        for rule in RULES.values():
            findings.extend(rule.check(context))
        context.privacy_ahead = None
    finally:
        if ahead is not None:
            ahead.close()
    # The engine sets levels (yamllint's model): the repository's configuration and silencing comments
    # first, then --deadlines warning, which lowers time-driven errors whatever their configured level.
    findings = apply_rule_config(findings, context, RULES)
    if options.deadlines == "warning":
        findings = [replace(item, severity="warning") if item.severity == "error" and item.rule in DEADLINE_RULES
                    else item for item in findings]
    findings = [_one_line(finding) for finding in findings]
    findings.sort()
    return CheckResult(loaded.repository, as_of, statuses, findings, context)
