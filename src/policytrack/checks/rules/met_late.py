"""An obligation was met, but after its deadline.

Kept on the record as a warning, never hidden behind a green "met": King County's jail removed the
federal immigration agency's logins to its inmate look-up system in April 2019, more than a year
after the ordinance forbade that access. Fires for each bound agency whose latest due occurrence was
covered only by evidence dated after its due date. Nothing to fix; the warning states how late it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding
from policytrack.status.dates import describe_span

ID = "met-late"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each agency that met an obligation's latest due date late."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        for row in status.agencies:
            if row.status != "met-late" or row.due is None:
                continue
            late = next((item for item in reversed(row.occurrences)
                         if item.verdict == "met-late" and item.due == row.due), None)
            if late is None or late.met_on is None:
                continue
            who = agency_name(ctx.repo, row.agency) if row.agency else "the owner"
            proof = ", ".join(late.evidence[:3])
            days = late.late_days or 0
            low, high = late.late_range or (days, days)
            # As exactly as the dates allow (S4.7): a date known only to its month gives a range.
            words = f"{days} days late" if low == high else (
                f"up to {high} days late" if low == 0 else f"{low} to {high} days late")
            span = f" ({describe_span(row.due, late.met_on)})" if days >= 31 and low == high else ""
            what = f" (for {late.key})" if late.key != "once" else ""
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("deadline",),
                f"'{obligation.title}'{what} was met late by {who}: due {row.due}, first evidence dated "
                f"{late.met_on} ({proof}), {words}{span}",
                obligation=obligation.id, agency=row.agency or None,
            )
