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


def wrap(label: str, width: int, lines: int = 3) -> list[str]:
    """A name in lines of at most ``width`` characters, broken between words (at most ``lines`` lines; the
    last one ends with '…' when the name is longer: its whole text is the node's tooltip and in the lists)."""
    out: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > width:  # a word longer than a line is cut into pieces
            if current:
                out.append(current)
                current = ""
            out.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out or [""]


def _node(x: int, y: int, width: int, label: str, css: str, chars: int, line: int = 17) -> tuple[str, int]:
    """A box with its name on as many lines as it needs; returns the SVG and the box's height."""
    lines = wrap(label, chars)
    height = 14 + line * len(lines)
    spans = "".join(f'<tspan x="{x + 10}" dy="{line if index else 0}">{html.escape(text)}</tspan>'
                    for index, text in enumerate(lines))
    whole = " ".join(lines) == " ".join(label.split())  # a name cut short keeps its whole text as a tooltip
    tooltip = "" if whole else f"<title>{html.escape(label)}</title>"
    return (f'<g class="pt-node {css}">{tooltip}'
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="6"/>'
            f'<text x="{x + 10}" y="{y + line + 2}">{spans}</text></g>', height)


def svg(repo: Repository, ordinance: Ordinance, found: Reach) -> str:
    """Two accessible inline SVGs (each label escaped): ordinance → agencies → systems in three columns, for
    wide screens, and the same stacked in one column, for phones (the stylesheet shows one of them)."""
    return _wide(repo, ordinance, found) + _tall(repo, ordinance, found)


def _wide(repo: Repository, ordinance: Ordinance, found: Reach) -> str:
    agencies = found.agencies[:MAX_NODES]
    systems = found.systems[:MAX_NODES]
    extra_a = len(found.agencies) - len(agencies)
    extra_s = len(found.systems) - len(systems)
    box_w, chars = 240, 28
    gap = 14 + 17 * max([len(wrap(_label(repo, "agency", key), chars)) for key in agencies]
                        + [len(wrap(_label(repo, "system", key), chars)) for key in systems] + [1]) + 12
    rows = max(len(agencies) + (extra_a > 0), len(systems) + (extra_s > 0), 1)
    height = max(rows * gap + 20, 14 + 17 * len(wrap(_one_line(ordinance.title), chars)) + 20)
    columns = (10, 300, 590)
    nodes: list[str] = []
    edges: list[str] = []
    title_h = 14 + 17 * len(wrap(_one_line(ordinance.title), chars))
    o_y = height // 2 - title_h // 2
    nodes.append(_node(columns[0], o_y, box_w, _one_line(ordinance.title), "pt-node-ordinance", chars)[0])
    o_mid = o_y + title_h // 2
    agency_mid: dict[str, int] = {}
    for index, agency in enumerate(agencies):
        y = 10 + index * gap
        box, box_h = _node(columns[1], y, box_w, _label(repo, "agency", agency), "pt-node-agency", chars)
        agency_mid[agency] = y + box_h // 2
        nodes.append(box)
        edges.append(_edge(columns[0] + box_w, o_mid, columns[1], y + box_h // 2, dashed=False))
    if extra_a > 0:
        nodes.append(_node(columns[1], 10 + len(agencies) * gap, box_w, f"+{extra_a} more agencies",
                           "pt-node-more", chars)[0])
    for index, system_id in enumerate(systems):
        y = 10 + index * gap
        box, box_h = _node(columns[2], y, box_w, _label(repo, "system", system_id), "pt-node-system", chars)
        nodes.append(box)
        system = repo.systems.get(system_id)
        operator = system.operator if system else None
        if operator in agency_mid:
            edges.append(_edge(columns[1] + box_w, agency_mid[operator], columns[2], y + box_h // 2, dashed=False))
        else:
            edges.append(_edge(columns[0] + box_w, o_mid, columns[2], y + box_h // 2, dashed=True))
    if extra_s > 0:
        nodes.append(_node(columns[2], 10 + len(systems) * gap, box_w, f"+{extra_s} more systems",
                           "pt-node-more", chars)[0])
    return (f'<svg class="pt-diagram pt-diagram-wide" viewBox="0 0 840 {height}" role="img" '
            f'aria-labelledby="pt-diagram-desc" xmlns="http://www.w3.org/2000/svg">'
            f'<desc id="pt-diagram-desc">{_description(ordinance, found)}</desc>'
            + "".join(edges) + "".join(nodes) + "</svg>")


def _tall(repo: Repository, ordinance: Ordinance, found: Reach) -> str:
    """The stacked drawing: the ordinance, then each agency it binds with the systems it operates below it,
    then the systems it reaches otherwise; names wrap instead of being cut."""
    width, chars = 360, 36
    parts: list[str] = []
    box, y = _node(0, 0, width, _one_line(ordinance.title), "pt-node-ordinance", chars)
    parts.append(box)
    trunk_top = y
    y += 14
    agencies = found.agencies[:MAX_NODES]
    shown: set[str] = set()
    joins: list[int] = []
    for agency in agencies:
        box, height = _node(24, y, width - 24, _label(repo, "agency", agency), "pt-node-agency", chars - 3)
        parts.append(box)
        joins.append(y + height // 2)
        y += height + 8
        for system_id in found.systems[:MAX_NODES]:
            system = repo.systems.get(system_id)
            if system is not None and system.operator == agency:
                shown.add(system_id)
                box, height = _node(60, y, width - 60, _label(repo, "system", system_id), "pt-node-system",
                                    chars - 7)
                parts.append(f'<path class="pt-edge" d="M40,{y - 8}V{y + height // 2}H60"/>' + box)
                y += height + 8
        y += 6
    others = [key for key in found.systems[:MAX_NODES] if key not in shown]
    for system_id in others:
        box, height = _node(24, y, width - 24, _label(repo, "system", system_id), "pt-node-system", chars - 3)
        parts.append(box)
        joins.append(-(y + height // 2))  # reached, not operated by an agency it binds: a dashed join
        y += height + 8
    more = len(found.agencies) - len(agencies) + len(found.systems) - min(len(found.systems), MAX_NODES)
    if more > 0:
        box, height = _node(24, y, width - 24, f"+{more} more (listed below)", "pt-node-more", chars - 3)
        parts.append(box)
        y += height + 8
    edges = []
    if joins:
        edges.append(f'<path class="pt-edge" d="M10,{trunk_top}V{abs(joins[-1])}"/>')
        edges += [f'<path class="pt-edge{" pt-edge-dashed" if mid < 0 else ""}" d="M10,{abs(mid)}H24"/>'
                  for mid in joins]
    return (f'<svg class="pt-diagram pt-diagram-tall" viewBox="0 0 {width} {y}" role="img" '
            f'aria-labelledby="pt-diagram-desc-tall" xmlns="http://www.w3.org/2000/svg">'
            f'<desc id="pt-diagram-desc-tall">{_description(ordinance, found)}</desc>'
            + "".join(edges) + "".join(parts) + "</svg>")


def _description(ordinance: Ordinance, found: Reach) -> str:
    return (f"{html.escape(_one_line(ordinance.title))} binds {len(found.agencies)} agencies and reaches "
            f"{len(found.systems)} systems; the lists below say which.")


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
