"""A warm cache of loaded files, by content: a re-check reads each file but parses and validates only
those whose content it has not seen.

Each data file's result (its record and positions, or its findings) is kept under the hash of its kind and
bytes, so a file renamed, moved or restored from another branch is found again, and the pull-request gate
finds the base's unchanged files among the head's. The entries live in a few shard files under
``.policytrack-cache/`` in the repository (which holds its own ``.gitignore``, so git never sees them);
a run rewrites only the shards that gained entries, keeping the entries this process used.

The cache trusts nothing it reads: a shard carries the fingerprint of the code that wrote it (policytrack's
model sources, Python, pydantic and PyYAML: any change starts afresh) and an HMAC-SHA256 under a key kept
outside the repository (``$XDG_CACHE_HOME/policytrack/key``, readable by its owner only). A shard that is
stale, truncated, corrupt or planted (committed by a pull request, say) fails the check and is ignored,
then rebuilt; only then is it unpickled. A cache folder that is a link, or anything unreadable or
unwritable, simply means no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

FOLDER = ".policytrack-cache"
_MAGIC = b"policytrack-cache-1\n"
_SHARD_PREFIX = "records-"
_GITIGNORE = "# Written by policytrack: loaded records by content, rebuilt when missing.\n*\n"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# policytrack's cache of loaded records.\n"
_OPEN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@functools.cache
def fingerprint() -> bytes:
    """The hash of what decides a file's loaded result: the model's sources and the libraries' versions."""
    import pydantic
    import yaml

    versions = f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}".encode()
    return sources_digest(sorted(Path(__file__).parent.glob("*.py")), versions)


def sources_digest(paths: Iterable[Path], start: bytes = b"") -> bytes:
    """The hash of some source files (their names and bytes): what signs the results that code computed."""
    digest = hashlib.sha256(start)
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def content_key(kind: str, raw: bytes) -> bytes:
    """The key of a file's loaded result: its kind and bytes."""
    return hashlib.blake2b(raw, digest_size=20, person=kind.encode()[:16]).digest()


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policytrack" / "key"


def _secret() -> bytes | None:
    """The HMAC key, created on first use; None when it cannot be had safely."""
    path = _key_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(os.urandom(32))
        descriptor = os.open(path, _OPEN)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or (
                    hasattr(os, "getuid") and info.st_uid != os.getuid()):
                return None
            secret = handle.read(33)
    except OSError:
        return None
    return secret if len(secret) == 32 else None


