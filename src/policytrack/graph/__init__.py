"""The repository as one typed graph, and the questions people ask of it.

:func:`build_graph` turns the loaded model (never the files again) and the computed statuses into the
nodes and edges of a :class:`PolicyGraph`. Rules, pages and the ``policytrack graph`` command use the
typed methods of :class:`PolicyGraph`; only exports and neighbourhoods touch a networkx graph
(:attr:`PolicyGraph.nx`, built on first use).

The wing, from the bottom up: :mod:`~policytrack.graph.nodes` (kinds of node and edge, node names) ·
:mod:`~policytrack.graph.answers` (the answers, as dataclasses) · :mod:`~policytrack.graph.schedule`
(the earliest dates and the critical path) · :mod:`~policytrack.graph.queries` (:class:`PolicyGraph`) ·
:mod:`~policytrack.graph.build` (:func:`build_graph`) · :mod:`~policytrack.graph.export` (GraphML, GEXF,
node-link JSON, Mermaid, DOT). Importing this package does not import networkx: the checker runs the
graph rules without it.
"""

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
    ScheduledObligation,
    SystemBindings,
)
from policytrack.graph.build import build_graph
from policytrack.graph.export import EXPORT_FORMATS, export, from_node_link, node_link, to_dot, to_mermaid
from policytrack.graph.nodes import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind, node_id, section_node, split_node
from policytrack.graph.queries import PolicyGraph, access_active
from policytrack.graph.schedule import single_due_date

__all__ = [
    "EDGE_KINDS",
    "EXPORT_FORMATS",
    "MET",
    "NODE_KINDS",
    "AgencyDuties",
    "AmendmentImpact",
    "Blocker",
    "Coverage",
    "Duty",
    "EdgeKind",
    "NodeKind",
    "OrdinanceLink",
    "OrdinanceReach",
    "PartyAccess",
    "PolicyGraph",
    "Schedule",
    "ScheduledObligation",
    "SystemBindings",
    "access_active",
    "build_graph",
    "export",
    "from_node_link",
    "node_id",
    "node_link",
    "section_node",
    "single_due_date",
    "split_node",
    "to_dot",
    "to_mermaid",
]
