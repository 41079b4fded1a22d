"""An obligation does not say what evidence proves it.

Without an ``evidence`` requirement nobody can tell whether a record proves the duty was done.
Fix: add ``evidence: {kinds: [...]}`` naming the kinds of proof (a training roster, a system
change ticket, a review log), and for recurring duties ``max_age_days``, how fresh it must be.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "no-evidence-requirement"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation without an evidence requirement."""
    for obligation in ctx.repo.obligations.values():
        if obligation.evidence is None:
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("id",),
                f"obligation '{obligation.id}' does not say what evidence proves it; add "
                "'evidence: {kinds: [...]}'",
                obligation=obligation.id,
            )
