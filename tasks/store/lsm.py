"""State tables that grow by small sorted files merged in levels (a log-structured merge).

Why: the corpus steps keep state that grows with the corpus (per name key, per story); a
15-minute run that rewrote it whole would cost what the corpus holds. Here a run adds one
small sorted file (level 0); when `fanout` files of a level pile up they are merged into one
file of the next level, so a row is rewritten about log_fanout(runs) times in its life and a
run writes what it adds (plus, now and then, a merge of recent files). Maintenance `fold`s
every file into one. Files are sorted by the table's key and cut into small row groups, so a
`lookup` of a few keys reads only the row groups whose key range can hold them.

The owner gives `combine`: how the rows of several files become one file's rows (sums of
counts, the latest row per id). It must not depend on which files are merged first.

Writes are staged and returned as journal moves and deletes: the caller publishes them with
the rest of its commit (tasks.store.journal), under the out lock.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.store.outdir import Store

FOLDED = 9  # the level `fold` writes: one file holding everything


@dataclass
class Changes:
    """Journal entries a state write stages: [[staged, final]] moves, and paths to delete."""

    moves: list[list[str]] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)

    def add(self, other: Changes) -> Changes:
        self.moves += other.moves
        self.deletes += other.deletes
        return self


@dataclass(frozen=True)
class LsmTable:
    store: Store
    name: str  # directory under _state/, e.g. "entities/evidence"
    schema: pa.Schema
    key: str  # the column files are sorted by and looked up on
    combine: Callable[[pa.Table], pa.Table]
    fanout: int = 8
    row_group: int = 2048

    @property
    def directory(self) -> str:
        return self.store.state_path(*self.name.split("/"))

    def files(self) -> list[str]:
        return self.store.parquet_files(self.directory)

    def exists(self) -> bool:
        return self.store.fs.exists(self.directory)

    # -- reading ---------------------------------------------------------------------------
    def read_all(self, columns: list[str] | None = None) -> pa.Table:
        """Every row, combined (maintenance and the candidate scan of clustering)."""
        tables = [self._read(p) for p in self.files()]
        table = self.combine(_concat(tables, self.schema))
        return table.select(columns) if columns else table

    def lookup(self, keys: Iterable[str]) -> pa.Table:
        """The combined rows whose key is one of `keys`, reading only row groups that may
        hold them (a file's row groups cover sorted, disjoint key ranges)."""
        wanted = sorted(set(keys))
        if not wanted:
            return self.schema.empty_table()
        value_set = pa.array(wanted, self.schema.field(self.key).type)
        parts = []
        for path in self.files():
            with self.store.fs.open(path, "rb") as fh:
                pf = pq.ParquetFile(fh)
                groups = _groups_holding(pf, self.key, wanted)
                if not groups:
                    continue
                t = pf.read_row_groups(groups).cast(self.schema)
            parts.append(t.filter(pc.is_in(t[self.key], value_set=value_set)))
        return self.combine(_concat(parts, self.schema))

    def _read(self, path: str) -> pa.Table:
        return self.store.read_parquet(path, schema=self.schema)

    # -- writing ---------------------------------------------------------------------------
    def stage(self, commit_id: str, seq: int, added: pa.Table) -> Changes:
        """Stage `added` as a new level-0 file, merging full levels upwards."""
        changes = Changes()
        if not added.num_rows:
            return changes
        pending = [(self._final(0, seq, commit_id), self.combine(added.cast(self.schema)))]
        existing = self.files()
        for level in range(FOLDED):
            here = [p for p in existing if _level(p) == level]
            if len(here) + len(pending) < self.fanout:
                break
            # this level is full: its files and what is pending become one file a level up
            merged = self.combine(
                _concat([self._read(p) for p in here] + [t for _, t in pending], self.schema)
            )
            changes.deletes += here
            pending = [(self._final(level + 1, seq, commit_id), merged)]
        for final, table in pending:
            changes.moves.append([self._write_staged(commit_id, final, table), final])
        return changes

    def stage_fold(self, commit_id: str, seq: int) -> Changes:
        """Stage one file holding every row (maintenance); nothing when already one file."""
        files = self.files()
        if len(files) <= 1:
            return Changes()
        final = self._final(FOLDED, seq, commit_id)
        staged = self._write_staged(commit_id, final, self.read_all())
        return Changes([[staged, final]], files)

    def stage_replace(self, commit_id: str, seq: int, table: pa.Table) -> Changes:
        """Stage `table` as the whole content (a rebuild): every current file goes."""
        final = self._final(FOLDED, seq, commit_id)
        staged = self._write_staged(commit_id, final, self.combine(table.cast(self.schema)))
        return Changes([[staged, final]], self.files())

    def _final(self, level: int, seq: int, commit_id: str) -> str:
        return f"{self.directory}/L{level}-{seq:020d}-{commit_id}.parquet"

    def _write_staged(self, commit_id: str, final: str, table: pa.Table) -> str:
        staged = self.store.staged_path(commit_id, final)
        self.store.write_parquet(staged, table, {}, row_group_size=self.row_group)
        return staged


def _level(path: str) -> int:
    name = path.rsplit("/", 1)[-1]
    return int(name[1]) if name[:1] == "L" and name[1:2].isdigit() else FOLDED


def _concat(tables: list[pa.Table], schema: pa.Schema) -> pa.Table:
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return schema.empty_table()
    return pa.concat_tables([t.cast(schema) for t in tables])


def _groups_holding(pf: pq.ParquetFile, key: str, wanted: list[str]) -> list[int]:
    """Row groups whose [min, max] of `key` holds one of the sorted `wanted` keys (all of
    them when a group has no statistics)."""
    col = pf.schema_arrow.get_field_index(key)
    groups = []
    for i in range(pf.metadata.num_row_groups):
        stats = pf.metadata.row_group(i).column(col).statistics
        if stats is None or not stats.has_min_max:
            groups.append(i)
            continue
        at = bisect.bisect_left(wanted, stats.min)
        if at < len(wanted) and wanted[at] <= stats.max:
            groups.append(i)
    return groups


def sum_by(columns: list[str], keep: list[tuple[str, str]] = ()) -> Callable[[pa.Table], pa.Table]:
    """A `combine` that adds up `n` per group of `columns` (other columns by `keep`'s
    aggregations, e.g. ("date", "max")), drops groups that add up to 0, sorts by them."""

    def combine(table: pa.Table) -> pa.Table:
        if not table.num_rows:
            return table
        aggs = [("n", "sum"), *keep]
        out = table.group_by(columns, use_threads=False).aggregate(list(aggs))
        out = pa.table(
            {
                **{c: out[c] for c in columns},
                **{c: out[f"{c}_{a}"] for c, a in aggs},
            }
        )
        out = out.filter(pc.not_equal(out["n"], 0))
        out = out.sort_by([(c, "ascending") for c in columns]).select(table.schema.names)
        return out.cast(table.schema)

    return combine
