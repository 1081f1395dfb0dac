"""The dedup columns of `stories` and the `_dedup` signature index.

Part of the one schema definition (`tasks.store.schemas` imports and re-exports them; they
live here only to keep that module under the size cap). Field metadata as in schemas.py:
`doc`, `example`, `how`, rendered into docs/schema.md.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.columns import DATE_DOC, ID_DOC, ID_HOW, PROVENANCE, STR, col

# Appended by tasks.dedup (issue 14): null until the run's clustering step has seen the row.
CLUSTER_COLUMNS = [
    col(
        "cluster_id",
        STR,
        "The story this delivery is a copy, version or near-duplicate of: every delivery of "
        "one story shares it. Count stories with `is_primary`, not rows. The same stories get "
        "the same id however runs batched them: a later version or copy joins the existing "
        "cluster and keeps its id; only a story dated before the founder gives it its own.",
        "3f9a0c1b2d4e5f60",
        "story_id of the founder: earliest date, the original before versions, then the "
        "smaller story_id (tasks.dedup.clustering.founder_ids)",
    ),
    col(
        "is_primary",
        pa.bool_(),
        "Exactly one true per cluster: the latest version when versions are known (version "
        "marker, version number, or later delivery of the same wire id / slug), else the "
        "earliest story (date, then story_id).",
        "true",
        "tasks.dedup.cluster.primary_of",
    ),
    col(
        "duplicate_kind",
        STR,
        "How this row duplicates its cluster's primary: `exact` (same cleaned text), "
        "`version` (same wire id / slug / agency, edited or re-sent), `near` (similar text "
        "from another source); null for the primary and for a story alone in its cluster.",
        "version",
        "text hash, version keys, MinHash LSH (tasks.dedup)",
    ),
    col(
        "similarity",
        pa.float64(),
        "Estimated Jaccard similarity of the body's word 5-shingles to the primary's "
        "(1.0 for the primary, a lone story and exact copies).",
        "0.9297",
        "MinHash (128 permutations) of word 5-shingles",
    ),
]

DEDUP_INDEX = pa.schema(
    [
        col("story_id", STR, ID_DOC, "3f9a0c1b2d4e5f60", ID_HOW, nullable=False),
        col("date", pa.date32(), DATE_DOC, "2022-03-23", "stories.date"),
        col("agency", STR, "Normalised agency code.", "REUTERS", "stories.agency"),
        col(
            "text_hash",
            STR,
            "Exact-copy key: hash of the body's case-folded words.",
            "5be1c0…",
            "first 32 hex of sha256 (tasks.dedup.signature.text_hash)",
            nullable=False,
        ),
        col(
            "minhash",
            pa.binary(),
            "MinHash signature of the body's word 5-shingles, uint32 little-endian values.",
            "b'\\x8f…' (512 bytes)",
            "datasketch MinHash, affine32, crc32 token hash",
            nullable=False,
        ),
        col(
            "n_shingles",
            pa.int32(),
            "Word 5-shingles in the body.",
            "131",
            "tasks.dedup.signature.shingles",
            nullable=False,
        ),
        col(
            "version_rank",
            pa.int32(),
            "Order of this delivery among versions of its story (null: no marker).",
            "20",
            "10 × update / lead number, +1 for a refile or correction (tasks.dedup.versions)",
        ),
        col(
            "version_marker",
            STR,
            "The version marker as found.",
            "UPDATE 2",
            "headline prefix, slug take key or format version",
        ),
        col(
            "wire_id",
            STR,
            "Agency id of the story, when the delivery gives one.",
            "KBN0FL0ZP",
            "format / .jsonl id",
        ),
        col("slug_key", STR, "Slug line without its take key.", "BC-US--Earthquake", "slug"),
        col(
            "headline_key",
            STR,
            "Headline without version prefixes, lower-cased words.",
            "oil prices rise",
            "headline",
        ),
        *PROVENANCE,
    ]
)

__all__ = ["CLUSTER_COLUMNS", "DEDUP_INDEX"]
