"""The graph written out: GraphML and GEXF (Gephi, Cytoscape), node-link JSON, Mermaid and DOT.

networkx is imported by the functions that need it, so importing this module costs nothing.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

from policytrack.model.safetext import clean

EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "mermaid", "dot")
"""Formats of :func:`export`: GraphML and GEXF for Gephi and Cytoscape, node-link JSON, Mermaid, DOT."""


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """networkx's node-link form (``edges`` key); :func:`from_node_link` reads it back."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    return data


def from_node_link(data: Mapping[str, Any]) -> nx.MultiDiGraph:
    """The graph written by :func:`node_link` (or ``--format json``)."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    graph: nx.MultiDiGraph = nx.node_link_graph(dict(data), directed=True, multigraph=True, edges="edges")
    return graph


def export(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in one of :data:`EXPORT_FORMATS`, as text."""
    if fmt in ("graphml", "gexf"):
        import networkx as nx  # type: ignore[import-untyped, unused-ignore]

        buffer = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(xml_safe(graph), buffer)
        return buffer.getvalue().decode("utf-8")
    if fmt == "json":
        return json.dumps(node_link(graph), indent=1, ensure_ascii=False) + "\n"
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "dot":
        return to_dot(graph)
    raise ValueError(f"unknown export format '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}")


def xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` with the characters XML 1.0 does not allow removed from every name, key and text value (a
    record's title may hold any character YAML can escape): the graph itself when it holds none."""
    def fix(value: Any) -> Any:
        return clean(value) if isinstance(value, str) else value

    def unsafe(value: Any) -> bool:
        return isinstance(value, str) and clean(value) != value

    items = [*graph.graph.items(), *((node, None) for node in graph.nodes)]
    items += [item for _, attrs in graph.nodes(data=True) for item in attrs.items()]
    items += [item for *_, key, attrs in graph.edges(keys=True, data=True) for item in ((key, None), *attrs.items())]
    if not any(unsafe(key) or unsafe(value) for key, value in items):
        return graph
    names: dict[Any, Any] = {}
    taken: set[Any] = set()
    for node in graph.nodes:
        name = fix(node)
        while name in taken:  # two names that differ only by a removed character stay two nodes
            name = f"{name}~"
        names[node] = name
        taken.add(name)
    safe = graph.__class__()
    safe.graph.update({fix(key): fix(value) for key, value in graph.graph.items()})
    for node, attrs in graph.nodes(data=True):
        safe.add_node(names[node], **{fix(key): fix(value) for key, value in attrs.items()})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        safe.add_edge(names[source], names[target], key=fix(key), **{fix(k): fix(value) for k, value in attrs.items()})
    return safe


def _edge_label(kind: str) -> str:
    return kind.replace("-", " ")


def to_mermaid(graph: nx.MultiDiGraph) -> str:
    """A Mermaid flowchart of the graph (labels escaped; one style class per kind of node)."""
    names = {node: f"n{index}" for index, node in enumerate(sorted(graph.nodes))}
    lines = ["flowchart LR"]
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        label = _mermaid_text(str(attrs.get("label", node)))
        kind = str(attrs.get("kind", "node"))
        status = f"<br/>{_mermaid_text(str(attrs['status']))}" if "status" in attrs else ""
        lines.append(f'  {names[node]}["{_mermaid_text(kind)}: {label}{status}"]:::{_css_name(kind)}')
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("kind")))):
        lines.append(f"  {names[source]} -->|{_mermaid_text(_edge_label(str(data.get('kind', ''))))}| "
                     f"{names[target]}")
    for kind, style in _MERMAID_STYLES.items():
        lines.append(f"  classDef {_css_name(kind)} {style}")
    return "\n".join(lines) + "\n"


_MERMAID_STYLES = {
    "ordinance": "fill:#e8eaf6,stroke:#3949ab",
    "section": "fill:#f3f4fb,stroke:#7986cb",
    "obligation": "fill:#fff8e1,stroke:#f9a825",
    "agency": "fill:#e8f5e9,stroke:#2e7d32",
    "system": "fill:#e3f2fd,stroke:#1565c0",
    "data": "fill:#fce4ec,stroke:#ad1457",
    "party": "fill:#ffebee,stroke:#c62828",
    "evidence": "fill:#f1f8e9,stroke:#558b2f",
}


def _css_name(kind: str) -> str:
    return "k_" + "".join(char if char.isalnum() else "_" for char in kind)


def _mermaid_text(text: str) -> str:
    escaped = html.escape(text, quote=True).replace("&quot;", "#quot;").replace("&#x27;", "#39;")
    return escaped.replace("&lt;", "#lt;").replace("&gt;", "#gt;").replace("&amp;", "#amp;").replace(
        "|", "#124;").replace("\n", " ")


def to_dot(graph: nx.MultiDiGraph) -> str:
    """The graph in Graphviz DOT, every name and label quoted."""
    lines = ["digraph policytrack {", "  rankdir=LR;", '  node [shape=box, fontname="sans-serif"];']
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        props = ", ".join(f"{key}={_dot_text(str(value))}" for key, value in sorted(attrs.items()))
        lines.append(f"  {_dot_text(node)} [{props}];")
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        props = ", ".join(f"{name}={_dot_text(str(value))}" for name, value in sorted(data.items()))
        lines.append(f"  {_dot_text(source)} -> {_dot_text(target)} [key={_dot_text(str(key))}, "
                     f"label={_dot_text(_edge_label(str(data.get('kind', ''))))}"
                     + (f", {props}" if props else "") + "];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
