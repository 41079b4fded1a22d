"""Who an obligation binds and over what: agencies (a list or a selector) and instances (``for_each``).

``applies_to`` may name agencies, or select them: every agency carrying a tag, or every agency operating
a system that carries a tag ("each department that uses surveillance technology"). With no
``applies_to`` the owner and joint owners are bound. ``for_each`` makes one instance of the obligation
per system or item, each with its own due dates and evidence (one impact report per technology).
"""

from __future__ import annotations

from policytrack.model.load import Repository
from policytrack.model.records import AgencySelector, Obligation


def bound_agencies(repo: Repository, obligation: Obligation) -> list[str]:
    """The agencies that must each comply and show evidence, in a stable order."""
    cache = repo.derived.setdefault("bound", {})
    found = cache.get(obligation.id)
    if found is None:
        found = _bound(repo, obligation)
        cache[obligation.id] = found
    return list(found)


def _bound(repo: Repository, obligation: Obligation) -> list[str]:
    selector = obligation.applies_to
    if not isinstance(selector, AgencySelector):
        return obligation.bound_agencies()
    if selector.agencies_tagged is not None:
        tag = selector.agencies_tagged
        return sorted(agency.id for agency in repo.agencies.values() if tag in agency.tags)
    tag = selector.operators_of_systems_tagged or ""
    return sorted({system.operator for system in repo.systems.values()
                   if tag in system.tags and system.operator})


def instances(repo: Repository, obligation: Obligation, agency: str) -> list[str | None]:
    """The instances of the obligation that fall on ``agency``: its systems or items under
    ``for_each`` (systems count for the agency that operates them), or ``[None]`` without one."""
    each = obligation.for_each
    if each is None:
        return [None]
    if each.items is not None:
        return list(each.items)
    if each.systems is not None:
        chosen = [repo.systems[name] for name in each.systems if name in repo.systems]
        unknown = [name for name in each.systems if name not in repo.systems]
    else:
        chosen = sorted((system for system in repo.systems.values() if each.systems_tagged in system.tags),
                        key=lambda system: system.id)
        unknown = []
    mine: list[str | None] = [system.id for system in chosen if system.operator in (agency, None)
                              or system.operator not in bound_agencies(repo, obligation)]
    return mine + unknown
