"""Safe paths under a repository: every read and write there refuses a symbolic link on any part of the path.

Files come from pull requests by people outside the council's staff. A link planted anywhere on a path (a
linked folder, a link at the name a command writes, a dangling link that a write would create through)
would let a command, a rule or the site read a file outside the repository (the checkout's git config, the
process's environment under procfs) or overwrite one. So every part of a path below the repository's root
is opened without following links: each folder with ``O_NOFOLLOW | O_DIRECTORY`` relative to its parent's
descriptor, the file itself with ``O_NOFOLLOW``; a link is refused with an :class:`UnsafePath` that names
it, and is never followed. The root itself is the caller's: it is given on the command line.

* :func:`problem` says why a relative path cannot name a file under the root (absolute, ``..``, a control
  character, a link on the way), without opening anything;
* :func:`open_under` opens a regular file to read, never waiting on a pipe; :func:`read_under` reads it,
  bounded;
* :func:`write_under` writes a file, making its folders, never through a link and never onto anything but
  a regular file (``exclusive``: never over an existing file);
* :func:`files_under` lists the files of a folder, with the links and special files it holds.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from policytrack.model.safetext import excerpt

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIR_FD = os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd and os.stat in os.supports_dir_fd


class UnsafePath(Exception):
    """A path under the repository that is not read or written: ``path`` (relative to the root) names the
    part that is the problem (the link itself, for a link), ``message`` says why and what to do."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{excerpt(path, 120)} {message}")
        self.path = path
        self.message = message


LINK = "is a symbolic link; links are never followed: replace the link with the file or folder itself, or delete it"
SPECIAL = "is not a regular file (a device, a pipe or a socket); only plain files are read or written"


