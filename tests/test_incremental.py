"""Incremental runs on the shipped samples: what a re-run redoes, and what it leaves alone.

One parse-only run builds a base out folder (module fixture); each test works on a copy of
the raw folder and of the out folder (the ledger lives with the output, so a copied out folder
is a valid incremental state). Rows are compared without run metadata (run_id, ingested_at,
rejected_at): a re-run must reproduce the data, not the provenance.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

import flows.wire_etl as wire
import tasks.version
from tasks.run.runlog import summary_line
from tests.etl_helpers import (
    RAW_SAMPLES,
    RUN_METADATA,
    accounting_holds,
    check_out_folder,
    snapshot,
    visible_files,
)

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _run(raw: Path, out: Path, **kw) -> dict:
    kw.setdefault("enrich", False)
    kw.setdefault("task_runner", "in-process")
    kw.setdefault("shard_size", 4)
    manifest = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), **kw)
    assert accounting_holds(manifest), manifest["inputs"]
    return manifest


def _dicts(out: Path, dataset: str, keep_metadata: bool = False) -> list[dict]:
    files = visible_files(out, dataset)
    if not files:
        return []
    rows = ds.dataset([str(f) for f in files], format="parquet").to_table().to_pylist()
    if not keep_metadata:
        rows = [{k: v for k, v in r.items() if k not in RUN_METADATA} for r in rows]
    return sorted(rows, key=repr)


def _ledger_names(out: Path) -> set[str]:
    return {p.name for p in (out / "_ledger").glob("*.parquet")}


@pytest.fixture(scope="module")
def base(tmp_path_factory, prefect_harness):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW_SAMPLES, raw, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("out")
    manifest = _run(raw, out)
    assert manifest["inputs"]["new"] == manifest["inputs"]["seen"] > 0
    return raw, out, manifest


@pytest.fixture
def work(base, tmp_path):
    raw, out, manifest = base
    shutil.copytree(raw, tmp_path / "raw")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "raw", tmp_path / "out", manifest


def test_second_run_without_changes_does_nothing(work):
    raw, out, first = work
    seen = first["inputs"]["seen"]
    before, ledger = snapshot(out), _ledger_names(out)
    m = _run(raw, out)
    assert (m["inputs"]["new"], m["inputs"]["unchanged"], m["rows"]["stories"]) == (0, seen, 0)
    assert m["shards"] == {"planned": 0, "committed": 0}
    assert summary_line(m).startswith(f"0 new, {seen} unchanged")
    assert snapshot(out) == before
    assert _ledger_names(out) == ledger  # no commit at all
    check_out_folder(out)


def test_changed_file_replaces_only_that_storys_rows(work):
    raw, out, first = work
    target = raw / "ians" / "ranchi-cattle.txt"
    target.write_text(target.read_text().replace("12 districts", "14 districts"))
    before = _dicts(out, "stories", keep_metadata=True)
    others_before = {d: _dicts(out, d) for d in ("quotes", "entities", "rejects")}
    (sid,) = [r["story_id"] for r in before if r["source_path"] == "ians/ranchi-cattle.txt"]

    m = _run(raw, out)

    assert (m["inputs"]["new"], m["inputs"]["unchanged"]) == (1, first["inputs"]["seen"] - 1)
    assert m["rows"]["replaced"] == 1
    after = _dicts(out, "stories", keep_metadata=True)
    # every other story is untouched, provenance included (its file was not even rewritten
    # unless it shared a file with the changed story, and a rewrite copies rows verbatim)
    assert [r for r in after if r["story_id"] != sid] == [r for r in before if r["story_id"] != sid]
    (new,) = [r for r in after if r["story_id"] == sid]
    assert "14 districts" in new["body"] and new["run_id"] == m["run_id"]
    for dataset, old in others_before.items():
        assert [r for r in _dicts(out, dataset) if r.get("story_id") != sid] == [
            r for r in old if r.get("story_id") != sid
        ]
    check_out_folder(out)


def test_appended_jsonl_line_redoes_the_file_without_duplicates(work):
    raw, out, _ = work
    feed = raw / "afp" / "afp-2024-05.jsonl"
    lines_before = [line for line in feed.read_text().splitlines() if line.strip()]
    before = _without_sha(_dicts(out, "stories"))
    extra = {
        "id": "afp-0099",
        "date": "2024-05-09",
        "agency": "AFP",
        "text": "PARIS (AFP) - The Louvre reopened its Egyptian wing on Thursday.",
    }
    with feed.open("a") as fh:
        fh.write(json.dumps(extra) + "\n")

    m = _run(raw, out)

    # the file's bytes changed, so all its lines are new (the old ones replaced, not doubled)
    assert m["inputs"]["new"] == len(lines_before) + 1
    assert m["rows"]["replaced"] == len(lines_before)
    after = _without_sha(_dicts(out, "stories"))  # raw_sha256 is the file's: it changed
    added = [r for r in after if r not in before]
    assert [r["source_index"] for r in added] == [len(lines_before)]
    assert len(after) == len(before) + 1
    check_out_folder(out)


def _without_sha(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "raw_sha256"} for r in rows]


def _days_of(out: Path, source_path: str) -> list[str]:
    rows = _dicts(out, "stories")
    return sorted({r["date"].isoformat() for r in rows if r["source_path"] == source_path})


@pytest.mark.parametrize(
    "which",
    [
        "all",  # every record, stories and rejects
        "one-day",  # one day: only some lines of the .jsonl are redone (skip indices)
        "range",  # an inclusive range spanning several days
    ],
)
def test_reprocess_rebuilds_affected_partitions_without_duplicates(work, which):
    raw, out, first = work
    stories = _dicts(out, "stories")
    days = sorted({r["date"].isoformat() for r in stories if r["date"]})
    afp_days = _days_of(out, "afp/afp-2024-05.jsonl")
    assert len(afp_days) >= 2, "the sample .jsonl should span two days"
    if which == "all":
        arg, expected = "all", first["inputs"]["seen"]
    elif which == "one-day":
        arg = afp_days[0]
        expected = sum(1 for r in stories if r["date"] and r["date"].isoformat() == arg)
    else:
        arg = f"{days[0]}:{days[len(days) // 2]}"
        expected = sum(
            1
            for r in stories
            if r["date"] and days[0] <= r["date"].isoformat() <= days[len(days) // 2]
        )
    before = snapshot(out)

    m = _run(raw, out, reprocess=arg)

    assert m["inputs"]["new"] == expected
    assert m["inputs"]["unchanged"] == first["inputs"]["seen"] - expected
    assert snapshot(out) == before  # same rows, exactly once each
    check_out_folder(out)
    if which == "one-day":  # a partly re-committed .jsonl: its other lines were skipped
        afp = [r for r in _dicts(out, "stories") if r["source_path"] == "afp/afp-2024-05.jsonl"]
        assert 0 < m["inputs"]["new"] < first["inputs"]["seen"]
        assert sum(1 for r in afp if r["date"].isoformat() == arg) < len(afp)
    again = _run(raw, out)  # and the next plain run has nothing left to do
    assert again["inputs"]["new"] == 0


def test_deleted_raw_file_keeps_its_history(work):
    raw, out, first = work
    (raw / "reuters" / "portland-sawmill.txt").unlink()
    before = snapshot(out)
    m = _run(raw, out)
    assert m["inputs"]["seen"] == first["inputs"]["seen"] - 1
    assert m["inputs"]["new"] == 0
    assert snapshot(out) == before
    check_out_folder(out)


def test_parser_version_change_reprocesses_everything(work, monkeypatch):
    raw, out, first = work
    ids_before = sorted(r["story_id"] for r in _dicts(out, "stories"))
    # read by the run engine at the start of each run (tasks.run.engine.start_run)
    monkeypatch.setattr(tasks.version, "PARSER_VERSION", "9.9.9")
    m = _run(raw, out)
    assert m["inputs"]["new"] == first["inputs"]["seen"]
    stories = _dicts(out, "stories")
    assert sorted(r["story_id"] for r in stories) == ids_before
    assert {r["parser_version"] for r in stories} == {"9.9.9"}
    assert {r["parser_version"] for r in _dicts(out, "rejects")} == {"9.9.9"}
    check_out_folder(out)
    assert _run(raw, out)["inputs"]["new"] == 0  # still 9.9.9: nothing left


def test_enriched_run_after_parse_only_run_reenriches(work):
    raw, out, first = work
    assert not visible_files(out, "entities")
    m = _run(raw, out, enrich=True, workers=1)
    # every story is re-enriched; a reject never reached a model, so it stays as it is
    assert m["inputs"]["new"] == first["inputs"]["stories"]
    assert m["inputs"]["unchanged"] == first["inputs"]["rejected"]
    assert m["rows"]["entities"] > 0 and visible_files(out, "entities")
    stories = _dicts(out, "stories")
    assert all(r["model_version"] for r in stories)
    check_out_folder(out)
    assert _run(raw, out, enrich=True, workers=1)["inputs"]["new"] == 0
