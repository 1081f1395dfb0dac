"""The analyst questions of tests/test_readers.py, each written the way an analyst would in
pandas, pyarrow.dataset, DuckDB and polars, plus the plain-Python reference they must equal."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

Row = tuple[Any, ...]
Query = Callable[[Path], list[Row]]


# -- the questions, with the Python type of each answer column ------------------------------
# DATE_OR_NULL: a datetime.date (never a string, Timestamp or datetime) or None (undated).
DATE, DATE_OR_NULL, STR, INT, BOOL, LIST_STR = "date", "date?", "str", "int", "bool", "list"
COLUMN_TYPES: dict[str, tuple[str, ...]] = {
    # (date, agency, stories), by date (nulls last), agency
    "stories_per_agency_day": (DATE_OR_NULL, STR, INT),
    # (story_id, date, quotes) for every story, 0 when it has none, by story_id
    "quotes_per_story": (STR, DATE_OR_NULL, INT),
    # (date, stories, quotes, entity mentions) per day, zeros kept, by date (nulls last)
    "per_day": (DATE_OR_NULL, INT, INT, INT),
    # (speaker_entity else speaker, quotes), most quoted first, then by name
    "top_speakers": (STR, INT),
    # (story_id, entity, aliases, in_lede) of PERSON entities, by story_id, entity
    "person_aliases": (STR, STR, LIST_STR, BOOL),
}


# -- reference: plain Python over every file, no engine ------------------------------------
def py_rows(out: Path, name: str) -> list[dict]:
    return [
        r for f in sorted((out / name).rglob("*.parquet")) for r in pq.read_table(f).to_pylist()
    ]


def _by_date(row: Row) -> tuple:
    return (row[0] is None, row[0] or date.min, *row[1:])


def reference(out: Path, query: str) -> list[Row]:
    stories, quotes, ents = (py_rows(out, n) for n in ("stories", "quotes", "entities"))
    quotes = [q for q in quotes if q["kind"] == "quotation"]  # speech: not phrases, reported
    n_quotes = Counter(q["story_id"] for q in quotes)
    n_mentions: Counter[str] = Counter()
    for e in ents:
        n_mentions[e["story_id"]] += e["mentions"]
    if query == "stories_per_agency_day":
        c = Counter((s["date"], s["agency"]) for s in stories)
        return sorted(((d, a, n) for (d, a), n in c.items()), key=_by_date)
    if query == "quotes_per_story":
        return sorted((s["story_id"], s["date"], n_quotes[s["story_id"]]) for s in stories)
    if query == "per_day":
        days: dict[date | None, list[int]] = defaultdict(lambda: [0, 0, 0])
        for s in stories:
            acc = days[s["date"]]
            acc[0] += 1
            acc[1] += n_quotes[s["story_id"]]
            acc[2] += n_mentions[s["story_id"]]
        return sorted(((d, *v) for d, v in days.items()), key=_by_date)
    if query == "top_speakers":
        c = Counter(q["speaker_entity"] or q["speaker"] for q in quotes)
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
    if query == "person_aliases":
        return sorted(
            (e["story_id"], e["entity"], e["aliases"], e["in_lede"])
            for e in ents
            if e["label"] == "PERSON"
        )
    raise KeyError(query)


# -- pandas: pd.read_parquet(out / "stories") ----------------------------------------------
def pd_frame(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name)


def _pd_value(v: Any) -> Any:
    """pandas hands back numpy scalars and numpy arrays for list cells; box them."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v


def _pd_rows(df: pd.DataFrame) -> list[Row]:
    return [tuple(_pd_value(v) for v in row) for row in df.itertuples(index=False)]


def _pd_per_story(out: Path) -> pd.DataFrame:
    s = pd_frame(out, "stories")[["story_id", "date"]]
    quotes = pd_frame(out, "quotes")
    q = quotes[quotes["kind"] == "quotation"].groupby("story_id").size().rename("n_quotes")
    m = pd_frame(out, "entities").groupby("story_id")["mentions"].sum().rename("n_mentions")
    per = s.join(q, on="story_id").join(m, on="story_id")
    # A left join makes the counts float64 (NaN where a story has none): back to integers.
    return per.fillna({"n_quotes": 0, "n_mentions": 0}).astype(
        {"n_quotes": "int64", "n_mentions": "int64"}
    )


