"""Every page of the status site, from one check result.

:func:`build_site` is the one page generator: the MkDocs plugin serves its pages from memory and
``policytrack pages`` writes them to a folder. Each page is YAML front matter and a body of final HTML
(headings with their ids and permalinks, as Python-Markdown would write them), so MkDocs need not run
Markdown over it and the same text is still a valid Markdown file for other generators. Pages, by path
from the site root:

``index.md``                        home: every ordinance, what is overdue, what is due soon
``ordinances/{id}/index.md``        sections with their text and obligations, coverage, diagram
``obligations/{id}/index.md``       who, what, by when, the law's words, agencies, evidence, "Submit evidence"
``agencies/{id}/index.md``          what the agency owes, overdue first; its calendar
``systems/{id}/index.md``           what binds the system, who has access
``ordinances/index.md`` (and agencies, systems, obligations)   the full lists
``rules.md``, ``findings.md``, ``open-data.md``, ``tags.md``

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from policytrack.check import CheckResult
from policytrack.coverage import ClauseCoverage
from policytrack.models import (
    AdministrativeDeadline,
    Deadline,
    EventDeadline,
    Evidence,
    FixedDeadline,
    NoDeadline,
    Obligation,
    RecurringDeadline,
    RelativeDeadline,
    Section,
)
from policytrack.pages import diagram, submit
from policytrack.pages.clauses import coverage_summary, mark_section, share_text
from policytrack.pages.markup import (
    TEXT_LIMIT,
    badge,
    code,
    docstring,
    link,
    paragraphs,
    proof_badge,
    rel,
    slug,
    table,
    table_of,
    table_row,
    text,
)
from policytrack.ruleconfig import CONFIG_RULES, GATE_RULES
from policytrack.rules import RULES
from policytrack.rules.loading import LOAD_RULES
from policytrack.safetext import clean
from policytrack.sitepaths import (
    agency_page,
    calendar_file,
    folder,
    obligation_page,
    ordinance_page,
    system_page,
)
from policytrack.status import DONE, OPEN, ORDER, AgencyStatus, ObligationStatus

__all__ = ["agency_page", "calendar_file", "obligation_page", "ordinance_page", "system_page"]

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


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


def long_date(value: date) -> str:
    """'9 July 2019'."""
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


HOME_ORDINANCES = 40
"""Ordinances listed on the home page (most overdue first); the ordinances index lists them all."""
HOME_ROWS = 40
"""Rows of the home page's overdue and due-soon lists; they continue on further pages."""
EVIDENCE_PER_PAGE = 20
"""Evidence records on an obligation's page, newest first; older ones continue on further pages."""
SUBMIT_BUTTONS = 10
"""'Submit evidence' buttons on an obligation's page (one per agency bound); more continue on further pages."""
SECTIONS_BUDGET = 30_000
"""Estimated bytes of an ordinance's sections on one page; more sections continue on further pages."""
SECTION_ROWS = 25
"""Obligations listed beside a section; more continue on further pages."""
LIST_BUDGET = 30_000
"""Bytes of one list on one page; a longer list continues on further pages (so no page passes 60 KB).
Pages that hold several lists (the home page, an obligation's page) give each a share of it."""
LABEL_LIMIT = 200
"""Characters of a record's name or title in a link; the record's own page shows it whole."""


