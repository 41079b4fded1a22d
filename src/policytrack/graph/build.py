"""The repository as one typed graph, and the questions people ask of it.

:func:`build_graph` turns the loaded model (never the files again) and the computed statuses into a
networkx ``MultiDiGraph`` wrapped in a :class:`PolicyGraph`. Rules, pages and the ``policytrack graph``
command use the typed methods of :class:`PolicyGraph`; only exports touch the networkx graph itself.

Nodes are named ``kind:id`` (sections ``section:ordinance/section``) and carry a ``kind``, the
``record`` id and a ``label``; every attribute is text, a number or true/false, so that GraphML and
GEXF can hold them. Kinds of node (:data:`NODE_KINDS`)::

    ordinance  section  obligation  agency  system  data  party  evidence

Kinds of edge (:data:`EDGE_KINDS`), each pointing from the record that names the other::

    section    -section-of->      ordinance    an ordinance's sections
    obligation -implements->      section      (the ordinance itself when the section is not listed)
    obligation -owned-by->        agency       the owner, who answers for the obligation
    obligation -applies-to->      agency       each agency of the fan-out (with that agency's status)
    ordinance  -applies-to->      agency       agencies the ordinance binds
    obligation -concerns-system-> system
    obligation -depends-on->      obligation
    obligation -evidenced-by->    evidence     evidence counted as of the run's date
    evidence   -shown-by->        agency       the agency whose compliance it proves
    evidence   -submitted-by->    agency       the submitter's agency, where given
    evidence   -verified-by->     agency       the verifying agency, where given
    system     -operated-by->     agency
    system     -holds-data->      data         data categories the system holds
    party      -has-access->      system       an external party's access (``since``/``until``)
    ordinance  -protects->        data
    ordinance  -restricts->       party
    agency     -part-of->         agency       the parent agency

Edges whose target does not exist are left out (the ``dangling-reference`` rule reports them).
Evidence dated after the as-of date does not exist yet, so it is not in the graph either.
"""

from __future__ import annotations

import gc
import html
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any, Literal

import networkx as nx  # type: ignore[import-untyped, unused-ignore]

from policytrack.law.inforce import ordinance_in_force
from policytrack.model.deadlines import EventDeadline, RecurringDeadline
from policytrack.model.load import Repository
from policytrack.model.records import Access
from policytrack.status.engine import ObligationStatus, Status, dependencies
from policytrack.status.scope import bound_agencies

__all__ = ["ordinance_in_force"]

NodeKind = Literal["ordinance", "section", "obligation", "agency", "system", "data", "party", "evidence"]
EdgeKind = Literal[
    "section-of", "implements", "owned-by", "applies-to", "concerns-system", "depends-on", "evidenced-by",
    "shown-by", "submitted-by", "verified-by", "operated-by", "holds-data", "has-access", "protects", "restricts",
    "part-of",
]
NODE_KINDS: tuple[NodeKind, ...] = (
    "ordinance", "section", "obligation", "agency", "system", "data", "party", "evidence",
)
EDGE_KINDS: tuple[EdgeKind, ...] = (
    "section-of", "implements", "owned-by", "applies-to", "concerns-system", "depends-on", "evidenced-by",
    "shown-by", "submitted-by", "verified-by", "operated-by", "holds-data", "has-access", "protects", "restricts",
    "part-of",
)
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "mermaid", "dot")
"""Formats of :func:`export`: GraphML and GEXF for Gephi and Cytoscape, node-link JSON, Mermaid, DOT."""

MET: frozenset[str] = frozenset({"met", "met-late"})


def node_id(kind: str, record_id: str) -> str:
    """The graph's name for a record: ``agency:dajd``."""
    return f"{kind}:{record_id}"


def section_node(ordinance_id: str, section_id: str) -> str:
    """The graph's name for a section of an ordinance: ``section:kc-18665/2.15.010.A``."""
    return f"section:{ordinance_id}/{section_id}"


def split_node(node: str) -> tuple[str, str]:
    """``agency:dajd`` → ``("agency", "dajd")``."""
    kind, _, record_id = node.partition(":")
    return kind, record_id


# --- answers ---------------------------------------------------------------------------------------------


