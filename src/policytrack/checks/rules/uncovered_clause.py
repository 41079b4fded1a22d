"""A clause of the law that binds someone is carried by no obligation and no recorded decision.

Each obligation or prohibition clause of an ordinance's verbatim text (``policytrack clauses``) needs an
obligation whose ``quote`` lies within it, or an entry in the ordinance's
``clauses_needing_no_obligation`` with its ``reason``. Reported at the clause's line. Fix:
``policytrack draft ORDINANCE``, or record the decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.law.coverage import clause_position, repository_coverage
from policytrack.model.findings import Finding

ID = "uncovered-clause"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once per uncovered obligation or prohibition clause."""
    for ordinance_id, items in repository_coverage(ctx.repo, ctx.as_of).items():
        ordinance = ctx.repo.ordinances[ordinance_id]
        for item in items:
            if item.state != "uncovered":
                continue
            clause = item.clause
            path, line, column = clause_position(ctx.repo, ordinance, clause)
            words = " ".join(clause.text.split())
            short = words if len(words) <= 90 else words[:87] + "..."
            yield Finding(
                path, line, column, ID, "error",
                f"section {clause.section}: the {clause.modality} '{short}' is carried by no obligation; "
                "write one (policytrack draft " + ordinance_id + ") or list it under "
                "'clauses_needing_no_obligation' with the reason",
            )
