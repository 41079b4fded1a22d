"""An obligation has no deadline in force.

Either the file has no ``deadline``, or the law names no date (``deadline: {type: none}``) and no
``administrative_deadline`` had been set by the as-of date. King County's training clause said the
executive "shall ensure" employees are trained and named no date; nobody set one, and the training
never reached the jail. Fix: when the law is silent, record an ``administrative_deadline`` with who
set it (``set_by``), when (``set_on``) and, where possible, the document (``source``). Quiet once
every bound agency has met the obligation (or it is waived or repealed).
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context
from policytrack.status import DONE, current_deadline

ID = "no-deadline"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation with no deadline in force that is not yet done."""
    for obligation in ctx.repo.obligations.values():
        deadline, _ = current_deadline(obligation, ctx.as_of)
        if deadline is not None:
            continue
        status = ctx.statuses[obligation.id]
        if all(row.status in DONE for row in status.agencies):
            continue
        if obligation.deadline is None:
            message = (f"obligation '{obligation.id}' has no deadline; add 'deadline' (a date, a number of "
                       "days after the effective date, a recurrence, or each event), or 'type: none' "
                       "with an administrative deadline where the law names no date")
            path: tuple[str | int, ...] = ("id",)
        else:
            later = obligation.administrative_deadline
            pending = (f" (the administrative deadline recorded was only set on {later.set_on})"
                       if later is not None else "")
            message = (f"the law names no date for '{obligation.id}' and no administrative deadline was "
                       f"set as of {ctx.as_of}{pending}; record 'administrative_deadline' with who set "
                       "it and when")
            path = ("deadline",)
        yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, path, message, obligation=obligation.id)
