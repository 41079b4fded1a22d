"""An obligation names no owner.

Every obligation needs an ``owner``: the agency that answers for it and the accountable role within
it (a role title such as "Director", not a person). A duty that belongs to nobody is the duty that
nobody carries out. A duty the law puts on "each department" on its own (``applies_to`` lists the agencies
or selects them by tag) needs no single owner: each agency bound owns its own row. Fix: add ``owner:
{agency: <agency id>, role: <role title>}``, or ``applies_to`` where each agency owes the duty itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "no-owner"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation without an owner."""
    for obligation in ctx.repo.obligations.values():
        if obligation.owner is None and not obligation.applies_to:
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("id",),
                f"obligation '{obligation.id}' has no owner; add 'owner' with the agency and the "
                "accountable role that answer for it",
                obligation=obligation.id,
            )