def parts_of(rel: str | os.PathLike[str]) -> list[str]:
    """The parts of a path relative to the repository, or :class:`UnsafePath` when it names no place under it
    (absolute, leaving it with ``..``, empty, or holding a control character)."""
    text = os.fspath(rel)
    shown = text.replace(os.sep, "/")
    if not text or not text.isprintable():
        raise UnsafePath(shown, "is not a usable path (empty, or with a control character); name a file of the "
                         "repository")
    if os.path.isabs(text) or PurePosixPath(shown).is_absolute():
        raise UnsafePath(shown, "is an absolute path; name a file inside the repository, relative to it")
    parts = [part for part in shown.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        raise UnsafePath(shown, "leaves the repository ('..'); name a file inside it")
    return parts


def problem(root: str | os.PathLike[str], rel: str | os.PathLike[str]) -> UnsafePath | None:
    """Why ``rel`` cannot be read or written under ``root`` as things are (a part is a link, or a part
    before the last is not a folder), or None. Parts that do not exist yet are no problem."""
    try:
        parts = parts_of(rel)
    except UnsafePath as exc:
        return exc
    current = Path(root)
    for number, part in enumerate(parts):
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return UnsafePath("/".join(parts[:number + 1]), f"cannot be read: {exc.strerror}")
        if stat.S_ISLNK(info.st_mode):
            return UnsafePath("/".join(parts[:number + 1]), LINK)
        if number < len(parts) - 1 and not stat.S_ISDIR(info.st_mode):
            return UnsafePath("/".join(parts[:number + 1]), "is not a folder")
    return None


def _refusal(parts: list[str], number: int, exc: OSError, parent: int | None, root: Path) -> UnsafePath:
    """The :class:`UnsafePath` for an ``os.open`` of ``parts[number]`` that failed with ``exc``."""
    here = "/".join(parts[:number + 1])
    try:
        info = os.stat(parts[number], dir_fd=parent, follow_symlinks=False) if parent is not None else \
            os.lstat(root.joinpath(*parts[:number + 1]))
    except OSError:
        info = None
    if (info is not None and stat.S_ISLNK(info.st_mode)) or exc.errno == errno.ELOOP:
        return UnsafePath(here, LINK)
    if exc.errno == errno.ENOTDIR:
        return UnsafePath(here, "is not a folder")
    if exc.errno == errno.ENOENT:
        return UnsafePath(here, "does not exist")
    return UnsafePath(here, f"cannot be read: {exc.strerror}")


@dataclass
class _Folder:
    """An open folder under the root (its descriptor), or the path to it where descriptors are not used."""

    fd: int | None
    path: Path

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def _open_folder(root: Path, parts: list[str], create: bool) -> _Folder:
    """Open the folder ``root/parts...`` one part at a time, never through a link (making it if ``create``)."""
    if not _DIR_FD:  # pragma: no cover - platforms without descriptor-relative calls: look before each step
        current = root
        for number, part in enumerate(parts):
            current = current / part
            if os.path.islink(current):
                raise UnsafePath("/".join(parts[:number + 1]), LINK)
            if create and not os.path.lexists(current):
                os.mkdir(current)
            if not current.is_dir():
                raise UnsafePath("/".join(parts[:number + 1]), "is not a folder")
        return _Folder(None, current)
    fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        for number, part in enumerate(parts):
            try:
                child = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise UnsafePath("/".join(parts[:number + 1]), "does not exist") from None
                try:
                    os.mkdir(part, dir_fd=fd)
                    child = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
                except OSError as exc:
                    raise _refusal(parts, number, exc, fd, root) from None
            except OSError as exc:
                raise _refusal(parts, number, exc, fd, root) from None
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return _Folder(fd, root.joinpath(*parts))


def open_under(root: str | os.PathLike[str], rel: str | os.PathLike[str]) -> BinaryIO:
    """The regular file ``rel`` under ``root``, open for reading in binary (never through a link, never
    waiting on a pipe); :class:`UnsafePath` when a part is a link, the file is special, or is not there."""
    parts = parts_of(rel)
    base = Path(root)
    folder = _open_folder(base, parts[:-1], create=False)
    try:
        flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY
        try:
            if folder.fd is None:  # pragma: no cover
                fd = os.open(folder.path / parts[-1], flags)
            else:
                fd = os.open(parts[-1], flags, dir_fd=folder.fd)
        except OSError as exc:
            raise _refusal(parts, len(parts) - 1, exc, folder.fd, base) from None
    finally:
        folder.close()
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafePath("/".join(parts), SPECIAL)
    return os.fdopen(fd, "rb")


def read_under(root: str | os.PathLike[str], rel: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``rel`` under ``root`` (see :func:`open_under`), at most ``limit`` plus
    one byte, so that a caller sees that it is larger."""
    with open_under(root, rel) as handle:
        try:
            return handle.read(limit + 1)
        except OSError as exc:
            raise UnsafePath(os.fspath(rel), f"cannot be read: {exc.strerror}") from None


def read_text_under(root: str | os.PathLike[str], rel: str | os.PathLike[str], limit: int) -> str:
    """The text of the regular file ``rel`` under ``root`` (see :func:`read_under`), undecodable bytes
    replaced; "" when it cannot be read or is longer than ``limit`` bytes."""
    try:
        raw = read_under(root, rel, limit)
    except (UnsafePath, OSError):  # a link, or a folder where a file was expected
        return ""
    return "" if len(raw) > limit else raw.decode("utf-8", errors="replace")


def write_under(root: str | os.PathLike[str], rel: str | os.PathLike[str], data: str | bytes, *,
                exclusive: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``rel`` under ``root``, making its folders; return the path written.

    Refuses (:class:`UnsafePath`) a link on any part of the path (a dangling link at the name included),
    anything but a regular file at the name, and with ``exclusive`` any existing file; an ``OSError``
    passes on when the file system refuses."""
    parts = parts_of(rel)
    base = Path(root)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = _open_folder(base, parts[:-1], create=True)
    name = parts[-1]
    try:
        try:
            info = (os.stat(name, dir_fd=folder.fd, follow_symlinks=False) if folder.fd is not None
                    else os.lstat(folder.path / name))
        except FileNotFoundError:
            info = None
        if info is not None:
            if stat.S_ISLNK(info.st_mode):
                raise UnsafePath("/".join(parts), LINK)
            if not stat.S_ISREG(info.st_mode):
                raise UnsafePath("/".join(parts), SPECIAL if not stat.S_ISDIR(info.st_mode) else "is a folder")
            if exclusive:
                raise UnsafePath("/".join(parts), "already exists; it is never overwritten")
        flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _BINARY | (os.O_EXCL if exclusive else os.O_TRUNC)
        try:
            fd = (os.open(name, flags, 0o666, dir_fd=folder.fd) if folder.fd is not None
                  else os.open(folder.path / name, flags, 0o666))
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EEXIST, errno.ENXIO):
                raise _refusal(parts, len(parts) - 1, exc, folder.fd, base) from None
            raise
    finally:
        folder.close()
    with os.fdopen(fd, "wb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # pragma: no cover - replaced in between
            raise UnsafePath("/".join(parts), SPECIAL)
        handle.write(payload)
    return base.joinpath(*parts)


def files_under(root: str | os.PathLike[str], rel: str | os.PathLike[str] = ".") -> Iterator[tuple[str, str | None]]:
    """Every file below the folder ``rel`` of ``root``, sorted: (path relative to ``rel``, None) for a regular
    file, (path, why) for a link, a special file or an unreadable folder, which is never followed or read.

    Raises :class:`UnsafePath` when ``rel`` itself is, or lies under, a link."""
    parts = [] if os.fspath(rel) in (".", "") else parts_of(rel)
    folder = _open_folder(Path(root), parts, create=False)
    folder.close()
    yield from _walk(folder.path, "")


def _walk(folder: Path, prefix: str) -> Iterator[tuple[str, str | None]]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield prefix.rstrip("/") or ".", f"cannot be read: {exc.strerror}"
        return
    for entry in entries:
        here = prefix + entry.name
        if entry.is_symlink():
            yield here, LINK
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), here + "/")
        elif entry.is_file(follow_symlinks=False):
            yield here, None
        else:
            yield here, SPECIAL
