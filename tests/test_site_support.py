"""Builds shared by the site tests: a miniature county's site, the King County site (for the browser
tests) and a hostile fixture, each built once per run.

The builds run the real ``mkdocs build`` (as ``make site`` does) with the as-of date pinned through
``POLICYTRACK_AS_OF``; ``functools.cache`` keeps one build per test session, whichever module asks.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTY = Path(__file__).resolve().parent / "repos" / "county"
"""A miniature county: one ordinance, five agencies, two systems, every kind of duty, events, a breach."""
AS_OF = date(2025, 6, 30)
ARTIFACTS = ROOT / "test-artifacts"
PAGE_LIMIT = 60 * 1024

HOSTILE = "<script>window.__pwned = 1</script>"
HOSTILE_SUMMARY = (f"{HOSTILE} **bold** [link](javascript:window.__pwned=2) "
                   '<img src=x onerror="window.__pwned=3"> _under_ `tick` | pipe {: .x } :smile:')
HOSTILE_TITLE = "Keep <b>logs</b> & *records* of {every} request"

HOSTILE_FILES: dict[str, str] = {
    "policytrack.yml": "name: 'Hostile <i>town</i>'\nrepo_url: https://github.com/example/hostile\nbranch: main\n",
    "ordinances/ord-1.yml": (
        "id: ord-1\ntitle: \"Ordinance <script>window.__pwned = 4</script>\"\ncitation: Code 1.1\n"
        "enacted: 2020-01-01\nsource: https://example.org/ord-1\nsections:\n"
        "  - id: '1.1.010'\n    heading: '# Not a heading'\n    text: '- not a list; 1. not a list either'\n"),
    "agencies/clerk.yml": "id: clerk\nname: \"Clerk's <u>office</u>\"\nhead: Clerk\n",
    "systems/logs.yml": "id: logs\nname: '[Logs](javascript:alert(1))'\noperator: clerk\n",
    "obligations/ob-1.yml": (
        f"id: ob-1\ntitle: '{HOSTILE_TITLE}'\nordinance: ord-1\nsection: '1.1.010'\n"
        "quote: 'The clerk shall keep <script>alert(1)</script> records.'\naction: Keep records.\n"
        "kind: one-time\nowner:\n  agency: clerk\n  role: Clerk\ndeadline:\n  type: date\n  date: 2021-01-01\n"
        "evidence:\n  kinds: [log]\nsystems: [logs]\ntags: ['<script>x</script>', records]\n"),
    "evidence/ob-1/2020-06-01-clerk.yml": (
        "id: ev-1\nobligation: ob-1\nagency: clerk\ndate: 2020-06-01\nkind: log\n"
        f"summary: '{HOSTILE_SUMMARY}'\nsource:\n  url: https://example.org/ev-1\n  title: '<em>Source</em>'\n"
        "submitted_by:\n  role: Clerk\n"),
}
"""A repository whose every text field tries to inject HTML, Markdown or script."""

MKDOCS_YML = """site_name: Test site
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - policytrack
"""


def mkdocs_build(config: Path, site_dir: Path, as_of: date = AS_OF) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build`` for ``config`` as of ``as_of``, on a build day pinned to :data:`AS_OF`
    (so the site as of :data:`AS_OF` is today's, and an earlier one is a view of the past); fail with its
    output if it fails."""
    env = {**os.environ, "POLICYTRACK_AS_OF": as_of.isoformat(), "POLICYTRACK_TODAY": AS_OF.isoformat(),
           "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config),
                           "--site-dir", str(site_dir)], capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@functools.cache
def county_site() -> Path:
    """The miniature county's site (tests/repos/county), built with the real MkDocs into a temporary folder."""
    site = Path(tempfile.mkdtemp(prefix="policytrack-county-site-"))
    mkdocs_build(COUNTY / "mkdocs.yml", site)
    return site


@functools.cache
def kc_site() -> Path:
    """The King County site of this repository, built with the real MkDocs into a temporary folder."""
    site = Path(tempfile.mkdtemp(prefix="policytrack-kc-site-"))
    mkdocs_build(ROOT / "mkdocs.yml", site)
    return site


DC = Path(__file__).resolve().parent / "repos" / "dc-near-act"
"""The D.C. NEAR Act repository: another jurisdiction, its own kind of law, no mkdocs.yml of its own."""

DC_MKDOCS_YML = """site_name: D.C. NEAR Act status
docs_dir: docs
theme:
  name: material
  font: false
  features:
    - navigation.indexes
    - navigation.sections
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-4
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-7
        name: Switch to light mode
plugins:
  - search
  - tags
  - policytrack:
      repository: REPOSITORY
"""


@functools.cache
def dc_site() -> Path:
    """The D.C. repository's site, built with the real MkDocs from a configuration written beside it."""
    folder = Path(tempfile.mkdtemp(prefix="policytrack-dc-"))
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(DC_MKDOCS_YML.replace("REPOSITORY", str(DC)), encoding="utf-8")
    mkdocs_build(folder / "mkdocs.yml", folder / "site")
    return folder / "site"


PAST = date(2019, 7, 9)
"""A day in the miniature county's history: its site as the facts stood then."""


@functools.cache
def county_past_site() -> Path:
    """The miniature county's site as of :data:`PAST`, built on :data:`AS_OF`: a view of the past."""
    site = Path(tempfile.mkdtemp(prefix="policytrack-county-past-"))
    mkdocs_build(COUNTY / "mkdocs.yml", site, PAST)
    return site


@functools.cache
def hostile_repo() -> Path:
    """The hostile repository, with a minimal ``mkdocs.yml`` that only adds the plugin."""
    root = Path(tempfile.mkdtemp(prefix="policytrack-hostile-"))
    for rel, content in HOSTILE_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


@functools.cache
def hostile_site() -> Path:
    """The hostile repository's site, built with the real MkDocs."""
    site = hostile_repo() / "site"
    mkdocs_build(hostile_repo() / "mkdocs.yml", site)
    return site


def zensical_build(repo: Path, folder: Path, as_of: date = AS_OF) -> subprocess.CompletedProcess[str]:
    """``policytrack pages`` with ``--config``, then the real ``zensical build`` (as ``make site
    GENERATOR=zensical`` runs them); the site is ``folder / "site"``."""
    env = {**os.environ, "POLICYTRACK_TODAY": AS_OF.isoformat()}
    pages = subprocess.run([sys.executable, "-m", "policytrack", "pages", str(folder / "pages"), str(repo),
                            "--as-of", as_of.isoformat(), "--config", str(folder / "zensical.yml"),
                            "--site-dir", str(folder / "site")], capture_output=True, text=True, env=env, timeout=300)
    if pages.returncode != 0:
        raise AssertionError(f"policytrack pages failed ({pages.returncode}):\n{pages.stdout}\n{pages.stderr}")
    done = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "--clean", "-f",
                           str(folder / "zensical.yml")], capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"zensical build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@functools.cache
def county_zensical_site() -> Path:
    """The miniature county's site built with Zensical from ``policytrack pages``."""
    folder = Path(tempfile.mkdtemp(prefix="policytrack-county-zensical-"))
    zensical_build(COUNTY, folder)
    return folder / "site"
