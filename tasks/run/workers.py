"""A per-process pool of worker processes that each load the NER model once.

spaCy inference holds the GIL, so both cores only work with one process per core. The
pool lives as long as the process that created it (one flow run, or a bench), so the
model is loaded once per worker process, never per shard or per story. Workers are spawned
(not forked) because the parent runs Prefect's threads.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, wait

_lock = threading.Lock()
_pools: dict[tuple[int, str | None], ProcessPoolExecutor] = {}
_started: dict[tuple[int, str | None], tuple[float, list[Future]]] = {}
_warm_done = 0.0  # in a worker: when its model was loaded (time.time())


def default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def _warm(model: str | None) -> None:
    if model:
        from tasks import places
        from tasks.enrich.entities import lexicon
        from tasks.enrich.gemm import single_thread_blas

        single_thread_blas()  # one process per core already: BLAS threads would only contend

        # The model itself is loaded by the first shard that has a segment the NER cache does
        # not know (~1 s of CPU): a re-process run, served whole by the cache, never loads it.
        lexicon(model)  # from the per-user disk cache; loads the model when it is not there
        places.warm()
    # pyarrow imports pandas on the first date column it converts: ~1.3 s per process here
    # (PYTHONDONTWRITEBYTECODE, so every import compiles) that the first shard's write paid.
    import pandas  # noqa: F401

    # The dateline gazetteer (GeoNames + ISO, ~1-2 s) is built here, once per worker, rather
    # than inside the first shard's parse stage.
    from tasks.places import warm

    warm()

    # Signing needs datasketch (~0.8 s: it imports scipy), which tasks.dedup imports where used.
    import datasketch  # noqa: F401

    import tasks.parse.story
    import tasks.store.ner_cache  # noqa: F401

    # What start-up loaded (model, gazetteers, lexicon: millions of objects) lives as long as
    # the process: out of the collector's sight, full collections during shards stay cheap.
    gc.freeze()
    global _warm_done
    _warm_done = time.time()


def _ready() -> float:
    time.sleep(0.05)  # hold this worker a moment, so each ready call lands on its own worker
    return _warm_done


def prestart_pool(workers: int, model: str | None) -> None:
    """Spawn every worker and load the model now, in the background (returns at once).

    The flow's fixed costs then overlap: Prefect's server start-up and discovery run while
    the workers import spaCy and load the model, instead of one after the other.
    """
    key = (workers, model)
    with _lock:
        if key in _started and key in _pools:
            return
    t0 = time.time()
    pool = get_pool(workers, model)
    futures = [pool.submit(_ready) for _ in range(workers)]
    with _lock:
        _started[key] = (t0, futures)


def wait_ready(workers: int, model: str | None, timeout: float = 600.0) -> None:
    """Block until every prestarted worker has loaded its model (or failed to).

    Shards cannot start before that anyway; submitting them once every worker is ready
    hands the first ones to different workers, so a small run uses all of them.
    """
    with _lock:
        _, futures = _started.get((workers, model), (0.0, []))
    wait(futures, timeout=timeout)


def startup_seconds(workers: int, model: str | None) -> dict[str, float]:
    """Seconds from `prestart_pool` until the last worker had its model (for the manifest)."""
    with _lock:
        t0, futures = _started.get((workers, model), (0.0, []))
    done = [f.result() for f in futures if f.done() and not f.exception()]
    if not done or len(done) < len(futures):
        return {}
    return {"pool_ready": round(max(done) - t0, 3)}


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


def shutdown_pools(wait: bool = True, cancel_futures: bool = True) -> None:
    """Stop every pool's workers; `wait=False` lets them exit (~1 s: each tears down spaCy
    and pyarrow) while the caller goes on, e.g. with corpus-level resolution, and with
    `cancel_futures=False` work already submitted still runs first."""
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=wait, cancel_futures=cancel_futures)
        _pools.clear()
        _started.clear()


atexit.register(shutdown_pools)


def process_started() -> float:
    """When this process started (time.time()), for the manifest's start-up timings."""
    import psutil

    return psutil.Process().create_time()
