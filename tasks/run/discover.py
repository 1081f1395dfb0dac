"""The first step of a run: discover the raw inputs, read the ledger, plan the shards.

Discovery trusts what the last one read of an unchanged file (tasks.run.discovery_cache), so
a scheduled run with nothing new lists the raw folder and reads the ledger, nothing more;
the CLI asks `has_new_work` before it starts any worker process, and a run with nothing new
never starts one. A brand-new out folder gets empty corpus-step states here, so its first
run's corpus steps start from their inbox like every later run.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from tasks.dedup.cluster_state import ClusterState
from tasks.dedup.signature import DedupSettings
from tasks.enrich.entity_state import EntityState
from tasks.run import discovery_cache
from tasks.run.plan import Plan, Reprocess, plan_run
from tasks.run.request import RunRequest
from tasks.store.journal import publish, recover
from tasks.store.ledger import LedgerEntry, current_state, read_ledger_files
from tasks.store.lock import out_lock
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo

log = logging.getLogger("wirecopy.run")


@dataclass
class Discovered:
    """The run's plan, with what the ledger held for each planned path (the shard cache key)."""

    plan: Plan
    prior: dict[str, str]  # source_path -> ledger fingerprint before this run
    recovered: int  # interrupted commits of an earlier run finished before planning


def discover(request: RunRequest, run: RunInfo) -> Discovered:
    """List the raw inputs (reading only new or changed files), then keep only what the
    ledger does not already hold.

    The ledger is read under the out lock (another run may be compacting it), after any
    commit a crash left half done has been finished, so the plan sees what is committed.
    """
    store = Store(request.out_dir)
    found, stored = discovery_cache.discover(request.raw_dir, store, request.limits, request.rehash)
    with out_lock(store):
        recovered = recover(store)
        files = store.ledger_files()
        if not files:
            init_states(store, request, run)
        state = ledger_state(store, files)
        discovery_cache.stage_if_changed(store, found, run.run_id, stored)
    plan = _plan(request, run.parser_version, run.model_version or "", found, state)
    prior = {p: e.fingerprint for (p, _), e in state.items()}
    log.info(
        "discovered %d files (%d inputs): %d new inputs in %d shards, %d unchanged, %d deferred%s",
        plan.files_seen,
        plan.records_seen,
        plan.records_new,
        len(plan.shards),
        plan.records_unchanged,
        len(plan.files_deferred),
        f"; finished {recovered} interrupted commit(s)" if recovered else "",
    )
    return Discovered(plan, prior, recovered)


def has_new_work(request: RunRequest) -> bool:
    """Whether a run now would have inputs to process (the CLI starts workers only then).

    Advisory and read-only (no lock: a commit may land meanwhile, the run's own discover
    decides); any error answers yes. Its discovery is left for the run's discover.
    """
    try:
        store = Store(request.out_dir)
        found, _ = discovery_cache.discover(request.raw_dir, store, request.limits, request.rehash)
        discovery_cache.remember(request.raw_dir, request.limits, found)
        state = ledger_state(store, store.ledger_files())
        from tasks.version import PARSER_VERSION

        plan = _plan(request, PARSER_VERSION, request.model_versions() or "", found, state)
        return bool(plan.records_new or plan.discovery_rejects)
    except Exception as exc:  # never keep a run from its workers over a check
        log.debug("early check failed (%s): starting workers", exc)
        return True


def _plan(request: RunRequest, parser_v: str, model_v: str, found, state) -> Plan:
    plan = plan_run(
        found,
        state,
        parser_v,
        model_v,
        request.shard_size,
        Reprocess.parse(request.reprocess),
        request.worker_count,
    )
    plan.discovery = None  # every file's record: needed by nothing after planning
    return plan


_memo_lock = threading.Lock()
_memo: dict[str, tuple[tuple[str, ...], dict]] = {}


def ledger_state(store: Store, files: list[str]) -> dict[tuple[str, int], LedgerEntry]:
    """The ledger's current state, parsed once per process while its files are unchanged
    (the CLI's early check and the run's discover read the same ledger)."""
    key = tuple(files)
    with _memo_lock:
        hit = _memo.get(store.url)
        if hit and hit[0] == key:
            return hit[1]
    state = current_state(read_ledger_files(store.fs, files))
    with _memo_lock:
        _memo[store.url] = (key, state)
    return state


def init_states(store: Store, request: RunRequest, run: RunInfo) -> None:
    """Empty corpus-step states for an out folder nothing was ever committed to (lock held)."""
    entities = EntityState(store)
    clusters = ClusterState(store, DedupSettings(threshold=request.dedup_threshold))
    if entities.exists() or store.fs.exists(clusters.members_file):
        return
    if store.partitions("stories") or store.partitions("entities"):
        return  # rows without a ledger: let the corpus steps rebuild from them
    commit_id = f"{run.run_id}-init"
    changes = entities.stage_empty(commit_id).add(clusters.stage_empty(commit_id, time.time_ns()))
    publish(store, {"commit_id": commit_id, "moves": changes.moves, "deletes": changes.deletes})
