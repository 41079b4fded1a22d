"""A system's page: what binds it, the ordinances protecting its data, who has access from outside."""

from __future__ import annotations

from policytrack.site.markup import code, paragraphs, table, text
from policytrack.site.parts import Context
from policytrack.site.paths import folder, system_page
from policytrack.site.words import long_date


def build(ctx: Context, system_id: str) -> None:
    """The system's page."""
    system = ctx.repo.systems[system_id]
    path = system_page(system_id)
    out = ctx.head(path, system.name)
    facts = ["Operated by " + (ctx.agency_link(path, system.operator) if system.operator else "an unknown agency")]
    if system.data:
        facts.append("holds " + ", ".join(code(item) for item in system.data))
    out += "<p>" + " · ".join(facts) + "</p>\n"
    if system.description:
        out += paragraphs(system.description)
    out += ctx.h(path, 2, "What binds it")
    binding = ctx.by_system.get(system_id, [])
    out += ctx.listing(path, f"systems/{folder(system_id)}", f"What binds {system.name}",
                        ["Status", "Obligation", "Ordinance", "Owner", "Due"],
                        [ctx.obligation_row(key, ordinance=True) for key in binding],
                        empty="No obligation names this system.")
    laws = [key for key, ordinance in sorted(ctx.repo.ordinances.items())
            if set(ordinance.protects) & set(system.data)]
    if laws:
        out += "<p>Ordinances protecting data it holds: " + ", ".join(
            ctx.ordinance_name(path, key) for key in laws[:50]) + (" and more" if len(laws) > 50 else "")
        out += "</p>\n"
    out += ctx.h(path, 2, "Who has access from outside")
    access = [item for item in system.access if item.since is None or item.since <= ctx.as_of]
    if access:
        out += table(["Party", "Access", "Since", "Until"], [
            [ctx.party_name(item.party),
             text(item.description) + ctx.source_place(item.source),
             long_date(item.since) if item.since else "not known",
             (long_date(item.until) + (" (ended)" if item.until < ctx.as_of else ""))
             if item.until and item.until <= ctx.as_of else "continuing"]
            for item in access], caption="External access to this system: one row per party and grant") + "\n"
    else:
        out += "<p>No external access is recorded.</p>\n"
    ctx.add(path, out)
