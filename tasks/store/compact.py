"""Compaction: merge each partition's small per-commit files into a few big sorted files.

Every shard commit adds one file per (dataset, day) it touches, so a day of a 50k-story run
holds ~100 small files with ~500-row row groups: slow to list and scan. Compaction rewrites
a partition that has two or more files into ceil(rows / max_rows_per_file) files sorted by
the dataset's SORT_KEYS, with row groups of at least MIN_ROW_GROUP rows wherever the data
has that many rows (and at most 2x that).

Atomic through the journal (tasks.store.journal; pure Python, no Prefect): under
`<out>/_lock`, finish any interrupted commit (`recover`), stage the merged files under
`_staging/<id>/`, publish `_journal/<id>.json` = {moves: staged → final, deletes: the old
files}. The NER cache is compacted by its owner (tasks.enrich.ner_cache), after the datasets
(tasks.run.maintenance). A crash at any instant is finished by the next commit,
run or compaction; every row stays present exactly once once the journal is applied (as for
a commit's rewrites, a reader racing the apply step may briefly see a partition twice).
The lock is taken per partition, so a compaction never holds it for long and commits of a
running flow interleave with it.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.store.journal import publish, recover
from tasks.store.lock import out_lock
from tasks.store.outdir import Store
from tasks.store.schemas import DATASETS, SORT_KEYS

MIN_ROW_GROUP = 100_000  # rows per row group wherever a file has that many
MAX_ROWS_PER_FILE = 1_000_000  # a partition bigger than this becomes several files


@dataclass
class CompactResult:
    partitions: int = 0  # partitions rewritten
    files_before: int = 0  # files of the rewritten partitions, before
    files_after: int = 0  # and after
    rows: int = 0  # rows of the rewritten partitions (unchanged by definition)
    skipped: int = 0  # partitions already compact (0 or 1 file)
    detail: list[dict] = field(default_factory=list)  # one row per rewritten partition


class CompactionError(RuntimeError):
    """The merged files would not hold exactly the rows of the originals (never applied)."""


def new_compaction_id(now: datetime | None = None) -> str:
    return f"compact-{(now or datetime.now(UTC)):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def files_per_partition(store: Store, datasets: list[str] | None = None) -> dict[str, dict]:
    """{dataset: {day: number of data files}} for the whole out folder."""
    store.fs.invalidate_cache()
    return {
        ds: {day: len(store.files_in(ds, day)) for day in store.partitions(ds)}
        for ds in (datasets or list(DATASETS))
    }


def row_group_size(rows: int, target: int = MIN_ROW_GROUP) -> int:
    """Row-group length for a file of `rows` rows: every group >= target when rows allow."""
    groups = max(1, rows // target)
    return max(1, math.ceil(rows / groups))


def compact_store(
    store: Store,
    datasets: list[str] | None = None,
    max_rows_per_file: int = MAX_ROWS_PER_FILE,
    compaction_id: str | None = None,
) -> CompactResult:
    """Compact every partition of `datasets` (default: all) that holds two or more files."""
    cid = compaction_id or new_compaction_id()
    result = CompactResult()
    for dataset in datasets or list(DATASETS):
        for day in store.partitions(dataset):
            got = compact_partition(store, dataset, day, cid, max_rows_per_file)
            if got is None:
                result.skipped += 1
                continue
            result.partitions += 1
            result.files_before += got["files_before"]
            result.files_after += got["files_after"]
            result.rows += got["rows"]
            result.detail.append(got)
    return result


def compact_partition(
    store: Store,
    dataset: str,
    day: date,
    compaction_id: str,
    max_rows_per_file: int = MAX_ROWS_PER_FILE,
) -> dict | None:
    """Merge one partition's files (lock held inside); None when it is already compact."""
    commit_id = f"{compaction_id}-{dataset}-{day:%Y%m%d}"
    with out_lock(store):
        store.fs.invalidate_cache()  # other processes commit too: never trust a cached listing
        recover(store)
        files = store.files_in(dataset, day)
        if len(files) < 2:
            return None
        journal = stage_partition(store, dataset, day, files, commit_id, max_rows_per_file)
        publish(store, journal)
    return {
        "dataset": dataset,
        "day": day.isoformat(),
        "files_before": len(files),
        "files_after": len(journal["moves"]),
        "rows": journal["rows"],
    }


def stage_partition(
    store: Store,
    dataset: str,
    day: date,
    files: list[str],
    commit_id: str,
    max_rows_per_file: int = MAX_ROWS_PER_FILE,
) -> dict:
    """Write the merged files under staging; return the journal that would publish them."""
    schema = DATASETS[dataset]
    tables = [store.read_parquet(path, schema=schema) for path in files]
    rows_in = sum(t.num_rows for t in tables)
    merged = pa.concat_tables(tables).sort_by([(k, "ascending") for k in SORT_KEYS[dataset]])
    meta = _merged_meta([pq.read_metadata(path, filesystem=store.fs).metadata for path in files])
    meta["wirecopy.compacted_from_files"] = str(len(files))
    n_out = max(1, math.ceil(merged.num_rows / max_rows_per_file))
    per_file = math.ceil(merged.num_rows / n_out)
    moves: list[list[str]] = []
    rows_out = 0
    for k in range(n_out):
        part = merged.slice(k * per_file, per_file)
        final = store.data_file(dataset, day, commit_id, suffix=f"-{k}")
        staged = store.staged_path(commit_id, final)
        store.write_parquet(staged, part, meta, row_group_size=row_group_size(part.num_rows))
        with store.fs.open(staged, "rb") as fh:  # count what is on disk, not what we meant
            rows_out += pq.ParquetFile(fh).metadata.num_rows
        moves.append([staged, final])
    if rows_out != rows_in or merged.num_rows != rows_in:
        store.fs.rm(store.staging_dir(commit_id), recursive=True)
        raise CompactionError(f"{dataset}/{day}: {rows_in} rows in, {rows_out} staged")
    finals = {dst for _, dst in moves}
    deletes = [p for p in files if p not in finals]
    return {"commit_id": commit_id, "moves": moves, "deletes": deletes, "rows": rows_in}


def _merged_meta(metas: list[dict[bytes, bytes] | None]) -> dict[str, str]:
    """wirecopy.* file metadata: a value shared by every input is kept, else `mixed`.

    Rows carry their own run_id / parser_version columns, so nothing is lost.
    """
    values: dict[str, set[str]] = {}
    for meta in metas:
        for k, v in (meta or {}).items():
            if k.startswith(b"wirecopy."):
                values.setdefault(k.decode(), set()).add(v.decode())
    return {k: (next(iter(v)) if len(v) == 1 else "mixed") for k, v in values.items()}
