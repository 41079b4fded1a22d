"""Fast at every size (issue 19): what the speed-ups must keep, and the bounds on pathological input.

Timing stays out of the tests, except the generous bounds on the three slow repositories of the issue
(each must check in well under its limit; the limits are ten times what this machine needs, so a loaded
CI machine passes, while the old engine took minutes).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import strategies as st

from conftest import MakeRepo, RunCli
from policytrack.graph.queries import strongly_connected
from policytrack.model import cache, parallel
from policytrack.model import load as load_module
from policytrack.model.load import LoadResult, load_repository
from policytrack.model.records import Evidence
from policytrack.status.dates import Calendar, shift_days
from test_occurrences_fast import DAYS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import slow_repos  # noqa: E402  (the builders the benchmark times)

# --- start-up -------------------------------------------------------------------------------------------


def test_check_imports_neither_networkx_nor_the_site() -> None:
    code = ("import sys; from policytrack.cli import main; main(['check', sys.argv[1], '--as-of', '2026-12-01']); "
            "print(sorted(name for name in sys.modules if name.split('.')[0] == 'networkx' "
            "or name.startswith(('policytrack.site', 'mkdocs', 'policytrack.law.importer'))))")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=False)
    assert done.stdout.strip().splitlines()[-1] == "[]"


# --- the graph without networkx (a regression guard against networkx's own answer) -----------------------


def test_strongly_connected_components_agree_with_networkx() -> None:
    rng = random.Random(19)
    for size in (1, 2, 5, 30, 200):
        for density in (0.0, 0.01, 0.05, 0.3):
            nodes = [f"n{index}" for index in range(size)]
            successors: dict[str, set[str]] = {node: set() for node in nodes}
            for source in nodes:
                for target in nodes:
                    if rng.random() < density:
                        successors[source].add(target)
            graph = nx.DiGraph()
            graph.add_nodes_from(nodes)
            graph.add_edges_from((source, target) for source, targets in successors.items() for target in targets)
            expected = sorted(sorted(part) for part in nx.strongly_connected_components(graph))
            assert sorted(sorted(part) for part in strongly_connected(successors)) == expected


def test_a_chain_of_a_hundred_thousand_links_has_no_recursion_limit() -> None:
    successors = {f"n{index}": {f"n{index + 1}"} for index in range(100_000)}
    successors["n100000"] = {"n0"}
    assert [len(part) for part in strongly_connected(successors)] == [100_001]


# --- business days counted arithmetically ----------------------------------------------------------------


def _walk(cal: Calendar, start: date, days: int) -> date:
    """The day-by-day count the engine used before (a regression guard, not an oracle)."""
    step = 1 if days >= 0 else -1
    remaining, current = abs(days), start
    while remaining > 0:
        moved = shift_days(current, step)
        if moved == current:
            return current
        current = moved
        if cal.is_business_day(current):
            remaining -= 1
    return current


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2024, 12, 24), 1, date(2024, 12, 26)),  # Christmas (a Wednesday) is skipped
    (date(2024, 7, 3), 2, date(2024, 7, 8)),  # Independence Day, then the weekend
    (date(2024, 11, 27), -3, date(2024, 11, 22)),  # back over a weekend
    (date(2024, 12, 26), -1, date(2024, 12, 24)),  # back over Christmas
    (date(2024, 12, 20), 10, date(2025, 1, 7)),  # Christmas and New Year's Day
    (date(2024, 12, 21), 5, date(2024, 12, 30)),  # from a Saturday
    (date(2024, 12, 22), -5, date(2024, 12, 16)),  # back from a Sunday
])
def test_business_days_skip_weekends_and_public_holidays(start: date, days: int, expected: date) -> None:
    assert Calendar("US").add_business_days(start, days) == expected


def test_business_days_agree_with_counting_day_by_day() -> None:
    rng = random.Random(16)
    calendars = [Calendar(), Calendar("US"), Calendar("US", "WA", frozenset({date(2021, 3, 3), date(2030, 6, 5)})),
                 Calendar(extra=frozenset({date(2020, 1, 6), date(2020, 1, 7), date(2020, 1, 11)}))]
    for _ in range(400):
        cal = rng.choice(calendars)
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(6000))
        days = rng.choice([rng.randrange(-30, 31), rng.randrange(-3000, 3001)])
        assert cal.add_business_days(start, days) == _walk(cal, start, days), (cal, start, days)
    for start, days in ((date(9999, 12, 20), 30), (date(1, 1, 10), -30), (date(9999, 12, 31), 1), (date(1, 1, 1), -1)):
        assert Calendar(extra=frozenset({date(9999, 12, 28)})).add_business_days(start, days) == _walk(
            Calendar(extra=frozenset({date(9999, 12, 28)})), start, days)


# --- recurring duties whose evidence claims long periods (a regression guard against every period built) ---


@st.composite
def _long_claims(draw: st.DrawFn) -> list[Evidence]:
    items = []
    for number in range(draw(st.integers(0, 6))):
        record: dict[str, object] = {
            "id": f"ev-{number}", "obligation": "ob", "agency": "a", "date": draw(DAYS), "kind": "report",
            "summary": "s", "source": {"url": "https://example.org"}, "submitted_by": {"role": "r"}}
        if draw(st.integers(0, 3)):
            first = draw(st.dates(min_value=date(2005, 1, 1), max_value=date(2024, 12, 31)))
            record["period"] = {"start": first, "end": first + timedelta(days=draw(st.integers(0, 7000)))}
        items.append(Evidence.model_validate(record))
    return sorted(items, key=lambda item: (item.date, item.id))


# --- the three slow repositories of the issue: generous bounds -------------------------------------------


_MEASURE = """
import json, os, subprocess, sys
process = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], "wb"), stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(process.pid, 0)
print(json.dumps([usage.ru_utime + usage.ru_stime, usage.ru_maxrss]))
"""
"""Runs the check from a small process: a child's peak memory counts the memory of the process it was forked
from (Linux keeps the larger at exec), so a check forked straight from a large test worker would report the
worker's size."""


