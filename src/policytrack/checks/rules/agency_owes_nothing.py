"""An ordinance applies to an agency that owns none of its obligations and is bound by none.

An ordinance's ``applies_to`` names the agencies it binds; each should own, or be in the ``applies_to``
fan-out of, at least one of its obligations, or nothing will ever ask it for evidence. Fires for each
such agency, placed on the ordinance's ``applies_to`` entry; an ordinance repealed as a whole on or
before the run's date binds nobody and is skipped. A **warning**: the ordinance may bind the
agency only through duties not yet modeled. Fix: add the agency to the obligations it must meet, or
remove it from the ordinance's ``applies_to``.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.law.inforce import ordinance_repealed_on
from policytrack.model.findings import Finding

ID = "agency-owes-nothing"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each agency an ordinance applies to that none of its obligations names."""
    graph = ctx.graph
    for ordinance in ctx.repo.ordinances.values():
        if not ordinance.applies_to or ordinance_repealed_on(ctx.repo, ordinance, ctx.as_of) is not None:
            continue
        obligations = graph.obligations_of(ordinance.id)
        named: set[str] = set()
        for obligation_id in obligations:
            named.update(graph.agencies_bound_by(obligation_id))
        for index, agency in enumerate(ordinance.applies_to):
            if agency in named or agency not in ctx.repo.agencies:
                continue
            yield ctx.finding(
                ID, SEVERITY, "ordinance", ordinance.id, ("applies_to", index),
                f"ordinance '{ordinance.id}' applies to {agency_name(ctx.repo, agency)}, which owns none of its "
                f"{len(obligations)} obligations and is bound by none; name it as owner or in an obligation's "
                "applies_to, or remove it here",
                agency=agency,
            )