class RecordCache:
    """Loaded results by content key, read from and written to the shard files of one folder.

    ``prefix`` names its shard files and ``stamp`` is added to the code's fingerprint: another pass over the
    files (the privacy guard's) keeps its results beside the loader's, each under its own code."""

    def __init__(self, folder: Path, secret: bytes, prefix: str = _SHARD_PREFIX, stamp: bytes = b"") -> None:
        self.folder = folder
        self._secret = secret
        self.prefix = prefix
        self._stamp = hashlib.sha256(fingerprint() + stamp).digest() if stamp else fingerprint()
        self._entries: dict[bytes, bytes] = {}
        self._used: set[bytes] = set()
        self._added: set[int] = set()
        self._shards = 0
        self._read: set[int] = set()

    @classmethod
    def at(cls, folder: Path) -> RecordCache | None:
        """The cache in ``folder`` (created on first write), or None where there can be none."""
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            pass
        except OSError:
            return None
        else:
            if not stat.S_ISDIR(info.st_mode):  # a link or a file in its place: no cache
                return None
        secret = _secret()
        return cls(folder, secret) if secret is not None else None

    def prepare(self, files: int) -> None:
        """Read the shards for a repository of about ``files`` files (a few shards, more when larger)."""
        shards = 1 if files < 2_000 else 16 if files < 30_000 else 256
        if shards != self._shards:
            self._shards = shards
            self._read.clear()
        for index in range(shards):
            if index not in self._read:
                self._read.add(index)
                self._entries.update(self._load(index))

    def get(self, key: bytes) -> bytes | None:
        """The stored result for ``key``, if any."""
        blob = self._entries.get(key)
        if blob is not None:
            self._used.add(key)
        return blob

    def put(self, key: bytes, blob: bytes) -> None:
        """Store a result, to be written by :meth:`save`."""
        if key not in self._entries:
            self._entries[key] = blob
            self._added.add(self._shard(key))
        self._used.add(key)

    def save(self) -> None:
        """Rewrite the shards that gained entries, with the entries this process used; then forget what was
        read (see :meth:`release`)."""
        try:
            if self._added:
                self._write_added()
        finally:
            self.release()

    def release(self) -> None:
        """Forget the entries read: they are on disk, and a large repository's would otherwise be held (as
        bytes, beside the records made from them) through the whole check. The next load reads the shards
        again."""
        self._entries = {}
        self._used = set()
        self._added.clear()
        self._read.clear()

    def _write_added(self) -> None:
        try:
            self._make_folder()
        except OSError:
            return
        for index in sorted(self._added):
            entries = {key: blob for key, blob in self._entries.items()
                       if self._shard(key) == index and key in self._used}
            self._write(index, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
        with contextlib.suppress(OSError), os.scandir(self.folder) as scan:
            for entry in scan:  # shards of another size of repository
                mine = entry.name.startswith(f"{self.prefix}{self._shards}-")
                if entry.name.startswith(self.prefix) and not mine:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _shard(self, key: bytes) -> int:
        return key[0] % self._shards if self._shards else 0

    def _path(self, index: int) -> Path:
        return self.folder / f"{self.prefix}{self._shards}-{index:03d}"

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, self._stamp + payload, hashlib.sha256).digest()

    def _load(self, index: int) -> dict[bytes, bytes]:
        try:
            descriptor = os.open(self._path(index), _OPEN)
            with os.fdopen(descriptor, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return {}
                data = handle.read()
        except OSError:
            return {}
        head = len(_MAGIC) + 64
        if len(data) < head or not data.startswith(_MAGIC):
            return {}
        stamp, mac, payload = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:head], data[head:]
        if stamp != self._stamp or not hmac.compare_digest(mac, self._mac(payload)):
            return {}  # stale, corrupt or not written by us: rebuilt on save
        try:
            entries = pickle.loads(payload)  # authenticated above
        except Exception:  # an entry we cannot read is an entry we do not have
            return {}
        if not isinstance(entries, dict):
            return {}
        return {key: blob for key, blob in entries.items() if isinstance(key, bytes) and isinstance(blob, bytes)
                and self._shard(key) == index}

    def _make_folder(self) -> None:
        self.folder.mkdir(exist_ok=True)
        if not stat.S_ISDIR(os.lstat(self.folder).st_mode):
            raise OSError("not a folder")
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _TAG)):
            path = self.folder / name
            if not os.path.lexists(path):
                path.write_text(text, encoding="utf-8")

    def _write(self, index: int, payload: bytes) -> None:
        try:
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(_MAGIC + self._stamp + self._mac(payload) + payload)
            os.replace(temporary, self._path(index))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_current: RecordCache | None = None
_companions: dict[tuple[Path, str, bytes], RecordCache] = {}


def use(folder: Path | None) -> None:
    """Make the loader use the cache in ``folder`` for the rest of the process (None: no cache)."""
    global _current
    if folder is None:
        _current = None
        _companions.clear()
    elif _current is None or _current.folder != folder:
        _current = RecordCache.at(folder)
        _companions.clear()


def current() -> RecordCache | None:
    """The cache the loader uses, if any."""
    return _current




def companion(name: str, stamp: bytes) -> RecordCache | None:
    """A cache beside the loader's (same folder and key) for another pass over the files, whose results
    depend on the code ``stamp`` digests; None when the loader has no cache."""
    if _current is None:
        return None
    key = (_current.folder, name, stamp)
    if key not in _companions:
        _companions[key] = RecordCache(_current.folder, _current._secret, f"{name}-", stamp)
    return _companions[key]
