"""``policytrack pages OUT_DIR [REPO]``: the status site's pages as Markdown files (front matter, HTML body).

For generators without plugins (Zensical, the successor Material for MkDocs names, reads
``mkdocs.yml`` but skips plugins it has not re-implemented): the same pages the MkDocs plugin makes,
with the open-data files and the stylesheet, written under ``OUT_DIR``. Point ``docs_dir`` at it and
add ``assets/policytrack/policytrack.css`` to ``extra_css``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from policytrack.cli import EXIT_OK, UsageError, add_common, run_from_args
from policytrack.report import summary_line

AS_OF_ENV = "POLICYTRACK_AS_OF"  # the page generator is imported only when pages are made
NAV_LIMIT = 25


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``pages`` subcommand."""
    parser = subparsers.add_parser("pages", help="write the status site's pages as Markdown files")
    parser.add_argument("out", metavar="OUT_DIR", help="folder to write the pages into (created if needed)")
    add_common(parser)
    parser.add_argument("--nav-limit", type=int, default=NAV_LIMIT,
                        help="list a navigation section's pages one by one up to this many")
    parser.set_defaults(func=cmd_pages)


def cmd_pages(args: argparse.Namespace) -> int:
    """Write every page and open-data file; print what was written."""
    from policytrack.pages import SiteOptions, build_site, git_commit, resolve_today, write_site

    if args.as_of is None and os.environ.get(AS_OF_ENV):
        from policytrack.cli import parse_date

        try:
            args.as_of = parse_date(os.environ[AS_OF_ENV])
        except argparse.ArgumentTypeError as exc:
            raise UsageError(f"{AS_OF_ENV}: {exc}") from None
    try:
        today = resolve_today()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    result = run_from_args(args)
    site = build_site(result, SiteOptions(commit=git_commit(args.repo), nav_limit=args.nav_limit, today=today))
    try:
        count = write_site(site, Path(args.out))
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror}") from None
    print(summary_line(result))
    print(f"{len(site.pages)} pages and {count - len(site.pages)} other files written to {args.out}")
    return EXIT_OK
