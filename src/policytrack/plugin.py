"""The MkDocs plugin: ``plugins: [search, policytrack]`` in ``mkdocs.yml`` makes the status site.

A thin shell over :func:`policytrack.site.publish.publish`: on every build it loads and checks the
repository for the build's as-of date, then adds every generated page and open-data file to MkDocs
from memory (``File.generated``), so no generated Markdown is ever committed. The pages are made as
final HTML: MkDocs reads only their front matter, and each page's HTML and table of contents replace
the (empty) Markdown conversion in ``on_page_content``, before the search plugin indexes the page, so
Python-Markdown never runs over them. ``mkdocs serve`` watches the data folders and
``policytrack.yml`` and rebuilds when one changes.

Options (all optional)::

    plugins:
      - policytrack:
          repository: .          # the policy repository, relative to mkdocs.yml
          as_of: 2025-06-30      # default: $POLICYTRACK_AS_OF, else today
          deadlines: error       # or warning, as `policytrack check --deadlines`
          nav_limit: 25          # list a nav section's pages one by one up to this many
          mermaid: false         # true: ordinance diagrams as Mermaid (loaded from unpkg.com by readers)
          history: true          # charts of duties behind and done over time (replays the engine per date)
          history_points: 60     # dates per chart at most (default: every change, 12 to 120 by size)

The build's real date ($POLICYTRACK_TODAY, else today) decides whether the site is a view of the past:
one as of an earlier date says so in every title and a banner, and has no Submit buttons. The dates listed
as ``snapshots`` in ``policytrack.yml`` are published beside today's site: after the build, each is built
(the same ``mkdocs.yml``, as of that date) into ``as-of/DATE/`` (not while serving). A written page of
``docs/`` whose front matter has a ``date`` is part of a view only from that date.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zlib
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from policytrack.model import cache as record_cache
from policytrack.model.load import CONFIG_FILE, DATA_FOLDERS
from policytrack.model.paths import problem
from policytrack.model.safetext import excerpt
from policytrack.site.kit import NO_SEARCH, SCRIPT, STYLESHEET, Page, SiteOptions
from policytrack.site.publish import PublishError, build_view, publish, published_under, view_folder, written_by_then

log = logging.getLogger("mkdocs.plugins.policytrack")

EXTENSIONS: dict[str, dict[str, Any]] = {
    "tables": {},
    "attr_list": {},
    "md_in_html": {},
    "admonition": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "toc": {"permalink": True},
}
"""Markdown extensions a site may enable (text from YAML files is escaped against all of them).

The generated pages are final HTML and need none; the plugin no longer adds them, which spares every
page's Markdown set-up their cost."""

