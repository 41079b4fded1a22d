"""An obligation quotes words that are no longer in the law in force, or a section that was repealed.

An obligation's ``quote`` is the law's words that create the duty. When an amendment (an
``amendments/`` record with the section's new text, as ``policytrack import`` writes on re-import)
changes those words, or repeals the section, the obligation may no longer say what the law says.
Reported at the obligation's ``quote`` with a short word-level diff (``[-removed-] {+added+}``)
against the closest passage of the section's text in force. Fix: update the quote (and the duty), or
mark the obligation repealed or waived. Paraphrased quotes are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.coverage import quote_drift
from policytrack.findings import Finding
from policytrack.rules.context import Context

ID = "quote-drift"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation whose quote no longer stands in its section's text in force."""
    for obligation in ctx.repo.obligations.values():
        problem = quote_drift(ctx.repo, obligation, ctx.as_of)
        if problem is None:
            continue
        yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, ("quote",),
                          f"'{obligation.id}': {problem}", obligation=obligation.id)
