"""Fast at every size (issue 19): what the speed-ups must keep, and the bounds on pathological input.

Timing stays out of the tests, except the generous bounds on the three slow repositories of the issue
(each must check in well under its limit; the limits are ten times what this machine needs, so a loaded
CI machine passes, while the old engine took minutes).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import networkx as nx

from policytrack.graph.queries import strongly_connected

ROOT = Path(__file__).resolve().parents[1]


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
