"""The run engine's steps as Prefect tasks, and Prefect's task runners as its executor.

`PREFECT_STEPS` wraps each plain step of `tasks.run.steps` with retries, a name and logs;
`prefect_shards` runs each shard as a Prefect task run on the request's task runner: threads
waiting on this machine's worker processes (`local`), one thread (`in-process`), or
prefect-dask's `DaskTaskRunner`. The engine commits what they stage (tasks.run.engine).
With `dask`, the Prefect task engine runs on the Dask workers: they are probed first
(`tasks.run.preflight`: the project, the model, the storage and this run's Prefect API).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.futures import as_completed
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from tasks.run import pool, preflight
from tasks.run import steps as S
from tasks.run.engine import Steps
from tasks.run.executors import stage_noting_worker
from tasks.run.request import RunRequest
from tasks.run.runlog import markdown_summary
from tasks.run.shard import ShardSpec, Staged, stage_shard
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo

# The engine's steps log to "wirecopy.*"; prefect.toml's `logging.extra_loggers` sends those
# lines to the flow run's log, which shows them at INFO like Prefect's own.
logging.getLogger("wirecopy").setLevel(logging.INFO)

IO_RETRIES = {"retries": 2, "retry_delay_seconds": [2, 10], "retry_jitter_factor": 0.5}


def _shard_cache_key(ctx: Any, params: dict[str, Any]) -> str:
    """Flow run + content hashes of the shard's inputs + code/model versions + prior ledger.

    A path argument does not capture a file's content, so the key is built from the sha256 of
    every input; `spec.prior` (the ledger's fingerprints for those paths) keeps an A→B→A edit
    from hitting A's old entry. Scoped to the flow run (like Prefect's default policy): what a
    *new* run redoes is the ledger's job; the cache serves retries of the same flow run
    (`prefect flow-run retry`), which then skip the shards that had staged.
    """
    spec: ShardSpec = params["spec"]
    h = hashlib.sha256()
    flow_run_id = getattr(getattr(ctx, "task_run", None), "flow_run_id", None)
    h.update(f"{flow_run_id}\n".encode())
    for item in spec.items:
        h.update(f"{item.input.source_path}\0{item.input.sha256}\0{item.skip_indices}".encode())
        h.update(f"\0{item.part}\n".encode())  # record ranges of one file are distinct shards
    h.update(f"{spec.out_url}\0{spec.run.parser_version}\0{spec.run.model_version}".encode())
    h.update(f"\0{spec.enrich}\0{spec.prior}".encode())
    return f"wirecopy-shard-{h.hexdigest()}"


@task(
    name="stage-shard",
    task_run_name="shard {spec.shard_no}/{spec.n_shards}",
    cache_key_fn=_shard_cache_key,
    persist_result=True,
    **IO_RETRIES,
)
def stage_shard_task(spec: ShardSpec, workers: int = 0) -> Staged:
    """Read, parse, enrich and sign a shard, and write its rows to staging (not visible):
    in one of this machine's `workers` worker processes (tasks.run.pool), or here (0: the
    in-process executor, or a Dask worker)."""
    if workers:
        staged, summary = pool.submit_shard(workers, spec.ner_model, stage_shard, spec).result()
    else:
        staged, summary = stage_noting_worker(spec)
    if summary.copies_reused:
        get_run_logger().info(
            "shard %d: %d exact copies reused NER", spec.shard_no, summary.copies_reused
        )
    return staged, summary


# What a Dask worker imports to run a shard as a Prefect task run: the task's module, and
# prefect-dask's wrapper that runs Prefect's task engine there.
DASK_WORKER_MODULES = (*preflight.SHARD_MODULES, "flows.etl_tasks", "prefect_dask")


class PrefectShards:
    """The engine's executor: each shard a Prefect task run. The task runner starts at the
    first shard (`start_runner`): a run with nothing new never connects to a cluster."""

    def __init__(self, start_runner: Any, shard_task: Any, request: RunRequest) -> None:
        self.start_runner, self.task, self.request = start_runner, shard_task, request
        self.local = request.task_runner == "local"
        self.runner: Any = None

    def preflight(self, specs: list[ShardSpec]) -> None:
        """Probe the Dask workers (the other runners stage on this machine)."""
        if self.request.task_runner != "dask":
            return
        with preflight.connect(self.request.dask_address or "") as client:
            preflight.check_workers(client, specs, DASK_WORKER_MODULES, PREFECT_API_URL.value())

    def stage(self, specs: list[ShardSpec]) -> Iterator[tuple[ShardSpec, Any]]:
        # Quoted, Prefect does not walk every item of every spec looking for futures (~13 ms
        # a spec); not for Dask, whose graph would take the quote (a tuple) apart.
        wrap = (lambda spec: spec) if self.request.task_runner == "dask" else quote
        workers = self.request.worker_count if self.local else 0
        if specs:  # nothing new: the runner (a cluster's client) is never started
            self.runner = self.runner or self.start_runner()
        futures = {
            self.runner.submit(self.task, {"spec": wrap(spec), "workers": workers}): spec
            for spec in specs
        }
        try:
            for future in as_completed(list(futures)):
                spec = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:
                    outcome = exc
                if self.request.task_runner == "dask":  # a worker may not see the raw files
                    outcome = preflight.check_staged(spec, outcome)
                yield spec, outcome
        finally:
            if self.local:  # the workers exit while the corpus steps run
                pool.release(workers, self.request.ner_model)


def task_runner_for(request: RunRequest) -> Any:
    """The Prefect task runner the request's shard task runs are submitted to.

    `local`: threads of the flow, each waiting on a shard staged by this machine's worker
    processes (tasks.run.pool: started early, never importing Prefect; measured faster than
    Prefect's ProcessPoolTaskRunner, see that module). `dask`: prefect-dask's runner on the
    cluster's workers. `in-process`: one thread, shards staged in this process.
    """
    if request.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=request.dask_address)
    if request.task_runner == "in-process":
        return ThreadPoolTaskRunner(max_workers=1)
    return ThreadPoolTaskRunner(max_workers=2 * request.worker_count)


@contextlib.contextmanager
def prefect_shards(request: RunRequest) -> Iterator[PrefectShards]:
    """Start the request's task runner for the run's shards; stopped when the run ends."""
    shard_task = stage_shard_task.with_options(result_storage=result_storage(request.out_dir))
    with _api_for_workers(), contextlib.ExitStack() as stack:
        yield PrefectShards(
            lambda: stack.enter_context(task_runner_for(request)), shard_task, request
        )


@contextlib.contextmanager
def _api_for_workers() -> Iterator[None]:
    """Name this run's API in the settings the task runner hands its worker processes.

    With no PREFECT_API_URL, the API is the temporary server Prefect started in this process,
    and a process pool passes its workers only the settings and the environment: each worker
    would start (and migrate) a temporary server of its own, and its task runs would land
    there instead of in this flow run.
    """
    if PREFECT_API_URL.value():
        yield
        return
    with get_client(sync_client=True) as client:
        url = str(client.api_url)
    with temporary_settings({PREFECT_API_URL: url}):
        yield


def result_storage(out_dir: str) -> Any:
    """Where shard results persist: `<out>/_prefect_results` for a local out folder (so they
    live and die with the ledger), else the block named by WIRECOPY_RESULT_STORAGE (e.g.
    `s3-bucket/wirecopy-results`), else Prefect's default (PREFECT_LOCAL_STORAGE_PATH)."""
    store = Store(out_dir)
    if store.is_local:
        return Path(store.result_dir())
    return os.environ.get("WIRECOPY_RESULT_STORAGE") or None


@task(name="publish-run", cache_policy=NO_CACHE)
def publish(manifest: dict) -> dict:
    """Write the manifest, check the accounting, and show the run in Prefect's UI."""
    S.publish(manifest)
    create_markdown_artifact(
        markdown_summary(manifest),
        key="wire-etl-summary",
        description="inputs, rows, rejects and timings of this run",
    )
    create_table_artifact(
        [{"check": k, "value": v} for k, v in manifest["inputs"].items()],
        key="wire-etl-reconciliation",
        description="inputs seen = stories + rejected + unchanged",
    )
    if manifest["reject_samples"]:
        create_table_artifact(
            manifest["reject_samples"],
            key="wire-etl-rejects",
            description="rejected inputs of this run (first 50)",
        )
    return manifest


def _step(name: str, fn: Any, retries: bool = True) -> Any:
    return task(fn, name=name, cache_policy=NO_CACHE, **(IO_RETRIES if retries else {}))


@task(name="discover", cache_policy=NO_CACHE, **IO_RETRIES)
def discover(request: RunRequest, run: RunInfo) -> S.Discovered:
    """List and hash the raw inputs, keep what the ledger lacks, and plan the shards."""
    found = S.discover(request, run)
    rename_flow_run(f"wire-etl {run.started_at:%Y-%m-%dT%H:%M} ({found.plan.records_new} new)")
    return found


PREFECT_STEPS = Steps(
    discover=discover,
    reject_discovered=_step("commit-discovery-rejects", S.reject_discovered),
    prune_deleted=_step("prune-deleted-sources", S.prune_deleted),
    resolve_entities=_step("resolve-entities", S.resolve_entities),
    cluster_stories=_step("cluster-stories", S.cluster_stories),
    publish=publish,
)


def rename_flow_run(name: str) -> None:
    """Say in the UI what a run processes (`wire-etl 2026-11-28T03:15 (42 new)`)."""
    from prefect.runtime import flow_run

    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(flow_run.id, name=name)
    except Exception as exc:  # cosmetic: never fail a run over its name
        get_run_logger().debug("could not rename flow run: %s", exc)
