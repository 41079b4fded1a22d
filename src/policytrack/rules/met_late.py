"""An obligation was met, but after its deadline.

Kept on the record as a warning, never hidden behind a green "met": King County's jail removed the
federal immigration agency's logins to its inmate look-up system in April 2019, more than a year
after the ordinance forbade that access. Fires for each bound agency whose first evidence is dated
after the due date. Nothing to fix; the warning states how late it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context
from policytrack.rules.text import agency_name

ID = "met-late"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each agency that met an obligation after its due date."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        for row in status.agencies:
            if row.status != "met-late" or not row.evidence or row.due is None:
                continue
            first = row.evidence[0]
            who = agency_name(ctx.repo, row.agency) if row.agency else "the owner"
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("deadline",),
                f"'{obligation.title}' was met late by {who}: due {row.due}, first evidence dated "
                f"{first.date} ({first.id}), {(first.date - row.due).days} days late",
                obligation=obligation.id, agency=row.agency or None,
            )
