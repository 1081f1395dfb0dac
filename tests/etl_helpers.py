"""Helpers shared by the incremental, fault-injection and concurrency tests (and the bench).

- `dataset_rows`: a dataset as sorted row tuples *without run metadata* (run_id, ingested_at,
  rejected_at), so a re-run, a crash-and-resume and a clean run can be compared row for row.
- `build_corpus`: a deterministic corpus of a few thousand stories in .txt and .jsonl files,
  built from the shipped samples plus (when present) AG News items of ../shared/corpus.
- `check_out_folder`: the invariants every out folder must keep after any run.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from tasks.run.engine import run_pipeline
from tasks.run.executors import executor_for
from tasks.run.request import RunRequest
from tasks.store.schemas import DATASETS

ROOT = Path(__file__).resolve().parent.parent
RAW_SAMPLES = ROOT / "data" / "raw"
AGNEWS = ROOT.parent / "shared" / "corpus" / "agnews" / "test.csv"
RUN_METADATA = ("run_id", "ingested_at", "rejected_at")
STORY_DATASETS = ("stories", "quotes", "entities")


def _freeze(value: object) -> object:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def visible_files(out: Path, dataset: str) -> list[Path]:
    base = Path(out) / dataset
    return sorted(base.rglob("*.parquet")) if base.exists() else []


def dataset_rows(out: Path, dataset: str) -> list[tuple]:
    """Sorted rows of one dataset (every visible file), run metadata dropped.

    Read file by file without hive partitioning: the `day` directory of a reject is the run
    date, which is metadata too.
    """
    files = visible_files(out, dataset)
    names = [n for n in DATASETS[dataset].names if n not in RUN_METADATA]
    if not files:
        return []
    table = ds.dataset([str(f) for f in files], format="parquet", schema=DATASETS[dataset])
    rows = table.to_table(columns=names).to_pylist()
    return sorted((tuple(_freeze(r[n]) for n in names) for r in rows), key=repr)


def snapshot(out: Path) -> dict[str, list[tuple]]:
    return {name: dataset_rows(out, name) for name in DATASETS}


def story_ids(out: Path) -> list[str]:
    files = visible_files(out, "stories")
    if not files:
        return []
    table = ds.dataset([str(f) for f in files], format="parquet").to_table(columns=["story_id"])
    return table["story_id"].to_pylist()


def duplicates(values: list) -> list:
    return [v for v, n in Counter(values).items() if n > 1]


def check_out_folder(out: Path) -> None:
    """No duplicate story or reject, every visible file opens, no journal left behind."""
    ids = story_ids(out)
    assert not duplicates(ids), f"duplicate story_id: {duplicates(ids)[:5]}"
    rejects = [(r[0], r[1]) for r in dataset_rows(out, "rejects")]
    assert not duplicates(rejects), f"duplicate reject: {duplicates(rejects)[:5]}"
    for dataset in DATASETS:
        for f in visible_files(out, dataset):
            assert pq.ParquetFile(f).metadata.num_rows >= 0  # raises on a partial file
    assert not list((Path(out) / "_journal").glob("*.json")), "a journal was left behind"
    catalog = Path(out) / "entity_catalog" / "catalog.parquet"
    if catalog.exists():  # every entities row's id resolves in the catalog
        known = set(pq.read_table(catalog, columns=["entity_id"])["entity_id"].to_pylist())
        ids = {r["entity_id"] for f in visible_files(out, "entities") for r in _ids(f)}
        assert ids <= known, f"entity ids missing from the catalog: {sorted(ids - known)[:5]}"


def _ids(path: Path) -> list[dict]:
    return pq.read_table(path, columns=["entity_id"]).to_pylist()


def run_in_process(raw: Path | str, out: Path | str, **options) -> dict:
    """One run of the engine in this process, without Prefect: its manifest."""
    request = RunRequest(raw_dir=str(raw), out_dir=str(out), task_runner="in-process", **options)
    return run_pipeline(request, executor_for(request))


def manifests(out: Path) -> list[dict]:
    runs = sorted((Path(out) / "_runs").glob("*.json"))
    return [json.loads(p.read_text()) for p in runs]


def accounting_holds(m: dict) -> bool:
    i = m["inputs"]
    return i["seen"] == i["stories"] + i["rejected"] + i["unchanged"] + i["failed"]


# --- corpus ------------------------------------------------------------------------------------

_CITIES = ["NEW YORK", "LONDON", "PARIS", "NEW DELHI", "TOKYO", "BERLIN", "MADRID", "SYDNEY"]
_AGENCIES = ["Reuters", "AP", "AFP"]
_MONTHS = ["January", "February", "March", "April", "May", "June"]


def _agnews_items(limit: int) -> list[tuple[str, str]]:
    if not AGNEWS.exists():
        return []
    with AGNEWS.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["title"], r["description"].replace("\\", " ")) for r in rows[:limit]]


def _synthetic_items(limit: int) -> list[tuple[str, str]]:
    """Varied self-written stories when the shared corpus is absent."""
    out = []
    for n in range(limit):
        out.append(
            (
                f"Council approves budget item {n}",
                f"The city council approved item {n} of the budget on Tuesday, officials "
                f'said, after a debate that lasted {n % 9 + 1} hours. "We had to act," '
                f"said councillor Maria Lopez.",
            )
        )
    return out


def build_corpus(
    raw: Path, n_stories: int, jsonl_every: int = 10, lines_per_jsonl: int = 20, copies: int = 0
) -> int:
    """Write about `n_stories` stories under `raw` (txt files plus some .jsonl); return inputs.

    Deterministic: the same arguments always give the same bytes. Dates spread over six
    months so there are many day partitions. The shipped samples are copied in too.
    `copies`: that many stories are delivered again, alternately as an exact copy (a .jsonl
    export line) and as an `UPDATE 1-` version with an added paragraph (a .txt).
    """
    raw = Path(raw)
    shutil.copytree(RAW_SAMPLES, raw / "samples", dirs_exist_ok=True)
    items = _agnews_items(n_stories) or []
    if len(items) < n_stories:
        items += _synthetic_items(n_stories - len(items))
    count = 0
    batch: list[str] = []
    for n, (title, desc) in enumerate(items):
        city, agency = _CITIES[n % len(_CITIES)], _AGENCIES[n % len(_AGENCIES)]
        month, day = _MONTHS[n % len(_MONTHS)], n % 28 + 1
        text = f"{city}, {month} {day} ({agency}) - {title}. {desc}\n\nStory number {n}.\n"
        if jsonl_every and n % jsonl_every == 0:
            batch.append(json.dumps({"id": f"w{n}", "agency": agency, "text": text}))
            if len(batch) == lines_per_jsonl:
                _write(raw / "feeds" / f"feed-{n:05d}.jsonl", "\n".join(batch) + "\n")
                count += len(batch)
                batch = []
        else:
            _write(raw / agency.lower() / f"{n // 500:02d}" / f"story-{n:05d}.txt", text)
            count += 1
    if batch:
        _write(raw / "feeds" / "feed-last.jsonl", "\n".join(batch) + "\n")
        count += len(batch)
    return count + _write_copies(raw, items, copies)


def _write_copies(raw: Path, items: list[tuple[str, str]], copies: int) -> int:
    lines = []
    for k in range(copies):
        n = k * 7 % len(items)
        title, desc = items[n]
        city, agency = _CITIES[n % len(_CITIES)], _AGENCIES[n % len(_AGENCIES)]
        month, day = _MONTHS[n % len(_MONTHS)], n % 28 + 1
        text = f"{city}, {month} {day} ({agency}) - {title}. {desc}\n\nStory number {n}.\n"
        if k % 2 == 0:
            lines.append(json.dumps({"id": f"copy{n}", "agency": agency, "text": text}))
        else:
            update = f"UPDATE 1-{title}\n\n{text}\nOfficials added details on {month} {day}.\n"
            _write(raw / "updates" / f"update-{n:05d}.txt", update)
    if lines:
        _write(raw / "copies" / "export.jsonl", "\n".join(lines) + "\n")
    return copies


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
