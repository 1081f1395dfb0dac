"""Log-structured state tables (tasks.store.lsm) on real Parquet: what a run adds stays
exactly what was added however files merge, lookups read what a full read would, and a
fold leaves one file with the same content."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from tasks.store.journal import publish
from tasks.store.lsm import FOLDED, LsmTable, sum_by
from tasks.store.outdir import Store

SCHEMA = pa.schema(
    [
        pa.field("key", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("n", pa.int64(), nullable=False),
    ]
)


def _table(store: Store, fanout: int = 3) -> LsmTable:
    return LsmTable(store, "t/counts", SCHEMA, "key", sum_by(["key", "value"]), fanout, 4)


def _add(table: LsmTable, seq: int, rows: list[tuple[str, str, int]]) -> None:
    added = pa.table({c: [r[i] for r in rows] for i, c in enumerate(SCHEMA.names)}, SCHEMA)
    changes = table.stage(f"c{seq}", seq, added)
    publish(table.store, {"commit_id": f"c{seq}", **vars(changes)})


def _as_dict(t: pa.Table) -> dict:
    return {(k, v): n for k, v, n in zip(*(t[c].to_pylist() for c in SCHEMA.names), strict=True)}


@pytest.fixture
def loaded(tmp_path):
    """40 runs of random counts, some of them taking earlier counts back (negative)."""
    rng = random.Random(7)
    table, expected = _table(Store(str(tmp_path / "out"))), {}
    for seq in range(1, 41):
        rows = []
        for _ in range(rng.randint(1, 6)):
            key, value = f"k{rng.randint(0, 30):02d}", rng.choice("ab")
            n = rng.choice([1, 2, -1]) if (key, value) in expected else rng.randint(1, 3)
            rows.append((key, value, n))
            expected[(key, value)] = expected.get((key, value), 0) + n
        _add(table, seq, rows)
    return table, {k: v for k, v in expected.items() if v}


def test_merges_keep_every_count_and_few_files(loaded) -> None:
    table, expected = loaded
    assert _as_dict(table.read_all()) == expected
    # 40 additions with fanout 3: a handful of files over a few levels, never 40
    assert len(table.files()) <= 2 * 4


def test_a_lookup_reads_what_a_full_read_holds(loaded) -> None:
    table, expected = loaded
    wanted = {"k03", "k17", "k29", "nope"}
    got = _as_dict(table.lookup(wanted))
    assert got == {k: v for k, v in expected.items() if k[0] in wanted}


def test_fold_leaves_one_file_with_the_same_rows(loaded) -> None:
    table, expected = loaded
    changes = table.stage_fold("fold", 10**6)
    publish(table.store, {"commit_id": "fold", **vars(changes)})
    (only,) = table.files()
    assert only.rsplit("/", 1)[-1].startswith(f"L{FOLDED}-")
    assert _as_dict(table.read_all()) == expected


def test_nothing_is_visible_before_the_journal(tmp_path) -> None:
    table = _table(Store(str(tmp_path / "out")))
    added = pa.table({"key": ["a"], "value": ["x"], "n": [1]}, SCHEMA)
    table.stage("c1", 1, added)  # staged, never published (a kill -9 here)
    assert table.files() == [] and table.read_all().num_rows == 0
