"""A per-process pool of worker processes that each load the NER model once.

spaCy inference holds the GIL, so both cores only work with one process per core. The
pool lives as long as the process that created it (one flow run, or a bench), so the
model is loaded once per worker process, never per shard or per story. Workers are spawned
(not forked) because the parent runs Prefect's threads.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

_lock = threading.Lock()
_pools: dict[tuple[int, str | None], ProcessPoolExecutor] = {}


def default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def _warm(model: str | None) -> None:
    if model:
        from tasks.enrich.entities import load_nlp

        load_nlp(model)
    # pyarrow imports pandas on the first date column it converts: ~1.3 s per process here
    # (PYTHONDONTWRITEBYTECODE, so every import compiles) that the first shard's write paid.
    import pandas  # noqa: F401

    # The dateline gazetteer (GeoNames + ISO, ~1-2 s) is built here, once per worker, rather
    # than inside the first shard's parse stage.
    from tasks.parse.gazetteer import gazetteer

    gazetteer()


def get_pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    """The process pool for (workers, model), created on first use."""
    key = (workers, model)
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            ctx = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_warm, initargs=(model,)
            )
            _pools[key] = pool
        return pool


def shutdown_pools() -> None:
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        _pools.clear()


atexit.register(shutdown_pools)
