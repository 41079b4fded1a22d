"""Building the graph: :func:`build_graph` turns the loaded model (never the files again) and the
computed statuses into the nodes and edges of a :class:`~policytrack.graph.queries.PolicyGraph` (which
builds a networkx ``MultiDiGraph`` of them only when an export asks).

The kinds of node and edge are described in :mod:`policytrack.graph.nodes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policytrack.graph.queries import PolicyGraph
from policytrack.model.load import Repository, paused_gc
from policytrack.status.engine import ObligationStatus, dependencies
from policytrack.status.scope import bound_agencies

_KIND_ONLY: dict[str, dict[str, Any]] = {}


def _kind(kind: str) -> dict[str, Any]:
    """The attributes of an edge that has only its kind, one shared dict per kind (networkx copies them; a
    large repository has hundreds of thousands of such edges)."""
    return _KIND_ONLY.setdefault(kind, {"kind": kind})


def build_graph(repo: Repository, statuses: Mapping[str, ObligationStatus]) -> PolicyGraph:
    """Build the graph of ``repo`` from the loaded records and the statuses of one run."""
    # The build allocates a few hundred thousand small dicts and lists, none of them in reference
    # cycles; with a large repository loaded, the collector's full passes over it would cost a third
    # of the build (measured on 10,000 obligations), so it is paused meanwhile.
    with paused_gc():
        return _build(repo, statuses)


def _build(repo: Repository, statuses: Mapping[str, ObligationStatus]) -> PolicyGraph:
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    agencies = repo.agencies
    systems = repo.systems
    parties = repo.parties
    data_categories: set[str] = set()

    for agency in agencies.values():
        attrs: dict[str, Any] = {"kind": "agency", "record": agency.id, "label": agency.name}
        nodes.append((f"agency:{agency.id}", attrs))
        if agency.parent and agency.parent in agencies:
            edges.append((f"agency:{agency.id}", f"agency:{agency.parent}", "part-of", _kind("part-of")))
    for party in parties.values():
        nodes.append((f"party:{party.id}",
                      {"kind": "party", "record": party.id, "label": party.name, "party_kind": party.kind}))
    for system in systems.values():
        name = f"system:{system.id}"
        nodes.append((name, {"kind": "system", "record": system.id, "label": system.name}))
        if system.operator and system.operator in agencies:
            edges.append((name, f"agency:{system.operator}", "operated-by", _kind("operated-by")))
        for category in system.data:
            data_categories.add(category)
            edges.append((name, f"data:{category}", "holds-data", _kind("holds-data")))
        for index, access in enumerate(system.access):
            if access.party not in parties:
                continue
            attrs = {"kind": "has-access", "index": index, "description": access.description}
            if access.since:
                attrs["since"] = access.since.isoformat()
            if access.until:
                attrs["until"] = access.until.isoformat()
            key = "has-access" if index == 0 else f"has-access-{index}"
            edges.append((f"party:{access.party}", name, key, attrs))

    sections: set[str] = set()
    for ordinance in repo.ordinances.values():
        name = f"ordinance:{ordinance.id}"
        attrs = {"kind": "ordinance", "record": ordinance.id, "label": ordinance.title,
                 "citation": ordinance.citation,
                 "enacted": ordinance.enacted.isoformat() if ordinance.enacted else "unknown"}
        if ordinance.effective:
            attrs["effective"] = ordinance.effective.isoformat()
        nodes.append((name, attrs))
        for section in ordinance.sections:
            section_name = f"section:{ordinance.id}/{section.id}"
            if section_name in sections:
                continue
            sections.add(section_name)
            nodes.append((section_name, {"kind": "section", "record": f"{ordinance.id}/{section.id}",
                                         "label": f"{section.id} {section.heading}", "ordinance": ordinance.id,
                                         "section": section.id}))
            edges.append((section_name, name, "section-of", _kind("section-of")))
        for agency_id in ordinance.applies_to:
            if agency_id in agencies:
                edges.append((name, f"agency:{agency_id}", "applies-to", _kind("applies-to")))
        for category in ordinance.protects:
            data_categories.add(category)
            edges.append((name, f"data:{category}", "protects", _kind("protects")))
        for party_id in ordinance.restricts:
            if party_id in parties:
                edges.append((name, f"party:{party_id}", "restricts", _kind("restricts")))
    nodes.extend((f"data:{category}", {"kind": "data", "record": category, "label": category})
                 for category in sorted(data_categories))

    obligations = repo.obligations
    ordinances = repo.ordinances
    for obligation in obligations.values():
        name = f"obligation:{obligation.id}"
        status = statuses.get(obligation.id)
        attrs = {"kind": "obligation", "record": obligation.id, "label": obligation.title,
                 "ordinance": obligation.ordinance, "section": obligation.section,
                 "obligation_kind": obligation.kind}
        if status is not None:
            attrs["status"] = status.status
            if status.due:
                attrs["due"] = status.due.isoformat()
        if obligation.owner:
            attrs["owner"] = obligation.owner.agency
        nodes.append((name, attrs))
        bound = bound_agencies(repo, obligation)
        section_name = f"section:{obligation.ordinance}/{obligation.section}"
        if section_name in sections:
            edges.append((name, section_name, "implements", _kind("implements")))
        elif obligation.ordinance in ordinances:
            edges.append((name, f"ordinance:{obligation.ordinance}", "implements", _kind("implements")))
        for owner in obligation.owners:
            if owner.agency in agencies:
                edges.append((name, f"agency:{owner.agency}", "owned-by", _kind("owned-by")))
        rows = {row.agency: row for row in status.agencies} if status is not None else {}
        for agency_id in (bound if not (isinstance(obligation.applies_to, list) and not obligation.applies_to)
                          else []):
            if agency_id in agencies:
                attrs = {"kind": "applies-to"}
                row = rows.get(agency_id)
                if row is not None:
                    attrs["status"] = row.status
                edges.append((name, f"agency:{agency_id}", "applies-to", attrs))
        for system_id in obligation.systems:
            if system_id in systems:
                edges.append((name, f"system:{system_id}", "concerns-system", _kind("concerns-system")))
        for dependency in dependencies(obligation):
            if dependency in obligations:
                edges.append((name, f"obligation:{dependency}", "depends-on", _kind("depends-on")))
        if status is None:
            continue
        for row in status.agencies:
            for record in row.evidence:
                evidence_name = f"evidence:{record.id}"
                edges.append((name, evidence_name, "evidenced-by", _kind("evidenced-by")))
                attrs = {"kind": "evidence", "record": record.id, "label": record.summary.split(". ")[0][:80],
                         "date": record.date.isoformat(), "agency": record.agency, "evidence_kind": record.kind}
                nodes.append((evidence_name, attrs))
                if record.agency in agencies:
                    edges.append((evidence_name, f"agency:{record.agency}", "shown-by", _kind("shown-by")))
                submitter = record.submitted_by.agency
                if submitter and submitter in agencies:
                    edges.append((evidence_name, f"agency:{submitter}", "submitted-by", _kind("submitted-by")))
                verifier = record.verified.agency if record.verified else None
                if verifier and verifier in agencies:
                    edges.append((evidence_name, f"agency:{verifier}", "verified-by", _kind("verified-by")))

    return PolicyGraph(nodes, edges, repo, statuses)
