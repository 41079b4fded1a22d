"""The graph's vocabulary: the kinds of node and edge, and how nodes are named.

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

from typing import Literal

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
