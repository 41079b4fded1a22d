"""Seconds that the graph adds to ``policytrack check``: build the graph and run the graph rules.

    python benchmarks/graph_bench.py REPO [--as-of YYYY-MM-DD] [--repeat N]

Loads the repository and computes statuses once (timed: that is most of a check), then, for each
repeat, times building the graph from the loaded model plus running every ``graph_*`` rule, and the
other rules on their own. Prints medians in seconds, the first run (what one check pays), and the
graph's share of a check without it (load + statuses + other rules). ``import networkx`` is timed
separately and added to the graph's share: a check pays it once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date


def main() -> int:
    """Command line: print the timings; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2020, 1, 1))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    import networkx  # noqa: F401

    import_seconds = time.perf_counter() - started

    from policytrack.checks.rules import RULES
    from policytrack.checks.rules.context import Context
    from policytrack.model.load import load_repository
    from policytrack.status.engine import compute_statuses

    started = time.perf_counter()
    loaded = load_repository(args.repo)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    statuses = compute_statuses(loaded.repository, args.as_of)
    status_seconds = time.perf_counter() - started
    graph_rules = [rule for rule in RULES.values() if "graph" in rule.check.__code__.co_names]
    other_rules = [rule for rule in RULES.values() if rule not in graph_rules]

    graph_times: list[float] = []
    build_times: list[float] = []
    other_times: list[float] = []
    for _ in range(args.repeat):
        context = Context(loaded.repository, args.as_of, statuses)
        started = time.perf_counter()
        context.graph  # noqa: B018 - builds it
        build_times.append(time.perf_counter() - started)
        for rule in graph_rules:
            list(rule.check(context))
        graph_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for rule in other_rules:
            list(rule.check(context))
        other_times.append(time.perf_counter() - started)

    first = graph_times[0] + import_seconds
    graph = statistics.median(graph_times) + import_seconds
    check = load_seconds + status_seconds + statistics.median(other_times)
    obligations = len(loaded.repository.obligations)
    print(f"repository: {args.repo} ({obligations} obligations, {loaded.repository.files} files)")
    print(f"check without graph: {check:.3f} s (load {load_seconds:.3f}, statuses {status_seconds:.3f}, "
          f"other rules {statistics.median(other_times):.3f})")
    print(f"graph: {graph:.3f} s (import networkx {import_seconds:.3f}, build {statistics.median(build_times):.3f}, "
          f"build + {len(graph_rules)} graph rules {statistics.median(graph_times):.3f})")
    print(f"graph adds {graph / check:.1%} to check (first run, as in one check: {first:.3f} s, "
          f"{first / check:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
