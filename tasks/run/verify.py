"""Check the corpus steps' state against the datasets, and put a rebuild in its place.

The full reads a scheduled run must never do live here (`python -m flows.verify`, its weekly
deployment): the entity state and catalog rebuilt from every `entities` row, the clusters'
state from every `stories` row and signature, and the invariants a run used to check by
scanning (every story clustered, one primary per cluster, every entity id in the catalog).
With a raw folder, every raw file is hashed again and compared with what discovery trusts
(tasks.run.discovery_cache): a same-size rewrite that kept its modification time shows here.

First the corpus steps take in their inbox (what a run left, as the next run would), then the
rebuild is read without the lock (minutes on a big corpus: scheduled runs go on); if a commit
landed meanwhile the check is done again. `repair_state` deletes the state under the lock and
lets the corpus steps rebuild it, and drops the changed raw files from the discovery cache so
the next run reads them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from tasks import version
from tasks.dedup.cluster_state import ClusterState, rebuild
from tasks.dedup.clustering import cluster_pending
from tasks.dedup.clustering import has_work as cluster_has_work
from tasks.dedup.signature import DedupSettings
from tasks.enrich.entity_state import EntityState
from tasks.enrich.resolve import dataset_delta, resolve_entities
from tasks.enrich.resolve import has_work as resolve_has_work
from tasks.enrich.resolve_update import update
from tasks.ingest.discovery import discover_inputs
from tasks.run import discovery_cache
from tasks.run.runlog import new_run
from tasks.settings import Limits
from tasks.store.inbox import CLUSTERS, ENTITIES, inbox_files
from tasks.store.journal import publish, recover
from tasks.store.lock import out_lock
from tasks.store.outdir import Store

EXAMPLES = 5


@dataclass
class VerifyReport:
    checks: dict[str, int] = field(default_factory=dict)  # check → problems found (0: fine)
    examples: dict[str, list[str]] = field(default_factory=dict)
    attempts: int = 0
    changed_raw: list[str] = field(default_factory=list)  # all of them, for a repair

    @property
    def ok(self) -> bool:
        return not any(self.checks.values())

    def record(self, check: str, problems: list[str]) -> None:
        self.checks[check] = len(problems)
        if problems:
            self.examples[check] = sorted(problems)[:EXAMPLES]


def verify_state(
    store: Store,
    settings: DedupSettings | None = None,
    raw_dir: str | None = None,
    limits: Limits | None = None,
    attempts: int = 3,
) -> VerifyReport:
    settings = settings or DedupSettings()
    drain(store, settings)
    report = VerifyReport()
    for report.attempts in range(1, attempts + 1):
        before = _landmarks(store)
        report.checks.clear()
        report.examples.clear()
        _check_entities(store, report)
        _check_clusters(store, settings, report)
        if _landmarks(store) == before:
            break
    if raw_dir:
        report.changed_raw = changed_raw(store, raw_dir, limits)
        report.record("raw files changed unnoticed", report.changed_raw)
    return report


def drain(store: Store, settings: DedupSettings) -> None:
    """Let the corpus steps take in whatever their inbox holds (what the next run would do)."""
    run = new_run(version.PARSER_VERSION, None)
    if resolve_has_work(store):
        resolve_entities(store, run)
    if cluster_has_work(store, settings):
        cluster_pending(store.url, run, settings)


def _landmarks(store: Store) -> tuple:
    store.fs.invalidate_cache()
    inboxes = (inbox_files(store, ENTITIES), inbox_files(store, CLUSTERS))
    return tuple(store.ledger_files()), inboxes


def _check_entities(store: Store, report: VerifyReport) -> None:
    state = EntityState(store)
    if not state.exists():
        report.record("entity state present", ["missing"] if store.partitions("entities") else [])
        return
    rebuilt = update(EntityState(store, stored=False), dataset_delta(store), "verify", True)
    report.record("entity keys", _differences(rebuilt.keys, state.read_keys(), "key"))
    catalog = state.read_catalog()
    mine = rebuilt.catalog if rebuilt.catalog is not None else catalog
    report.record(
        "entity catalog",
        _differences(mine.drop_columns(["run_id"]), catalog.drop_columns(["run_id"]), "entity_id"),
    )
    known = set(catalog["entity_id"].to_pylist())
    unknown = set()
    for day in store.partitions("entities"):
        for path in store.files_in("entities", day):
            unknown |= set(store.read_parquet(path, columns=["entity_id"])["entity_id"].to_pylist())
    report.record("entity ids in the catalog", sorted(unknown - known))


def _check_clusters(store: Store, settings: DedupSettings, report: VerifyReport) -> None:
    state = ClusterState(store, settings)
    if not state.exists():
        report.record("cluster state present", ["missing"] if store.partitions("stories") else [])
        return
    built = rebuild(store, settings)
    report.record("cluster members", _differences(built.members, state.read_members(), "story_id"))
    printed = set(state.prints.read_all()["story_id"].to_pylist())
    report.record("signature prints", sorted(set(built.prints["story_id"].to_pylist()) - printed))
    rows = built.stories  # read once, by the rebuild
    unclustered = rows.filter(pc.is_null(rows["cluster_id"]))["story_id"].to_pylist()
    report.record("stories clustered", unclustered)
    flags = pc.cast(pc.fill_null(rows["is_primary"], False), pa.int64())
    by = pa.table({"c": rows["cluster_id"], "p": flags}).filter(pc.is_valid(rows["cluster_id"]))
    sums = by.group_by("c").aggregate([("p", "sum")])
    headless = sums.filter(pc.not_equal(sums["p_sum"], 1))["c"].to_pylist()
    report.record("one primary per cluster", headless)


def _differences(a: pa.Table, b: pa.Table, key: str) -> list[str]:
    """Keys whose rows differ between two tables of the same columns."""
    rows_a = {r[key]: r for r in a.select(b.column_names).cast(b.schema).to_pylist()}
    rows_b = {r[key]: r for r in b.to_pylist()}
    return [k for k in rows_a.keys() | rows_b.keys() if rows_a.get(k) != rows_b.get(k)]


def changed_raw(store: Store, raw_dir: str, limits: Limits | None) -> list[str]:
    """Raw files whose bytes differ from what discovery trusts though size and time match."""
    trusted = discovery_cache.cached(store)
    if trusted is None:
        return []
    found = {f.source_path: f for f in discover_inputs(raw_dir, limits or Limits()).inputs}
    return [
        f.source_path
        for f in trusted.inputs
        if (now := found.get(f.source_path)) is not None
        and (now.size, now.mtime) == (f.size, f.mtime)
        and now.sha256 != f.sha256
    ]


def repair_state(
    store: Store, settings: DedupSettings | None = None, changed: list[str] = ()
) -> None:
    """Delete the corpus steps' state (and the discovery of `changed` raw files) under the
    lock, then let the steps rebuild it from the datasets."""
    settings = settings or DedupSettings()
    with out_lock(store):
        recover(store)
        base = store.state_path()
        keep = discovery_cache.cache_file(store)
        doomed = [p for p in (store.fs.find(base) if store.fs.exists(base) else []) if p != keep]
        commit_id = f"repair-{new_run('', None).run_id}"
        publish(store, {"commit_id": commit_id, "moves": [], "deletes": doomed})
        if changed:
            discovery_cache.forget(store, set(changed))
    drain(store, settings)
