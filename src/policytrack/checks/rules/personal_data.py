"""Personal data (an SSN, A-number, date of birth, booking or case number, e-mail, phone) in a data file.

Fix: remove it; the finding never repeats it. Silence a reviewed false positive with a reason. The text
and headings of an ordinance's sections (and of amendment records) are not read: law text is public
record, and a silencing comment cannot be written into it without changing its ``sha256``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from policytrack.checks.privacy import KINDS, law_text_lines, scan
from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding, Severity
from policytrack.model.load import CONFIG_FILE, DATA_FOLDERS, IGNORED_NAMES

ID = "personal-data"
SEVERITY: Severity = "error"
ATTACHMENTS = "attachments"


def published_files(ctx: Context) -> list[str]:
    """The repository's data files (relative paths): every text the site may publish comes from them."""
    root = ctx.repo.root
    found = [CONFIG_FILE] if (root / CONFIG_FILE).is_file() else []
    for folder in (*DATA_FOLDERS, ATTACHMENTS):
        for path in _walk(os.path.join(root, folder), folder):
            found.append(path)
    return found


def _walk(folder: str, rel: str) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name in IGNORED_NAMES:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, f"{rel}/{entry.name}")
        else:
            yield f"{rel}/{entry.name}"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once per kind of personal data per line, and once per attachment whose name holds some."""
    for rel in published_files(ctx):
        for kind in sorted({hit.kind for hit in scan(re.sub(r"[-_./]+", " ", rel))}):
            yield Finding(rel, 0, 0, ID, SEVERITY,
                          f"the file name contains what looks like {KINDS[kind]} ({kind}); rename the file "
                          "without it (the data itself is not repeated here)")
        if rel.startswith(ATTACHMENTS + "/"):
            continue
        text = ctx.text(rel)
        public = law_text_lines(text) if rel.startswith(("ordinances/", "amendments/")) else set()
        for hit in scan(text):
            if hit.line in public:
                continue  # the law's own words are public record
            yield Finding(rel, hit.line, hit.column, ID, SEVERITY,
                          f"this line contains what looks like {hit.description} ({hit.kind}); the site would "
                          "publish it: remove it, or if it is not personal data silence it with "
                          f"'# policytrack: disable={ID} reason=\"...\"' (the data itself is not repeated here)")
