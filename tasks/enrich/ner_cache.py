"""The NER cache files, `<out>/_ner_cache/part-<commit_id>.parquet`: written through the store.

Each shard commit adds one file holding the spans it computed (tasks.enrich.cached_ner), staged
and journaled with the shard's rows, so a kill -9 at any instant leaves either the whole file
or none of it, and never an entry without the commit that made it. Files are immutable, sorted
by the int64 key prefix `k`, in small row groups.

Lookup cost: a shard reads the `k` column of every file (8 bytes an entry; remembered per
process for files already seen, within a fixed budget) and then only the row groups that
hold its hits, so a lookup costs the key column plus its own entries, however big the cache.
Compaction (`compact_ner_cache`) merges the files and drops entries no committed story
lists in `stories.ner_keys`, so the cache stays the size of what the datasets use.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.enrich.cached_ner import Key, short_key
from tasks.enrich.canonical import Span
from tasks.store.journal import publish, recover
from tasks.store.outdir import Store, file_metadata
from tasks.store.schemas import NER_CACHE

ROW_GROUP = 1024  # entries per row group: a lookup decodes only the groups holding its hits
KEY_BUDGET = 8_000_000  # int64 key prefixes remembered per process (64 MB at most)

_keys_lock = threading.Lock()
_keys: OrderedDict[str, np.ndarray] = OrderedDict()  # file path → its sorted `k` column


def entries_table(entries: dict[Key, list[Span]]) -> pa.Table:
    """Entries as a table sorted by `k` (the order lookups binary-search)."""
    keys = sorted(entries, key=short_key)
    return pa.Table.from_pydict(
        {
            "k": [short_key(k) for k in keys],
            "key": keys,
            "starts": [[s for s, _, _ in entries[k]] for k in keys],
            "ends": [[e for _, e, _ in entries[k]] for k in keys],
            "labels": [[lab for _, _, lab in entries[k]] for k in keys],
        },
        schema=NER_CACHE,
    )


def stage_entries(store: Store, commit_id: str, entries: dict[Key, list[Span]]) -> tuple[str, str]:
    """Write a commit's new entries under its staging dir; returns (final path, staged path)."""
    final = store.ner_cache_file(commit_id)
    staged = store.staged_path(commit_id, final)
    store.write_parquet(staged, entries_table(entries), file_metadata(), row_group_size=ROW_GROUP)
    return final, staged


def fetch_spans(store: Store, keys: Iterable[Key]) -> dict[Key, list[Span]]:
    """Committed spans of `keys` (those the cache holds); reads only row groups with hits."""
    wanted: dict[int, list[Key]] = {}
    for key in keys:
        wanted.setdefault(short_key(key), []).append(key)
    if not wanted:
        return {}
    files = store.ner_cache_files()
    _forget_except(set(files))
    probe = np.fromiter(wanted, dtype=np.int64, count=len(wanted))
    probe.sort()
    out: dict[Key, list[Span]] = {}
    for path in files:
        ks = _file_keys(store, path)
        pos = np.searchsorted(ks, probe)
        ok = pos < len(ks)
        ok[ok] = ks[pos[ok]] == probe[ok]
        if not ok.any():
            continue
        groups = sorted({int(p) // ROW_GROUP for p in pos[ok]})
        with store.fs.open(path, "rb") as fh:
            table = pq.ParquetFile(fh).read_row_groups(groups)
        hit = pc.is_in(table["k"], value_set=pa.array(probe[ok], pa.int64()))
        for row in table.filter(hit).to_pylist():
            full = row["key"]
            if full in wanted.get(row["k"], ()) and full not in out:
                out[full] = list(zip(row["starts"], row["ends"], row["labels"], strict=True))
    return out


def _file_keys(store: Store, path: str) -> np.ndarray:
    """The sorted `k` column of a cache file; files never change, so it is read once."""
    with _keys_lock:
        if path in _keys:
            _keys.move_to_end(path)
            return _keys[path]
    with store.fs.open(path, "rb") as fh:
        ks = pq.read_table(fh, columns=["k"])["k"].to_numpy()
    with _keys_lock:
        _keys[path] = ks
        while sum(len(v) for v in _keys.values()) > KEY_BUDGET and len(_keys) > 1:
            _keys.popitem(last=False)
    return ks


def _forget_except(files: set[str]) -> None:
    """Drop remembered keys of files compaction removed (their entries moved elsewhere)."""
    with _keys_lock:
        for path in [p for p in _keys if p not in files]:
            del _keys[path]


def live_keys(store: Store) -> np.ndarray:
    """Sorted distinct cache keys listed by committed stories (`stories.ner_keys`)."""
    parts = [np.empty(0, np.int64)]
    for day in store.partitions("stories"):
        for path in store.files_in("stories", day):
            if "ner_keys" not in pq.read_schema(path, filesystem=store.fs).names:
                continue  # written before the cache existed: it lists no entries
            col = store.read_parquet(path, columns=["ner_keys"])["ner_keys"]
            parts.append(pc.list_flatten(col).to_numpy(zero_copy_only=False).astype(np.int64))
    return np.unique(np.concatenate(parts))


def compact_ner_cache(store: Store, commit_id: str) -> dict[str, int]:
    """Merge the cache files into one, keeping only entries some committed story uses.

    Under the out lock (take it before calling), through the journal: a crash leaves the old
    files or the new one, never a mix, and never a lost entry that a committed story lists.
    """
    recover(store)
    files = store.ner_cache_files()
    if not files:
        return {"files_before": 0, "entries_before": 0, "entries_after": 0}
    live = pa.array(live_keys(store), pa.int64())
    kept, before = [], 0
    for path in files:
        table = store.read_parquet(path, schema=NER_CACHE)
        before += table.num_rows
        kept.append(table.filter(pc.is_in(table["k"], value_set=live)))
    merged = pa.concat_tables(kept).sort_by([("k", "ascending")])
    _, first = np.unique(merged["key"].to_numpy(zero_copy_only=False), return_index=True)
    merged = merged.take(pa.array(np.sort(first)))  # one row per key
    final = store.ner_cache_file(commit_id)
    staged = store.staged_path(commit_id, final)
    meta = file_metadata(compacted_from_files=str(len(files)))
    store.write_parquet(staged, merged, meta, row_group_size=ROW_GROUP)
    deletes = [p for p in files if p != final]
    publish(store, {"commit_id": commit_id, "moves": [[staged, final]], "deletes": deletes})
    return {"files_before": len(files), "entries_before": before, "entries_after": len(merged)}
