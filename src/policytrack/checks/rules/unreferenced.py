"""An agency or a system that nothing in the repository refers to.

An agency is referenced when an obligation names it as owner or in ``applies_to``, an ordinance in
``applies_to``, a system as ``operator``, an evidence record as its ``agency``, its submitter's
or its verifier's agency, a verification record or ``verifying_agencies`` in ``policytrack.yml``, or another
agency as ``parent`` (evidence dated after the run's date does not count yet). A
system is referenced when an obligation lists it in ``systems``. A record nobody refers to is usually
a typo elsewhere or a leftover. A **warning**. Fix: refer to it where it belongs, or delete it.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "unreferenced"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each agency and system with no reference from another record."""
    graph = ctx.graph
    verifiers = set(ctx.repo.config.verifying_agencies) | {item.agency for item in ctx.repo.verifications.values()}
    for agency in ctx.repo.agencies.values():
        if agency.id in verifiers or graph.referenced("agency", agency.id, "owned-by", "applies-to", "operated-by",
                                                     "shown-by", "submitted-by", "verified-by", "part-of"):
            continue
        yield ctx.finding(
            ID, SEVERITY, "agency", agency.id, ("id",),
            f"agency '{agency.id}' ({agency.name}) is not referenced by any ordinance, obligation, system, "
            "evidence or agency; refer to it where it belongs, or delete the file",
            agency=agency.id,
        )
    for system in ctx.repo.systems.values():
        if graph.referenced("system", system.id, "concerns-system"):
            continue
        yield ctx.finding(
            ID, SEVERITY, "system", system.id, ("id",),
            f"system '{system.id}' ({system.name}) is not concerned by any obligation; list it in the "
            "'systems' of the obligations about it, or delete the file",
        )
