"""The main flow end to end on the shipped samples: real Prefect, real Parquet, real readers."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from flows.wire_etl import wire_etl
from tests.conftest import RAW_SAMPLES

pytestmark = pytest.mark.usefixtures("prefect_harness")

N_SAMPLE_INPUTS = 12  # 9 story files + 2 .jsonl lines (afp) + 2 .jsonl lines (uni: 1 bad)


def _table(out, name: str):
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW_SAMPLES, raw, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("out")
    manifest = wire_etl(raw_dir=str(raw), out_dir=str(out), shard_size=4, workers=2)
    return raw, out, manifest


def test_every_input_is_accounted_for(first_run):
    _, out, m = first_run
    i = m["inputs"]
    assert m["status"] == "completed"
    assert i["seen"] == i["stories"] + i["rejected"] + i["unchanged"]
    assert i["rejected"] == 1  # the truncated .jsonl line
    assert _table(out, "stories").num_rows == i["stories"]
    assert (out / "_runs" / f"{m['run_id']}.json").is_file()


def test_malformed_line_is_a_reject_with_its_line_number(first_run):
    _, out, _ = first_run
    rejects = _table(out, "rejects").to_pylist()
    assert [(r["source_path"], r["source_index"], r["reason"]) for r in rejects] == [
        ("feeds/uni-mixed.jsonl", 1, "malformed_json")
    ]


def test_pandas_and_duckdb_read_typed_dates(first_run):
    _, out, _ = first_run
    df = pd.read_parquet(out / "stories")
    assert df["story_id"].is_unique
    dated = df.dropna(subset=["date"])
    assert all(type(d).__name__ == "date" for d in dated["date"])
    con = duckdb.connect()
    got = con.sql(
        f"select typeof(date) t, count(*) n from read_parquet('{out}/stories/**/*.parquet', "
        "hive_partitioning=true) group by 1"
    ).fetchall()
    assert got[0][0] == "DATE"


@pytest.mark.parametrize(
    ("source_path", "country", "admin1", "places"),
    [
        ("reuters/portland-sawmill.txt", "US", "US-OR", ["Portland"]),  # "PORTLAND, Ore."
        ("ap/los-angeles-quake.txt", "US", "US-CA", ["Los Angeles"]),
        ("ani/chennai-desalination.txt", "IN", "IN-TN", ["Chennai"]),  # "[India]"
        ("pti/kochi-trawling.txt", "IN", "IN-KL", ["Kochi"]),  # PTI: the Indian Kochi
        ("fbis/san-salvador-clash.txt", "SV", None, ["San Salvador"]),
    ],
)
def test_stories_carry_their_geocoded_dateline(first_run, source_path, country, admin1, places):
    _, out, _ = first_run
    rows = [r for r in _table(out, "stories").to_pylist() if r["source_path"] == source_path]
    [row] = rows
    assert (row["dateline_country"], row["dateline_admin1"]) == (country, admin1)
    assert row["dateline_places"] == places and row["repairs"] == []
    assert isinstance(row["dateline_lat"], float) and isinstance(row["dateline_geonameid"], int)


def test_second_run_is_a_noop(first_run):
    raw, out, first = first_run
    before = sorted(_table(out, "stories")["story_id"].to_pylist())
    m = wire_etl(raw_dir=str(raw), out_dir=str(out), shard_size=4, task_runner="in-process")
    assert m["inputs"]["new"] == 0
    assert m["inputs"]["unchanged"] == first["inputs"]["seen"]
    assert sorted(_table(out, "stories")["story_id"].to_pylist()) == before


def test_prune_deleted_removes_only_the_deleted_files_rows(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_SAMPLES, raw)
    out = tmp_path / "out"
    wire_etl(raw_dir=str(raw), out_dir=str(out), task_runner="in-process", enrich=False)
    before = _table(out, "stories")["source_path"].to_pylist()
    (raw / "ap" / "los-angeles-quake.txt").unlink()
    kept = wire_etl(raw_dir=str(raw), out_dir=str(out), task_runner="in-process", enrich=False)
    assert kept["inputs"]["new"] == 0  # history is kept by default
    assert sorted(_table(out, "stories")["source_path"].to_pylist()) == sorted(before)
    wire_etl(
        raw_dir=str(raw),
        out_dir=str(out),
        task_runner="in-process",
        enrich=False,
        prune_deleted=True,
    )
    after = _table(out, "stories")["source_path"].to_pylist()
    assert sorted(after) == sorted(p for p in before if p != "ap/los-angeles-quake.txt")
    quotes_of = {r["story_id"] for r in _table(out, "quotes").to_pylist()}
    assert quotes_of <= set(_table(out, "stories")["story_id"].to_pylist())  # no orphans
