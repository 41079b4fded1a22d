"""An obligation has no deadline in force.

Either the file has no ``deadline`` key at all (an error whatever the status: write ``type: none`` where
the law names no date), or the law names no date and no ``administrative_deadline`` had been set by the
as-of date. That includes a yearly duty whose deadline states no month ("annually", and nothing more:
never silently December 31) and a prohibition with no schedule of attestations or audits. King County's
training clause said the executive "shall ensure" employees are trained and named no date; nobody set
one, and the training never reached the jail. Fix: when the law is silent, record an
``administrative_deadline`` with who set it (``set_by``), when (``set_on``) and, where possible, the
document (``source``). It also fires where a deadline gives no date: counted from a prerequisite that was
waived or repealed without being done (S4.3), or due before the duty existed (S1.10). Apart from a missing
key, quiet once every bound agency has met the obligation (or it is waived, repealed or not yet in force).
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.findings import Finding
from policytrack.status.engine import DONE, current_deadline

ID = "no-deadline"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each obligation with no deadline key, or none in force while it is not done."""
    for obligation in ctx.repo.obligations.values():
        if obligation.deadline is None:
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("id",),
                f"obligation '{obligation.id}' has no deadline (no 'deadline' key); add one (a date, a time after "
                "the effective date or another obligation, a recurrence, or each event), or 'type: none' where the law "
                "names no date (and then an administrative deadline)",
                obligation=obligation.id)
            continue
        deadline, _ = current_deadline(obligation, ctx.as_of)
        status = ctx.statuses[obligation.id]
        if deadline is not None:
            # A date before the duty existed is the contradictory-schedule rule's (S1.10).
            reasons = list(dict.fromkeys(row.reason for row in status.agencies if row.status == "no-deadline"
                                         and row.reason and not row.reason.startswith("its due date")))
            for reason in reasons:
                yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, ("deadline",),
                                  f"'{obligation.id}' has no date as of {ctx.as_of}: {reason}; record an "
                                  "'administrative_deadline' (or correct the deadline)", obligation=obligation.id)
            continue
        if all(row.status in DONE for row in status.agencies):
            continue
        later = obligation.administrative_deadline
        pending = (f" (the administrative deadline recorded was only set on {later.set_on})"
                   if later is not None and later.set_on > ctx.as_of else "")
        if isinstance(obligation.deadline, RecurringDeadline):
            what = (f"'{obligation.id}' is due every year but its deadline states no month: add 'month' and "
                    "'day' (or 'first') where the law gives them, or record an 'administrative_deadline'")
        elif obligation.kind == "prohibition":
            what = (f"prohibition '{obligation.id}' has no schedule of attestations or audits as of "
                    f"{ctx.as_of}{pending}; nothing shows it is kept. Record the schedule the law or an "
                    "administrative decision sets ('administrative_deadline' with a recurring form)")
        else:
            what = (f"the law names no date for '{obligation.id}' and no administrative deadline was set as "
                    f"of {ctx.as_of}{pending}; record 'administrative_deadline' with who set it and when")
        yield ctx.finding(ID, SEVERITY, "obligation", obligation.id, ("deadline",), what,
                          obligation=obligation.id)
