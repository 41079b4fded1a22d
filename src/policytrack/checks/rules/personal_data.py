"""Personal data (an SSN, A-number, date of birth, booking or case number, e-mail, phone) in a text the site
publishes: a data file, an attachment's name, ``mkdocs.yml`` or a file of the site's own pages (``docs/``).

Fix: remove it; the finding never repeats it. Silence a reviewed false positive with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.privacy import KINDS, Hit
from policytrack.checks.privacy_scan import scan_files
from policytrack.checks.privacy_sources import MARKUP_SUFFIXES, data_files, is_text, site_files
from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding, Severity
from policytrack.model.load import ATTACHMENTS

ID = "personal-data"
SEVERITY: Severity = "error"


def published_files(ctx: Context) -> list[str]:
    """The repository's data files and attachments (relative paths), never through a link; listed once per
    run."""
    return ctx.memo("published-files", lambda: data_files(ctx.repo.root))


def check(ctx: Context) -> Iterator[Finding]:
    """Fire once per kind of personal data per line, and once per file whose name holds some."""
    pages = site_files(ctx.repo.root, ctx.text)
    named_only = {rel for rel in pages if not is_text(rel)}

    def read(rel: str) -> bytes | None:
        if rel.startswith(ATTACHMENTS + "/") or rel in named_only:
            return None
        kept = ctx.repo.texts.get(rel)  # the loader's bytes, else the text as the rules read it
        return kept if kept is not None else ctx.text(rel).encode("utf-8")

    files = [*published_files(ctx), *pages]
    for rel, (kinds, hits) in zip(files, scan_files(files, read), strict=True):
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
