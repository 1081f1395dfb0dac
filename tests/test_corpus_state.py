"""The corpus steps' state through real runs: batches, a lost state, kills, edits, no-ops.

A dated, self-written corpus (tests.corpus_state_data: people, their surnames, acronyms,
countries, exact copies and versions) is run once, all at once, as the reference. Rows are
compared without run metadata, the catalog without `run_id` (tests.etl_helpers): the state
may change how much a run reads, never what it writes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tasks.run.verify import repair_state, verify_state
from tasks.store import journal
from tasks.store.outdir import Store
from tests.corpus_state_data import DAYS, write_corpus
from tests.etl_helpers import check_out_folder, run_in_process, snapshot

pytestmark = pytest.mark.slow


def _run(raw: Path, out: Path, **kw) -> dict:
    return run_in_process(raw, out, workers=1, **kw)


def _catalog(out: Path, live_only: bool = False) -> list[dict]:
    table = ds.dataset(out / "entity_catalog", format="parquet").to_table()
    rows = [{k: v for k, v in r.items() if k != "run_id"} for r in table.to_pylist()]
    rows = [r for r in rows if r["merged_into"] is None] if live_only else rows
    return sorted(rows, key=lambda r: r["entity_id"])


def _same(a: Path, b: Path) -> None:
    assert snapshot(a) == snapshot(b)
    assert _catalog(a) == _catalog(b)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "raw")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "out"
    m = _run(corpus, out)
    assert m["dedup"]["edges"].get("exact") and m["dedup"]["edges"].get("version")
    assert m["catalog"]["retired"] > 0  # the corpus merges names
    check_out_folder(out)
    return out


def _copy_days(corpus: Path, raw: Path, days) -> None:
    for day in days:
        shutil.copytree(corpus / day, raw / day, dirs_exist_ok=True)


def test_five_batches_in_date_order_equal_all_at_once(corpus, reference, tmp_path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    for n in range(5):
        _copy_days(corpus, raw, DAYS[n * len(DAYS) // 5 : (n + 1) * len(DAYS) // 5])
        m = _run(raw, out)
        assert m["inputs"]["new"] > 0
    _same(out, reference)  # catalog, entity ids, clusters: row for row
    check_out_folder(out)
    assert verify_state(Store(str(out))).ok


def test_a_deleted_state_is_rebuilt_to_the_same_catalog_and_clusters(
    corpus, reference, tmp_path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    shutil.rmtree(out / "_state")
    m = _run(corpus, out)  # nothing new: the steps see no state and rebuild it
    assert m["inputs"]["new"] == 0 and m["catalog"]["rebuilt"] and m["dedup"]["rebuilt"]
    _same(out, reference)
    state = Store(str(out))
    assert verify_state(state).ok
    # and the rebuilt state carries on like the original one
    extra, original = tmp_path / "extra", tmp_path / "original"
    shutil.copytree(corpus, extra)
    (extra / DAYS[-1] / "late.txt").write_text((corpus / DAYS[0] / "who-1.txt").read_text())
    shutil.copytree(reference, original)
    _run(extra, out)
    _run(extra, original)
    _same(out, original)


KILLS = {
    # a kill -9 inside a corpus step, before its journal exists: nothing of it is visible
    "resolve-planning": ("tasks.enrich.resolve.update", None),
    "cluster-planning": ("tasks.dedup.clustering.assign", None),
    # ... and right after its journal is written: the next run's recover finishes it
    "resolve-journal": (None, "-resolve"),
    "cluster-journal": (None, "-clusters"),
}


@pytest.mark.parametrize("kill", list(KILLS))
def test_a_kill_in_a_corpus_step_then_a_rerun_equals_a_clean_run(
    corpus, reference, tmp_path, monkeypatch, kill
) -> None:
    target, journal_suffix = KILLS[kill]
    out = tmp_path / "out"

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("kill -9")  # not an Exception: nothing catches it

    if target:
        monkeypatch.setattr(target, killed)
    else:
        real = journal.apply_journal

        def apply(store, entry):
            if entry["commit_id"].endswith(journal_suffix):
                killed()
            real(store, entry)

        monkeypatch.setattr(journal, "apply_journal", apply)
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, out)
    monkeypatch.undo()
    _run(corpus, out)
    _same(out, reference)
    check_out_folder(out)


def test_edited_and_pruned_stories_keep_every_count_exact(corpus, reference, tmp_path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(corpus, raw)
    shutil.copytree(reference, out)
    edited = raw / DAYS[3] / "who-2.txt"
    edited.write_text(edited.read_text().replace("Tedros", "Maria Neira"))
    (raw / DAYS[1] / "msft-1.txt").unlink()
    m = _run(raw, out, prune_deleted=True)
    assert m["inputs"]["new"] == 1 and m["catalog"]["stories_recounted"] > 0
    assert verify_state(Store(str(out))).ok  # state and catalog as a rebuild says
    fresh = tmp_path / "fresh"
    _run(raw, fresh)
    # every live entity as a from-scratch run on the same files has it; ids of names no
    # story holds any more stay, with zero counts, so ids analysts hold still resolve
    live = _catalog(out, live_only=True)
    assert [r for r in live if r["n_stories"]] == _catalog(fresh, live_only=True)


def test_a_run_with_nothing_new_reads_no_raw_file_and_skips_the_corpus_steps(
    corpus, reference, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    import tasks.ingest.discovery as discovery

    def unread(path):
        raise AssertionError(f"read {path}: its size and time are known")

    monkeypatch.setattr(discovery, "open_local", unread)
    m = _run(corpus, out)
    assert m["inputs"]["new"] == 0
    assert set(m["seconds"]) == {"discover", "shards"}  # no resolve, no cluster
    touched = corpus / DAYS[0] / "who-1.txt"
    touched.touch()  # a new modification time: read and hashed again (same bytes: unchanged)
    with pytest.raises(AssertionError, match=r"who-1\.txt"):
        _run(corpus, out)
    monkeypatch.undo()
    again = _run(corpus, out, rehash=True)  # every file read again: still nothing new
    assert again["inputs"]["new"] == 0
    _same(out, reference)


def test_verify_finds_a_damaged_state_and_a_silent_rewrite_and_repair_fixes_both(
    corpus, reference, tmp_path
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(corpus, raw)
    shutil.copytree(reference, out)
    store = Store(str(out))
    keys = pq.read_table(out / "_state" / "entities" / "keys.parquet")
    damaged = keys.set_column(2, "stories", pa.array([7] * keys.num_rows, pa.int64()))
    pq.write_table(
        damaged.replace_schema_metadata(keys.schema.metadata),
        out / "_state" / "entities" / "keys.parquet",
    )
    # same size, same modification time, other bytes: what discovery cannot see
    target = raw / DAYS[5] / "eu-1.txt"
    stat = target.stat()
    target.write_text(target.read_text().replace("2026", "2027"))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = verify_state(store, raw_dir=str(raw))
    assert report.checks["entity keys"] > 0
    assert report.changed_raw == [f"{DAYS[5]}/eu-1.txt"]
    repair_state(store, changed=report.changed_raw)
    assert verify_state(store).ok
    m = _run(raw, out)  # the rewritten file is read again: its story is new
    assert m["inputs"]["new"] == 1
