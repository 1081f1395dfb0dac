"""The local worker processes that stage shards: one pool per (workers, model registry),
started early.

Why our own process pool rather than Prefect's `ProcessPoolTaskRunner` for the `local`
executor (docs/architecture.md, "Executors"): bench/throughput.py --shapes measured the
same 6,000 stories at 65.4 s with Prefect's runner and at the figure docs/operations.md gives
with this pool. Two things make the difference:

- the pool can be started before Prefect is imported and before its temporary server has
  booted (~8 s of a CLI run here): the workers load the model meanwhile. Prefect's runner
  starts its processes at the first task submitted, once the server answers;
- workers never import Prefect nor run its task engine (~3 core-s a worker per run).

Shards still run as Prefect task runs (flows.etl_tasks): a thread of the flow waits on the
pool. The pool lives until `release` (the end of a run's shards), so the next run in a
long-lived process gets workers that see its environment.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from tasks.run.warm import warm_worker

_LOCK = threading.Lock()
# keyed by (workers, the run's model registry: `RunRequest.ner_model`, one spelling of it):
# a worker loads each language's model once, for every run with the same registry
_POOLS: dict[tuple[int, str | None], ProcessPoolExecutor] = {}


def shared_pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    """The pool for (workers, model registry): created, and every worker spawned and warming,
    on first use (returns at once: a submitted shard waits for its worker's warm-up)."""
    key = (workers, model)
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            ctx = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=warm_worker, initargs=(model,)
            )
            with _main_module_hidden():  # a spawn pool starts every process at the first submit
                for _ in range(workers):
                    pool.submit(time.sleep, 0)
            _POOLS[key] = pool
        return pool


def submit_shard(workers: int, model: str | None, fn, *args) -> Future:
    return shared_pool(workers, model).submit(fn, *args)


def release(workers: int, model: str | None) -> None:
    """Let the pool's workers exit in the background (~1 s each: spaCy and pyarrow tear down)
    while the caller goes on with the corpus steps; work already submitted still runs."""
    with _LOCK:
        pool = _POOLS.pop((workers, model), None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=False)


def _shutdown_all() -> None:
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(_shutdown_all)


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Spawn workers without re-importing the parent's `__main__`.

    A spawned process imports the parent's main module first; for `python -m
    flows.wire_etl` that is the flow module, which imports Prefect (~1.5 s a worker) that a
    worker never uses. The shard functions live in importable modules, so nothing is lost.
    """
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__}
    main.__dict__.update(__spec__=None)
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.update(saved)
