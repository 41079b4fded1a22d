"""A verification record that verifies nothing: the evidence stays claimed, not verified.

A verification counts only when it is by one of the ``verifying_agencies`` named in ``policytrack.yml``
(its ``agency:``), never by the evidence's own agency, and when its ``evidence_sha256`` is the evidence
record's content hash, so that evidence edited after it was verified is claimed again (the message gives
the hash to record once a verifier has looked at the record as it is now). Fix: name the verifying agency
in ``policytrack.yml`` (council staff), or have a verifier check the evidence and record the hash.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.status.verification import verification_problem

ID = "verification-invalid"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each verification of an existing evidence record that does not count, saying why."""
    repo = ctx.repo
    for record in repo.verifications.values():
        evidence = repo.evidence.get(record.evidence)
        if evidence is None:
            continue  # dangling-reference says so
        problem = verification_problem(repo, record)
        if problem is None:
            continue
        yield ctx.finding(ID, SEVERITY, "verification", record.id, (problem.field,),
                          f"verification '{record.id}' does not count: {problem.message}",
                          obligation=evidence.obligation, agency=evidence.agency)
