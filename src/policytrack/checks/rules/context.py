"""What every rule sees: the repository, the as-of date, computed statuses, and where records are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from policytrack.model.findings import Finding, Severity
from policytrack.model.limits import MAX_FILE_BYTES
from policytrack.model.load import Repository
from policytrack.model.paths import read_text_under
from policytrack.status.engine import ObligationStatus

if TYPE_CHECKING:
    from policytrack.graph import PolicyGraph


Memo = TypeVar("Memo")

SilenceKey = tuple[tuple[str, ...], str | None, tuple[str, ...]]
"""A silencing comment as the gate compares it: its rules, its reason and the lines it covers."""


@dataclass
class Options:
    """How the checker runs.

    ``deadlines``: severity of findings that fire because time passed (overdue, lapsed, fan-out gaps);
    ``"warning"`` lets an agency's evidence pull request pass while another agency is late.
    ``replay``: the as-of date was chosen to look back; records dated after it simply do not exist
    yet, instead of being reported as dated in the future.
    """

    deadlines: str = "error"
    replay: bool = False
    base_silences: dict[str, list[SilenceKey]] | None = None
    """For the pull-request gate: the silencing comments each changed file had where the branch started
    (:func:`policytrack.checks.ruleconfig.silence_key`). A comment not among them was added by the pull
    request and silences nothing."""


@dataclass
class Context:
    """The state one check run works on."""

    repo: Repository
    as_of: date
    statuses: dict[str, ObligationStatus]
    options: Options = field(default_factory=Options)
    _graph: Any = None
    privacy_ahead: Any = None
    """The privacy guard's scan started before the records were loaded
    (:class:`policytrack.checks.privacy_scan.Ahead`), while the check runs."""
    _texts: dict[str, str] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def graph(self) -> PolicyGraph:
        """The repository's graph, built once per run on first use."""
        if self._graph is None:
            from policytrack.graph import build_graph

            self._graph = build_graph(self.repo, self.statuses)
        return self._graph

    def text(self, rel: str) -> str:
        """The text of the repository file ``rel``: the loader's bytes where it read the file, else read once
        per run as the loader reads (never through a link, never more than the size limit; "" when it
        cannot be read)."""
        kept = self.repo.texts.get(rel)
        if kept is not None:  # the loader's bytes: no second read
            return kept.decode("utf-8", errors="replace")
        cached = self._texts.get(rel)
        if cached is None:  # a link, or a folder where a file was expected, reads "" (the loader says so)
            cached = self._texts[rel] = read_text_under(self.repo.root, rel, MAX_FILE_BYTES)
        return cached

    def memo(self, name: str, compute: Callable[[], Memo]) -> Memo:
        """What ``compute`` gives, computed once per run and kept under ``name`` (a list of files that two
        rules read)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return cast(Memo, self._memo[name])

    def release_graph(self) -> None:
        """Drop the graph built for the rules (it is built again on next use); frees memory for callers
        such as the site plugin that need only the records and statuses after the check."""
        self._graph = None

    def finding(
        self,
        rule: str,
        severity: str,
        kind: str,
        record_id: str,
        path: tuple[str | int, ...],
        message: str,
        *,
        obligation: str | None = None,
        agency: str | None = None,
    ) -> Finding:
        """A finding placed at the field ``path`` of the record ``kind``/``record_id``."""
        level = cast(Severity, severity)  # a rule module's SEVERITY: "error" or "warning"
        origin = self.repo.origin(kind, record_id)
        if origin is None:
            return Finding("", 0, 0, rule, level, message, obligation, agency)
        line, column = origin.position(*path)
        return Finding(origin.path, line, column, rule, level, message, obligation, agency)
