"""An obligation cannot go ahead because something it depends on is overdue.

The status ``blocked`` is given to an obligation that is not yet due (or due soon) while an obligation
in its ``depends_on`` is overdue, lapsed, without a deadline, or itself blocked. This rule reports each
such obligation, with the chain of dependencies down to the obligation that holds it up, so the owner
knows whom to chase. A **warning**, not an error: the error belongs to the obligation that is late,
which its own rule (``overdue``, ``lapsed``, ``no-deadline``) already reports; the blocked one may still
be met once that is done. A time-driven rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.status.engine import LABELS

ID = "blocked"
SEVERITY = "warning"
DEADLINE = True

_STATE = {"overdue": "is overdue", "lapsed": "has lapsed", "no-deadline": "has no deadline"}


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation whose status is ``blocked``, naming what blocks it."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        if status.status != "blocked":
            continue
        graph = ctx.graph
        blockers = graph.blockers(obligation.id)
        described = []
        for blocker in blockers[:3]:
            root = blocker.root
            how = _STATE.get(ctx.statuses[root].status, "is " + LABELS[ctx.statuses[root].status].lower())
            if blocker.length > 4:  # only the ends of a long chain are named: no walk along it
                middle = [blocker.first, f"… {blocker.length - 3} more …", blocker.last]
            else:
                middle = graph.blocking_chain(obligation.id, root)[1:-1]
            via = f" (through {' → '.join(middle)})" if middle else ""
            described.append(f"'{root}'{via}, which {how}")
        if len(blockers) > 3:
            described.append(f"{len(blockers) - 3} more")
        first = blockers[0].first if blockers else None
        index = obligation.depends_on.index(first) if first in obligation.depends_on else 0
        due = f", due {status.due}," if status.due else ""
        yield ctx.finding(
            ID, SEVERITY, "obligation", obligation.id, ("depends_on", index),
            f"'{obligation.title}'{due} is blocked as of {ctx.as_of}: it depends on {'; and on '.join(described)}",
            obligation=obligation.id,
        )
