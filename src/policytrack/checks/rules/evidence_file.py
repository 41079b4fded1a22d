"""An evidence file is missing, unsafe to read, outside ``attachments/``, or its content does not match its sha256.

Evidence kept in the repository (``source.file``) is pinned by its ``sha256`` so that a document
cannot change after it was cited. Fires when the file does not exist, lies outside ``attachments/`` (the
checkout holds other files, such as git's configuration, whose hash a finding must never tell), is (or
lies under) a symbolic link, is not a regular file, cannot be read, has a control character in its path,
or hashes differently. Links are never followed (:mod:`policytrack.model.paths`), so a pull request cannot
make the checker read a file outside the repository. Fix: add the file itself under ``attachments/``, or
record the hash of the file as it is (``sha256sum FILE``) if the change is legitimate.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.model.load import ATTACHMENTS
from policytrack.model.paths import LINK, UnsafePath, open_under, parts_of, problem
from policytrack.model.safetext import excerpt

ID = "evidence-file"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence file that is missing, unsafe to read, or whose hash differs."""
    for evidence in ctx.repo.evidence.values():
        source = evidence.source
        if not source.file:
            continue
        place = ("source", "file")
        message = _problem(ctx.repo.root, source.file)
        if message is None:
            digest = _sha256(ctx.repo.root, source.file)
            if digest == source.sha256:
                continue
            if digest.startswith("cannot"):
                message = f"evidence file {excerpt(source.file, 120)} {digest}"
            else:
                message = (f"evidence file {excerpt(source.file, 120)} has sha256 {digest}, but the record says "
                           f"{source.sha256}: the file changed after it was cited, or the hash is wrong")
                place = ("source", "sha256")
        yield ctx.finding(ID, SEVERITY, "evidence", evidence.id, place, message,
                          obligation=evidence.obligation, agency=evidence.agency)


def _problem(root: Path, name: str) -> str | None:
    """Why the file cannot be hashed safely, or None; looks at each part of the path without following links."""
    shown = f"evidence file {excerpt(name, 120)}"
    if not name.isprintable():
        return f"{shown} has a control character in its path; write the path of the file under attachments/"
    try:
        parts = parts_of(name)
    except UnsafePath:
        return f"{shown} lies outside the repository; keep it under attachments/"
    if parts[0] != ATTACHMENTS or len(parts) < 2:
        return (f"{shown} is not under attachments/: only files there may be cited (it is never read); move the "
                "document to attachments/ and cite that path")
    refused = problem(root, "/".join(parts))
    if refused is not None:
        normal = "/".join(parts)
        if refused.message == LINK:
            where = "" if refused.path == normal else f"under {excerpt(refused.path, 120)}, "
            return (f"{shown} is {where}a symbolic link; links are never followed: put the file itself under "
                    "attachments/")
        return f"{shown} cannot be read: {excerpt(refused.path, 120)} {refused.message}"
    if not os.path.lexists(root.joinpath(*parts)):
        return f"{shown} does not exist; add it or correct the path"
    return None


def _sha256(root: Path, name: str) -> str:
    """The file's sha256 (read in blocks: attachments may be large), or why it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open_under(root, name) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except UnsafePath as exc:
        return exc.message if exc.message.startswith("cannot") else f"cannot be read: it {exc.message}"
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    return digest.hexdigest()
