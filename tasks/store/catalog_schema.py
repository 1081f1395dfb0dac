"""The corpus-level tables' schemas (today: `entity_catalog`), beside `tasks.store.schemas`.

Same conventions as the per-story datasets (fields carry doc, example and how, rendered into
docs/schema.md); kept in their own module because they are not partitioned by day and
`schemas.py` is at the size cap. `CATALOGS` is their registry, as `DATASETS` is for the others.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.columns import _STR, _f

_EID_DOC = "Stable entity id: the same entity keeps it in every run and every order."
ENTITY_CATALOG = pa.schema(
    [
        _f(
            "entity_id",
            _STR,
            _EID_DOC,
            "5b0c6f2e9d1a4c37",
            "16 hex of sha256 of the folded canonical name (tasks.enrich.catalog)",
            nullable=False,
        ),
        _f(
            "name",
            _STR,
            "Canonical display name: the most mentioned form of the merge target.",
            "Bharatiya Janata Party",
            "tasks.enrich.resolution",
            nullable=False,
        ),
        _f(
            "label",
            _STR,
            "One label per entity: mention-weighted vote across the corpus with priors.",
            "ORG",
            "tasks.enrich.resolution.vote_label (gazetteer: countries/states are GPE)",
            nullable=False,
        ),
        _f(
            "aliases",
            pa.list_(_STR),
            "Every surface form seen for the entity and the names merged into it, sorted.",
            '["BJP", "Bharatiya Janata Party"]',
            "entities.aliases + merged names",
            nullable=False,
        ),
        _f("acronym", _STR, "Acronym stories wrote for it.", "BJP", "`Expansion (ACR)`"),
        _f(
            "n_stories",
            pa.int32(),
            "Stories that mention it (0 for a retired id).",
            "57",
            "distinct story_id in entities",
            nullable=False,
        ),
        _f(
            "n_mentions",
            pa.int32(),
            "Mentions across those stories.",
            "213",
            "sum of entities.mentions",
            nullable=False,
        ),
        _f("first_seen", pa.date32(), "Earliest story date.", "2022-03-23", "min entities.date"),
        _f("last_seen", pa.date32(), "Latest story date.", "2022-04-02", "max entities.date"),
        _f(
            "kb_id",
            _STR,
            "Gazetteer id of a place: ISO 3166 country or subdivision, or GeoNames city.",
            "iso3166-2:IN-BR",
            "tasks.places.place_for_name (pycountry, GeoNames cities5000; null when ambiguous)",
        ),
        _f(
            "merged_into",
            _STR,
            "For a retired id: the id it was merged into (null for a live entity).",
            "5b0c6f2e9d1a4c37",
            "tasks.enrich.resolution: a merge keeps the older id",
        ),
        _f(
            "run_id",
            _STR,
            "Run that last changed this entry.",
            "20261128T031500Z-1a2b3c",
            "kept from the previous catalog when the entry is unchanged",
            nullable=False,
        ),
    ]
)

# One small file each, replaced whole by each run (not partitioned by day).
CATALOGS: dict[str, pa.Schema] = {"entity_catalog": ENTITY_CATALOG}
