"""The house in layers: each wing of ``src/policytrack`` imports only from itself and the wings below it,
no modules import each other in a circle, and no source file is a room too big to find one's way in.

Imports are read from the source with :mod:`ast` (also those inside functions and under
``TYPE_CHECKING``: hiding an import in a function does not remove the dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policytrack"
WINGS = ("model", "law", "status", "graph", "checks", "report", "site", "commands")
"""Lowest first: a wing imports only from itself and the wings before it in this tuple."""
DOORS = {"policytrack.cli", "policytrack.plugin", "policytrack.__main__"}
MAX_LINES = 600
MAX_ROOT_MODULES = 6


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                       for alias in node.names]
        found.update(target for target in targets if target.split(".")[0] == "policytrack")
    found.discard(name)
    return found


def _graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in _imports(name, path, set(modules)):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != name:
                graph.add_edge(name, target)
    return graph


def _wing(module: str) -> int | None:
    """The wing's rank, or None for the doors and the package itself."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in WINGS:
        return WINGS.index(parts[1])
    return None


def _upward(graph: nx.DiGraph) -> list[str]:
    wrong = []
    for source, target in graph.edges:
        if target in DOORS and source != "policytrack.__main__":
            wrong.append(f"{source} imports the door {target}")
        if target == "policytrack":
            continue
        low, high = _wing(target), _wing(source)
        if high is None:
            continue  # a door may import every wing
        if low is None or low > high:
            wrong.append(f"{source} ({WINGS[high]}) imports {target} ({WINGS[low] if low is not None else 'a door'})")
    return sorted(wrong)


def _circles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(part) for part in nx.strongly_connected_components(graph) if len(part) > 1)


def test_every_module_lives_in_a_wing_or_is_a_door() -> None:
    root = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(root) <= MAX_ROOT_MODULES, root
    assert set(root) == {"__init__.py", "__main__.py", "cli.py", "plugin.py"}
    assert sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()) == sorted(WINGS)


def test_no_wing_imports_a_wing_above_it() -> None:
    assert _upward(_graph()) == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = _graph()
    assert _circles(graph) == []
    wings = nx.DiGraph((WINGS[_wing(a)], WINGS[_wing(b)]) for a, b in graph.edges  # type: ignore[index]
                       if _wing(a) is not None and _wing(b) is not None and _wing(a) != _wing(b))
    assert list(nx.simple_cycles(wings)) == []


def test_the_package_root_imports_nothing_of_its_own() -> None:
    assert _imports("policytrack", PACKAGE / "__init__.py", set(_modules())) == set()


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_room_over_600_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines: split it along its seams"


# --- the test can tell right from wrong --------------------------------------------------------------------


def test_an_upward_import_and_a_circle_are_caught() -> None:
    graph = nx.DiGraph()
    graph.add_edge("policytrack.model.load", "policytrack.status.engine")  # model imports status: upward
    graph.add_edge("policytrack.status.engine", "policytrack.model.load")
    graph.add_edge("policytrack.site.build", "policytrack.cli")  # nothing imports the door
    graph.add_edge("policytrack.checks.checker", "policytrack.status.engine")  # downward: quiet
    assert _upward(graph) == ["policytrack.model.load (model) imports policytrack.status.engine (status)",
                              "policytrack.site.build (site) imports policytrack.cli (a door)",
                              "policytrack.site.build imports the door policytrack.cli"]
    assert _circles(graph) == [["policytrack.model.load", "policytrack.status.engine"]]


def test_imports_inside_functions_and_relative_imports_are_read(tmp_path: Path) -> None:
    source = tmp_path / "engine.py"
    source.write_text("def f():\n    from policytrack.site import build\n    from ..model import load\n")
    known = {"policytrack.site.build", "policytrack.model.load", "policytrack.site", "policytrack.model"}
    assert _imports("policytrack.status.engine", source, known) == {"policytrack.site.build", "policytrack.model.load"}
