"""The privacy guard runs in time linear in its input (issue 16, findings 7 and 10): inputs that made the
old patterns backtrack for years (a 312-byte summary) or minutes (a 150 KB line of e-mail-like text) are
scanned in a fraction of a second. The bound is generous (2 s for each, on a shared 2-core machine); the
README quotes the times of ``benchmarks/privacy_eval.py --timing``."""

from __future__ import annotations

import time

import pytest

from policytrack.checks.privacy import kinds_shown, scan
from policytrack.checks.privacy_sources import scan_file
from privacy_corpus import PATHOLOGICAL

BOUND = 2.0


@pytest.mark.parametrize("text", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_a_pathological_input_is_scanned_quickly(text: str) -> None:
    for name, read in (("line by line", scan), ("as one value", kinds_shown),
                       ("as a page", lambda value: scan_file("docs/page.md", value)),
                       ("as a folded YAML value", lambda value: scan_file("evidence/ev.yml",
                                                                          "summary: >-\n  " + value + "\n"))):
        start = time.perf_counter()
        read(text)
        assert time.perf_counter() - start < BOUND, name


def test_the_scan_of_a_longer_text_grows_in_proportion() -> None:
    # linear, not quadratic: eight times the text takes well under 64 times as long
    short, long = "a." * 10_000 + "@x " + "SSN 1 " * 2_000, "a." * 80_000 + "@x " + "SSN 1 " * 16_000
    times = []
    for text in (short, long):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            scan(text)
            best = min(best, time.perf_counter() - start)
        times.append(best)
    assert times[1] < 24 * times[0] + 0.05