PANDAS: dict[str, Query] = {
    "stories_per_agency_day": lambda out: _pd_rows(
        pd_frame(out, "stories")
        .groupby(["date", "agency"], dropna=False)  # dropna=False keeps undated stories
        .size()
        .reset_index(name="n")
        .sort_values(["date", "agency"], na_position="last")
    ),
    "quotes_per_story": lambda out: _pd_rows(
        _pd_per_story(out)[["story_id", "date", "n_quotes"]].sort_values("story_id")
    ),
    "per_day": lambda out: _pd_rows(
        _pd_per_story(out)
        .groupby("date", dropna=False)
        .agg(n=("story_id", "size"), q=("n_quotes", "sum"), m=("n_mentions", "sum"))
        .reset_index()
        .sort_values("date", na_position="last")
    ),
    "top_speakers": lambda out: _pd_rows(
        pd_frame(out, "quotes")
        .query("kind == 'quotation'")
        .assign(who=lambda d: d["speaker_entity"].fillna(d["speaker"]))
        .groupby("who")
        .size()
        .reset_index(name="n")
        .sort_values(["n", "who"], ascending=[False, True])
    ),
    "person_aliases": lambda out: _pd_rows(
        pd_frame(out, "entities")
        .query("label == 'PERSON'")[["story_id", "entity", "aliases", "in_lede"]]
        .sort_values(["story_id", "entity"])
    ),
}


# -- pyarrow.dataset -----------------------------------------------------------------------
def pa_table(out: Path, name: str) -> pa.Table:
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table()


def _pa_sorted(t: pa.Table, keys: list[tuple[str, str]]) -> list[Row]:
    t = t.sort_by([(k, order, "at_end") for k, order in keys])
    return [tuple(r.values()) for r in t.to_pylist()]


def _pa_per_story(out: Path) -> pa.Table:
    s = pa_table(out, "stories").select(["story_id", "date"])
    q = _pa_quotations(out).group_by("story_id").aggregate([([], "count_all")])
    m = pa_table(out, "entities").group_by("story_id").aggregate([("mentions", "sum")])
    per = s.join(q, "story_id", join_type="left outer").join(m, "story_id", join_type="left outer")
    return (
        per.select(["story_id", "date"])
        .append_column("n_quotes", pc.fill_null(per["count_all"], 0))
        .append_column("n_mentions", pc.fill_null(pc.cast(per["mentions_sum"], pa.int64()), 0))
    )


def _pa_quotations(out: Path) -> pa.Table:
    q = pa_table(out, "quotes")
    return q.filter(pc.equal(q["kind"], "quotation"))


def _pa_speakers(out: Path) -> pa.Table:
    q = _pa_quotations(out)
    who = pc.coalesce(q["speaker_entity"], q["speaker"])
    return pa.table({"who": who}).group_by("who").aggregate([([], "count_all")])


PYARROW: dict[str, Query] = {
    "stories_per_agency_day": lambda out: _pa_sorted(
        pa_table(out, "stories").group_by(["date", "agency"]).aggregate([([], "count_all")]),
        [("date", "ascending"), ("agency", "ascending")],
    ),
    "quotes_per_story": lambda out: _pa_sorted(
        _pa_per_story(out).select(["story_id", "date", "n_quotes"]), [("story_id", "ascending")]
    ),
    "per_day": lambda out: _pa_sorted(
        _pa_per_story(out)
        .group_by("date")
        .aggregate([([], "count_all"), ("n_quotes", "sum"), ("n_mentions", "sum")]),
        [("date", "ascending")],
    ),
    "top_speakers": lambda out: _pa_sorted(
        _pa_speakers(out), [("count_all", "descending"), ("who", "ascending")]
    ),
    "person_aliases": lambda out: _pa_sorted(
        pa_table(out, "entities")
        .filter(pc.field("label") == "PERSON")
        .select(["story_id", "entity", "aliases", "in_lede"]),
        [("story_id", "ascending"), ("entity", "ascending")],
    ),
}


