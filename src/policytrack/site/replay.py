"""The history charts' replays, made beside the pages: the status engine replayed on each date of the charts
(:func:`policytrack.status.history.status_series`) in forked worker processes while this process makes the
pages that need no chart, so a site build uses both cores for what was most of its time.

The replays of each date are independent, so the dates are split into contiguous runs, one per worker, and
the runs' series joined in date order: the same series, scope by scope, as one call over every date. The
workers run only where it pays and is safe (as :mod:`policytrack.model.parallel` decides for the loader: a
platform with ``fork``, no other thread running (``mkdocs serve``), more than one core, or
``POLICYTRACK_WORKERS`` above 1) and on enough work (:data:`MIN_REPLAYS`); otherwise, or when a worker fails, the
replay runs here when the series is asked for. Workers are forked, so they start at once with the loaded
repository and receive nothing pickled; only the counts travel back.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Sequence
from datetime import date

from policytrack.model.load import Repository
from policytrack.model.parallel import workers
from policytrack.status.history import COLUMNS, Series, status_series
from policytrack.status.readings import tally

MIN_REPLAYS = 20_000
"""Rows replayed (rows of the as-of date times dates) below which starting workers costs more than it saves."""

_job: tuple[Repository, list[list[date]]] | None = None
"""What the forked workers replay: set before they are forked, so nothing is pickled to them."""


def _replay(index: int) -> dict[str, Series]:
    assert _job is not None
    gc.disable()  # the worker ends after its run: collecting would only copy the parent's pages
    repo, runs = _job
    return status_series(repo, runs[index])


def _zeros() -> dict[str, int]:
    counts = tally([])
    return {"duties": counts.owed, **{column: counts[column] for column in COLUMNS[1:]}}


def join(parts: Sequence[dict[str, Series]], runs: Sequence[Sequence[date]]) -> dict[str, Series]:
    """The series of consecutive runs of dates as one: a scope a run has no duty in counts zero there."""
    series: dict[str, Series] = {}
    for scope in sorted({scope for part in parts for scope in part}):
        target = series[scope] = Series()
        for part, run in zip(parts, runs, strict=True):
            found = part.get(scope)
            target.dates.extend(run)
            target.counts.extend(found.counts if found is not None else [_zeros() for _ in run])
    return series


def _cores() -> int:
    # Unlike the loader's pool, whose results cost CPU to send back, a replay sends back a few counts: a
    # worker on a core other jobs keep busy costs no more CPU than the replay here, so the load is not asked.
    return min(workers(), 8)


def start(repo: Repository, dates: Sequence[date], rows: int) -> Callable[[], dict[str, Series]]:
    """Start replaying ``repo`` on ``dates`` (``rows``: duties as of the last date, a measure of the work);
    return the function that waits for the series (by scope, as :func:`status_series` gives them)."""
    global _job
    dates = list(dates)
    count = min(_cores(), len(dates))
    if count < 2 or rows * len(dates) < MIN_REPLAYS or threading.active_count() > 1:
        return lambda: status_series(repo, dates)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return lambda: status_series(repo, dates)
    size = -(-len(dates) // count)
    runs = [dates[index:index + size] for index in range(0, len(dates), size)]
    _job = (repo, runs)
    try:  # with fork, the first submission forks every worker
        pool = ProcessPoolExecutor(len(runs), mp_context=multiprocessing.get_context("fork"))
        pending = [pool.submit(_replay, index) for index in range(len(runs))]
    finally:
        _job = None  # the workers have their copy; this process keeps no second reference to the repository

    def wait() -> dict[str, Series]:
        try:
            parts = [item.result() for item in pending]
        except Exception:  # a worker that failed (killed, out of memory): replay here
            pool.shutdown(wait=False, cancel_futures=True)
            return status_series(repo, dates)
        pool.shutdown()
        return join(parts, runs)

    return wait
