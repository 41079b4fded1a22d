"""An obligation quotes words no longer in the law in force, or a repealed section.

Compares the ``quote`` with its section's text as amendment records left it on the as-of date, and
shows a word diff (``[-old-] {+new+}``). A duty whose section is repealed reads ``repealed`` and nothing
else: its words are history, not drift (``docs/status-semantics.md``, S1.13). Fix: update the quote and the
duty, or retire the obligation.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.law.coverage import quote_drift
from policytrack.law.inforce import obligation_in_force
from policytrack.model.findings import Finding

ID = "quote-drift"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation whose quote no longer stands in its section's text in force."""
    for obligation in ctx.repo.obligations.values():
        if obligation_in_force(ctx.repo, obligation, ctx.as_of).status == "repealed":
            continue
        problem = quote_drift(ctx.repo, obligation, ctx.as_of)
        if problem is None:
            continue
        yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, ("quote",),
                          f"'{obligation.id}': {problem}", obligation=obligation.id)
