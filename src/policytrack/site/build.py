"""Every page of the status site, from one check result, in the order they are made.

:func:`build_site` is the one page generator: :func:`policytrack.site.publish.publish` calls it for the
MkDocs plugin, which serves its pages from memory, and for ``policytrack pages``, which writes them to a
folder. Pages, by path from the site root, and the module that makes each kind:

``obligations/{id}/index.md``       :mod:`~policytrack.site.pages.obligation`
``ordinances/{id}/index.md``        :mod:`~policytrack.site.pages.ordinance`
``agencies/{id}/index.md``          :mod:`~policytrack.site.pages.agency`
``systems/{id}/index.md``           :mod:`~policytrack.site.pages.system`
``audits/index.md``, ``audits/{id}/index.md``   audits and recommendations, :mod:`~policytrack.site.pages.audit`
``ordinances/index.md`` (and agencies, systems, obligations)   the full lists, :mod:`~policytrack.site.pages.lists`
``rules.md``, ``rules-loading.md``, ``findings.md``, ``statuses.md`` (what the words mean, every badge
links there), ``open-data.md``, ``tags.md``                    :mod:`~policytrack.site.pages.reference`
``index.md``                        home, :mod:`~policytrack.site.pages.home`

Shared pieces are in :mod:`policytrack.site.parts`, the page and paging machinery in
:mod:`policytrack.site.kit`. With :attr:`SiteOptions.today` later than the as-of date the site is a view
of the past.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policytrack.checks.checker import CheckResult
from policytrack.site import replay
from policytrack.site.kit import LOADING_PAGE, STATUS_PAGE, Page, Site, SiteOptions, asset_files
from policytrack.site.pages import agency, audit, home, lists, obligation, ordinance, reference, system
from policytrack.site.parts import Context
from policytrack.site.paths import agency_page, ordinance_page, system_page
from policytrack.status.history import Series, change_dates, start_date


def build_site(result: CheckResult, options: SiteOptions | None = None, *,
               sink: Callable[[Page], None] | None = None) -> Site:
    """Every page, open-data file and stylesheet of the status site, and its navigation.

    With ``sink``, each page is handed to it as soon as it is made instead of being kept in
    ``Site.pages`` (the MkDocs plugin stores them compressed, so a large site is never held twice).
    """
    from policytrack.site.opendata import open_data_files

    ctx = Context(result, options or SiteOptions(), sink)
    repo = ctx.repo
    start = start_date(repo)
    series: Callable[[], dict[str, Series]] = dict
    if ctx.options.history and start is not None and start < ctx.as_of:
        # The replays run in worker processes (where that pays) while the obligations' pages and the open
        # data, which draw no chart, are made here.
        series = replay.start(repo, change_dates(repo, start, ctx.as_of, result.statuses,
                                                 ctx.options.history_points),
                              sum(len(status.agencies) for status in result.statuses.values()))
    for obligation_id in sorted(repo.obligations):
        obligation.build(ctx, obligation_id)
    open_data = open_data_files(result, commit=ctx.options.commit, site_url=ctx.options.site_url)
    ctx.series = series()
    for ordinance_id in sorted(repo.ordinances):
        ordinance.build(ctx, ordinance_id)
    agencies = sorted(set(repo.agencies) | set(ctx.duties_of))
    for agency_id in agencies:
        agency.build(ctx, agency_id)
    for system_id in sorted(repo.systems):
        system.build(ctx, system_id)
    audit.build_all(ctx)  # issue 20: audits/index.md and audits/{id}/index.md
    lists.indexes(ctx, agencies)  # lists every ordinance in ctx.by_ordinance, so the home page counts them all
    reference.rules(ctx)
    reference.findings(ctx)
    reference.statuses(ctx)
    reference.open_data(ctx, agencies)
    home.build(ctx)
    reference.tags(ctx)
    site = ctx.site
    site.nav = navigation(ctx, agencies)
    site.footer = ctx.footer()
    site.as_of = ctx.as_of
    site.views = [] if ctx.options.published_under else ctx.published_views()
    site.files.update(open_data)
    site.files.update(asset_files())
    return site


def navigation(ctx: Context, agencies: list[str]) -> list[Any]:
    """The navigation: every section's index page, and its pages one by one up to the nav limit."""
    limit = ctx.options.nav_limit

    def section(title: str, index: str, items: list[str]) -> dict[str, Any]:
        if len(items) > limit:
            return {title: index}
        return {title: [index, *items]}

    kinds = {ordinance.kind.lower() for ordinance in ctx.repo.ordinances.values()}
    laws = (kinds.pop() if len(kinds) == 1 else "law").capitalize()
    about = ["open-data.md", "rules.md", "rules-2.md", LOADING_PAGE, "findings.md"]
    if "tags.md" in ctx.paths:
        about.append("tags.md")
    nav: list[Any] = [
        "index.md",
        section(plural_of(laws), "ordinances/index.md", [ordinance_page(key) for key in sorted(ctx.repo.ordinances)]),
        "obligations/index.md",
        section("Agencies", "agencies/index.md", [agency_page(key) for key in agencies]),
        section("Systems", "systems/index.md", [system_page(key) for key in sorted(ctx.repo.systems)]),
        STATUS_PAGE,
        {ABOUT_THE_DATA: about},  # last: a repository's own pages go before it (the rules are for developers)
    ]
    if audit.INDEX in ctx.paths:
        nav.insert(5, audit.INDEX)
    return nav


ABOUT_THE_DATA = "About the data"
"""The navigation section for the open data and the checker's pages, kept out of the public sections."""


def plural_of(noun: str) -> str:
    """'Ordinances', 'Laws', 'Local laws', 'Acts' (a kind of law, counted)."""
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")
