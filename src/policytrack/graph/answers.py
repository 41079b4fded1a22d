"""The answers of the graph's questions: frozen dataclasses that turn into JSON-ready data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any

from policytrack.status.engine import Status

MET: frozenset[str] = frozenset({"met", "met-late"})
"""Statuses that mean current evidence: met, or met late."""


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

