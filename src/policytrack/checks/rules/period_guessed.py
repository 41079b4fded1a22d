"""Evidence without a period was credited to one occurrence by a guess.

Evidence that names no ``period`` on a recurring duty goes to the latest occurrence whose period ended
before its date and that nothing else covers, never ahead (``docs/status-semantics.md``, S2.3). Where it
came after that occurrence's due date while another occurrence was open too, the choice is a guess: a
late report may be on an older period. Fires for each such record. Fix: add ``period`` to the evidence
(``2021``, ``2021-Q3``, ``2021-06``, or start and end dates).
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "period-guessed"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once for each evidence record credited by a guess."""
    seen: set[str] = set()
    for obligation in ctx.repo.obligations.values():
        for row in ctx.statuses[obligation.id].agencies:
            for guess in row.guesses:
                if guess.evidence in seen:
                    continue
                seen.add(guess.evidence)
                yield ctx.finding(
                    ID, SEVERITY, "evidence", guess.evidence, ("date",),
                    f"evidence '{guess.evidence}' names no period; it is counted late for {guess.key}, but "
                    f"{' and '.join(guess.others)} {'was' if len(guess.others) == 1 else 'were'} open too: add "
                    "'period' to say which it covers",
                    obligation=obligation.id, agency=row.agency or None)
