"""Publishing the site: the one sequence the MkDocs plugin and ``policytrack pages`` share.

:func:`publish` resolves the as-of date (given, else ``$POLICYTRACK_AS_OF``, else today), checks the
repository for it, works out the day of the build (``$POLICYTRACK_TODAY``, else today), refuses to build
while the repository holds what looks like personal data, notes the commit, and builds every page. Each
caller turns a :class:`PublishError` into its own kind of error and keeps the pages its own way (the
plugin in memory, the command in a folder, :func:`write_site` for a whole :class:`Site`).
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from policytrack.checks.checker import run_check
from policytrack.checks.privacy import publication_blockers, refusal
from policytrack.checks.rules.context import Options
from policytrack.checks.rules.site_file import site_file_problems
from policytrack.model.limits import date_out_of_range, parse_as_of
from policytrack.model.load import DATA_FOLDERS, NotARepository
from policytrack.model.paths import write_under
from policytrack.report.formats import summary_line
from policytrack.site.build import build_site
from policytrack.site.kit import Page, Site, SiteOptions
from policytrack.status.dates import today as today_in

AS_OF_ENV = "POLICYTRACK_AS_OF"
"""The as-of date of a build that names none (default: today in the repository's time zone)."""
TODAY_ENV = "POLICYTRACK_TODAY"
"""The real date of the build, for tests and reproducible builds (default: the wall clock's date)."""
VIEW_ENV = "POLICYTRACK_VIEW"
"""Set by the build of a published view of the past to where it is published (``as-of/DATE/``)."""


class PublishError(ValueError):
    """Why the site is not built, in one line (a bad date, no repository, personal data)."""


def publish(repository: str | os.PathLike[str], as_of: str | date | None, options: SiteOptions, *,
            deadlines: str = "error", replay: bool | None = None, sink: Callable[[Page], None] | None = None,
            announce: Callable[[str], None] = lambda _: None) -> Site:
    """Check ``repository`` and build its site as of ``as_of`` (else $POLICYTRACK_AS_OF, else today).

    ``options`` lay the site out; its commit and build day are filled in here. ``replay`` defaults to
    whether the as-of date was pinned. ``announce`` hears the check's summary line before the privacy
    refusal; each page goes to ``sink`` as it is made (see :func:`build_site`). Raises
    :class:`PublishError`."""
    when, pinned = resolve_as_of(as_of)
    try:
        result = run_check(repository, when, Options(deadlines=deadlines, replay=pinned if replay is None else replay))
    except NotARepository as exc:
        raise PublishError(str(exc)) from None
    today = resolve_today(result.repository.config.timezone)
    announce(summary_line(result))
    if blockers := publication_blockers(result.findings):
        raise PublishError(refusal(blockers))
    if unsafe := site_file_problems(repository):  # a link in docs/ would publish what it points to
        raise PublishError(link_refusal(unsafe))
    # The pages need the records, not where in their files each value was written (the parsed YAML
    # documents and nodes, kept for the findings' positions) nor the check's graph: free them first.
    result.repository.origins.clear()
    result.context.release_graph()
    options = dataclasses.replace(options, commit=git_commit(repository), today=today,
                                  data_changed=git_data_changed(repository))
    return build_site(result, options, sink=sink)


def link_refusal(unsafe: list[tuple[str, str]]) -> str:
    """Why the site is not built while a file it would publish is a link (or special), naming each, in one line."""
    shown = "; ".join(f"{path}: {message}" for path, message in unsafe[:5])
    more = f" (and {len(unsafe) - 5} more)" if len(unsafe) > 5 else ""
    return f"the site is not built: {shown}{more}"


def resolve_as_of(value: str | date | None) -> tuple[date | None, bool]:
    """The build's as-of date and whether it was pinned: ``value``, else $POLICYTRACK_AS_OF, else None
    (today in the repository's time zone, which the check finds in ``policytrack.yml``). The one place
    $POLICYTRACK_AS_OF is read; a date it cannot read raises :class:`PublishError`."""
    if isinstance(value, date):
        problem = date_out_of_range(value)
        if problem:
            raise PublishError(f"as-of date {value.isoformat()}: {problem}")
        return value, True
    text = value or os.environ.get(AS_OF_ENV, "").strip()
    if not text:
        return None, False
    try:
        return parse_as_of(text), True
    except ValueError as exc:
        raise PublishError(f"as-of date {exc}" if value else f"{AS_OF_ENV}: {exc}") from None


def resolve_today(timezone: str = "UTC") -> date:
    """The day the site is built: $POLICYTRACK_TODAY, else today in the repository's time zone. A site as
    of an earlier date is historical."""
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return today_in(timezone)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PublishError(f"{TODAY_ENV} {text!r} is not written as YYYY-MM-DD") from None


def git_commit(folder: str | os.PathLike[str]) -> str:
    """The short commit of ``folder``'s git checkout, or "unknown" (never fails)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit.isalnum() else "unknown"


def git_data_changed(folder: str | os.PathLike[str]) -> date | None:
    """The day of the newest commit that changed a record (a file in the data folders) in ``folder``'s git
    checkout, or None (never fails)."""
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *DATA_FOLDERS], cwd=folder,
                              capture_output=True, text=True, timeout=30, check=False)
        return date.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def published_under() -> str:
    """Where the build being made is published below the site's root: ``as-of/DATE/`` for a view of the past
    that a site's build publishes (see :func:`build_view`), else "" (today's site)."""
    value = os.environ.get(VIEW_ENV, "")
    return value if re.fullmatch(r"as-of/\d{4}-\d{2}-\d{2}/", value) else ""


def view_folder(day: date) -> str:
    """The folder of the view as of ``day`` below the site's root."""
    return f"as-of/{day.isoformat()}/"


