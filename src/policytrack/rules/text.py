"""Small wording helpers shared by the rules' messages."""

from __future__ import annotations

from datetime import date

from policytrack.load import Repository
from policytrack.models import EventDeadline, FixedDeadline, RecurringDeadline, RelativeDeadline
from policytrack.status import ObligationStatus


def agency_name(repo: Repository, agency_id: str) -> str:
    """The agency's name with its id, or the id alone when it is not in the registry."""
    agency = repo.agencies.get(agency_id)
    return f"{agency.name} ({agency_id})" if agency else agency_id


def describe_due(status: ObligationStatus, due: date | None) -> str:
    """How the due date came about, in words: 'due 2018-03-08 (0 days after the effective date)'."""
    deadline = status.deadline
    source = " set administratively" if status.deadline_source == "administrative" else ""
    if isinstance(deadline, FixedDeadline):
        return f"due {due}{source}"
    if isinstance(deadline, RelativeDeadline):
        unit = "business days" if deadline.business_days else "days"
        return f"due {due} ({deadline.days} {unit} after the {deadline.after} date{source})"
    if isinstance(deadline, RecurringDeadline):
        return f"due every {deadline.every}{source}, first on {due}"
    if isinstance(deadline, EventDeadline):
        return f"a duty on {deadline.event}{source}, in force since {due}"
    return f"due {due}" if due else "no deadline"
