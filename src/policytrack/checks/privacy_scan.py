"""The privacy guard over every file the site publishes, each file once: its result kept in the warm cache,
and for a large repository found by a process of its own while this one loads the records.

A file's result (the kinds of personal data in its name, and the hits in its text) depends on its path, its
bytes and the guard's code only. So it is kept in the warm cache beside the loaded records, under the hash
of the path and bytes, and signed with the fingerprint of the guard's sources: a re-check after one file
changed scans that file alone, and a change to any pattern scans every file again.

The guard reads the files, not the records: on a large repository with a core to spare, :class:`Ahead`
scans them in a forked process from the start of the check, while this process loads the records, computes
the statuses and runs the other rules. Its result for a file is used only where it scanned the very bytes
the loader read (their keys agree); any other file is scanned again here. Otherwise the files the cache does
not hold are scanned in both cores where that pays (:func:`~policytrack.model.parallel.ordered_map`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from policytrack.checks.privacy import Hit, name_kinds
from policytrack.checks.privacy_sources import data_files, is_text, scan_file, site_files
from policytrack.model import cache as record_cache
from policytrack.model import parallel
from policytrack.model.limits import MAX_FILE_BYTES
from policytrack.model.load import ATTACHMENTS, CONFIG_FILE, DATA_FOLDERS, read_bounded
from policytrack.model.paths import read_text_under

if TYPE_CHECKING:  # multiprocessing is imported only where a process is started (not for a small repository)
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Result = tuple[tuple[str, ...], tuple[Hit, ...]]
"""What the guard finds in one file: the kinds of personal data in its name (sorted), and its hits."""

Item = tuple[str, bytes | None]
"""A file to scan: its path, and its bytes (None: its name alone is checked)."""

Reader = Callable[[str], str]

_SOURCES = ("privacy.py", "privacy_patterns.py", "privacy_sources.py", "privacy_scan.py")


@functools.cache
def _stamp() -> bytes:
    """The digest of the guard's sources: the results of other code are never reused."""
    return record_cache.sources_digest(Path(__file__).parent / name for name in _SOURCES)


def _key(item: Item) -> bytes:
    rel, raw = item
    digest = hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=20, person=b"privacy")
    digest.update(b"\0" if raw is None else b"\1" + raw)
    return digest.digest()


# --- which files, with which bytes ---------------------------------------------------------------------


def disk_text(root: Path, rel: str) -> str:
    """The text of a file the loader did not keep, read as the rules read it (never through a link, never
    more than the size limit; "" when it cannot be read)."""
    return read_text_under(root, rel, MAX_FILE_BYTES)


def published_items(root: Path, data: list[str], kept: Callable[[str], bytes | None], text: Reader) -> list[Item]:
    """Every file the site publishes: the data files ``data`` (relative paths), then ``mkdocs.yml`` and the
    site's own pages, each with the bytes to scan: ``kept`` (the loader's) where it has them, else its text
    as ``text`` reads it; None for an attachment or a page that is not text (its name alone is checked)."""
    pages = site_files(root, text)
    named_only = {rel for rel in pages if not is_text(rel)}
    items: list[Item] = []
    for rel in [*data, *pages]:
        if rel.startswith(ATTACHMENTS + "/") or rel in named_only:
            items.append((rel, None))
            continue
        raw = kept(rel)
        items.append((rel, raw if raw is not None else text(rel).encode("utf-8")))
    return items


# --- scanning ----------------------------------------------------------------------------------------------


def scan_one(item: Item) -> Result:
    """The guard's result for one file (see :data:`Result`)."""
    rel, raw = item
    hits = () if raw is None else tuple(scan_file(rel, raw.decode("utf-8", errors="replace")))
    return tuple(sorted(name_kinds(rel))), hits


def _scan_for_map(item: Item) -> Result | bytes:
    """In a worker, the result travels pickled anyway: pickle it once, for the cache too."""
    return pickle.dumps(scan_one(item), protocol=pickle.HIGHEST_PROTOCOL) if parallel.in_worker() else scan_one(item)


def scan_files(items: list[Item], *, cached: bool = True, pool: bool = True) -> list[Result]:
    """The guard's result for each file, in order: from the warm cache where it holds them (unless not
    ``cached``), the others scanned (in worker processes where that pays, unless not ``pool``)."""
    cache = record_cache.companion("privacy", _stamp()) if cached else None
    results: list[Result | None] = [None] * len(items)
    keys: list[bytes] = []
    missing: list[int] = []
    if cache is not None:
        cache.prepare(len(items))
        keys = [_key(item) for item in items]
        for index, key in enumerate(keys):
            blob = cache.get(key)
            if blob is not None:
                try:
                    results[index] = _checked(pickle.loads(blob))  # authenticated by the cache
                    continue
                except (ValueError, TypeError, pickle.UnpicklingError, EOFError, AttributeError, IndexError):
                    pass  # an entry we cannot read is scanned again
            missing.append(index)
    else:
        missing = list(range(len(items)))
    todo = [items[index] for index in missing]
    found_all = parallel.ordered_map(_scan_for_map, todo) if pool else map(scan_one, todo)
    for index, found in zip(missing, found_all, strict=True):
        result = _checked(pickle.loads(found)) if isinstance(found, bytes) else found
        results[index] = result
        if cache is not None:
            blob = found if isinstance(found, bytes) else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            cache.put(keys[index], blob)
    if cache is not None:
        cache.save()
    return [result for result in results if result is not None]


