"""What is in an out folder, for a terminal: partitions, rows, dates, entities, rejects, runs.

Pure logic (no Prefect): `build_report(out_dir)` gathers the numbers, `format_report(report)`
renders them; `python -m flows.report --out-dir DIR` is the CLI. Row counts and date ranges
come from Parquet footers (row counts, min/max statistics), so the summary of a large folder
reads no data pages; only `entities.entity/mentions` and `rejects.reason` are read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from tasks.store.outdir import Store
from tasks.store.schemas import DATASETS


@dataclass
class DatasetStats:
    """One dataset folder: what its footers say."""

    name: str
    partitions: int = 0
    files: int = 0
    rows: int = 0
    first_date: date | None = None  # min/max of the `date` column, not of the `day=` keys
    last_date: date | None = None
    undated_rows: int = 0  # `date` is null (filed under the run date)


@dataclass
class RunRow:
    """The few fields of a `_runs/<run_id>.json` manifest worth a line in a terminal."""

    run_id: str
    started_at: str
    status: str
    new: int
    stories: int
    rejected: int
    unchanged: int
    parser: str | None
    model: str | None


@dataclass
class Report:
    out_dir: str
    datasets: list[DatasetStats]
    top_entities: list[tuple[str, int, int]]  # (entity, mentions, stories)
    rejects_by_reason: dict[str, int]
    runs: list[RunRow]  # newest first
    problems: list[str] = field(default_factory=list)  # unreadable manifests etc.


def dataset_stats(store: Store, name: str) -> DatasetStats:
    """Partitions, files, rows and `date` range of one dataset, from file footers only."""
    stats = DatasetStats(name)
    days = store.partitions(name)
    stats.partitions = len(days)
    lows, highs = [], []
    for day in days:
        for path in store.files_in(name, day):
            md = pq.read_metadata(path, filesystem=store.fs)
            stats.files += 1
            stats.rows += md.num_rows
            idx = md.schema.to_arrow_schema().get_field_index("date")
            for rg in range(md.num_row_groups):
                col = md.row_group(rg).column(idx).statistics
                if col is None:  # no statistics: count the rows as dated but unknown range
                    continue
                stats.undated_rows += col.null_count or 0
                if col.has_min_max:
                    lows.append(col.min)
                    highs.append(col.max)
    stats.first_date = min(lows, default=None)
    stats.last_date = max(highs, default=None)
    return stats


def _files(store: Store, name: str) -> list[str]:
    return [p for day in store.partitions(name) for p in store.files_in(name, day)]


def _read(store: Store, name: str, columns: list[str]):
    """Only `columns` of a dataset, with the declared types (an empty folder gives 0 rows)."""
    schema = DATASETS[name]
    files = _files(store, name)
    return ds.dataset(files, schema=schema, format="parquet", filesystem=store.fs).to_table(
        columns=columns
    )


def top_entities(store: Store, n: int = 10) -> list[tuple[str, int, int]]:
    """(entity, total mentions, stories) by mentions, then name; canonical names per story."""
    t = _read(store, "entities", ["entity", "mentions"])
    if not t.num_rows:
        return []
    g = t.group_by("entity").aggregate([("mentions", "sum"), ([], "count_all")])
    rows = zip(*(g[c].to_pylist() for c in ("entity", "mentions_sum", "count_all")), strict=True)
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:n]


def rejects_by_reason(store: Store) -> dict[str, int]:
    counts = Counter(_read(store, "rejects", ["reason"])["reason"].to_pylist())
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def last_runs(store: Store, n: int = 5) -> tuple[list[RunRow], list[str]]:
    """Newest `n` run manifests (by started_at), plus a note per unreadable manifest."""
    base = store.path("_runs")
    if not store.fs.exists(base):
        return [], []
    rows, problems = [], []
    for path in store.fs.ls(base, detail=False):
        if not path.endswith(".json"):
            continue  # `.json.tmp`: a manifest being written
        try:
            rows.append(_run_row(store.read_json(path)))
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"unreadable run manifest {path.rsplit('/', 1)[-1]}: {exc}")
    rows.sort(key=lambda r: (r.started_at, r.run_id), reverse=True)
    return rows[:n], problems


def _run_row(m: dict) -> RunRow:
    i, v = m["inputs"], m.get("versions", {})
    return RunRow(
        run_id=m["run_id"],
        started_at=m["started_at"],
        status=m["status"],
        new=i["new"],
        stories=i["stories"],
        rejected=i["rejected"],
        unchanged=i["unchanged"],
        parser=v.get("parser"),
        model=v.get("model"),
    )


def build_report(out_dir: str, top_n: int = 10, n_runs: int = 5) -> Report:
    store = Store(out_dir)
    runs, problems = last_runs(store, n_runs)
    return Report(
        out_dir=out_dir,
        datasets=[dataset_stats(store, name) for name in DATASETS if not name.startswith("_")],
        top_entities=top_entities(store, top_n),
        rejects_by_reason=rejects_by_reason(store),
        runs=runs,
        problems=problems,
    )


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    """Left-aligned text columns, numbers right-aligned."""
    cells = [header, *[["" if v is None else str(v) for v in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    numeric = [bool(rows) and all(isinstance(r[i], int) for r in rows) for i in range(len(header))]

    def line(r: list[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w) for c, w, num in zip(r, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [line(cells[0]), *(line(r) for r in cells[1:])]


def format_report(r: Report) -> str:
    """The terminal text of a report (plain text, no colours: it is often piped or logged)."""
    lines = [f"wirecopy output: {r.out_dir}", ""]
    if not any(d.files for d in r.datasets):
        lines += ["no data yet (run `make run` or `python -m flows.wire_etl`)", ""]
    rows = []
    for d in r.datasets:
        span = f"{d.first_date} .. {d.last_date}" if d.first_date else "-"
        rows.append([d.name, d.partitions, d.files, d.rows, span, d.undated_rows])
    lines += _table(["dataset", "partitions", "files", "rows", "date range", "undated"], rows)
    lines += ["", "Top entities (mentions across stories)"]
    lines += _indent(
        _table(["entity", "mentions", "stories"], [list(e) for e in r.top_entities])
        if r.top_entities
        else ["none"]
    )
    lines += ["", "Rejects by reason"]
    lines += _indent(
        _table(["reason", "rows"], [[k, v] for k, v in r.rejects_by_reason.items()])
        if r.rejects_by_reason
        else ["none"]
    )
    lines += ["", "Last runs (newest first)"]
    run_rows = [
        [
            x.run_id,
            x.status,
            x.new,
            x.stories,
            x.rejected,
            x.unchanged,
            x.parser,
            x.model or "(no NER)",
        ]
        for x in r.runs
    ]
    header = ["run_id", "status", "new", "stories", "rejected", "unchanged", "parser", "model"]
    lines += _indent(_table(header, run_rows) if run_rows else ["none"])
    if r.problems:
        lines += ["", "Problems", *_indent(r.problems)]
    return "\n".join(lines) + "\n"


def _indent(lines: list[str]) -> list[str]:
    return [f"  {line}" for line in lines]