def _check_cost(repo: Path) -> tuple[float, float, dict[str, object]]:
    """CPU seconds and peak memory (MB) of ``policytrack check --format json`` on ``repo``, and its output."""
    with tempfile.NamedTemporaryFile() as out:
        done = subprocess.run([sys.executable, "-c", _MEASURE, out.name, sys.executable, "-m", "policytrack", "check",
                               str(repo), "--as-of", "2026-11-27", "--format", "json"],
                              capture_output=True, text=True, check=True)
        cpu, peak = json.loads(done.stdout)
        report = json.loads(Path(out.name).read_bytes())
    return cpu, peak / 1024, report


@pytest.mark.parametrize("name", sorted(slow_repos.REPOSITORIES))
def test_the_slow_repositories_check_in_seconds_and_little_memory(name: str, tmp_path: Path) -> None:
    repo = tmp_path / name
    slow_repos.REPOSITORIES[name](repo)
    cpu, peak, report = _check_cost(repo)
    # The aims are 2 s and 200 MB on the shared 2-core machine; the old engine took 67 s, 55 s (2.7 GB) and
    # 34 s. Ten seconds of CPU leave room for a slow CI machine without letting the old costs back in.
    assert cpu < 10, f"{name}: {cpu:.1f} s of CPU"
    assert peak < 200, f"{name}: peak {peak:.0f} MB"
    obligations = {item["id"]: item for item in report["obligations"]}  # type: ignore[union-attr]
    if name == "weekly-since-1000":  # every week since 1000 covered, late: the evidence came in 2020
        rows = obligations["weekly"]["agencies"]
        assert [row["status"] for row in rows] == ["met", "met"]
        assert all(row["counts"]["missed"] == 0 and row["counts"]["met-late"] > 50_000 for row in rows)
    elif name == "business-days-1000":  # 36,500 business days after 2001: beyond 2140
        row = obligations["answer"]["agencies"][0]
        assert row["counts"]["not-yet-due"] == 1_000 and row["due"] > "2140-01-01"
    else:  # refused by its size, with a finding that says so
        assert obligations == {}
        assert any("more than the 1000 allowed" in item["message"] for item in report["findings"])


