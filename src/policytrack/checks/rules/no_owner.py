"""An obligation names no owner.

Every obligation needs an ``owner``: the agency that answers for it and the accountable role within
it (a role title such as "Director", not a person). A duty that belongs to nobody is the duty that
nobody carries out. A duty the law puts on "each department" (``applies_to`` selects the agencies by what
they are: ``agencies_tagged`` or ``operators_of_systems_tagged``) needs no single owner: each agency it
selects owns its own row (``docs/status-semantics.md``, S4.9). Fix: add ``owner: {agency: <agency id>,
role: <role title>}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.model.records import AgencySelector

ID = "no-owner"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation without an owner."""
    for obligation in ctx.repo.obligations.values():
        if obligation.owner is None and not isinstance(obligation.applies_to, AgencySelector):
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("id",),
                f"obligation '{obligation.id}' has no owner; add 'owner' with the agency and the "
                "accountable role that answer for it",
                obligation=obligation.id,
            )
