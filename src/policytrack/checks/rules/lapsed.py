"""Evidence that must stay fresh has grown too old.

Some duties are proven by evidence that expires: a procedure must be current, an attestation at most a
year old (``evidence.max_age_days``). Fires for each bound agency whose status is ``lapsed``: its newest
counted evidence is older than that. A time-driven rule (``--deadlines warning`` makes it a warning).
Fix: submit current evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import agency_name
from policytrack.model.findings import Finding
from policytrack.status.dates import describe_span

ID = "lapsed"
SEVERITY = "error"
DEADLINE = True


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each lapsed agency of each obligation."""
    for obligation in ctx.repo.obligations.values():
        status = ctx.statuses[obligation.id]
        max_age = obligation.evidence.max_age_days if obligation.evidence else None
        for row in status.agencies:
            if row.status != "lapsed" or row.latest is None:
                continue
            who = agency_name(ctx.repo, row.agency) if row.agency else "any agency"
            age = (ctx.as_of - row.latest.date).days
            yield ctx.finding(
                ID, SEVERITY, "obligation", obligation.id, ("evidence",),
                f"'{obligation.title}' has lapsed for {who}: the newest evidence ({row.latest.id}, dated "
                f"{row.latest.date}) is {describe_span(row.latest.date, ctx.as_of)} old ({age} days); it "
                f"must be at most {max_age} days old",
                obligation=obligation.id, agency=row.agency or None,
            )
