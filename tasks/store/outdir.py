"""The one module that owns output paths: partition layout, file names, Parquet settings.

Layout under the out folder (a local path or any fsspec URL):

    <dataset>/day=YYYY-MM-DD/part-<commit_id>.parquet   stories, quotes, entities, rejects
    _dedup/day=YYYY-MM-DD/part-<commit_id>.parquet      story signatures (tasks.dedup.index)
    _ledger/<commit_id>.parquet                         what is committed (tasks.store.ledger)
    _journal/<commit_id>.json                           a commit in flight (tasks.store.commit)
    _staging/<commit_id>/...                            files written but not yet visible
    entity_catalog/catalog.parquet                      corpus-level entity catalog
    _runs/<run_id>.json                                 one manifest per run
    _ner_cache/part-<commit_id>.parquet                 NER spans (tasks.enrich.ner_cache)
    _inbox/<step>/<seq>-<commit_id>-<part>.parquet      rows commits added or removed, not
                                                        yet taken in by a corpus step
    _state/<step>/...                                   the corpus steps' state (entity
                                                        evidence, clusters, discovery)
    _lock                                               held while committing

Partition directories are built only from `datetime.date` values formatted here; nothing
from the story text reaches a path. The directory key is `day` (not `date`) because pyarrow
and pandas type a hive key as a string and refuse a same-named date column in the file
(pandas-dev/pandas#53008): with `day=` in the path and `date` in the file, every reader gets
`date` as a real date. `day` equals `date`, or the run date for a story with no date at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.store.catalog_schema import CATALOGS
from tasks.store.schemas import DATASETS, SCHEMA_VERSION, SORT_KEYS

PARTITION_KEY = "day"
DATA_DIRS = tuple(DATASETS)
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")  # run and commit ids: we mint them


def _check_id(value: str) -> str:
    if not _SAFE_ID.match(value) or value in {".", ".."}:
        raise ValueError(f"unsafe id for a file name: {value!r}")
    return value


def partition_name(day: date) -> str:
    if not isinstance(day, date):
        raise TypeError(f"partition value must be a date, got {type(day).__name__}")
    return f"{PARTITION_KEY}={day.isoformat()}"


def parse_partition_name(name: str) -> date | None:
    key, _, value = name.partition("=")
    if key != PARTITION_KEY:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Store:
    """Paths and file I/O for one out folder."""

    url: str

    @property
    def fs(self) -> fsspec.AbstractFileSystem:
        return fsspec.core.url_to_fs(self.url)[0]

    @property
    def root(self) -> str:
        return fsspec.core.url_to_fs(self.url)[1].rstrip("/")

    @property
    def is_local(self) -> bool:
        return "file" in _protocols(self.fs)

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def partition_dir(self, dataset: str, day: date) -> str:
        if dataset not in DATASETS:
            raise ValueError(f"unknown dataset {dataset!r}")
        return self.path(dataset, partition_name(day))

    def data_file(self, dataset: str, day: date, commit_id: str, suffix: str = "") -> str:
        name = f"part-{_check_id(commit_id)}{suffix}.parquet"
        return f"{self.partition_dir(dataset, day)}/{name}"

    def catalog_file(self, name: str = "entity_catalog") -> str:
        """A corpus-level table: one file, replaced whole (by one rename) on each run."""
        if name not in CATALOGS:
            raise ValueError(f"unknown catalog {name!r}")
        return self.path(name, "catalog.parquet")

    def staging_dir(self, commit_id: str) -> str:
        return self.path("_staging", _check_id(commit_id))

    def staged_path(self, commit_id: str, final_path: str) -> str:
        rel = final_path[len(self.root) + 1 :]
        return f"{self.staging_dir(commit_id)}/{rel}"

    def ledger_file(self, commit_id: str) -> str:
        return self.path("_ledger", f"{_check_id(commit_id)}.parquet")

    def journal_file(self, commit_id: str) -> str:
        return self.path("_journal", f"{_check_id(commit_id)}.json")

    def manifest_file(self, run_id: str) -> str:
        return self.path("_runs", f"{_check_id(run_id)}.json")

    def ner_cache_file(self, commit_id: str) -> str:
        return self.path("_ner_cache", f"part-{_check_id(commit_id)}.parquet")

    def ner_cache_files(self) -> list[str]:
        base = self.path("_ner_cache")
        if not self.fs.exists(base):
            return []
        return sorted(p for p in self.fs.ls(base, detail=False) if p.endswith(".parquet"))

    def result_dir(self) -> str:
        return self.path("_prefect_results")

    def state_path(self, *parts: str) -> str:
        """Under `_state/`: what the corpus steps keep between runs (tasks.store.state_schemas)."""
        return self.path("_state", *(_check_id(p) for p in parts))

    def inbox_dir(self, step: str) -> str:
        """Under `_inbox/`: rows commits added or removed since the corpus step `step` ran."""
        return self.path("_inbox", _check_id(step))

    def parquet_files(self, directory: str) -> list[str]:
        """The Parquet files of a directory, sorted by name; [] when it does not exist."""
        if not self.fs.exists(directory):
            return []
        return sorted(p for p in self.fs.ls(directory, detail=False) if p.endswith(".parquet"))

    def dataset_of(self, path: str) -> str | None:
        """The dataset a (final or staged) data file belongs to, from its path under root."""
        rel = path[len(self.root) + 1 :].split("/") if path.startswith(self.root + "/") else []
        if rel[:1] == ["_staging"]:
            rel = rel[2:]
        return rel[0] if rel and rel[0] in DATASETS else None

    # -- listing ---------------------------------------------------------------------------
    def partitions(self, dataset: str) -> list[date]:
        base = self.path(dataset)
        if not self.fs.exists(base):
            return []
        days = [parse_partition_name(p.rstrip("/").rsplit("/", 1)[-1]) for p in self.fs.ls(base)]
        return sorted(d for d in days if d is not None)

    def files_in(self, dataset: str, day: date) -> list[str]:
        base = self.partition_dir(dataset, day)
        if not self.fs.exists(base):
            return []
        return sorted(p for p in self.fs.ls(base, detail=False) if p.endswith(".parquet"))

    def ledger_files(self) -> list[str]:
        base = self.path("_ledger")
        if not self.fs.exists(base):
            return []
        return sorted(p for p in self.fs.ls(base, detail=False) if p.endswith(".parquet"))

    # -- writing ---------------------------------------------------------------------------
    def write_parquet(
        self, path: str, table: pa.Table, meta: dict[str, str], row_group_size: int = 128 * 1024
    ) -> None:
        """Write one sorted, zstd-compressed file with statistics and our key-value metadata."""
        dataset = self.dataset_of(path)
        if dataset:
            table = table.sort_by([(k, "ascending") for k in SORT_KEYS[dataset]])
        kv = {**(table.schema.metadata or {}), **_kv(meta)}
        table = table.replace_schema_metadata(kv)
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with self.fs.open(path, "wb") as fh:
            pq.write_table(
                table,
                fh,
                compression="zstd",
                row_group_size=row_group_size,
                write_statistics=True,
                use_dictionary=True,
            )

    def read_parquet(self, path: str, schema: pa.Schema | None = None, **kw: Any) -> pa.Table:
        return pq.read_table(path, filesystem=self.fs, schema=schema, **kw)

    def write_json(self, path: str, payload: dict) -> None:
        """Write JSON atomically: a temp name, then a rename."""
        tmp = f"{path}.tmp"
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with self.fs.open(tmp, "w") as fh:
            json.dump(payload, fh, indent=2, sort_keys=True, default=str)
        self.fs.mv(tmp, path)

    def read_json(self, path: str) -> dict:
        with self.fs.open(path, "r") as fh:
            return json.load(fh)


def file_metadata(schema_version: str = SCHEMA_VERSION, **extra: str) -> dict[str, str]:
    return {
        "wirecopy.schema_version": schema_version,
        **{f"wirecopy.{k}": v for k, v in extra.items()},
    }


def _kv(meta: dict[str, str]) -> dict[bytes, bytes]:
    return {k.encode(): str(v).encode() for k, v in meta.items()}


def _protocols(fs: fsspec.AbstractFileSystem) -> tuple[str, ...]:
    proto = fs.protocol
    return (proto,) if isinstance(proto, str) else tuple(proto)
