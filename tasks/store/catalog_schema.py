"""The corpus-level tables' schemas (today: `entity_catalog`), beside `tasks.store.schemas`.

Same conventions as the per-story datasets (fields carry doc, example and how, rendered into
docs/schema.md); kept in their own module because they are not partitioned by day and
`schemas.py` is at the size cap. `CATALOGS` is their registry, as `DATASETS` is for the others.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.columns import STR, col

_EID_DOC = "Stable entity id: the same entity keeps it in every run and every order."
ENTITY_CATALOG = pa.schema(
    [
        col(
            "entity_id",
            STR,
            _EID_DOC,
            "5b0c6f2e9d1a4c37",
            "16 hex of sha256 of the folded canonical name (tasks.enrich.catalog)",
            nullable=False,
        ),
        col(
            "name",
            STR,
            "Canonical display name: the most mentioned form of the merge target.",
            "Bharatiya Janata Party",
            "tasks.enrich.resolution",
            nullable=False,
        ),
        col(
            "label",
            STR,
            "One label per entity: mention-weighted vote across the corpus with priors.",
            "ORG",
            "tasks.enrich.resolution.vote_label (gazetteer: countries/states are GPE)",
            nullable=False,
        ),
        col(
            "aliases",
            pa.list_(STR),
            "Every surface form seen for the entity and the names merged into it, sorted.",
            '["BJP", "Bharatiya Janata Party"]',
            "entities.aliases + merged names",
            nullable=False,
        ),
        col("acronym", STR, "Acronym stories wrote for it.", "BJP", "`Expansion (ACR)`"),
        col(
            "n_stories",
            pa.int32(),
            "Stories that mention it (0 for a retired id).",
            "57",
            "distinct story_id in entities",
            nullable=False,
        ),
        col(
            "n_mentions",
            pa.int32(),
            "Mentions across those stories.",
            "213",
            "sum of entities.mentions",
            nullable=False,
        ),
        col("first_seen", pa.date32(), "Earliest story date.", "2022-03-23", "min entities.date"),
        col("last_seen", pa.date32(), "Latest story date.", "2022-04-02", "max entities.date"),
        col(
            "kb_id",
            STR,
            "Gazetteer id of a place: ISO 3166 country or subdivision, or GeoNames city.",
            "iso3166-2:IN-BR",
            "tasks.places.place_for_name (pycountry, GeoNames cities5000; null when ambiguous)",
        ),
        col(
            "merged_into",
            STR,
            "For a retired id: the id it was merged into (null for a live entity).",
            "5b0c6f2e9d1a4c37",
            "tasks.enrich.resolution: a merge keeps the older id",
        ),
        col(
            "run_id",
            STR,
            "Run that last changed this entry.",
            "20261128T031500Z-1a2b3c",
            "kept from the previous catalog when the entry is unchanged",
            nullable=False,
        ),
    ]
)

# One small file each, replaced whole by each run (not partitioned by day).
CATALOGS: dict[str, pa.Schema] = {"entity_catalog": ENTITY_CATALOG}
