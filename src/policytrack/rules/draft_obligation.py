"""An obligation is still a draft written by ``policytrack draft``.

Drafts are prefilled from the law (the quote, the section, the deadline the words give, the actor
matched to an agency where the registry has it) but nobody has yet checked them, named the
accountable role or said what evidence proves them. Fix: complete the title, action, owner, deadline
and evidence, then delete the ``draft: true`` line. A draft carries no clause for ``uncovered-clause``.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context

ID = "draft-obligation"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation marked ``draft: true``."""
    for obligation in ctx.repo.obligations.values():
        if obligation.draft:
            yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, ("draft",),
                              f"'{obligation.id}' is a draft: complete its title, action, owner, deadline "
                              "and evidence, then remove 'draft: true'", obligation=obligation.id)
