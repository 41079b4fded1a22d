"""The "Submit evidence" link: GitHub's web editor on a new evidence file, prefilled from a template.

A clerk who has never used git clicks the button, replaces each ``FILL IN`` and presses "Propose new
file": GitHub makes the branch and the pull request, and the checker runs on it. The template is a
complete evidence record; only the fields marked ``FILL IN`` are not yet valid, so a forgotten one is
reported by the checker (``schema``) with its line instead of slipping through.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from urllib.parse import quote

from policytrack.model.records import Config, Obligation

FILL_IN = "FILL IN"


def evidence_path(obligation: Obligation, agency: str, on: date) -> str:
    """Where the new evidence file goes: ``evidence/{obligation}/{date}-{agency}.yml``."""
    return f"evidence/{obligation.id}/{on.isoformat()}-{agency}.yml"


def _scalar(value: str) -> str:
    return json.dumps(" ".join(value.split()), ensure_ascii=False)  # a JSON string is a YAML scalar


def evidence_template(obligation: Obligation, agency: str, on: date) -> str:
    """A new evidence file for ``agency`` on ``obligation``: valid apart from the ``FILL IN`` fields."""
    return "\n".join(_template_lines(obligation, agency, on)) + "\n"


def _template_lines(obligation: Obligation, agency: str, on: date) -> list[str]:
    kinds = obligation.evidence.kinds if obligation.evidence else ["document"]
    wanted = obligation.evidence.description if obligation.evidence and obligation.evidence.description else ""
    lines = [
        "# yaml-language-server: $schema=../../schemas/evidence.schema.json",
        f"# Evidence for: {obligation.title}".replace("\n", " "),
        "# Replace every FILL IN, check the date, then press 'Commit changes...' and propose it.",
        "# Name roles, not people. The checker will run on your pull request and say what is missing.",
    ]
    if wanted:
        lines.append(f"# What counts as evidence: {' '.join(wanted.split())}")
    lines += [
        f"id: ev-{on.isoformat()}-{agency}-{obligation.id}"[:120],
        f"obligation: {obligation.id}",
        f"agency: {agency}",
        f"date: {on.isoformat()}  # the day the act took place, YYYY-MM-DD",
        f"kind: {_scalar(kinds[0])}  # one of: {', '.join(' '.join(kind.split()) for kind in kinds)}",
        f"summary: \"{FILL_IN}: what was done, by which office, and what the source shows\"",
        "source:",
        f"  url: \"{FILL_IN}: the public address of the document (https://...)\"",
        f"  title: \"{FILL_IN}: the document's title\"",
        "submitted_by:",
        f"  role: \"{FILL_IN}: your role, such as Records officer\"",
        f"  agency: {agency}",
    ]
    return lines


@functools.lru_cache(maxsize=4096)
def _quoted(line: str) -> str:
    """One line of the template, percent-encoded (most lines are the same on every page: done once)."""
    return quote(line, safe="")


def submit_url(config: Config, obligation: Obligation, agency: str, on: date) -> str | None:
    """GitHub's "new file" address with the template, or None when the repository has no ``repo_url``."""
    if not config.repo_url:
        return None
    base = config.repo_url.rstrip("/")
    filename = quote(evidence_path(obligation, agency, on), safe="/")
    # Percent-encoding works character by character, so encoding line by line gives the same value.
    value = "%0A".join(_quoted(line) for line in _template_lines(obligation, agency, on)) + "%0A"
    return f"{base}/new/{quote(config.branch, safe='')}?filename={filename}&value={value}"
