"""The typed questions of the graph: :class:`PolicyGraph` holds the nodes and edges of one run.

The questions are answered from typed adjacency lists; networkx is imported, and its graph built from the
same nodes and edges, only when an export or a neighbourhood asks for it (:attr:`PolicyGraph.nx`), so a
check that runs the graph rules does not pay for the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from policytrack.graph.answers import (
    MET,
    AgencyDuties,
    AmendmentImpact,
    Blocker,
    Coverage,
    Duty,
    OrdinanceLink,
    OrdinanceReach,
    PartyAccess,
    Schedule,
    SystemBindings,
)
from policytrack.graph.nodes import EDGE_KINDS, NODE_KINDS, EdgeKind, node_id, section_node, split_node
from policytrack.graph.schedule import schedule_of
from policytrack.model.load import Repository
from policytrack.model.records import Access
from policytrack.status.engine import ObligationStatus, Status

if TYPE_CHECKING:
    import networkx  # type: ignore[import-untyped, unused-ignore]

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]
"""A node (name, attributes) and an edge (source, target, key, attributes), as networkx takes them."""


class PolicyGraph:
    """The repository's graph with typed questions; :attr:`nx` is the networkx graph for exports."""

    def __init__(self, nodes: list[Node], edges: list[Edge], repo: Repository,
                 statuses: Mapping[str, ObligationStatus]) -> None:
        self.repo = repo
        self.statuses = statuses
        self._nodes = nodes
        self._edges = edges
        self._nx: networkx.MultiDiGraph | None = None
        # Every node's attributes, as networkx would hold them: a node named twice has both sets of
        # attributes; an edge's ends exist even when no node was declared for them.
        self._attributes: dict[str, dict[str, Any]] = {}
        attributes = self._attributes
        for name, attrs in nodes:
            if name in attributes:
                attributes[name] = {**attributes[name], **attrs}
            else:
                attributes[name] = attrs
        # Typed adjacency: kind → node → neighbours, one entry per (source, target, key) as in a multigraph.
        self._out: dict[str, dict[str, list[str]]] = {kind: {} for kind in EDGE_KINDS}
        self._in: dict[str, dict[str, list[str]]] = {kind: {} for kind in EDGE_KINDS}
        unique = {(source, target, key): attrs["kind"] for source, target, key, attrs in edges}
        for (source, target, _), kind in unique.items():
            attributes.setdefault(source, {})
            attributes.setdefault(target, {})
            self._out[kind].setdefault(source, []).append(target)
            self._in[kind].setdefault(target, []).append(source)
        self._blockers: dict[str, dict[str, tuple[int, str, str]]] | None = None

    @property
    def nx(self) -> networkx.MultiDiGraph:
        """The networkx ``MultiDiGraph`` of the same nodes and edges (built, and networkx imported, on
        first use: exports and neighbourhoods need it, the rules do not)."""
        if self._nx is None:
            import networkx  # type: ignore[import-untyped, unused-ignore]

            graph = networkx.MultiDiGraph()
            graph.add_nodes_from(self._nodes)
            graph.add_edges_from(self._edges)
            self._nx = graph
        return self._nx

    # typed navigation

    def has(self, kind: str, record_id: str) -> bool:
        """True when the graph has the record ``kind``/``record_id``."""
        return node_id(kind, record_id) in self._attributes

    def attributes(self, node: str) -> Mapping[str, Any]:
        """The attributes of a node (read only)."""
        return dict(self._attributes[node])

    def targets(self, node: str, *kinds: EdgeKind) -> list[str]:
        """Nodes that ``node`` points at through edges of the given kinds (all kinds when none given)."""
        return self._walk(self._out, node, kinds)

    def sources(self, node: str, *kinds: EdgeKind) -> list[str]:
        """Nodes that point at ``node`` through edges of the given kinds (all kinds when none given)."""
        return self._walk(self._in, node, kinds)

    @staticmethod
    def _walk(index: dict[str, dict[str, list[str]]], node: str, kinds: tuple[EdgeKind, ...]) -> list[str]:
        found: list[str] = []
        for kind in kinds or EDGE_KINDS:
            found.extend(index[kind].get(node, ()))
        return list(dict.fromkeys(found)) if len(kinds) != 1 else found

    def edges(self, kind: EdgeKind) -> Iterator[tuple[str, str]]:
        """Every edge of one kind, as ``(source, target)``."""
        for source, targets in self._out[kind].items():
            for target in targets:
                yield source, target

    def resolve(self, text: str, kinds: Iterable[str] = NODE_KINDS) -> str | None:
        """The node that ``text`` names: ``kind:id``, or a bare id that is unique among ``kinds``."""
        if text in self._attributes and split_node(text)[0] in kinds:
            return text
        found = [node_id(kind, text) for kind in kinds if node_id(kind, text) in self._attributes]
        return found[0] if len(found) == 1 else None

    def obligations_of(self, ordinance_id: str) -> list[str]:
        """Ids of the obligations implementing an ordinance (any of its sections, or the whole)."""
        node = node_id("ordinance", ordinance_id)
        found = [split_node(item)[1] for item in self.sources(node, "implements")]
        for section in self.sources(node, "section-of"):
            found.extend(split_node(item)[1] for item in self.sources(section, "implements"))
        return sorted(found)

    def obligations_of_sections(self, ordinance_id: str, sections: Iterable[str]) -> list[str]:
        """Ids of the obligations implementing some sections of an ordinance."""
        found: list[str] = []
        for section in sections:
            found.extend(split_node(item)[1]
                         for item in self.sources(section_node(ordinance_id, section), "implements"))
        return sorted(set(found))

    def dependencies(self, obligation_id: str) -> list[str]:
        """Ids of the obligations that ``obligation_id`` depends on (and that exist)."""
        return sorted(split_node(item)[1]
                      for item in self.targets(node_id("obligation", obligation_id), "depends-on"))

    def dependents(self, obligation_id: str) -> list[str]:
        """Ids of the obligations that depend on ``obligation_id``."""
        return sorted(split_node(item)[1]
                      for item in self.sources(node_id("obligation", obligation_id), "depends-on"))

    def agencies_bound_by(self, obligation_id: str) -> list[str]:
        """Agencies that own the obligation or that it applies to."""
        node = node_id("obligation", obligation_id)
        return sorted(split_node(item)[1] for item in self.targets(node, "owned-by", "applies-to"))

    def systems_of(self, obligation_id: str) -> list[str]:
        """Systems the obligation concerns."""
        return sorted(split_node(item)[1]
                      for item in self.targets(node_id("obligation", obligation_id), "concerns-system"))

    def obligations_concerning(self, system_id: str) -> list[str]:
        """Ids of the obligations that list the system in their ``systems``."""
        return sorted(split_node(item)[1] for item in self.sources(node_id("system", system_id), "concerns-system"))

    def access(self, system_id: str) -> list[tuple[str, Access, int]]:
        """External access to a system: ``(party id, access record, index in the system's list)``."""
        system = self.repo.systems.get(system_id)
        if system is None:
            return []
        return [(item.party, item, index) for index, item in enumerate(system.access)
                if self.has("party", item.party)]

    def restricting(self, party_id: str) -> list[str]:
        """Ordinances that restrict an external party."""
        return sorted(split_node(item)[1] for item in self.sources(node_id("party", party_id), "restricts"))

    def protected_by(self, data_id: str) -> list[str]:
        """Ordinances that protect a data category."""
        return sorted(split_node(item)[1] for item in self.sources(node_id("data", data_id), "protects"))

    def referenced(self, kind: str, record_id: str, *edge_kinds: EdgeKind) -> bool:
        """True when another record names this one through an edge of the given kinds."""
        node = node_id(kind, record_id)
        return any(node in self._in[edge_kind] for edge_kind in edge_kinds or EDGE_KINDS)

    def dependency_cycles(self) -> list[list[str]]:
        """One cycle of ``depends_on`` per strongly connected group, each starting at its smallest id."""
        successors: dict[str, set[str]] = {}
        for source, target in self.edges("depends-on"):
            successors.setdefault(source, set()).add(target)
            successors.setdefault(target, set())
        cycles: list[list[str]] = []
        for component in strongly_connected(successors):
            start = min(component)
            if len(component) == 1 and start not in successors[start]:
                continue
            path = [start]
            current = start
            while True:  # walk to the smallest next member until the start comes round again
                following = sorted(successors[current] & component)
                nxt = start if start in following else following[0]
                if nxt == start:
                    break
                if nxt in path:  # a shorter loop not through the start: report that loop
                    path = path[path.index(nxt):]
                    break
                path.append(nxt)
                current = nxt
            cycles.append([split_node(item)[1] for item in path])
        return sorted(cycles)

    def blockers(self, obligation_id: str) -> list[Blocker]:
        """For a blocked obligation, each obligation that holds it up without being blocked itself
        (overdue, lapsed or undated), by its shortest chain of blockers, shortest first.

        Worked out once for every obligation, from the blockers' own answers, so that asking for every
        obligation of a chain of n links costs O(n), not O(n²)."""
        table = self._blocker_table()
        return [Blocker(root, length, first, last)
                for root, (length, first, last) in table.get(obligation_id, {}).items()]

    def blocking_chains(self, obligation_id: str) -> list[list[str]]:
        """For a blocked obligation, the shortest chain of blockers to each obligation that holds it up
        without being blocked itself (overdue, lapsed or undated): ``[obligation, …, root]``."""
        return [self.blocking_chain(obligation_id, item.root) for item in self.blockers(obligation_id)]

    def blocking_chain(self, obligation_id: str, root: str) -> list[str]:
        """The shortest chain of blockers from the obligation to one of its :meth:`blockers`."""
        table = self._blocker_table()
        chain = [obligation_id]
        step = obligation_id
        while step != root:
            step = table[step][root][1]
            chain.append(step)
        return chain

    def _blocker_table(self) -> dict[str, dict[str, tuple[int, str, str]]]:
        """Blocked obligation → root → (links to it, first blocker on the way, the one just before the
        root). Post-order over ``blocked_by`` without recursion; a cycle (which the statuses never
        make) is cut where it closes."""
        if self._blockers is not None:
            return self._blockers
        table: dict[str, dict[str, tuple[int, str, str]]] = {}
        statuses = self.statuses

        def expands(name: str) -> bool:
            status = statuses.get(name)
            return status is not None and status.status == "blocked" and bool(status.blocked_by)

        entered: set[str] = set()
        for start in statuses:
            if start in table or not expands(start):
                continue
            stack: list[tuple[str, bool]] = [(start, False)]
            while stack:
                name, resolved = stack.pop()
                if name in table:
                    continue
                blocked_by = statuses[name].blocked_by
                if not resolved:
                    if name in entered:
                        continue
                    entered.add(name)
                    stack.append((name, True))
                    stack.extend((blocker, False) for blocker in reversed(blocked_by)
                                 if expands(blocker) and blocker not in table)
                    continue
                found: dict[str, tuple[int, str, str]] = {}
                for blocker in blocked_by:
                    if blocker not in statuses:
                        continue
                    if not expands(blocker):
                        if blocker not in found or found[blocker][0] > 1:
                            found[blocker] = (1, blocker, name)
                        continue
                    for root, (length, _first, last) in table.get(blocker, {}).items():
                        if root not in found or found[root][0] > length + 1:
                            found[root] = (length + 1, blocker, last)
                table[name] = dict(sorted(found.items(), key=lambda item: item[1][0]))
        self._blockers = table
        return table

    def neighbourhood(self, node: str, depth: int) -> networkx.MultiDiGraph:
        """The records within ``depth`` edges of ``node``, in either direction, as a networkx graph."""
        import networkx  # type: ignore[import-untyped, unused-ignore]

        near = networkx.single_source_shortest_path_length(self.nx.to_undirected(as_view=True), node, cutoff=depth)
        # Built in the whole graph's order: a subgraph view would list its nodes in the order of a set,
        # which changes with the hash seed from one run to the next.
        sub = networkx.MultiDiGraph(**self.nx.graph)
        sub.add_nodes_from((name, data) for name, data in self.nx.nodes(data=True) if name in near)
        sub.add_edges_from((source, target, key, data) for source, target, key, data
                           in self.nx.edges(keys=True, data=True) if source in near and target in near)
        return sub

    # questions

    def agency_duties(self, agency_id: str) -> AgencyDuties:
        """What agency X owes, directly (as owner) and through fan-out, and what of it is overdue."""
        node = node_id("agency", agency_id)
        owned = {split_node(item)[1] for item in self.sources(node, "owned-by")}
        bound = {split_node(item)[1] for item in self.sources(node, "applies-to")
                 if split_node(item)[0] == "obligation"}
        direct: list[Duty] = []
        fanout: list[Duty] = []
        for obligation_id in sorted(owned | bound):
            status = self.statuses[obligation_id]
            row = status.agency(agency_id)
            relation = ", ".join(name for name, present in
                                 (("owner", obligation_id in owned), ("fan-out", obligation_id in bound)) if present)
            duty = self._duty(obligation_id, relation, row.status if row else status.status,
                              row.due if row else status.due)
            (direct if obligation_id in owned else fanout).append(duty)
        ordinances = sorted(split_node(item)[1] for item in self.sources(node, "applies-to")
                            if split_node(item)[0] == "ordinance")
        agency = self.repo.agencies.get(agency_id)
        overdue = tuple(duty.obligation for duty in [*direct, *fanout] if duty.status == "overdue")
        return AgencyDuties(agency_id, agency.name if agency else agency_id, tuple(direct), tuple(fanout),
                            tuple(ordinances), overdue)

    def system_bindings(self, system_id: str, as_of: date) -> SystemBindings:
        """What binds system Y: which obligations, ordinances and external parties touch it."""
        node = node_id("system", system_id)
        system = self.repo.systems[system_id]
        obligations = self.obligations_concerning(system_id)
        data = sorted(split_node(item)[1] for item in self.targets(node, "holds-data"))
        links: dict[str, tuple[list[str], list[str]]] = {}
        for obligation_id in obligations:
            links.setdefault(self.repo.obligations[obligation_id].ordinance, ([], []))[0].append(obligation_id)
        for category in data:
            for ordinance_id in self.protected_by(category):
                links.setdefault(ordinance_id, ([], []))[1].append(category)
        ordinances = tuple(
            OrdinanceLink(key, self._ordinance_title(key), tuple(obs), tuple(cats))
            for key, (obs, cats) in sorted(links.items())
        )
        parties = tuple(
            PartyAccess(party, self.repo.parties[party].name, item.since, item.until, access_active(item, as_of),
                        tuple(self.restricting(party)))
            for party, item, _ in self.access(system_id)
        )
        operator = system.operator if system.operator and self.has("agency", system.operator) else None
        duties = tuple(self._duty(key) for key in obligations)
        return SystemBindings(system_id, system.name, operator, tuple(data), duties, ordinances, parties)

    def ordinance_reach(self, ordinance_id: str) -> OrdinanceReach:
        """What ordinance Z reaches: its obligations, agencies, systems, and its coverage."""
        ordinance = self.repo.ordinances[ordinance_id]
        obligations = self.obligations_of(ordinance_id)
        agencies = set(ordinance.applies_to) & set(self.repo.agencies)
        systems: set[str] = set()
        for obligation_id in obligations:
            agencies.update(self.agencies_bound_by(obligation_id))
            systems.update(self.systems_of(obligation_id))
        return OrdinanceReach(ordinance_id, ordinance.title, ordinance.citation,
                              tuple(self._duty(key) for key in obligations), tuple(sorted(agencies)),
                              tuple(sorted(systems)), self.coverage(obligations))

    def coverage(self, obligation_ids: Iterable[str]) -> Coverage:
        """Of the obligations in force (not waived or repealed): how many have an owner, a deadline in force
        and current evidence (status met or met late), and how many have all three."""
        in_force = owner = deadline = evidence = complete = 0
        for obligation_id in obligation_ids:
            status = self.statuses[obligation_id]
            if status.status in ("waived", "repealed", "not-in-force"):
                continue
            in_force += 1
            has_owner = self.repo.obligations[obligation_id].owner is not None
            has_deadline = status.deadline is not None
            has_evidence = status.status in MET
            owner += has_owner
            deadline += has_deadline
            evidence += has_evidence
            complete += has_owner and has_deadline and has_evidence
        return Coverage(in_force, owner, deadline, evidence, complete)

    def amendment_impact(self, ordinance_id: str, sections: Iterable[str] = ()) -> AmendmentImpact:
        """What an amendment or repeal of ordinance Z, or of some of its sections, would affect."""
        chosen = tuple(sections)
        whole = not chosen
        direct = self.obligations_of(ordinance_id) if whole else self.obligations_of_sections(ordinance_id, chosen)
        seen = set(direct)
        pending = list(direct)
        dependents: list[str] = []
        while pending:
            for dependent in self.dependents(pending.pop()):
                if dependent not in seen:
                    seen.add(dependent)
                    dependents.append(dependent)
                    pending.append(dependent)
        agencies: set[str] = set()
        systems: set[str] = set()
        evidence: list[str] = []
        for obligation_id in sorted(seen):
            agencies.update(self.agencies_bound_by(obligation_id))
            systems.update(self.systems_of(obligation_id))
            evidence.extend(split_node(item)[1]
                            for item in self.targets(node_id("obligation", obligation_id), "evidenced-by"))
        ordinance = self.repo.ordinances[ordinance_id]
        if whole:
            agencies.update(agency for agency in ordinance.applies_to if agency in self.repo.agencies)
        return AmendmentImpact(
            ordinance_id, chosen,
            tuple(self._duty(key) for key in direct),
            tuple(self._duty(key) for key in sorted(dependents)),
            tuple(sorted(agencies)), tuple(sorted(systems)), tuple(sorted(evidence)),
            tuple(sorted(ordinance.protects)) if whole else (),
            tuple(sorted(party for party in ordinance.restricts if party in self.repo.parties)) if whole else (),
        )

    def schedule(self, ordinance_id: str, as_of: date) -> Schedule:
        """The earliest date by which all of ordinance Z's obligations can be met (critical path), as
        :func:`~policytrack.graph.schedule.schedule_of` works it out."""
        return schedule_of(self, ordinance_id, as_of)

    # helpers

    def _duty(self, obligation_id: str, relation: str = "", status: Status | None = None,
              due: date | None = None) -> Duty:
        obligation = self.repo.obligations[obligation_id]
        current = self.statuses[obligation_id]
        return Duty(obligation_id, obligation.title, obligation.ordinance, status or current.status,
                    due if status else current.due, relation)

    def _ordinance_title(self, ordinance_id: str) -> str:
        ordinance = self.repo.ordinances.get(ordinance_id)
        return ordinance.title if ordinance else ordinance_id


def strongly_connected(successors: Mapping[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of the directed graph ``successors`` (node → nodes it points at;
    every node a key): Tarjan's algorithm without recursion, so a chain of any length is fine."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in successors:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(successors[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def access_active(access: Access, as_of: date) -> bool:
    """True when the access had started (or its start is unknown) and not yet ended as of the date."""
    return (access.since is None or access.since <= as_of) and (access.until is None or as_of <= access.until)

