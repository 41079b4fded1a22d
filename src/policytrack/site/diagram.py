"""The diagram of an ordinance: the agencies it binds and the systems it reaches.

Drawn as inline SVG on the server, so the page works offline and sends no reader to a third-party
script host; the same diagram is also given as Mermaid source (rendered by Material when the plugin's
``mermaid`` option is on, which loads Mermaid from unpkg.com in the reader's browser).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from policytrack.model.load import Repository
from policytrack.model.records import Ordinance
from policytrack.model.safetext import clean
from policytrack.status.scope import bound_agencies

LABEL_LIMIT = 200
"""Characters of a name in the diagram (its tooltip); the box shows fewer."""

MAX_NODES = 12
"""Nodes drawn per column; the rest are counted in a '+N more' node (and listed in the text)."""


@dataclass(frozen=True)
class Reach:
    """What an ordinance reaches: agency ids and system ids, in a stable order."""

    agencies: list[str]
    systems: list[str]


def reach(repo: Repository, ordinance: Ordinance, obligation_ids: list[str]) -> Reach:
    """Agencies bound by the ordinance or its obligations; systems its obligations name or whose data it protects."""
    agencies: dict[str, None] = dict.fromkeys(ordinance.applies_to)
    systems: dict[str, None] = {}
    for obligation_id in obligation_ids:
        obligation = repo.obligations[obligation_id]
        for agency in [owner.agency for owner in obligation.owners] + bound_agencies(repo, obligation):
            agencies.setdefault(agency)
        for system_id in obligation.systems:
            systems.setdefault(system_id)
    if ordinance.protects:
        protected = set(ordinance.protects)
        for system_id, system in sorted(repo.systems.items()):
            if protected.intersection(system.data):
                systems.setdefault(system_id)
    return Reach(list(agencies), list(systems))


def _label(repo: Repository, kind: str, record_id: str) -> str:
    record = repo.agencies.get(record_id) if kind == "agency" else repo.systems.get(record_id)
    return _one_line(record.name) if record is not None else record_id


def _one_line(label: str) -> str:
    """A name on one line, without control characters: neither SVG nor Mermaid source may break on it."""
    return " ".join(clean(label).split())[:LABEL_LIMIT]


def _short(label: str, width: int = 34) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def svg(repo: Repository, ordinance: Ordinance, found: Reach) -> str:
    """An accessible inline SVG: ordinance → agencies → systems (each label escaped)."""
    agencies = found.agencies[:MAX_NODES]
    systems = found.systems[:MAX_NODES]
    extra_a = len(found.agencies) - len(agencies)
    extra_s = len(found.systems) - len(systems)
    rows = max(len(agencies) + (extra_a > 0), len(systems) + (extra_s > 0), 1)
    box_w, box_h, gap = 240, 34, 46
    height = rows * gap + 20
    columns = (10, 300, 590)
    nodes: list[str] = []
    edges: list[str] = []

    def node(x: int, y: int, label: str, css: str) -> str:
        return (f'<g class="pt-node {css}"><title>{html.escape(label)}</title>'
                f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6"/>'
                f'<text x="{x + 10}" y="{y + 22}">{html.escape(_short(label))}</text></g>')

    o_y = height // 2 - box_h // 2
    nodes.append(node(columns[0], o_y, _one_line(ordinance.title), "pt-node-ordinance"))
    agency_y: dict[str, int] = {}
    for index, agency in enumerate(agencies):
        y = 10 + index * gap
        agency_y[agency] = y
        nodes.append(node(columns[1], y, _label(repo, "agency", agency), "pt-node-agency"))
        edges.append(_edge(columns[0] + box_w, o_y + box_h // 2, columns[1], y + box_h // 2, dashed=False))
    if extra_a > 0:
        nodes.append(node(columns[1], 10 + len(agencies) * gap, f"+{extra_a} more agencies", "pt-node-more"))
    for index, system_id in enumerate(systems):
        y = 10 + index * gap
        nodes.append(node(columns[2], y, _label(repo, "system", system_id), "pt-node-system"))
        system = repo.systems.get(system_id)
        operator = system.operator if system else None
        if operator in agency_y:
            edges.append(_edge(columns[1] + box_w, agency_y[operator] + box_h // 2, columns[2], y + box_h // 2,
                               dashed=False))
        else:
            edges.append(_edge(columns[0] + box_w, o_y + box_h // 2, columns[2], y + box_h // 2, dashed=True))
    if extra_s > 0:
        nodes.append(node(columns[2], 10 + len(systems) * gap, f"+{extra_s} more systems", "pt-node-more"))
    description = (f"{html.escape(_one_line(ordinance.title))} binds {len(found.agencies)} agencies and reaches "
                   f"{len(found.systems)} systems; the lists below say which.")
    return (f'<svg class="pt-diagram" viewBox="0 0 840 {height}" role="img" aria-labelledby="pt-diagram-desc" '
            f'xmlns="http://www.w3.org/2000/svg"><desc id="pt-diagram-desc">{description}</desc>'
            + "".join(edges) + "".join(nodes) + "</svg>")


def _edge(x1: int, y1: int, x2: int, y2: int, *, dashed: bool) -> str:
    middle = (x1 + x2) // 2
    css = "pt-edge pt-edge-dashed" if dashed else "pt-edge"
    return f'<path class="{css}" d="M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"/>'


def _mermaid_label(label: str) -> str:
    escaped = label.replace("#", "#35;").replace('"', "#quot;").replace("`", "#96;")
    return escaped.replace("<", "#lt;").replace(">", "#gt;")


def mermaid(repo: Repository, ordinance: Ordinance, found: Reach) -> str:
    """The same diagram as Mermaid ``flowchart`` source (labels use Mermaid's ``#code;`` escapes)."""
    lines = ["flowchart LR", f'  ord["{_mermaid_label(_one_line(ordinance.title))}"]']
    agencies = set(found.agencies)
    for index, agency in enumerate(found.agencies):
        lines.append(f'  a{index}["{_mermaid_label(_label(repo, "agency", agency))}"]')
        lines.append(f"  ord -->|binds| a{index}")
    index_of = {agency: index for index, agency in enumerate(found.agencies)}
    for index, system_id in enumerate(found.systems):
        lines.append(f'  s{index}[("{_mermaid_label(_label(repo, "system", system_id))}")]')
        system = repo.systems.get(system_id)
        operator = system.operator if system else None
        if operator in agencies and operator is not None:
            lines.append(f"  a{index_of[operator]} -->|operates| s{index}")
        else:
            lines.append(f"  ord -.->|reaches| s{index}")
    return "\n".join(lines)
