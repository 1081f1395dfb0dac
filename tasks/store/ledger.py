"""The ledger: which raw records are already committed, with which bytes and versions.

It lives with the output (`<out>/_ledger/*.parquet`, one file per commit, merged now and
then), so copying the out folder keeps incremental runs consistent. A record is identified
by (source_path, source_index); its `fingerprint` is the raw file's sha256 (or, for files
rejected unread, a stat/link fingerprint), so editing a file makes all its records new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

LEDGER = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("source_index", pa.int32(), nullable=False),
        pa.field("fingerprint", pa.string(), nullable=False),
        pa.field("parser_version", pa.string(), nullable=False),
        pa.field("model_version", pa.string(), nullable=False),  # "" when enrichment is off
        pa.field("outcome", pa.string(), nullable=False),  # story | reject | deleted
        pa.field("story_id", pa.string()),
        pa.field("day", pa.date32()),  # partition the story / reject row lives in
        pa.field("commit_seq", pa.int64(), nullable=False),  # monotonic: ns since epoch
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

Key = tuple[str, int]


@dataclass(frozen=True)
class LedgerEntry:
    source_path: str
    source_index: int
    fingerprint: str
    parser_version: str
    model_version: str
    outcome: str
    story_id: str | None
    day: object  # datetime.date | None
    commit_seq: int
    run_id: str


def entries_table(entries: Iterable[LedgerEntry]) -> pa.Table:
    rows = list(entries)
    cols = {name: [getattr(e, name) for e in rows] for name in LEDGER.names}
    return pa.Table.from_pydict(cols, schema=LEDGER)


def current_state(
    tables: Iterable[pa.Table], paths: Iterable[str] | None = None
) -> dict[Key, LedgerEntry]:
    """Latest entry per record; records of a path whose file changed later are superseded.

    A later commit of a path with another fingerprint removes that path's older rows from the
    datasets (see tasks.store.commit), so only the newest fingerprint's entries are current.
    `paths` limits the work to some source paths (a commit only needs its own).
    """
    parts = [t for t in tables if t.num_rows]
    if paths is not None:
        wanted = pa.array(sorted(set(paths)), pa.string())
        parts = [t.filter(pc.is_in(t["source_path"], value_set=wanted)) for t in parts]
        parts = [t for t in parts if t.num_rows]
    if not parts:
        return {}
    table = pa.concat_tables(parts).sort_by([("commit_seq", "ascending")])
    latest: dict[Key, LedgerEntry] = {}
    newest_fp: dict[str, tuple[int, str]] = {}
    for row in table.to_pylist():
        entry = LedgerEntry(**row)
        latest[(entry.source_path, entry.source_index)] = entry
        newest_fp[entry.source_path] = (entry.commit_seq, entry.fingerprint)
    return {
        key: e
        for key, e in latest.items()
        if e.fingerprint == newest_fp[e.source_path][1] and e.outcome != "deleted"
    }


def read_ledger_files(fs, paths: Iterable[str]) -> list[pa.Table]:
    return [pq.read_table(p, filesystem=fs, schema=LEDGER) for p in paths]


class LedgerCache:
    """Ledger tables of one out folder, re-reading only files not seen before.

    Committed ledger files never change (compaction replaces them under new names), so a
    long run's commits cost one listing each instead of re-reading the whole ledger.
    """

    def __init__(self) -> None:
        self._tables: dict[str, pa.Table] = {}

    def tables(self, fs, files: list[str]) -> list[pa.Table]:
        for path in files:
            if path not in self._tables:
                self._tables[path] = pq.read_table(path, filesystem=fs, schema=LEDGER)
        for gone in set(self._tables) - set(files):
            del self._tables[gone]
        return [self._tables[p] for p in files]


def is_current(entry: LedgerEntry | None, fingerprint: str, parser_v: str, model_v: str) -> bool:
    """Whether a record needs no work: same bytes, same parser, and for a story the same model.

    A reject never reached the model (every reject reason is raised before NER), so a new
    model re-enriches exactly the stories the old one enriched and leaves rejects alone.
    """
    return (
        entry is not None
        and entry.fingerprint == fingerprint
        and entry.parser_version == parser_v
        and (entry.model_version == model_v or entry.outcome == "reject")
    )
