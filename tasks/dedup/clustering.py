"""Once per run, after the shards: cluster the stories committed since the last clustering.

Pending stories come from the clustering inbox (tasks.store.inbox): the signatures shards
committed, and the stories commits removed, in commit order — this run's and any a killed
run committed without clustering, so a re-run after kill -9 clusters exactly what a clean run
would have, in one batch. A run reads its inbox, the state (tasks.dedup.cluster_state: the
members of multi-story clusters and every story's signature prints) and, from `_dedup`, the
signatures of only the candidates its prints search finds and of the members of the clusters
those touch; it rewrites only the `stories` rows whose assignment changes. Planned and
committed under the out lock, with the state and the inbox's deletion in one journal.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.candidates import STRENGTH, Matcher, new_edges
from tasks.dedup.cluster import assign, derived_id
from tasks.dedup.cluster_inputs import Inputs, inbox_inputs, rebuilt_inputs
from tasks.dedup.cluster_state import ClusterState, first_seen, is_alone, rebuild
from tasks.dedup.index import CLUSTER_COLUMNS, iter_signatures, stage_assignments
from tasks.dedup.prints import candidate_mask, prints_table
from tasks.dedup.records import Assignment, Edge, Member, StorySignature
from tasks.dedup.signature import DedupSettings
from tasks.store.inbox import CLUSTERS, inbox_files
from tasks.store.journal import publish, recover
from tasks.store.lock import out_lock
from tasks.store.lsm import Changes
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.store.state_schemas import CLUSTER_MEMBERS

log = logging.getLogger("wirecopy.run")
CHUNK = 50_000  # new stories per LSH: bounds its memory (~2-3 KB a story) on a first run


@dataclass
class ClusterSummary:
    """What the clustering step did (counts for the run manifest)."""

    pending: int = 0
    edges: dict[str, int] = field(default_factory=dict)  # by how: exact / version / near
    clusters_touched: int = 0
    rows_changed: int = 0
    files_rewritten: int = 0
    signed_late: int = 0  # stories committed without a signature (older out folders)
    removed: int = 0  # committed stories whose rows went (pruned, or replaced and gone)
    candidates: int = 0  # committed stories whose signature the prints search read
    inbox_files: int = 0
    rebuilt: str = ""  # why the state was rebuilt from the datasets, if it was
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def has_work(store: Store, settings: DedupSettings) -> bool:
    """Whether the step has anything to do: inbox files, or no state for these settings while
    stories exist (it is rebuilt from them). A listing or two."""
    if inbox_files(store, CLUSTERS):
        return True
    return not ClusterState(store, settings).exists() and bool(store.partitions("stories"))


def cluster_pending(
    out_url: str, run: RunInfo, settings: DedupSettings | None = None
) -> ClusterSummary:
    """Assign cluster ids to every pending story and commit what changes."""
    t0 = time.perf_counter()
    settings = settings or DedupSettings()
    store = Store(out_url)
    summary = ClusterSummary()
    commit_id = f"{run.run_id}-clusters"
    with out_lock(store):
        recover(store)  # a commit a killed process left half done: finish it first
        state = ClusterState(store, settings)
        files = inbox_files(store, CLUSTERS)
        seq = time.time_ns()
        if state.exists():
            if not files:
                return summary
            inputs = inbox_inputs(store, state, files)
        elif files or store.partitions("stories"):
            summary.rebuilt = "no state for these settings: rebuilt from stories and _dedup"
            log.warning("clusters: %s (a full read, once)", summary.rebuilt)
            inputs = rebuilt_inputs(store, rebuild(store, settings, seq), settings, run)
        else:
            return summary
        summary.inbox_files = len(files)
        changes = plan_and_stage(store, state, inputs, settings, commit_id, seq, summary, run)
        changes.deletes += files
        publish(store, {"commit_id": commit_id, "moves": changes.moves, "deletes": changes.deletes})
    summary.seconds = time.perf_counter() - t0
    return summary


def plan_and_stage(
    store: Store,
    state: ClusterState,
    inputs: Inputs,
    settings: DedupSettings,
    commit_id: str,
    seq: int,
    summary: ClusterSummary,
    run: RunInfo,
) -> Changes:
    new = {sid: sig for sid, (sig, _) in inputs.pending.items()}
    summary.pending, summary.removed = len(new), len(inputs.removed)
    summary.signed_late = len(inputs.signed_late)
    edges, found = find_edges(store, inputs, settings)
    summary.candidates = len(found)
    for e in edges:
        summary.edges[e.how] = summary.edges.get(e.how, 0) + 1
    members, days, current = _members(store, inputs, new, edges, found)
    assignments = assign(members, edges, set())
    assignments = founder_ids(assignments, members, _untouched_ids(inputs.members, members))
    summary.clusters_touched = len({a.cluster_id for a in assignments})
    changed = [a for a in assignments if current.get(a.story_id) != _values(a)]
    summary.rows_changed = len(changed)
    days_table = pa.table(
        {"story_id": list(days), "day": pa.array(list(days.values()), pa.date32())}
    )
    changes, summary.files_rewritten = stage_assignments(
        store, commit_id, days_table, changed, run.run_id, inputs.late_signatures
    )
    kept = inputs.members.filter(
        pc.invert(pc.is_in(inputs.members["story_id"], value_set=_strings(members)))
    )
    explicit = [{**asdict(a), "day": days[a.story_id]} for a in assignments if not is_alone(a)]
    table = pa.concat_tables([kept, pa.Table.from_pylist(explicit, schema=CLUSTER_MEMBERS)])
    changes.add(state.stage_members(commit_id, table))
    added = prints_table(inputs.signature_rows, settings, seq)
    if inputs.prints is not None:  # rebuilt: the whole content, other settings' prints go
        whole = pa.concat_tables([inputs.prints, added])
        changes.add(state.prints.stage_replace(commit_id, seq, whole))
        changes.deletes += [p for d in state.stale_prints() for p in _tree(store, d)]
    else:
        changes.add(state.prints.stage(commit_id, seq, added))
    return changes


def _tree(store: Store, directory: str) -> list[str]:
    return sorted(store.fs.find(directory))


def find_edges(
    store: Store, inputs: Inputs, settings: DedupSettings
) -> tuple[list[Edge], dict[str, date]]:
    """Every duplicate edge touching a pending story, and the committed candidates (→ day).

    The new stories are indexed a chunk at a time; the committed ones are searched in the
    prints and only candidates' signatures are read; other chunks of new stories are
    searched the same way (a first run of more than a chunk)."""
    prints = inputs.prints if inputs.prints is not None else inputs.state_prints()
    gone = _strings(set(inputs.pending) | inputs.removed)
    prints = prints.filter(pc.invert(pc.is_in(prints["story_id"], value_set=gone)))
    mine = prints_table(inputs.signature_rows, settings, 0)
    edges: dict[tuple[str, str], Edge] = {}
    found: dict[str, date] = {}
    ids = sorted(inputs.pending)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        matcher = Matcher([inputs.pending[i][0] for i in chunk], settings)
        hits = new_edges(matcher)
        cand = prints.filter(pa.array(candidate_mask(prints, matcher)))
        found.update(zip(cand["story_id"].to_pylist(), cand["day"].to_pylist(), strict=True))
        for sig in _signatures(store, cand):
            hits += matcher.match(sig)
        others = mine.filter(pc.invert(pc.is_in(mine["story_id"], value_set=_strings(chunk))))
        for sid in others.filter(pa.array(candidate_mask(others, matcher)))["story_id"].to_pylist():
            hits += matcher.match(inputs.pending[sid][0])
        for e in hits:
            old = edges.get((e.a, e.b))
            if old is None or STRENGTH[e.how] > STRENGTH[old.how]:
                edges[(e.a, e.b)] = e
    return [edges[k] for k in sorted(edges)], found


def _signatures(store: Store, stories: pa.Table) -> list[StorySignature]:
    """Committed signatures of `stories` (story_id, day), read by day from `_dedup`."""
    by_day: dict[date, set[str]] = defaultdict(set)
    for sid, day in zip(stories["story_id"].to_pylist(), stories["day"].to_pylist(), strict=True):
        by_day[day].add(sid)
    out: dict[str, StorySignature] = {}
    for day in sorted(by_day):
        for sig in iter_signatures(store, [day], only=by_day[day]):
            out[sig.story_id] = sig
    return [out[k] for k in sorted(out)]


def _members(store, inputs: Inputs, new, edges, found) -> tuple[dict, dict, dict]:
    """Pending stories plus every committed member of a cluster they touch or that lost a
    member; their partition days; and the assignment their rows hold now."""
    ends = {x for e in edges for x in (e.a, e.b)} - set(new)
    rows = inputs.members
    explicit = rows.filter(pc.is_in(rows["story_id"], value_set=_strings(ends)))
    cluster_of = dict(
        zip(explicit["story_id"].to_pylist(), explicit["cluster_id"].to_pylist(), strict=True)
    )
    touched = {cluster_of.get(x, x) for x in ends} | inputs.left
    mates = rows.filter(pc.is_in(rows["cluster_id"], value_set=_strings(touched)))
    current = {r["story_id"]: tuple(r[c] for c in CLUSTER_COLUMNS) for r in mates.to_pylist()}
    days = dict(zip(mates["story_id"].to_pylist(), mates["day"].to_pylist(), strict=True))
    for x in ends - set(current):  # committed and alone: its own cluster
        current[x], days[x] = (x, True, None, 1.0), found[x]
    sigs = {s.story_id: s for s in _signatures(store, _table(days))}
    members: dict[str, Member] = {}
    for sid in sorted(current):
        if sid in sigs:
            cid = current[sid][0]
            members[sid] = Member(sigs[sid], first_seen(sigs[sid].date), cluster_id=cid)
        else:
            log.warning("clusters: no signature for committed story %s; left as it is", sid)
            current.pop(sid)
    for sid, (sig, day) in inputs.pending.items():
        members[sid] = Member(sig, first_seen(sig.date))
        days[sid] = day
    return members, days, current


def founder_key(m: Member) -> tuple:
    """The order that picks a cluster's founder: earliest date (undated last), the original
    before its versions (a marked version after, then by rank; an unmarked later version adds
    text, so the shorter text first), then the smaller story id. Data only: any batching
    agrees, and a later version arriving in a later run leaves the cluster's id as it was."""
    rank, sig = m.sig.version_rank, m.sig
    return (
        sig.date is None,
        sig.date or date.min,
        rank is not None,
        rank or 0,
        sig.n_shingles,
        m.story_id,
    )


