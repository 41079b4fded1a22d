"""The engine replayed at several dates (the history charts) shares its schedules between the dates.

A regression guard, not evidence of truth: each date's answer must be exactly that of a fresh
``compute_statuses`` on the same date, whichever dates came before it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policytrack.model.load import load_repository
from policytrack.status.engine import Replay, compute_statuses

ROOT = Path(__file__).resolve().parent.parent
DATES = [date(2030, 1, 1), date(2019, 7, 9), date(2021, 3, 31), date(2019, 7, 9), date(2026, 12, 1),
         date(2020, 1, 11)]


@pytest.mark.parametrize("folder", [ROOT, ROOT / "tests" / "repos" / "county",
                                    ROOT / "tests" / "repos" / "dc-near-act"])
def test_a_replay_answers_each_date_as_a_fresh_run(folder: Path) -> None:
    repo = load_repository(folder).repository
    replay = Replay(repo)
    for day, statuses in replay.over(DATES):
        assert statuses == compute_statuses(repo, day), day
