"""An ordinance in force has no obligations.

A law recorded in ``ordinances/`` with no obligation implementing it tracks nothing: nobody owes
anything under it, so nothing can be late. Fires for each ordinance in force on the as-of date that no
obligation names. Fix: add its obligations (one per duty), or remove the ordinance.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.law.inforce import ordinance_in_force
from policytrack.model.findings import Finding

ID = "ordinance-without-obligations"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each ordinance in force that no obligation implements."""
    named = {obligation.ordinance for obligation in ctx.repo.obligations.values()}
    for ordinance in ctx.repo.ordinances.values():
        if ordinance.id in named or not ordinance_in_force(ctx.repo, ordinance.id, ctx.as_of):
            continue
        yield ctx.finding(
            ID, SEVERITY, "ordinance", ordinance.id, ("id",),
            f"ordinance '{ordinance.id}' is in force as of {ctx.as_of} but no obligation implements it; add "
            "its obligations",
        )
