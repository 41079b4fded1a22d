"""An external party that an ordinance restricts has access to a system holding data it protects.

Fires, as of the run's date, for each access of a party (``systems/*.yml``, ``access``) that is active
(``since`` absent or on or before the date; ``until`` absent or on or after it) to a system that holds a
data category an ordinance in force ``protects``, when that ordinance ``restricts`` the party, and no
obligation of that ordinance concerning the system (its ``systems`` list) is met, met late or waived
as of the date. King County's case: ICE held accounts in the jail's nonpublic inmate look-up system
until April 2019 while the obligation to remove them was overdue, so a check as of 2019-03-31 reports
it, and a check as of today, after the access ended, does not. Fix: end the access (record its
``until``), or record the obligation that removes it and the evidence that it was done.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.status.engine import LABELS

ID = "uncovered-access"
SEVERITY = "error"

COVERING = frozenset({"met", "met-late", "waived"})


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each active restricted access to protected data with no obligation met to cover it."""
    from policytrack.graph import access_active
    from policytrack.law.inforce import ordinance_in_force

    graph = ctx.graph
    repo = ctx.repo
    for system in repo.systems.values():
        accesses = [entry for entry in graph.access(system.id) if access_active(entry[1], ctx.as_of)]
        if not accesses:
            continue
        held = set(system.data)
        concerning = graph.obligations_concerning(system.id)
        for party, access, index in accesses:
            for ordinance_id in graph.restricting(party):
                if not ordinance_in_force(repo, ordinance_id, ctx.as_of):
                    continue
                protected = sorted(held & set(repo.ordinances[ordinance_id].protects))
                if not protected:
                    continue
                related = [key for key in concerning if repo.obligations[key].ordinance == ordinance_id]
                if any(ctx.statuses[key].status in COVERING for key in related):
                    continue
                if related:
                    states = ", ".join(f"{key}: {LABELS[ctx.statuses[key].status].lower()}" for key in related)
                    gap = (f"none of the {len(related)} obligations of the ordinance concerning it is met ({states})"
                           if len(related) > 1 else f"the ordinance's obligation concerning it is not met ({states})")
                else:
                    gap = "no obligation of the ordinance concerns this system"
                party_name = repo.parties[party].name
                until = f" until {access.until}" if access.until else ""
                yield ctx.finding(
                    ID, SEVERITY, "system", system.id, ("access", index),
                    f"{party_name} ({party}) has access{until} to {system.name} ({system.id}), which holds "
                    f"{', '.join(protected)} protected by ordinance '{ordinance_id}', which restricts {party}; "
                    f"as of {ctx.as_of} {gap}",
                )
