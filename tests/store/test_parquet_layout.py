"""Files are sorted by SORT_KEYS and carry min/max statistics, so filters skip data.

Analysts filter on `date`, `agency` and `entity`; these tests check that the writer's
statistics are there and that pyarrow and DuckDB actually use them (fewer fragments / row
groups read), on the flow's output for the analyst corpus (tests/analyst_data).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tasks.store.schemas import SORT_KEYS
from tests.analyst_data import DAY_QUOTES_AND_ENTITIES, build_out


@pytest.fixture(scope="module")
def out(prefect_harness, tmp_path_factory) -> Path:
    return build_out(tmp_path_factory)[0]


def _files(out: Path, dataset: str) -> list[Path]:
    return sorted((out / dataset).rglob("*.parquet"))


@pytest.mark.parametrize("dataset", list(SORT_KEYS))
def test_every_file_is_sorted_by_its_sort_key(out, dataset):
    files = _files(out, dataset)
    assert files, f"no {dataset} files"
    for f in files:
        t = pq.read_table(f)
        keys = SORT_KEYS[dataset]
        assert t.equals(t.sort_by([(k, "ascending") for k in keys])), f"{f} not sorted by {keys}"


# (dataset, column): the columns analysts filter or join on.
STATS_COLUMNS = [
    ("stories", "date"),
    ("stories", "agency"),
    ("stories", "story_id"),
    ("quotes", "date"),
    ("quotes", "story_id"),
    ("entities", "date"),
    ("entities", "entity"),
    ("entities", "story_id"),
]


@pytest.mark.parametrize(("dataset", "column"), STATS_COLUMNS)
def test_row_groups_have_min_max_statistics(out, dataset, column):
    for f in _files(out, dataset):
        md = pq.ParquetFile(f).metadata
        idx = md.schema.to_arrow_schema().get_field_index(column)
        for rg in range(md.num_row_groups):
            stats = md.row_group(rg).column(idx).statistics
            assert stats is not None, f"{f} row group {rg}: no statistics for {column}"
            # An all-null chunk (undated stories) has no min/max; num_values counts non-nulls.
            assert stats.has_min_max or (stats.num_values == 0 and stats.null_count > 0)


# (dataset, filter): a filter on a file column (not the path key) skips row groups by stats.
FILTERS = [
    ("stories", pc.field("date") == DAY_QUOTES_AND_ENTITIES),
    ("stories", pc.field("agency") == "ANI"),
    ("entities", pc.field("entity") == "Eknath Shinde"),
    ("entities", pc.field("date") == DAY_QUOTES_AND_ENTITIES),
]


@pytest.mark.parametrize(("dataset", "expr"), FILTERS, ids=lambda v: str(v))
def test_pyarrow_skips_row_groups_by_statistics(out, dataset, expr):
    dset = ds.dataset(out / dataset, format="parquet", partitioning="hive")
    total = sum(f.num_row_groups for f in dset.get_fragments())
    # subset() keeps only the row groups whose statistics can satisfy the filter.
    kept = sum(f.subset(filter=expr).num_row_groups for f in dset.get_fragments())
    assert 0 < kept < total
    assert dset.to_table(filter=expr).num_rows > 0


def test_pyarrow_prunes_partitions_on_the_day_key(out):
    dset = ds.dataset(out / "stories", format="parquet", partitioning="hive")
    day = pc.field("day") == DAY_QUOTES_AND_ENTITIES.isoformat()
    kept = list(dset.get_fragments(filter=day))
    assert kept and len(kept) < len(list(dset.get_fragments()))
    assert all(f"day={DAY_QUOTES_AND_ENTITIES}" in f.path for f in kept)


# (dataset, where, what EXPLAIN ANALYZE reports): `day` prunes whole files before opening
# them; file columns prune row groups by their statistics.
DUCKDB_PRUNING = [
    ("stories", f"day = DATE '{DAY_QUOTES_AND_ENTITIES}'", r"Scanning Files: (\d+)/(\d+)"),
    ("stories", f"date = DATE '{DAY_QUOTES_AND_ENTITIES}'", r"Row Groups Scanned: (\d+) / (\d+)"),
    ("stories", "agency = 'ANI'", r"Row Groups Scanned: (\d+) / (\d+)"),
    ("entities", "entity = 'Eknath Shinde'", r"Row Groups Scanned: (\d+) / (\d+)"),
]


@pytest.mark.parametrize(("dataset", "where", "pattern"), DUCKDB_PRUNING)
def test_duckdb_explain_analyze_reads_less(out, dataset, where, pattern):
    sql = (
        f"explain analyze select count(*) from read_parquet('{out}/{dataset}/**/*.parquet', "
        f"hive_partitioning=true) where {where}"
    )
    plan = duckdb.sql(sql).fetchall()[0][1]
    m = re.search(pattern, plan)
    assert m, f"no {pattern!r} in the plan:\n{plan}"
    read, total = map(int, m.groups())
    assert 0 < read < total, plan
