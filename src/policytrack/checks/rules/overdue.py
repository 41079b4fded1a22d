"""A due date has passed and no evidence covers it.

Fires once per bound agency (and instance) whose status is ``overdue``: the latest due occurrence of
the duty (the one-time date, this quarter's report, the answer to a recorded event) has passed with no
evidence covering it. For a recurring or per-event duty the message also counts the earlier misses.
Where the agency has shown no evidence at all while another bound agency has, ``fanout-gap`` names it
instead. A time-driven rule: ``--deadlines warning`` reports it as a warning. Fix: the agency submits
evidence (an ``evidence/`` record naming the period or event it covers), or a waiver is approved.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.fanout_gap import gaps
from policytrack.checks.rules.text import agency_name, describe_due
from policytrack.model.findings import Finding

ID = "overdue"
SEVERITY = "error"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each overdue agency row that ``fanout-gap`` does not already report."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        missing, _ = gaps(status)
        for row in status.agencies:
            if row.status != "overdue":
                continue
            if row.agency in missing:
                continue  # fanout-gap
            who = f" from {agency_name(ctx.repo, row.agency)}" if row.agency else ""
            on = f" for {row.instance}" if row.instance else ""
            history = f" ({row.history})" if row.history else ""
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("deadline",),
                f"'{obligation.title}'{on} is overdue: {describe_due(status, row.due, row)}, and no evidence"
                f"{who} covers it as of {ctx.as_of}{history}",
                obligation=obligation.id, agency=row.agency or None,
            )
