"""A finding: one thing wrong in the repository, where it is, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem, orderable by file then line, so output reads top to bottom.

    ``path`` is relative to the repository (``""`` for the repository as a whole); ``line`` and
    ``column`` are 1-based, 0 when the finding is about no particular place.
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    obligation: str | None = field(default=None, compare=False)
    agency: str | None = field(default=None, compare=False)
    silenced: str | None = field(default=None, compare=False)
    """The reason given in the file's ``# policytrack: disable=RULE reason="..."`` comment, if silenced."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (the ``findings`` items of ``policytrack check --format json``)."""
        return {"path": self.path or None, "line": self.line or None, "column": self.column or None,
                "rule": self.rule, "severity": self.severity, "message": self.message,
                "obligation": self.obligation, "agency": self.agency, "silenced": self.silenced}
