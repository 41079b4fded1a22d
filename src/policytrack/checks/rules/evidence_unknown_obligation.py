"""Evidence names an obligation that does not exist.

Usually a typo in ``obligation``, or an obligation that was renamed. The evidence is not counted
anywhere until it points at a real obligation id. Fix: correct the id.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "evidence-unknown-obligation"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence record whose obligation id is unknown."""
    known = list(ctx.repo.obligations)
    for evidence in ctx.repo.evidence.values():
        if evidence.obligation in ctx.repo.obligations:
            continue
        guess = difflib.get_close_matches(evidence.obligation, known, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        yield ctx.finding(
            ID, SEVERITY, "evidence", evidence.id, ("obligation",),
            f"evidence '{evidence.id}' is for obligation '{evidence.obligation}', which does not exist{hint}",
            agency=evidence.agency,
        )
