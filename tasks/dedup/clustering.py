"""Once per run, after the shards: cluster the stories committed since the last clustering.

Pending stories are those whose `stories` row has no `cluster_id` yet: this run's, and any a
killed run committed without clustering, so a re-run after kill -9 clusters exactly what a
clean run would have, in one batch. Planned and committed under the out lock: the committed
state a plan reads cannot move before its assignments are written.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.candidates import STRENGTH, Matcher, new_edges
from tasks.dedup.cluster import assign
from tasks.dedup.index import (
    changed_assignments,
    cluster_log,
    commit_assignments,
    iter_signature_tables,
    iter_signatures,
    signature_of_row,
    signature_row,
    story_state,
)
from tasks.dedup.records import Assignment, Edge, Member, StorySignature, sign_stories
from tasks.dedup.signature import DedupSettings
from tasks.store.journal import recover
from tasks.store.lock import out_lock
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.store.schemas import DEDUP_INDEX


@dataclass
class ClusterSummary:
    """What the clustering step did (counts for the run manifest)."""

    pending: int = 0
    edges: dict[str, int] = field(default_factory=dict)  # by how: exact / version / near
    clusters_touched: int = 0
    rows_changed: int = 0
    files_rewritten: int = 0
    signed_late: int = 0  # stories committed without a signature (older out folders)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ClusterPlan:
    """The assignments to commit, and the state they were computed from."""

    summary: ClusterSummary
    state: pa.Table | None = None  # None: nothing pending, nothing to commit
    changed: list[Assignment] = field(default_factory=list)
    late: list[StorySignature] = field(default_factory=list)


def plan_clusters(store: Store, settings: DedupSettings) -> ClusterPlan:
    """Cluster the pending stories without committing (call with the lock held)."""
    summary = ClusterSummary()
    state = story_state(store)
    pending = state.filter(pc.is_null(state["cluster_id"]))
    summary.pending = pending.num_rows
    headless = clusters_without_primary(state)
    if not pending.num_rows and not headless:
        return ClusterPlan(summary)
    pending_ids = set(pending["story_id"].to_pylist())
    pending_days = set(pending["day"].to_pylist())
    new = {s.story_id: s for s in iter_signatures(store, pending_days, only=pending_ids)}
    late = _sign_late(store, pending_ids - set(new), pending_days, settings)
    new.update({s.story_id: s for s in late})
    summary.signed_late = len(late)
    edges = find_edges(store, new, settings)
    for e in edges:
        summary.edges[e.how] = summary.edges.get(e.how, 0) + 1
    members = _members(store, state, new, edges, time.time_ns(), headless)
    in_use = set(pc.unique(state["cluster_id"].drop_null()).to_pylist())
    assignments = assign(members, edges, in_use)
    summary.clusters_touched = len({a.cluster_id for a in assignments})
    changed = changed_assignments(state, assignments)
    summary.rows_changed = len(changed)
    return ClusterPlan(summary, state, changed, late)


def cluster_pending(
    out_url: str, run: RunInfo, settings: DedupSettings | None = None
) -> ClusterSummary:
    """Assign cluster ids to every pending story and commit the rows that change."""
    t0 = time.perf_counter()
    settings = settings or DedupSettings()
    store = Store(out_url)
    with out_lock(store):
        recover(store)  # a commit a killed process left half done: finish it first
        planned = plan_clusters(store, settings)
        summary = planned.summary
        if planned.state is not None:
            summary.files_rewritten = commit_assignments(
                store,
                f"{run.run_id}-clusters",
                planned.state,
                planned.changed,
                run.run_id,
                _signature_tables(planned.late, planned.state, run),
            )
    summary.seconds = time.perf_counter() - t0
    return summary


CHUNK = 50_000  # new stories per LSH: bounds its memory (~2-3 KB a story) on a first run


def find_edges(store: Store, new: dict[str, StorySignature], settings: DedupSettings) -> list[Edge]:
    """Every duplicate edge touching a new story: against each other and the whole index.

    The new stories are indexed a chunk at a time; each chunk sees the other chunks' stories
    as part of the streamed index (so a pair across chunks is found from both sides: kept once).
    """
    edges: dict[tuple[str, str], Edge] = {}
    ids = sorted(new)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        matcher = Matcher([new[i] for i in chunk], settings)
        found = new_edges(matcher)
        for table in iter_signature_tables(store, skip=set(chunk)):
            rows = table.filter(pa.array(matcher.prefilter(table)))
            for row in rows.to_pylist():
                found += matcher.match(signature_of_row(row))
        for e in found:
            old = edges.get((e.a, e.b))
            if old is None or STRENGTH[e.how] > STRENGTH[old.how]:
                edges[(e.a, e.b)] = e
    return [edges[k] for k in sorted(edges)]


def clusters_without_primary(state: pa.Table) -> set[str]:
    """Committed clusters whose primary is gone (its file pruned, or re-delivered as a reject):
    their members are re-clustered so every cluster has exactly one primary again."""
    known = state.filter(pc.is_valid(state["cluster_id"]))
    if not known.num_rows:
        return set()
    flags = pc.cast(pc.fill_null(known["is_primary"], False), pa.int64())
    g = pa.table({"cluster_id": known["cluster_id"], "p": flags}).group_by("cluster_id")
    sums = g.aggregate([("p", "sum")])
    return set(sums.filter(pc.equal(sums["p_sum"], 0))["cluster_id"].to_pylist())


def _members(
    store: Store,
    state: pa.Table,
    new: dict[str, StorySignature],
    edges: list[Edge],
    now: int,
    headless: set[str] = frozenset(),
) -> dict[str, Member]:
    """The new stories plus every committed member of a cluster they touch (or lost its head)."""
    committed_ids = {x for e in edges for x in (e.a, e.b)} - set(new)
    known = state.filter(pc.is_valid(state["cluster_id"]))
    hit = known.filter(pc.is_in(known["story_id"], value_set=_strings(committed_ids)))
    touched = set(hit["cluster_id"].to_pylist()) | set(headless)
    mates = known.filter(pc.is_in(known["cluster_id"], value_set=_strings(touched)))
    cluster_of = dict(
        zip(mates["story_id"].to_pylist(), mates["cluster_id"].to_pylist(), strict=True)
    )
    days = set(mates["day"].to_pylist())
    old = {s.story_id: s for s in iter_signatures(store, days, only=set(cluster_of))}
    log = cluster_log(store, set(new) | set(old))
    members = {}
    for sid, sig in old.items():
        seen = log.get(sid, (None, now))[1]
        members[sid] = Member(sig, seen, cluster_id=cluster_of[sid])
    for sid, sig in new.items():
        prior, seen = log.get(sid, (None, now))
        members[sid] = Member(sig, seen, prior_cluster_id=prior)
    return members


class _Row(SimpleNamespace):
    """A committed `stories` row, read back with the fields signing needs."""


def _sign_late(
    store: Store, ids: set[str], days: set[date], settings: DedupSettings
) -> list[StorySignature]:
    """Signatures of pending stories committed without one (an out folder from before)."""
    if not ids:
        return []
    cols = ["story_id", "date", "agency", "headline", "body"]
    rows = []
    for day in sorted(days):
        for path in store.files_in("stories", day):
            t = store.read_parquet(path, columns=cols)
            t = t.filter(pc.is_in(t["story_id"], value_set=_strings(ids)))
            rows += [_Row(**r) for r in t.to_pylist()]
    rows.sort(key=lambda r: r.story_id)
    return sign_stories([r.story_id for r in rows], rows, settings)


def _signature_tables(
    sigs: list[StorySignature], state: pa.Table, run: RunInfo
) -> dict[date, pa.Table]:
    if not sigs:
        return {}
    rows = state.filter(pc.is_in(state["story_id"], value_set=_strings({s.story_id for s in sigs})))
    day_of = dict(zip(rows["story_id"].to_pylist(), rows["day"].to_pylist(), strict=True))
    by_day: dict[date, list[dict]] = defaultdict(list)
    for sig in sigs:
        by_day[day_of[sig.story_id]].append(signature_row(sig, run))
    return {d: pa.Table.from_pylist(rows, schema=DEDUP_INDEX) for d, rows in by_day.items()}


def _strings(values: set[str]) -> pa.Array:
    return pa.array(sorted(values), pa.string())
