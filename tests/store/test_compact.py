"""Compaction: same rows exactly once, fewer and sorted files, big row groups, crash-safe."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tasks.store import compact, journal
from tasks.store.lock import out_lock
from tasks.store.outdir import Store
from tasks.store.schemas import REJECTS

DAY = date(2022, 3, 23)
OTHER_DAY = date(2022, 3, 24)
AT = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def _rejects(run: str, paths: list[str], day: date = DAY) -> pa.Table:
    n = len(paths)
    return pa.table(
        {
            "source_path": paths,
            "source_index": list(range(n)),
            "date": [day] * n,
            "reason": ["malformed_json"] * n,
            "detail": [f"line {i}" for i in range(n)],
            "raw_sha256": ["x"] * n,
            "parser_version": ["1.0.0"] * n,
            "run_id": [run] * n,
            "rejected_at": [AT] * n,
        },
        schema=REJECTS,
    )


def fill_rejects(store: Store, files: dict[str, list[str]], day: date = DAY) -> None:
    """One committed-looking file per commit id (compaction only reads data files)."""
    for commit_id, paths in files.items():
        meta = {"wirecopy.schema_version": "1", "wirecopy.run_id": commit_id}
        store.write_parquet(
            store.data_file("rejects", day, commit_id), _rejects(commit_id, paths, day), meta
        )


def _all_rows(store: Store) -> list[tuple]:
    table = ds.dataset(
        store.path("rejects"),
        format="parquet",
        partitioning="hive",
        schema=REJECTS.append(pa.field("day", pa.string())),
    ).to_table()
    return sorted(zip(*[table[c].to_pylist() for c in table.column_names], strict=True))


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(str(tmp_path))
    rng = random.Random(7)
    names = [f"feed/{rng.randrange(10**6):06d}.jsonl" for _ in range(600)]
    fill_rejects(store, {f"run{k}-s{k:05d}": names[k * 50 : (k + 1) * 50] for k in range(12)})
    fill_rejects(store, {"run0-s00001": ["only/one.jsonl"]}, day=OTHER_DAY)  # nothing to merge
    return store


def test_rows_identical_fewer_files_sorted(store):
    before = _all_rows(store)
    result = compact.compact_store(store)
    assert (result.partitions, result.files_before, result.files_after) == (1, 12, 1)
    assert result.skipped == 1  # the one-file partition is left alone
    assert _all_rows(store) == before  # every row, exactly once
    (merged,) = store.files_in("rejects", DAY)
    table = pq.read_table(merged, filesystem=store.fs)
    keys = list(
        zip(table["source_path"].to_pylist(), table["source_index"].to_pylist(), strict=True)
    )
    assert keys == sorted(keys)  # SORT_KEYS of rejects
    kv = pq.read_metadata(merged).metadata
    assert kv[b"wirecopy.schema_version"] == b"1"  # shared value kept
    assert kv[b"wirecopy.run_id"] == b"mixed"  # differing values: rows carry their run_id
    assert kv[b"wirecopy.compacted_from_files"] == b"12"
    assert not list(store.fs.find(store.path("_staging")))
    assert not list(store.fs.find(store.path("_journal")))


def test_second_compaction_is_a_noop(store):
    compact.compact_store(store)
    files = store.files_in("rejects", DAY)
    again = compact.compact_store(store)
    assert again.partitions == 0 and store.files_in("rejects", DAY) == files


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (50, 50),  # less than a row group's worth: one group of everything
        (100_000, 100_000),
        (199_999, 199_999),  # two groups would be < 100k each: one group
        (250_000, 125_000),  # two groups, both >= 100k
        (1_000_000, 100_000),
    ],
)
def test_row_group_size_keeps_groups_at_least_100k(rows, expected):
    assert compact.row_group_size(rows) == expected


def test_big_partition_gets_big_row_groups_and_is_split_by_max_rows(tmp_path):
    store = Store(str(tmp_path))
    fill_rejects(store, {f"r{k}-s1": [f"p{k}-{i:06d}" for i in range(70_000)] for k in range(3)})
    before = _all_rows(store)
    result = compact.compact_store(store, max_rows_per_file=150_000)
    assert result.files_after == 2  # 210k rows at most 150k per file → two of 105k
    for path in store.files_in("rejects", DAY):
        meta = pq.read_metadata(path)
        assert meta.num_rows == 105_000
        assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [105_000]
    assert _all_rows(store) == before


def test_crash_after_journal_keeps_old_files_then_recovers(store, monkeypatch):
    before, files = _all_rows(store), store.files_in("rejects", DAY)
    monkeypatch.setattr(
        journal, "apply_journal", lambda *a: (_ for _ in ()).throw(SystemExit("killed"))
    )
    with pytest.raises(SystemExit):
        compact.compact_store(store)
    monkeypatch.undo()
    assert store.files_in("rejects", DAY) == files  # nothing applied: old state intact
    assert _all_rows(store) == before
    with out_lock(store):
        assert journal.recover(store) == 1  # what the next commit or run does first
    assert len(store.files_in("rejects", DAY)) == 1
    assert _all_rows(store) == before


def test_crash_between_moves_and_deletes_recovers_to_exactly_once(store, monkeypatch):
    before = _all_rows(store)
    real_rm = store.fs.rm
    calls = {"n": 0}

    def dying_rm(path, *a, **kw):  # the first delete of an old data file "kills" the process
        if "/rejects/" in str(path) and "_staging" not in str(path):
            calls["n"] += 1
            raise SystemExit("killed mid-apply")
        return real_rm(path, *a, **kw)

    monkeypatch.setattr(type(store.fs), "rm", lambda self, path, *a, **kw: dying_rm(path, *a, **kw))
    with pytest.raises(SystemExit):
        compact.compact_store(store)
    monkeypatch.undo()
    assert calls["n"] == 1
    assert len(_all_rows(store)) == 2 * len(before) - 1  # merged file + old ones: duplicates
    compact.compact_store(store)  # recovers first (under the lock), then finds it compact
    assert _all_rows(store) == before
    assert len(store.files_in("rejects", DAY)) == 1
