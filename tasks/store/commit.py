"""Atomic, idempotent commits of staged shard output, guarded by a lock on the out folder.

Protocol (redo journal): a shard's files are fully written under `_staging/<commit_id>/`.
Under the lock, the committer works out which existing rows the new rows replace (same
records, or older bytes of the same raw file), stages rewritten copies of the files that
hold them, and publishes a journal (`tasks.store.journal`) listing every rename and delete.
Each step is idempotent, so a crash at any instant is finished by the next commit or run
(`recover`) before it reads anything: readers see each file whole, never a partial file, and
a story's rows exactly once once the journal is applied.

Two runs at once on one out folder are safe: commits are serialised by `<out>/_lock`
(tasks.store.lock). A record's `commit_seq` is taken under the lock, at commit time, so the
ledger's order is the order in which rows became visible, whatever order runs staged them.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from tasks.store import inbox
from tasks.store.journal import file_meta, publish, recover
from tasks.store.ledger import LEDGER, Key, LedgerCache, current_state
from tasks.store.outdir import Store
from tasks.store.row_keys import key_columns, keys_of, partition_files, row_keys
from tasks.store.schemas import DATASETS


@dataclass
class StagedCommit:
    """What a shard produced: staged files (final path → staged path) and its ledger rows."""

    commit_id: str
    files: dict[str, str] = field(default_factory=dict)
    ledger_path: str = ""  # staged ledger file
    records: dict[str, tuple[str, list[int]]] = field(default_factory=dict)  # path → (fp, idx)


@dataclass
class CommitResult:
    commit_id: str
    files_added: int
    files_rewritten: int
    rows_replaced: int


def commit(store: Store, staged: StagedCommit) -> CommitResult:
    """Make a staged shard visible, replacing rows of the records it redoes (lock held)."""
    recover(store)
    if store.fs.exists(store.ledger_file(staged.commit_id)):
        # Already committed (a task retried after its commit went through): committing the
        # same id again would move the new files onto the old names, then delete them as
        # "replaced" rows. The staged copy is the same shard: drop it.
        _remove_staging(store, staged.commit_id)
        return CommitResult(staged.commit_id, 0, 0, 0)
    tables = _ledger_cache(store).tables(store.fs, store.ledger_files())
    seq = _stamp_commit_seq(store, staged, tables)
    state = current_state(tables, paths=staged.records)
    stale = _replaced_records(state, staged.records)
    rewrites, deletes, replaced = _stage_rewrites(store, staged.commit_id, state, stale)
    # the corpus steps' inbox files (the shard's, and what this commit removes) carry the
    # commit's sequence in their names: the steps take them in in commit order
    rewrites = {inbox.sequenced(store, dst, seq): src for dst, src in rewrites.items()}
    files = {inbox.sequenced(store, dst, seq): src for dst, src in staged.files.items()}
    moves = [[src, dst] for dst, src in sorted(files.items())]
    moves += [[src, dst] for dst, src in sorted(rewrites.items())]
    if staged.ledger_path:
        moves.append([staged.ledger_path, store.ledger_file(staged.commit_id)])
    journal = {"commit_id": staged.commit_id, "moves": moves, "deletes": deletes}
    publish(store, journal)
    return CommitResult(staged.commit_id, len(staged.files), len(rewrites), replaced)


def commit_replacements(store: Store, commit_id: str, files: dict[str, str]) -> int:
    """Make staged whole-file replacements visible (lock held): journal, then one rename each.

    For files rewritten in place (the entity catalog, entities files whose ids a merge
    changed): a rename replaces the old file atomically, so readers see the old or the new
    file, never a mix; a crash after the journal is finished by the next `recover`.
    """
    recover(store)
    if not files:
        return 0
    moves = [[src, dst] for dst, src in sorted(files.items())]
    journal = {"commit_id": commit_id, "moves": moves, "deletes": []}
    publish(store, journal)
    return len(files)


def _stamp_commit_seq(store: Store, staged: StagedCommit, tables: list[pa.Table]) -> int:
    """Give the staged ledger rows a `commit_seq` taken now, under the lock; return it.

    Shards stamp a sequence when they stage; two runs staging the same file in one order and
    committing in the other would leave the ledger naming the loser's bytes as current while
    the datasets hold the winner's rows (and later replacements would miss them).
    """
    last = max((pc.max(t["commit_seq"]).as_py() or 0 for t in tables if t.num_rows), default=0)
    seq = max(time.time_ns(), last + 1)
    if not staged.ledger_path or not store.fs.exists(staged.ledger_path):
        return seq
    table = store.read_parquet(staged.ledger_path, schema=LEDGER)
    table = table.set_column(
        table.schema.get_field_index("commit_seq"),
        LEDGER.field("commit_seq"),
        pa.array([seq] * table.num_rows, pa.int64()),
    )
    meta = file_meta(store.read_parquet(staged.ledger_path))
    store.write_parquet(staged.ledger_path, table, meta)
    return seq


def discard_staging(store: Store, commit_id: str) -> None:
    """Remove a staged commit that will never be committed (nothing of it is visible)."""
    _remove_staging(store, commit_id)


def _remove_staging(store: Store, commit_id: str) -> None:
    staging = store.staging_dir(commit_id)
    if store.fs.exists(staging):
        store.fs.rm(staging, recursive=True)


_CACHES: dict[str, LedgerCache] = {}


def _ledger_cache(store: Store) -> LedgerCache:
    return _CACHES.setdefault(store.url, LedgerCache())


def _replaced_records(
    state: dict[Key, object], records: dict[str, tuple[str, list[int]]]
) -> set[Key]:
    """Committed records the new commit supersedes: same (path, index), or older bytes."""
    stale: set[Key] = set()
    for key, entry in state.items():
        path, index = key
        if path in records:
            fingerprint, indices = records[path]
            if entry.fingerprint != fingerprint or index in set(indices):
                stale.add(key)
    return stale


def _stage_rewrites(store, commit_id, state, stale: set[Key]):
    """Stage copies of committed files without the stale rows; list the originals to delete;
    stage what was removed for the corpus steps' inboxes (tasks.store.inbox)."""
    if not stale:
        return {}, [], 0
    by_day: dict[str, dict[date, set]] = defaultdict(lambda: defaultdict(set))
    gone_stories: list[tuple[str, date]] = []
    gone_entities: list[pa.Table] = []
    for key in stale:
        entry = state[key]
        if entry.day is None:
            continue
        if entry.outcome == "story":
            gone_stories.append((entry.story_id, entry.day))
            for ds in ("stories", "quotes", "entities", "_dedup"):
                by_day[ds][entry.day].add(entry.story_id)
        elif entry.outcome == "reject":
            by_day["rejects"][entry.day].add(f"{key[0]}\0{key[1]}")
    rewrites: dict[str, str] = {}
    deletes: list[str] = []
    replaced = 0
    for dataset, days in by_day.items():
        for day, ids in days.items():
            wanted = pa.array(sorted(ids), pa.string())
            for n, (path, version) in enumerate(partition_files(store, dataset, day)):
                drop = pc.is_in(row_keys(store, dataset, path, version), value_set=wanted)
                hits = pc.sum(drop).as_py() or 0
                if not hits:
                    continue  # most files hold none of the replaced rows: only their keys read
                replaced += hits if dataset in ("stories", "rejects") else 0
                deletes.append(path)
                if hits == len(drop) and dataset != "entities":
                    continue  # every row replaced: the file goes, nothing to rewrite
                table = store.read_parquet(path)
                mask = _row_mask(dataset, table, wanted)
                if dataset == "entities":
                    gone_entities.append(table.filter(mask))
                if hits == len(drop):
                    continue
                kept = table.filter(pc.invert(mask))
                final = store.data_file(dataset, day, commit_id, suffix=f"-r{n}")
                staged = store.staged_path(commit_id, final)
                kept = kept.cast(DATASETS[dataset])  # the schema, whatever the file said
                store.write_parquet(staged, kept, file_meta(table))
                rewrites[final] = staged
    rewrites.update(inbox.stage_removed(store, commit_id, gone_stories, gone_entities))
    return rewrites, deletes, replaced


