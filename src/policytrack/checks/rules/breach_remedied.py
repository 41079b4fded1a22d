"""A recorded breach was remedied, and stays on the record.

Like ``met-late``, a breach that has been repaired is never hidden behind a clean status: King County's
jail cut off the immigration agency's logins in April 2019, but they had been used over 1,000 times
after the law forbade that access. Fires, as a warning, for each breach visible on the as-of date whose
``remedy`` is dated on or before it (an open breach is the ``breached`` error instead). Nothing to fix;
the warning says what happened and what remedied it.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import describe_breach
from policytrack.model.findings import Finding
from policytrack.status.engine import breach_visible

ID = "breach-remedied"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each remedied breach."""
    for breach in ctx.repo.breaches.values():
        remedy = breach.remedy
        if not breach_visible(breach, ctx.as_of) or remedy is None or remedy.date > ctx.as_of:
            continue
        yield ctx.finding(
            ID, SEVERITY, "breach", breach.id, ("remedy",),
            f"{describe_breach(ctx.repo, breach)}; remedied {remedy.date.isoformat()}: "
            f"{remedy.summary.strip()[:160]}",
            obligation=breach.obligation, agency=breach.agency,
        )
