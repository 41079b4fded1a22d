"""An obligation is still a draft written by ``policytrack draft``.

Fix: complete its title, action, owner, deadline and evidence, then remove ``draft: true``. A draft
carries no clause.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "draft-obligation"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation marked ``draft: true``."""
    for obligation in ctx.repo.obligations.values():
        if obligation.draft:
            yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, ("draft",),
                              f"'{obligation.id}' is a draft: complete its title, action, owner, deadline "
                              "and evidence, then remove 'draft: true'", obligation=obligation.id)
