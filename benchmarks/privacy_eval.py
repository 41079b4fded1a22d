"""Measure the privacy guard: its planted corpus (misses, false positives), the repositories and law texts
it must stay quiet on, and how long the pathological inputs take.

    python benchmarks/privacy_eval.py [--json] [--timing] [--src SRC]

The corpus is ``tests/data/privacy/`` (``planted.yml``: personal data hidden every way issue 16 found;
``lookalikes.yml``: ordinary policy text that looks like it); each case is written into a repository of its
own and checked as ``policytrack check`` does. ``--src`` measures another version of the guard (the ``src``
folder of an older checkout) on this corpus; ``--timing`` times each pathological input through the scan
of a Markdown page and of a YAML value (skip it for an older guard: some take years there).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--timing", action="store_true", help="time the pathological inputs")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the guard's source folder")
    args = parser.parse_args()
    sys.path[:0] = [str(args.src.resolve()), str(ROOT / "tests")]
    figures = measure(args.timing)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    planted, lookalikes = figures["planted"], figures["lookalikes"]
    print(f"planted: {planted['cases']} cases, {planted['missed']} missed")
    for group, (cases, missed) in planted["by_class"].items():
        print(f"  {group:20} {cases - missed:3} of {cases:3} found")
    print(f"look-alikes: {lookalikes['cases']} cases, {lookalikes['flagged']} flagged {lookalikes['which']}")
    for name, count in figures["repositories"].items():
        print(f"false positives on {name}: {count}")
    for name, seconds in figures.get("timing", {}).items():
        print(f"  {seconds:6.3f} s  {name}")


def measure(timing: bool) -> dict[str, Any]:
    """The figures: the corpus's, the false positives on real texts, and optionally the timings."""
    from policytrack.checks.checker import run_check
    from policytrack.checks.rules.context import Options
    from privacy_corpus import PATHOLOGICAL
    from privacy_corpus import measure as corpus

    planted, lookalikes = corpus()
    cases = Counter(item.case.group for item in planted)
    missed = Counter(item.case.group for item in planted if item.missed)
    figures: dict[str, Any] = {
        "planted": {"cases": len(planted), "missed": sum(missed.values()),
                    "missed_ids": [item.case.id for item in planted if item.missed],
                    "by_class": {group: (cases[group], missed[group]) for group in cases}},
        "lookalikes": {"cases": len(lookalikes), "flagged": sum(item.false_positive for item in lookalikes),
                       "which": [item.case.id for item in lookalikes if item.false_positive]},
    }
    repositories: dict[str, int] = {}
    for name, root in (("King County (this repository)", ROOT), ("D.C. (tests/repos/dc-near-act)",
                                                                  ROOT / "tests" / "repos" / "dc-near-act")):
        result = run_check(root, date(2026, 1, 1), Options())
        repositories[name] = sum(item.rule == "personal-data" for item in result.findings)
    try:
        from policytrack.checks.privacy_sources import scan_file
    except ImportError:  # an older guard: line by line only
        from policytrack.checks.privacy import scan

        def scan_file(rel: str, text: str) -> list[Any]:
            return scan(text)
    laws = sorted((ROOT / "tests" / "data" / "laws").iterdir())
    repositories[f"the law texts (tests/data/laws, {len(laws)} files)"] = sum(
        len(scan_file(f"docs/{path.stem}.md", path.read_text(encoding="utf-8"))) for path in laws)
    figures["repositories"] = repositories
    if timing:
        figures["timing"] = {}
        for name, text in PATHOLOGICAL.items():
            start = time.perf_counter()
            scan_file("docs/page.md", text)
            scan_file("evidence/ev.yml", "summary: >-\n  " + text + "\n")
            figures["timing"][name] = round(time.perf_counter() - start, 3)
    return figures


if __name__ == "__main__":
    main()
