"""An obligation is past its deadline and nobody has shown evidence.

Fires once per bound agency whose status is ``overdue`` when no agency bound by the obligation has
shown any evidence (where some have and others have not, ``fanout-gap`` names the ones missing).
A time-driven rule: ``--deadlines warning`` reports it as a warning. Fix: the owner submits
evidence (an ``evidence/`` record), or a waiver is approved.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context
from policytrack.rules.text import agency_name, describe_due

ID = "overdue"
SEVERITY = "error"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each overdue agency of an obligation that has no evidence at all."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        if any(row.evidence for row in status.agencies):
            continue
        for row in status.agencies:
            if row.status != "overdue":
                continue
            who = f" from {agency_name(ctx.repo, row.agency)}" if row.agency else ""
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("deadline",),
                f"'{obligation.title}' is overdue: {describe_due(status, row.due)}, and there is no "
                f"evidence{who} as of {ctx.as_of}",
                obligation=obligation.id, agency=row.agency or None,
            )
