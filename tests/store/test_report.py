"""tasks.store.report on hand-built out folders (no Prefect, no NER): known answers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from flows.report import main
from tasks.store.outdir import Store, file_metadata
from tasks.store.report import build_report, format_report
from tasks.store.schemas import DATASETS

D1, D2, RUN_DAY = date(2024, 3, 4), date(2024, 3, 6), date(2026, 11, 28)
_DEFAULTS: dict[str, Any] = {
    pa.string(): "x",
    pa.int32(): 0,
    pa.bool_(): False,
    pa.list_(pa.string()): [],
    pa.timestamp("us", tz="UTC"): datetime(2026, 11, 28, tzinfo=UTC),
}


def _table(dataset: str, rows: list[dict]) -> pa.Table:
    """Rows with only the columns a test cares about; required columns get a filler value."""
    schema = DATASETS[dataset]
    full = [
        {f.name: r.get(f.name, None if f.nullable else _DEFAULTS[f.type]) for f in schema}
        for r in rows
    ]
    return pa.Table.from_pylist(full, schema=schema)


def _write(out: Path, dataset: str, day: date, rows: list[dict], commit: str = "c1") -> None:
    store = Store(str(out))
    store.write_parquet(
        store.data_file(dataset, day, commit),
        _table(dataset, rows),
        file_metadata(parser_version="1.0.0", model_version="m-1", run_id="r"),
    )


def _manifest(
    run_id: str, started: str, status: str = "completed", model: str | None = "m-1", new: int = 3
) -> dict:
    return {
        "run_id": run_id,
        "started_at": started,
        "status": status,
        "inputs": {"new": new, "stories": new - 1, "rejected": 1, "unchanged": 0},
        "versions": {"schema": "1", "parser": "1.0.0", "model": model},
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Two story days + an undated story (filed under the run day), quotes on one day only,
    entities where one name appears in two stories, two rejects reasons, three runs."""
    _write(tmp_path, "stories", D1, [{"story_id": "a", "date": D1}, {"story_id": "b", "date": D1}])
    _write(tmp_path, "stories", D2, [{"story_id": "c", "date": D2}])
    _write(tmp_path, "stories", RUN_DAY, [{"story_id": "d", "date": None}])
    _write(tmp_path, "quotes", D1, [{"story_id": "a", "date": D1}])
    _write(
        tmp_path,
        "entities",
        D1,
        [
            {"story_id": "a", "date": D1, "entity": "Kharge", "mentions": 3},
            {"story_id": "b", "date": D1, "entity": "Kharge", "mentions": 1},
            {"story_id": "b", "date": D1, "entity": "Delhi", "mentions": 4},
        ],
    )
    _write(
        tmp_path,
        "entities",
        D2,
        [{"story_id": "c", "date": D2, "entity": "Assam", "mentions": 1}],
        commit="c2",
    )
    _write(
        tmp_path,
        "rejects",
        RUN_DAY,
        [{"reason": "malformed_json"}, {"reason": "empty"}, {"reason": "empty"}],
    )
    runs = tmp_path / "_runs"
    runs.mkdir()
    for m in (
        _manifest("r1", "2026-11-27T10:00:00+00:00"),
        _manifest("r3", "2026-11-28T10:00:00+00:00", model=None, new=0),
        _manifest("r2", "2026-11-28T09:00:00+00:00", status="failed"),
    ):
        (runs / f"{m['run_id']}.json").write_text(json.dumps(m))
    (runs / "r4.json.tmp").write_text("{")  # a manifest being written: not a run yet
    return tmp_path


# (dataset, partitions, files, rows, first date, last date, undated rows)
DATASET_ROWS = [
    ("stories", 3, 3, 4, D1, D2, 1),  # the run-day partition holds the undated story
    ("quotes", 1, 1, 1, D1, D1, 0),  # days without quotes have no quotes partition at all
    ("entities", 2, 2, 4, D1, D2, 0),
    ("rejects", 1, 1, 3, None, None, 3),  # written with no `date`: range unknown, all undated
]


@pytest.mark.parametrize(
    ("name", "parts", "files", "rows", "first", "last", "undated"), DATASET_ROWS
)
def test_dataset_stats(out, name, parts, files, rows, first, last, undated):
    d = next(d for d in build_report(str(out)).datasets if d.name == name)
    assert (d.partitions, d.files, d.rows, d.first_date, d.last_date, d.undated_rows) == (
        parts,
        files,
        rows,
        first,
        last,
        undated,
    )


def test_top_entities_sum_mentions_across_stories(out):
    # Kharge: 3 + 1 mentions in two stories; Delhi: 4 in one. A tie on mentions: by name.
    assert build_report(str(out)).top_entities == [
        ("Delhi", 4, 1),
        ("Kharge", 4, 2),
        ("Assam", 1, 1),
    ]
    assert build_report(str(out), top_n=1).top_entities == [("Delhi", 4, 1)]


def test_rejects_by_reason_most_common_first(out):
    assert build_report(str(out)).rejects_by_reason == {"empty": 2, "malformed_json": 1}


def test_last_runs_newest_first_and_limited(out):
    r = build_report(str(out), n_runs=2)
    assert [(x.run_id, x.status, x.model) for x in r.runs] == [
        ("r3", "completed", None),
        ("r2", "failed", "m-1"),
    ]
    assert r.problems == []


def test_broken_manifest_is_reported_not_fatal(out):
    (out / "_runs" / "bad.json").write_text("{not json")
    r = build_report(str(out))
    assert len(r.runs) == 3
    assert r.problems and "bad.json" in r.problems[0]


def test_empty_out_dir_says_so(tmp_path):
    r = build_report(str(tmp_path / "missing"))
    assert [d.rows for d in r.datasets] == [0, 0, 0, 0]
    assert (r.top_entities, r.rejects_by_reason, r.runs) == ([], {}, [])
    assert "no data yet" in format_report(r)


# Phrases the terminal text must contain: one per section, with the numbers from the fixture.
EXPECTED_TEXT = [
    "wirecopy output: ",
    "stories            3      3     4  2024-03-04 .. 2024-03-06        1",
    "Delhi",
    "malformed_json",
    "(no NER)",  # the run with enrichment off
    "failed",
]


@pytest.mark.parametrize("phrase", EXPECTED_TEXT)
def test_cli_prints_every_section(out, capsys, phrase):
    assert main(["--out-dir", str(out)]) == 0
    assert phrase in capsys.readouterr().out
