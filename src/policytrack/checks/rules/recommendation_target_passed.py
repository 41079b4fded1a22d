"""An audit recommendation's target date has passed and the auditor has not assessed it since.

Fires, as a warning, for each recommendation not closed whose agency response gives a ``target`` date
before the as-of date, with no assessment by the auditor dated on or after it. Fix: the auditor records
a follow-up under ``assessments/``; the agency reports what it did under ``actions``.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding
from policytrack.status.dates import describe_span
from policytrack.status.recommendations import REC_LABELS, recommendation_statuses

ID = "recommendation-target-passed"
SEVERITY = "warning"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each open recommendation past its target date with no assessment since."""
    repo = ctx.repo
    for key, status in recommendation_statuses(repo, ctx.as_of).items():
        target = status.target
        if status.closed or target is None or target >= ctx.as_of:
            continue
        if status.last_assessed is not None and status.last_assessed >= target:
            continue
        recommendation = repo.recommendations[key]
        number = f" {recommendation.number}" if recommendation.number else ""
        last = (f"last assessed {status.last_assessed.isoformat()}" if status.last_assessed
                else "never assessed")
        yield ctx.finding(
            ID, SEVERITY, "recommendation", key, ("response", "target"),
            f"recommendation{number} '{key}' of audit '{recommendation.audit}' to "
            f"{agency_name(repo, recommendation.agency)}: its target date {target.isoformat()} passed "
            f"{describe_span(target, ctx.as_of)} ago and the auditor has not assessed it since ({last}; "
            f"{REC_LABELS[status.status].lower()}); record the auditor's follow-up under assessments/",
            agency=recommendation.agency,
        )
