"""Both cores for a large repository: a function mapped over many items in worker processes, results in
the items' order, exactly as one process would give them.

A pool pays only where there is enough work and cores to spare: fewer than :data:`POOL_MIN_ITEMS` items,
a single core (or cores that other jobs keep busy, by the load average: there the pool's extra work of
sending results back costs wall time too), a platform without ``fork``, or a process that already runs
threads (``mkdocs serve``: forking it could copy a lock held by another thread) all run in this
process. ``POLICYTRACK_WORKERS`` fixes the number of processes whatever the load. Workers are forked,
so they start at once with everything this process has imported and loaded (the warm cache too), and
they pause the garbage collector as the loader does.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

POOL_MIN_ITEMS = 2_000
"""Below this many items, one process is faster than starting workers and sending results back."""
CHUNK = 250
"""Items sent to a worker at a time."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def workers() -> int:
    """How many processes may work at once: ``POLICYTRACK_WORKERS`` where set (1: no pool, for a machine
    whose cores are busy with other work), else the cores this process may use."""
    given = os.environ.get("POLICYTRACK_WORKERS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


_worker = False
_reserved = 0


def reserve(count: int) -> Callable[[], None]:
    """Keep ``count`` cores for other work of this command (a process of its own) until the function returned
    is called: :func:`ordered_map` uses that many fewer."""
    global _reserved
    _reserved += count
    released = False

    def release() -> None:
        global _reserved
        nonlocal released
        if not released:
            released = True
            _reserved -= count

    return release


def in_worker() -> bool:
    """True in a worker process of :func:`ordered_map` (whose results travel pickled anyway)."""
    return _worker


def _start_worker() -> None:
    global _worker
    _worker = True


def free_cores(count: int) -> int:
    """Of ``count`` cores, how many other work leaves free, by the load average of the last minute (one
    unit of which is taken to be this command's own, or the one run just before it)."""
    try:
        busy = max(0.0, os.getloadavg()[0] - 1.0)
    except (AttributeError, OSError):  # pragma: no cover - platforms without a load average
        return count
    return max(1, min(count, int(count - busy + 0.5)))


def available() -> int:
    """How many processes this command may run at once now: :func:`workers` (at most 8), fewer when other
    jobs keep cores busy (unless ``POLICYTRACK_WORKERS`` is set) and less those :func:`reserve` keeps."""
    count = min(workers(), 8)
    if "POLICYTRACK_WORKERS" not in os.environ:
        count = free_cores(count)
    return count - _reserved


def ordered_map(function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
    """``function`` applied to each item, in order: in worker processes when that pays (see the module)."""
    count = available()
    if len(items) < POOL_MIN_ITEMS or count < 2 or threading.active_count() > 1:
        yield from map(function, items)
        return
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        yield from map(function, items)
        return
    with multiprocessing.get_context("fork").Pool(count, initializer=_start_worker) as pool:
        yield from pool.imap(function, items, chunksize=CHUNK)
