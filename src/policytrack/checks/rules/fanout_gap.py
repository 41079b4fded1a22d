"""An agency in an obligation's fan-out has shown no evidence while others have.

When an obligation ``applies_to`` several agencies, each must comply and show evidence on its own.
King County's training reached Public Health but not the jail or the sheriff's office; counting the
obligation as done because one agency did it hides exactly that. Fires for each bound agency with no
evidence (of completion or of progress, on any of its instances) whose status is overdue or undated,
while another bound agency has shown some. One agency's several instances (``for_each``) are not a
fan-out: a missing instance is ``overdue`` (``docs/status-semantics.md``, S1.14). A time-driven rule
(``--deadlines warning`` makes it a warning). Fix: that agency submits its own evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding
from policytrack.status.engine import ObligationStatus

ID = "fanout-gap"
SEVERITY = "error"
DEADLINE = True


def gaps(status: ObligationStatus) -> tuple[set[str], list[str]]:
    """The agencies that have shown no evidence while others have, and those that have (in order)."""
    shown = list(dict.fromkeys(row.agency for row in status.agencies if row.evidence or row.progress))
    agencies = {row.agency for row in status.agencies}
    if not shown or len(agencies) < 2:
        return set(), shown
    return agencies - set(shown), shown


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each bound agency without evidence when another bound agency has some."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        missing, shown = gaps(status)
        reported: set[str] = set()
        for row in status.agencies:
            if row.agency not in missing or row.agency in reported or row.status not in ("overdue", "no-deadline"):
                continue
            reported.add(row.agency)
            others = ", ".join(agency_name(ctx.repo, agency) for agency in shown)
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("applies_to",),
                f"{agency_name(ctx.repo, row.agency)} has shown no evidence for '{obligation.title}' "
                f"as of {ctx.as_of}, while {others} {'has' if len(shown) == 1 else 'have'}; each agency it "
                "applies to must show its own",
                obligation=obligation.id, agency=row.agency,
            )
