"""A deadline's schedule contradicts itself, or names a date before the duty existed.

A recurring deadline's ``first`` must be one of the rule's own due dates (the month and day it states, or
N days after a period's end) and not before the duty's span began; a fixed due date must not be before
the duty existed (its section's start, or the day an administrative deadline was set). The engine never
moves a date earlier than stated and never counts an occurrence before the duty existed: the rule holds,
from its first due date on or after ``first``, and a date before the span gives the duty no date at all
(``docs/status-semantics.md``, S1.10, S2.4). Fix: correct ``first`` or the date, or the rule's month and
day, so that the deadline says one thing.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "contradictory-schedule"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once for each contradiction in an obligation's deadline in force."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        key = "administrative_deadline" if status.deadline_source == "administrative" else "deadline"
        for problem in status.problems:
            yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, (key,),
                              f"'{obligation.id}': {problem}", obligation=obligation.id)
