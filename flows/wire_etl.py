"""The main flow: discover → plan → shards (parse, enrich, stage, commit) → summary.

Orchestration only: every step is a function in `tasks/`; this module adds Prefect
retries, caching, names, logging and the CLI (`python -m flows.wire_etl --help`).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from tasks import commit as commits
from tasks.discovery import discover_inputs
from tasks.ledger import current_state, read_ledger_files
from tasks.lock import out_lock
from tasks.plan import (
    DEFAULT_SHARD_SIZE,
    NER_SHARD_CAP,
    PARSE_SHARD_CAP,
    Plan,
    Reprocess,
    plan_run,
)
from tasks.rows import RunInfo
from tasks.runlog import build_manifest, check_accounting, markdown_summary, new_run, summary_line
from tasks.settings import DEFAULT_MODEL, Limits
from tasks.shard import (
    STAGE_NOTE,
    ShardItem,
    ShardSpec,
    ShardSummary,
    stage_and_commit,
    stage_discovery_rejects,
)
from tasks.store import Store
from tasks.version import PARSER_VERSION, model_version
from tasks.workers import default_workers, get_pool, shutdown_pools

IO_RETRIES = {"retries": 2, "retry_delay_seconds": [2, 10], "retry_jitter_factor": 0.5}
TASK_RUNNERS = ("local", "dask")


@task(name="discover", cache_policy=NO_CACHE, **IO_RETRIES)
def discover(
    raw_dir: str,
    out_dir: str,
    limits: Limits,
    model_v: str,
    shard_size: int,
    reprocess: str | None,
    workers: int = 1,
) -> tuple[Plan, dict]:
    """List raw inputs, hash them, and keep only what the ledger does not already hold."""
    store = Store(out_dir)
    found = discover_inputs(raw_dir, limits)
    with out_lock(store):  # a consistent ledger: another run may be compacting it
        recovered = commits.recover(store)
        state = current_state(read_ledger_files(store.fs, store.ledger_files()))
    again = Reprocess.parse(reprocess)
    plan = plan_run(found, state, PARSER_VERSION, model_v, shard_size, again, workers)
    prior = {p: e.fingerprint for (p, _), e in state.items()}
    get_run_logger().info(
        "discovered %d files (%d inputs): %d new inputs in %d shards, %d unchanged, %d deferred%s",
        plan.files_seen,
        plan.records_seen,
        plan.records_new,
        len(plan.shards),
        plan.records_unchanged,
        len(plan.files_deferred),
        f"; finished {recovered} interrupted commit(s)" if recovered else "",
    )
    return plan, prior


def _shard_cache_key(ctx: Any, params: dict[str, Any]) -> str:
    """Flow run + content hashes of the shard's inputs + code/model versions + prior ledger.

    A path argument does not capture a file's content, so the key is built from the sha256 of
    every input; `prior` (the ledger's fingerprints for those paths) keeps an A→B→A edit from
    hitting A's old cache entry. The key is scoped to the flow run (like Prefect's default
    policy): a cached summary only says "committed" and carries no data, so a hit in a *new*
    run whose ledger lacks those records (out folder wiped, `--reprocess` twice) would skip
    the work and report rows that were never written. What a new run redoes is the ledger's
    job; the cache only serves retries of the same flow run.
    """
    spec: ShardSpec = params["spec"]
    h = hashlib.sha256()
    flow_run_id = getattr(getattr(ctx, "task_run", None), "flow_run_id", None)
    h.update(f"{flow_run_id}\n".encode())
    for item in spec.items:
        h.update(f"{item.input.source_path}\0{item.input.sha256}\0{item.skip_indices}\n".encode())
    h.update(f"{spec.out_url}\0{spec.run.parser_version}\0{spec.run.model_version}".encode())
    h.update(f"\0{spec.enrich}\0{params.get('prior', '')}".encode())
    return f"wirecopy-shard-{h.hexdigest()}"


@task(
    name="process-shard",
    task_run_name="shard {spec.shard_no}/{spec.n_shards}",
    cache_key_fn=_shard_cache_key,
    persist_result=True,
    **IO_RETRIES,
)
def process_shard(spec: ShardSpec, prior: str, workers: int, in_process: bool) -> ShardSummary:
    """Parse + enrich a shard in a worker process, which then commits it atomically."""
    logger = get_run_logger()
    with _failing_stage("stage_shard"):  # tasks.shard names the finer stage (read/parse/...)
        if in_process:
            summary = stage_and_commit(spec)
        else:
            pool = get_pool(workers, spec.model if spec.enrich else None)
            summary = pool.submit(stage_and_commit, spec).result()
    logger.info(
        "shard %d/%d: %d stories, %d rejected, %d quotes, %d entities%s",
        spec.shard_no,
        spec.n_shards,
        summary.stories,
        summary.records - summary.stories,
        summary.quotes,
        summary.entities,
        f", {summary.rows_replaced} older rows replaced" if summary.rows_replaced else "",
    )
    return summary


@contextlib.contextmanager
def _failing_stage(stage: str) -> Iterator[None]:
    """Tag an exception with the stage it escaped from, unless a finer stage already did.

    A failed run's log must say which stage broke; the note survives pickling (process pool)
    and Prefect's retries, unlike a wrapper exception that would hide the original type.
    """
    try:
        yield
    except Exception as exc:
        if not any(n.startswith(STAGE_NOTE) for n in getattr(exc, "__notes__", ())):
            exc.add_note(f"{STAGE_NOTE}{stage}")
        raise


def _stage_of(exc: BaseException) -> str:
    notes = [n for n in getattr(exc, "__notes__", ()) if n.startswith(STAGE_NOTE)]
    return notes[0].removeprefix(STAGE_NOTE) if notes else "unknown (see the task's log)"


@task(name="commit-discovery-rejects", cache_policy=NO_CACHE, **IO_RETRIES)
def commit_discovery_rejects(spec: ShardSpec, plan: Plan) -> ShardSummary:
    staged, summary = stage_discovery_rejects(spec, plan.discovery_rejects)
    store = Store(spec.out_url)
    with out_lock(store):
        commits.commit(store, staged)
    summary.committed = True
    for rej in plan.discovery_rejects:
        get_run_logger().warning("rejected %s: %s (%s)", rej.source_path, rej.reason, rej.detail)
    return summary


@task(name="prune-deleted-sources", cache_policy=NO_CACHE, **IO_RETRIES)
def prune_deleted_sources(out_dir: str, run: RunInfo, present: set[str]) -> int:
    """Drop the rows of raw files that no longer exist (only when asked: --prune-deleted)."""
    store = Store(out_dir)
    with out_lock(store):
        pruned = commits.prune_missing(store, run, present, f"{run.run_id}-prune")
    get_run_logger().info("pruned %d records whose raw file is gone", pruned)
    return pruned


@task(name="summarise-run", cache_policy=NO_CACHE)
def summarise(manifest: dict, out_dir: str) -> dict:
    """Write the manifest, publish artifacts, then check the accounting invariant."""
    store = Store(out_dir)
    store.write_json(store.manifest_file(manifest["run_id"]), manifest)
    with out_lock(store):
        merged = commits.compact_ledger(store, f"{manifest['run_id']}-ledger")
    if merged:
        get_run_logger().info("merged %d ledger files into one", merged)
    create_markdown_artifact(
        markdown_summary(manifest),
        key="wire-etl-summary",
        description="inputs, rows, rejects and timings of this run",
    )
    rows = [{"check": k, "value": v} for k, v in manifest["inputs"].items()]
    create_table_artifact(
        rows,
        key="wire-etl-reconciliation",
        description="inputs seen = stories + rejected + unchanged",
    )
    if manifest["reject_samples"]:
        create_table_artifact(
            manifest["reject_samples"],
            key="wire-etl-rejects",
            description="rejected inputs of this run (first 50)",
        )
    check_accounting(manifest)
    get_run_logger().info("accounting ok: %s", summary_line(manifest))
    return manifest


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
    """
    if task_runner not in TASK_RUNNERS:
        raise ValueError(f"task_runner must be one of {TASK_RUNNERS}, got {task_runner!r}")
    if task_runner == "dask" and not dask_address:
        raise ValueError("task_runner='dask' needs dask_address (an existing cluster's scheduler)")
    logger = get_run_logger()
    limits = replace(Limits(), max_file_bytes=max_file_mb * 2**20)
    model_v = model_version(model) if enrich else ""
    run = new_run(PARSER_VERSION, model_v or None)
    workers = workers or default_workers()
    t0 = time.perf_counter()
    plan, prior = discover(raw_dir, out_dir, limits, model_v, shard_size, reprocess, workers)
    stage_seconds = {"discover": time.perf_counter() - t0}  # wall time, task overhead included
    _rename_flow_run(f"wire-etl {run.started_at:%Y-%m-%dT%H:%M} ({plan.records_new} new)")
    n = len(plan.shards)
    base = ShardSpec(0, n, (), out_dir, run, enrich, model, limits)
    discovery = commit_discovery_rejects(base, plan) if plan.discovery_rejects else None
    if prune_deleted:
        prune_deleted_sources(out_dir, run, plan.present)
    summaries, failures = [], []
    shard_task = process_shard.with_options(result_storage=_result_storage(out_dir))
    with _shard_runner(task_runner, dask_address, shard_task) as submit:
        futures = []
        for i, shard in enumerate(plan.shards, start=1):
            items = tuple(ShardItem(inp, skip) for inp, skip in shard)
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
                inputs = [inp.source_path for inp, _ in plan.shards[i - 1]]
                paths = ", ".join(inputs[:5]) + ("…" if len(inputs) > 5 else "")
                failures.append(
                    f"shard {i}/{n} ({paths}) failed at stage {_stage_of(exc)}: "
                    f"{type(exc).__name__}: {exc}"
                )
                logger.error("%s", failures[-1])
    # Worker processes live for one flow run: the next run (in a long-lived process) gets
    # fresh ones that see its environment (credentials, model settings).
    shutdown_pools()
    manifest = build_manifest(
        run, raw_dir, out_dir, plan, discovery, summaries, failures, stage_seconds
    )
    summarise(manifest, out_dir)
    if failures:
        raise RuntimeError(f"{len(failures)} of {n} shards failed; re-run to redo only them")
    return manifest


