"""The law's clauses in the warm cache: a re-check reads again only the sections whose text changed, and the
coverage is the same with the cache, without it, and after a change to the law reader's code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from policytrack.law import coverage
from policytrack.law.clauses import Clause
from policytrack.model import cache
from policytrack.model.load import load_repository

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 12, 1)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """King County's own repository (its ordinances, with their sections' text), the cache key under tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    root = tmp_path / "repo"
    root.mkdir()
    for folder in ("ordinances", "obligations", "agencies", "amendments"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    yield root
    cache.use(None)


def _coverage(root: Path) -> dict[str, list[coverage.ClauseCoverage]]:
    return coverage.repository_coverage(load_repository(root).repository, AS_OF)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    seen: list[str | None] = []
    real = coverage.extract

    def counting(text: str, section: str | None = None) -> list[Clause]:
        seen.append(section)
        return real(text, section)

    monkeypatch.setattr(coverage, "extract", counting)
    return seen


def test_a_re_check_reads_only_the_sections_whose_text_changed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.use(None)
    fresh = _coverage(repo)
    assert sum(len(items) for items in fresh.values()) >= 5
    seen = _reads(monkeypatch)
    cache.use(repo / cache.FOLDER)
    assert _coverage(repo) == fresh  # cold: every section read, the clauses stored
    sections = len(seen)
    assert sections >= 2
    cache.use(None)
    cache.use(repo / cache.FOLDER)  # a new process
    assert _coverage(repo) == fresh
    assert len(seen) == sections  # nothing read again
    ordinance = sorted((repo / "ordinances").glob("*.yml"))[0]
    text = ordinance.read_text(encoding="utf-8")
    assert "shall" in text
    ordinance.write_text(text.replace("shall", "must", 1), encoding="utf-8")
    cache.use(None)
    changed = _coverage(repo)
    cache.use(repo / cache.FOLDER)
    before = len(seen)
    assert _coverage(repo) == changed
    assert len(seen) - before == 1  # one section's text changed: that section read again
    monkeypatch.setattr(coverage, "_law_code", lambda: b"the reader changed")
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    before = len(seen)
    assert _coverage(repo) == changed
    assert len(seen) - before == sections  # other code: every section read again
