"""Small wording helpers shared by the rules' messages."""

from __future__ import annotations

from datetime import date

from policytrack.model.deadlines import (
    FixedDeadline,
    deadline_in_words,
)
from policytrack.model.load import Repository
from policytrack.model.records import Breach
from policytrack.status.engine import AgencyStatus, ObligationStatus


def agency_name(repo: Repository, agency_id: str) -> str:
    """The agency's name with its id, or the id alone when it is not in the registry."""
    agency = repo.agencies.get(agency_id)
    return f"{agency.name} ({agency_id})" if agency else agency_id


def describe_deadline(status: ObligationStatus) -> str:
    """The deadline in words (:func:`~policytrack.model.deadlines.deadline_in_words`), saying when it was
    set administratively."""
    source = ", set administratively" if status.deadline_source == "administrative" else ""
    return (deadline_in_words(status.deadline) if status.deadline is not None else "no deadline") + source


def describe_due(status: ObligationStatus, due: date | None, row: AgencyStatus | None = None) -> str:
    """How the due date came about, in words: 'due 2018-03-08 (90 days after the effective date)'."""
    deadline = status.deadline
    if isinstance(deadline, FixedDeadline):
        return f"due {due}" + (" (set administratively)" if status.deadline_source == "administrative" else "")
    if row is not None and row.last_missed is not None and row.last_missed.due == due:
        missed = row.last_missed
        what = (f" for event {missed.event}" if missed.event
                else "" if missed.key.startswith("due ") or missed.key == "once" else f" for {missed.key}")
        base = f"due {due}{what} ({describe_deadline(status)})"
        if missed.count > 1:
            base += f"; {missed.answered} of its {missed.count} events answered"
        return base
    if due is None:
        return describe_deadline(status)
    return f"due {due} ({describe_deadline(status)})"


def describe_breach(repo: Repository, breach: Breach) -> str:
    """What was breached, by whom, when, how often and who found it, in words."""
    obligation = repo.obligations.get(breach.obligation)
    title = f"'{obligation.title}'" if obligation else f"'{breach.obligation}'"
    until = f" to {breach.until.isoformat()}" if breach.until else ""
    times = f" ({breach.count} times)" if breach.count else ""
    return (f"{title} was breached by {agency_name(repo, breach.agency)} from {breach.date.isoformat()}"
            f"{until}{times}, found by {breach.found_by}: {breach.summary.strip()[:200]}")
