"""The writer's promises on real files: atomic commits, replacement, crash recovery, locking."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tasks.run.shard import stage_tables
from tasks.store import commit as commits
from tasks.store import journal
from tasks.store.ledger import LedgerEntry, current_state, read_ledger_files
from tasks.store.lock import LockTimeout, out_lock
from tasks.store.outdir import Store
from tasks.store.rows import RowBuffer, RunInfo
from tasks.store.schemas import STORIES

DAY = date(2022, 3, 23)


def _run(n: int) -> RunInfo:
    return RunInfo(f"run{n}", datetime(2026, 11, 28, 3, n, tzinfo=UTC), "1.0.0", None)


def _story(sid: str, path: str, run: RunInfo, body: str = "text") -> dict:
    row = {name: None for name in STORIES.names}
    row.update(
        story_id=sid,
        source_path=path,
        source_index=0,
        date=DAY,
        lede=body,
        body=body,
        paragraphs=[body],
        n_paragraphs=1,
        n_words=1,
        n_quotes=0,
        n_persons=0,
        n_orgs=0,
        n_places=0,
        n_entities=0,
        encoding="utf-8",
        raw_sha256="x",
        parser_version="1.0.0",
        run_id=run.run_id,
        ingested_at=run.started_at,
    )
    return row


def _stage(store: Store, run: RunInfo, stories: dict[str, str], fp: str, seq: int):
    """Stage one commit holding one story per path (story_id = path)."""
    buf = RowBuffer(STORIES)
    ledger = []
    for path, body in stories.items():
        buf.append(_story(path, path, run, body))
        ledger.append(LedgerEntry(path, 0, fp, "1.0.0", "", "story", path, DAY, seq, run.run_id))
    return stage_tables(store, f"{run.run_id}-s00001", {("stories", DAY): buf}, ledger, run, "")


def _rows(store: Store) -> list[tuple[str, str]]:
    table = ds.dataset(store.path("stories"), format="parquet", partitioning="hive").to_table()
    return sorted(zip(table["story_id"].to_pylist(), table["body"].to_pylist(), strict=True))


def test_commit_makes_staged_files_visible_and_cleans_staging(tmp_path):
    store = Store(str(tmp_path))
    staged = _stage(store, _run(1), {"a.txt": "one", "b.txt": "two"}, "fp1", 1)
    assert not (tmp_path / "stories").exists()  # staged is not visible
    with out_lock(store):
        commits.commit(store, staged)
    assert _rows(store) == [("a.txt", "one"), ("b.txt", "two")]
    assert not [p for p in (tmp_path / "_staging").rglob("*") if p.is_file()]
    assert not list((tmp_path / "_journal").glob("*"))
    assert (tmp_path / "stories" / "day=2022-03-23").is_dir()


def test_changed_file_replaces_its_rows_and_keeps_others(tmp_path):
    store = Store(str(tmp_path))
    with out_lock(store):
        commits.commit(store, _stage(store, _run(1), {"a.txt": "old", "b.txt": "keep"}, "fp1", 1))
        result = commits.commit(store, _stage(store, _run(2), {"a.txt": "new"}, "fp2", 2))
    assert result.rows_replaced == 1
    assert _rows(store) == [("a.txt", "new"), ("b.txt", "keep")]
    state = current_state(read_ledger_files(store.fs, store.ledger_files()))
    assert state[("a.txt", 0)].fingerprint == "fp2"
    assert state[("b.txt", 0)].fingerprint == "fp1"


def test_crash_after_journal_is_finished_by_recover(tmp_path):
    store = Store(str(tmp_path))
    with out_lock(store):
        commits.commit(store, _stage(store, _run(1), {"a.txt": "old"}, "fp1", 1))
    staged = _stage(store, _run(2), {"a.txt": "new", "c.txt": "more"}, "fp2", 2)
    # Simulate a crash right after the journal was written: nothing applied yet.
    real_apply = journal.apply_journal
    journal.apply_journal = lambda *a: (_ for _ in ()).throw(SystemExit("killed"))
    try:
        with pytest.raises(SystemExit), out_lock(store):
            commits.commit(store, staged)
    finally:
        journal.apply_journal = real_apply
    assert _rows(store) == [("a.txt", "old")]  # the old state is intact and readable
    with out_lock(store):
        assert journal.recover(store) == 1
    assert _rows(store) == [("a.txt", "new"), ("c.txt", "more")]


def test_half_applied_journal_is_idempotent(tmp_path):
    store = Store(str(tmp_path))
    staged = _stage(store, _run(1), {"a.txt": "x"}, "fp1", 1)
    todo = {
        "commit_id": staged.commit_id,
        "moves": [[s, d] for d, s in staged.files.items()]
        + [[staged.ledger_path, store.ledger_file(staged.commit_id)]],
        "deletes": [],
    }
    store.write_json(store.journal_file(staged.commit_id), todo)
    journal.apply_journal(store, todo)  # applied once, journal not yet removed
    with out_lock(store):
        assert journal.recover(store) == 1  # applying again changes nothing
    assert _rows(store) == [("a.txt", "x")]


def test_files_are_zstd_sorted_and_carry_versions(tmp_path):
    store = Store(str(tmp_path))
    with out_lock(store):
        commits.commit(store, _stage(store, _run(1), {"b.txt": "2", "a.txt": "1"}, "fp", 1))
    (path,) = (tmp_path / "stories").rglob("*.parquet")
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    kv = meta.metadata
    assert kv[b"wirecopy.schema_version"] == b"1" and kv[b"wirecopy.parser_version"] == b"1.0.0"
    assert pq.read_table(path)["story_id"].to_pylist() == ["a.txt", "b.txt"]


def test_stale_lock_of_a_dead_process_is_broken(tmp_path):
    store = Store(str(tmp_path))
    dead = {"pid": 2**22 + 12345, "host": os.uname().nodename, "at": 1e12}
    (tmp_path / "_lock").write_text(json.dumps(dead))
    with out_lock(store, timeout=5):
        assert json.loads((tmp_path / "_lock").read_text())["pid"] == os.getpid()
    assert not (tmp_path / "_lock").exists()


def test_live_lock_times_out(tmp_path):
    store = Store(str(tmp_path))
    with (
        out_lock(store),
        pytest.raises(LockTimeout),
        out_lock(store, timeout=0.3),
    ):
        pass


@pytest.mark.parametrize("bad", ["../x", "a/b", "", "a\nb", "%2F"])
def test_ids_that_could_escape_are_refused(tmp_path, bad):
    with pytest.raises(ValueError):
        Store(str(tmp_path)).data_file("stories", DAY, bad)


def test_partition_value_must_be_a_date(tmp_path):
    with pytest.raises(TypeError):
        Store(str(tmp_path)).partition_dir("stories", "2022-03-23/../../etc")  # type: ignore[arg-type]


def test_prune_removes_rows_of_deleted_sources_and_remembers_it(tmp_path):
    store = Store(str(tmp_path))
    with out_lock(store):
        commits.commit(store, _stage(store, _run(1), {"a.txt": "gone", "b.txt": "stays"}, "f", 1))
        assert commits.prune_missing(store, _run(2), {"b.txt"}, "run2-prune") == 1
        assert commits.prune_missing(store, _run(3), {"b.txt"}, "run3-prune") == 0
    assert _rows(store) == [("b.txt", "stays")]
    state = current_state(read_ledger_files(store.fs, store.ledger_files()))
    assert set(state) == {("b.txt", 0)}


def test_ledger_compaction_keeps_the_same_state(tmp_path):
    store = Store(str(tmp_path))
    with out_lock(store):
        for n in range(1, 5):  # a.txt changes every commit; b.txt only once
            files = {"a.txt": f"v{n}"} | ({"b.txt": "b"} if n == 1 else {})
            commits.commit(store, _stage(store, _run(n), files, f"fp{n}", n))
        before = current_state(read_ledger_files(store.fs, store.ledger_files()))
        assert commits.compact_ledger(store, "run9-compact", min_files=2) == 4
    assert len(store.ledger_files()) == 1
    assert current_state(read_ledger_files(store.fs, store.ledger_files())) == before
    assert _rows(store) == [("a.txt", "v4"), ("b.txt", "b")]
