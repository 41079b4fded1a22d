"""An obligation is due before an obligation it depends on: an impossible schedule.

If A depends on B, A cannot be met before B is, so A's due date must not come before B's. Fires for
each open obligation (not met, waived or repealed) with a single due date (a fixed date, or a number
of days after the ordinance's dates) that depends on an open obligation with a later single due date.
Recurring duties and duties on each event have no single date and are not compared. Placed on the
``depends_on`` entry. Fix: move one of the two deadlines, or drop the dependency if it does not hold.
``policytrack graph schedule ORDINANCE`` shows the earliest dates the dependencies allow.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.status.engine import DONE

ID = "impossible-schedule"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each dependency that falls due after the obligation depending on it."""
    from policytrack.graph import single_due_date

    graph = ctx.graph
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        if status.status in DONE or not single_due_date(status) or status.due is None:
            continue
        dependencies = set(graph.dependencies(obligation.id))
        for index, dependency in enumerate(obligation.depends_on):
            if dependency not in dependencies or dependency == obligation.id:
                continue
            other = ctx.statuses[dependency]
            if other.status in DONE or not single_due_date(other) or other.due is None:
                continue
            if status.due < other.due:
                days = (other.due - status.due).days
                yield ctx.finding(
                    ID, SEVERITY, "obligation", obligation.id, ("depends_on", index),
                    f"'{obligation.id}' is due {status.due} but depends on '{dependency}', due {other.due} "
                    f"({days} day{'s' * (days != 1)} later): it cannot be met on time. Move one deadline, "
                    "or drop the dependency",
                    obligation=obligation.id,
                )
