"""Proof: whether a verifier confirmed or disputed an evidence record, as of a date.

The one place that reads verifications. The status engine (a duty is *verified* when every record
counted for it is confirmed), the site's evidence cards and agency rows, the Atom feed and the open data
all ask :class:`Proofs`, so one record never reads "verified" in one place and "claimed" in another.

A check comes from a record in ``verifications/`` (the latest one dated on or before the as-of date
wins, ties broken by id), or from an evidence record's own older ``verified:`` block, which counts as a
confirmation unless it names the evidence's own agency. Whether a verification record counts at all is
:func:`policytrack.status.verification.counts` (a verifier named in ``verifying_agencies``, the
evidence's content pinned by its hash), asked here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from policytrack.model.load import Repository
from policytrack.model.records import Evidence
from policytrack.status import verification

Proof = Literal["confirmed", "disputed", "none"]
"""What the records say of one evidence record: a verifier confirmed it, disputed it, or nobody checked it."""


@dataclass(frozen=True, slots=True)
class Check:
    """A verifier's check of one evidence record, as the site and the open data show it."""

    result: Literal["confirmed", "disputed"]
    by: str
    on: date
    note: str | None = None
    agency: str | None = None
    record: str | None = None
    """The id of the record in ``verifications/``; None for an evidence record's own ``verified:`` block."""


class Proofs:
    """The checks of every evidence record of a repository as of one date (records dated later do not exist)."""

    def __init__(self, repo: Repository, as_of: date) -> None:
        self.as_of = as_of
        self._inline = [item for item in repo.evidence.values()  # the older verified: block, where it counts
                        if item.verified is not None and item.verified.on <= as_of
                        and item.verified.agency != item.agency]
        self._checks: dict[str, Check] = {}
        for record in sorted(repo.verifications.values(), key=lambda item: (item.on, item.id)):
            if record.on <= as_of and verification.counts(repo, record):
                self._checks[record.evidence] = Check(record.result, record.by, record.on, record.note,
                                                      record.agency, record.id)

    def check(self, evidence: Evidence) -> Check | None:
        """The check that stands for the evidence on the as-of date, or None (claimed, not checked)."""
        found = self._checks.get(evidence.id)
        if found is not None:
            return found
        inline = evidence.verified
        if inline is not None and inline.on <= self.as_of and inline.agency != evidence.agency:
            return Check("confirmed", inline.by, inline.on, inline.note, inline.agency)
        return None

    def verdicts(self) -> dict[str, bool]:
        """Evidence id → True (confirmed) or False (disputed), for every record a check stands for: what the
        status engine counts (an evidence record missing here is claimed, not checked)."""
        out = {key: check.result == "confirmed" for key, check in self._checks.items()}
        for evidence in self._inline:
            out.setdefault(evidence.id, True)
        return out

    def proof(self, evidence: Evidence) -> Proof:
        """``confirmed``, ``disputed`` or ``none``."""
        found = self.check(evidence)
        return found.result if found is not None else "none"

    def confirmed(self, evidence: Evidence) -> bool:
        return self.proof(evidence) == "confirmed"

    def disputed(self, evidence: Evidence) -> bool:
        return self.proof(evidence) == "disputed"
