"""An obligation's kind and its deadline's form disagree, or the form leaves its date unsaid.

* A ``one-time`` duty is due on a date or some time after one (``date``, ``relative``); a ``recurring``
  duty needs a ``recurring`` deadline; a ``per-event`` duty a ``per-event`` one; a ``prohibition`` is in
  force from its section's date and is shown kept by attestations on a schedule (``recurring``) or per
  event, never by a due date. ``type: none`` suits every kind.
* A yearly deadline with a ``day`` needs its ``month`` (or a ``first`` date): "on the 15th, every year"
  says no date.

The same checks apply to ``administrative_deadline``. Fix: change ``kind`` or the deadline's form.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.findings import Finding
from policytrack.model.records import Obligation

ID = "deadline-form"
SEVERITY = "error"

FORMS: dict[str, tuple[str, ...]] = {
    "one-time": ("date", "relative", "none"),
    "recurring": ("recurring", "none"),
    "per-event": ("per-event", "none"),
    "prohibition": ("recurring", "per-event", "none"),
}
"""The deadline forms each kind of obligation may have."""


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each deadline whose form does not suit its obligation, or leaves its date unsaid."""
    for obligation in ctx.repo.obligations.values():
        yield from _check(ctx, obligation, "deadline")
        yield from _check(ctx, obligation, "administrative_deadline")


def _check(ctx: Context, obligation: Obligation, key: str) -> Iterator[Finding]:
    deadline = getattr(obligation, key)
    if deadline is None:
        return
    allowed = FORMS[obligation.kind]
    if deadline.type not in allowed:
        yield ctx.finding(
            ID, SEVERITY, "obligation", obligation.id, (key, "type"),
            f"'{obligation.id}' is a {obligation.kind} duty but its {key.replace('_', ' ')} is of type "
            f"'{deadline.type}'; a {obligation.kind} duty takes {', '.join(allowed)}"
            + ("; a prohibition is in force from its section's date and is shown kept by attestations on a "
               "schedule" if obligation.kind == "prohibition" else ""),
            obligation=obligation.id)
    if (isinstance(deadline, RecurringDeadline) and deadline.every == "year" and deadline.day is not None
            and deadline.month is None and deadline.first is None):
        yield ctx.finding(
            ID, SEVERITY, "obligation", obligation.id, (key, "day"),
            f"'{obligation.id}' is due every year on day {deadline.day} of no month: add 'month'",
            obligation=obligation.id)
