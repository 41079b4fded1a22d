"""A recorded decision that a clause needs no obligation matches no clause of the law in force.

An entry of ``clauses_needing_no_obligation`` whose ``quote`` (in its ``section``, when given) is in no
obligation or prohibition clause of the ordinance's text in force excuses nothing: a typo, or words an
amendment has changed. Fix: quote the clause as the law now words it, or remove the entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.law.coverage import unmatched_decisions
from policytrack.model.findings import Finding

ID = "unmatched-decision"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each recorded decision whose quote is in no clause."""
    for ordinance in ctx.repo.ordinances.values():
        for index in unmatched_decisions(ctx.repo, ordinance, ctx.as_of):
            yield ctx.finding(ID, SEVERITY, "ordinance", ordinance.id,
                              ("clauses_needing_no_obligation", index, "quote"),
                              f"this decision matches no obligation or prohibition clause of '{ordinance.id}' "
                              f"in force on {ctx.as_of}; quote the clause as the law words it, or remove it")
