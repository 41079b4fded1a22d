"""A waiver lacks its reason, its approver or its date.

A waiver releases agencies from an obligation, so it must say why (``reason``), who approved it
(``approved_by``) and when (``date``). An incomplete waiver is ignored: the obligation keeps its
status. Fix: complete the waiver, or remove it.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "incomplete-waiver"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each waiver missing a reason, an approver or a date."""
    for obligation in ctx.repo.obligations.values():
        waiver = obligation.waiver
        if waiver is None:
            continue
        missing = [name for name in ("reason", "approved_by", "date") if not getattr(waiver, name)]
        if missing:
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("waiver",),
                f"the waiver of '{obligation.id}' has no {', '.join(missing)}; it is ignored until complete",
                obligation=obligation.id,
            )
