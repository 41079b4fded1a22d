"""A recurring duty's latest evidence is too old.

A monthly review proven once, two years ago, is not being done. Fires for each bound agency whose
status is ``lapsed``: its newest evidence does not cover the latest period due, or is older than
the requirement's ``max_age_days``. A time-driven rule (``--deadlines warning`` makes it a warning).
Fix: submit evidence for the current period.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context
from policytrack.rules.text import agency_name

ID = "lapsed"
SEVERITY = "error"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each lapsed agency of each obligation."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        for row in status.agencies:
            if row.status != "lapsed" or row.latest is None:
                continue
            who = agency_name(ctx.repo, row.agency) if row.agency else "any agency"
            due = f"; the period due {row.due} is not covered" if row.due else ""
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("evidence",),
                f"'{obligation.title}' has lapsed for {who}: the latest evidence is dated "
                f"{row.latest.date} ({row.latest.id}){due}",
                obligation=obligation.id, agency=row.agency or None,
            )
