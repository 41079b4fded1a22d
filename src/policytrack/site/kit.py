"""The kit every page is made with: the page and the site, the size budgets, headings, paging.

A :class:`Page` is YAML front matter and a body of final HTML (headings with their ids and permalinks,
as Python-Markdown would write them), so MkDocs need not run Markdown over it and the same text is still
a valid Markdown file for other generators. :class:`Kit` collects the pages as they are made: it writes
each page's head (front matter, title, the "as of" line), its headings (noted for the table of
contents), and lists too long for one page, which continue on ``…/Page-2.md`` and so on (``P`` is upper
case, so no record id can collide), which keeps every page small however large the repository is.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policytrack.model.safetext import clean
from policytrack.site.markup import TEXT_LIMIT, code, labels_of, link, rel, sprite, table_of, table_row, text
from policytrack.site.words import long_date, relative

STATUS_PAGE = "statuses.md"
"""The "What the words mean" page every badge links to."""
LOADING_PAGE = "rules-loading.md"
"""Where the loader's findings (files that cannot be loaded) are documented."""
NO_SEARCH = 'data-search-exclude="1"'
"""Marks navigation-like parts (tables of links, buttons) that the search index should skip; the
search plugin removes the attribute from the page."""
STYLESHEET = "assets/policytrack/policytrack.css"
SCRIPT = "assets/policytrack/policytrack.js"
"""Sortable, filterable tables (the pages are complete without it); served from the site itself."""


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
    history_points: int | None = None
    """Dates replayed for the charts at most (each replays the status engine over the whole repository). By
    default every date a count can change on, up to what the repository's size allows (12 to 120)."""
    published_under: str = ""
    """Where this build is published below the site's root (``as-of/2019-07-09/`` for a published view of
    the past; empty for today's site), so that its pages can link to the same page in the other views."""
    site_url: str | None = None
    """The site's address (MkDocs' ``site_url``): the Atom feed and calendars then link with absolute addresses."""
    data_changed: date | None = None
    """The day the records last changed (the newest commit to the data folders), shown beside the as-of date."""
    today: date | None = None
    """The real date of the build. A site built as of an earlier date is a *historical* view: every title
    and a banner say so, and it has no "Submit evidence" buttons and no notes written after it."""


@dataclass
class Site:
    """The generated site: Markdown pages, other files (open data, CSS) and the navigation."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    footer: str = ""
    """The theme's footer line (HTML, absolute links only): publisher, contact, "Report an error"."""
    as_of: date | None = None
    views: list[date] = field(default_factory=list)
    """The views of the past published beside this one (``as-of/DATE/``), for the build to make."""

    def page(self, path: str) -> Page:
        """The page at ``path``."""
        for page in self.pages:
            if page.path == path:
                return page
        raise KeyError(path)


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
FIRST_PAGE_EXTRA = 20_000
"""Bytes an ordinance's own page spends above its sections (the answer, breaches, scorecard, chart, and the
diagram drawn twice: in columns and stacked for phones)."""
BREACHES_PER_PAGE = 10
"""Breaches listed on one page, open ones first; more continue on further pages."""
SECTION_ROWS = 25
"""Obligations listed beside a section; more continue on further pages."""
LIST_BUDGET = 30_000
"""Bytes of one list on one page; a longer list continues on further pages (so no page passes 60 KB).
Pages that hold several lists (the home page, an obligation's page) give each a share of it."""
LABEL_LIMIT = 200
"""Characters of a record's name or title in a link; the record's own page shows it whole."""
NEXT_STEPS = 5
"""Duties listed, each with its Submit button, under "What to submit next" on an agency's page."""


