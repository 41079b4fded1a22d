"""CPU seconds of the statuses, the graph and the ``blocked`` rule on one dependency chain of N links.

    python benchmarks/chain_bench.py 1000 2000 4000 8000

Each step of the chain depends on the one before; the first is overdue, so every other one is blocked
and the rule names, for each, the chain down to the first. Every part should grow linearly with N.
"""
import sys
import time
from datetime import date
from pathlib import Path

from policytrack.checks.rules import RULES
from policytrack.checks.rules.context import Context
from policytrack.graph import build_graph
from policytrack.model.load import Repository
from policytrack.model.records import Obligation, Ordinance
from policytrack.status.engine import compute_statuses


def run(length: int) -> None:
    """Build the chain and print the CPU time of each part."""
    repo = Repository(root=Path("."))
    repo.ordinances["ord"] = Ordinance.model_validate({
        "id": "ord", "title": "Long chain", "citation": "c", "enacted": "2020-01-01",
        "source": "https://example.org/ord", "sections": [{"id": "1", "heading": "h"}]})
    for index in range(length):
        repo.obligations[f"ob-{index}"] = Obligation.model_validate({
            "id": f"ob-{index}", "title": f"Step {index}", "ordinance": "ord", "section": "1", "quote": "q",
            "action": "a", "kind": "one-time", "owner": {"agency": "a", "role": "r"},
            "deadline": {"type": "relative", "days": 10 + index},
            "depends_on": [f"ob-{index - 1}"] if index else []})
    as_of = date(2020, 1, 12)
    started = time.process_time()
    statuses = compute_statuses(repo, as_of)
    status_seconds = time.process_time() - started
    started = time.process_time()
    graph = build_graph(repo, statuses)
    graph_seconds = time.process_time() - started
    context = Context(repo, as_of, statuses)
    context._graph = graph
    started = time.process_time()
    found = list(RULES["blocked"].check(context))
    rule_seconds = time.process_time() - started
    print(f"{length} links: statuses {status_seconds:.3f} s, graph {graph_seconds:.3f} s, "
          f"blocked rule {rule_seconds:.3f} s ({len(found)} findings)")


if __name__ == "__main__":
    for size in sys.argv[1:] or ["1000", "2000", "4000", "8000"]:
        run(int(size))
