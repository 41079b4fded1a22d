"""Every finding id the checker can report, with its documentation: the one catalogue that SARIF, JUnit
and the site's rules pages read.

Four families: the rules (one module each, :data:`policytrack.checks.rules.RULES`), the loader's findings
about files that could not become records, the engine's own about settings and silences, and the gate's
about pull requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policytrack.checks.ruleconfig import CONFIG_RULES, GATE_RULES
from policytrack.checks.rules import RULES
from policytrack.checks.rules.loading import LOAD_RULES

Family = Literal["rule", "loader", "config", "gate"]


@dataclass(frozen=True)
class Entry:
    """One finding id: its family, its documentation and the first sentence of it."""

    id: str
    family: Family
    doc: str
    severity: str = "error"
    """A rule's default severity (the other families' findings carry their own)."""
    deadline: bool = False
    """A rule that fires because time passed (a warning with ``--deadlines warning``)."""

    @property
    def summary(self) -> str:
        """One line: a rule's first docstring line, or the first sentence of a table entry."""
        if self.family == "rule":
            return self.doc.strip().splitlines()[0]
        return self.doc.split(". ")[0]


def in_family(*families: Family) -> list[Entry]:
    """The catalogue's entries of these families, in its order."""
    return [entry for entry in catalogue().values() if entry.family in families]


def catalogue() -> dict[str, Entry]:
    """Every finding id, rules first, then the loader's, the engine's and the gate's."""
    entries = [Entry(rule.id, "rule", rule.doc, rule.severity, rule.deadline) for rule in RULES.values()]
    for family, table in (("loader", LOAD_RULES), ("config", CONFIG_RULES), ("gate", GATE_RULES)):
        entries.extend(Entry(rule_id, family, doc) for rule_id, doc in table.items())  # type: ignore[arg-type]
    return {entry.id: entry for entry in entries}
