"""Whether a verification record counts: claimed is not verified, and a verification is not any record.

A record under ``verifications/`` verifies (or disputes) an evidence record only when

* its ``agency`` is one of ``verifying_agencies`` in ``policytrack.yml`` (the auditor), and is not the
  evidence's own agency: nobody verifies their own evidence;
* its ``evidence_sha256`` is the evidence record's content hash (:func:`evidence_hash`), so that an
  evidence record edited after it was verified is claimed again until a verifier looks at it anew.

Every other verification counts for nothing, and the ``verification-invalid`` rule says why.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, NamedTuple

from policytrack.model.load import Repository
from policytrack.model.records import Evidence, Verification


def evidence_hash(evidence: Evidence) -> str:
    """The sha256 of what the evidence record says: its keys and values as written (JSON, keys sorted), so
    that comments and layout do not change it and every value does."""
    return content_hash(evidence.model_dump(mode="json", exclude_unset=True))


def content_hash(data: dict[str, Any]) -> str:
    """:func:`evidence_hash` of a record's keys and values (``model_dump(mode="json", exclude_unset=True)``)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Problem(NamedTuple):
    """Why a verification counts for nothing: the field at fault, and the words for a finding."""

    field: str
    message: str


def verification_problem(repo: Repository, record: Verification) -> Problem | None:
    """Why ``record`` verifies nothing; None when it counts."""
    cache: dict[str, Problem | None] = repo.derived.setdefault("verification-problems", {})
    if record.id not in cache:
        cache[record.id] = _problem(repo, record)
    return cache[record.id]


def counts(repo: Repository, record: Verification) -> bool:
    """Whether ``record`` verifies (or disputes) its evidence."""
    return verification_problem(repo, record) is None


def _problem(repo: Repository, record: Verification) -> Problem | None:
    evidence = repo.evidence.get(record.evidence)
    if evidence is None:
        return Problem("evidence", f"evidence '{record.evidence}' is not in the repository")
    if record.agency == evidence.agency:
        return Problem("agency", f"'{record.agency}' verifies its own evidence: another verifier must")
    verifiers = repo.config.verifying_agencies
    if record.agency is None or record.agency not in verifiers:
        who = f"agency '{record.agency}'" if record.agency else "no agency"
        named = ", ".join(verifiers) if verifiers else "none"
        return Problem("agency", f"it names {who}, which is not among verifying_agencies in policytrack.yml "
                                 f"({named}): only a verifier named there verifies evidence")
    current = evidence_hash(evidence)
    if record.evidence_sha256 is None:
        return Problem("evidence_sha256", f"it does not say which content of '{evidence.id}' was verified: after "
                                          f"checking the record as it is, add evidence_sha256: {current}")
    if record.evidence_sha256 != current:
        return Problem("evidence_sha256", f"evidence '{evidence.id}' was edited after it was verified (its content "
                                          f"hash is now {current}): a verifier checks it again, then records the hash")
    return None
