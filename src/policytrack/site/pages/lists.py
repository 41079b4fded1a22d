"""The full lists: every ordinance, obligation, agency and system, each on its index page."""

from __future__ import annotations

from collections.abc import Callable

from policytrack.site.clauses import share_text
from policytrack.site.parts import Context, progress_bar, urgency
from policytrack.site.words import tally


def indexes(ctx: Context, agencies: list[str]) -> None:
    """The index pages of ordinances, obligations, agencies and systems."""
    path = "ordinances/index.md"
    ranked = sorted(ctx.repo.ordinances, key=lambda key: (-ctx.open_count(key) if key in ctx.by_ordinance
                                                           else 0, key))
    for key in ranked:
        ctx.by_ordinance.setdefault(key, [])
    ctx.add(path, ctx.head(path, "Ordinances") + ctx.listing(
        path, "ordinances", "Ordinances",
        ["Law", "Obligations", "Duties", "Behind", "Done, verified", "Done, not verified", "Done", "Clauses carried"],
        [_ordinance_row(ctx, key, clauses=True) for key in ranked], empty="No ordinances.", glossary=False,
        numeric=range(1, 6),
        caption="Every law, the most behind first: one row per law; counts are of duties (one obligation for "
                "one agency), except the obligations column"))
    path = "obligations/index.md"
    ranked_obligations = sorted(ctx.statuses.values(), key=urgency)
    ctx.add(path, ctx.head(path, "Obligations") + "<p>Most urgent first.</p>\n" + ctx.listing(
        path, "obligations", "Obligations", ["Status", "Obligation", "Ordinance", "Owner", "Due"],
        [ctx.obligation_row(item.obligation, ordinance=True) for item in ranked_obligations],
        empty="No obligations."))
    path = "agencies/index.md"

    rows = {key: ctx.duties_of.get(key, []) for key in agencies}
    ctx.add(path, ctx.head(path, "Agencies") + ctx.scorecard(path, "agencies", rows, "Agencies"))
    path = "systems/index.md"

    def system_row(system_id: str) -> Callable[[str], list[str]]:
        def make(page: str) -> list[str]:
            system = ctx.repo.systems[system_id]
            operator = ctx.agency_link(page, system.operator) if system.operator else "not known"
            return [ctx.system_link(page, system_id), operator, str(len(ctx.by_system.get(system_id, []))),
                    str(len(system.access))]
        return make

    ctx.add(path, ctx.head(path, "Systems") + ctx.listing(
        path, "systems", "Systems", ["System", "Operator", "Obligations", "External access"],
        [system_row(key) for key in sorted(ctx.repo.systems)], empty="No systems.", glossary=False,
        numeric=(2, 3)))


def _ordinance_row(ctx: Context, ordinance_id: str, *, clauses: bool = False) -> Callable[[str], list[str]]:
    def row(path: str) -> list[str]:
        ids = ctx.by_ordinance[ordinance_id]
        counts = tally(duty.reading for duty in ctx.duties_under.get(ordinance_id, []))
        cells = [ctx.ordinance_name(path, ordinance_id), str(len(ids)), str(counts.owed), str(counts["behind"]),
                 str(counts["verified"]), str(counts["claimed"]),
                 progress_bar(counts["verified"], counts["claimed"], counts.owed)]
        if clauses:
            cells.append(share_text(ctx.clause_coverage(ordinance_id)))
        return cells
    return row
