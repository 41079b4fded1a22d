"""A recorded breach of an obligation has not been remedied.

A prohibition is not shown kept by the absence of documents; it is shown broken by a breach record
(``breaches/``: what happened, when, from which source, who found it). King County's auditor found
immigration agents' logins to the jail's inmate look-up system used over 1,000 times after the law
forbade that access, and 25 case files sent to immigration agents without the review the law requires.
Fires for each breach visible on the as-of date (from the day it was found) whose ``remedy`` is absent
or dated later; the obligation's status is ``breached``. Fix: record the ``remedy`` (what ended or
repaired it, when, and the source); the breach stays on the record.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context
from policytrack.rules.text import agency_name
from policytrack.status import breach_visible

ID = "breached"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each open breach."""
    for breach in ctx.repo.breaches.values():
        if not breach_visible(breach, ctx.as_of):
            continue
        if breach.remedy is not None and breach.remedy.date <= ctx.as_of:
            continue
        obligation = ctx.repo.obligations.get(breach.obligation)
        title = f"'{obligation.title}'" if obligation else f"'{breach.obligation}'"
        until = f" to {breach.until.isoformat()}" if breach.until else ""
        times = f" ({breach.count} times)" if breach.count else ""
        yield ctx.finding(
            ID, SEVERITY, "breach", breach.id, ("summary",),
            f"{title} was breached by {agency_name(ctx.repo, breach.agency)} from {breach.date.isoformat()}"
            f"{until}{times}, found by {breach.found_by}: {breach.summary.strip()[:200]}; no remedy recorded "
            f"as of {ctx.as_of}",
            obligation=breach.obligation, agency=breach.agency,
        )
