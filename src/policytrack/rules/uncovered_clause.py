"""A clause of the law that binds someone is carried by no obligation and no recorded decision.

The King County training duty was one sentence nobody had listed as an obligation. Every obligation
or prohibition clause ("shall", "must", "shall not", "no ... may") in an ordinance's verbatim section
text (found as ``policytrack clauses ORDINANCE`` shows) must be carried by an obligation whose
``quote`` lies within it, or be listed under the ordinance's ``clauses_needing_no_obligation`` with a
``reason`` (a definition, a duty of a body outside the jurisdiction, already carried by another law).
Reported at the clause's line in the ordinance file. Fix: ``policytrack draft ORDINANCE`` writes a
draft obligation for each uncovered clause to complete, or record the decision that it needs none.
Permissions ("may") need neither; paraphrased sections are not the law's words and are not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.coverage import clause_position, repository_coverage
from policytrack.findings import Finding
from policytrack.rules.context import Context

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