def _checked(value: object) -> Result:
    """A result as :func:`scan_one` gives it, or ValueError."""
    if (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple) and isinstance(value[1], tuple)
            and all(isinstance(kind, str) for kind in value[0]) and all(isinstance(hit, Hit) for hit in value[1])):
        return value
    raise ValueError("not a result of the privacy guard")


# --- ahead of the rule, in a process of its own ------------------------------------------------------------

AHEAD_MIN_FILES = parallel.POOL_MIN_ITEMS
"""A repository with fewer files is scanned in this process: forking would cost more than it saves."""


def _large(root: Path) -> bool:
    """Whether the data folders hold at least :data:`AHEAD_MIN_FILES` entries, counted two levels deep
    (``evidence/<obligation>/<file>``) and never through a link; counting stops there."""
    count = 0
    for folder in DATA_FOLDERS:
        pending = [root / folder]
        for depth in range(2):
            below = []
            for path in pending:
                if os.path.islink(path):
                    continue
                try:
                    with os.scandir(path) as entries:
                        for entry in entries:
                            count += 1
                            if depth == 0 and entry.is_dir(follow_symlinks=False):
                                below.append(Path(entry.path))
                except OSError:
                    continue
                if count >= AHEAD_MIN_FILES:
                    return True
            pending = below
    return False


def _loader_bytes(root: Path, rel: str) -> bytes | None:
    """A data file's bytes as the loader reads them (the walk entered no link; the file itself is opened
    without following one), None where the loader keeps none."""
    if rel != CONFIG_FILE and rel.split("/", 1)[0] not in DATA_FOLDERS:
        return None
    raw = read_bounded(os.path.join(root, rel))
    return raw if isinstance(raw, bytes) and len(raw) <= MAX_FILE_BYTES else None


def _ahead(root: Path, sender: Connection) -> None:
    """In the forked process: scan every published file as read from disk, send (path, key, result) of each."""
    try:
        items = published_items(root, data_files(root), lambda rel: _loader_bytes(root, rel),
                                lambda rel: disk_text(root, rel))
        results = scan_files(items, pool=False)
        sender.send_bytes(pickle.dumps([(item[0], _key(item), result) for item, result in zip(items, results,
                                                                                                 strict=True)],
                                       protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # anything: the check scans here instead
        sender.send_bytes(b"")
    finally:
        sender.close()
        os._exit(0)


class Ahead:
    """The guard's scan of a large repository, started in a forked process before the records are loaded
    (see the module); :meth:`results` collects it."""

    def __init__(self, process: BaseProcess, receiver: Connection) -> None:
        self._process = process
        self._receiver = receiver
        self._release = parallel.reserve(1)

    @classmethod
    def start(cls, root: Path) -> Ahead | None:
        """Start scanning ``root`` in a process of its own, when it is large and a core is free; else None."""
        if threading.active_count() > 1 or parallel.available() < 2 or not _large(root):
            return None
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_ahead, args=(root, sender), daemon=True)
        try:
            process.start()
        except OSError:
            return None
        sender.close()
        return cls(process, receiver)

    def results(self, items: list[Item]) -> list[Result | None]:
        """The result of each of ``items`` where the process scanned the same path and bytes, else None."""
        try:
            payload = self._receiver.recv_bytes()
            found = pickle.loads(payload) if payload else []  # our own fork's, through a pipe
        except (EOFError, OSError, pickle.UnpicklingError):
            found = []
        finally:
            self.close()
        by_path = {rel: (key, result) for rel, key, result in found}
        out: list[Result | None] = []
        for item in items:
            known = by_path.get(item[0])
            out.append(known[1] if known is not None and known[0] == _key(item) else None)
        return out

    def close(self) -> None:
        """Stop the process if it still runs, and give its core back."""
        self._release()
        self._release = lambda: None
        self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def scan_published(items: list[Item], ahead: Ahead | None) -> list[Result]:
    """The guard's result for each file: from the process ahead where it scanned the same bytes, the rest
    here (from the warm cache, or scanned)."""
    if ahead is None:
        return scan_files(items)
    found = ahead.results(items)
    missing = [index for index, result in enumerate(found) if result is None]
    for index, result in zip(missing, scan_files([items[index] for index in missing], cached=False), strict=True):
        found[index] = result
    return [result for result in found if result is not None]
