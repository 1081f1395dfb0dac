"""The committer's cache of data files' row keys (tasks.store.row_keys).

A wrong key set would make a commit miss rows it must replace (a story twice) or delete
rows it must keep, so the cache must follow a file rewritten under its own name.
"""

from __future__ import annotations

import os
from datetime import date

import pyarrow as pa

from tasks.store.outdir import Store
from tasks.store.row_keys import partition_files, row_keys

DAY = date(2022, 3, 23)


def _write(store: Store, path: str, table: pa.Table, mtime: int) -> None:
    store.write_parquet(path, table, {})
    os.utime(path, ns=(mtime, mtime))


def test_a_file_rewritten_under_its_name_is_read_again(tmp_path) -> None:
    store = Store(str(tmp_path))
    path = store.data_file("stories", DAY, "run1-s00001")
    _write(store, path, pa.table({"story_id": ["a", "b"]}), 10**18)
    ((listed, version),) = partition_files(store, "stories", DAY)
    assert listed == path
    assert row_keys(store, "stories", path, version).to_pylist() == ["a", "b"]
    # another process rewrote it (same name, other rows): size and time differ
    _write(store, path, pa.table({"story_id": ["c", "d", "e"]}), 10**18 + 10**9)
    ((_, newer),) = partition_files(store, "stories", DAY)
    assert newer != version
    assert row_keys(store, "stories", path, newer).to_pylist() == ["c", "d", "e"]


def test_reject_keys_are_path_and_index(tmp_path) -> None:
    store = Store(str(tmp_path))
    path = store.data_file("rejects", DAY, "run1-s00001")
    table = pa.table({"source_path": ["x.txt", "feed.jsonl"], "source_index": [0, 12]})
    store.write_parquet(path, table, {})
    ((_, version),) = partition_files(store, "rejects", DAY)
    keys = row_keys(store, "rejects", path, version).to_pylist()
    assert sorted(keys) == ["feed.jsonl\x0012", "x.txt\x000"]  # the writer sorts rows
