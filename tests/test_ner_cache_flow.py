"""The flow with the NER cache and record-range shards: real Prefect, real model, real Parquet.

One .jsonl of many records must keep both workers busy; a parser-only change must re-run
every story without re-running NER, and give the same entities.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

import flows.wire_etl as wire
import tasks.version

pytestmark = pytest.mark.usefixtures("prefect_harness")

N_RECORDS = 120
CITIES = ["London", "Paris", "Tokyo", "Houston", "Toronto", "Sydney"]
COMPANIES = ["Texaco Inc", "Pennzoil Co", "British Airways", "Boeing Co", "Nissan Motor Co"]


def _feed(raw: Path) -> None:
    """One day's feed as a single .jsonl: varied stories, a shared closing paragraph."""
    raw.mkdir(parents=True)
    lines = []
    for i in range(N_RECORDS):
        city, company = CITIES[i % len(CITIES)], COMPANIES[i % len(COMPANIES)]
        text = (
            f"{city.upper()}, March {i % 28 + 1} - {company} said on Monday that quarterly "
            f"profit rose {i % 17 + 2} pct, chairman John Smith{i} told reporters in {city}.\n\n"
            f"    Shr {i % 9}.20 dlrs vs {i % 7}.10 dlrs\n\n"
            "A spokesman for the Securities and Exchange Commission declined comment.\n"
        )
        lines.append(json.dumps({"id": f"r{i}", "agency": "REUTERS", "text": text}))
    (raw / "feed.jsonl").write_text("\n".join(lines) + "\n")


def _entities(out: Path) -> list[tuple]:
    table = ds.dataset(out / "entities", format="parquet", partitioning="hive").to_table()
    cols = ["story_id", "entity", "label", "mentions", "first_offset", "in_lede"]
    return sorted(tuple(r[c] for c in cols) for r in table.to_pylist())


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("one-feed") / "raw"
    _feed(raw)
    out = tmp_path_factory.mktemp("out")
    manifest = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), shard_size=20, workers=2)
    return raw, out, manifest


def test_one_jsonl_file_is_split_across_both_workers(first_run) -> None:
    _, out, m = first_run
    assert m["inputs"]["stories"] == N_RECORDS
    # 120 records in ranges of 20: more shards than the flow runs at once, so a shard cache
    # key that ignored the range would hand later ranges an earlier range's result
    assert m["shards"] == {"planned": 6, "committed": 6}
    assert m["worker_processes"] == 2
    stories = ds.dataset(out / "stories", format="parquet", partitioning="hive").to_table()
    assert sorted(stories["source_index"].to_pylist()) == list(range(N_RECORDS))
    # 2 segments per story (the table paragraph is skipped): its own first paragraph, and a
    # closing one shared by all, computed once per shard running before any commit had it
    cache = m["ner_cache"]
    assert sum(cache.values()) == 2 * N_RECORDS
    assert N_RECORDS + 1 <= cache["misses"] <= N_RECORDS + 4
    for stage in ("discover", "shards", "resolve", "cluster"):
        assert stage in m["seconds"]


def test_a_parser_only_change_reprocesses_without_ner(first_run, monkeypatch) -> None:
    raw, out, _ = first_run
    before = _entities(out)
    monkeypatch.setattr(tasks.version, "PARSER_VERSION", "1.0.0+cache-test")  # parser-only bump
    m = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), shard_size=20, workers=2)
    assert m["inputs"]["stories"] == N_RECORDS  # every story was redone ...
    assert m["ner_cache"].get("misses", 0) == 0  # ... and no text went to the model
    assert m["ner_cache"]["hits"] == 2 * N_RECORDS
    assert _entities(out) == before
    stories = ds.dataset(out / "stories", format="parquet", partitioning="hive").to_table()
    assert set(stories["parser_version"].to_pylist()) == {"1.0.0+cache-test"}
