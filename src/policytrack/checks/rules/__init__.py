"""The checker's rules: one module per rule, listed in :data:`RULES` by id.

Each rule module has ``ID``, ``SEVERITY``, ``DEADLINE`` (True when the rule fires because time passed,
not because a file is wrong: such findings can be made warnings with ``--deadlines warning``), a
docstring that is its user documentation, and ``check(context)`` yielding findings.

Findings about files that could not be loaded come from the loader; their ids are documented in
:mod:`policytrack.checks.rules.loading`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from policytrack.checks.rules import (
    agency_owes_nothing,
    blocked,
    breach_remedied,
    breached,
    clause_no_deadline,
    config,
    contradictory_schedule,
    dangling_reference,
    deadline_form,
    dependency_cycle,
    draft_obligation,
    evidence_file,
    evidence_future,
    evidence_kind,
    evidence_occurrence,
    evidence_unbound_agency,
    evidence_unknown_obligation,
    fanout_gap,
    impossible_schedule,
    incomplete_waiver,
    lapsed,
    met_late,
    no_deadline,
    no_evidence_requirement,
    no_owner,
    ordinance_without_obligations,
    overdue,
    period_guessed,
    personal_data,
    placeholder,
    quote_drift,
    recommendation_no_response,
    recommendation_target_passed,
    record_ignored,
    remedy_claimed,
    section_hash,
    self_assessment,
    site_file,
    system_no_operator,
    uncovered_access,
    uncovered_clause,
    unmatched_decision,
    unreferenced,
    verification_invalid,
)
from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding, Severity


@dataclass(frozen=True)
class Rule:
    """A rule as the engine and the documentation see it."""

    id: str
    severity: Severity
    deadline: bool
    doc: str
    check: Callable[[Context], Iterable[Finding]]

    @property
    def summary(self) -> str:
        """The first line of the rule's documentation."""
        return self.doc.strip().splitlines()[0]

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        """Read a rule module's ``ID``, ``SEVERITY``, ``DEADLINE``, docstring and ``check``."""
        return cls(module.ID, module.SEVERITY, getattr(module, "DEADLINE", False),
                   (module.__doc__ or "").strip(), module.check)


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in map(Rule.from_module, (
        no_owner,
        no_deadline,
        deadline_form,
        contradictory_schedule,
        no_evidence_requirement,
        breached,
        remedy_claimed,
        breach_remedied,
        overdue,
        lapsed,
        met_late,
        fanout_gap,
        evidence_unbound_agency,
        evidence_kind,
        evidence_occurrence,
        evidence_unknown_obligation,
        evidence_future,
        evidence_file,
        record_ignored,
        period_guessed,
        verification_invalid,
        recommendation_no_response,
        recommendation_target_passed,
        self_assessment,
        site_file,
        incomplete_waiver,
        dangling_reference,
        dependency_cycle,
        impossible_schedule,
        blocked,
        uncovered_access,
        agency_owes_nothing,
        system_no_operator,
        unreferenced,
        ordinance_without_obligations,
        uncovered_clause,
        clause_no_deadline,
        quote_drift,
        section_hash,
        draft_obligation,
        unmatched_decision,
        config,
        placeholder,
        personal_data,
    ))
}
"""Every rule the checker runs, by id, in the order they are documented."""
