"""The cluster commit (tasks.dedup.index): only files with changed rows are rewritten, and
a commit killed half way is finished by the next one. (Which cluster a story was in lives in
the clustering state now, tests/dedup/test_cluster_state.py, not in an assignment log.)"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest

from tasks.dedup.index import commit_assignments, story_state
from tasks.dedup.records import Assignment
from tasks.enrich.rows import story_entity_columns
from tasks.ingest.records import RawRecord
from tasks.parse.rows import story_row
from tasks.parse.story import parse_story
from tasks.store.commit import recover
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo, new_buffers

RUN = RunInfo("r1", datetime(2026, 12, 1, tzinfo=UTC), "1.0.0", None)
TEXT = " date 1987-02-26 PORTLAND, Ore., Feb 26 - Northwest Timber Co said it will close a mill.\n"
DAYS = (date(1987, 2, 26), date(1987, 2, 27))


@pytest.fixture
def store(tmp_path) -> Store:
    """Two days, one file each, two stories per file, none clustered yet."""
    store = Store(str(tmp_path / "out"))
    story = parse_story(TEXT)
    for n, day in enumerate(DAYS):
        buf = new_buffers()["stories"]
        for i in range(2):
            raw = RawRecord(f"f{n}.jsonl", i, TEXT, "utf-8", "sha")
            buf.append({**story_row(raw, story, RUN), **story_entity_columns(None, RUN)})
        store.write_parquet(store.data_file("stories", day, f"c{n}"), buf.to_table(), {})
    return store


def _assignments(state, cluster: str) -> list[Assignment]:
    ids = sorted(state["story_id"].to_pylist())
    return [
        Assignment(s, cluster, s == ids[0], None if s == ids[0] else "exact", 1.0, 7) for s in ids
    ]


def test_pending_rows_get_their_cluster(store) -> None:
    state = story_state(store)
    assert state.num_rows == 4 and state["cluster_id"].null_count == 4
    changed = _assignments(state, "k1")
    assert commit_assignments(store, "r1-clusters", state, changed, "r1") == 2  # both files
    after = story_state(store)
    assert set(after["cluster_id"].to_pylist()) == {"k1"}
    assert sum(after["is_primary"].to_pylist()) == 1
    assert not store.fs.exists(store.path("_clusters"))  # no assignment log any more


def test_only_files_holding_a_changed_row_are_rewritten(store) -> None:
    state = story_state(store)
    commit_assignments(store, "r1-clusters", state, _assignments(state, "k1"), "r1")
    before = {day: store.files_in("stories", day) for day in DAYS}
    state = story_state(store)
    primary = next(a for a in _assignments(state, "k1") if a.is_primary)
    row = next(r for r in state.to_pylist() if r["story_id"] == primary.story_id)
    changed = [Assignment(primary.story_id, "k2", True, None, 1.0, 7)]  # one row changes
    assert commit_assignments(store, "r2-clusters", state, changed, "r2") == 1
    untouched = next(d for d in DAYS if d != row["day"])
    assert store.files_in("stories", untouched) == before[untouched]


def test_a_journal_left_by_a_kill_is_finished_by_recover(store, monkeypatch) -> None:
    from tasks.store import journal

    state = story_state(store)
    monkeypatch.setattr(
        journal, "apply_journal", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt)
    )
    with pytest.raises(KeyboardInterrupt):
        commit_assignments(store, "r1-clusters", state, _assignments(state, "k1"), "r1")
    assert story_state(store)["cluster_id"].null_count == 4  # nothing visible yet
    monkeypatch.undo()
    assert recover(store) == 1
    assert set(story_state(store)["cluster_id"].to_pylist()) == {"k1"}
    for day in DAYS:
        for f in store.files_in("stories", day):
            pq.ParquetFile(f)  # every file whole