def founder_ids(
    assignments: list[Assignment], members: dict[str, Member], taken: set[str]
) -> list[Assignment]:
    """Each cluster's id is its founder's: the cluster id the founder already held, or, for a
    founder new in this run, its story id (rehashed in the rare case another cluster holds it).

    So a story dated earlier than a cluster's founder gives the cluster its id when it joins,
    whatever run it comes in: the same stories give the same ids as a from-scratch run. A
    cluster whose founder's rows went keeps its id.
    """
    groups: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        groups[a.cluster_id].append(a)
    founders = {
        cid: min((members[a.story_id] for a in g), key=founder_key) for cid, g in groups.items()
    }
    ids: dict[str, str] = {}
    for cid in sorted(groups, key=lambda c: founders[c].cluster_id is None):  # held ids first
        founder = founders[cid]
        new = founder.cluster_id or derived_id(founder.story_id, taken)
        taken.add(new)
        ids[cid] = new
    return [replace(a, cluster_id=ids[a.cluster_id]) for a in assignments]


def _untouched_ids(rows: pa.Table, members: dict[str, Member]) -> set[str]:
    """Cluster ids held by stored members this clustering does not reassign."""
    out = rows.filter(pc.invert(pc.is_in(rows["story_id"], value_set=_strings(members))))
    return set(out["cluster_id"].to_pylist())


def _values(a: Assignment) -> tuple:
    return (a.cluster_id, a.is_primary, a.duplicate_kind, a.similarity)


def _table(days: dict[str, date]) -> pa.Table:
    return pa.table({"story_id": list(days), "day": pa.array(list(days.values()), pa.date32())})


def _strings(values) -> pa.Array:
    return pa.array(sorted(values), pa.string())
