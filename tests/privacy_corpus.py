"""The privacy corpus (tests/data/privacy/): planted personal data and look-alikes, each case written into a
repository of its own and checked with the ``personal-data`` rule as ``policytrack check`` runs it.

Used by tests/test_privacy_corpus.py and by ``benchmarks/privacy_eval.py``, which prints the figures
quoted in the README.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from policytrack.checks.checker import run_check
from policytrack.checks.rules.context import Options

CORPUS = Path(__file__).parent / "data" / "privacy"
RULE = "personal-data"
_CHAR = re.compile(r"<U\+([0-9A-F]{4,6})>")
_KIND = re.compile(r"\(([a-z-]+)\)")


@dataclass(frozen=True)
class Case:
    """One case: the files it writes and the kind of personal data planted (None for a look-alike)."""

    id: str
    group: str
    files: dict[str, str]
    kind: str | None


@dataclass
class Outcome:
    """What the rule said about a case: the kinds it found, in which files."""

    case: Case
    kinds: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)

    @property
    def missed(self) -> bool:
        """A planted identifier not found as its kind."""
        return self.case.kind is not None and self.case.kind not in self.kinds

    @property
    def false_positive(self) -> bool:
        """A look-alike that was flagged."""
        return self.case.kind is None and bool(self.kinds)


def expand(text: str) -> str:
    """``<U+200B>`` → the character itself."""
    return _CHAR.sub(lambda match: chr(int(match.group(1), 16)), text)


def load(name: str) -> list[Case]:
    """The cases of ``planted.yml`` or ``lookalikes.yml``."""
    raw: list[dict[str, Any]] = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    return [Case(item["id"], item["class"], {expand(path): expand(text) for path, text in item["files"].items()},
                 item.get("kind")) for item in raw]


def run(case: Case, folder: Path) -> Outcome:
    """Write ``case`` into a new repository under ``folder`` and check it."""
    root = folder / case.id
    (root / "agencies").mkdir(parents=True)
    for rel, text in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_check(root, date(2020, 6, 1), Options())
    outcome = Outcome(case)
    for finding in result.findings:
        if finding.rule == RULE and finding.silenced is None:
            outcome.kinds.update(_KIND.findall(finding.message)[-1:])
            outcome.paths.add(finding.path)
    return outcome


def measure() -> tuple[list[Outcome], list[Outcome]]:
    """(planted, look-alikes) outcomes over the whole corpus."""
    with tempfile.TemporaryDirectory(prefix="policytrack-privacy-") as folder:
        planted = [run(case, Path(folder) / "planted") for case in load("planted.yml")]
        lookalikes = [run(case, Path(folder) / "lookalikes") for case in load("lookalikes.yml")]
    return planted, lookalikes


PATHOLOGICAL: dict[str, str] = {
    "'case no.' + 'no.' * 40 + 'x 123456' (issue 16, finding 7)": "case no." + "no." * 40 + "x 123456",
    "an e-mail-like line of 150 KB (finding 10)": "a" * 150_000 + "@x",
    "a dotted local part of 150 KB": "a." * 75_000 + "@gmail.com",
    "'a@' * 75,000": "a@" * 75_000,
    "a domain of 75,000 labels": "x@" + "a." * 75_000,
    "'case no. ' * 16,666": "case no. " * 16_666,
    "'file no. 12345 ' * 10,000 (legislative look-up)": "file no. 12345 " * 10_000,
    "'SSN 123-45-6789 ' * 9,375 (a hit each)": "SSN 123-45-6789 " * 9_375,
    "'1-' * 75,000": "1-" * 75_000,
    "'1 ' * 75,000": "1 " * 75_000,
    "'A ' * 75,000": "A " * 75_000,
    "'a [at] ' * 21,428 + ' dot '": "a [at] " * 21_428 + " dot ",
    "'a at b dot ' * 13,636": "a at b dot " * 13_636,
    "'Aa ' * 50,000 + a date": "Aa " * 50_000 + "1/1/1990",
    "'<' * 150,000": "<" * 150_000,
    "150,000 zero-width spaces and an SSN": "\u200b" * 150_000 + "123-45-6789",
    "150,000 no-break spaces": "\u00a0" * 150_000,
}
"""Inputs that make a careless pattern backtrack for minutes or years, each about 150 KB (the first 312 B)."""
