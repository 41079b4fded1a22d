"""Evidence comes from an agency that the obligation does not bind.

An evidence record's ``agency`` must be one of the obligation's ``applies_to`` agencies (or its
owner's agency when there is no fan-out). Evidence from elsewhere proves nothing about the agencies
that owe the duty, and is not counted. Fix: correct the ``agency``, or add the agency to the
obligation's ``applies_to`` if the law binds it.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.status.scope import bound_agencies

ID = "evidence-unbound-agency"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence record whose agency is known but not bound by its obligation."""
    for evidence in ctx.repo.evidence.values():
        obligation = ctx.repo.obligations.get(evidence.obligation)
        if obligation is None or evidence.agency not in ctx.repo.agencies:
            continue
        bound = bound_agencies(ctx.repo, obligation)
        if bound and evidence.agency not in bound:
            yield ctx.finding(
                ID, SEVERITY, "evidence", evidence.id, ("agency",),
                f"evidence '{evidence.id}' is from '{evidence.agency}', which obligation "
                f"'{obligation.id}' does not bind (it binds {', '.join(bound)}); it is not counted",
                obligation=obligation.id, agency=evidence.agency,
            )
