"""The three small repositories that used to take minutes and gigabytes (issue 16 finding 8, issue 19).

    python benchmarks/slow_repos.py [OUT]    # write them under OUT (default bench-out/slow) and time a check of each

* ``weekly-since-1000``: a weekly duty in force since the year 1000, with 35 evidence records each
  claiming a period from 1000 to 8999 (40 files; the engine built ~417,000 weekly slots per record);
* ``for-each-20000``: one obligation ``for_each`` over 20,000 items, fanned out to 40 agencies (800,000
  rows of one and the same schedule);
* ``business-days-1000``: a per-event duty due 36,500 business days after each of 1,000 events, with a
  country's public holidays configured (counted day by day: 36.5 million steps).

Each must check in under 2 s and 200 MB (tests/test_performance.py builds them with generous limits).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

AGENCIES = [f"agency-{index:02d}" for index in range(40)]

ORDINANCE = """id: ord-1
title: An ordinance of long standing
citation: Code 1
enacted: {enacted}
effective: {enacted}
source: https://example.org/ord-1
sections:
  - id: '1.1'
    heading: Duties
    text: Each agency shall report every week.
"""

OBLIGATION = """id: {id}
title: A duty of long standing
ordinance: ord-1
section: '1.1'
quote: Each agency shall report every week.
action: Report.
kind: {kind}
owner:
  agency: agency-00
  role: Director
{extra}deadline:
{deadline}evidence:
  kinds: [report]
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _agencies(count: int) -> dict[str, str]:
    return {f"agencies/{agency}.yml": f"id: {agency}\nname: Agency {agency}\nhead: Director\n"
            for agency in AGENCIES[:count]}


def weekly_since_1000(root: Path) -> None:
    """A weekly duty since 1000-01-01; 35 evidence records each claiming 1000-01-01 to 8999-12-31."""
    files = {"policytrack.yml": "name: Slow\njurisdiction: Slow County\n",
             "ordinances/ord-1.yml": ORDINANCE.format(enacted="1000-01-01"),
             "obligations/weekly.yml": OBLIGATION.format(
                 id="weekly", kind="recurring", extra="applies_to: [agency-00, agency-01]\n",
                 deadline="  type: recurring\n  every: week\n")}
    files.update(_agencies(3))
    for index in range(35):
        agency = AGENCIES[index % 2]
        files[f"evidence/{agency}/ev-{index:02d}.yml"] = (
            f"id: ev-{index:02d}\nobligation: weekly\nagency: {agency}\ndate: 2020-01-{index % 28 + 1:02d}\n"
            "kind: report\nperiod:\n  start: 1000-01-01\n  end: 8999-12-31\nsummary: Every week, ever.\n"
            "source:\n  url: https://example.org/ev\nsubmitted_by:\n  role: Director\n")
    _write(root, files)


def for_each_20000(root: Path) -> None:
    """One obligation for each of 20,000 items, applying to 40 agencies."""
    items = "".join(f"    - item-{index:05d}\n" for index in range(20_000))
    files = {"policytrack.yml": "name: Slow\njurisdiction: Slow County\n",
             "ordinances/ord-1.yml": ORDINANCE.format(enacted="2020-01-01"),
             "obligations/each.yml": OBLIGATION.format(
                 id="each", kind="recurring",
                 extra="applies_to: [" + ", ".join(AGENCIES) + "]\nfor_each:\n  items:\n" + items,
                 deadline="  type: recurring\n  every: quarter\n  days_after_period_end: 30\n")}
    files.update(_agencies(40))
    _write(root, files)


def business_days_1000(root: Path) -> None:
    """A per-event duty due 36,500 business days after each of 1,000 events, with US holidays."""
    files = {"policytrack.yml": "name: Slow\njurisdiction: Slow County\nholidays:\n  country: US\n"
                                "  subdivision: WA\n",
             "ordinances/ord-1.yml": ORDINANCE.format(enacted="2000-01-01"),
             "obligations/answer.yml": OBLIGATION.format(
                 id="answer", kind="per-event", extra="",
                 deadline="  type: per-event\n  event: request\n  days: 36500\n  business_days: true\n")}
    files.update(_agencies(1))
    for index in range(1_000):
        day = 1 + index % 28
        month = 1 + (index // 28) % 12
        files[f"events/request-{index:04d}.yml"] = (
            f"id: request-{index:04d}\nkind: request\ndate: {2001 + index // 336}-{month:02d}-{day:02d}\n"
            "agency: agency-00\nsummary: A request.\n")
    _write(root, files)


REPOSITORIES: dict[str, Callable[[Path], None]] = {
    "weekly-since-1000": weekly_since_1000,
    "for-each-20000": for_each_20000,
    "business-days-1000": business_days_1000,
}


def timed_check(repo: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of ``policytrack check`` on ``repo``."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "policytrack", "check", str(repo), "--as-of", "2026-11-27",
                                "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    """Write the three repositories and time a check of each."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "bench-out" / "slow"
    for name, build in REPOSITORIES.items():
        repo = out / name
        if not (repo / "policytrack.yml").is_file():
            build(repo)
        wall, cpu, peak = timed_check(repo)
        print(f"{name:>20}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, peak {peak:6.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