_UNSEARCHED = re.compile(r'<(p|table)\b[^>]*? data-search-exclude="1"[^>]*>.*?</\1>\n?', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink" [^>]*>&para;</a>')
_INLINE = re.compile(r"</?(?:a|span|time|strong|em|svg|path|circle|rect)\b[^>]*>")
_CELL = re.compile(r"</?(?:td|th|tr|caption)\b[^>]*>|<br>")
"""Cell boundaries become spaces in the search view, so an excerpt never runs two cells' words together."""
"""Tags the search plugin drops but keeps the text of (cut out first: fewer tags for it to parse)."""


def _refuse_links(files: Files, config: MkDocsConfig) -> None:
    """Stop the build when ``docs_dir`` leaves the folder of ``mkdocs.yml`` or lies under a link, or when a
    file MkDocs found in it is (or lies under) a link: MkDocs follows links, and would publish their targets."""
    base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    docs = os.path.relpath(os.path.abspath(config.docs_dir), base)
    unsafe = problem(base, docs)
    if unsafe is not None:
        raise PluginError(f"policytrack: the site is not built: docs_dir {excerpt(docs)} {unsafe}")
    for file in files:
        source = file.abs_src_path
        if not source or file.generated_by or os.path.relpath(source, config.docs_dir).startswith(".."):
            continue  # the theme's own files, or generated ones
        unsafe = problem(base, os.path.relpath(source, base))
        if unsafe is not None:
            raise PluginError(f"policytrack: the site is not built: {unsafe}")


def _render_nothing(page: MkDocsPage, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` leaves on a page whose Markdown is empty (its table of contents follows in
    ``on_page_content``)."""
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


class PolicytrackConfig(Config):
    """The plugin's options in ``mkdocs.yml``."""

    repository = c.Type(str, default=".")
    as_of = c.Optional(c.Type((str, date)))
    deadlines = c.Choice(("error", "warning"), default="error")
    nav_limit = c.Type(int, default=25)
    mermaid = c.Type(bool, default=False)
    history = c.Type(bool, default=True)
    history_points = c.Optional(c.Type(int))


class PolicytrackPlugin(BasePlugin[PolicytrackConfig]):
    """Generates the status site's pages from the policy repository at build time."""

    def __init__(self) -> None:
        self.root = Path(".")
        self.pages: dict[str, tuple[int, int, list[dict[str, Any]]]] = {}
        """Generated pages by path (where their compressed HTML is in the spool, its length, table of contents),
        until MkDocs has rendered them."""
        self.spool: IO[bytes] | None = None
        """A temporary file holding every generated page's compressed HTML, so that no build holds them all."""
        self.html_pages: set[str] = set()
        self.shown: dict[str, str] = {}
        """A generated page's HTML while the search plugin sees only its searchable parts."""
        self.views: list[date] = []
        """The views of the past to publish beside this build, under ``as-of/DATE/``."""
        self.serving = False
        self.copyright: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note a ``mkdocs serve``: views of the past are published by builds, not while serving."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the stylesheet the pages need (they are HTML: no Markdown extension is needed)."""
        base = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.root = (base / self.config.repository).resolve()
        self.copyright = config.copyright if self.copyright is None else self.copyright
        if published_under() and config.site_url:
            config.site_url = config.site_url.rstrip("/") + "/" + published_under()
        # Rebuilds under `mkdocs serve` (and builds after the first) load unchanged files from the warm cache.
        if os.environ.get("POLICYTRACK_NO_CACHE", "") in ("", "0"):
            record_cache.use(self.root / record_cache.FOLDER)
        # Headings of Markdown pages (the tags index, the site's own docs) get permalinks, as generated ones do.
        if "toc" not in config.markdown_extensions:
            config.markdown_extensions.append("toc")
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink", True)
        # Obligation pages are kept out of the navigation on purpose (see SiteOptions.nav_limit).
        config.validation.nav.omitted_files = logging.DEBUG
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(item) for item in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Check the repository and add every generated page and file (replacing same-named docs)."""
        generated: dict[str, str | bytes] = {}
        self.pages = {}
        self._close_spool()

        def keep(page: Page) -> None:
            if page.html:
                # MkDocs reads the front matter (title, tags) from a page holding nothing else; the
                # body, final HTML, waits compressed in the spool until the page is rendered (on_page_context).
                # The spool is opened with the first page: after the history's workers are forked, which
                # so never share it.
                if self.spool is None:
                    self.spool = tempfile.TemporaryFile(prefix="policytrack-pages-")  # noqa: SIM115 - closed after the build
                generated[page.path] = page.front
                data = zlib.compress(page.body.encode(), 1)
                self.pages[page.path] = (self.spool.tell(), len(data), page.toc)
                self.spool.write(data)
            else:
                generated[page.path] = page.markdown

        _refuse_links(files, config)
        points = self.config.history_points
        options = SiteOptions(nav_limit=self.config.nav_limit, mermaid=self.config.mermaid,
                              history=self.config.history, history_points=max(2, points) if points else None,
                              published_under=published_under(), site_url=config.site_url or None)
        try:  # the loaded repository is freed on return, before MkDocs renders
            site = publish(self.root, self.config.as_of, options,  # type: ignore[arg-type,unused-ignore]
                           deadlines=self.config.deadlines, sink=keep,
                           announce=lambda line: log.info("policytrack: %s", line))
        except PublishError as exc:
            raise PluginError(f"policytrack: {exc}") from None
        self.html_pages = set(self.pages)
        generated.update(site.files)
        nav = site.nav
        site.files.clear()
        self.views = [] if self.serving else site.views
        config.copyright = " · ".join(filter(None, [self.copyright, site.footer])) or None
        for file in list(files.documentation_pages()):  # a page of docs/ dated later than this view is not in it
            if site.as_of and file.src_uri not in generated and not written_by_then(file.abs_src_path, site.as_of):
                files.remove(file)
        for path, content in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.info("policytrack: the generated %s replaces %s in docs_dir", path, existing.src_uri)
                files.remove(existing)
            files.append(File.generated(config, path, content=content))
        if config.nav is None:
            own = [file.src_uri for file in files.documentation_pages() if file.src_uri not in generated]
            config.nav = [*nav[:-1], *sorted(own), *nav[-1:]]  # the repository's pages before "About the data"
        return files

    def _close_spool(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the spool of pages of a build that failed."""
        self._close_spool()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Remove the spool of pages; publish each view of the past beside the site: the same configuration
        built as of its date."""
        self._close_spool()
        for day in self.views:
            try:
                build_view(config.config_file_path, Path(config.site_dir), day)
            except PublishError as exc:
                raise PluginError(f"policytrack: {exc}") from None
            log.info("policytrack: the view as of %s is in %s", day.isoformat(), view_folder(day))

    def on_pre_page(self, page: MkDocsPage, /, *, config: MkDocsConfig, files: Files) -> MkDocsPage | None:
        """A generated page is final HTML: its (empty) Markdown is not converted, which spares setting up
        Python-Markdown and its extensions once per page. MkDocs is left what a conversion of nothing gives."""
        if page.file.src_uri in self.pages:
            page.render = partial(_render_nothing, page)  # type: ignore[method-assign]
        return page

    @event_priority(100)
    def on_page_content(self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str | None:
        """A generated page's table of contents; its HTML follows in on_page_context.

        MkDocs converts every page before it renders the first; holding every generated page's HTML
        from then on would double the build's memory, so the HTML is unpacked only when the page is
        rendered, and dropped once it is written (on_post_page).
        """
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        page.toc = get_toc(generated[2])  # type: ignore[arg-type]
        return ""

    @event_priority(100)
    def _search_view(self, context: Any, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Any) -> Any:
        """The generated page's HTML; until the search plugin has indexed it, only its searchable parts.

        The parts marked ``data-search-exclude`` (tables of links, buttons, the as-of line) would be
        skipped by the search plugin anyway; cutting them out first spares it parsing them, which
        was most of its time. Every marked element is a ``<p>`` or a ``<table>``, neither nested in
        its own kind, and text from YAML files is escaped, so the pattern cannot cut too much.
        """
        generated = self.pages.pop(page.file.src_uri, None)
        if generated is None:
            return context
        assert self.spool is not None
        self.spool.seek(generated[0])
        body = zlib.decompress(self.spool.read(generated[1])).decode()
        self.shown[page.file.src_uri] = body.replace(" " + NO_SEARCH, "")
        page.content = _CELL.sub(" ", _INLINE.sub("", _HEADERLINK.sub("", _UNSEARCHED.sub("", body))))
        return context

    @event_priority(-100)
    def _shown_view(self, context: Any, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Any) -> Any:
        """After the search plugin: the page's whole HTML again, for the theme to render."""
        shown = self.shown.pop(page.file.src_uri, None)
        if shown is not None:
            page.content = shown
        return context

    on_page_context = CombinedEvent(_search_view, _shown_view)

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        """Drop a generated page's HTML once the page is written (MkDocs would keep every page's)."""
        if page.file.src_uri in self.html_pages:
            page.content = ""
        return output

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a data file or ``policytrack.yml`` changes."""
        for folder in DATA_FOLDERS:
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        if (self.root / CONFIG_FILE).is_file():
            server.watch(str(self.root / CONFIG_FILE))
        return server
