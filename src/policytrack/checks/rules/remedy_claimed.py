"""A breach's remedy rests only on the agency's own statement, and nobody has verified it.

A remedy recorded with ``basis: agency-statement`` (a spokesman's word, the agency's own letter) is a
claim: the row reads ``remedy-claimed``, not closed, until a verifier confirms it (``remedy.verified:
{by, on}``) (``docs/status-semantics.md``, S3.6). King County's sheriff's office said it "immediately
changed" its procedures when the auditor's report came out; no independent check of that is on the
record. Fix: record the verification, or a remedy with an independent source.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.text import describe_breach
from policytrack.model.findings import Finding

ID = "remedy-claimed"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once for each breach whose remedy is claimed, not verified."""
    seen: set[str] = set()
    for obligation in ctx.repo.obligations.values():
        for row in ctx.statuses[obligation.id].agencies:
            for breach in row.claimed_remedies:
                if breach.id in seen or row.status != "remedy-claimed" or breach.remedy is None:
                    continue
                seen.add(breach.id)
                yield ctx.finding(
                    ID, SEVERITY, "breach", breach.id, ("remedy",),
                    f"{describe_breach(ctx.repo, breach)}; the remedy of {breach.remedy.date} rests only on the "
                    f"agency's own statement and is not verified as of {ctx.as_of}",
                    obligation=breach.obligation, agency=breach.agency)
