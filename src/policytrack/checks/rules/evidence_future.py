"""Evidence is dated after the as-of date (usually a typo in the year).

Run as of today, evidence dated tomorrow is a mistake: the act it proves has not happened. When the
as-of date is chosen to look back (``policytrack check --as-of 2019-07-09``, a *replay*), records
dated after it are not mistakes but facts that did not exist yet: they are left out of the run and
this rule stays quiet. Pass ``--no-replay`` to report them anyway. Also fires when a verification is
dated before the evidence it verifies. Fix: correct the date.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "evidence-future"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for evidence dated after the as-of date (outside replays), or verified before its date."""
    for evidence in ctx.repo.evidence.values():
        if evidence.date > ctx.as_of and not ctx.options.replay:
            yield ctx.finding(
                ID, SEVERITY, "evidence", evidence.id, ("date",),
                f"evidence '{evidence.id}' is dated {evidence.date}, after {ctx.as_of}; correct the date",
                obligation=evidence.obligation, agency=evidence.agency,
            )
        if evidence.verified is not None and evidence.verified.on < evidence.date:
            yield ctx.finding(
                ID, SEVERITY, "evidence", evidence.id, ("verified", "on"),
                f"evidence '{evidence.id}' is verified on {evidence.verified.on}, before its own date "
                f"{evidence.date}; correct one of the dates",
                obligation=evidence.obligation, agency=evidence.agency,
            )
