"""The corpus-level resolution step: a run's new entities → the entity catalog, from state.

Runs once per run after the shards commit, under the out folder's lock. It reads the
resolution inbox (tasks.store.inbox: the evidence each shard's worker reduced its entities
rows to, and the entities rows commits removed), never the `entities` dataset, and its state
(tasks.enrich.entity_state); it resolves the neighbourhoods of the name keys the inbox
touches (tasks.enrich.resolve_update) and commits, in one journal, the new catalog, the
state and the deletion of the inbox files it took in. A kill -9 at any point leaves the old
catalog and state with the inbox, or the new ones without it; the next run goes on from there.

`entities.entity_id` stays the id of the row's name key (what the shard stamped): a merge is
recorded in the catalog (`merged_into`), so no old file is rewritten and a merge the evidence
later undoes needs no rewrite either.

When the state is missing (an out folder from before it existed, a deleted `_state/`) or was
written from other evidence code, it is rebuilt from the `entities` dataset: a full read,
logged, once (`python -m flows.verify --repair` does it off-schedule).
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field

import pyarrow as pa

from tasks.enrich.entity_state import EntityState, evidence_version, rules_version
from tasks.enrich.evidence_rows import reduce_rows
from tasks.enrich.resolve_update import Delta, Update, update
from tasks.store.inbox import ENTITIES, inbox_files, part_of
from tasks.store.journal import publish, recover
from tasks.store.lock import out_lock
from tasks.store.lsm import Changes
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.store.state_schemas import ENTITY_EVIDENCE, POSTINGS

log = logging.getLogger("wirecopy.run")
ROW_COLUMNS = ["story_id", "date", "entity", "label", "mentions", "aliases", "title"]


@dataclass
class ResolveSummary:
    entities: int = 0  # live catalog entries
    retired: int = 0  # entries merged into another
    merged: dict[str, int] = field(default_factory=dict)  # merges by rule, keys resolved
    keys_touched: int = 0  # name keys whose evidence changed
    keys_resolved: int = 0  # ... and their neighbourhoods: the keys resolved again
    stories_recounted: int = 0  # entities whose distinct stories were counted again
    inbox_files: int = 0
    rebuilt: str = ""  # why the state was rebuilt or fully resolved, if it was
    files_rewritten: int = 0  # entities files rewritten: none (ids stay the name key's)
    catalog_written: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def has_work(store: Store) -> bool:
    """Whether the step has anything to do: inbox files, or a state that is missing (with
    entities rows to rebuild it from) or was written by other code. A listing, a footer."""
    if inbox_files(store, ENTITIES):
        return True
    state = EntityState(store)
    evidence_v, rules_v = state.versions()
    if evidence_v is None:
        return bool(store.partitions("entities"))
    return (evidence_v, rules_v) != (evidence_version(), rules_version())


def resolve_entities(store: Store, run: RunInfo) -> ResolveSummary:
    """Take the resolution inbox into the state and the catalog (lock held here)."""
    t0 = time.perf_counter()
    summary = ResolveSummary()
    commit_id = f"{run.run_id}-resolve"
    with out_lock(store):
        recover(store)
        state = EntityState(store)
        files = inbox_files(store, ENTITIES)
        evidence_v, rules_v = state.versions()
        if evidence_v != evidence_version():
            if evidence_v is None and not files and not store.partitions("entities"):
                return summary  # nothing was ever enriched here
            summary.rebuilt = "rebuilt from the datasets: " + (
                "no state" if evidence_v is None else "evidence code changed"
            )
            log.warning("entity state %s (a full read of entities, once)", summary.rebuilt)
            delta, everything, fresh = dataset_delta(store), True, True
        elif files or rules_v != rules_version():
            delta, everything, fresh = inbox_delta(store, state, files), False, False
            if rules_v != rules_version():
                summary.rebuilt = "every key resolved again: the resolution rules changed"
                everything = True
        else:
            return summary
        summary.inbox_files = len(files)
        reading = EntityState(store, stored=not fresh)  # a rebuild reads nothing stored
        result = update(reading, delta, run.run_id, everything)
        changes = _stage(store, state, commit_id, result, delta, fresh, run)
        changes.deletes += files
        publish(store, {"commit_id": commit_id, "moves": changes.moves, "deletes": changes.deletes})
        _summarise(summary, result)
    summary.seconds = time.perf_counter() - t0
    return summary


def inbox_delta(store: Store, state: EntityState, files: list[str]) -> Delta:
    """The inbox files as one delta: shards' evidence and postings, removed rows subtracted."""
    evidence, postings, modified = [], [], set()
    for path in files:
        part = part_of(path)
        if part == "evidence":
            evidence.append(store.read_parquet(path, schema=ENTITY_EVIDENCE))
        elif part == "postings":
            postings.append(store.read_parquet(path, schema=POSTINGS))
        elif part == "removed":
            rows = store.read_parquet(path).to_pylist()
            modified |= {r["story_id"] for r in rows}
            ev, post = reduce_rows(rows, sign=-1)
            evidence.append(ev)
            postings.append(post)
    return _delta(state, evidence, postings, modified)


def dataset_delta(store: Store) -> Delta:
    """Every committed entities row as one delta (a rebuild), read file by file."""
    evidence, postings = [], []
    for day in store.partitions("entities"):
        for path in store.files_in("entities", day):
            ev, post = reduce_rows(store.read_parquet(path, columns=ROW_COLUMNS).to_pylist())
            evidence.append(ev)
            postings.append(post)
    return _delta(EntityState(store), evidence, postings, set())


def _delta(state: EntityState, evidence: list, postings: list, modified: set[str]) -> Delta:
    ev = pa.concat_tables([ENTITY_EVIDENCE.empty_table(), *evidence])
    post = pa.concat_tables([POSTINGS.empty_table(), *postings])
    return Delta(state.evidence.combine(ev), state.postings.combine(post), modified)


def _stage(store, state, commit_id, result: Update, delta: Delta, fresh: bool, run) -> Changes:
    seq = time.time_ns()
    changes = Changes()
    evidence = pa.concat_tables([delta.evidence, result.links])
    if fresh:  # a rebuild: the delta is the whole content
        changes.add(state.evidence.stage_replace(commit_id, seq, evidence))
        changes.add(state.postings.stage_replace(commit_id, seq, delta.postings))
    else:
        changes.add(state.evidence.stage(commit_id, seq, evidence))
        changes.add(state.postings.stage(commit_id, seq, delta.postings))
    changes.add(state.stage_keys(commit_id, result.keys))
    if result.catalog is not None:
        changes.add(state.stage_catalog(commit_id, result.catalog, run.run_id))
    return changes


def _summarise(summary: ResolveSummary, result: Update) -> None:
    summary.keys_touched, summary.keys_resolved = result.touched, result.resolved
    summary.stories_recounted, summary.merged = result.recounted, result.merged
    summary.catalog_written = result.catalog is not None
    summary.retired, summary.entities = result.retired, result.entries - result.retired
