"""A system has no operating agency.

Every system should name the agency that operates it (``operator``), so that an access problem or an
obligation concerning it has someone to answer for it. A **warning**. Fix: add ``operator:`` with the
agency's id. (An ``operator`` naming an agency that does not exist is a ``dangling-reference``.)
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "system-no-operator"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each system whose record names no operator."""
    for system in ctx.repo.systems.values():
        if system.operator is not None:
            continue
        yield ctx.finding(
            ID, SEVERITY, "system", system.id, ("id",),
            f"system '{system.id}' ({system.name}) names no operating agency; add 'operator:' with the id of "
            "the agency that runs it",
        )
