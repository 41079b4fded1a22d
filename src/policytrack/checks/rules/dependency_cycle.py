"""Obligations depend on each other in a circle, so none of them can ever be done first.

``depends_on`` (or a deadline counted from another obligation's completion, ``after: obligation``) says
an obligation cannot be met before another one is. When A depends on B and B
(directly, or through others) depends on A, no order of work can meet them. The finding is placed on
the ``depends_on`` of the first obligation of the cycle (by id) and gives the whole path, such as
``a → b → c → a``; one finding per group of obligations caught in cycles. Fix: remove the dependency
that does not hold, so the path has a start.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "dependency-cycle"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once for each cycle of ``depends_on``, with the cycle's path."""
    for cycle in ctx.graph.dependency_cycles():
        first = cycle[0]
        path = " → ".join([*cycle, first])
        following = cycle[1] if len(cycle) > 1 else first
        obligation = ctx.repo.obligations[first]
        where: tuple[str | int, ...] = (
            ("depends_on", obligation.depends_on.index(following)) if following in obligation.depends_on
            else ("deadline", "obligation") if getattr(obligation.deadline, "obligation", None) == following
            else ("administrative_deadline", "obligation"))
        what = "depends on itself" if len(cycle) == 1 else f"is part of a dependency cycle: {path}"
        yield ctx.finding(
            ID, SEVERITY, "obligation", first, where,
            f"'{first}' {what}; no obligation of the cycle can be met first. Remove the dependency that "
            "does not hold",
            obligation=first,
        )