# --- the loader: both cores, the same results in the same order ------------------------------------------


def _summary(loaded: LoadResult) -> tuple[list[object], dict[str, object], dict[str, bytes]]:
    repo = loaded.repository
    records = {f"{kind}/{key}": (repo.table(kind)[key], origin.path, origin.document.children)
               for (kind, key), origin in repo.origins.items()}
    return [finding.as_dict() for finding in loaded.findings], records, repo.texts


def _big_repository(root: Path) -> Path:
    """About 2,300 files in realistic proportions, with broken files among them (to give findings)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    generate.generate(root, 300)
    (root / "evidence" / "broken.yml").write_text("id: [unclosed\n", encoding="utf-8")
    (root / "obligations" / "bad.yml").write_text("id: bad\ntitle: 3\n", encoding="utf-8")
    (root / "obligations" / "notes.txt").write_text("notes", encoding="utf-8")
    (root / "agencies" / "agency-00-copy.yml").write_bytes((root / "agencies" / "agency-00.yml").read_bytes())
    return root


def test_a_large_repository_loads_in_worker_processes_with_the_same_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _big_repository(tmp_path / "big")
    cache.use(None)
    monkeypatch.setenv("POLICYTRACK_WORKERS", "2")  # whatever the machine's load
    pids = list(parallel.ordered_map(_pid, list(range(parallel.POOL_MIN_ITEMS))))
    assert os.getpid() not in pids  # the work was done in worker processes
    pooled = _summary(load_repository(repo))
    monkeypatch.setenv("POLICYTRACK_WORKERS", "1")
    single = _summary(load_repository(repo))
    assert pooled == single
    assert any(item["rule"] == "duplicate-id" for item in single[0])
    assert any(item["rule"] == "yaml-syntax" for item in single[0])


def _pid(_: int) -> int:
    return os.getpid()


# --- the warm cache ---------------------------------------------------------------------------------------


@pytest.fixture
def keyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A repository to cache, with the cache's key kept under tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "repos" / "county", repo, ignore=shutil.ignore_patterns(cache.FOLDER))
    yield repo
    cache.use(None)


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = load_module._parse

    def counting(raw: bytes, kind: str) -> object:
        seen.append(kind)
        return real(raw, kind)

    monkeypatch.setattr(load_module, "_parse", counting)
    return seen


def test_a_warm_cache_parses_only_the_changed_file_and_changes_nothing(keyed: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache.use(None)
    fresh = _summary(load_repository(keyed))
    seen = _parses(monkeypatch)
    cache.use(keyed / cache.FOLDER)
    assert _summary(load_repository(keyed)) == fresh  # cold: every file parsed, the results stored
    files = len(seen)
    assert files > 20
    assert (keyed / cache.FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    cache.use(None)
    cache.use(keyed / cache.FOLDER)  # a new process: read from disk
    assert _summary(load_repository(keyed)) == fresh
    assert len(seen) == files  # warm: nothing parsed
    evidence = keyed / "evidence" / "training" / "2019-07-09-health-trained.yml"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace("summary:", "summary: Again."), encoding="utf-8")
    cache.use(None)
    changed = _summary(load_repository(keyed))
    before = len(seen)
    cache.use(keyed / cache.FOLDER)
    assert _summary(load_repository(keyed)) == changed
    assert seen[before:] == ["evidence"]  # one file changed: one parsed


def test_a_corrupt_stale_or_planted_cache_is_ignored_and_rebuilt(keyed: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cache.use(None)
    fresh = _summary(load_repository(keyed))
    cache.use(keyed / cache.FOLDER)
    load_repository(keyed)
    (shard,) = (keyed / cache.FOLDER).glob("records-*")
    good = shard.read_bytes()
    seen = _parses(monkeypatch)
    planted = tmp_path / "planted"  # the same files cached under another key: a pull request's own cache
    for damaged in (good[:-7], good[:40] + bytes([good[40] ^ 1]) + good[41:], b"", b"not a cache at all"):
        shard.write_bytes(damaged)
        cache.use(None)
        cache.use(keyed / cache.FOLDER)
        before = len(seen)
        assert _summary(load_repository(keyed)) == fresh
        assert len(seen) - before > 20  # everything parsed again
        assert shard.read_bytes() != damaged  # and the shard rebuilt
    monkeypatch.setenv("XDG_CACHE_HOME", str(planted))
    cache.use(None)
    cache.use(keyed / cache.FOLDER)
    before = len(seen)
    assert _summary(load_repository(keyed)) == fresh
    assert len(seen) - before > 20  # a shard made with another key is not trusted
    monkeypatch.setattr(cache, "fingerprint", lambda: b"\0" * 32)  # the code changed: stale
    cache.use(None)
    cache.use(keyed / cache.FOLDER)
    before = len(seen)
    assert _summary(load_repository(keyed)) == fresh
    assert len(seen) - before > 20


def test_a_cache_folder_that_is_a_link_is_not_used(keyed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (keyed / cache.FOLDER).symlink_to(elsewhere)
    cache.use(keyed / cache.FOLDER)
    assert cache.current() is None
    load_repository(keyed)
    assert list(elsewhere.iterdir()) == []


def test_check_and_no_cache(keyed: Path, run_cli: RunCli) -> None:
    env = {"XDG_CACHE_HOME": str(keyed.parent / "home-cache")}
    first = run_cli("check", keyed, "--as-of", "2026-12-01", "--format", "json", env=env)
    assert (keyed / cache.FOLDER).is_dir()
    assert run_cli("check", keyed, "--as-of", "2026-12-01", "--format", "json", env=env) == first
    shutil.rmtree(keyed / cache.FOLDER)
    assert run_cli("check", keyed, "--as-of", "2026-12-01", "--format", "json", "--no-cache", env=env) == first
    assert not (keyed / cache.FOLDER).exists()


def test_a_claim_far_past_the_horizon_still_gives_the_first_open_occurrence(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence claiming the next forty years of a monthly duty covers them; the first month it leaves open
    after that gives the next due date, found from the claims' dates without building 480 occurrences. Each
    occurrence reports on the month before its due date (docs/status-semantics.md, S2.1): June 2060, which
    neither claim holds, is reported by 15 July 2060."""
    from builders import ORDINANCE, evidence, obligation, write_repo
    from policytrack.status import occurrences

    deadline = {"type": "recurring", "every": "month", "day": 15}
    claims = [evidence("ev-1", when="2020-06-01", period={"start": "2020-05-01", "end": "2060-05-31"}),
              evidence("ev-2", when="2020-06-01", period={"start": "2060-07-01", "end": "2061-12-31"})]
    root = write_repo(make_repo(), ordinances=[ORDINANCE],
                      obligations=[obligation(kind="recurring", deadline=deadline)], evidence=claims)
    from policytrack.checks.checker import run_check

    bounded = run_check(root, date(2020, 6, 1)).statuses["ob-1"]
    assert str(bounded.next_due) == "2060-07-15"
    monkeypatch.setattr(occurrences, "HORIZON", 10_000)  # every occurrence built: the same answer
    assert run_check(root, date(2020, 6, 1)).statuses["ob-1"].next_due == bounded.next_due


@pytest.mark.parametrize(("load", "free"), [(0.0, 2), (1.0, 2), (1.4, 2), (1.6, 1), (4.0, 1), (9.0, 1)])
def test_the_pool_takes_only_the_cores_other_jobs_leave_free(load: float, free: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert parallel.free_cores(2) == free
