"""Every page of the status site, from one check result.

:func:`build_site` is the one page generator: the MkDocs plugin serves its pages from memory and
``policytrack pages`` writes them to a folder. Each page is YAML front matter and a body of final HTML
(headings with their ids and permalinks, as Python-Markdown would write them), so MkDocs need not run
Markdown over it and the same text is still a valid Markdown file for other generators. Pages, by path
from the site root:

``index.md``                        home: one sentence per ordinance, breaches, agency scorecard, what is
                                    overdue, what is due soon, duties over time
``ordinances/{id}/index.md``        the answer, breaches, coverage, scorecard, chart, diagram, sections with
                                    their text (clauses marked) and obligations
``obligations/{id}/index.md``       status in words, breaches, "Submit evidence", what the records show, who,
                                    what, by when, the law's words, agencies, evidence
``agencies/{id}/index.md``          the answer, breaches, what to submit next (with buttons), what it owes,
                                    its calendar, its chart
``systems/{id}/index.md``           what binds the system, who has access
``ordinances/index.md`` (and agencies, systems, obligations)   the full lists
``statuses.md``                     what the words mean (every badge links there)
``rules.md``, ``findings.md``, ``open-data.md``, ``tags.md``

Status words come from :mod:`policytrack.site.words` (readings, durations); charts from
:mod:`policytrack.site.chart` and their series from :mod:`policytrack.status.history`. With
:attr:`SiteOptions.today` later than the as-of date the site is a view of the past.

Long lists continue on ``…/Page-2.md`` and so on (``P`` is upper case, so no record id can collide),
which keeps every page small however large the repository is.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from policytrack.checks.checker import CheckResult
from policytrack.law.coverage import ClauseCoverage
from policytrack.status.history import Series, sample_dates, start_date, status_series
from policytrack.model.deadlines import AdministrativeDeadline, Deadline, EventDeadline, FixedDeadline, NoDeadline, RecurringDeadline, RelativeDeadline
from policytrack.model.records import Breach, Evidence, Obligation, Section, Source
from policytrack.site import chart, diagram, submit
from policytrack.site.clauses import coverage_summary, mark_section, share_text
from policytrack.site.duedates import due_dates
from policytrack.site.markup import (
    ICONS,
    TEXT_LIMIT,
    badge,
    code,
    docstring,
    labels_of,
    link,
    paragraphs,
    proof_badge,
    rel,
    slug,
    sprite,
    table,
    table_of,
    table_row,
    text,
)
from policytrack.site.words import (
    GROUP_LABELS,
    GROUP_ORDER,
    MEANINGS,
    READINGS,
    dated,
    duration,
    long_date,
    rank,
    reading,
    relative,
    tally,
)
from policytrack.site.words import GROUPS as _GROUP_OF
from policytrack.site.words import LABELS as WORDS
from policytrack.checks.ruleconfig import CONFIG_RULES, GATE_RULES
from policytrack.checks.rules import RULES
from policytrack.checks.rules.loading import LOAD_RULES
from policytrack.model.safetext import clean
from policytrack.site.paths import (
    agency_page,
    calendar_file,
    folder,
    obligation_page,
    ordinance_page,
    system_page,
)
from policytrack.status.engine import OPEN, AgencyStatus, ObligationStatus

__all__ = ["agency_page", "calendar_file", "obligation_page", "ordinance_page", "system_page"]

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
STATUS_PAGE = "statuses.md"
"""The "What the words mean" page every badge links to."""


@dataclass(frozen=True)
class Page:
    """One generated page, by its path from the site root (``obligations/x/index.md``).

    ``front`` is its YAML front matter (title, tags); ``body`` is final HTML (raw HTML is valid Markdown,
    so ``front + body`` is the page as a Markdown file); ``toc`` lists its headings as Python-Markdown's
    toc extension would (dicts with level, id, name and children), for the theme's table of contents.
    A page with ``html`` false needs Markdown processing (the tags index, filled in by the tags plugin).
    """

    path: str
    front: str
    body: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    html: bool = True

    @property
    def markdown(self) -> str:
        """The whole page as a Markdown file."""
        return self.front + self.body


@dataclass(frozen=True)
class SiteOptions:
    """How the site is laid out. The defaults keep every page small and the navigation short."""

    commit: str = "unknown"
    nav_limit: int = 25
    """A navigation section lists its pages one by one only up to this many; beyond, only its index page."""
    list_limit: int = 50
    """Rows of a list on one page; longer lists continue on further pages."""
    upcoming_days: int = 60
    mermaid: bool = False
    """Emit the ordinance diagram as a Mermaid fence (rendered by Material, loading Mermaid from unpkg)."""
    tags_listing_limit: int = 500
    """Write the tags index only when at most this many pages carry tags (it lists every one)."""
    markdown_headings: bool = False
    """Write headings as Markdown (``## Title {: #id }``, for generators that run Markdown over the pages and
    build their table of contents from it: ``policytrack pages``); the MkDocs plugin needs none of it."""
    history: bool = True
    """Chart, per ordinance and per agency, the duties behind and done at regular dates up to the as-of date."""
    history_points: int = 12
    """Dates on each chart at most (quarters, half-years, years... whichever keeps to this many). Each date
    replays the status engine over the whole repository, so this bounds the charts' cost."""
    today: date | None = None
    """The real date of the build. A site built as of an earlier date is a *historical* view: every title
    and a banner say so, and it has no "Submit evidence" buttons and no notes written after it."""


@dataclass
class Site:
    """The generated site: Markdown pages, other files (open data, CSS) and the navigation."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)

    def page(self, path: str) -> Page:
        """The page at ``path``."""
        for page in self.pages:
            if page.path == path:
                return page
        raise KeyError(path)


LOADING_PAGE = "rules-loading.md"
"""Where the loader's findings (files that cannot be loaded) are documented."""


HOME_ORDINANCES = 25
"""Ordinances listed on the home page (most overdue first); the ordinances index lists them all."""
HOME_ROWS = 25
"""Rows of the home page's overdue and due-soon lists; they continue on further pages."""
EVIDENCE_PER_PAGE = 20
"""Evidence records on an obligation's page, newest first; older ones continue on further pages."""
SUBMIT_BUTTONS = 10
"""'Submit evidence' buttons on an obligation's page (one per agency bound); more continue on further pages."""
SECTIONS_BUDGET = 30_000
"""Estimated bytes of an ordinance's sections on one page; more sections continue on further pages."""
FIRST_PAGE_EXTRA = 10_000
"""Bytes an ordinance's own page spends above its sections (the answer, breaches, scorecard, chart)."""
BREACHES_PER_PAGE = 10
"""Breaches listed on one page, open ones first; more continue on further pages."""
SECTION_ROWS = 25
"""Obligations listed beside a section; more continue on further pages."""
LIST_BUDGET = 30_000
"""Bytes of one list on one page; a longer list continues on further pages (so no page passes 60 KB).
Pages that hold several lists (the home page, an obligation's page) give each a share of it."""
LABEL_LIMIT = 200
"""Characters of a record's name or title in a link; the record's own page shows it whole."""


def _urgency(status: ObligationStatus) -> tuple[int, date, str]:
    return rank(obligation_reading(status)), status.due or date.max, status.obligation


def obligation_reading(status: ObligationStatus) -> str:
    """How the site reads an obligation: its most urgent agency reading (``blocked`` stays as it is)."""
    if status.status == "blocked" or not status.agencies:
        return status.status
    return min((reading(row.status, row.verified) for row in status.agencies), key=rank)


def agency_reading(row: AgencyStatus) -> str:
    """How the site reads one agency's duty (completion nobody verified is ``claimed``)."""
    return reading(row.status, row.verified)


