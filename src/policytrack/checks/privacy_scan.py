"""The privacy guard over every file the site publishes, each file once: its result kept in the warm cache.

A file's result (the kinds of personal data in its name, and the hits in its text) depends on its path, its
bytes and the guard's code only. So it is kept in the warm cache beside the loaded records, under the hash
of the path and bytes, and signed with the fingerprint of the guard's sources: a re-check after one file
changed scans that file alone, and a change to any pattern scans every file again. The files the cache does
not hold are scanned in both cores for a large repository (:func:`~policytrack.model.parallel.ordered_map`),
their results in the files' order.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

from policytrack.checks.privacy import Hit, name_kinds
from policytrack.checks.privacy_sources import scan_file
from policytrack.model import cache as record_cache
from policytrack.model.parallel import in_worker, ordered_map

Result = tuple[tuple[str, ...], tuple[Hit, ...]]
"""What the guard finds in one file: the kinds of personal data in its name (sorted), and its hits."""

Item = tuple[str, bytes | None]
"""A file to scan: its path, and its bytes (None: its name alone is checked)."""

_SOURCES = ("privacy.py", "privacy_patterns.py", "privacy_sources.py", "privacy_scan.py")


@functools.cache
def _stamp() -> bytes:
    """The digest of the guard's sources: the results of other code are never reused."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes())
    return digest.digest()


def _key(item: Item) -> bytes:
    rel, raw = item
    digest = hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=20, person=b"privacy")
    digest.update(b"\0" if raw is None else b"\1" + raw)
    return digest.digest()


def scan_one(item: Item) -> Result:
    """The guard's result for one file (see :data:`Result`)."""
    rel, raw = item
    hits = () if raw is None else tuple(scan_file(rel, raw.decode("utf-8", errors="replace")))
    return tuple(sorted(name_kinds(rel))), hits


def _scan_pickled(item: Item) -> bytes:
    return pickle.dumps(scan_one(item), protocol=pickle.HIGHEST_PROTOCOL)


def _scan_for_map(item: Item) -> Result | bytes:
    """In a worker, the result travels pickled anyway: pickle it once, for the cache too."""
    return _scan_pickled(item) if in_worker() else scan_one(item)


def scan_files(files: list[str], read: Callable[[str], bytes | None]) -> list[Result]:
    """The guard's result for each of ``files`` (relative paths), in order; ``read`` gives a file's bytes, or
    None for a file whose name alone is checked (an attachment, an image)."""
    items = [(rel, read(rel)) for rel in files]
    cache = record_cache.companion("privacy", _stamp())
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
    for index, found in zip(missing, ordered_map(_scan_for_map, [items[index] for index in missing]), strict=True):
        blob = found if isinstance(found, bytes) else None
        result = _checked(pickle.loads(found)) if isinstance(found, bytes) else found
        results[index] = result
        if cache is not None:
            cache.put(keys[index], blob if blob is not None else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    if cache is not None:
        cache.save()
    return [result for result in results if result is not None]


def _checked(value: object) -> Result:
    """A result as :func:`scan_one` gives it, or ValueError."""
    if (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple) and isinstance(value[1], tuple)
            and all(isinstance(kind, str) for kind in value[0]) and all(isinstance(hit, Hit) for hit in value[1])):
        return value
    raise ValueError("not a result of the privacy guard")