class _Answer:
    """An answer that turns into JSON-ready data (dates as ``YYYY-MM-DD``)."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of the answer (``policytrack graph … --format json``)."""
        assert is_dataclass(self)
        return {item.name: _plain(getattr(self, item.name)) for item in fields(self)}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, _Answer):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Duty(_Answer):
    """One obligation as seen from an agency, a system or an ordinance, with its status."""

    obligation: str
    title: str
    ordinance: str
    status: Status
    due: date | None
    relation: str = ""
    """How the agency is bound: ``owner``, ``fan-out`` or ``owner, fan-out`` (empty elsewhere)."""


@dataclass(frozen=True)
class AgencyDuties(_Answer):
    """What an agency owes: as owner (directly) and as one of the agencies an obligation applies to."""

    agency: str
    name: str
    direct: tuple[Duty, ...]
    fanout: tuple[Duty, ...]
    ordinances: tuple[str, ...]
    """Ordinances that name the agency in their ``applies_to``."""
    overdue: tuple[str, ...] = field(default=())
    """Ids of the obligations on which this agency is overdue."""


@dataclass(frozen=True)
class PartyAccess(_Answer):
    """An external party's access to a system, and the ordinances that restrict that party."""

    party: str
    name: str
    since: date | None
    until: date | None
    active: bool
    restricted_by: tuple[str, ...]


@dataclass(frozen=True)
class OrdinanceLink(_Answer):
    """An ordinance that touches a system, through obligations or through the data it protects."""

    ordinance: str
    title: str
    obligations: tuple[str, ...]
    protected_data: tuple[str, ...]


@dataclass(frozen=True)
class SystemBindings(_Answer):
    """What binds a system: obligations, ordinances and the external parties with access to it."""

    system: str
    name: str
    operator: str | None
    data: tuple[str, ...]
    obligations: tuple[Duty, ...]
    ordinances: tuple[OrdinanceLink, ...]
    parties: tuple[PartyAccess, ...]


@dataclass(frozen=True)
class Coverage(_Answer):
    """How many obligations in force have an owner, a deadline and current evidence."""

    in_force: int
    owner: int
    deadline: int
    evidence: int
    complete: int
    """Obligations with all three: an owner, a deadline in force and current evidence (met or met late)."""

    @property
    def share(self) -> float:
        """``complete / in_force`` (1.0 when nothing is in force)."""
        return self.complete / self.in_force if self.in_force else 1.0

    def as_dict(self) -> dict[str, Any]:
        """The JSON form, with ``share`` rounded to four decimals."""
        return {**super().as_dict(), "share": round(self.share, 4)}


@dataclass(frozen=True)
class OrdinanceReach(_Answer):
    """What an ordinance reaches: its obligations, agencies and systems, and its coverage."""

    ordinance: str
    title: str
    citation: str
    obligations: tuple[Duty, ...]
    agencies: tuple[str, ...]
    systems: tuple[str, ...]
    coverage: Coverage


@dataclass(frozen=True)
class AmendmentImpact(_Answer):
    """What an amendment or repeal of an ordinance (or of some of its sections) would affect."""

    ordinance: str
    sections: tuple[str, ...]
    """The sections amended; empty means the whole ordinance."""
    obligations: tuple[Duty, ...]
    """Obligations implementing those sections."""
    dependents: tuple[Duty, ...]
    """Other obligations that depend on them, directly or through others."""
    agencies: tuple[str, ...]
    systems: tuple[str, ...]
    evidence: tuple[str, ...]
    protected_data: tuple[str, ...]
    """Data categories whose protection would lapse (whole ordinance only)."""
    restricted_parties: tuple[str, ...]
    """External parties whose restriction would lapse (whole ordinance only)."""


@dataclass(frozen=True)
class ScheduledObligation(_Answer):
    """When one obligation can be met at the earliest, and what holds it back."""

    obligation: str
    status: Status
    due: date | None
    earliest: date | None
    """None when it, or something it depends on, has no date; or it is part of a dependency cycle."""
    after: str | None
    """The dependency that pushes ``earliest`` past its own date, if one does."""
    slip_days: int
    """Days by which dependencies push ``earliest`` past the obligation's own date (0 when they do not)."""


