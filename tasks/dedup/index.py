"""The dedup index under the out folder, and the commit that writes cluster assignments.

- `_dedup/day=…/part-*.parquet`: one signature row per story (schema `DEDUP_INDEX`), staged and
  committed with the story's own rows by its shard, replaced with them (tasks.store.commit).
- `_clusters/<commit_id>.parquet`: the assignment log (`CLUSTER_LOG`), append-only, latest row
  per story wins; it keeps a story's cluster id and `first_seen` when its rows are replaced.
- the `stories` columns `cluster_id`, `is_primary`, `duplicate_kind`, `similarity`: null until
  the run's clustering step; it rewrites the files holding changed rows and appends the log in
  one journaled commit, so a reader sees the old assignment or the new one, never a mix.

Reads are column-pruned and streamed file by file: the state scan holds a few small columns
per story, the signature scan one file at a time.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.dedup.records import Assignment, StorySignature
from tasks.store.journal import file_meta, publish, recover
from tasks.store.outdir import Store, file_metadata
from tasks.store.rows import RunInfo
from tasks.store.schemas import CLUSTER_LOG, DEDUP_INDEX, STORIES

CLUSTER_COLUMNS = ["cluster_id", "is_primary", "duplicate_kind", "similarity"]
STATE_COLUMNS = ["story_id", "date", *CLUSTER_COLUMNS]
LOG_DIR = "_clusters"


def story_state(store: Store) -> pa.Table:
    """story_id, day, date and the cluster columns of every committed story.

    Files written before the cluster columns existed read as null there: such stories are
    pending and get clustered (and their signature computed) by the next run.
    """
    parts = []
    for day in store.partitions("stories"):
        for path in store.files_in("stories", day):
            t = _read_columns(store, path, STATE_COLUMNS).cast(STORIES_STATE)
            parts.append(t.append_column("day", pa.array([day] * t.num_rows, pa.date32())))
    if not parts:
        return STATE_SCHEMA.empty_table()
    return pa.concat_tables(parts)


def _read_columns(store: Store, path: str, columns: list[str]) -> pa.Table:
    """Some `stories` columns of one file; columns the file predates come back null."""
    names = set(pq.read_schema(path, filesystem=store.fs).names)
    t = store.read_parquet(path, columns=[c for c in columns if c in names])
    for c in columns:
        if c not in names:
            t = t.append_column(c, pa.nulls(t.num_rows, STORIES.field(c).type))
    return t.select(columns)


STORIES_STATE = pa.schema([STORIES.field(c).remove_metadata() for c in STATE_COLUMNS])
STATE_SCHEMA = STORIES_STATE.append(pa.field("day", pa.date32()))


def iter_signature_tables(
    store: Store,
    days: Iterable[date] | None = None,
    only: set[str] | None = None,
    skip: set[str] | None = None,
) -> Iterator[pa.Table]:
    """Signature rows, one file at a time: of some days, of some stories, or all but some."""
    wanted = pa.array(sorted(only), pa.string()) if only is not None else None
    unwanted = pa.array(sorted(skip), pa.string()) if skip else None
    for day in sorted(days) if days is not None else store.partitions("_dedup"):
        for path in store.files_in("_dedup", day):
            t = store.read_parquet(path, schema=DEDUP_INDEX)
            if wanted is not None:
                t = t.filter(pc.is_in(t["story_id"], value_set=wanted))
            if unwanted is not None:
                t = t.filter(pc.invert(pc.is_in(t["story_id"], value_set=unwanted)))
            if t.num_rows:
                yield t


def iter_signatures(
    store: Store,
    days: Iterable[date] | None = None,
    only: set[str] | None = None,
    skip: set[str] | None = None,
) -> Iterator[StorySignature]:
    for t in iter_signature_tables(store, days, only, skip):
        for row in t.to_pylist():
            yield signature_of_row(row)


def signature_row(sig: StorySignature, run: RunInfo) -> dict:
    """One `_dedup` index row: a story's signature, committed with the story's rows."""
    return {
        **{name: getattr(sig, name) for name in DEDUP_INDEX.names if hasattr(sig, name)},
        "parser_version": run.parser_version,
        "run_id": run.run_id,
    }


def signature_of_row(row: dict) -> StorySignature:
    """The signature a `_dedup` row holds (the inverse of `signature_row`)."""
    fields = StorySignature.__dataclass_fields__
    return StorySignature(**{k: v for k, v in row.items() if k in fields})


def cluster_log(store: Store, ids: set[str]) -> dict[str, tuple[str, int]]:
    """Latest (cluster_id, first_seen) per story among `ids`, from the assignment log."""
    base = store.path(LOG_DIR)
    if not ids or not store.fs.exists(base):
        return {}
    wanted = pa.array(sorted(ids), pa.string())
    latest: dict[str, tuple[int, str, int]] = {}
    for path in sorted(p for p in store.fs.ls(base, detail=False) if p.endswith(".parquet")):
        t = store.read_parquet(path, schema=CLUSTER_LOG)
        t = t.filter(pc.is_in(t["story_id"], value_set=wanted))
        for r in t.to_pylist():
            old = latest.get(r["story_id"])
            if old is None or r["assigned_seq"] >= old[0]:
                latest[r["story_id"]] = (r["assigned_seq"], r["cluster_id"], r["first_seen"])
    return {sid: (cid, seen) for sid, (_, cid, seen) in latest.items()}


def changed_assignments(state: pa.Table, assignments: list[Assignment]) -> list[Assignment]:
    """Assignments that differ from what the `stories` rows say now."""
    if not assignments:
        return []
    ids = pa.array(sorted({a.story_id for a in assignments}), pa.string())
    rows = state.filter(pc.is_in(state["story_id"], value_set=ids)).to_pylist()
    now = {r["story_id"]: tuple(r[c] for c in CLUSTER_COLUMNS) for r in rows}
    return [
        a
        for a in assignments
        if now.get(a.story_id) != (a.cluster_id, a.is_primary, a.duplicate_kind, a.similarity)
    ]


def commit_assignments(
    store: Store,
    commit_id: str,
    state: pa.Table,
    changed: list[Assignment],
    run_id: str,
    new_signatures: dict[date, pa.Table] | None = None,
) -> int:
    """Rewrite the `stories` files holding changed rows and append the log (lock held).

    `new_signatures`: index rows computed here for stories committed without one (out folders
    written before the index existed), staged into the same commit.
    """
    if not changed and not new_signatures:
        return 0
    by_id = {a.story_id: a for a in changed}
    days = state.filter(pc.is_in(state["story_id"], value_set=pa.array(sorted(by_id), pa.string())))
    ids_by_day: dict[date, set[str]] = defaultdict(set)
    for r in days.select(["story_id", "day"]).to_pylist():
        ids_by_day[r["day"]].add(r["story_id"])
    moves, deletes, rewritten = [], [], 0
    for day in sorted(ids_by_day):
        value_set = pa.array(sorted(ids_by_day[day]), pa.string())
        for n, path in enumerate(store.files_in("stories", day)):
            keys = store.read_parquet(path, columns=["story_id"])
            if not pc.any(pc.is_in(keys["story_id"], value_set=value_set)).as_py():
                continue
            table = store.read_parquet(path)
            updated = _with_assignments(table, by_id)
            final = store.data_file("stories", day, commit_id, suffix=f"-c{n}")
            staged = store.staged_path(commit_id, final)
            store.write_parquet(staged, updated, file_meta(table))
            moves.append([staged, final])
            deletes.append(path)
            rewritten += 1
    for day, table in sorted((new_signatures or {}).items()):
        final = store.data_file("_dedup", day, commit_id)
        staged = store.staged_path(commit_id, final)
        store.write_parquet(staged, table, file_metadata(run_id=run_id))
        moves.append([staged, final])
    if changed:
        seq = time.time_ns()
        log = pa.Table.from_pylist(
            [
                {
                    "story_id": a.story_id,
                    "cluster_id": a.cluster_id,
                    "first_seen": a.first_seen,
                    "assigned_seq": seq,
                    "run_id": run_id,
                }
                for a in sorted(changed, key=lambda a: a.story_id)
            ],
            schema=CLUSTER_LOG,
        )
        final = store.cluster_log_file(commit_id)
        staged = store.staged_path(commit_id, final)
        store.write_parquet(staged, log, file_metadata(run_id=run_id))
        moves.append([staged, final])
    publish(store, {"commit_id": commit_id, "moves": moves, "deletes": deletes})
    return rewritten


def _with_assignments(table: pa.Table, by_id: dict[str, Assignment]) -> pa.Table:
    table = table.cast(STORIES) if table.schema.names == STORIES.names else _upgrade(table)
    ids = table["story_id"].to_pylist()
    for col in CLUSTER_COLUMNS:
        old = table[col].to_pylist()
        new = [getattr(by_id[i], col) if i in by_id else v for i, v in zip(ids, old, strict=True)]
        idx = table.schema.get_field_index(col)
        table = table.set_column(idx, STORIES.field(col), pa.array(new, STORIES.field(col).type))
    return table


def _upgrade(table: pa.Table) -> pa.Table:
    """A file written before the cluster columns: add them (null), in schema order."""
    cols = [
        table[f.name] if f.name in table.schema.names else pa.nulls(table.num_rows, f.type)
        for f in STORIES
    ]
    return pa.Table.from_arrays(cols, schema=STORIES)


__all__ = ["commit_assignments", "iter_signatures", "recover", "story_state"]
