"""A record counts for nothing (or for less than it says), and the status says why.

Evidence dated before the duty existed (S1.11), evidence on a ``for_each`` duty that names no item or event
of one, evidence on a per-event duty that names no event, evidence whose ``period`` overlaps two
occurrences equally or none the duty owes (S2.2), a breach that ended before the duty existed (S1.12), a
notice due before the duty existed (S1.8), a batch of events straddling the duty's start (S1.9), an
extension granted after the due date had passed (S3.4): each is left out of the status, never silently
(``docs/status-semantics.md``). Fix: what the message asks (name the item, event or period; split the
batch at the duty's start; or remove the record if it belongs elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "record-ignored"
SEVERITY = "warning"

_FIELDS = {"evidence": ("date",), "event": ("date",), "breach": ("date",), "extension": ("granted_on",)}


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once for each record a row leaves out, with the reason."""
    seen: set[tuple[str, str, str]] = set()
    for obligation in ctx.repo.obligations.values():
        for row in ctx.statuses[obligation.id].agencies:
            for item in row.ignored:
                if (item.kind, item.id, item.reason) in seen:
                    continue
                seen.add((item.kind, item.id, item.reason))
                yield ctx.finding(ID, SEVERITY, item.kind, item.id, _FIELDS.get(item.kind, ("id",)),
                                  f"{item.kind} '{item.id}', for '{obligation.id}', {item.reason}",
                                  obligation=obligation.id, agency=row.agency or None)