# -- DuckDB: read_parquet('<out>/<dataset>/**/*.parquet', hive_partitioning=true) ----------
_SQL: dict[str, str] = {
    "stories_per_agency_day": """
        select date, agency, count(*) from stories group by all order by date, agency""",
    # Join on story_id only: `date` is null for undated stories and null = null is not true.
    "quotes_per_story": """
        select s.story_id, s.date, count(q.story_id)
        from stories s left join quotes q on q.story_id = s.story_id and q.kind = 'quotation'
        group by all order by s.story_id""",
    "per_day": """
        with q as (select story_id, count(*) n from quotes where kind = 'quotation' group by all),
             m as (select story_id, sum(mentions) n from entities group by all)
        select s.date, count(*), coalesce(sum(q.n), 0)::bigint, coalesce(sum(m.n), 0)::bigint
        from stories s left join q using (story_id) left join m using (story_id)
        group by all order by s.date""",
    "top_speakers": """
        select coalesce(speaker_entity, speaker) who, count(*) n from quotes
        where kind = 'quotation' group by all order by n desc, who""",
    "person_aliases": """
        select story_id, entity, aliases, in_lede from entities where label = 'PERSON'
        order by story_id, entity""",
}


def _duckdb(query: str) -> Query:
    def run(out: Path) -> list[Row]:
        con = duckdb.connect()
        for name in ("stories", "quotes", "entities"):
            con.sql(
                f"create view {name} as select * from "
                f"read_parquet('{out}/{name}/**/*.parquet', hive_partitioning=true)"
            )
        return con.sql(_SQL[query]).fetchall()

    return run


DUCKDB: dict[str, Query] = {q: _duckdb(q) for q in _SQL}


# -- polars: pl.scan_parquet('<out>/<dataset>/**/*.parquet', hive_partitioning=True) --------
def pl_frame(out: Path, name: str) -> pl.LazyFrame:
    return pl.scan_parquet(f"{out}/{name}/**/*.parquet", hive_partitioning=True)


def _pl_per_story(out: Path) -> pl.LazyFrame:
    q = (
        pl_frame(out, "quotes")
        .filter(pl.col("kind") == "quotation")
        .group_by("story_id")
        .agg(n_quotes=pl.len())
    )
    m = pl_frame(out, "entities").group_by("story_id").agg(n_mentions=pl.col("mentions").sum())
    return (
        pl_frame(out, "stories")
        .select("story_id", "date")
        .join(q, on="story_id", how="left")
        .join(m, on="story_id", how="left")
        .with_columns(pl.col("n_quotes", "n_mentions").fill_null(0))
    )


POLARS: dict[str, Query] = {
    "stories_per_agency_day": lambda out: (
        pl_frame(out, "stories")
        .group_by("date", "agency")
        .agg(pl.len())
        .sort("date", "agency", nulls_last=True)
        .collect()
        .rows()
    ),
    "quotes_per_story": lambda out: (
        _pl_per_story(out).select("story_id", "date", "n_quotes").sort("story_id").collect().rows()
    ),
    "per_day": lambda out: (
        _pl_per_story(out)
        .group_by("date")
        .agg(pl.len(), pl.col("n_quotes").sum(), pl.col("n_mentions").sum())
        .sort("date", nulls_last=True)
        .collect()
        .rows()
    ),
    "top_speakers": lambda out: (
        pl_frame(out, "quotes")
        .filter(pl.col("kind") == "quotation")
        .group_by(who=pl.coalesce("speaker_entity", "speaker"))
        .agg(n=pl.len())
        .sort(["n", "who"], descending=[True, False])
        .collect()
        .rows()
    ),
    "person_aliases": lambda out: (
        pl_frame(out, "entities")
        .filter(pl.col("label") == "PERSON")
        .select("story_id", "entity", "aliases", "in_lede")
        .sort("story_id", "entity")
        .collect()
        .rows()
    ),
}

READERS: dict[str, dict[str, Query]] = {
    "pandas": PANDAS,
    "pyarrow": PYARROW,
    "duckdb": DUCKDB,
    "polars": POLARS,
}
