"""The law's words give a duty no deadline, and no administrative deadline was set.

King County's training clause named no date, and nobody set one. For each clause whose words give no
date, an obligation carrying it needs an ``administrative_deadline`` in force. Reported at the clause's
line; quiet once the obligations carrying it are done.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.law.coverage import clause_position, repository_coverage
from policytrack.model.findings import Finding
from policytrack.status.engine import DONE

ID = "clause-no-deadline"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each covered obligation clause without a date in the law or from an administration."""
    for ordinance_id, items in repository_coverage(ctx.repo, ctx.as_of).items():
        ordinance = ctx.repo.ordinances[ordinance_id]
        for item in items:
            if item.state != "covered" or not item.no_deadline_in_law:
                continue
            carriers = [ctx.repo.obligations[key] for key in item.obligations]
            if all(ctx.statuses[ob.id].status in DONE for ob in carriers):
                continue
            if any(ob.administrative_deadline is not None and ob.administrative_deadline.set_on <= ctx.as_of
                   for ob in carriers):
                continue
            path, line, column = clause_position(ctx.repo, ordinance, item.clause)
            names = ", ".join(f"'{key}'" for key in item.obligations)
            yield Finding(
                path, line, column, ID, "warning",
                f"section {item.clause.section}: the law gives this duty no deadline, and no administrative "
                f"deadline was set as of {ctx.as_of} for {names}; record 'administrative_deadline' "
                "(who set a date, and when)",
                obligation=item.obligations[0],
            )