@dataclass(frozen=True)
class Schedule(_Answer):
    """The earliest date by which all of an ordinance's dated obligations can be met, and why."""

    ordinance: str
    as_of: date
    complete_by: date | None
    set_by: str | None
    """The obligation whose own date (deadline, or the day its evidence came) sets ``complete_by``."""
    critical_path: tuple[str, ...]
    """From ``set_by`` through the obligations that depend on it, to the ordinance's last one."""
    obligations: tuple[ScheduledObligation, ...]
    undated: tuple[str, ...]
    """Open obligations with no date (or depending on one): the schedule cannot count them."""
    cyclic: tuple[str, ...]


@dataclass(frozen=True)
class _Planned:
    earliest: date | None
    own: date | None
    after: str | None
    counts: bool = True


# --- the graph -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Blocker:
    """An obligation that holds another one up, and the shortest chain of blockers between them."""

    root: str
    """The obligation that is stuck without being blocked itself (overdue, lapsed, undated)."""
    length: int
    """Links from the blocked obligation to the root (1 = the root is in its own ``blocked_by``)."""
    first: str
    """The blocked obligation's own blocker on the way (the root itself when ``length`` is 1)."""
    last: str
    """The obligation just before the root on the way (the blocked obligation when ``length`` is 1)."""


class PolicyGraph:
    """The repository's graph with typed questions; :attr:`nx` is the networkx graph for exports."""

    def __init__(self, graph: nx.MultiDiGraph, repo: Repository, statuses: Mapping[str, ObligationStatus],
                 edges: Iterable[tuple[str, str, str]] | None = None) -> None:
        self.nx = graph
        self.repo = repo
        self.statuses = statuses
        # Typed adjacency kept beside the networkx graph, from the same edges: kind → node → neighbours.
        # Walking networkx's views and filtering every edge by kind costs ten times more on large graphs.
        self._out: dict[str, dict[str, list[str]]] = {kind: {} for kind in EDGE_KINDS}
        self._in: dict[str, dict[str, list[str]]] = {kind: {} for kind in EDGE_KINDS}
        if edges is None:
            edges = ((source, target, data["kind"]) for source, target, data in graph.edges(data=True))
        for source, target, kind in edges:
            self._out[kind].setdefault(source, []).append(target)
            self._in[kind].setdefault(target, []).append(source)
        self._blockers: dict[str, dict[str, tuple[int, str, str]]] | None = None

    # typed navigation

    def has(self, kind: str, record_id: str) -> bool:
        """True when the graph has the record ``kind``/``record_id``."""
        return node_id(kind, record_id) in self.nx

    def attributes(self, node: str) -> Mapping[str, Any]:
        """The attributes of a node (read only)."""
        return dict(self.nx.nodes[node])

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
        if text in self.nx and split_node(text)[0] in kinds:
            return text
        found = [node_id(kind, text) for kind in kinds if node_id(kind, text) in self.nx]
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
        graph = nx.DiGraph()
        graph.add_edges_from(self.edges("depends-on"))
        cycles: list[list[str]] = []
        for component in nx.strongly_connected_components(graph):
            start = min(component)
            if len(component) == 1 and not graph.has_edge(start, start):
                continue
            sub = graph.subgraph(component)
            path = [start]
            current = start
            while True:  # walk to the smallest next member until the start comes round again
                following = sorted(sub.successors(current))
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

    def neighbourhood(self, node: str, depth: int) -> nx.MultiDiGraph:
        """The records within ``depth`` edges of ``node``, in either direction, as a networkx graph."""
        near = nx.single_source_shortest_path_length(self.nx.to_undirected(as_view=True), node, cutoff=depth)
        return self.nx.subgraph(near).copy()

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
        """The earliest date by which all of ordinance Z's obligations can be met (critical path).

        Each obligation is planned for its due date (for recurring duties the next one; for duties on
        each event the day they came into force); one still open cannot be met before ``as_of``; one met
        was met on the day its last agency first showed evidence; waived and repealed ones do not count.
        An obligation cannot be met before everything it depends on (in any ordinance) is met, so its
        earliest date is the latest of its own date and its dependencies' earliest dates.
        """
        cyclic = {item for cycle in self.dependency_cycles() for item in cycle}
        mine = self.obligations_of(ordinance_id)
        memo = self._plan(mine, as_of, cyclic)
        rows: list[ScheduledObligation] = []
        undated: list[str] = []
        for obligation_id in mine:
            planned = memo[obligation_id]
            if not planned.counts:
                continue
            status = self.statuses[obligation_id]
            slip = (planned.earliest - planned.own).days if planned.earliest and planned.own else 0
            rows.append(ScheduledObligation(obligation_id, status.status, status.due, planned.earliest,
                                            planned.after, slip))
            if planned.earliest is None and obligation_id not in cyclic:
                undated.append(obligation_id)
        in_cycles = tuple(sorted(cyclic & set(mine)))
        dated = [row for row in rows if row.earliest is not None]
        if not dated:
            return Schedule(ordinance_id, as_of, None, None, (), tuple(rows), tuple(undated), in_cycles)
        latest = max(row.earliest or as_of for row in dated)
        path: list[str] = []
        for row in sorted(dated, key=lambda item: item.obligation):
            if row.earliest != latest:
                continue
            chain = [row.obligation]
            while (after := memo[chain[0]].after) is not None and after not in chain:
                chain.insert(0, after)
            if len(chain) > len(path):  # among ties, the longest chain explains the date best
                path = chain
        last = next(row for row in dated if row.obligation == path[-1])
        return Schedule(ordinance_id, as_of, last.earliest, path[0], tuple(path), tuple(rows), tuple(undated),
                        in_cycles)

    # helpers

    def _plan(self, roots: Iterable[str], as_of: date, cyclic: set[str]) -> dict[str, _Planned]:
        """Earliest dates of ``roots`` and everything they depend on, depth first without recursion."""
        memo: dict[str, _Planned] = {}
        expanded: set[str] = set()
        for root in roots:
            stack = [root]
            while stack:
                current = stack[-1]
                if current in memo:
                    stack.pop()
                    continue
                status = self.statuses[current]
                if status.status in ("waived", "repealed", "not-in-force"):
                    memo[current] = _Planned(None, None, None, counts=False)
                    continue
                pending = [] if current in cyclic else [dep for dep in self.dependencies(current) if dep not in memo]
                if current in cyclic or (pending and current in expanded):  # a cycle: no date can be given
                    memo[current] = _Planned(None, None, None)
                    continue
                if pending:
                    expanded.add(current)
                    stack.extend(pending)
                    continue
                own = self._own_date(status, as_of)
                best, after = own, None
                for dependency in self.dependencies(current):
                    planned = memo[dependency]
                    if not planned.counts:
                        continue
                    if planned.earliest is None:
                        best, after = None, dependency
                        break
                    if best is not None and planned.earliest > best:
                        best, after = planned.earliest, dependency
                memo[current] = _Planned(best, own, after)
        return memo

    def _own_date(self, status: ObligationStatus, as_of: date) -> date | None:
        if status.status in MET:
            firsts = [row.evidence[0].date for row in status.agencies if row.evidence]
            return max(firsts) if firsts else status.due
        if status.due is None:
            return None
        return max(status.due, as_of)

    def _duty(self, obligation_id: str, relation: str = "", status: Status | None = None,
              due: date | None = None) -> Duty:
        obligation = self.repo.obligations[obligation_id]
        current = self.statuses[obligation_id]
        return Duty(obligation_id, obligation.title, obligation.ordinance, status or current.status,
                    due if status else current.due, relation)

    def _ordinance_title(self, ordinance_id: str) -> str:
        ordinance = self.repo.ordinances.get(ordinance_id)
        return ordinance.title if ordinance else ordinance_id


