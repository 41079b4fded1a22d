"""``policytrack pages OUT_DIR [REPO]``: the status site's pages as Markdown files (front matter, HTML body).

For generators without plugins (Zensical, the successor Material for MkDocs names, reads
``mkdocs.yml`` but skips plugins it has not re-implemented): the same pages the MkDocs plugin makes,
with the open-data files, the stylesheet and the script, written under ``OUT_DIR``. Headings are
written as Markdown (``## Title {: #id }``), so the generator lists them in each page's table of
contents. ``--config FILE`` also writes a configuration for the generator: the repository's
``mkdocs.yml`` with ``docs_dir`` set to ``OUT_DIR``, the navigation (obligation pages are kept out of it,
as the plugin keeps them, so the build grows linearly), the stylesheet and script, and the repository's
own documentation pages copied beside the generated ones::

    policytrack pages build/pages --config zensical.yml && zensical build -f zensical.yml

Zensical wants the site inside the folder of its configuration, so the configuration goes at the
repository root (``make site GENERATOR=zensical`` does this).

Pages are written as they are made, so a large site is never held in memory whole.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path
from typing import Any

import yaml

from policytrack.checks.rules.site_file import MKDOCS_FILE, site_folders
from policytrack.commands.common import EXIT_OK, UsageError, add_common
from policytrack.model.limits import MAX_FILE_BYTES
from policytrack.model.paths import UnsafePath, files_under, open_under, read_under
from policytrack.model.safetext import printable

NAV_LIMIT = 25


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``pages`` subcommand."""
    parser = subparsers.add_parser("pages", help="write the status site's pages as Markdown files")
    parser.add_argument("out", metavar="OUT_DIR", help="folder to write the pages into (created if needed)")
    add_common(parser)
    parser.add_argument("--nav-limit", type=int, default=NAV_LIMIT,
                        help="list a navigation section's pages one by one up to this many")
    parser.add_argument("--config", metavar="FILE", default=None,
                        help="also write a generator configuration (mkdocs.yml format, for Zensical) to FILE")
    parser.add_argument("--site-dir", metavar="DIR", default="site",
                        help="with --config: where the generator writes the site, relative to the repository "
                             "(default: site)")
    parser.set_defaults(func=cmd_pages)


def cmd_pages(args: argparse.Namespace) -> int:
    """Write every page and open-data file; print what was written."""
    # The site is imported only when pages are made: `policytrack check` does not pay for it.
    from policytrack.site.kit import Page, SiteOptions
    from policytrack.site.publish import PublishError, publish, write_file

    out = Path(args.out)
    written: set[str] = set()

    def write(page: Page) -> None:
        try:
            write_file(out, page.path, page.markdown)
        except UnsafePath as exc:
            raise UsageError(f"cannot write {out / exc.path}: it {exc.message}") from None
        except OSError as exc:
            raise UsageError(_cannot_write(exc, args.out)) from None
        written.add(page.path)

    options = SiteOptions(nav_limit=args.nav_limit, markdown_headings=True)
    try:
        site = publish(args.repo, args.as_of, options, deadlines=args.deadlines, replay=args.replay, sink=write,
                       announce=print)
    except PublishError as exc:
        raise UsageError(str(exc)) from None
    try:
        for path, data in site.files.items():
            write_file(out, path, data)
        for day in site.views:  # the published views of the past, under as-of/DATE/ (snapshots in policytrack.yml)
            under = f"as-of/{day.isoformat()}/"

            def write_view(page: Page, under: str = under) -> None:
                write_file(out, under + page.path, page.markdown)

            view = publish(args.repo, day, dataclasses.replace(options, published_under=under),
                           deadlines=args.deadlines, replay=True, sink=write_view)
            for path, data in view.files.items():
                write_file(out, under + path, data)
        config = Path(args.config) if args.config else None
        if config is not None:
            own = write_config(Path(args.repo), out, config, site.nav, written, Path(args.site_dir))
            print(f"{config}: configuration for {len(own)} documentation pages of the repository and the "
                  "generated ones")
    except UnsafePath as exc:
        raise UsageError(f"cannot write {out / exc.path}: it {exc.message}") from None
    except OSError as exc:
        raise UsageError(_cannot_write(exc, args.out)) from None
    print(f"{len(written)} pages and {len(site.files)} other files written to {args.out}")
    return EXIT_OK


def _cannot_write(exc: OSError, out: str) -> str:
    return f"cannot write to {exc.filename or out}: {exc.strerror}"


GENERATED_EXTENSIONS: list[Any] = ["attr_list", "md_in_html", {"toc": {"permalink": True}}]
"""Markdown extensions the written pages need: ids on headings (attr_list) and their permalinks (toc)."""


def write_config(repo: Path, out: Path, config: Path, nav: list[Any], generated: set[str],
                 site_dir: Path) -> list[str]:
    """Write the generator configuration for the pages in ``out``; return the repository's own pages copied."""
    from policytrack.site.publish import write_file

    data: dict[str, Any] = {}
    try:  # never through a link: mkdocs.yml, docs_dir and every file copied (a link would publish its target)
        if os.path.lexists(repo / MKDOCS_FILE):
            try:
                loaded = yaml.safe_load(read_under(repo, MKDOCS_FILE, MAX_FILE_BYTES).decode("utf-8", "replace"))
            except yaml.YAMLError as exc:
                raise UsageError(f"{repo / MKDOCS_FILE}: not readable as plain YAML ({exc}); write the configuration "
                                 "by hand") from None
            data = loaded if isinstance(loaded, dict) else {}
        [docs] = [folder for setting, folder in site_folders(repo) if setting == "docs_dir"]
        own: list[str] = []
        if (repo / docs).is_dir():
            for rel, why in files_under(repo, docs):
                if why is not None:
                    raise UsageError(f"{docs}/{printable(rel)}: the site would publish this file, which {why}")
                if rel not in generated:
                    with open_under(repo, f"{docs}/{rel}") as handle:
                        write_file(out, rel, handle.read())
                    if rel.endswith(".md"):
                        own.append(rel)
    except UnsafePath as exc:
        raise UsageError(f"{exc.path}: {exc.message}") from None
    base = config.resolve().parent
    plugins = [item for item in data.get("plugins", []) or []
               if item != "policytrack" and not (isinstance(item, dict) and "policytrack" in item)]
    data.update({
        "docs_dir": os.path.relpath(out.resolve(), base),
        "site_dir": os.path.relpath((repo / site_dir).resolve(), base),
        "nav": [*nav[:-1], *own, *nav[-1:]],  # the repository's pages before "About the data"
        "plugins": plugins,
        "extra_css": _with(data.get("extra_css"), "assets/policytrack/policytrack.css"),
        "extra_javascript": _with(data.get("extra_javascript"), "assets/policytrack/policytrack.js"),
        "markdown_extensions": _extensions(data.get("markdown_extensions")),
    })
    base.mkdir(parents=True, exist_ok=True)
    config.write_text("# Written by `policytrack pages --config`: the repository's mkdocs.yml for the generated "
                      "pages.\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return own


def _with(items: Any, path: str) -> list[Any]:
    listed = list(items or [])
    return listed if path in listed else [*listed, path]


def _extensions(items: Any) -> list[Any]:
    listed = list(items or [])
    names = {item if isinstance(item, str) else next(iter(item)) for item in listed}
    return listed + [item for item in GENERATED_EXTENSIONS
                     if (item if isinstance(item, str) else next(iter(item))) not in names]
