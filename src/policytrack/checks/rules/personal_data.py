"""Personal data (an SSN, A-number, date of birth, booking or case number, e-mail, phone) in a text the site
publishes: a data file, an attachment's name, ``mkdocs.yml`` or a file of the site's own pages (``docs/``).

Fix: remove it; the finding never repeats it. Silence a reviewed false positive with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.privacy import KINDS, Hit, name_kinds
from policytrack.checks.privacy_sources import (
    MARKUP_SUFFIXES,
    data_files,
    is_text,
    scan_file,
    site_files,
)
from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding, Severity
from policytrack.model.load import ATTACHMENTS

ID = "personal-data"
SEVERITY: Severity = "error"


def published_files(ctx: Context) -> list[str]:
    """The repository's data files and attachments (relative paths), never through a link."""
    return data_files(ctx.repo.root)


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once per kind of personal data per line, and once per file whose name holds some."""
    pages = site_files(ctx.repo.root, ctx.text)
    for rel in [*published_files(ctx), *pages]:
        for kind in sorted(name_kinds(rel)):
            yield Finding(rel, 0, 0, ID, SEVERITY,
                          f"the file name contains what looks like {KINDS[kind]} ({kind}); rename the file "
                          "without it (the data itself is not repeated here)")
        if rel.startswith(ATTACHMENTS + "/") or (rel in pages and not is_text(rel)):
            continue
        for hit in scan_file(rel, ctx.text(rel)):
            yield Finding(rel, hit.line, hit.column, ID, SEVERITY, _message(rel, hit))


def _message(rel: str, hit: Hit) -> str:
    seen = {
        "line": "this line contains",
        "value": "the value starting on this line contains, as the site shows it (its escapes, line breaks and "
                 "invisible characters undone),",
        "page": "the paragraph starting on this line contains, as the page shows it (its entities, tags and "
                "emphasis undone),",
    }[hit.where]
    comment = f'# policytrack: disable={ID} reason="..."'
    how = (f"'<!-- {comment} -->' at the end of the line" if rel.lower().endswith(MARKUP_SUFFIXES)
           else f"'{comment}'")
    return (f"{seen} what looks like {hit.description} ({hit.kind}); the site would publish it: remove it, or "
            f"if it is not personal data silence it with {how} (the data itself is not repeated here)")
