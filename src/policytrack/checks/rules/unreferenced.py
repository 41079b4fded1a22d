"""An agency or a system that nothing in the repository refers to.

An agency is referenced when an obligation names it as owner or in ``applies_to``, an ordinance in
``applies_to``, a system as ``operator``, an evidence record as its ``agency``, its submitter's
or its verifier's agency, a verification record or ``verifying_agencies`` in ``policytrack.yml``, another
agency as ``parent``, or an audit record (the auditor, the agencies audited, a recommendation's addressee or an
assessment's author) (evidence dated after the run's date does not count yet). A
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
    audited = _named_by_audits(ctx)
    for agency in ctx.repo.agencies.values():
        if agency.id in verifiers or agency.id in audited or graph.referenced(
                "agency", agency.id, "owned-by", "applies-to", "operated-by", "shown-by", "submitted-by",
                "verified-by", "part-of"):
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


def _named_by_audits(ctx: Context) -> set[str]:
    """Agencies that audits, recommendations and assessments name (the auditor, those audited, those
    addressed and those reporting)."""
    repo = ctx.repo
    found: set[str] = set()
    for audit in repo.audits.values():
        found.update(audit.scope.agencies)
        if audit.agency:
            found.add(audit.agency)
    for item in repo.recommendations.values():
        found.add(item.agency)
        found.update(action.agency for action in item.actions if action.agency)
    found.update(item.agency for item in repo.assessments.values())
    return found