def _urgency(status: ObligationStatus) -> tuple[int, date, str]:
    return ORDER.index(status.status), status.due or date.max, status.obligation


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
        headings = self.headings.pop(path, [])
        page = Page(path, markdown[:end], markdown[end:], _nest(headings), is_html)
        self.paths.add(path)
        if self.sink is None:
            self.site.pages.append(page)
        else:
            self.sink(page)

    def h(self, path: str, level: int, label: str, anchor: str = "", *, toc: bool = True) -> str:
        """A heading (``label`` escaped HTML) with its permalink, as the toc extension writes it; noted for the
        toc unless ``toc`` is false (the theme repeats the toc on every page: long ones weigh)."""
        taken = self.anchors.setdefault(path, set())
        anchor = _unique(anchor or _slugify(html.unescape(_TAG.sub("", label))), taken)
        if toc:
            self.headings.setdefault(path, []).append((level, anchor, label))
        return (f'<h{level} id="{anchor}">{label}<a class="headerlink" href="#{anchor}" '
                f'title="Permanent link">&para;</a></h{level}>\n')

    def head(self, path: str, title: str, *, tags: Sequence[str] = ()) -> str:
        """Front matter, the H1 (``title``, unescaped text) and the "as of" line every page carries."""
        # The title is also given escaped in the front matter: themes put page.meta.title into <title>
        # and the navigation as it is, while a title taken from the H1 would be unescaped by "striptags".
        title = " ".join(clean(title).split())[:TEXT_LIMIT] or "(untitled)"  # text no YAML or HTML title breaks on
        meta: dict[str, Any] = {"title": html.escape(title, quote=True)}
        kept = [tag for tag in (_clean_tag(item) for item in tags) if tag]
        if kept:
            self.tagged_pages += 1
            meta["tags"] = kept
        # JSON values are YAML, and json.dumps is fifty times faster than yaml.safe_dump here.
        front = "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                                   for key, value in meta.items()) + "---\n\n"
        when = self.as_of.isoformat()
        self.anchors.pop(path, None)
        return (front + self.h(path, 1, text(title))
                + f'<p class="pt-asof" {NO_SEARCH}>Status as of <time datetime="{when}">{long_date(self.as_of)}'
                f"</time>, built from commit {code(self.options.commit)} · "
                f"{link('Open data', rel(path, 'open-data.md'))}</p>\n")

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
        days = (self.as_of - due).days
        when = f'<time datetime="{due.isoformat()}">{due.isoformat()}</time>'
        return f"{when} ({days} days ago)" if days > 0 else when

    def listing(self, path: str, base: str, title: str, header: Sequence[str],
                rows: Sequence[Callable[[str], Sequence[str]]], *, empty: str, limit: int | None = None,
                budget: int = LIST_BUDGET) -> str:
        """A table of ``rows`` (each made for the page it lands on); beyond ``limit`` rows, or ``budget``
        bytes, it continues on more pages."""
        if not rows:
            return f"<p>{empty}</p>\n" if empty else ""

        def item(row: Callable[[str], Sequence[str]]) -> Callable[[str], str]:
            return lambda page: table_row(row(page)) + "\n"

        return self.paged(path, base, title, [item(row) for row in rows],
                          lambda body: table_of(header, body.rstrip("\n"), NO_SEARCH) + "\n",
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
            if size and size + weight > SECTIONS_BUDGET:
                number, size = number + 1, 0
            size += weight
            layout.append((ordinance_page(ordinance_id) if number == 1
                           else f"ordinances/{folder(ordinance_id)}/Page-{number}.md", anchor))
        self.section_layouts[ordinance_id] = layout
        return layout

    # --- pages -----------------------------------------------------------------------------------------

    def build(self) -> Site:
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
        self.open_data(agencies)
        self.home()
        self.tags()
        self.site.nav = self.navigation(agencies)
        return self.site

    def home(self) -> None:
        path = "index.md"
        config = self.repo.config
        out = self.head(path, config.name)
        if config.description:
            out += paragraphs(config.description)
        counts: Counter[str] = Counter(status.status for status in self.statuses.values())
        out += self.h(path, 2, "Every ordinance")
        out += (f"<p>{len(self.statuses)} obligations in {len(self.repo.ordinances)} ordinances. "
                + "; ".join(f"{badge(name)} {counts[name]}" for name in ORDER if counts.get(name)) + "</p>\n")
        ranked = sorted(self.by_ordinance, key=lambda key: (-self._open_count(key), key))
        rows: list[str] = []
        size = 0
        for key in ranked[:HOME_ORDINANCES]:  # the most urgent, as many as fit in a third of a list's budget
            row = table_row([*self._ordinance_row(key)(path), share_text(self.clause_coverage(key))]) + "\n"
            if rows and size + len(row.encode()) > LIST_BUDGET // 3:
                break
            rows.append(row)
            size += len(row.encode())
        shown = ranked[:len(rows)]
        if shown:
            out += table_of(["Ordinance", "Obligations", "Overdue or lapsed", "Done", "Progress", "Clauses carried"],
                            "".join(rows).rstrip("\n"), NO_SEARCH) + "\n"
        else:
            out += "<p>No ordinance has obligations yet.</p>\n"
        if len(ranked) > len(shown):
            out += (f"<p>The {len(shown)} with the most overdue obligations; "
                    + link(f"all {len(ranked)} ordinances", rel(path, "ordinances/index.md")) + ".</p>\n")
        overdue = [(status.obligation, row) for status in self.statuses.values() for row in status.agencies
                   if row.status in ("overdue", "lapsed")]
        overdue.sort(key=lambda item: (item[1].due or date.min, item[0], item[1].agency))
        out += (self.h(path, 2, "Overdue, oldest first")
                + f"<p>{len(overdue)} obligations of agencies are overdue or lapsed.</p>\n")
        out += self.listing(path, "overdue", "Overdue, oldest first", ["Due", "Obligation", "Agency", "Status"],
                            [self._agency_row(ob, row) for ob, row in overdue], empty="Nothing is overdue.",
                            limit=HOME_ROWS, budget=LIST_BUDGET // 2)
        horizon = self.as_of + timedelta(days=self.options.upcoming_days)
        upcoming = [(status.obligation, row) for status in self.statuses.values() for row in status.agencies
                    if row.status in OPEN and row.due and self.as_of <= row.due <= horizon]
        upcoming.sort(key=lambda item: (item[1].due or date.max, item[0], item[1].agency))
        out += self.h(path, 2, f"Due in the next {self.options.upcoming_days} days")
        out += self.listing(path, "upcoming", f"Due in the next {self.options.upcoming_days} days",
                            ["Due", "Obligation", "Agency", "Status"],
                            [self._agency_row(ob, row) for ob, row in upcoming],
                            empty=f"Nothing falls due by {horizon.isoformat()}.", limit=HOME_ROWS,
                            budget=LIST_BUDGET // 2)
        out += self.h(path, 2, "Open data") + self._open_data_links(path)
        self.add(path, out)

    def clause_coverage(self, ordinance_id: str) -> list[ClauseCoverage]:
        """The ordinance's clauses and what carries them (in its recorded text), computed once."""
        if ordinance_id not in self._clause_coverage:
            from policytrack.coverage import ordinance_coverage

            ordinance = self.repo.ordinances.get(ordinance_id)
            self._clause_coverage[ordinance_id] = [] if ordinance is None else ordinance_coverage(
                self.repo, ordinance, [self.repo.obligations[key] for key in self.by_ordinance.get(ordinance_id, [])])
        return self._clause_coverage[ordinance_id]

    def _open_count(self, ordinance_id: str) -> int:
        return sum(1 for key in self.by_ordinance[ordinance_id] if self.statuses[key].status in ("overdue", "lapsed"))

    def _ordinance_row(self, ordinance_id: str) -> Callable[[str], list[str]]:
        def row(path: str) -> list[str]:
            ids = self.by_ordinance[ordinance_id]
            counts: Counter[str] = Counter(self.statuses[key].status for key in ids)
            done = sum(counts[name] for name in DONE)
            late = counts["overdue"] + counts["lapsed"]
            return [self.ordinance_name(path, ordinance_id), str(len(ids)), str(late), str(done),
                    _progress(done, len(ids))]
        return row

    def _agency_row(self, obligation_id: str, row: AgencyStatus) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            who = self.agency_link(path, row.agency) if row.agency else "(no agency)"
            return [self.due_cell(row.due), self.obligation_link(path, obligation_id), who, badge(row.status)]
        return make

    def _obligation_row(self, obligation_id: str, *, ordinance: bool = False) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "<strong>no owner</strong>"
            cells = [self.obligation_link(path, obligation_id), owner, self.due_cell(status.due), badge(status.status)]
            if ordinance:
                cells.insert(1, self.ordinance_name(path, obligation.ordinance))
            return cells
        return make

    def _duty_row(self, obligation_id: str) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "<strong>no owner</strong>"
            return [f"{self.obligation_link(path, obligation_id)}<br>{owner}",
                    f"{badge(status.status)}<br>{self.due_cell(status.due)}"]
        return make

    def ordinance(self, ordinance_id: str) -> None:
        ordinance = self.repo.ordinances[ordinance_id]
        path = ordinance_page(ordinance_id)
        ids = self.by_ordinance.get(ordinance_id, [])
        out = self.head(path, ordinance.title)
        facts = [f"<strong>{text(ordinance.citation)}</strong>"]
        if ordinance.number:
            facts.append(f"Ordinance {text(ordinance.number)}")
        facts.append(f"enacted {ordinance.enacted.isoformat()}")
        facts.append(f"effective {ordinance.effective.isoformat()}" if ordinance.effective
                     else "effective date not recorded")
        facts.append(link("official text", ordinance.source))
        out += "<p>" + " · ".join(facts) + "</p>\n"
        if ordinance.summary:
            out += paragraphs(ordinance.summary)
        counts: Counter[str] = Counter(self.statuses[key].status for key in ids)
        done = sum(counts[name] for name in DONE)
        section_ids = {section.id for section in ordinance.sections}
        per_section: dict[str, list[str]] = {}
        for key in ids:
            per_section.setdefault(self.repo.obligations[key].section, []).append(key)
        covered = sum(1 for section in ordinance.sections if section.id in per_section)
        out += self.h(path, 2, "Coverage")
        out += (f"<p>{covered} of {len(ordinance.sections)} sections have at least one obligation; "
                f"{len(ids)} obligations, {done} done. {_progress(done, len(ids))}</p>\n")
        clauses = self.clause_coverage(ordinance_id)
        out += coverage_summary(clauses)
        if counts:
            out += "<p>" + "; ".join(f"{badge(name)} {counts[name]}" for name in ORDER if counts.get(name)) + "</p>\n"
        found = diagram.reach(self.repo, ordinance, ids)
        out += self.h(path, 2, "Agencies and systems it reaches")
        source = diagram.mermaid(self.repo, ordinance, found)
        if self.options.mermaid:
            out += f'<pre class="mermaid"><code>{html.escape(source, quote=False)}</code></pre>\n'
        else:
            out += f"<figure class=\"pt-figure\">{diagram.svg(self.repo, ordinance, found)}</figure>\n"
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
                                ["Obligation", "Owner", "Due", "Status"],
                                [self._obligation_row(key) for key in stray], empty="")
        if ordinance.amendments:
            out += self.h(path, 2, "Amendments")
            out += table(["Date", "By", "Action", "Sections"], [
                [item.date.isoformat(), text(item.by) + (" · " + link("source", item.source) if item.source else ""),
                 text(item.action), ", ".join(text(s) for s in item.sections) or "whole ordinance"]
                for item in ordinance.amendments]) + "\n"
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
                                ["Obligation and owner", "Status and due date"],
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
        out += f"<p>{badge(status.status)} {self._due_words(status)}</p>\n"
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
                waiver.date.isoformat() if waiver.date else "date missing"]))])
        out += table(["Question", "Answer"], rows) + "\n"
        out += self.h(path, 2, "The law's words") + "<blockquote>\n<p>" + text(obligation.quote) + "</p>\n"
        if obligation.paraphrase:
            out += "<p><em>(a paraphrase, not the law's words)</em></p>\n"
        out += "</blockquote>\n" + self.h(path, 2, "Status per agency")

        def agency_row(row: AgencyStatus) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                return [self.agency_link(page, row.agency) if row.agency else "(no agency named)", badge(row.status),
                        self.due_cell(row.due), str(len(row.evidence)), proof_badge(row.verified, bool(row.evidence))]
            return make

        out += self.listing(path, f"obligations/{folder(obligation_id)}/agencies", f"{obligation.title}: agencies",
                            ["Agency", "Status", "Due", "Evidence", "Proof"],
                            [agency_row(row) for row in status.agencies], empty="", budget=LIST_BUDGET // 3)
        if status.blocked_by:
            out += ("<p>Blocked by: " + ", ".join(self.obligation_link(path, key) for key in status.blocked_by)
                    + "</p>\n")
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
            out += f"<p>No evidence has been submitted as of {self.as_of.isoformat()}.</p>\n"
        out += self.h(path, 2, "Dependencies")
        if obligation.depends_on:
            out += "<p>Depends on:</p>\n<ul>\n" + "".join(
                f"<li>{self.obligation_link(path, key)} "
                f"{badge(self.statuses[key].status) if key in self.statuses else ''}</li>\n"
                for key in obligation.depends_on) + "</ul>\n"
        needed = self.needed_by.get(obligation_id, [])
        if needed:
            out += "<p>Needed by:</p>\n<ul>\n" + "".join(
                f"<li>{self.obligation_link(path, key)} {badge(self.statuses[key].status)}</li>\n"
                for key in needed) + "</ul>\n"
        if not obligation.depends_on and not needed:
            out += "<p>No other obligation depends on this one, and it depends on none.</p>\n"
        out += self._submit(path, obligation, status)
        if obligation.notes:
            out += self.h(path, 2, "Notes") + paragraphs(obligation.notes)
        self.add(path, out)

    def _due_words(self, status: ObligationStatus) -> str:
        if status.due is None:
            return "No due date."
        if status.status in ("overdue", "lapsed"):
            return f"Was due {status.due.isoformat()}, {(self.as_of - status.due).days} days before {self.as_of}."
        return f"Due {status.due.isoformat()}."

    def _deadline_words(self, obligation: Obligation, status: ObligationStatus) -> str:
        deadline: Deadline | AdministrativeDeadline | None = status.deadline
        words = _describe_deadline(deadline) if deadline is not None else ""
        if status.deadline_source == "administrative" and obligation.administrative_deadline:
            admin = obligation.administrative_deadline
            words += (f" (an administrative deadline set by {text(admin.set_by)} on {admin.set_on.isoformat()}; "
                      "the law names no date)")
        if deadline is None:
            law = obligation.deadline
            words = "The law gives no date, and no administrative deadline has been set."
            if isinstance(law, NoDeadline) and law.note:
                words += " " + text(law.note)
        if status.due:
            words += f" Due date: {status.due.isoformat()}."
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
        out = (self.h(path, 3, f"{item.date.isoformat()}: {self.agency_name_text(item.agency)}, {text(item.kind)}",
                      slug(item.id)) + f"<p>{proof_badge(verified, True)} ")
        submitted = text(item.submitted_by.role)
        if item.submitted_by.agency:
            submitted += f" ({text(item.submitted_by.agency)})"
        out += f"Claimed by {submitted}"
        if verified and item.verified is not None:
            out += f"; verified by {text(item.verified.by)} on {item.verified.on.isoformat()}"
            if item.verified.note:
                out += f": {text(item.verified.note.rstrip().rstrip('.'))}"
        out += ".</p>\n" + paragraphs(item.summary)
        if item.period:
            out += f"<p>Covers {item.period.start.isoformat()} to {item.period.end.isoformat()}.</p>\n"
        source = item.source
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
        out += "<p>Source: " + " · ".join(parts) + "</p>\n"
        return out

    def agency_name_text(self, agency_id: str) -> str:
        return text(self.agency_name_raw(agency_id), LABEL_LIMIT)

    def agency_name_raw(self, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def _submit(self, path: str, obligation: Obligation, status: ObligationStatus) -> str:
        out = self.h(path, 2, "Submit evidence")
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
        counts: Counter[str] = Counter(row.status for _, row in rows)
        out += self.h(path, 2, "What it owes")
        if counts:
            out += "<p>" + "; ".join(f"{badge(name)} {counts[name]}" for name in ORDER if counts.get(name)) + "</p>\n"
        out += ("<p>Deadlines as a calendar: "
                + link(f"{self.agency_name_text(agency_id)} (iCalendar)", rel(path, calendar_file(agency_id)))
                + "</p>\n")
        ordered = sorted(rows, key=lambda item: (ORDER.index(item[1].status), item[1].due or date.max, item[0]))
        out += self.listing(path, f"agencies/{folder(agency_id)}", f"What {self.agency_name_raw(agency_id)} owes",
                            ["Due", "Obligation", "Agency", "Status"],
                            [self._agency_row(ob, row) for ob, row in ordered],
                            empty="No obligation binds this agency.")
        owned = self.owned_by.get(agency_id, [])
        if owned:
            out += (self.h(path, 2, "Obligations it answers for as owner")
                    + f"<p>{len(owned)} obligations name it as owner.</p>\n")
            out += self.listing(path, f"agencies/{folder(agency_id)}/owner",
                                f"Owned by {self.agency_name_raw(agency_id)}",
                                ["Obligation", "Owner", "Due", "Status"],
                                [self._obligation_row(key) for key in owned], empty="")
        systems = self.operated_by.get(agency_id, [])
        if systems:
            out += (self.h(path, 2, "Systems it operates") + "<ul>\n"
                    + "".join(f"<li>{self.system_link(path, key)}</li>\n" for key in systems) + "</ul>\n")
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
                            ["Obligation", "Ordinance", "Owner", "Due", "Status"],
                            [self._obligation_row(key, ordinance=True) for key in binding],
                            empty="No obligation names this system.")
        laws = [key for key, ordinance in sorted(self.repo.ordinances.items())
                if set(ordinance.protects) & set(system.data)]
        if laws:
            out += "<p>Ordinances protecting data it holds: " + ", ".join(
                self.ordinance_name(path, key) for key in laws[:50]) + (" and more" if len(laws) > 50 else "")
            out += "</p>\n"
        out += self.h(path, 2, "Who has access from outside")
        if system.access:
            out += table(["Party", "Access", "Since", "Until"], [
                [self.party_name(item.party),
                 text(item.description) + (" · " + link("source", item.source) if item.source else ""),
                 item.since.isoformat() if item.since else "not known",
                 (item.until.isoformat() + (" (ended)" if item.until < self.as_of else ""))
                 if item.until else "continuing"]
                for item in system.access]) + "\n"
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
            path, "ordinances", "Ordinances", ["Ordinance", "Obligations", "Overdue or lapsed", "Done", "Progress"],
            [self._ordinance_row(key) for key in ranked], empty="No ordinances."))
        path = "obligations/index.md"
        ranked_obligations = sorted(self.statuses.values(), key=_urgency)
        self.add(path, self.head(path, "Obligations") + "<p>Most urgent first.</p>\n" + self.listing(
            path, "obligations", "Obligations", ["Obligation", "Ordinance", "Owner", "Due", "Status"],
            [self._obligation_row(item.obligation, ordinance=True) for item in ranked_obligations],
            empty="No obligations."))
        path = "agencies/index.md"

        def agency_row(agency_id: str) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                counts: Counter[str] = Counter(row.status for _, row in self.by_agency.get(agency_id, []))
                late = counts["overdue"] + counts["lapsed"]
                done = sum(counts[name] for name in DONE)
                total = sum(counts.values())
                return [self.agency_link(page, agency_id), str(total), str(late), _progress(done, total)]
            return make

        self.add(path, self.head(path, "Agencies") + self.listing(
            path, "agencies", "Agencies", ["Agency", "Obligations", "Overdue or lapsed", "Progress"],
            [agency_row(key) for key in agencies], empty="No agencies."))
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
                + "<p>These findings come from the loader; all are errors.</p>\n")
        for rule_id, doc in LOAD_RULES.items():
            out += self.h(path, 3, html.escape(rule_id), slug(rule_id), toc=False) + f"<p>{docstring(doc)}</p>\n"
        self.add(path, out)

    def findings(self) -> None:
        path = "findings.md"
        at = functools.partial(rel, path)
        result = self.result
        out = self.head(path, "Checker findings")
        out += (f"<p>The checker found {len(result.errors)} errors and {len(result.warnings)} warnings as of "
                f"{self.as_of.isoformat()}, and {len(result.silenced)} findings were silenced in their files "
                "with a reason, listed here with it "
                f"(each rule is explained on the {link('rules page', at('rules.md'))}).</p>\n")

        def finding_row(index: int) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                item = result.findings[index]
                where = text(item.path or "(repository)") + (f":{item.line}" if item.line else "")
                rule = link(code(item.rule), rel(page, "rules.md") + "#" + slug(item.rule))
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
        from policytrack.opendata import CSV_COLUMNS

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
                     [[code(name), kind, meaning] for name, kind, meaning in CSV_COLUMNS])
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
            "rules.md",
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


def _progress(done: int, total: int) -> str:
    if not total:
        return "no obligations"
    percent = round(100 * done / total)
    return (f'<progress value="{done}" max="{total}" aria-label="{done} of {total} done"></progress> '
            f"{percent}%")


def _describe_deadline(deadline: Deadline | AdministrativeDeadline) -> str:
    if isinstance(deadline, FixedDeadline):
        return f"By {deadline.date.isoformat()}."
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
    from policytrack.opendata import open_data_files

    builder = _Builder(result, options or SiteOptions())
    builder.sink = sink
    site = builder.build()
    site.files.update(open_data_files(result, commit=builder.options.commit))
    site.files.update(asset_files())
    return site


STYLESHEET = "assets/policytrack/policytrack.css"


def asset_files() -> dict[str, bytes]:
    """The package's stylesheet, by its path on the site."""
    from importlib.resources import files

    return {STYLESHEET: files("policytrack").joinpath("assets/policytrack.css").read_bytes()}
