"""Every analyst reader gets the same, correctly typed answers from the flow's output.

The same five questions are asked through pandas, pyarrow.dataset, DuckDB and polars, each
written the way an analyst would write it in that tool (quotes counted as speech: rows of
kind 'quotation'), and compared with a reference
computed row by row in plain Python from the Parquet files. The corpus (tests/analyst_data)
has a day with no quotes, a day with no entities and an undated story, because those are
where readers silently diverge: a left join turns pandas counts into floats, a groupby
drops the null date, a join on `date` loses undated stories.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from tests.analyst_data import (
    DAY_NO_ENTITIES,
    DAY_NO_QUOTES,
    DAY_QUOTES_AND_ENTITIES,
    N_STORIES,
    STORIES_PER_AGENCY_DAY,
    build_out,
)
from tests.analyst_queries import (
    BOOL,
    COLUMN_TYPES,
    DATE,
    DATE_OR_NULL,
    INT,
    LIST_STR,
    READERS,
    STR,
    pa_table,
    pd_frame,
    pl_frame,
    py_rows,
    reference,
)


@pytest.fixture(scope="module")
def out(prefect_harness, tmp_path_factory) -> Path:
    """The flow's output for the analyst corpus (built once, shared read-only)."""
    return build_out(tmp_path_factory)[0]


def _type_ok(value: Any, kind: str) -> bool:
    if kind in (DATE, DATE_OR_NULL):
        # datetime is a subclass of date: a date must not come back as a timestamp.
        return (value is None and kind == DATE_OR_NULL) or (
            isinstance(value, date) and not isinstance(value, datetime)
        )
    if kind == INT:
        return type(value) is int  # not bool, float or a numpy scalar
    if kind == LIST_STR:
        return type(value) is list and all(type(v) is str for v in value)
    return type(value) is {STR: str, BOOL: bool}[kind]


@pytest.mark.parametrize("query", list(COLUMN_TYPES))
@pytest.mark.parametrize("reader", list(READERS))
def test_reader_gives_the_reference_answer_with_python_types(out, reader, query):
    got = READERS[reader][query](out)
    assert got == reference(out, query)
    bad = [
        (i, j, repr(v), kind)
        for i, row in enumerate(got)
        for j, (v, kind) in enumerate(zip(row, COLUMN_TYPES[query], strict=True))
        if not _type_ok(v, kind)
    ]
    assert not bad, f"{reader} {query}: (row, column, value, expected type) {bad}"


# -- the reference itself against what we know about the corpus ----------------------------
def test_reference_matches_the_corpus(out):
    assert reference(out, "stories_per_agency_day") == STORIES_PER_AGENCY_DAY
    per_day = {d: (n, q, m) for d, n, q, m in reference(out, "per_day")}
    assert sum(n for n, _, _ in per_day.values()) == N_STORIES
    assert per_day[DAY_NO_QUOTES][1] == 0 and per_day[DAY_NO_QUOTES][2] > 0
    assert per_day[DAY_NO_ENTITIES][1] > 0 and per_day[DAY_NO_ENTITIES][2] == 0
    assert all(per_day[DAY_QUOTES_AND_ENTITIES][1:])
    assert not (out / "entities" / f"day={DAY_NO_ENTITIES}").exists()  # no empty files
    assert ("a spokesman", 1) in reference(out, "top_speakers")  # no entity: speaker as written


def test_stories_n_quotes_agrees_with_the_quotes_table(out):
    by_story = {sid: n for sid, _, n in reference(out, "quotes_per_story")}
    assert {s["story_id"]: s["n_quotes"] for s in py_rows(out, "stories")} == by_story


# What each reader makes of the `day` path key (docs/schema.md says so: keep them in step).
# `date`, the column in the file, is a date everywhere; that is why analysts use it.
DAY_KEY_TYPES: dict[str, tuple[Callable[[Path], str], str]] = {
    "pandas": (lambda out: str(pd_frame(out, "stories")["day"].dtype), "category"),
    "pyarrow": (lambda out: str(pa_table(out, "stories").schema.field("day").type), "string"),
    "duckdb": (
        lambda out: duckdb.sql(
            f"select typeof(day) from read_parquet('{out}/stories/**/*.parquet', "
            "hive_partitioning=true) limit 1"
        ).fetchall()[0][0],
        "DATE",
    ),
    "polars": (lambda out: str(pl_frame(out, "stories").collect_schema()["day"]), "Date"),
}


@pytest.mark.parametrize("reader", list(DAY_KEY_TYPES))
def test_day_path_key_type_per_reader(out, reader):
    day_type, expected = DAY_KEY_TYPES[reader]
    assert day_type(out) == expected


def _duckdb_entities(out: Path, select: str) -> duckdb.DuckDBPyRelation:
    src = f"read_parquet('{out}/entities/**/*.parquet', hive_partitioning=true)"
    return duckdb.sql(f"select {select} from {src}")


# Type slips docs/schema.md warns about ("Reading it"): if a library upgrade changes one,
# this fails and the doc (tasks/store/schema_doc.py) needs the same edit.
READER_SLIPS: dict[str, tuple[Callable[[Path], str], str]] = {
    # pandas hands list cells back as numpy arrays, not lists
    "pandas-list-cells": (
        lambda out: type(pd_frame(out, "entities")["aliases"].iloc[0]).__name__,
        "ndarray",
    ),
    # DuckDB: sum(int32) is HUGEINT, which pandas can only hold as float64
    "duckdb-sum-int32": (
        lambda out: str(_duckdb_entities(out, "sum(mentions) n").df()["n"].dtype),
        "float64",
    ),
    "duckdb-sum-cast": (
        lambda out: str(_duckdb_entities(out, "sum(mentions)::bigint n").df()["n"].dtype),
        "int64",
    ),
    # DuckDB: .df() makes DATE a timestamp unless asked for date objects
    "duckdb-df-date": (
        lambda out: str(_duckdb_entities(out, "date").df()["date"].dtype),
        "datetime64[us]",
    ),
    "duckdb-df-date-as-object": (
        lambda out: (
            type(
                _duckdb_entities(out, "date").df(date_as_object=True)["date"].dropna().iloc[0]
            ).__name__
        ),
        "date",
    ),
    "polars-len": (
        lambda out: str(pl_frame(out, "entities").select(pl.len()).collect_schema()["len"]),
        "UInt32",
    ),
}


@pytest.mark.parametrize("slip", list(READER_SLIPS))
def test_documented_reader_type_slips(out, slip):
    got, expected = READER_SLIPS[slip]
    assert got(out) == expected
