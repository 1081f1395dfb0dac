"""The main flow: discover → plan → shards (parse, enrich, stage, commit) → summary.

Orchestration only: every step is a function in `tasks/`; this module adds Prefect
retries, caching, names, logging and the CLI (`python -m flows.wire_etl --help`).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    # `python -m flows.wire_etl` starts the CLI before this module imports Prefect (2-4 s),
    # so the head start (worker processes, model loading, first shards) begins at once. A
    # spawned worker re-imports the main module: with flows.cli as __main__ it imports the
    # light CLI module, not Prefect and the flow (2-3 s of CPU per worker, measured). The
    # CLI imports this module again, as flows.wire_etl, to run the flow.
    from flows import cli

    sys.modules["__main__"] = cli
    sys.exit(cli.run_program())

import hashlib
import time
from dataclasses import replace

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.cli import build_parser, main  # noqa: F401  (the documented CLI entry points)
from flows.etl_tasks import (
    TASK_RUNNERS,
    _rename_flow_run,
    _result_storage,
    _shard_runner,
    _stage_of,
    cluster_stories,
    commit_discovery_rejects,
    discover,
    process_shard,
    prune_deleted_sources,
    resolve_entities,
    summarise,
)
from tasks.dedup.clustering import EARLY_PLAN_MAX, plan_clusters
from tasks.dedup.signature import DedupSettings
from tasks.enrich.resolve import prewarm_in_background
from tasks.run.headstart import claim, discard_unclaimed, run_request
from tasks.run.runlog import (
    build_manifest,
    new_run,
)
from tasks.run.shard import ShardSpec
from tasks.run.workers import (
    default_workers,
    get_pool,
    prestart_pool,
    process_started,
    shutdown_pools,
    startup_seconds,
    wait_ready,
)
from tasks.settings import DEFAULT_MODEL, DEFAULT_SHARD_SIZE, Limits


def _run_name() -> str:
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    return f"wire-etl {flow_run.scheduled_start_time:%Y-%m-%dT%H:%M} {params.get('raw_dir', '')}"


@flow(name="wire-etl", flow_run_name=_run_name, task_runner=ThreadPoolTaskRunner(max_workers=4))
def wire_etl(
    raw_dir: str = "data/raw",
    out_dir: str = "data/processed",
    shard_size: int = DEFAULT_SHARD_SIZE,
    enrich: bool = True,
    model: str = DEFAULT_MODEL,
    reprocess: str | None = None,
    workers: int = 0,
    in_process: bool = False,
    max_file_mb: int = Limits.max_file_bytes // 2**20,
    task_runner: str = "local",
    dask_address: str | None = None,
    prune_deleted: bool = False,
    dedup_threshold: float = 0.8,
) -> dict:
    """Ingest raw wire copy under `raw_dir` into Parquet datasets under `out_dir`.

    Args:
        raw_dir: folder (or fsspec URL) holding *.txt, *.txt.gz and *.jsonl, searched recursively.
        out_dir: folder (or fsspec URL) for the datasets, ledger and run manifests.
        shard_size: stories per shard task; 0 = auto (two shards per worker or more, at most
            500 with NER, 2,500 parse-only: a task run costs tens of milliseconds).
        enrich: run named-entity enrichment (off = parse only).
        model: spaCy pipeline name or path used for NER.
        reprocess: `all`, `YYYY-MM-DD` or `YYYY-MM-DD:YYYY-MM-DD` to redo committed stories.
        workers: worker processes for parse + NER (0 = one per core).
        in_process: run shards in the task's own process (for Dask workers and debugging).
        max_file_mb: raw files larger than this are rejected as `too_large` unread.
        task_runner: `local` (threads + a worker process per core, the default) or `dask`:
            shards run on the workers of the existing Dask cluster at `dask_address`
            (in their own process; each Dask worker loads the model once). Workers must be
            able to import this project and reach `raw_dir`, `out_dir` and the Prefect API.
        dask_address: scheduler address for `task_runner="dask"` (e.g. tcp://10.0.0.5:8786).
        prune_deleted: remove the rows of raw files that no longer exist (history is kept
            by default, so an unmounted raw folder can never wipe the datasets).
        dedup_threshold: near-duplicate threshold, estimated Jaccard of word 5-shingles.
    """
    if task_runner not in TASK_RUNNERS:
        raise ValueError(f"task_runner must be one of {TASK_RUNNERS}, got {task_runner!r}")
    if task_runner == "dask" and not dask_address:
        raise ValueError("task_runner='dask' needs dask_address (an existing cluster's scheduler)")
    logger = get_run_logger()
    workers = workers or default_workers()
    request = run_request(
        raw_dir,
        out_dir,
        enrich=enrich,
        model=model,
        max_file_mb=max_file_mb,
        shard_size=shard_size,
        reprocess=reprocess,
        workers=workers,
    )
    limits, model_v = request.limits, request.model_version
    local = task_runner == "local" and not in_process
    head = claim(request) if local else None  # the CLI's head start: its shards are staging
    run = head.run if head else new_run(request.parser_version, model_v or None)
    if head and head.recovered:
        logger.info("finished %d interrupted commit(s) before planning", head.recovered)
    pool_key = (workers, model if enrich else None)
    if local:
        prestart_pool(*pool_key)  # no-op when the CLI already started it
    t_flow = time.time()
    t0 = time.perf_counter()
    plan, prior = discover(
        raw_dir,
        out_dir,
        limits,
        run.parser_version,
        model_v,
        shard_size,
        reprocess,
        workers,
        # read again: only files changed since; quoted: Prefect would visit every file in it
        quote(head.discovery if head else None),
    )
    plan.discovery = None  # every file seen: needed by no later discovery of this run
    if head:
        head.discovery = None
    stage_seconds = {  # wall time, task overhead included
        "process_to_flow": t_flow - process_started(),  # imports + Prefect server start
        "discover": time.perf_counter() - t0,
    }
    _rename_flow_run(f"wire-etl {run.started_at:%Y-%m-%dT%H:%M} ({plan.records_new} new)")
    n = len(plan.shards)
    base = ShardSpec(0, n, (), out_dir, run, enrich, model, limits)
    discovery = commit_discovery_rejects(base, plan) if plan.discovery_rejects else None
    if prune_deleted:
        prune_deleted_sources(out_dir, run, plan.present)
    summaries, failures = [], []
    shard_task = process_shard.with_options(result_storage=_result_storage(out_dir))
    if plan.shards:  # returns at once when no pool was prestarted (in_process, dask)
        wait_ready(*pool_key)
    if enrich and plan.shards:
        prewarm_in_background()  # for resolve_entities, while the shards run
    with _shard_runner(task_runner, dask_address, shard_task) as submit:
        futures = []
        for i, shard in enumerate(plan.shards, start=1):
            items = tuple(shard)
            spec = replace(base, shard_no=i, items=items)
            key = "\n".join(
                f"{it.input.source_path}\0{prior.get(it.input.source_path)}" for it in items
            )
            futures.append(
                submit(
                    spec=spec,
                    prior=hashlib.sha256(key.encode()).hexdigest(),
                    workers=workers,
                    in_process=in_process or task_runner == "dask",
                )
            )
        for i, fut in enumerate(futures, start=1):
            try:
                summaries.append(fut.result())
            except Exception as exc:  # the run goes on; committed shards stay committed
                inputs = [it.input.source_path for it in plan.shards[i - 1]]
                paths = ", ".join(inputs[:5]) + ("…" if len(inputs) > 5 else "")
                failures.append(
                    f"shard {i}/{n} ({paths}) failed at stage {_stage_of(exc)}: "
                    f"{type(exc).__name__}: {exc}"
                )
                logger.error("%s", failures[-1])
    stage_seconds["shards"] = time.perf_counter() - t0 - stage_seconds["discover"]
    head_start = discard_unclaimed()  # staged shards the flow did not adopt
    stage_seconds.update(startup_seconds(*pool_key))
    # Clustering reads while resolution holds the lock: a worker plans it meanwhile.
    settings = DedupSettings(threshold=dedup_threshold)
    early = None
    if local and enrich and 0 < plan.records_new <= EARLY_PLAN_MAX:
        early = get_pool(*pool_key).submit(plan_clusters, out_dir, settings)
    # Worker processes live for one flow run: the next run (in a long-lived process) gets
    # fresh ones that see its environment (credentials, model settings). They exit in the
    # background once the clustering plan is made, every shard being over.
    shutdown_pools(wait=False, cancel_futures=False)
    if enrich:  # corpus-level: one catalog and one id per entity over all committed rows
        resolve_entities(out_dir, run)
    # Once per run, after the shards: copies, versions and near-duplicates into clusters.
    dedup, cluster_error = {}, None
    try:
        dedup = cluster_stories(out_dir, run, settings, early)
    except Exception as exc:  # the rows stay committed, unclustered: the next run clusters them
        cluster_error = f"clustering failed: {type(exc).__name__}: {exc}"
        logger.error("%s", cluster_error)
    manifest = build_manifest(
        run,
        raw_dir,
        out_dir,
        plan,
        discovery,
        summaries,
        failures + [cluster_error] * bool(cluster_error),
        stage_seconds,
    )
    manifest["dedup"] = dedup
    manifest["head_start"] = head_start
    summarise(manifest, out_dir)
    if failures:
        raise RuntimeError(f"{len(failures)} of {n} shards failed; re-run to redo only them")
    if cluster_error:
        raise RuntimeError(f"{cluster_error}; the next run clusters the pending stories")
    return manifest
