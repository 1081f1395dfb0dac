"""Prefect task wrappers of the main flow: discovery, one shard, rejects, pruning, the summary.

Each wraps a pure function from `tasks/` with retries, a cache policy, a name and logging;
`flows.wire_etl` composes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from tasks.dedup.clustering import cluster_pending
from tasks.dedup.signature import DedupSettings
from tasks.enrich.resolve import resolve_entities as resolve_corpus_entities
from tasks.ingest.discovery import DiscoveryResult
from tasks.run.discover import discover_plan
from tasks.run.headstart import take_staged
from tasks.run.plan import Plan
from tasks.run.runlog import (
    check_accounting,
    markdown_summary,
    summary_line,
)
from tasks.run.shard import (
    STAGE_NOTE,
    ShardSpec,
    ShardSummary,
    commit_shard,
    stage_and_commit,
    stage_discovery_rejects,
)
from tasks.run.workers import get_pool
from tasks.settings import TASK_RUNNERS, Limits  # noqa: F401  (re-exported)
from tasks.store import commit as commits
from tasks.store.lock import out_lock
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo

IO_RETRIES = {"retries": 2, "retry_delay_seconds": [2, 10], "retry_jitter_factor": 0.5}


@task(name="discover", cache_policy=NO_CACHE, **IO_RETRIES)
def discover(
    raw_dir: str,
    out_dir: str,
    limits: Limits,
    parser_v: str,
    model_v: str,
    shard_size: int,
    reprocess: str | None,
    workers: int = 1,
    known: DiscoveryResult | None = None,
) -> tuple[Plan, dict]:
    """List raw inputs, hash them (`known`: the head start's discovery; what did not change
    since is not read again), and keep only what the ledger does not already hold."""
    plan, prior, recovered = discover_plan(
        raw_dir, out_dir, limits, parser_v, model_v, shard_size, reprocess, workers, known
    )
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
        h.update(f"{item.input.source_path}\0{item.input.sha256}\0{item.skip_indices}".encode())
        h.update(f"\0{item.part}\n".encode())  # record ranges of one file are distinct shards
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
    with _failing_stage("stage_shard"):  # tasks.run.shard names the finer stage (read/parse/...)
        if in_process:
            summary = stage_and_commit(spec)
        else:
            summary = _commit_head_start(spec)
            if summary is None:
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
    if summary.copies_reused:
        logger.info("shard %d: %d exact copies reused NER", spec.shard_no, summary.copies_reused)
    return summary


def _commit_head_start(spec: ShardSpec) -> ShardSummary | None:
    """Commit the shard the CLI's head start staged for exactly this spec, if it did.

    The commit runs here, in the flow process: a pool submission would queue behind the
    head start's remaining shards. None (stage it afresh) when there is no such shard or
    its staging failed; a retry of this task always stages afresh.
    """
    future = take_staged(spec)
    if future is None:
        return None
    try:
        staged, summary = future.result()
    except Exception as exc:
        get_run_logger().warning(
            "head start of shard %d failed (%s: %s); staging it again",
            spec.shard_no,
            type(exc).__name__,
            exc,
        )
        return None
    return commit_shard(spec, staged, summary)


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


@task(name="resolve-entities", cache_policy=NO_CACHE, **IO_RETRIES)
def resolve_entities(out_dir: str, run: RunInfo) -> dict:
    """Corpus-level entity resolution after the shards commit: catalog + merged ids."""
    summary = resolve_corpus_entities(Store(out_dir), run)
    get_run_logger().info(
        "entity catalog: %d entities, %d retired ids, merges %s, %d entities files rewritten%s",
        summary.entities,
        summary.retired,
        summary.merged or "{}",
        summary.files_rewritten,
        "" if summary.catalog_written else " (catalog unchanged)",
    )
    return asdict(summary)


@task(name="cluster-stories", cache_policy=NO_CACHE, **IO_RETRIES)
def cluster_stories(
    out_dir: str, run: RunInfo, settings: DedupSettings, early: Future | None = None
) -> dict:
    """Cluster the stories committed since the last clustering (copies, versions, near);
    `early`: a plan made meanwhile in a worker (`plan_clusters`), used if still current."""
    planned = None
    if early is not None:
        try:
            planned = early.result()
        except Exception as exc:  # planned again under the lock: costs time, not results
            get_run_logger().warning("early clustering plan failed (%s); planning again", exc)
    summary = cluster_pending(out_dir, run, settings, planned)
    get_run_logger().info(
        "clustered %d new stories (%s): %d clusters touched, %d rows changed in %d files",
        summary.pending,
        ", ".join(f"{n} {how}" for how, n in sorted(summary.edges.items())) or "no duplicates",
        summary.clusters_touched,
        summary.rows_changed,
        summary.files_rewritten,
    )
    return summary.as_dict()


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
