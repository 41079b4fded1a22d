"""An evidence file is missing, or its content does not match its sha256.

Evidence kept in the repository (``source.file``) is pinned by its ``sha256`` so that a document
cannot change after it was cited. Fires when the file does not exist, lies outside the repository,
or hashes differently. Fix: add the file, or record the hash of the file as it is
(``sha256sum FILE``) if the change is legitimate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from policytrack.findings import Finding
from policytrack.rules.context import Context

ID = "evidence-file"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence file that is missing or whose hash differs."""
    root = ctx.repo.root.resolve()
    for evidence in ctx.repo.evidence.values():
        source = evidence.source
        if not source.file:
            continue
        target = (root / source.file).resolve()
        place = ("source", "file")
        if not target.is_relative_to(root):
            message = f"evidence file '{source.file}' lies outside the repository; keep it under attachments/"
        elif not target.is_file():
            message = f"evidence file '{source.file}' does not exist; add it or correct the path"
        else:
            digest = _sha256(target)
            if digest == source.sha256:
                continue
            message = (f"evidence file '{source.file}' has sha256 {digest}, but the record says "
                       f"{source.sha256}: the file changed after it was cited, or the hash is wrong")
            place = ("source", "sha256")
        yield ctx.finding(ID, SEVERITY, "evidence", evidence.id, place, message,
                          obligation=evidence.obligation, agency=evidence.agency)


def _sha256(path: object) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:  # type: ignore[call-overload]
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
