"""A template placeholder ("FILL IN") is still in a file.

Fix: replace every ``FILL IN`` with the real text before the file is merged.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.checks.rules.personal_data import published_files
from policytrack.model.findings import Finding, Severity

ID = "placeholder"
SEVERITY: Severity = "error"
PLACEHOLDER = "FILL IN"
_PLACEHOLDER_BYTES = PLACEHOLDER.encode()


def check(ctx: Context) -> Iterator[Finding]:
    """Fire on each line of a data file that still holds ``FILL IN`` (data files as the privacy guard lists
    them: never through a link)."""
    for rel in published_files(ctx):
        if rel.startswith("attachments/"):
            continue
        kept = ctx.repo.texts.get(rel)
        if kept is not None and _PLACEHOLDER_BYTES not in kept:  # the loader's bytes: nothing to decode
            continue
        text = ctx.text(rel)
        if PLACEHOLDER not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            column = line.find(PLACEHOLDER)
            if column >= 0 and not line.lstrip().startswith("#"):
                yield Finding(rel, number, column + 1, ID, SEVERITY,
                              f"'{PLACEHOLDER}' is still here: replace it with the real text before the "
                              "file is merged")
