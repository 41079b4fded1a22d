"""An agency in an obligation's fan-out has shown no evidence while others have.

When an obligation ``applies_to`` several agencies, each must comply and show evidence on its own.
King County's training reached Public Health but not the jail or the sheriff's office; counting the
obligation as done because one agency did it hides exactly that. Fires for each bound agency with no
evidence whose status is overdue or undated, while another bound agency has shown evidence. A
time-driven rule (``--deadlines warning`` makes it a warning). Fix: that agency submits its own
evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding

ID = "fanout-gap"
SEVERITY = "error"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each bound agency without evidence when another bound agency has some."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        done = [row.agency for row in status.agencies if row.evidence]
        if not done or len(status.agencies) < 2:
            continue
        for row in status.agencies:
            if row.evidence or row.status not in ("overdue", "no-deadline"):
                continue
            others = ", ".join(agency_name(ctx.repo, agency) for agency in done)
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("applies_to",),
                f"{agency_name(ctx.repo, row.agency)} has shown no evidence for '{obligation.title}' "
                f"as of {ctx.as_of}, while {others} has; each agency it applies to must show its own",
                obligation=obligation.id, agency=row.agency,
            )
