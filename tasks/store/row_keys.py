"""The key column of committed data files, cached per file version, for the committer.

Why: a commit that replaces rows (a re-processed record, new bytes of a raw file) must find
the files that hold them, so it reads the keys of every file in each partition it touches.
In a `--reprocess all` every commit touches the same partitions: uncached, each of 24 commits
re-read ~100 files' keys (~0.15 s a commit, serialised under the lock). A file is cached under
its path, size and modification time as the listing gives them, so a file rewritten under the
same name (resolution, clustering) is read again; the cache holds at most MAX_FILES files.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from tasks.store.outdir import Store

MAX_FILES = 4096  # ~40 bytes a key: tens of MB at most, whatever the corpus size

_cache: OrderedDict[tuple, pa.Array] = OrderedDict()
_lock = threading.Lock()


def partition_files(store: Store, dataset: str, day: date) -> list[tuple[str, tuple]]:
    """The partition's data files, sorted, each with its version (size, modification time)."""
    base = store.partition_dir(dataset, day)
    if not store.fs.exists(base):
        return []
    infos = store.fs.ls(base, detail=True)
    return sorted(
        (info["name"], _version(info)) for info in infos if info["name"].endswith(".parquet")
    )


def _version(info: dict) -> tuple:
    # local: mtime; S3 and most object stores: LastModified / ETag
    stamp = info.get("mtime") or info.get("LastModified") or info.get("ETag") or info.get("etag")
    return (info.get("size"), str(stamp))


def row_keys(store: Store, dataset: str, path: str, version: tuple) -> pa.Array:
    """The file's row keys: story_id, or "source_path\\0source_index" for rejects."""
    key = (store.url, path, version)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    keys = keys_of(dataset, store.read_parquet(path, columns=key_columns(dataset)))
    with _lock:
        _cache[key] = keys
        while len(_cache) > MAX_FILES:
            _cache.popitem(last=False)
    return keys


def key_columns(dataset: str) -> list[str]:
    return ["source_path", "source_index"] if dataset == "rejects" else ["story_id"]


def keys_of(dataset: str, table: pa.Table) -> pa.Array:
    if dataset == "rejects":
        index = pc.cast(table["source_index"], pa.string())
        return pc.binary_join_element_wise(table["source_path"], index, "\0").combine_chunks()
    return table["story_id"].combine_chunks()