def compact_ledger(store: Store, commit_id: str, min_files: int = 32) -> int:
    """Merge the ledger's per-commit files into one (lock held); keeps only live entries.

    Live: the latest entry per record for each path's newest fingerprint (tombstones of
    pruned paths included), which is all `current_state` and `_replaced_records` consult.
    """
    files = store.ledger_files()
    if len(files) < min_files:
        return 0
    tables = _ledger_cache(store).tables(store.fs, files)
    table = pa.concat_tables(tables).sort_by([("commit_seq", "ascending")])
    rows = table.to_pylist()
    latest = {(r["source_path"], r["source_index"]): r for r in rows}
    newest = {r["source_path"]: r["fingerprint"] for r in rows}
    live = [r for r in latest.values() if r["fingerprint"] == newest[r["source_path"]]]
    final = store.ledger_file(f"{commit_id}-ledger")
    staged = store.staged_path(commit_id, final)
    store.write_parquet(staged, pa.Table.from_pylist(live, schema=LEDGER), {})
    journal = {"commit_id": commit_id, "moves": [[staged, final]], "deletes": files}
    publish(store, journal)
    return len(files)


def _row_mask(dataset: str, table: pa.Table, wanted: pa.Array) -> pa.Array:
    return pc.is_in(keys_of(dataset, table.select(key_columns(dataset))), value_set=wanted)


DELETED = "<deleted>"


def prune_missing(store: Store, run, present: set[str], commit_id: str) -> int:
    """Remove the rows of raw files that no longer exist (opt-in; lock held).

    Writes tombstones to the ledger so the records stay gone; returns records pruned.
    """
    from tasks.store.ledger import LedgerEntry, entries_table
    from tasks.store.outdir import file_metadata

    recover(store)
    state = current_state(_ledger_cache(store).tables(store.fs, store.ledger_files()))
    gone = {key: e for key, e in state.items() if key[0] not in present}
    if not gone:
        return 0
    seq = time.time_ns()
    tombs = [
        LedgerEntry(
            p,
            i,
            DELETED,
            run.parser_version,
            e.model_version,
            "deleted",
            None,
            None,
            seq,
            run.run_id,
        )
        for (p, i), e in sorted(gone.items())
    ]
    staged = StagedCommit(commit_id)
    staged.ledger_path = store.staged_path(commit_id, store.ledger_file(commit_id))
    store.write_parquet(staged.ledger_path, entries_table(tombs), file_metadata(run_id=run.run_id))
    staged.records = {p: (DELETED, []) for p, _ in gone}
    commit(store, staged)
    return len(gone)