class _Builder:
    def __init__(self, result: CheckResult, options: SiteOptions) -> None:
        self.result = result
        self.repo = result.repository
        self.as_of = result.as_of
        self.options = options
        self.site = Site()
        self.statuses = result.statuses
        self.by_ordinance: dict[str, list[str]] = {}
        self._clause_coverage: dict[str, list[ClauseCoverage]] = {}
        self.by_agency: dict[str, list[tuple[str, AgencyStatus]]] = {}
        self.owned_by: dict[str, list[str]] = {}
        self.by_system: dict[str, list[str]] = {}
        self.needed_by: dict[str, list[str]] = {}
        self.operated_by: dict[str, list[str]] = {}
        self.tagged_pages = 0
        self.headings: dict[str, list[tuple[int, str, str]]] = {}
        self.anchors: dict[str, set[str]] = {}
        self.paths: set[str] = set()
        self.section_layouts: dict[str, list[tuple[str, str]]] = {}
        self.sink: Callable[[Page], None] | None = None
        ranked = sorted(self.statuses.values(), key=_urgency)
        for status in ranked:
            obligation = self.repo.obligations[status.obligation]
            self.by_ordinance.setdefault(obligation.ordinance, []).append(obligation.id)
            for row in status.agencies:
                if row.agency:
                    self.by_agency.setdefault(row.agency, []).append((obligation.id, row))
            if obligation.owner:
                self.owned_by.setdefault(obligation.owner.agency, []).append(obligation.id)
            for system_id in obligation.systems:
                self.by_system.setdefault(system_id, []).append(obligation.id)
            for dependency in obligation.depends_on:
                self.needed_by.setdefault(dependency, []).append(obligation.id)
        for system_id, system in sorted(self.repo.systems.items()):
            if system.operator:
                self.operated_by.setdefault(system.operator, []).append(system_id)

    # --- shared parts ----------------------------------------------------------------------------------

    def add(self, path: str, markdown: str, *, is_html: bool = True) -> None:
        end = markdown.index("\n---\n\n") + 6  # the end of the front matter that head() wrote
        used = set(_SYMBOL.findall(markdown, end))
        if used:  # the status symbols the page draws, once each
            markdown += sprite(used) + "\n"
        headings = self.headings.pop(path, [])
        page = Page(path, markdown[:end], markdown[end:], _nest(headings), is_html)
        self.paths.add(path)
        if self.sink is None:
            self.site.pages.append(page)
        else:
            self.sink(page)

    def h(self, path: str, level: int, label: str, anchor: str = "", *, toc: bool = True,
          in_html: bool = False) -> str:
        """A heading (``label`` escaped HTML) with its permalink, as the toc extension writes it; noted for the
        toc unless ``toc`` is false (the theme repeats the toc on every page: long ones weigh).

        With :attr:`SiteOptions.markdown_headings` it is a Markdown heading with its id (``{: #id }``), so
        that a generator running Markdown over the page lists it in its table of contents; a heading
        inside an HTML block (``in_html``) stays HTML, as Markdown is not read there."""
        taken = self.anchors.setdefault(path, set())
        anchor = _unique(anchor or _slugify(html.unescape(_TAG.sub("", label))), taken)
        if toc:
            self.headings.setdefault(path, []).append((level, anchor, label))
        if self.options.markdown_headings and not in_html and toc:
            return f"\n{'#' * level} {label} {{: #{anchor} }}\n\n"
        return (f'<h{level} id="{anchor}">{label}<a class="headerlink" href="#{anchor}" '
                f'title="Permanent link">&para;</a></h{level}>\n')

    def head(self, path: str, title: str, *, tags: Sequence[str] = ()) -> str:
        """Front matter, the H1 (``title``, unescaped text) and the "as of" line every page carries."""
        # The title is also given escaped in the front matter: themes put page.meta.title into <title>
        # and the navigation as it is, while a title taken from the H1 would be unescaped by "striptags".
        title = " ".join(clean(title).split())[:TEXT_LIMIT] or "(untitled)"  # text no YAML or HTML title breaks on
        shown = title + (f" (as of {long_date(self.as_of)})" if self.historical else "")
        meta: dict[str, Any] = {"title": html.escape(shown, quote=True)}
        kept = [tag for tag in (_clean_tag(item) for item in tags) if tag]
        if kept:
            self.tagged_pages += 1
            meta["tags"] = kept
        # JSON values are YAML, and json.dumps is fifty times faster than yaml.safe_dump here.
        front = "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                                   for key, value in meta.items()) + "---\n\n"
        when = self.as_of.isoformat()
        self.anchors.pop(path, None)
        out = front + self.h(path, 1, text(title))
        if self.historical and self.options.today is not None:
            out += (f'<div class="pt-historical" role="note" {NO_SEARCH}><p><strong>A view of the past.</strong> '
                    f'This page shows the records as they stood on <time datetime="{when}">{long_date(self.as_of)}'
                    f"</time> ({relative(self.as_of, self.options.today)}), not today. Evidence, notes and decisions "
                    "dated later are left out, and evidence cannot be submitted from it.</p></div>\n")
        return (out + f'<p class="pt-asof" {NO_SEARCH}>Status as of <time datetime="{when}">{long_date(self.as_of)}'
                f"</time>, built from commit {code(self.options.commit)} · "
                f"{link('What the words mean', rel(path, STATUS_PAGE))} · "
                f"{link('Open data', rel(path, 'open-data.md'))}</p>\n")

    @property
    def historical(self) -> bool:
        """True when the site shows an earlier date than the day it was built."""
        return self.options.today is not None and self.as_of < self.options.today

    def badge(self, path: str, status: str) -> str:
        """A status badge linking to what its words mean."""
        return badge(status, rel(path, STATUS_PAGE) + "#" + status)

    def why(self, obligation_id: str, row: AgencyStatus, *, beside_due: bool = False) -> str:
        """Why one agency's duty reads as it does, with dates and durations (escaped HTML).

        ``beside_due``: the due date is shown next to it, so only the time since or until it is given."""
        obligation = self.repo.obligations.get(obligation_id)
        latest, due, as_of = row.latest, row.due, self.as_of
        first = row.evidence[0].date if row.evidence else None
        words: list[str] = []
        if row.status == "lapsed" and latest is not None:
            max_age = obligation.evidence.max_age_days if obligation and obligation.evidence else None
            if max_age:
                words.append(f"the latest proof ({long_date(latest.date)}) is {duration(latest.date, as_of)} old; "
                             f"proof counts for {max_age} days")
            else:
                covered = latest.period.end if latest.period else latest.date
                words.append(f"the latest proof covers up to {long_date(covered)}"
                             + (f"; nothing covers the period due {long_date(due)}" if due else ""))
        elif row.status in ("met", "met-late") and latest is not None:
            late = row.status == "met-late" and due is not None and first is not None and first > due
            if late and due is not None and first is not None:
                words.append(f"done {long_date(first)}, {duration(due, first)} after the due date "
                             f"({long_date(due)})")
            else:
                words.append(f"proof dated {long_date(latest.date)}")
            if not row.verified:
                words.append("nobody has verified it")
            if due is not None and not late and due > as_of:
                words.append(dated("next due", due, as_of))
        elif row.status == "overdue" and due is not None:
            words.append(f"no proof filed; {duration(due, as_of)} overdue" if beside_due
                         else f"no proof filed; {dated('due', due, as_of)}")
        elif due is not None:
            words.append(relative(due, as_of) if beside_due else dated("due", due, as_of))
        elif row.status == "no-deadline":
            words.append("no date set")
        if row.history:
            words.append(row.history)
        return text("; ".join(words)) if words else ""

    def when_cell(self, obligation_id: str, row: AgencyStatus) -> str:
        """The due date as a <time> (which the table script sorts by) and why the duty reads as it does."""
        when = f'<time datetime="{row.due.isoformat()}">{long_date(row.due)}</time>' if row.due else "no date"
        why = self.why(obligation_id, row, beside_due=True)
        return f'{when}<br><span class="pt-why">{why}</span>' if why else when

    def ordinance_name(self, path: str, ordinance_id: str, anchor: str = "", page: str = "") -> str:
        ordinance = self.repo.ordinances.get(ordinance_id)
        if ordinance is None:
            return f"{text(ordinance_id)} (not in the repository)"
        target = (page or ordinance_page(ordinance_id)) + (f"#{anchor}" if anchor else "")
        return link(text(ordinance.title, LABEL_LIMIT), rel(path, target))

    def obligation_link(self, path: str, obligation_id: str) -> str:
        obligation = self.repo.obligations.get(obligation_id)
        if obligation is None:
            return f"{text(obligation_id)} (not in the repository)"
        return link(text(obligation.title, LABEL_LIMIT), rel(path, obligation_page(obligation_id)))

    def agency_link(self, path: str, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        if agency is None:
            return f"{text(agency_id)} (not in the registry)"
        return link(text(agency.name, LABEL_LIMIT), rel(path, agency_page(agency_id)))

    def system_link(self, path: str, system_id: str) -> str:
        system = self.repo.systems.get(system_id)
        if system is None:
            return f"{text(system_id)} (not in the registry)"
        return link(text(system.name, LABEL_LIMIT), rel(path, system_page(system_id)))

    def party_name(self, party_id: str) -> str:
        party = self.repo.parties.get(party_id)
        return text(party.name) if party else f"{text(party_id)} (not in the registry)"

    def due_cell(self, due: date | None) -> str:
        if due is None:
            return "no date"
        return (f'<time datetime="{due.isoformat()}">{long_date(due)}</time><br>'
                f'<span class="pt-why">{relative(due, self.as_of)}</span>')

    def listing(self, path: str, base: str, title: str, header: Sequence[str],
                rows: Sequence[Callable[[str], Sequence[str]]], *, empty: str, limit: int | None = None,
                caption: str = "", budget: int = LIST_BUDGET) -> str:
        """A sortable table of ``rows`` (each made for the page it lands on); beyond ``limit`` rows, or
        ``budget`` bytes, it continues on more pages. ``caption`` (escaped HTML) says what one row is."""
        if not rows:
            return f"<p>{empty}</p>\n" if empty else ""
        labels = labels_of(header)
        caption = caption or text(title)

        def item(row: Callable[[str], Sequence[str]]) -> Callable[[str], str]:
            return lambda page: table_row(row(page), labels) + "\n"

        return self.paged(path, base, title, [item(row) for row in rows],
                          lambda body: table_of(header, body.rstrip("\n"), NO_SEARCH, caption=caption,
                                                sortable=True) + "\n",
                          limit or self.options.list_limit, budget, pure=True)

    def paged(self, path: str, base: str, title: str, items: Sequence[Callable[[str], str]],
              wrap: Callable[[str], str], limit: int, budget: int = LIST_BUDGET, *, pure: bool = False) -> str:
        """``items`` (each drawn for the page it lands on) wrapped by ``wrap``: as many as fit in ``limit``
        items and ``budget`` bytes here, the rest on further pages ``{base}/Page-N.md`` (a
        capital P: no record id can take that name), so that no page grows without bound. ``pure`` items
        (no headings) drawn for one further page serve them all: they are in the same folder."""
        if len(items) <= limit:
            headings, anchors = list(self.headings.get(path, [])), set(self.anchors.get(path, set()))
            parts = [item(path) for item in items]
            if sum(len(part.encode()) for part in parts) <= budget:
                return wrap("".join(parts))
            self.headings[path], self.anchors[path] = headings, anchors  # drawn again, in pieces
        scratch = f"{base}/Page-0.md"  # as deep as every further page: measures what each item weighs there
        drawn = [item(scratch) for item in items]
        sizes = [len(part.encode()) for part in drawn]
        self.headings.pop(scratch, None)
        self.anchors.pop(scratch, None)
        chunks: list[range] = []
        start, size = 0, 0
        for index, weight in enumerate(sizes):
            if index > start and (index - start >= limit or size + weight > budget):
                chunks.append(range(start, index))
                start, size = index, 0
            size += weight
        chunks.append(range(start, len(items)))
        total = len(chunks)
        for number, chunk in enumerate(chunks[1:], start=2):
            more = f"{base}/Page-{number}.md"
            nav = [link("first page", rel(more, path))]
            if number > 2:
                nav.append(link("previous", rel(more, f"{base}/Page-{number - 1}.md")))
            if number < total:
                nav.append(link("next", rel(more, f"{base}/Page-{number + 1}.md")))
            self.add(more, self.head(more, f"{title} (page {number} of {total})")
                     + f"<p {NO_SEARCH}>" + " · ".join(nav) + "</p>\n"
                     + wrap("".join(drawn[index] if pure else items[index](more) for index in chunk)))
        out = wrap("".join(items[index](path) for index in chunks[0]))
        if total == 1:
            return out
        return out + (f"<p>Showing {len(chunks[0])} of {len(items)}: "
                      + link(f"continue on page 2 of {total}", rel(path, f"{base}/Page-2.md")) + ".</p>\n")

    def section_place(self, ordinance_id: str, section_id: str) -> tuple[str, str]:
        """The page and anchor of a section (its first occurrence) in its ordinance's pages; a section the
        ordinance does not list: the ordinance's page and the anchor it would have."""
        ordinance = self.repo.ordinances.get(ordinance_id)
        for index, section in enumerate(ordinance.sections if ordinance else []):
            if section.id == section_id:
                return self.section_layout(ordinance_id)[index]
        return ordinance_page(ordinance_id), "section-" + slug(section_id)

    def section_layout(self, ordinance_id: str) -> list[tuple[str, str]]:
        """(page, anchor) of each section of the ordinance, in order. Anchors are ``section-`` and the
        section's slug, made unique (sections '9.A' and '9-A' never share one, nor the folder of their
        lists' further pages). Sections fill the ordinance's page up to :data:`SECTIONS_BUDGET` bytes (as
        estimated from their text and obligations), then continue on ``ordinances/ID/Page-N.md``."""
        layout = self.section_layouts.get(ordinance_id)
        if layout is not None:
            return layout
        ordinance = self.repo.ordinances.get(ordinance_id)
        duties = Counter(self.repo.obligations[key].section for key in self.by_ordinance.get(ordinance_id, []))
        taken: set[str] = set()
        layout = []
        number, size = 1, 0
        for section in ordinance.sections if ordinance else []:
            anchor = _unique("section-" + slug(section.id), taken)
            weight = (600 + len(text(section.heading)) + len(text(section.text or ""))
                      + 700 * min(duties[section.id], SECTION_ROWS))
            budget = SECTIONS_BUDGET - (FIRST_PAGE_EXTRA if number == 1 else 0)
            if size and size + weight > budget:
                number, size = number + 1, 0
            size += weight
            layout.append((ordinance_page(ordinance_id) if number == 1
                           else f"ordinances/{folder(ordinance_id)}/Page-{number}.md", anchor))
        self.section_layouts[ordinance_id] = layout
        return layout

    # --- pages -----------------------------------------------------------------------------------------

    def build(self) -> Site:
        self.series: dict[str, Series] = {}
        start = start_date(self.repo)
        if self.options.history and start is not None and start < self.as_of:
            self.series = status_series(self.repo, sample_dates(start, self.as_of, self.options.history_points))
        for obligation_id in sorted(self.repo.obligations):
            self.obligation(obligation_id)
        for ordinance_id in sorted(self.repo.ordinances):
            self.ordinance(ordinance_id)
        agencies = sorted(set(self.repo.agencies) | set(self.by_agency) | set(self.owned_by))
        for agency_id in agencies:
            self.agency(agency_id)
        for system_id in sorted(self.repo.systems):
            self.system(system_id)
        self.indexes(agencies)
        self.rules()
        self.findings()
        self.statuses_page()
        self.open_data(agencies)
        self.home()
        self.tags()
        self.site.nav = self.navigation(agencies)
        return self.site

    def home(self) -> None:
        path = "index.md"
        config = self.repo.config
        out = self.head(path, config.name)
        ranked = sorted(self.by_ordinance, key=lambda key: (-self._open_count(key), key))
        shown = ranked[:HOME_ORDINANCES]
        out += self.h(path, 2, "Is the law being followed?", "the-answer")
        if shown:
            out += ('<ul class="pt-answers">\n'
                    + "".join(f"<li>{self.answer(path, key)}</li>\n" for key in shown) + "</ul>\n")
        else:
            out += "<p>No ordinance has obligations yet.</p>\n"
        if len(ranked) > len(shown):
            out += (f"<p>The {len(shown)} ordinances with the most overdue obligations; "
                    + link(f"all {len(ranked)} ordinances", rel(path, "ordinances/index.md")) + ".</p>\n")
        out += self.breaches(path, "breaches", self.breaches_of(self.statuses))
        out += self.h(path, 2, "Agency scorecard")
        out += self.scorecard(path, "scorecard", {key: [row for _, row in rows]
                                                 for key, rows in self.by_agency.items()},
                              "Agency scorecard", limit=HOME_ROWS)
        overdue = [(status.obligation, row) for status in self.statuses.values() for row in status.agencies
                   if row.status in ("overdue", "lapsed")]
        overdue.sort(key=lambda item: (item[1].due or date.min, item[0], item[1].agency))
        out += self.h(path, 2, "Overdue, oldest first")
        obligations = len({key for key, _ in overdue})
        out += (f"<p>{_count(len(overdue), 'duty')} of agencies, under {_count(obligations, 'obligation')}, "
                "are overdue or lapsed: no proof has been filed, or the proof is out of date.</p>\n")
        out += self.listing(path, "overdue", "Overdue, oldest first", ["Status", "Obligation", "Agency", "Due"],
                            [self._agency_row(ob, row) for ob, row in overdue], empty="Nothing is overdue.",
                            limit=HOME_ROWS, budget=LIST_BUDGET // 2,
                            caption=f"Overdue or lapsed, oldest first: one row per duty of an agency "
                                    f"({_count(len(overdue), 'duty')})")
        horizon = self.as_of + timedelta(days=self.options.upcoming_days)
        upcoming = [(status.obligation, row) for status in self.statuses.values() for row in status.agencies
                    if row.status in OPEN and row.due and self.as_of <= row.due <= horizon]
        upcoming.sort(key=lambda item: (item[1].due or date.max, item[0], item[1].agency))
        out += self.h(path, 2, f"Due in the next {self.options.upcoming_days} days")
        out += self.listing(path, "upcoming", f"Due in the next {self.options.upcoming_days} days",
                            ["Status", "Obligation", "Agency", "Due"],
                            [self._agency_row(ob, row) for ob, row in upcoming],
                            empty=f"Nothing falls due by {long_date(horizon)}.", limit=HOME_ROWS,
                            budget=LIST_BUDGET // 2,
                            caption=f"Due by {long_date(horizon)}: one row per duty of an agency "
                                    f"({_count(len(upcoming), 'duty')})")
        out += self.over_time(path, "all", text(config.jurisdiction or config.name))
        out += (self.h(path, 2, "Every ordinance") + "<p>Each ordinance's counts, sortable: "
                + link(f"the {_count(len(ranked), 'ordinance')}", rel(path, "ordinances/index.md")) + ".</p>\n")
        if config.description:
            out += self.h(path, 2, "About these records") + paragraphs(config.description)
        out += self.h(path, 2, "Open data") + self._open_data_links(path)
        self.add(path, out)

    def answer(self, path: str, ordinance_id: str) -> str:
        """One plain sentence: how many of an ordinance's duties are behind, breached and done."""
        ordinance = self.repo.ordinances.get(ordinance_id)
        who = text((self.repo.config.jurisdiction or self.repo.config.name).split(",")[0].strip())
        if ordinance is None:
            name = f"{text(ordinance_id)} (not in the repository)"
        else:
            label = f"Ordinance {ordinance.number}" if ordinance.number else ordinance.title
            name = link(text(label), rel(path, ordinance_page(ordinance_id)))
        counts = tally(obligation_reading(self.statuses[key]) for key in self.by_ordinance[ordinance_id])
        owed = counts.owed
        if not owed:
            return f"No duty under {name} binds anyone on {long_date(self.as_of)}."
        sentence = (f"{who} is behind on <strong>{counts['behind']} of its {owed}</strong> duties under {name}"
                    if counts["behind"] else f"{who} is not behind on any of its {owed} duties under {name}")
        if counts["breached"]:
            sentence += f"; <strong>{counts['breached']}</strong> {'was' if counts['breached'] == 1 else 'were'} " \
                        "breached"
        recorded = self.breaches_of(self.by_ordinance[ordinance_id])
        if recorded:
            remedied = sum(1 for _, item in recorded if item.remedy is not None and item.remedy.date <= self.as_of)
            sentence += (f"; {_count(len(recorded), 'breach')} of the law on record"
                         + (f", {remedied} since remedied" if remedied else ""))
        rest = [f"{counts['verified']} done and verified", f"{counts['claimed']} done but not verified"]
        if counts["no-deadline"]:
            rest.append(f"{counts['no-deadline']} with no deadline and no proof")
        if counts["open"]:
            rest.append(f"{counts['open']} not yet due")
        return sentence + ". " + ", ".join(rest).capitalize() + "."

    def scorecard(self, path: str, base: str, rows: dict[str, list[AgencyStatus]], title: str, *,
                  limit: int | None = None) -> str:
        """Per agency: its duties counted by reading (one duty is one obligation for one agency)."""
        tallies = {key: tally(agency_reading(row) for row in items) for key, items in rows.items() if key}
        order = sorted(tallies, key=lambda key: (-tallies[key]["breached"], -tallies[key]["behind"],
                                                 -tallies[key].owed, key))

        def make(agency_id: str) -> Callable[[str], list[str]]:
            def cells(page: str) -> list[str]:
                counts = tallies[agency_id]
                return [self.agency_link(page, agency_id), str(counts.owed),
                        *(str(counts[group]) for group in GROUP_ORDER)]
            return cells

        header = ["Agency", "Duties", *(GROUP_LABELS[group] for group in GROUP_ORDER)]
        return self.listing(path, base, title, header, [make(key) for key in order],
                            empty="No duty binds an agency.", limit=limit,
                            caption=f"{text(title)}: one row per agency; each count is of duties (one obligation "
                                    f"for one agency). {link('What the columns mean', rel(path, STATUS_PAGE))}")

    def clause_coverage(self, ordinance_id: str) -> list[ClauseCoverage]:
        """The ordinance's clauses and what carries them (in its recorded text), computed once."""
        if ordinance_id not in self._clause_coverage:
            from policytrack.law.coverage import ordinance_coverage

            ordinance = self.repo.ordinances.get(ordinance_id)
            self._clause_coverage[ordinance_id] = [] if ordinance is None else ordinance_coverage(
                self.repo, ordinance, [self.repo.obligations[key] for key in self.by_ordinance.get(ordinance_id, [])])
        return self._clause_coverage[ordinance_id]

    def _open_count(self, ordinance_id: str) -> int:
        return sum(1 for key in self.by_ordinance[ordinance_id] if self.statuses[key].status in ("overdue", "lapsed"))

    def _ordinance_row(self, ordinance_id: str, *, clauses: bool = False) -> Callable[[str], list[str]]:
        def row(path: str) -> list[str]:
            ids = self.by_ordinance[ordinance_id]
            counts = tally(obligation_reading(self.statuses[key]) for key in ids)
            cells = [self.ordinance_name(path, ordinance_id), str(counts.owed), str(counts["behind"]),
                     str(counts["verified"]), str(counts["claimed"]),
                     _progress(counts["verified"], counts["claimed"], counts.owed)]
            if clauses:
                cells.append(share_text(self.clause_coverage(ordinance_id)))
            return cells
        return row

    def _agency_row(self, obligation_id: str, row: AgencyStatus, *, agency: bool = True
                    ) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            cells = [self.badge(path, agency_reading(row)), self.obligation_link(path, obligation_id),
                     self.when_cell(obligation_id, row)]
            if agency:
                cells.insert(2, self.agency_link(path, row.agency) if row.agency else "(no agency)")
            return cells
        return make

    def _obligation_row(self, obligation_id: str, *, ordinance: bool = False) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "<strong>no owner</strong>"
            cells = [self.badge(path, obligation_reading(status)), self.obligation_link(path, obligation_id), owner,
                     self.due_cell(status.due)]
            if ordinance:
                cells.insert(2, self.ordinance_name(path, obligation.ordinance))
            return cells
        return make

    def _duty_row(self, obligation_id: str) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "<strong>no owner</strong>"
            return [f"{self.badge(path, obligation_reading(status))}<br>{self.due_cell(status.due)}",
                    f"{self.obligation_link(path, obligation_id)}<br>{owner}"]
        return make

    def ordinance(self, ordinance_id: str) -> None:
        ordinance = self.repo.ordinances[ordinance_id]
        path = ordinance_page(ordinance_id)
        ids = self.by_ordinance.get(ordinance_id, [])
        out = self.head(path, ordinance.title)
        facts = [f"<strong>{text(ordinance.citation)}</strong>"]
        if ordinance.number:
            facts.append(f"Ordinance {text(ordinance.number)}")
        facts.append(f"enacted {long_date(ordinance.enacted)}")
        facts.append(f"effective {long_date(ordinance.effective)}" if ordinance.effective
                     else "effective date not recorded")
        facts.append(link("official text", ordinance.source))
        out += "<p>" + " · ".join(facts) + "</p>\n"
        out += f'<p class="pt-lead">{self.answer(path, ordinance_id)}</p>\n' if ids else ""
        out += self.breaches(path, f"ordinances/{folder(ordinance_id)}/breaches", self.breaches_of(ids))
        if ordinance.summary:
            out += paragraphs(ordinance.summary)
        readings = Counter(obligation_reading(self.statuses[key]) for key in ids)
        counts = tally(readings.elements())
        section_ids = {section.id for section in ordinance.sections}
        per_section: dict[str, list[str]] = {}
        for key in ids:
            per_section.setdefault(self.repo.obligations[key].section, []).append(key)
        covered = sum(1 for section in ordinance.sections if section.id in per_section)
        out += self.h(path, 2, "Coverage")
        out += (f"<p>{covered} of {len(ordinance.sections)} sections have at least one obligation; "
                f"{_count(len(ids), 'obligation')}: {counts['verified']} done and verified, {counts['claimed']} "
                f"done but not verified. {_progress(counts['verified'], counts['claimed'], counts.owed)}</p>\n")
        clauses = self.clause_coverage(ordinance_id)
        out += coverage_summary(clauses)
        out += self.reading_counts(path, readings, "obligations")
        if ids:
            out += self.h(path, 2, "Agency scorecard for this ordinance", "scorecard")
            rows: dict[str, list[AgencyStatus]] = {}
            for key in ids:
                for row in self.statuses[key].agencies:
                    rows.setdefault(row.agency, []).append(row)
            out += self.scorecard(path, f"ordinances/{folder(ordinance_id)}/scorecard", rows,
                                  f"Agency scorecard for {ordinance.title}")
        out += self.over_time(path, f"ordinance:{ordinance_id}", f"Ordinance {ordinance.number}"
                              if ordinance.number else ordinance.title)
        found = diagram.reach(self.repo, ordinance, ids)
        out += self.h(path, 2, "Agencies and systems it reaches")
        source = diagram.mermaid(self.repo, ordinance, found)
        if self.options.mermaid:
            out += f'<pre class="mermaid"><code>{html.escape(source, quote=False)}</code></pre>\n'
        else:
            # Focusable, so that keyboard users can scroll it where it is wider than the screen.
            out += ('<figure class="pt-figure" tabindex="0" role="group" aria-label="Diagram: agencies and systems '
                    f'the ordinance reaches">{diagram.svg(self.repo, ordinance, found)}</figure>\n')
        out += ("<p><strong>Agencies:</strong> "
                + (", ".join(self.agency_link(path, key) for key in found.agencies) or "none") + "</p>\n")
        out += ("<p><strong>Systems:</strong> "
                + (", ".join(self.system_link(path, key) for key in found.systems) or "none") + "</p>\n")
        if not self.options.mermaid:
            out += ('<details class="info">\n<summary>The diagram as Mermaid source</summary>\n'
                    '<div class="highlight"><pre><span></span><code>'
                    f"{html.escape(source, quote=False)}\n</code></pre></div>\n"
                    "</details>\n")
        out += self.h(path, 2, "Sections")
        layout = self.section_layout(ordinance_id)
        later = list(dict.fromkeys(page for page, _ in layout if page != path))
        total = len(later) + 1
        parts: dict[str, str] = {path: ""}
        for number, page in enumerate(later, start=2):
            nav = [link("first page", rel(page, path))]
            if number > 2:
                nav.append(link("previous", rel(page, later[number - 3])))
            if number < total:
                nav.append(link("next", rel(page, later[number - 1])))
            parts[page] = (self.head(page, f"{ordinance.title}: sections (page {number} of {total})")
                           + f"<p {NO_SEARCH}>" + " · ".join(nav) + "</p>\n")
        for section, (page, anchor) in zip(ordinance.sections, layout, strict=True):
            parts[page] += self._section(page, ordinance_id, ordinance.title, section, anchor,
                                         per_section.get(section.id, []),
                                         [item for item in clauses if item.clause.section == section.id])
        for page in later:
            self.add(page, parts[page])
        out += parts[path]
        if later:
            out += (f"<p>Showing {sum(1 for page, _ in layout if page == path)} of {len(layout)} sections: "
                    + link(f"continue on page 2 of {total}", rel(path, later[0])) + ".</p>\n")
        stray = [key for key in ids if self.repo.obligations[key].section not in section_ids]
        if stray:
            out += self.h(path, 2, "Obligations citing a section not listed above")
            out += self.listing(path, f"ordinances/{folder(ordinance_id)}/other", f"{ordinance.title}: other sections",
                                ["Status", "Obligation", "Owner", "Due"],
                                [self._obligation_row(key) for key in stray], empty="")
        amendments = [item for item in ordinance.amendments if item.date <= self.as_of]
        if amendments:
            out += self.h(path, 2, "Amendments")
            out += table(["Date", "By", "Action", "Sections"], [
                [long_date(item.date), text(item.by) + (" · " + link("source", item.source) if item.source else ""),
                 text(item.action), ", ".join(text(s) for s in item.sections) or "whole ordinance"]
                for item in amendments], caption="Amendments in force by this date, one row each") + "\n"
        extra = []
        if ordinance.protects:
            extra.append("<strong>Protects data:</strong> " + ", ".join(code(item) for item in ordinance.protects))
        if ordinance.restricts:
            extra.append("<strong>Restricts access by:</strong> "
                         + ", ".join(self.party_name(item) for item in ordinance.restricts))
        out += "".join(f"<p>{item}</p>\n" for item in extra)
        self.add(path, out)

    def _section(self, page: str, ordinance_id: str, title: str, section: Section, anchor: str,
                 keys: list[str], marked: list[ClauseCoverage]) -> str:
        """One section of an ordinance: its words, with its clauses marked covered, excused or uncovered,
        beside the obligations that record its duties."""
        out = self.h(page, 3, f"{text(section.id)}: {text(section.heading)}", anchor)
        out += '<div class="pt-section">\n<div class="pt-law">\n'
        if section.text:
            note = " <em>(paraphrase, not the law's words)</em>" if section.paraphrase else ""
            body = (mark_section(section.text, marked, lambda key: self.obligation_link(page, key))
                    if marked else text(section.text))
            out += "<blockquote>\n<p>" + body + note + "</p>\n</blockquote>\n"
        else:
            out += "<p><em>The text of this section is not recorded.</em></p>\n"
        if section.source:
            out += "<p>" + link("Source", section.source) + "</p>\n"
        out += '</div>\n<div class="pt-duties">\n'
        if keys:
            out += self.listing(page, f"ordinances/{folder(ordinance_id)}/{anchor}", f"{title}: {section.id}",
                                ["Status and due date", "Obligation and owner"],
                                [self._duty_row(key) for key in keys], empty="", limit=SECTION_ROWS)
        else:
            out += "<p><strong>Coverage gap:</strong> no obligation records a duty of this section.</p>\n"
        return out + "</div>\n</div>\n"

    def obligation(self, obligation_id: str) -> None:
        obligation = self.repo.obligations[obligation_id]
        status = self.statuses[obligation_id]
        path = obligation_page(obligation_id)
        tags = [*obligation.tags]
        out = self.head(path, obligation.title, tags=tags)
        shown = obligation_reading(status)
        out += (f'<p class="pt-lead">{self.badge(path, shown)} {self._due_words(status)}</p>\n'
                f"<p>{text(MEANINGS.get(shown, ''))}</p>\n")
        out += self.breaches(path, f"obligations/{folder(obligation_id)}/breaches", self.breaches_of([obligation_id]),
                             full=True)
        out += self._submit(path, obligation, status)
        if obligation.notes:
            out += self.h(path, 2, "What the records show", "notes")
            notes, left_out = dated_notes(obligation.notes, self.as_of, self.historical)
            out += "".join(f"<p>{text(block)}</p>\n" for block in notes)
            if left_out:
                out += (f"<p>{_count(left_out, 'note')} on this duty {'was' if left_out == 1 else 'were'} written "
                        f"after {long_date(self.as_of)} or carry no date, so this view of the past leaves them out "
                        "(a note paragraph that starts with its date, <code>YYYY-MM-DD:</code>, is shown in views "
                        "of the past from that date).</p>\n")
        section_page, section_anchor = self.section_place(obligation.ordinance, obligation.section)
        owner = (f"{self.agency_link(path, obligation.owner.agency)}, {text(obligation.owner.role)}"
                 if obligation.owner
                 else "<strong>No owner is named.</strong> The checker reports this (<code>no-owner</code>).")
        rows = [
            ["Ordinance", self.ordinance_name(path, obligation.ordinance, section_anchor, section_page)
             + f", section {text(obligation.section)}"],
            ["Who", owner],
            ["What", text(obligation.action)],
            ["By when", self._deadline_words(obligation, status)],
            ["Evidence required", self._requirement(obligation)],
            ["Kind", text(obligation.kind)],
        ]
        if obligation.systems:
            rows.append(["Systems", ", ".join(self.system_link(path, key) for key in obligation.systems)])
        if obligation.waiver:
            waiver = obligation.waiver
            rows.append(["Waiver", "; ".join(filter(None, [
                text(waiver.reason) if waiver.reason else "reason missing",
                f"approved by {text(waiver.approved_by)}" if waiver.approved_by else "approver missing",
                long_date(waiver.date) if waiver.date else "date missing"]))])
        out += self.h(path, 2, "The duty")
        out += table(["Question", "Answer"], rows, caption="Who owes what, by when, and the proof it needs") + "\n"
        out += self.h(path, 2, "The law's words") + "<blockquote>\n<p>" + text(obligation.quote) + "</p>\n"
        if obligation.paraphrase:
            out += "<p><em>(a paraphrase, not the law's words)</em></p>\n"
        out += "</blockquote>\n" + self.h(path, 2, "Status per agency")

        def agency_row(row: AgencyStatus) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                return [self.badge(page, agency_reading(row)),
                        (self.agency_link(page, row.agency) if row.agency else "(no agency named)")
                        + (f" ({self.instance_name(page, row.instance)})" if row.instance else ""),
                        self.when_cell(obligation_id, row), str(len(row.evidence)),
                        proof_badge(row.verified, bool(row.evidence))]
            return make

        out += self.listing(path, f"obligations/{folder(obligation_id)}/agencies", f"{obligation.title}: agencies",
                            ["Status", "Agency", "Due, and why", "Evidence", "Proof"],
                            [agency_row(row) for row in status.agencies], empty="", budget=LIST_BUDGET // 3,
                            caption="One row per agency the duty binds")
        if status.blocked_by:
            out += ("<p>Blocked by: " + ", ".join(self.obligation_link(path, key) for key in status.blocked_by)
                    + "</p>\n")
        every = due_dates(status, lambda agency: self.agency_link(path, agency))
        if every:
            out += self.h(path, 2, "Every due date", "due-dates") + every
        out += self.h(path, 2, "Evidence")
        visible = [item for item in self.repo.evidence_for(obligation_id) if item.date <= self.as_of]
        if visible:
            newest_first = visible[::-1]

            def entry(item: Evidence) -> Callable[[str], str]:
                return lambda page: self._evidence_item(page, item)

            out += self.paged(path, f"obligations/{folder(obligation_id)}/evidence", f"Evidence: {obligation.title}",
                              [entry(item) for item in newest_first],
                              lambda body: f'<div class="pt-timeline">\n{body}</div>\n', EVIDENCE_PER_PAGE,
                              LIST_BUDGET // 2)
        else:
            out += f"<p>No evidence has been submitted as of {long_date(self.as_of)}.</p>\n"
        out += self.h(path, 2, "Dependencies")
        if obligation.depends_on:
            out += "<p>Depends on:</p>\n<ul>\n" + "".join(
                f"<li>{self.obligation_link(path, key)} "
                f"{self.badge(path, obligation_reading(self.statuses[key])) if key in self.statuses else ''}</li>\n"
                for key in obligation.depends_on) + "</ul>\n"
        needed = self.needed_by.get(obligation_id, [])
        if needed:
            out += "<p>Needed by:</p>\n<ul>\n" + "".join(
                f"<li>{self.obligation_link(path, key)} {self.badge(path, obligation_reading(self.statuses[key]))}"
                "</li>\n"
                for key in needed) + "</ul>\n"
        if not obligation.depends_on and not needed:
            out += "<p>No other obligation depends on this one, and it depends on none.</p>\n"
        self.add(path, out)

    def _due_words(self, status: ObligationStatus) -> str:
        rows = [row for row in status.agencies if row.agency or len(status.agencies) == 1]
        if len(rows) == 1:
            why = self.why(status.obligation, rows[0])
            return why[:1].upper() + why[1:] + "." if why else ""
        readings = Counter(agency_reading(row) for row in rows)
        parts = [f"{count} {'agency' if count == 1 else 'agencies'} {WORDS.get(name, name).lower()}"
                 for name, count in sorted(readings.items(), key=lambda item: rank(item[0]))]
        due = f" {dated('Due', status.due, self.as_of)}." if status.due else ""
        return text(", ".join(parts).capitalize() + "." + due)

    def _deadline_words(self, obligation: Obligation, status: ObligationStatus) -> str:
        deadline: Deadline | AdministrativeDeadline | None = status.deadline
        words = _describe_deadline(deadline) if deadline is not None else ""
        if status.deadline_source == "administrative" and obligation.administrative_deadline:
            admin = obligation.administrative_deadline
            words += (f" (an administrative deadline set by {text(admin.set_by)} on {long_date(admin.set_on)}; "
                      "the law names no date)")
        if deadline is None:
            law = obligation.deadline
            words = "The law gives no date, and no administrative deadline has been set."
            if isinstance(law, NoDeadline) and law.note:
                words += " " + text(law.note)
        if status.due:
            words += f" {dated('Due', status.due, self.as_of)}."
        return words

    def _requirement(self, obligation: Obligation) -> str:
        requirement = obligation.evidence
        if requirement is None:
            return "<strong>Not stated.</strong> The checker reports this (<code>no-evidence-requirement</code>)."
        words = "Kinds: " + ", ".join(text(kind) for kind in requirement.kinds) + "."
        if requirement.description:
            words += " " + text(requirement.description)
        if requirement.max_age_days:
            words += f" Evidence counts for {requirement.max_age_days} days."
        return words

    def _evidence_item(self, path: str, item: Evidence) -> str:
        verified = item.verified is not None and item.verified.on <= self.as_of
        out = (self.h(path, 3, f"{long_date(item.date)}: {self.agency_name_text(item.agency)}, {text(item.kind)}",
                      slug(item.id), in_html=True) + f"<p>{proof_badge(verified, True)} ")
        submitted = text(item.submitted_by.role)
        if item.submitted_by.agency:
            submitted += f" ({text(item.submitted_by.agency)})"
        out += f"Claimed by {submitted}"
        if verified and item.verified is not None:
            out += f"; verified by {text(item.verified.by)} on {long_date(item.verified.on)}"
            if item.verified.note:
                out += f": {text(item.verified.note.rstrip().rstrip('.'))}"
        out += ".</p>\n" + paragraphs(item.summary)
        if item.period:
            out += f"<p>Covers {long_date(item.period.start)} to {long_date(item.period.end)}.</p>\n"
        out += "<p>Source: " + self.source_links(item.source) + "</p>\n"
        return out

    def source_links(self, source: Source) -> str:
        """A record's source: its title linked to its address, and its file with the file's hash."""
        title = text(source.title) if source.title else "Source"
        parts = []
        if source.url:
            parts.append(link(title, source.url))
        if source.file:
            repo_url = self.repo.config.repo_url
            if repo_url:
                target = f"{repo_url.rstrip('/')}/blob/{self.repo.config.branch}/{source.file}"
                parts.append(link(text(source.file), target))
            else:
                parts.append(text(source.file))
            parts.append(f"sha256 {code((source.sha256 or '')[:12])}…")
        return " · ".join(parts)

    def breaches(self, path: str, base: str, found: Sequence[tuple[str, Breach]], *, full: bool = False) -> str:
        """Breaches (the law broken, not only unproven), open ones first, each with its source and remedy;
        beyond :data:`BREACHES_PER_PAGE` they continue on ``{base}/Page-N.md``.

        Unless ``full`` (the obligation's own page), a breach is told in its summary's first sentence."""
        if not found:
            return ""

        def is_open(item: Breach) -> bool:
            return item.remedy is None or item.remedy.date > self.as_of

        ordered = sorted(found, key=lambda pair: (not is_open(pair[1]), pair[1].date, pair[1].id))
        still = sum(1 for _, item in ordered if is_open(item))
        out = self.h(path, 2, "Breaches on record", "breaches")
        out += (f"<p>{_count(len(ordered), 'breach')} recorded, {still} not remedied on {long_date(self.as_of)}. "
                "A breach is the law broken, as an auditor, a court or the agency recorded it; it is shown "
                "before what is only unproven.</p>\n")

        def entry(obligation_id: str, item: Breach) -> Callable[[str], str]:
            def make(page: str) -> str:
                mark = (self.badge(page, "breached") if is_open(item)
                        else f'<span class="pt-proof pt-none">{ICONS["verified"]} Remedied</span>')
                span = f"from {long_date(item.date)}" + (f" to {long_date(item.until)}" if item.until else "")
                summary = item.summary if full else _first_sentence(item.summary)
                line = (f"<li>{mark} <strong>{self.agency_name_text(item.agency)}</strong>, "
                        f"{self.obligation_link(page, obligation_id)} ({span}): {text(summary)}"
                        f"<br>Found by {text(item.found_by)} on {long_date(item.found_on or item.date)}. "
                        f"Source: {self.source_links(item.source)}")
                if item.remedy is not None and item.remedy.date <= self.as_of:
                    line += f"<br><strong>Remedied</strong> {long_date(item.remedy.date)}"
                    if full:
                        line += (f": {text(item.remedy.summary)}"
                                 + (f" Source: {self.source_links(item.remedy.source)}" if item.remedy.source else ""))
                    else:
                        line += "."
                return line + "</li>\n"
            return make

        return out + self.paged(path, base, "Breaches on record", [entry(key, item) for key, item in ordered],
                                lambda body: f'<ul class="pt-breaches">\n{body}</ul>\n', BREACHES_PER_PAGE)

    def breaches_of(self, obligation_ids: Iterable[str], agency: str | None = None) -> list[tuple[str, Breach]]:
        """The visible breaches of these obligations (of one agency, when given)."""
        return [(key, item) for key in obligation_ids for item in self.statuses[key].breaches
                if agency is None or item.agency == agency]

    def instance_name(self, path: str, instance: str) -> str:
        """A for_each instance: the system's page when it is a system, else its id."""
        return self.system_link(path, instance) if instance in self.repo.systems else code(instance)

    def agency_name_text(self, agency_id: str) -> str:
        return text(self.agency_name_raw(agency_id), LABEL_LIMIT)

    def agency_name_raw(self, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def _submit(self, path: str, obligation: Obligation, status: ObligationStatus) -> str:
        out = self.h(path, 2, "Submit evidence")
        if self.historical:
            return out + (f"<p>This is a view of {long_date(self.as_of)}: evidence is submitted from the current "
                          "site, not from a view of the past.</p>\n")
        out += f"<p><strong>Evidence needed:</strong> {self._requirement(obligation)}</p>\n"
        agencies = [row.agency for row in status.agencies if row.agency]
        if not self.repo.config.repo_url:
            return out + ("<p>Evidence is submitted as a pull request that adds a file under "
                          f"{code('evidence/' + obligation.id + '/')}. A button that opens the file in "
                          "GitHub's web editor appears here once the repository's "
                          f"{code('policytrack.yml')} sets {code('repo_url')}.</p>\n")
        out += ("<p>Each button opens GitHub's web editor on a new evidence file, already filled in except for "
                "the parts marked FILL IN; saving it proposes a pull request, and the checker runs on it.</p>\n")
        def button(agency: str) -> Callable[[str], str]:
            def make(_: str) -> str:
                target = submit.submit_url(self.repo.config, obligation, agency, self.as_of)
                if not target:
                    return ""
                label = f"Submit evidence for {self.agency_name_text(agency)}"
                return f"<p {NO_SEARCH}>{link(label, target, 'md-button pt-submit')}</p>\n"
            return make

        return out + self.paged(path, f"obligations/{folder(obligation.id)}/submit",
                                f"Submit evidence: {obligation.title}", [button(agency) for agency in agencies],
                                lambda body: body, SUBMIT_BUTTONS, LIST_BUDGET // 3)

    def agency(self, agency_id: str) -> None:
        path = agency_page(agency_id)
        record = self.repo.agencies.get(agency_id)
        out = self.head(path, record.name if record else agency_id)
        if record is None:
            out += f"<p>{code(agency_id)} is named by obligations but is not in the agency registry.</p>\n"
        else:
            facts = [f"Head: {text(record.head)}"]
            if record.parent:
                facts.append("part of " + self.agency_link(path, record.parent))
            if record.url:
                facts.append(link("website", record.url))
            out += "<p>" + " · ".join(facts) + "</p>\n"
        rows = self.by_agency.get(agency_id, [])
        readings = Counter(agency_reading(row) for _, row in rows)
        counts = tally(readings.elements())
        name = self.agency_name_text(agency_id)
        if rows:
            out += (f'<p class="pt-lead">{name} owes {_count(counts.owed, "duty")}: {counts["behind"]} behind, '
                    f'{counts["breached"]} breached, {counts["claimed"]} done but not verified, '
                    f'{counts["verified"]} done and verified. '
                    f'{_progress(counts["verified"], counts["claimed"], counts.owed)}</p>\n')
        out += self.breaches(path, f"agencies/{folder(agency_id)}/breaches",
                             self.breaches_of(dict.fromkeys(key for key, _ in rows), agency_id))
        out += self.next_steps(path, agency_id, rows)
        out += self.h(path, 2, "What it owes")
        out += self.reading_counts(path, readings, "duties")
        out += ("<p>Deadlines as a calendar: "
                + link(f"{name} (iCalendar)", rel(path, calendar_file(agency_id))) + "</p>\n")
        ordered = sorted(rows, key=lambda item: (rank(agency_reading(item[1])), item[1].due or date.max, item[0]))
        out += self.listing(path, f"agencies/{folder(agency_id)}", f"What {self.agency_name_raw(agency_id)} owes",
                            ["Status", "Obligation", "Due"],
                            [self._agency_row(ob, row, agency=False) for ob, row in ordered],
                            empty="No obligation binds this agency.",
                            caption=f"Every duty of {name}, most urgent first: one row per obligation")
        out += self.over_time(path, f"agency:{agency_id}", self.agency_name_raw(agency_id))
        owned = self.owned_by.get(agency_id, [])
        bound = {key for key, _ in rows}
        others = [key for key in owned if key not in bound]
        if owned:
            out += (self.h(path, 2, "Obligations it answers for as owner")
                    + f"<p>{_count(len(owned), 'obligation')} name it as owner; "
                    + (f"{len(owned) - len(others)} of them bind it and are listed above; "
                       if len(others) < len(owned) else "")
                    + f"{len(others)} bind only other agencies"
                    + (":" if others else ".") + "</p>\n")
            out += self.listing(path, f"agencies/{folder(agency_id)}/owner",
                                f"Owned by {self.agency_name_raw(agency_id)}",
                                ["Status", "Obligation", "Owner", "Due"],
                                [self._obligation_row(key) for key in others], empty="",
                                caption=f"Obligations {name} answers for that bind other agencies: one row per "
                                        "obligation")
        systems = self.operated_by.get(agency_id, [])
        if systems:
            out += (self.h(path, 2, "Systems it operates") + "<ul>\n"
                    + "".join(f"<li>{self.system_link(path, key)}</li>\n" for key in systems) + "</ul>\n")
        self.add(path, out)

    NEXT_STEPS = 5
    """Duties listed, each with its Submit button, under "What to submit next" on an agency's page."""

    def next_steps(self, path: str, agency_id: str, rows: list[tuple[str, AgencyStatus]]) -> str:
        """What the agency must submit next: each open or unverified duty, the evidence it needs, its button."""
        todo = [(key, row) for key, row in rows
                if agency_reading(row) in ("breached", "overdue", "lapsed", "blocked", "no-deadline", "due-soon",
                                           "not-yet-due", "claimed")]
        todo.sort(key=lambda item: (rank(agency_reading(item[1])), item[1].due or date.max, item[0]))
        out = self.h(path, 2, "What to submit next")
        if not todo:
            return out + "<p>Nothing: every duty of this agency is done and verified, waived or not in force.</p>\n"
        out += (f"<p>{_count(len(todo), 'duty')} need evidence, most urgent first. Each button opens a new evidence "
                "file for that duty, already filled in except for the parts marked FILL IN.</p>\n"
                if not self.historical else
                f"<p>{_count(len(todo), 'duty')} needed evidence on {long_date(self.as_of)}. This view of the past "
                "has no Submit buttons: submit evidence from the current site.</p>\n")
        out += '<ol class="pt-steps">\n'
        for key, row in todo[:self.NEXT_STEPS]:
            obligation = self.repo.obligations[key]
            shown = agency_reading(row)
            why = self.why(key, row)
            needed = ("a record that verifies the claim already filed, or " if shown == "claimed" else "")
            out += (f"<li>{self.badge(path, shown)} {self.obligation_link(path, key)}"
                    + (f'<br><span class="pt-why">{why[:1].upper() + why[1:]}</span>' if why else "")
                    + f"<br><strong>Evidence needed:</strong> {needed}{self._requirement(obligation)}")
            target = None if self.historical else submit.submit_url(self.repo.config, obligation, agency_id,
                                                                    self.as_of)
            if target:
                out += (f'<br><span {NO_SEARCH}>'
                        + link(f"Submit evidence: {text(obligation.title)}", target, "md-button pt-submit")
                        + "</span>")
            out += "</li>\n"
        out += "</ol>\n"
        if len(todo) > self.NEXT_STEPS:
            out += (f"<p>{len(todo) - self.NEXT_STEPS} more are in the list below; each obligation's page has its "
                    "Submit button near the top.</p>\n")
        return out

    def reading_counts(self, path: str, readings: Counter[str], unit: str) -> str:
        """Counts per reading as badges, with the unit counted."""
        if not readings:
            return ""
        return (f"<p>Counted in {unit}: " + "; ".join(
            f"{self.badge(path, name)} {readings[name]}" for name in sorted(readings, key=rank)) + "</p>\n")

    def over_time(self, path: str, scope: str, name: str) -> str:
        """The chart of duties behind and done over time for one scope, its table and its CSV file."""
        series = self.series.get(scope)
        if series is None or len(series.dates) < 2:
            return ""
        csv_path = f"history/{scope.replace(':', '-')}.csv"
        self.site.files[csv_path] = chart.to_csv(series).encode()
        title = f"Duties of {name} behind and done, {series.dates[0].year} to {series.dates[-1].year}"
        out = self.h(path, 2, "Over time")
        out += ("<p>The records replayed on regular dates: on each, evidence and decisions dated later do not exist "
                f"yet. {link('The figures as CSV', rel(path, csv_path))}.</p>\n")
        out += (f'<figure class="pt-chart-figure">{chart.svg(series, title, slug(scope))}</figure>\n')
        out += table(["Date", "Duties", "Behind", "Verified", "Not verified"], chart.rows(series),
                     NO_SEARCH, caption=f"{text(title)}: one row per date; counts are of duties (done, verified or "
                                        "not)", cards=False) + "\n"
        return out

    def statuses_page(self) -> None:
        path = STATUS_PAGE
        out = self.head(path, "What the words mean")
        out += ("<p>Every status on this site is computed from the records as of the date above: the due date the "
                "law (or an administrative decision) gives, the evidence filed, and whether someone other than the "
                "agency verified it. A status says what the records show, not what an agency did when no record "
                "says so.</p>\n")
        out += ("<p><strong>A duty</strong> is one obligation for one agency: an obligation that binds three "
                "agencies is three duties. Every table says what one of its rows is. Dates are given with the time "
                "since or until them, in years and months.</p>\n")
        out += self.h(path, 2, "The statuses")
        for name in READINGS:
            out += self.h(path, 3, html.escape(WORDS[name]), name)
            out += f"<p>{badge(name)} {text(MEANINGS[name])}</p>\n"
        out += self.h(path, 2, "The scorecard's columns")
        out += table(["Column", "Statuses counted"], [
            [html.escape(GROUP_LABELS[group]),
             ", ".join(html.escape(WORDS[name]) for name in READINGS if _GROUP_OF.get(name) == group)]
            for group in GROUP_ORDER], caption="Scorecard columns: one row per column") + "\n"
        out += ("<p>Repealed duties and duties not in force are not counted as owed. \"Done\" bars show verified "
                "completion in full colour and completion nobody has verified hatched beside it.</p>\n")
        self.add(path, out)

    def system(self, system_id: str) -> None:
        system = self.repo.systems[system_id]
        path = system_page(system_id)
        out = self.head(path, system.name)
        facts = ["Operated by " + (self.agency_link(path, system.operator) if system.operator else "an unknown agency")]
        if system.data:
            facts.append("holds " + ", ".join(code(item) for item in system.data))
        out += "<p>" + " · ".join(facts) + "</p>\n"
        if system.description:
            out += paragraphs(system.description)
        out += self.h(path, 2, "What binds it")
        binding = self.by_system.get(system_id, [])
        out += self.listing(path, f"systems/{folder(system_id)}", f"What binds {system.name}",
                            ["Status", "Obligation", "Ordinance", "Owner", "Due"],
                            [self._obligation_row(key, ordinance=True) for key in binding],
                            empty="No obligation names this system.")
        laws = [key for key, ordinance in sorted(self.repo.ordinances.items())
                if set(ordinance.protects) & set(system.data)]
        if laws:
            out += "<p>Ordinances protecting data it holds: " + ", ".join(
                self.ordinance_name(path, key) for key in laws[:50]) + (" and more" if len(laws) > 50 else "")
            out += "</p>\n"
        out += self.h(path, 2, "Who has access from outside")
        access = [item for item in system.access if item.since is None or item.since <= self.as_of]
        if access:
            out += table(["Party", "Access", "Since", "Until"], [
                [self.party_name(item.party),
                 text(item.description) + (" · " + link("source", item.source) if item.source else ""),
                 long_date(item.since) if item.since else "not known",
                 (long_date(item.until) + (" (ended)" if item.until < self.as_of else ""))
                 if item.until and item.until <= self.as_of else "continuing"]
                for item in access], caption="External access to this system: one row per party and grant") + "\n"
        else:
            out += "<p>No external access is recorded.</p>\n"
        self.add(path, out)

    def indexes(self, agencies: list[str]) -> None:
        path = "ordinances/index.md"
        ranked = sorted(self.repo.ordinances, key=lambda key: (-self._open_count(key) if key in self.by_ordinance
                                                               else 0, key))
        for key in ranked:
            self.by_ordinance.setdefault(key, [])
        self.add(path, self.head(path, "Ordinances") + self.listing(
            path, "ordinances", "Ordinances",
            ["Ordinance", "Obligations", "Behind", "Done, verified", "Done, not verified", "Done", "Clauses carried"],
            [self._ordinance_row(key, clauses=True) for key in ranked], empty="No ordinances.",
            caption="Every ordinance, the most behind first: one row per ordinance; counts are of obligations"))
        path = "obligations/index.md"
        ranked_obligations = sorted(self.statuses.values(), key=_urgency)
        self.add(path, self.head(path, "Obligations") + "<p>Most urgent first.</p>\n" + self.listing(
            path, "obligations", "Obligations", ["Status", "Obligation", "Ordinance", "Owner", "Due"],
            [self._obligation_row(item.obligation, ordinance=True) for item in ranked_obligations],
            empty="No obligations."))
        path = "agencies/index.md"

        rows = {key: [row for _, row in self.by_agency.get(key, [])] for key in agencies}
        self.add(path, self.head(path, "Agencies") + self.scorecard(path, "agencies", rows, "Agencies"))
        path = "systems/index.md"

        def system_row(system_id: str) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                system = self.repo.systems[system_id]
                operator = self.agency_link(page, system.operator) if system.operator else "not known"
                return [self.system_link(page, system_id), operator, str(len(self.by_system.get(system_id, []))),
                        str(len(system.access))]
            return make

        self.add(path, self.head(path, "Systems") + self.listing(
            path, "systems", "Systems", ["System", "Operator", "Obligations", "External access"],
            [system_row(key) for key in sorted(self.repo.systems)], empty="No systems."))

    def rules(self) -> None:
        path = "rules.md"
        out = self.head(path, "Checker rules")
        out += ("<p>The checker (<code>policytrack check</code>) applies these rules to every pull request and to "
                "this site's build. This page is generated from each rule's own documentation.</p>\n")
        for rule in RULES.values():
            kind = ("time-driven; a warning with <code>--deadlines warning</code>" if rule.deadline
                    else "about the files")
            out += self.h(path, 2, html.escape(rule.id), slug(rule.id))
            out += f"<p><strong>Severity:</strong> {rule.severity} ({kind})</p>\n"
            out += "".join(f"<p>{docstring(block)}</p>\n" for block in rule.doc.split("\n\n") if block.strip())
        out += (self.h(path, 2, "Files that cannot be loaded")
                + "<p>Findings about files that could not be read at all are explained on their own page, "
                + link("files that cannot be loaded", rel(path, LOADING_PAGE)) + ".</p>\n")
        self.add(path, out)
        # A page of its own keeps the rules page under the size every page keeps to.
        out = self.head(LOADING_PAGE, "Files that cannot be loaded")
        out += "<p>These findings come from the loader; all are errors. Every other file is still checked.</p>\n"
        for rule_id, doc in LOAD_RULES.items():
            out += (self.h(LOADING_PAGE, 2, html.escape(rule_id), slug(rule_id), toc=False)
                    + f"<p>{docstring(doc)}</p>\n")
        self.add(LOADING_PAGE, out)

    def findings(self) -> None:
        path = "findings.md"
        at = functools.partial(rel, path)
        result = self.result
        out = self.head(path, "Checker findings")
        out += (f"<p>The checker found {len(result.errors)} errors and {len(result.warnings)} warnings as of "
                f"{long_date(self.as_of)}, and {len(result.silenced)} findings were silenced in their files "
                "with a reason, listed here with it "
                f"(each rule is explained on the {link('rules page', at('rules.md'))}).</p>\n")

        def finding_row(index: int) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                item = result.findings[index]
                where = text(item.path or "(repository)") + (f":{item.line}" if item.line else "")
                documented = LOADING_PAGE if item.rule in LOAD_RULES else "rules.md"
                rule = link(code(item.rule), rel(page, documented) + "#" + slug(item.rule))
                severity = text(item.severity)
                if item.silenced is not None:
                    severity += " (silenced: " + text(item.silenced) + ")"
                return [where, severity, rule, text(item.message)]
            return make

        out += self.listing(path, "findings", "Checker findings", ["File", "Severity", "Rule", "Message"],
                            [finding_row(index) for index in range(len(result.findings))], empty="No findings.")
        out += ("<p><strong>Settings, silences and pull requests.</strong> A repository's <code>rules:</code> in "
                "<code>policytrack.yml</code> sets a rule's level; "
                "<code># policytrack: disable=RULE reason=\"...\"</code> silences a finding.</p>\n<dl>\n")
        for rule_id, doc in {**CONFIG_RULES, **GATE_RULES}.items():
            out += f'<dt id="{slug(rule_id)}"><code>{html.escape(rule_id)}</code></dt><dd>{docstring(doc)}</dd>\n'
        out += "</dl>\n"
        self.add(path, out)

    def _open_data_links(self, path: str) -> str:
        at = functools.partial(rel, path)
        return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in [
            f"{link('status.json', at('status.json'))}: every obligation's status "
            f"({link('schema', at('status.schema.json'))})",
            f"{link('obligations.csv', at('obligations.csv'))}: one row per obligation and agency "
            f"({link('schema', at('obligations.schema.json'))})",
            f"{link('All deadlines (iCalendar)', at(calendar_file(None)))}; "
            "one calendar per agency on its page",
            f"{link('Evidence and status changes (Atom feed)', at('feed.atom'))}",
            f"{link('About these files', at('open-data.md'))}",
        ]) + "</ul>\n"

    def open_data(self, agencies: list[str]) -> None:
        from policytrack.site.opendata import CSV_COLUMNS

        path = "open-data.md"
        at = functools.partial(rel, path)
        out = self.head(path, "Open data")
        out += ("<p>Everything on this site is also published as data, computed by the same build for the same "
                "date. The files are replaced on every build; their addresses stay the same.</p>\n")
        out += self.h(path, 2, "status.json")
        out += (f"<p>{link('status.json', at('status.json'))} is the checker's JSON output "
                "(<code>policytrack check --format json</code>) with the commit the site was built from. Its schema, "
                f"{link('status.schema.json', at('status.schema.json'))} (JSON Schema 2020-12), is versioned by the "
                "top-level <code>version</code> field: a change that removes or renames a field, or changes its "
                "meaning, increases it; new fields may appear within a version, so readers should ignore keys they do "
                "not know.</p>\n")
        out += self.h(path, 2, "obligations.csv")
        out += (f"<p>{link('obligations.csv', at('obligations.csv'))}: UTF-8, comma-separated, a header row, one row "
                "per obligation and bound agency. Its columns are described by the Frictionless Table Schema "
                f"{link('obligations.schema.json', at('obligations.schema.json'))}:</p>\n")
        out += table(["Column", "Type", "Meaning"],
                     [[code(name), kind, meaning] for name, kind, meaning in CSV_COLUMNS],
                     caption="Columns of obligations.csv, in order")
        out += "\n" + self.h(path, 2, "Calendars")
        out += ("<p>iCalendar files (RFC 5545) with one all-day event per obligation and agency that has a due date "
                "(a recurring duty repeats, by the same calendar the checker uses): "
                f"{link('every deadline', at(calendar_file(None)))}; per agency: ")
        out += ", ".join(link(self.agency_name_text(key), at(calendar_file(key))) for key in agencies[:200]) + ".</p>\n"
        out += self.h(path, 2, "Atom feed")
        out += (f"<p>{link('feed.atom', at('feed.atom'))} (RFC 4287): the newest evidence records and the dates "
                "on which obligations fell overdue, newest first.</p>\n")
        self.add(path, out)

    def tags(self) -> None:
        if not self.tagged_pages or self.tagged_pages > self.options.tags_listing_limit:
            return
        path = "tags.md"
        self.add(path, self.head(path, "Tags") + "<p>Obligations by tag.</p>\n\n<!-- material/tags -->\n",
                 is_html=False)

    def navigation(self, agencies: list[str]) -> list[Any]:
        limit = self.options.nav_limit

        def section(title: str, index: str, items: list[str]) -> dict[str, Any]:
            if len(items) > limit:
                return {title: index}
            return {title: [index, *items]}

        nav: list[Any] = [
            "index.md",
            section("Ordinances", "ordinances/index.md", [ordinance_page(key) for key in sorted(self.repo.ordinances)]),
            "obligations/index.md",
            section("Agencies", "agencies/index.md", [agency_page(key) for key in agencies]),
            section("Systems", "systems/index.md", [system_page(key) for key in sorted(self.repo.systems)]),
            STATUS_PAGE,
            "rules.md",
            LOADING_PAGE,
            "findings.md",
            "open-data.md",
        ]
        if "tags.md" in self.paths:
            nav.append("tags.md")
        return nav


NO_SEARCH = 'data-search-exclude="1"'
"""Marks navigation-like parts (tables of links, buttons) that the search index should skip; the
search plugin removes the attribute from the page."""
_TAG = re.compile(r"<[^>]*>")
_SYMBOL = re.compile(r'href="#pt-i-([a-z-]+)"')


def _slugify(value: str) -> str:
    """A heading's id as Python-Markdown's toc extension makes it."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _unique(anchor: str, taken: set[str]) -> str:
    """``anchor``, or with ``_1``, ``_2``... appended when the page already has it (as the toc extension does)."""
    candidate, number = anchor or "_", 0
    while candidate in taken:
        number += 1
        candidate = f"{anchor}_{number}"
    taken.add(candidate)
    return candidate


def _nest(headings: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Headings as the toc extension's nested tokens (what mkdocs.structure.toc.get_toc reads)."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, label in headings:
        token: dict[str, Any] = {"level": level, "id": anchor, "name": _TAG.sub("", label), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def _clean_tag(tag: str) -> str:
    return " ".join("".join(char for char in tag if char.isalnum() or char in " ._-").split())[:60]


_NOTE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}):\s")


def dated_notes(notes: str, as_of: date, historical: bool) -> tuple[list[str], int]:
    """The paragraphs of ``notes`` to show, and how many are left out.

    Today's site shows every paragraph. A view of the past shows only paragraphs that start with a date
    (``2021-10-12: ...``) on or before its as-of date: an undated note may have been written at any time."""
    blocks = [block for block in re.split(r"\n\s*\n", notes.strip()) if block.strip()]
    if not historical:
        return blocks, 0
    kept = []
    for block in blocks:
        found = _NOTE_DATE.match(block.strip())
        try:
            when = date.fromisoformat(found.group(1)) if found else None
        except ValueError:
            when = None
        if when is not None and when <= as_of:
            kept.append(block)
    return kept, len(blocks) - len(kept)


def _first_sentence(value: str) -> str:
    """The first sentence of a text (up to its first '. '), or all of it."""
    line = " ".join(value.split())
    end = line.find(". ")
    return line[:end + 1] if end > 0 else line


def _count(number: int, unit: str) -> str:
    """'1 duty', '3 duties', '2 obligations'."""
    plural = (unit[:-1] + "ies" if unit.endswith("y") else unit + "es" if unit.endswith(("ch", "sh", "s"))
              else unit + "s")
    return f"{number} {unit if number == 1 else plural}"


def _progress(verified: int, claimed: int, total: int) -> str:
    """A bar of what is done: verified in full colour, claimed (not verified) hatched beside it; words too."""
    if not total:
        return "nothing owed"
    first, second = round(100 * verified / total), round(100 * claimed / total)
    words = f"{verified} of {total} done and verified, {claimed} done but not verified"
    return (f'<span class="pt-bar" role="img" aria-label="{words}" title="{words}">'
            f'<span class="pt-bar-verified" style="width:{first}%"></span>'
            f'<span class="pt-bar-claimed" style="width:{second}%"></span></span> '
            f'<span class="pt-bar-words">{first}% verified, {second}% not verified</span>')


def _describe_deadline(deadline: Deadline | AdministrativeDeadline) -> str:
    if isinstance(deadline, FixedDeadline):
        return f"By {long_date(deadline.date)}."
    if isinstance(deadline, RelativeDeadline):
        unit = "business days" if deadline.business_days else "days"
        return f"Within {deadline.days} {unit} of the ordinance's {deadline.after} date."
    if isinstance(deadline, RecurringDeadline):
        when = f"Every {deadline.every}"
        if deadline.every == "year" and deadline.month:
            when += f", by {_MONTH_NAMES[deadline.month - 1]} {deadline.day or 'end of month'}"
        elif deadline.day:
            when += f", by day {deadline.day}"
        return when + "."
    if isinstance(deadline, EventDeadline):
        within = f"within {deadline.within_days} {'business ' if deadline.business_days else ''}days" \
            if deadline.within_days is not None else "promptly"
        return f"On {text(deadline.event)}, {within}."
    return "No date."


def build_site(result: CheckResult, options: SiteOptions | None = None, *,
               sink: Callable[[Page], None] | None = None) -> Site:
    """Every page, open-data file and stylesheet of the status site, and its navigation.

    With ``sink``, each page is handed to it as soon as it is made instead of being kept in
    ``Site.pages`` (the MkDocs plugin stores them compressed, so a large site is never held twice).
    """
    from policytrack.site.opendata import open_data_files

    builder = _Builder(result, options or SiteOptions())
    builder.sink = sink
    site = builder.build()
    site.files.update(open_data_files(result, commit=builder.options.commit))
    site.files.update(asset_files())
    return site


STYLESHEET = "assets/policytrack/policytrack.css"
SCRIPT = "assets/policytrack/policytrack.js"
"""Sortable, filterable tables (the pages are complete without it); served from the site itself."""


def asset_files() -> dict[str, bytes]:
    """The package's stylesheet and script, by their paths on the site."""
    from importlib.resources import files

    assets = files("policytrack").joinpath("assets")
    return {STYLESHEET: assets.joinpath("policytrack.css").read_bytes(),
            SCRIPT: assets.joinpath("policytrack.js").read_bytes()}
