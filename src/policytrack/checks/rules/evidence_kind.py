"""Evidence of a kind the obligation does not accept.

An obligation lists the kinds of evidence that prove it (``evidence.kinds``): a training duty wants
rosters, not a press release announcing the training. Evidence of any other kind is not counted toward
the status, and this rule says so. Fix: submit evidence of an accepted kind, or (council staff) add the
kind to the obligation's list if it does prove the duty.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "evidence-kind"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence record whose kind its obligation does not list."""
    for evidence in ctx.repo.evidence.values():
        if ctx.options.replay and evidence.date > ctx.as_of:
            continue  # a record dated later does not exist yet in a replay of the past
        obligation = ctx.repo.obligations.get(evidence.obligation)
        if obligation is None or obligation.evidence is None or evidence.kind in obligation.evidence.kinds \
                or evidence.kind in obligation.evidence.progress_kinds:  # counted as progress: not refused
            continue
        yield ctx.finding(
            ID, SEVERITY, "evidence", evidence.id, ("kind",),
            f"evidence '{evidence.id}' is a '{evidence.kind}', which '{obligation.id}' does not accept (it "
            f"accepts {', '.join(obligation.evidence.kinds)}); it is not counted",
            obligation=obligation.id, agency=evidence.agency,
        )
