"""An assessment of a recommendation is by the agency it is addressed to (or one above or below it).

An agency cannot close its own recommendation: the engine reads such a record as reported action, never
as a closure. Fix: report it under the recommendation's ``actions``; only the auditor assesses.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding
from policytrack.status.recommendations import by_auditor

ID = "self-assessment"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each assessment by the agency addressed (or its parent or child agency)."""
    repo = ctx.repo
    for assessment in repo.assessments.values():
        recommendation = repo.recommendations.get(assessment.recommendation)
        if assessment.date > ctx.as_of or recommendation is None or by_auditor(repo, recommendation, assessment):
            continue
        yield ctx.finding(
            ID, SEVERITY, "assessment", assessment.id, ("agency",),
            f"assessment '{assessment.id}' of recommendation '{recommendation.id}' is by "
            f"{agency_name(repo, assessment.agency)}, the agency the recommendation is addressed to "
            f"({agency_name(repo, recommendation.agency)}): it counts only as reported action; report it under "
            "the recommendation's 'actions' and leave assessments to the auditor",
            agency=assessment.agency,
        )