def access_active(access: Access, as_of: date) -> bool:
    """True when the access had started (or its start is unknown) and not yet ended as of the date."""
    return (access.since is None or access.since <= as_of) and (access.until is None or as_of <= access.until)


def single_due_date(status: ObligationStatus) -> bool:
    """True when the obligation is due once, on one date (not recurring, not on each event)."""
    return status.due is not None and not isinstance(status.deadline, RecurringDeadline | EventDeadline)


# --- building --------------------------------------------------------------------------------------------


def build_graph(repo: Repository, statuses: Mapping[str, ObligationStatus]) -> PolicyGraph:
    """Build the graph of ``repo`` from the loaded records and the statuses of one run."""
    # The build allocates a few hundred thousand small dicts and lists, none of them in reference
    # cycles; with a large repository loaded, the collector's full passes over it would cost a third
    # of the build (measured on 10,000 obligations), so it is paused meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(repo, statuses)
    finally:
        if collecting:
            gc.enable()


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
            edges.append((f"agency:{agency.id}", f"agency:{agency.parent}", "part-of", {"kind": "part-of"}))
    for party in parties.values():
        nodes.append((f"party:{party.id}",
                      {"kind": "party", "record": party.id, "label": party.name, "party_kind": party.kind}))
    for system in systems.values():
        name = f"system:{system.id}"
        nodes.append((name, {"kind": "system", "record": system.id, "label": system.name}))
        if system.operator and system.operator in agencies:
            edges.append((name, f"agency:{system.operator}", "operated-by", {"kind": "operated-by"}))
        for category in system.data:
            data_categories.add(category)
            edges.append((name, f"data:{category}", "holds-data", {"kind": "holds-data"}))
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
                 "citation": ordinance.citation, "enacted": ordinance.enacted.isoformat()}
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
            edges.append((section_name, name, "section-of", {"kind": "section-of"}))
        for agency_id in ordinance.applies_to:
            if agency_id in agencies:
                edges.append((name, f"agency:{agency_id}", "applies-to", {"kind": "applies-to"}))
        for category in ordinance.protects:
            data_categories.add(category)
            edges.append((name, f"data:{category}", "protects", {"kind": "protects"}))
        for party_id in ordinance.restricts:
            if party_id in parties:
                edges.append((name, f"party:{party_id}", "restricts", {"kind": "restricts"}))
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
            edges.append((name, section_name, "implements", {"kind": "implements"}))
        elif obligation.ordinance in ordinances:
            edges.append((name, f"ordinance:{obligation.ordinance}", "implements", {"kind": "implements"}))
        for owner in obligation.owners:
            if owner.agency in agencies:
                edges.append((name, f"agency:{owner.agency}", "owned-by", {"kind": "owned-by"}))
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
                edges.append((name, f"system:{system_id}", "concerns-system", {"kind": "concerns-system"}))
        for dependency in dependencies(obligation):
            if dependency in obligations:
                edges.append((name, f"obligation:{dependency}", "depends-on", {"kind": "depends-on"}))
        if status is None:
            continue
        for row in status.agencies:
            for record in row.evidence:
                evidence_name = f"evidence:{record.id}"
                edges.append((name, evidence_name, "evidenced-by", {"kind": "evidenced-by"}))
                attrs = {"kind": "evidence", "record": record.id, "label": record.summary.split(". ")[0][:80],
                         "date": record.date.isoformat(), "agency": record.agency, "evidence_kind": record.kind}
                nodes.append((evidence_name, attrs))
                if record.agency in agencies:
                    edges.append((evidence_name, f"agency:{record.agency}", "shown-by", {"kind": "shown-by"}))
                submitter = record.submitted_by.agency
                if submitter and submitter in agencies:
                    edges.append((evidence_name, f"agency:{submitter}", "submitted-by", {"kind": "submitted-by"}))
                verifier = record.verified.agency if record.verified else None
                if verifier and verifier in agencies:
                    edges.append((evidence_name, f"agency:{verifier}", "verified-by", {"kind": "verified-by"}))

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    unique = {(source, target, key): attrs["kind"] for source, target, key, attrs in edges}
    return PolicyGraph(graph, repo, statuses, ((source, target, kind) for (source, target, _), kind in unique.items()))


# --- exports ---------------------------------------------------------------------------------------------


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """networkx's node-link form (``edges`` key); :func:`from_node_link` reads it back."""
    data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    return data


def from_node_link(data: Mapping[str, Any]) -> nx.MultiDiGraph:
    """The graph written by :func:`node_link` (or ``--format json``)."""
    graph: nx.MultiDiGraph = nx.node_link_graph(dict(data), directed=True, multigraph=True, edges="edges")
    return graph


def export(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in one of :data:`EXPORT_FORMATS`, as text."""
    if fmt in ("graphml", "gexf"):
        buffer = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, buffer)
        return buffer.getvalue().decode("utf-8")
    if fmt == "json":
        return json.dumps(node_link(graph), indent=1, ensure_ascii=False) + "\n"
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "dot":
        return to_dot(graph)
    raise ValueError(f"unknown export format '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}")


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
