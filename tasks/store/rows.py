"""What every row shares, and the buffers rows are collected in: Arrow tables of the schemas.

Each stage builds the rows of what it owns (tasks.parse.rows: stories and quotes,
tasks.enrich.rows: entities and the stories' entity columns, tasks.dedup.index: signatures,
tasks.ingest.rows: rejects); the shard assembles them (tasks.run.shard). A buffer takes its
columns from the schema's field list, so a schema change fails loudly here (missing key)
instead of silently writing a column of nulls.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from tasks.store.schemas import DEDUP_INDEX, ENTITIES, QUOTES, REJECTS, STORIES


def story_id(source_path: str, source_index: int) -> str:
    """Stable id from where the story lives, so a re-run or a changed file keeps its id."""
    key = f"{source_path}\0{source_index}".encode()
    return hashlib.sha256(key).hexdigest()[:16]


@dataclass(frozen=True)
class RunInfo:
    """Run metadata stamped on every row (provenance)."""

    run_id: str
    started_at: datetime  # UTC, timezone-aware
    parser_version: str
    model_version: str | None  # None when enrichment is off

    @property
    def run_date(self) -> date:
        return self.started_at.date()


@dataclass
class RowBuffer:
    """Column-wise accumulator for one dataset; turns into a table with the fixed schema."""

    schema: pa.Schema
    columns: dict[str, list[Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = {name: [] for name in self.schema.names}

    def append(self, row: dict[str, Any]) -> None:
        for name, values in self.columns.items():
            values.append(row[name])

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def to_table(self) -> pa.Table:
        arrays = [pa.array(self.columns[f.name], type=f.type) for f in self.schema]
        return pa.Table.from_arrays(arrays, schema=self.schema)


def new_buffers() -> dict[str, RowBuffer]:
    """One empty buffer per dataset a shard writes, keyed by dataset name."""
    return {
        "stories": RowBuffer(STORIES),
        "quotes": RowBuffer(QUOTES),
        "entities": RowBuffer(ENTITIES),
        "rejects": RowBuffer(REJECTS),
        "_dedup": RowBuffer(DEDUP_INDEX),
    }
