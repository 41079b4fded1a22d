"""The status site's pages, made by library code that needs no MkDocs.

:func:`build_site` turns one check result into Markdown pages, open-data files and a navigation;
the MkDocs plugin (:mod:`policytrack.plugin`) serves them from memory and ``policytrack pages``
(:mod:`policytrack.commands.pages`) writes them to a folder with :func:`write_site`.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from policytrack.status.dates import today as today_in
from policytrack.model.limits import date_out_of_range, parse_as_of
from policytrack.site.build import build_site
from policytrack.site.kit import NO_SEARCH, SCRIPT, STYLESHEET, Page, Site, SiteOptions

__all__ = ["AS_OF_ENV", "NO_SEARCH", "SCRIPT", "STYLESHEET", "TODAY_ENV", "Page", "Site", "SiteOptions", "build_site",
           "git_commit", "resolve_as_of", "resolve_today", "write_site"]

AS_OF_ENV = "POLICYTRACK_AS_OF"
TODAY_ENV = "POLICYTRACK_TODAY"
"""The real date of the build, for tests and reproducible builds (default: the wall clock's date)."""


def resolve_today(timezone: str = "UTC") -> date:
    """The day the site is built: $POLICYTRACK_TODAY, else today in the repository's time zone. A site as
    of an earlier date is historical."""
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return today_in(timezone)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{TODAY_ENV} {text!r} is not written as YYYY-MM-DD") from None


def resolve_as_of(value: str | date | None) -> tuple[date | None, bool]:
    """The build's as-of date and whether it was pinned: ``value``, else $POLICYTRACK_AS_OF, else None
    (today in the repository's time zone, which the check finds in ``policytrack.yml``)."""
    if isinstance(value, date):
        problem = date_out_of_range(value)
        if problem:
            raise ValueError(f"as-of date {value.isoformat()}: {problem}")
        return value, True
    text = value or os.environ.get(AS_OF_ENV, "").strip()
    if not text:
        return None, False
    try:
        return parse_as_of(text), True
    except ValueError as exc:
        raise ValueError(f"as-of date {exc}") from None


def git_commit(folder: str | os.PathLike[str]) -> str:
    """The short commit of ``folder``'s git checkout, or "unknown" (never fails)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit.isalnum() else "unknown"


def write_site(site: Site, out: str | os.PathLike[str]) -> int:
    """Write every page and file of ``site`` under ``out``; return how many files were written."""
    base = Path(out)
    count = 0
    for page in site.pages:
        target = base / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
        count += 1
    for path, data in site.files.items():
        target = base / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1
    return count
