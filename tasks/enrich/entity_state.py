"""Where entity resolution keeps its state between runs, and how it reads and stages it.

`<out>/_state/entities/`:
- `evidence/` (log-structured, tasks.store.lsm): the evidence rows of every name key
  (tasks.enrich.evidence_rows: label votes, forms, aliases, titles, stories, acronym and
  surname links) and the links between keys (tasks.enrich.neighbours);
- `postings/` (log-structured): which stories name which key, with the story's date — read
  only when a group's members change or a story's rows go (to count distinct stories exactly);
- `keys.parquet`: one row per name key with stories: its entity (the surviving id) and the
  stats the catalog sums (stories, mentions, PERSON mentions, first and last date).
The catalog itself (`entity_catalog/catalog.parquet`) is the rest of the state.

Two versions are written into `keys.parquet`: the code that turns rows into evidence (a change
there makes the stored evidence stale: it is rebuilt from the datasets) and the resolution
rules (a change there re-resolves every key from the stored evidence, once).
"""

from __future__ import annotations

import ast
import functools
import hashlib
from dataclasses import dataclass, fields
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.enrich import catalog, evidence_rows, neighbours, resolution, variants
from tasks.enrich.canonical import CANONICAL_VERSION
from tasks.enrich.resolution import CatalogEntry
from tasks.places import lookup as places_lookup
from tasks.store.catalog_schema import ENTITY_CATALOG
from tasks.store.lsm import Changes, LsmTable, sum_by
from tasks.store.outdir import Store
from tasks.store.state_schemas import ENTITY_EVIDENCE, ENTITY_KEYS, POSTINGS

STATE_FORMAT = "1"
ENTRY_FIELDS = [f.name for f in fields(CatalogEntry)]


@functools.cache  # code does not change under a running process; parsing it is ~0.1 s a call
def _source_hash(*modules) -> str:
    """A hash of the modules' code (their syntax tree: comments and layout do not count)."""
    h = hashlib.sha256()
    for module in modules:
        h.update(ast.dump(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))).encode())
    return h.hexdigest()[:16]


def evidence_version() -> str:
    """Changes when the evidence a row gives could change: a rebuild from the datasets."""
    code = _source_hash(catalog, variants, evidence_rows)
    return f"{STATE_FORMAT}-{CANONICAL_VERSION}-{code}"


def rules_version() -> str:
    """Changes when the rules could resolve the same evidence differently: a full resolve.
    The places lookup counts: the places rule merges names by their place's identity."""
    return _source_hash(resolution, neighbours, places_lookup)


@dataclass(frozen=True)
class EntityState:
    store: Store
    stored: bool = True  # False: read as if nothing were stored yet (a rebuild)

    @property
    def evidence(self) -> LsmTable:
        combine = sum_by(["kind", "key", "value"])
        return LsmTable(self.store, "entities/evidence", ENTITY_EVIDENCE, "key", combine)

    @property
    def postings(self) -> LsmTable:
        combine = sum_by(["key", "story_id", "date"])  # a story re-dated: two rows, not one
        return LsmTable(self.store, "entities/postings", POSTINGS, "key", combine)

    @property
    def keys_file(self) -> str:
        return self.store.state_path("entities", "keys.parquet")

    def exists(self) -> bool:
        return self.store.fs.exists(self.keys_file)

    def versions(self) -> tuple[str | None, str | None]:
        """(evidence version, rules version) the state was written with."""
        if not self.exists():
            return None, None
        meta = pq.read_schema(self.keys_file, filesystem=self.store.fs).metadata or {}
        get = lambda k: (meta.get(k.encode()) or b"").decode() or None  # noqa: E731
        return get("wirecopy.evidence_version"), get("wirecopy.rules_version")

    def lookup_evidence(self, keys: set[str]) -> pa.Table:
        return self.evidence.lookup(keys) if self.stored else ENTITY_EVIDENCE.empty_table()

    def lookup_postings(self, keys: set[str]) -> pa.Table:
        return self.postings.lookup(keys) if self.stored else POSTINGS.empty_table()

    def read_keys(self) -> pa.Table:
        if not self.stored or not self.exists():
            return ENTITY_KEYS.empty_table()
        return self.store.read_parquet(self.keys_file, schema=ENTITY_KEYS)

    def read_catalog(self) -> pa.Table:
        path = self.store.catalog_file()
        if not self.store.fs.exists(path):
            return ENTITY_CATALOG.empty_table()
        return self.store.read_parquet(path, schema=ENTITY_CATALOG)

    def stage_keys(self, commit_id: str, table: pa.Table) -> Changes:
        final = self.keys_file
        staged = self.store.staged_path(commit_id, final)
        meta = {"wirecopy.evidence_version": evidence_version()}
        meta["wirecopy.rules_version"] = rules_version()
        table = table.cast(ENTITY_KEYS).sort_by([("key", "ascending")])
        self.store.write_parquet(staged, table, meta)
        return Changes([[staged, final]])

    def stage_empty(self, commit_id: str) -> Changes:
        """An empty state for a new out folder: its first run starts from the inbox."""
        return self.stage_keys(commit_id, ENTITY_KEYS.empty_table())

    def stage_catalog(self, commit_id: str, table: pa.Table, run_id: str) -> Changes:
        final = self.store.catalog_file()
        staged = self.store.staged_path(commit_id, final)
        table = table.cast(ENTITY_CATALOG).sort_by([("entity_id", "ascending")])
        self.store.write_parquet(staged, table, {"wirecopy.run_id": run_id})
        return Changes([[staged, final]])


def entries_of(catalog_rows: pa.Table) -> dict[str, tuple[CatalogEntry, str]]:
    """Catalog rows → entity_id: (entry, run_id that last changed it)."""
    out = {}
    for row in catalog_rows.to_pylist():
        out[row["entity_id"]] = (CatalogEntry(**{n: row[n] for n in ENTRY_FIELDS}), row["run_id"])
    return out


def entry_row(entry: CatalogEntry, run_id: str) -> dict:
    return {**{n: getattr(entry, n) for n in ENTRY_FIELDS}, "run_id": run_id}
