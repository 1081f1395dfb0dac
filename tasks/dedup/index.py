"""The dedup index under the out folder, and the staging of cluster assignments.

- `_dedup/day=…/part-*.parquet`: one signature row per story (schema `DEDUP_INDEX`), staged and
  committed with the story's own rows by its shard, replaced with them (tasks.store.commit).
  Clustering reads the rows of the candidates it found in its prints (tasks.dedup.prints),
  by day; maintenance reads them all.
- the `stories` columns `cluster_id`, `is_primary`, `duplicate_kind`, `similarity`: null until
  the run's clustering step; it rewrites the files holding changed rows in the same journal as
  its state (tasks.dedup.cluster_state), so a reader sees the old assignment or the new one.

`story_state` (the cluster columns of every story) is a full scan: only maintenance and the
rebuild of a lost state call it, never a scheduled run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.dedup.records import Assignment, StorySignature
from tasks.store.journal import file_meta, publish, recover
from tasks.store.lsm import Changes
from tasks.store.outdir import Store, file_metadata
from tasks.store.rows import RunInfo
from tasks.store.schemas import DEDUP_INDEX, STORIES

CLUSTER_COLUMNS = ["cluster_id", "is_primary", "duplicate_kind", "similarity"]
STATE_COLUMNS = ["story_id", "date", *CLUSTER_COLUMNS]


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


def commit_assignments(
    store: Store,
    commit_id: str,
    state: pa.Table,
    changed: list[Assignment],
    run_id: str,
    new_signatures: dict[date, pa.Table] | None = None,
) -> int:
    """Stage and publish `stage_assignments` on its own (lock held); files rewritten."""
    changes, rewritten = stage_assignments(store, commit_id, state, changed, run_id, new_signatures)
    if changes.moves or changes.deletes:
        publish(store, {"commit_id": commit_id, "moves": changes.moves, "deletes": changes.deletes})
    return rewritten


def stage_assignments(
    store: Store,
    commit_id: str,
    state: pa.Table,
    changed: list[Assignment],
    run_id: str,
    new_signatures: dict[date, pa.Table] | None = None,
) -> tuple[Changes, int]:
    """Stage rewrites of the `stories` files holding changed rows; (journal entries, files).

    `state`: at least the changed stories' `story_id` and `day`. `new_signatures`: index rows
    computed here for stories committed without one (out folders from before the index).
    """
    changes = Changes()
    if not changed and not new_signatures:
        return changes, 0
    by_id = {a.story_id: a for a in changed}
    days = state.filter(pc.is_in(state["story_id"], value_set=pa.array(sorted(by_id), pa.string())))
    ids_by_day: dict[date, set[str]] = defaultdict(set)
    for r in days.select(["story_id", "day"]).to_pylist():
        ids_by_day[r["day"]].add(r["story_id"])
    rewritten = 0
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
            changes.moves.append([staged, final])
            changes.deletes.append(path)
            rewritten += 1
    for day, table in sorted((new_signatures or {}).items()):
        final = store.data_file("_dedup", day, commit_id)
        staged = store.staged_path(commit_id, final)
        store.write_parquet(staged, table, file_metadata(run_id=run_id))
        changes.moves.append([staged, final])
    return changes, rewritten


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
