"""An evidence file is missing, unsafe to read, or its content does not match its sha256.

Evidence kept in the repository (``source.file``) is pinned by its ``sha256`` so that a document
cannot change after it was cited. Fires when the file does not exist, lies outside the repository,
is (or lies under) a symbolic link, is not a regular file, cannot be read, has a control character in
its path, or hashes differently. Links are never followed, so a pull request cannot make the checker
read a file outside the repository. Fix: add the file itself under ``attachments/``, or record the hash
of the file as it is (``sha256sum FILE``) if the change is legitimate.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.model.safetext import excerpt

ID = "evidence-file"
SEVERITY = "error"
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each evidence file that is missing, unsafe to read, or whose hash differs."""
    for evidence in ctx.repo.evidence.values():
        source = evidence.source
        if not source.file:
            continue
        place = ("source", "file")
        message = _problem(ctx.repo.root, source.file)
        if message is None:
            digest = _sha256(ctx.repo.root / os.path.normpath(source.file))
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
    normal = os.path.normpath(name)
    if os.path.isabs(normal) or normal == ".." or normal.startswith(".." + os.sep):
        return f"{shown} lies outside the repository; keep it under attachments/"
    current = root
    info = None
    for part in Path(normal).parts:
        current = current / part
        try:
            info = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            return f"{shown} does not exist; add it or correct the path"
        except OSError as exc:
            return f"{shown} cannot be read: {exc.strerror}"
        if stat.S_ISLNK(info.st_mode):
            link = current.relative_to(root).as_posix()
            return (f"{shown} is {'' if link == normal else f'under {excerpt(link, 120)}, '}a symbolic link; links "
                    "are never followed: put the file itself under attachments/")
    if info is None or not stat.S_ISREG(info.st_mode):
        return f"{shown} is not a regular file (a folder, a device or a pipe); cite the document itself"
    return None


def _sha256(path: Path) -> str:
    """The file's sha256 (read in blocks: attachments may be large), or why it cannot be read."""
    digest = hashlib.sha256()
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return "cannot be read: it is not a regular file"
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        except OSError as exc:
            return f"cannot be read: {exc.strerror}"
    return digest.hexdigest()
