"""Personal data (an SSN, A-number, date of birth, booking or case number, e-mail, phone) in a text the site
publishes: a data file, an attachment's name, ``mkdocs.yml`` or a file of the site's own pages (``docs/``).

Fix: remove it; the finding never repeats it. Silence a reviewed false positive with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.privacy import KINDS, Hit
from policytrack.checks.privacy_scan import published_items, scan_published
from policytrack.checks.privacy_sources import MARKUP_SUFFIXES, data_files
from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding, Severity

ID = "personal-data"
SEVERITY: Severity = "error"


def published_files(ctx: Context) -> list[str]:
    """The repository's data files and attachments (relative paths), never through a link; listed once per
    run."""
    return ctx.memo("published-files", lambda: data_files(ctx.repo.root))


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once per kind of personal data per line, and once per file whose name holds some."""
    items = published_items(ctx.repo.root, published_files(ctx), ctx.repo.texts.get, ctx.text)
    for (rel, _), (kinds, hits) in zip(items, scan_published(items, ctx.privacy_ahead), strict=True):
        for kind in kinds:
            yield Finding(rel, 0, 0, ID, SEVERITY,
                          f"the file name contains what looks like {KINDS[kind]} ({kind}); rename the file "
                          "without it (the data itself is not repeated here)")
        for hit in hits:
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
