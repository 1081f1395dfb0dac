"""The steps of a run, as plain functions of the request: the engine calls them in order.

Each step takes the run request (and what earlier steps returned) and does one thing to the
out folder under its lock. `flows.wire_etl` runs the very same functions, each wrapped as a
Prefect task (retries, names, logs, artifacts): see `tasks.run.engine.Steps`.
"""

from __future__ import annotations

import hashlib
import logging
import threading

from tasks import places
from tasks.dedup.clustering import ClusterSummary, cluster_pending
from tasks.dedup.clustering import has_work as cluster_has_work
from tasks.dedup.signature import DedupSettings
from tasks.enrich.resolve import ResolveSummary
from tasks.enrich.resolve import has_work as resolve_has_work
from tasks.enrich.resolve import resolve_entities as resolve_catalog
from tasks.run.discover import Discovered, discover, has_new_work
from tasks.run.plan import Plan
from tasks.run.request import RunRequest
from tasks.run.runlog import check_accounting, summary_line
from tasks.run.shard import ShardSpec, ShardSummary, commit_shard, stage_discovery_rejects
from tasks.store import commit as commits
from tasks.store.inbox import ENTITIES
from tasks.store.lock import out_lock
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo

log = logging.getLogger("wirecopy.run")

__all__ = ["Discovered", "discover", "has_new_work"]  # the first step, in its own module


def shard_specs(request: RunRequest, run: RunInfo, found: Discovered) -> list[ShardSpec]:
    """One spec per planned shard; `prior` fingerprints what the ledger held for its inputs,
    so a cached result of an earlier attempt is never taken for an A→B→A edit."""
    n = len(found.plan.shards)
    specs = []
    for i, shard in enumerate(found.plan.shards, start=1):
        items = tuple(shard)
        key = "\n".join(
            f"{it.input.source_path}\0{found.prior.get(it.input.source_path)}" for it in items
        )
        specs.append(
            ShardSpec(
                i,
                n,
                items,
                request.out_dir,
                run,
                request.enrich,
                request.model,
                request.limits,
                prior=hashlib.sha256(key.encode()).hexdigest(),
            )
        )
    return specs


def reject_discovered(request: RunRequest, run: RunInfo, plan: Plan) -> ShardSummary | None:
    """Commit the files rejected at discovery (too large, symlinks) as shard 0 of the run."""
    if not plan.discovery_rejects:
        return None
    spec = ShardSpec(0, len(plan.shards), (), request.out_dir, run, request.enrich, request.model)
    staged, summary = stage_discovery_rejects(spec, plan.discovery_rejects)
    for rej in plan.discovery_rejects:
        log.warning("rejected %s: %s (%s)", rej.source_path, rej.reason, rej.detail)
    return commit_shard(spec, staged, summary)


def prune_deleted(request: RunRequest, run: RunInfo, present: set[str]) -> int:
    """Drop the rows of raw files that no longer exist (only when asked: --prune-deleted)."""
    store = Store(request.out_dir)
    with out_lock(store):
        pruned = commits.prune_missing(store, run, present, f"{run.run_id}-prune")
    log.info("pruned %d records whose raw file is gone", pruned)
    return pruned


def prewarm_corpus_steps(request: RunRequest) -> None:
    """Load what the corpus steps need (the gazetteer, ~0.5-1 s; datasketch, ~0.8 s) in a
    thread while the shards run: after the last shard it would be paid on one core, on the
    run's critical path. Only for a run with shards: a run with nothing new loads neither."""

    def warm() -> None:
        import datasketch  # noqa: F401  (the candidate search's LSH)

        if request.enrich:
            places.warm()

    threading.Thread(target=warm, name="prewarm-corpus-steps", daemon=True).start()


def has_pending(request: RunRequest, step: str) -> bool:
    """Whether a corpus step has anything to do (its inbox, or a state to rebuild)."""
    store = Store(request.out_dir)
    if step == ENTITIES:
        return resolve_has_work(store)
    return cluster_has_work(store, DedupSettings(threshold=request.dedup_threshold))


def nothing_resolved() -> dict:
    """The manifest's `catalog` of a run whose resolution inbox was empty."""
    return ResolveSummary().as_dict()


def nothing_clustered() -> dict:
    """The manifest's `dedup` of a run whose clustering inbox was empty."""
    return ClusterSummary().as_dict()


def resolve_entities(request: RunRequest, run: RunInfo) -> dict:
    """Corpus-level entity resolution after the shards commit: catalog + merged ids."""
    summary = resolve_catalog(Store(request.out_dir), run)
    log.info(
        "entity catalog: %d entities, %d retired ids; %d name keys touched, %d resolved "
        "(merges %s), %d recounted%s%s",
        summary.entities,
        summary.retired,
        summary.keys_touched,
        summary.keys_resolved,
        summary.merged or "{}",
        summary.stories_recounted,
        "" if summary.catalog_written else " (catalog unchanged)",
        f"; {summary.rebuilt}" if summary.rebuilt else "",
    )
    return summary.as_dict()


def cluster_stories(request: RunRequest, run: RunInfo) -> dict:
    """Cluster the stories committed since the last clustering (copies, versions, near)."""
    settings = DedupSettings(threshold=request.dedup_threshold)
    summary = cluster_pending(request.out_dir, run, settings)
    log.info(
        "clustered %d new stories (%s): %d clusters touched, %d rows changed in %d files",
        summary.pending,
        ", ".join(f"{n} {how}" for how, n in sorted(summary.edges.items())) or "no duplicates",
        summary.clusters_touched,
        summary.rows_changed,
        summary.files_rewritten,
    )
    return summary.as_dict()


def publish(manifest: dict) -> dict:
    """Write the run's manifest, fold small ledger files together, then check accounting."""
    store = Store(manifest["out_dir"])
    store.write_json(store.manifest_file(manifest["run_id"]), manifest)
    with out_lock(store):
        merged = commits.compact_ledger(store, f"{manifest['run_id']}-ledger")
    if merged:
        log.info("merged %d ledger files into one", merged)
    check_accounting(manifest)
    log.info("accounting ok: %s", summary_line(manifest))
    return manifest