def _result_storage(out_dir: str) -> Any:
    """Where shard results persist: `<out>/_prefect_results` for a local out folder (so they
    live and die with the ledger), else the block named by WIRECOPY_RESULT_STORAGE (e.g.
    `s3-bucket/wirecopy-results`), else Prefect's default (PREFECT_LOCAL_STORAGE_PATH)."""
    store = Store(out_dir)
    if store.is_local:
        return Path(store.result_dir())
    return os.environ.get("WIRECOPY_RESULT_STORAGE") or None


@contextlib.contextmanager
def _shard_runner(
    kind: str, address: str | None, shard_task: Any = None
) -> Iterator[Callable[..., Any]]:
    """`submit(**params) -> future` for shard tasks: the flow's own runner, or a Dask cluster.

    The Dask runner is entered here (not in `@flow(task_runner=...)`) so that one flow
    definition serves both, chosen per run by a parameter.
    """
    if kind != "dask":
        yield lambda **params: (shard_task or process_shard).submit(**params)
        return
    from prefect_dask import DaskTaskRunner

    with DaskTaskRunner(address=address) as runner:
        yield lambda **params: runner.submit(shard_task or process_shard, parameters=params)


def _rename_flow_run(name: str) -> None:
    """Say in the UI what a run processes (`wire-etl 2026-11-28T03:15 (42 new)`)."""
    from prefect.client.orchestration import get_client
    from prefect.runtime import flow_run

    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(flow_run.id, name=name)
    except Exception as exc:  # cosmetic: never fail a run over its name
        get_run_logger().debug("could not rename flow run: %s", exc)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m flows.wire_etl",
        description="Turn raw wire copy into partitioned Parquet (stories, quotes, entities, "
        "rejects). Re-runs only process what is new or changed.",
    )
    p.add_argument(
        "--raw-dir",
        default="data/raw",
        help="raw input folder or fsspec URL "
        "(default: data/raw); *.txt, *.txt.gz, *.jsonl, recursively",
    )
    p.add_argument(
        "--out-dir",
        default="data/processed",
        help="output folder or fsspec URL (default: data/processed)",
    )
    p.add_argument(
        "--shard-size",
        type=int,
        default=DEFAULT_SHARD_SIZE,
        help=f"stories per shard task (0 = auto: at most {NER_SHARD_CAP} with NER, "
        f"{PARSE_SHARD_CAP} parse-only)",
    )
    p.add_argument("--no-enrich", action="store_true", help="parse only, skip NER")
    p.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline ({DEFAULT_MODEL})")
    p.add_argument(
        "--prune-deleted",
        action="store_true",
        help="remove rows of raw files that no longer exist (kept by default)",
    )
    p.add_argument(
        "--reprocess",
        default=None,
        metavar="all|DAY|DAY:DAY",
        help="redo committed stories: all, or those whose date is in the range",
    )
    p.add_argument("--workers", type=int, default=0, help="worker processes (0 = one per core)")
    p.add_argument(
        "--max-file-mb",
        type=int,
        default=Limits.max_file_bytes // 2**20,
        help="reject raw files larger than this, unread (64)",
    )
    p.add_argument(
        "--task-runner",
        choices=TASK_RUNNERS,
        default="local",
        help="local: threads + one worker process per core (default); dask: run "
        "shards on the existing Dask cluster at --dask-address",
    )
    p.add_argument(
        "--dask-address",
        default=None,
        metavar="tcp://HOST:8786",
        help="scheduler address of the Dask cluster (with --task-runner dask)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.task_runner == "dask" and not args.dask_address:
        build_parser().error("--task-runner dask needs --dask-address")
    # The flow object of the importable module, not of `__main__`: Dask workers unpickle the
    # shard task by reference to `flows.wire_etl`.
    from flows.wire_etl import wire_etl as flow_fn

    try:
        manifest = flow_fn(
            raw_dir=args.raw_dir,
            out_dir=args.out_dir,
            shard_size=args.shard_size,
            enrich=not args.no_enrich,
            model=args.model,
            reprocess=args.reprocess,
            prune_deleted=args.prune_deleted,
            workers=args.workers,
            max_file_mb=args.max_file_mb,
            task_runner=args.task_runner,
            dask_address=args.dask_address,
        )
    except Exception as exc:
        print(f"wire-etl FAILED: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out_dir)
    print(f"output: {out.resolve() if '://' not in args.out_dir else args.out_dir}")
    print(f"run {manifest['run_id']}: {summary_line(manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