def build_view(config_file: str | os.PathLike[str] | None, site_dir: Path, day: date) -> None:
    """Build the site of ``config_file`` as of ``day`` into ``site_dir/as-of/DAY/`` with MkDocs (a process of
    its own, on the same build day). Raises :class:`PublishError` with MkDocs' last lines when it fails."""
    under = view_folder(day)
    env = {**os.environ, AS_OF_ENV: day.isoformat(), VIEW_ENV: under, TODAY_ENV: resolve_today().isoformat()}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(site_dir / under)]
    if config_file:
        command += ["--config-file", str(config_file)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise PublishError(f"the view as of {day.isoformat()} was not built: {exc}") from None
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise PublishError(f"the view as of {day.isoformat()} was not built: " + " | ".join(lines))


_FRONT_DATE = re.compile(r"^date:\s*['\"]?(\d{4}-\d{2}-\d{2})['\"]?\s*$", re.M)


def written_by_then(path: str | None, as_of: date) -> bool:
    """Whether a written page belongs in the view as of ``as_of``: a page whose front matter has a
    ``date: YYYY-MM-DD`` later than it (a page describing later events) does not; every other page does."""
    if not path:
        return True
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return True
    if not head.startswith("---"):
        return True
    front = head[3:].split("\n---", 1)[0]
    found = _FRONT_DATE.search(front)
    try:
        return found is None or date.fromisoformat(found.group(1)) <= as_of
    except ValueError:
        return True


def write_site(site: Site, out: str | os.PathLike[str]) -> int:
    """Write every page and file of ``site`` under ``out``; return how many files were written."""
    count = 0
    for page in site.pages:
        write_file(out, page.path, page.markdown)
        count += 1
    for path, data in site.files.items():
        write_file(out, path, data)
        count += 1
    return count


def write_file(out: str | os.PathLike[str], path: str, data: str | bytes) -> None:
    """Write one page (text) or file (bytes) of the site at ``path`` under ``out``, making its folders, never
    through a link below ``out`` (:class:`~policytrack.model.paths.UnsafePath`)."""
    os.makedirs(out, exist_ok=True)
    write_under(out, path, data)
