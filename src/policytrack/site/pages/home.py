"""The home page: one sentence per ordinance, breaches, the agency scorecard, what is overdue, what is
due soon, duties over time."""

from __future__ import annotations

import functools
from datetime import date, timedelta

from policytrack.model.fields import plural
from policytrack.site.auditparts import home_lines
from policytrack.site.kit import HOME_ORDINANCES, HOME_ROWS, LIST_BUDGET
from policytrack.site.markup import link, paragraphs, rel, text
from policytrack.site.parts import Context
from policytrack.site.paths import calendar_file
from policytrack.site.words import GROUPS, long_date
from policytrack.status.engine import OPEN, AgencyStatus
from policytrack.status.readings import Duty


def build(ctx: Context) -> None:
    """The home page."""
    path = "index.md"
    config = ctx.repo.config
    out = ctx.head(path, config.name)
    ranked = sorted(ctx.by_ordinance, key=lambda key: (-ctx.open_count(key), key))
    shown = ranked[:HOME_ORDINANCES]
    out += ctx.h(path, 2, "Is the law being followed?", "the-answer")
    if shown:
        out += ('<ul class="pt-answers">\n'
                + "".join(f"<li>{ctx.answer(path, key)}</li>\n" for key in shown) + "</ul>\n")
    else:
        out += "<p>No ordinance has obligations yet.</p>\n"
    if len(ranked) > len(shown):
        out += (f"<p>The {len(shown)} ordinances with the most overdue obligations; "
                + link(f"all {len(ranked)} ordinances", rel(path, "ordinances/index.md")) + ".</p>\n")
    out += ctx.breaches(path, "breaches", ctx.breaches_of(ctx.statuses))
    out += home_lines(ctx, path)  # issue 20: each audit's recommendations, implemented and still open
    out += ctx.h(path, 2, "Agency scorecard")
    out += ctx.scorecard(path, "scorecard", ctx.duties_of, "Agency scorecard", limit=HOME_ROWS)
    overdue = [duty for duty in ctx.duties if GROUPS.get(duty.reading) == "behind"]
    overdue.sort(key=lambda duty: (_due(ctx, duty) or date.min, duty.obligation, duty.agency))
    out += ctx.h(path, 2, "Overdue, oldest first")
    obligations = len({duty.obligation for duty in overdue})
    out += (f"<p>{plural(len(overdue), 'duty')} of agencies, under {plural(obligations, 'obligation')}, "
            "are overdue or lapsed: no proof has been filed, or the proof is out of date.</p>\n")
    out += ctx.listing(path, "overdue", "Overdue, oldest first", ["Status", "Obligation", "Agency", "Due"],
                        [ctx.duty_row(duty) for duty in overdue], empty="Nothing is overdue.",
                        limit=HOME_ROWS, budget=LIST_BUDGET // 2,
                        caption=f"Overdue or lapsed, oldest first: one row per duty of an agency "
                                f"({plural(len(overdue), 'duty')})")
    horizon = ctx.as_of + timedelta(days=ctx.options.upcoming_days)
    # The next due date of every duty, those behind included: a monthly review overdue since 2019 still
    # falls due at the end of this month.
    upcoming = [(status.obligation, row, when) for status in ctx.statuses.values() for row in status.agencies
                for when in [_next(row)] if when is not None and ctx.as_of <= when <= horizon]
    upcoming.sort(key=lambda item: (item[2], item[0], item[1].agency))
    out += ctx.h(path, 2, f"Due in the next {ctx.options.upcoming_days} days")
    out += ctx.listing(path, "upcoming", f"Due in the next {ctx.options.upcoming_days} days",
                        ["Status", "Obligation", "Agency", "Due"],
                        [ctx.upcoming_row(ob, row, when) for ob, row, when in upcoming],
                        empty=f"Nothing falls due by {long_date(horizon)}.", limit=HOME_ROWS,
                        budget=LIST_BUDGET // 2,
                        caption=f"Due by {long_date(horizon)}: one row per duty of an agency "
                                f"({plural(len(upcoming), 'duty')})")
    out += ctx.over_time(path, "all", text(config.jurisdiction or config.name))
    out += (ctx.h(path, 2, "Every ordinance") + "<p>Each ordinance's counts, sortable: "
            + link(f"the {plural(len(ranked), 'ordinance')}", rel(path, "ordinances/index.md")) + ".</p>\n")
    if config.description:
        out += ctx.h(path, 2, "About these records") + paragraphs(config.description)
    out += ctx.h(path, 2, "Open data") + _open_data_links(path)
    ctx.add(path, out)


def _next(row: AgencyStatus) -> date | None:
    """The next due date of a duty still to be met: its next occurrence (also for a duty behind or done on
    its earlier ones), or the due date of a duty not yet due."""
    if row.status in ("waived", "repealed", "not-in-force", "breached"):
        return None
    if row.next_due is not None:
        return row.next_due
    return row.due if row.status in OPEN and row.status not in ("overdue", "lapsed") else None


def _due(ctx: Context, duty: Duty) -> date | None:
    """The due date a duty's reading is about (an owner's: the obligation's)."""
    return duty.row.due if duty.row is not None else ctx.statuses[duty.obligation].due


def _open_data_links(path: str) -> str:
    at = functools.partial(rel, path)
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in [
        f"{link('status.json', at('status.json'))}: every obligation's status "
        f"({link('schema', at('status.schema.json'))})",
        f"{link('obligations.csv', at('obligations.csv'))}: one row per obligation and agency "
        f"({link('schema', at('obligations.schema.json'))})",
        f"{link('recommendations.csv', at('recommendations.csv'))}: one row per audit recommendation "
        f"({link('schema', at('recommendations.schema.json'))})",
        f"{link('All deadlines (iCalendar)', at(calendar_file(None)))}; "
        "one calendar per agency on its page",
        f"{link('Evidence and status changes (Atom feed)', at('feed.atom'))}",
        f"{link('About these files', at('open-data.md'))}",
    ]) + "</ul>\n"
