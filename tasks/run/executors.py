"""Where shards are staged, without Prefect: this process, local worker processes, or Dask.

The engine's executor seam (`tasks.run.engine.Executor`). The Prefect flow runs shards as
Prefect tasks behind the same seam (`flows.etl_tasks.PrefectShards`); these serve callers
that run the engine directly (benches, tests, notebooks). Every executor stages with
`tasks.run.shard.stage_shard` and hands the staged shard back: the engine commits.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from concurrent.futures import as_completed

from tasks.run import pool, preflight
from tasks.run.engine import WORKER_NOTE
from tasks.run.request import RunRequest
from tasks.run.shard import ShardSpec, Staged, stage_shard
from tasks.run.warm import warm_worker

Outcome = tuple[ShardSpec, Staged | BaseException]


class InProcess:
    """Stage each shard here, one after the other (debugging, small runs, tests)."""

    def stage(self, specs: list[ShardSpec]) -> Iterator[Outcome]:
        for spec in specs:
            try:
                yield spec, stage_shard(spec)
            except Exception as exc:
                yield spec, exc


class LocalProcesses:
    """Spawned worker processes, each warmed once (model, gazetteer): spaCy holds the GIL, so
    both cores only work with one process per core (tasks.run.pool)."""

    def __init__(self, workers: int, model: str | None) -> None:
        self.workers, self.model = workers, model

    def stage(self, specs: list[ShardSpec]) -> Iterator[Outcome]:
        if not specs:
            return
        try:
            futures = {
                pool.submit_shard(self.workers, self.model, stage_shard, spec): spec
                for spec in specs
            }
            for future in as_completed(futures):
                yield futures[future], _outcome(future)
        finally:
            pool.release(self.workers, self.model)


class DaskCluster:
    """The workers of a running Dask cluster (`address` of its scheduler); each worker loads
    the model on its first shard and keeps it. Probed before the first shard is submitted
    (`preflight`); a worker killed mid-shard has its shard re-run by Dask on another worker
    (the same key: staging is rewritten whole, nothing was visible)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.client = None

    def preflight(self, specs: list[ShardSpec]) -> None:
        self.client = self.client or preflight.connect(self.address)
        try:
            preflight.check_workers(self.client, specs)
        except preflight.PreflightFailed:
            self.client.close()
            self.client = None
            raise

    def stage(self, specs: list[ShardSpec]) -> Iterator[Outcome]:
        if not specs:
            return
        from distributed import as_completed as dask_completed

        client, self.client = self.client or preflight.connect(self.address), None
        with client:
            futures = {
                client.submit(stage_noting_worker, spec, key=f"stage-{spec.commit_id}"): spec
                for spec in specs
            }
            for future in dask_completed(futures, loop=client.loop):
                spec = futures[future]
                yield spec, preflight.check_staged(spec, _outcome(future))


def stage_noting_worker(spec: ShardSpec) -> Staged:
    """`stage_shard`, with the worker it failed on noted on the exception (the run's failure
    line names it: a worker that cannot reach the storage is found at once). On a Dask
    worker, the process is first warmed once, as the local pool's are (`warm_worker`: one
    BLAS thread, the gazetteer and lexicon loaded, then frozen out of the collector's way).
    Measured: 500 Reuters stories with NER on one Dask worker took 19 CPU-seconds unwarmed
    (OpenBLAS on a thread per core), 8.7 warmed."""
    try:
        worker = _dask_worker()
        if worker is not None and spec.ner_model not in _WARMED:
            warm_worker(spec.ner_model)
            _WARMED.add(spec.ner_model)
        return stage_shard(spec)
    except Exception as exc:
        exc.add_note(f"{WORKER_NOTE}{worker_name()}")
        raise


_WARMED: set[str | None] = set()  # models this process was warmed for (a Dask worker's)


def worker_name() -> str:
    """`tcp://10.0.0.7:40123 (host)` on a Dask worker, `host pid 123` elsewhere."""
    worker = _dask_worker()
    if worker is not None:
        return f"{worker.address} ({socket.gethostname()})"
    return f"{socket.gethostname()} pid {os.getpid()}"


def _dask_worker():
    try:
        from distributed import get_worker

        return get_worker()
    except (ImportError, ValueError):
        return None


def executor_for(request: RunRequest) -> InProcess | LocalProcesses | DaskCluster:
    """The executor the request's `task_runner` names, for runs without Prefect:
    `run_pipeline(request, executor_for(request))`."""
    if request.task_runner == "in-process":
        return InProcess()
    if request.task_runner == "dask":
        return DaskCluster(request.dask_address or "")
    return LocalProcesses(request.worker_count, request.ner_model)


def _outcome(future) -> Staged | BaseException:
    try:
        return future.result()
    except Exception as exc:
        return exc
