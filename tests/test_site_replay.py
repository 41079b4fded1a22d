"""The history charts' replays in worker processes give the series one replay in this process gives.

A regression guard (the engine compared with itself, split against whole), not evidence that the counts
are right: tests/test_history.py states what the counts must be."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from builders import breach, check, evidence, obligation, write_repo
from policytrack.site import replay
from policytrack.status.history import Series, status_series

ORDINANCE_2 = {"id": "ord-2", "title": "A later ordinance", "citation": "Code 2.01", "enacted": "2021-01-01",
               "effective": "2021-02-01", "source": "https://example.org/ord-2",
               "sections": [{"id": "2.01.A", "heading": "Duties", "text": "The police shall report."}]}
ORDINANCE_1 = {"id": "ord-1", "title": "An ordinance", "citation": "Code 1.01", "enacted": "2020-01-01",
               "effective": "2020-01-11", "source": "https://example.org/ord-1",
               "sections": [{"id": "1.01.A", "heading": "Duties", "text": "The jail shall do things."}]}
DATES = [date(2020, 3, 31), date(2020, 7, 31), date(2020, 9, 30), date(2021, 3, 31), date(2021, 6, 30)]


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = write_repo(
        tmp_path / "repo", ordinances=[ORDINANCE_1, ORDINANCE_2],
        obligations=[obligation("ob-1"), obligation("ob-2", owner={"agency": "police", "role": "Chief"}),
                     obligation("ob-3", ordinance="ord-2", section="2.01.A", quote="The police shall report.",
                                owner={"agency": "police", "role": "Chief"},
                                deadline={"type": "date", "date": "2021-03-01"})],
        evidence=[evidence("ev-1", "ob-1", when="2020-09-01", verified={"by": "Auditor", "on": "2020-10-01"})],
        # a breach by an agency the duty does not name: that agency has a row only once the breach is known
        breaches=[breach("br-1", "ob-1", agency="exec", when="2021-03-01")])
    return check(root, "2021-06-30").repository


def _counts(series: dict[str, Series]) -> dict[str, tuple[list[date], list[dict[str, int]]]]:
    return {scope: (item.dates, item.counts) for scope, item in series.items()}


def test_replays_in_workers_give_the_series_of_one_replay(repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    whole = status_series(repo, DATES)
    assert whole["agency:exec"].counts[0]["duties"] == 0 and whole["agency:exec"].counts[-1]["breached"] == 1
    monkeypatch.setenv("POLICYTRACK_WORKERS", "2")
    monkeypatch.setattr(replay, "MIN_REPLAYS", 0)
    split = replay.start(repo, DATES, rows=3)()
    assert _counts(split) == _counts(whole)


def test_runs_of_dates_join_in_order_with_zeros_where_a_scope_had_no_duty(repo) -> None:  # type: ignore[no-untyped-def]
    runs = [DATES[:2], DATES[2:4], DATES[4:]]
    parts = [status_series(repo, run) for run in runs]
    assert "agency:exec" not in parts[0] and "agency:exec" in parts[2]  # no row of the executive's before the breach
    assert _counts(replay.join(parts, runs)) == _counts(status_series(repo, DATES))


def test_a_worker_that_dies_leaves_the_replay_to_this_process(repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("POLICYTRACK_WORKERS", "2")
    monkeypatch.setattr(replay, "MIN_REPLAYS", 0)
    monkeypatch.setattr(replay, "_replay", lambda index: os._exit(3))
    assert _counts(replay.start(repo, DATES, rows=3)()) == _counts(status_series(repo, DATES))


def test_small_work_or_a_single_core_replays_here(repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("POLICYTRACK_WORKERS", "1")
    monkeypatch.setattr(replay, "MIN_REPLAYS", 0)
    monkeypatch.setattr(replay, "_replay", lambda index: pytest.fail("no worker should start"))
    assert _counts(replay.start(repo, DATES, rows=3)()) == _counts(status_series(repo, DATES))
