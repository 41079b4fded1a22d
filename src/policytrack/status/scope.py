"""Who an obligation binds and over what: agencies (a list or a selector) and instances (``for_each``).

``applies_to`` may name agencies, or select them: every agency carrying a tag, or every agency operating
a system that carries a tag ("each department that uses surveillance technology": its operator and the
agencies in its ``used_by``). With no ``applies_to`` the owner and joint owners are bound, and answer
together: one duty, one row, evidence from any of them (S1.14). ``for_each`` makes one instance of the
obligation per system or item, each with its own due dates and evidence (one impact report per
technology), and each existing from its ``since`` to its ``until`` (S1.6).
"""

from __future__ import annotations

from datetime import date

from policytrack.model.load import Repository
from policytrack.model.records import AgencySelector, Item, Obligation, System


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
    return sorted({agency for system in repo.systems.values() if tag in system.tags for agency in _users(system)})


def _users(system: System) -> list[str]:
    """The operator and the agencies that use the system."""
    return ([system.operator] if system.operator else []) + [use.agency for use in system.used_by]


def rows(repo: Repository, obligation: Obligation) -> list[str]:
    """The agencies that each owe the duty on their own (one row each, before instances): the fan-out, or
    the owner alone where joint owners answer together (S1.14)."""
    bound = bound_agencies(repo, obligation)
    if isinstance(obligation.applies_to, list) and not obligation.applies_to and len(bound) > 1:
        return bound[:1]
    return bound


def answering(repo: Repository, obligation: Obligation, agency: str) -> frozenset[str]:
    """The agencies whose evidence counts for ``agency``'s row: itself, and the joint owners of a duty they
    share."""
    if isinstance(obligation.applies_to, list) and not obligation.applies_to:
        owners = {owner.agency for owner in obligation.owners}
        if agency in owners:
            return frozenset(owners)
    return frozenset({agency})


def instances(repo: Repository, obligation: Obligation, agency: str) -> list[str | None]:
    """The instances of the obligation that fall on ``agency``: its systems or items under
    ``for_each`` (systems count for the agency that operates them), or ``[None]`` without one."""
    each = obligation.for_each
    if each is None:
        return [None]
    if each.items is not None:
        return list(each.item_ids())
    if each.systems is not None:
        chosen = [repo.systems[name] for name in each.systems if name in repo.systems]
        unknown = [name for name in each.systems if name not in repo.systems]
    else:
        chosen = sorted((system for system in repo.systems.values() if each.systems_tagged in system.tags),
                        key=lambda system: system.id)
        unknown = []
    bound = bound_agencies(repo, obligation)
    mine: list[str | None] = [system.id for system in chosen if agency in _users(system)
                              or system.operator is None or not set(_users(system)) & set(bound)]
    return mine + unknown


def instance_span(repo: Repository, obligation: Obligation, agency: str,
                  instance: str | None) -> tuple[date | None, date | None]:
    """The first and last day an instance exists for the agency (None: not limited), from the item's or the
    system's ``since`` and ``until`` and the agency's use of the system (S1.6)."""
    since, until = _selected(obligation)
    each = obligation.for_each
    if each is None or instance is None:
        return since, until
    if each.items is not None:
        return _narrow(since, until, *_item_dates(repo, obligation).get(instance, (None, None)))
    system = repo.systems.get(instance)
    if system is None:
        return since, until
    since, until = _narrow(since, until, system.since, system.until)
    use = next((entry for entry in system.used_by if entry.agency == agency), None)
    if use is not None and agency != system.operator:
        since = max((day for day in (since, use.since) if day is not None), default=None)
        until = min((day for day in (until, use.until) if day is not None), default=None)
    return since, until


def _item_dates(repo: Repository, obligation: Obligation) -> dict[str, tuple[date | None, date | None]]:
    """Each item's ``since`` and ``until`` by its id (the first item of that id), found once per obligation
    rather than by a walk through the list for each row."""
    cache = repo.derived.setdefault("item-dates", {})
    each = obligation.for_each
    found = cache.get(obligation.id)
    if found is None or found[0] is not each:
        dates: dict[str, tuple[date | None, date | None]] = {}
        entries = (each.items or []) if each is not None else []
        for entry in entries:
            if isinstance(entry, Item):
                dates.setdefault(entry.id, (entry.since, entry.until))
        found = cache[obligation.id] = (each, dates)
    table: dict[str, tuple[date | None, date | None]] = found[1]
    return table


def _selected(obligation: Obligation) -> tuple[date | None, date | None]:
    """The dates a selector binds from and to (None: not limited)."""
    selector = obligation.applies_to
    if isinstance(selector, AgencySelector):
        return selector.since, selector.until
    return None, None


def _narrow(since: date | None, until: date | None, other_since: date | None,
            other_until: date | None) -> tuple[date | None, date | None]:
    """The later of two starts and the earlier of two ends."""
    start = max((day for day in (since, other_since) if day is not None), default=None)
    end = min((day for day in (until, other_until) if day is not None), default=None)
    return start, end

