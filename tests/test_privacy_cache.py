"""The privacy guard's results in the warm cache and in worker processes: a re-check scans only the files that
changed, a cache it cannot trust is scanned afresh, and the findings are the same every way."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from policytrack.checks import privacy_scan, privacy_sources
from policytrack.checks.checker import run_check
from policytrack.model import cache, parallel
from policytrack.model.load import load_repository

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 12, 1)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test county with personal data planted in three places, its cache key kept under tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setenv("POLICYTRACK_WORKERS", "1")
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "repos" / "county", root, ignore=shutil.ignore_patterns(cache.FOLDER))
    evidence = root / "evidence" / "training" / "2019-07-09-health-trained.yml"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace(
        "summary:", "summary: Intake listed SSN 219-09-9999.", 1), encoding="utf-8")
    (root / "attachments").mkdir(exist_ok=True)
    (root / "attachments" / "detainer-A012345678.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "contact.md").write_text("# Contact\n\nWrite to maria.lopez@gmail.com.\n", encoding="utf-8")
    yield root
    cache.use(None)


def _privacy(root: Path) -> list[tuple[str, int, str]]:
    result = run_check(root, AS_OF)
    return [(item.path, item.line, item.message) for item in result.findings if item.rule == "personal-data"]


def _scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = privacy_scan.scan_one

    def counting(item: privacy_scan.Item) -> privacy_scan.Result:
        seen.append(item[0])
        return real(item)

    monkeypatch.setattr(privacy_scan, "scan_one", counting)
    return seen


def test_the_planted_data_is_found_with_and_without_the_cache(repo: Path) -> None:
    cache.use(None)
    fresh = _privacy(repo)
    assert {(path, line) for path, line, _ in fresh} == {
        ("evidence/training/2019-07-09-health-trained.yml", 6),
        ("attachments/detainer-A012345678.pdf", 0),
        ("docs/contact.md", 3),
    }
    cache.use(repo / cache.FOLDER)
    assert _privacy(repo) == fresh  # cold: scanned and stored
    cache.use(None)
    cache.use(repo / cache.FOLDER)  # a new process: read from disk
    assert _privacy(repo) == fresh


def test_a_re_check_scans_only_the_file_that_changed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _scans(monkeypatch)
    cache.use(repo / cache.FOLDER)
    first = _privacy(repo)
    files = len(seen)
    assert files > 20
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    assert _privacy(repo) == first
    assert len(seen) == files  # nothing scanned again
    page = repo / "docs" / "contact.md"
    page.write_text("# Contact\n\nWrite to records@kingcounty.gov.\n", encoding="utf-8")
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    after = _privacy(repo)
    assert seen[files:] == ["docs/contact.md"]  # one file changed: one scanned
    assert [path for path, _, _ in after] == [path for path, _, _ in first if path != "docs/contact.md"]
    (repo / "attachments" / "detainer-A012345678.pdf").rename(repo / "attachments" / "detainer.pdf")
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    before = len(seen)
    assert [path for path, _, _ in _privacy(repo)] == ["evidence/training/2019-07-09-health-trained.yml"]
    assert seen[before:] == ["attachments/detainer.pdf"]  # a renamed file is a new name to check


def test_a_corrupt_stale_or_planted_privacy_cache_is_scanned_afresh(repo: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache.use(repo / cache.FOLDER)
    fresh = _privacy(repo)
    shards = sorted((repo / cache.FOLDER).glob("privacy-*"))
    assert shards
    seen = _scans(monkeypatch)
    for shard, good in {shard: shard.read_bytes() for shard in shards}.items():  # one bit changed in each
        shard.write_bytes(good[:40] + bytes([good[40] ^ 1]) + good[41:])
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    assert _privacy(repo) == fresh
    assert len(seen) > 20  # nothing trusted: everything scanned again
    monkeypatch.setattr(privacy_scan, "_stamp", lambda: b"patterns changed")
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    before = len(seen)
    assert _privacy(repo) == fresh
    assert len(seen) - before > 20  # the guard's code changed: its old results are not reused
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "planted"))  # a cache signed with another key
    cache.use(None)
    cache.use(repo / cache.FOLDER)
    before = len(seen)
    assert _privacy(repo) == fresh
    assert len(seen) - before > 20


def test_worker_processes_find_the_same(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.use(None)
    _many_events(repo, parallel.POOL_MIN_ITEMS)  # enough files for the pool, one of them personal
    single = _privacy(repo)
    assert ("events/many/event-01234.yml", 5) in {(path, line) for path, line, _ in single}
    monkeypatch.setenv("POLICYTRACK_WORKERS", "2")
    assert _privacy(repo) == single


def _many_events(repo: Path, count: int) -> None:
    for index in range(count):
        summary = "Call 206-555-0143 to ask." if index == 1234 else f"Note {index}."
        path = repo / "events" / "many" / f"event-{index:05d}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"id: many-{index}\nkind: request-received\ndate: 2020-01-01\nagency: health\n"
                        f"summary: {summary}\n", encoding="utf-8")


def test_the_scan_ahead_is_used_only_for_the_bytes_the_loader_read(repo: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cache.use(None)
    _many_events(repo, privacy_scan.AHEAD_MIN_FILES)
    monkeypatch.setenv("POLICYTRACK_WORKERS", "2")
    ahead = privacy_scan.Ahead.start(repo)
    assert ahead is not None  # a large repository, two cores: scanned in a process of its own
    assert parallel.available() == 1  # its core is kept from the loader's workers
    loaded = load_repository(repo)
    changed = repo / "events" / "many" / "event-00007.yml"
    loaded.repository.texts["events/many/event-00007.yml"] = b"id: many-7\nsummary: SSN 219-09-9999\n"
    items = privacy_scan.published_items(repo, privacy_sources.data_files(repo), loaded.repository.texts.get,
                                         lambda rel: privacy_scan.disk_text(repo, rel))
    found = ahead.results(items)
    assert parallel.available() == 2  # and given back
    missing = [items[index][0] for index, result in enumerate(found) if result is None]
    assert missing == [changed.relative_to(repo).as_posix()]  # other bytes than the process read: scanned here
    assert found == [privacy_scan.scan_one(item) if item[0] not in missing else None for item in items]
    (index,) = [index for index, item in enumerate(items) if item[0] in missing]
    assert [hit.kind for hit in privacy_scan.scan_published(items, None)[index][1]] == ["ssn"]


def test_a_small_repository_is_scanned_in_this_process(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYTRACK_WORKERS", "2")
    assert privacy_scan.Ahead.start(repo) is None