class Kit:
    """The pages of one site in the making, as of one date: each page's head and headings, lists paged
    to their budgets, and each finished page kept in :attr:`site` or handed to :attr:`sink`."""

    def __init__(self, as_of: date, options: SiteOptions, sink: Callable[[Page], None] | None = None) -> None:
        self.as_of = as_of
        self.options = options
        self.site = Site()
        self.sink = sink
        self.tagged_pages = 0
        self.headings: dict[str, list[tuple[int, str, str]]] = {}
        self.anchors: dict[str, set[str]] = {}
        self.paths: set[str] = set()

    def add(self, path: str, markdown: str, *, is_html: bool = True) -> None:
        """The page at ``path`` is finished: with the symbols it draws and its table of contents, kept or sunk."""
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
        anchor = unique_anchor(anchor or _slugify(html.unescape(_TAG.sub("", label))), taken)
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
            meta["hide"] = ["tags"]  # listed on the tags page, not as chips above the title
        # JSON values are YAML, and json.dumps is fifty times faster than yaml.safe_dump here.
        front = "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                                   for key, value in meta.items()) + "---\n\n"
        when = self.as_of.isoformat()
        self.anchors.pop(path, None)
        out = front + self.h(path, 1, text(title))
        if self.historical and self.options.today is not None:
            under = self.options.published_under
            today = (" " + link("See this page today", rel(under + path, _same_page(path))) + "."
                     if under else "")
            out += (f'<div class="pt-historical" role="note" {NO_SEARCH}><p><strong>A view of the past.</strong> '
                    f'This page shows the records as they stood on <time datetime="{when}">{long_date(self.as_of)}'
                    f"</time> ({relative(self.as_of, self.options.today)}), not today. Evidence, notes and decisions "
                    f"dated later are left out, and evidence cannot be submitted from it.{today}</p></div>\n")
        return (out + f'<p class="pt-asof" {NO_SEARCH}>Status as of <time datetime="{when}">{long_date(self.as_of)}'
                f"</time>{self.freshness()} · built from commit {code(self.options.commit)} · "
                f"{link('What the words mean', rel(path, STATUS_PAGE))} · "
                f"{link('Open data', rel(path, 'open-data.md'))}{self.views(path)}</p>\n" + self.byline(path))

    def freshness(self) -> str:
        """When the records last changed, beside the as-of date (escaped HTML, starting with " · ")."""
        return ""

    def views(self, path: str) -> str:
        """Links to this page in the other published views (escaped HTML, starting with " · ")."""
        return ""

    def byline(self, path: str) -> str:
        """Who publishes the site, whom to contact and where to report an error (a paragraph)."""
        return ""

    @property
    def historical(self) -> bool:
        """True when the site shows an earlier date than the day it was built."""
        return self.options.today is not None and self.as_of < self.options.today

    def listing(self, path: str, base: str, title: str, header: Sequence[str],
                rows: Sequence[Callable[[str], Sequence[str]]], *, empty: str, limit: int | None = None,
                caption: str = "", budget: int = LIST_BUDGET, glossary: bool = True,
                numeric: Iterable[int] = ()) -> str:
        """A sortable table of ``rows`` (each made for the page it lands on); beyond ``limit`` rows, or
        ``budget`` bytes, it continues on more pages. ``caption`` (escaped HTML) says what one row is;
        with ``glossary`` it links once to what the status words mean (the badges in the rows are static
        text). Columns in ``numeric`` are right-aligned."""
        if not rows:
            return f"<p>{empty}</p>\n" if empty else ""
        labels = labels_of(header)
        caption = caption or text(title)
        numbers = frozenset(numeric)

        def item(row: Callable[[str], Sequence[str]]) -> Callable[[str], str]:
            return lambda page: table_row(row(page), labels, numbers) + "\n"

        def wrap(body: str, page: str) -> str:
            words = caption + (f" {link('What the statuses mean', rel(page, STATUS_PAGE))}" if glossary else "")
            return table_of(header, body.rstrip("\n"), NO_SEARCH, caption=words, sortable=True,
                            numeric=numbers) + "\n"

        return self.paged(path, base, title, [item(row) for row in rows], wrap,
                          limit or self.options.list_limit, budget, pure=True)

    def paged(self, path: str, base: str, title: str, items: Sequence[Callable[[str], str]],
              wrap: Callable[[str], str] | Callable[[str, str], str], limit: int, budget: int = LIST_BUDGET, *,
              pure: bool = False) -> str:
        """``items`` (each drawn for the page it lands on) wrapped by ``wrap`` (given the page too, when it
        takes two arguments): as many as fit in ``limit``
        items and ``budget`` bytes here, the rest on further pages ``{base}/Page-N.md`` (a
        capital P: no record id can take that name), so that no page grows without bound. ``pure`` items
        (no headings) drawn for one further page serve them all: they are in the same folder; drawn for this
        page to measure the list, they serve its first part too."""
        def around(body: str, page: str) -> str:
            return wrap(body, page) if _takes_page(wrap) else wrap(body)  # type: ignore[call-arg]

        first: list[str] | None = None  # pure items drawn for this page, kept for its part of the list
        if len(items) <= limit:
            headings, anchors = list(self.headings.get(path, [])), set(self.anchors.get(path, set()))
            parts = [item(path) for item in items]
            if sum(len(part.encode()) for part in parts) <= budget:
                return around("".join(parts), path)
            self.headings[path], self.anchors[path] = headings, anchors  # drawn again, in pieces
            first = parts if pure else None
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
                     + around("".join(drawn[index] if pure else items[index](more) for index in chunk), more))
        out = around("".join(first[index] if first is not None else items[index](path) for index in chunks[0]), path)
        if total == 1:
            return out
        return out + (f"<p>Showing {len(chunks[0])} of {len(items)}: "
                      + link(f"continue on page 2 of {total}", rel(path, f"{base}/Page-2.md")) + ".</p>\n")


def _same_page(path: str) -> str:
    """The page in another view that stands for ``path``: the same page, or for a list's further page
    (whose numbering another view may not have) the site's home."""
    return "index.md" if "/Page-" in path else path


def view_path(path: str, view: str) -> str:
    """Where ``path`` is in the view published under ``view`` (``as-of/DATE/``; empty for today's)."""
    return view + _same_page(path)


def _takes_page(function: Callable[..., str]) -> bool:
    """True when a wrapper takes the page's path beside the body."""
    code = getattr(function, "__code__", None)
    return code is not None and code.co_argcount >= 2


_TAG = re.compile(r"<[^>]*>")
_SYMBOL = re.compile(r'href="#pt-i-([a-z-]+)"')


def _slugify(value: str) -> str:
    """A heading's id as Python-Markdown's toc extension makes it."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def unique_anchor(anchor: str, taken: set[str]) -> str:
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


def asset_files() -> dict[str, bytes]:
    """The package's stylesheet and script, by their paths on the site."""
    from importlib.resources import files

    assets = files("policytrack").joinpath("assets")
    return {STYLESHEET: assets.joinpath("policytrack.css").read_bytes(),
            SCRIPT: assets.joinpath("policytrack.js").read_bytes()}
