"""An audit recommendation has had no response from its agency for too long.

Fires, as a warning, for each recommendation still ``open`` (no response, action or assessment) more than
``recommendation_response_days`` (policytrack.yml, default 60) days after its audit. Fix: record the
agency's answer under ``response``; if it exists but was not found, silence the finding with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding
from policytrack.status.recommendations import recommendation_statuses, response_due

ID = "recommendation-no-response"
SEVERITY = "warning"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each recommendation with no response past the configured number of days."""
    repo = ctx.repo
    days = repo.config.recommendation_response_days
    for key, status in recommendation_statuses(repo, ctx.as_of).items():
        recommendation = repo.recommendations[key]
        due = response_due(repo, recommendation)
        if status.status != "open" or due is None or due >= ctx.as_of:
            continue
        audit = repo.audits[recommendation.audit]
        number = f" {recommendation.number}" if recommendation.number else ""
        yield ctx.finding(
            ID, SEVERITY, "recommendation", key, ("response",),
            f"recommendation{number} '{key}' of audit '{audit.id}' (issued {audit.date.isoformat()}) has no "
            f"response from {agency_name(repo, recommendation.agency)} {(ctx.as_of - audit.date).days} days "
            f"later (a response is expected within {days} days): record the agency's answer under 'response'",
            agency=recommendation.agency,
        )
