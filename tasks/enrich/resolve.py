"""The corpus-level resolution step: entities rows → `entity_catalog`, merged ids written back.

Runs once per run after the shards commit, under the out folder's lock, in two streaming
passes over the `entities` files (a few columns, one file at a time; memory grows with the
number of distinct names, not rows):

1. gather evidence (`tasks.enrich.catalog.Evidence`) and resolve it against the previous
   catalog (`tasks.enrich.resolution.resolve`): labels, merges, surviving ids;
2. give every row its surviving id and count the catalog's stats exactly (distinct stories,
   mentions, first/last date); an entities file whose ids change is staged rewritten.

The new catalog and the rewritten files are made visible by one journaled commit of
renames (`tasks.store.commit.commit_replacements`), so a kill -9 at any point leaves the old
catalog or the new one, and the next run (same rows, same previous catalog) writes the same
catalog again. Nothing is written when nothing changed.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

from tasks import places as G
from tasks.enrich.catalog import Evidence
from tasks.enrich.resolution import CatalogEntry, Resolution, resolve
from tasks.enrich.variants import name_key
from tasks.store.catalog_schema import ENTITY_CATALOG
from tasks.store.commit import commit_replacements
from tasks.store.journal import file_meta, recover
from tasks.store.lock import out_lock
from tasks.store.outdir import Store, file_metadata
from tasks.store.rows import RunInfo
from tasks.store.schemas import ENTITIES

_ENTRY_FIELDS = [f.name for f in fields(CatalogEntry)]
_EVIDENCE_COLUMNS = ["story_id", "date", "entity", "label", "mentions", "aliases", "title"]


@dataclass
class ResolveSummary:
    entities: int = 0  # live catalog entries
    retired: int = 0  # entries merged into another
    merged: dict[str, int] = field(default_factory=dict)  # groups merged, by rule
    files_rewritten: int = 0
    catalog_written: bool = False


def read_catalog(store: Store) -> dict[str, tuple[CatalogEntry, str]]:
    """The committed catalog: entity_id → (entry, run_id that last changed it)."""
    path = store.catalog_file()
    if not store.fs.exists(path):
        return {}
    names = [f.name for f in fields(CatalogEntry)]
    out = {}
    for row in store.read_parquet(path, schema=ENTITY_CATALOG).to_pylist():
        out[row["entity_id"]] = (CatalogEntry(**{n: row[n] for n in names}), row["run_id"])
    return out


def entity_files(store: Store) -> list[str]:
    return [p for day in store.partitions("entities") for p in store.files_in("entities", day)]


def gather_evidence(store: Store, files: list[str]) -> Evidence:
    ev = Evidence()
    for path in files:
        ev.add_rows(store.read_parquet(path, columns=_EVIDENCE_COLUMNS).to_pylist())
    return ev


@dataclass
class _Stats:
    stories: int = 0
    mentions: int = 0
    first: date | None = None
    last: date | None = None


def apply_ids(
    store: Store, files: list[str], res: Resolution, commit_id: str
) -> tuple[dict[str, str], dict[str, _Stats]]:
    """Surviving ids per row; stage a rewrite of each file whose ids change (final → staged)."""
    stats: dict[str, _Stats] = defaultdict(_Stats)
    staged: dict[str, str] = {}
    for path in files:
        table = store.read_parquet(path, columns=_EVIDENCE_COLUMNS[:5])
        rows = table.to_pylist()
        ids = [res.by_key[name_key(r["entity"], r["label"])] for r in rows]
        seen: set[tuple[str, str]] = set()
        for r, eid in zip(rows, ids, strict=True):
            s = stats[eid]
            s.mentions += int(r["mentions"] or 0)
            if (eid, r["story_id"]) not in seen:
                seen.add((eid, r["story_id"]))
                s.stories += 1
            if r["date"] is not None:
                s.first = min(s.first or r["date"], r["date"])
                s.last = max(s.last or r["date"], r["date"])
        old = _stored_ids(store, path)
        if old != ids:
            table = store.read_parquet(path)  # every column, only for a file that changes
            kept = file_meta(table)
            if old is not None:
                table = table.drop_columns(["entity_id"])
            table = table.append_column("entity_id", pa.array(ids, pa.string()))
            table = table.select(ENTITIES.names).cast(ENTITIES)
            staged[path] = store.staged_path(commit_id, path)
            store.write_parquet(staged[path], table, kept)
    return staged, stats


def _stored_ids(store: Store, path: str) -> list[str] | None:
    """The file's entity_id column; None for a file written before the column existed."""
    with store.fs.open(path, "rb") as fh:
        if "entity_id" not in pq.read_schema(fh).names:
            return None
    return store.read_parquet(path, columns=["entity_id"])["entity_id"].to_pylist()


def catalog_table(
    res: Resolution,
    stats: dict[str, _Stats],
    prior: dict[str, tuple[CatalogEntry, str]],
    run_id: str,
) -> pa.Table:
    """Catalog rows sorted by id; an unchanged entry keeps the run_id that last changed it."""
    rows = []
    for eid in sorted(res.entries):
        entry = res.entries[eid]
        s = stats.get(eid)
        if s is not None and entry.merged_into is None:
            entry.n_stories, entry.n_mentions = s.stories, s.mentions
            entry.first_seen, entry.last_seen = s.first, s.last
        before = prior.get(eid)
        changed = before is None or before[0] != entry
        row = {name: getattr(entry, name) for name in _ENTRY_FIELDS}  # asdict deep-copies
        rows.append({**row, "run_id": run_id if changed else before[1]})
    return pa.Table.from_pylist(rows, schema=ENTITY_CATALOG)


def prewarm_in_background() -> None:
    """Load what resolution needs (the gazetteer, ~1 s) in a thread, while the shards run.

    Resolution runs after the last shard, with the workers idle: whatever it loads then is
    paid on one core, on the run's critical path.
    """
    threading.Thread(target=G.warm, name="prewarm-resolution", daemon=True).start()


def resolve_entities(store: Store, run: RunInfo) -> ResolveSummary:
    """Build and commit the entity catalog for everything committed so far (lock held here)."""
    commit_id = f"{run.run_id}-resolve"
    summary = ResolveSummary()
    with out_lock(store):
        recover(store)
        prior = read_catalog(store)
        files = entity_files(store)
        if not files and not prior:
            return summary
        res = resolve(gather_evidence(store, files), {k: v[0] for k, v in prior.items()})
        staged, stats = apply_ids(store, files, res, commit_id)
        table = catalog_table(res, stats, prior, run.run_id)
        summary.entities = sum(e.merged_into is None for e in res.entries.values())
        summary.retired = len(res.entries) - summary.entities
        summary.merged = dict(Counter(res.merged))
        summary.files_rewritten = len(staged)
        if staged or not _same_catalog(store, table):
            final = store.catalog_file()
            staged[final] = store.staged_path(commit_id, final)
            store.write_parquet(staged[final], table, file_metadata(run_id=run.run_id))
            summary.catalog_written = True
        commit_replacements(store, commit_id, staged)
    return summary


def _same_catalog(store: Store, table: pa.Table) -> bool:
    path = store.catalog_file()
    if not store.fs.exists(path):
        return False
    return store.read_parquet(path, schema=ENTITY_CATALOG).equals(table)
