"""Schemas of the corpus steps' state and inbox (`<out>/_state/`, `<out>/_inbox/`).

Internal tables, beside `tasks.store.schemas` (the one schema definition): the corpus steps
(entity resolution, clustering) keep what they need to resolve and cluster a run's new rows
without reading the datasets again; everything here can be rebuilt from the datasets
(`python -m flows.verify --repair`). docs/operations.md describes the layout and sizes.

- inbox (written by commits, consumed by the next corpus step, in commit order):
  `ENTITY_EVIDENCE` + `POSTINGS` (a shard's entities, reduced in its worker),
  `REMOVED_ENTITIES` (entities rows a commit replaced or pruned), `CLUSTER_SIGNATURES` (a
  shard's `_dedup` rows with their partition day), `REMOVED_STORIES`;
- state: `ENTITY_EVIDENCE` and `POSTINGS` as log-structured tables (tasks.store.lsm),
  `ENTITY_KEYS` (one row per name key), `CLUSTER_MEMBERS` (stories whose cluster is not
  simply their own), `SIGNATURE_PRINTS` (log-structured); `DISCOVERY` (what the last
  discovery read of each raw file).
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.schemas import DEDUP_INDEX, ENTITIES

STR = pa.string()

# One row per (kind, name key, value): a count that adds up across stories and commits.
# kind = a field of the evidence (`names`, `labels`, `aliases`, `titled`, `stories`, …), or a
# link between name keys (`link`, `link_last`); value = the counted thing ("" for scalars).
ENTITY_EVIDENCE = pa.schema(
    [
        pa.field("kind", STR, nullable=False),
        pa.field("key", STR, nullable=False),
        pa.field("value", STR, nullable=False),
        pa.field("n", pa.int64(), nullable=False),
    ]
)

# Which stories name which key: +1 per (key, story), -1 when the story's rows go.
POSTINGS = pa.schema(
    [
        pa.field("key", STR, nullable=False),
        pa.field("story_id", STR, nullable=False),
        pa.field("date", pa.date32()),
        pa.field("n", pa.int64(), nullable=False),
    ]
)

# One row per name key with stories: its current entity and the stats the catalog sums.
ENTITY_KEYS = pa.schema(
    [
        pa.field("key", STR, nullable=False),
        pa.field("entity_id", STR, nullable=False),  # the surviving id of its group
        pa.field("stories", pa.int64(), nullable=False),
        pa.field("mentions", pa.int64(), nullable=False),
        pa.field("person", pa.int64(), nullable=False),  # mentions labelled PERSON
        pa.field("first_seen", pa.date32()),
        pa.field("last_seen", pa.date32()),
    ]
)

REMOVED_ENTITIES = pa.schema(
    [
        ENTITIES.field(n).remove_metadata()
        for n in ("story_id", "date", "entity", "label", "mentions", "aliases", "title")
    ]
)

REMOVED_STORIES = pa.schema(
    [pa.field("story_id", STR, nullable=False), pa.field("day", pa.date32(), nullable=False)]
)

CLUSTER_SIGNATURES = pa.schema(
    [f.remove_metadata() for f in DEDUP_INDEX] + [pa.field("day", pa.date32(), nullable=False)]
)

# Stories whose assignment is not the default of a story alone (its own id as cluster id,
# primary, no duplicate kind, similarity 1.0): members of multi-story clusters and the rest.
CLUSTER_MEMBERS = pa.schema(
    [
        pa.field("story_id", STR, nullable=False),
        pa.field("cluster_id", STR, nullable=False),
        pa.field("is_primary", pa.bool_(), nullable=False),
        pa.field("duplicate_kind", STR),
        pa.field("similarity", pa.float64(), nullable=False),
        pa.field("day", pa.date32(), nullable=False),
    ]
)

# What the candidate search of clustering reads for every committed story: one 32-bit print
# per LSH band and a 64-bit hash per exact key (text, wire id, slug, headline; 0 = none).
SIGNATURE_PRINTS = pa.schema(
    [
        pa.field("story_id", STR, nullable=False),
        pa.field("day", pa.date32(), nullable=False),
        pa.field("bands", pa.binary(), nullable=False),  # uint32 little-endian per band
        pa.field("keys", pa.binary(), nullable=False),  # uint64 little-endian per exact key
        pa.field("seq", pa.int64(), nullable=False),  # the commit that added it
    ]
)

DISCOVERY = pa.schema(
    [
        pa.field("source_path", STR, nullable=False),
        pa.field("url", STR, nullable=False),
        pa.field("kind", STR, nullable=False),
        pa.field("size", pa.int64(), nullable=False),
        pa.field("mtime", pa.float64(), nullable=False),
        pa.field("sha256", STR, nullable=False),
        pa.field("n_records", pa.int64(), nullable=False),
    ]
)

__all__ = [
    "CLUSTER_MEMBERS",
    "CLUSTER_SIGNATURES",
    "DISCOVERY",
    "ENTITY_EVIDENCE",
    "ENTITY_KEYS",
    "POSTINGS",
    "REMOVED_ENTITIES",
    "REMOVED_STORIES",
    "SIGNATURE_PRINTS",
]
