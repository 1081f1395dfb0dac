"""The resolution step end to end on real Parquet: shards commit, then the catalog is built,
ids are written back, and a crash mid-commit is finished by the next run (tasks.enrich.resolve)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tasks.store import journal
from tasks.store.outdir import Store
from tests.conftest import RAW_SAMPLES
from tests.etl_helpers import run_in_process


def _catalog(out: Path):
    return ds.dataset(out / "entity_catalog", format="parquet").to_table().drop_columns(["run_id"])


def _entity_ids(out: Path) -> list[str]:
    return ds.dataset(out / "entities", format="parquet").to_table()["entity_id"].to_pylist()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """Raw samples split in two batches: the second arrives in a later run."""
    base = tmp_path_factory.mktemp("resolve")
    first, later = base / "raw1", base / "raw2"
    shutil.copytree(RAW_SAMPLES, later)
    first.mkdir()
    for sub in ("ani", "ians", "pti"):
        shutil.copytree(RAW_SAMPLES / sub, first / sub)
    return first, later


def test_every_entities_row_has_a_catalog_id(corpus, tmp_path) -> None:
    out = tmp_path / "out"
    run_in_process(corpus[1], out)
    catalog = _catalog(out).to_pylist()
    ids = {r["entity_id"] for r in catalog}
    rows = _entity_ids(out)
    assert rows and set(rows) <= ids
    live = [r for r in catalog if r["merged_into"] is None]
    assert len({r["entity_id"] for r in live}) == len(live)  # one row, one label per entity
    assert all(r["n_stories"] >= 1 and r["n_mentions"] >= 1 for r in live if r["n_stories"])


def test_second_run_changes_nothing(corpus, tmp_path) -> None:
    out = tmp_path / "out"
    run_in_process(corpus[1], out)
    before, rows = _catalog(out), _entity_ids(out)
    again = run_in_process(corpus[1], out)["catalog"]
    assert not again["catalog_written"] and again["files_rewritten"] == 0
    assert _catalog(out).equals(before) and _entity_ids(out) == rows


def test_ids_are_stable_when_new_stories_arrive(corpus, tmp_path) -> None:
    out = tmp_path / "out"
    run_in_process(corpus[0], out)
    old = {r["entity_id"]: r for r in _catalog(out).to_pylist()}
    run_in_process(corpus[1], out)
    new = {r["entity_id"]: r for r in _catalog(out).to_pylist()}
    assert set(old) <= set(new)  # no id disappears
    for eid, entry in old.items():  # a live entity stays live (or was merged, recorded)
        assert new[eid]["merged_into"] is None or entry["merged_into"] is None


def test_kill_during_the_catalog_commit_is_finished_by_the_next_run(
    corpus, tmp_path, monkeypatch
) -> None:
    clean = tmp_path / "clean"
    run_in_process(corpus[1], clean)
    out = tmp_path / "out"
    real = journal.apply_journal

    def crash(store: Store, journal: dict) -> None:  # kill -9 right after the journal
        if journal["commit_id"].endswith("-resolve"):
            raise KeyboardInterrupt("killed")
        real(store, journal)

    monkeypatch.setattr(journal, "apply_journal", crash)
    with pytest.raises(KeyboardInterrupt):
        run_in_process(corpus[1], out)
    monkeypatch.setattr(journal, "apply_journal", real)
    assert list((out / "_journal").glob("*.json"))  # the commit was left in flight
    run_in_process(corpus[1], out)
    assert _catalog(out).equals(_catalog(clean))
    assert sorted(_entity_ids(out)) == sorted(_entity_ids(clean))
