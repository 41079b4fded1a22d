"""Evidence for a recurring or per-event duty that names neither the period nor the event it answers.

A recurring duty is due once per period and a per-event duty once per event; evidence says which one it
covers with ``period:`` (``2026-11``, ``2026-Q3``, or ``start:`` and ``end:``) or ``event:`` (with
``count:`` for part of a batch). Evidence that names neither is counted for the period whose window holds
its date, so a November report filed in December is credited to December and November stays missed,
with no word. Fix: add the ``period:`` or ``event:`` the evidence answers (the site's "Submit" buttons
write it for each open due date).
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.deadlines import EventDeadline, RecurringDeadline
from policytrack.model.findings import Finding

ID = "evidence-occurrence"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence record of a recurring or per-event duty with no ``period`` and no ``event``."""
    for evidence in ctx.repo.evidence.values():
        if evidence.period is not None or evidence.event is not None or evidence.date > ctx.as_of:
            continue
        status = ctx.statuses.get(evidence.obligation)
        if status is None:
            continue
        if isinstance(status.deadline, RecurringDeadline):
            what, key = "period", "period: (such as 2026-11 or 2026-Q3)"
        elif isinstance(status.deadline, EventDeadline):
            what, key = "event", "event: (the id of the event record it answers)"
        else:
            continue
        credited = [item.key for row in status.agencies for item in row.occurrences if evidence.id in item.evidence]
        if not credited:
            where = "it covers no due date"
        elif credited[0].startswith("due "):
            where = f"it is counted for the period {credited[0]}, which may not be the one it answers"
        else:
            where = f"it is counted for {what} {credited[0]}, which may not be the one it answers"
        yield ctx.finding(
            ID, SEVERITY, "evidence", evidence.id, ("date",),
            f"evidence '{evidence.id}' for the {'recurring' if what == 'period' else 'per-event'} duty "
            f"'{evidence.obligation}' names no {what}: {where}; add {key}",
            obligation=evidence.obligation, agency=evidence.agency,
        )
