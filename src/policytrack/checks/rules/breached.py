"""A recorded breach of an obligation has not been remedied.

A prohibition is not shown kept by the absence of documents; it is shown broken by a breach record
(``breaches/``: what happened, when, from which source, who found it). King County's auditor found
immigration agents' logins to the jail's inmate look-up system used over 1,000 times after the law
forbade that access, and 25 case files sent to immigration agents without the review the law requires.
Fires for each breach visible on the as-of date (from the day it was found) whose ``remedy`` is absent
or dated later and that makes a row ``breached``: not a breach of a repealed duty, nor one that ended
before the duty existed (``docs/status-semantics.md``, S1.12, S1.13). Fix: record the ``remedy`` (what
ended or repaired it, when, and the source); the breach stays on the record.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import describe_breach
from policytrack.model.findings import Finding
from policytrack.status.engine import breach_visible

ID = "breached"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each open breach that makes a row breached."""
    for breach in ctx.repo.breaches.values():
        if not breach_visible(breach, ctx.as_of):
            continue
        if breach.remedy is not None and breach.remedy.date <= ctx.as_of:
            continue
        status = ctx.statuses.get(breach.obligation)
        if status is not None and not any(breach in row.open_breaches and row.status == "breached"
                                          for row in status.agencies):
            continue
        yield ctx.finding(
            ID, SEVERITY, "breach", breach.id, ("summary",),
            f"{describe_breach(ctx.repo, breach)}; no remedy recorded as of {ctx.as_of}",
            obligation=breach.obligation, agency=breach.agency,
        )
