"""The dedup columns of `stories`, the `_dedup` signature index and the cluster log.

Part of the one schema definition (`tasks.store.schemas` imports and re-exports them; they
live here only to keep that module under the size cap). Field metadata as in schemas.py:
`doc`, `example`, `how`, rendered into docs/schema.md.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.columns import _DATE_DOC, _ID_DOC, _ID_HOW, _PROVENANCE, _STR, _f

# Appended by tasks.dedup (issue 14): null until the run's clustering step has seen the row.
CLUSTER_COLUMNS = [
    _f(
        "cluster_id",
        _STR,
        "The story this delivery is a copy, version or near-duplicate of: every delivery of "
        "one story shares it. Count stories with `is_primary`, not rows. Stable across runs "
        "(a later version joins the existing cluster; ids are never renumbered).",
        "3f9a0c1b2d4e5f60",
        "story_id of the cluster's founding story; tasks.dedup.cluster",
    ),
    _f(
        "is_primary",
        pa.bool_(),
        "Exactly one true per cluster: the latest version when versions are known (version "
        "marker, version number, or later delivery of the same wire id / slug), else the "
        "first delivery.",
        "true",
        "tasks.dedup.cluster.primary_of",
    ),
    _f(
        "duplicate_kind",
        _STR,
        "How this row duplicates its cluster's primary: `exact` (same cleaned text), "
        "`version` (same wire id / slug / agency, edited or re-sent), `near` (similar text "
        "from another source); null for the primary and for a story alone in its cluster.",
        "version",
        "text hash, version keys, MinHash LSH (tasks.dedup)",
    ),
    _f(
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
        _f("story_id", _STR, _ID_DOC, "3f9a0c1b2d4e5f60", _ID_HOW, nullable=False),
        _f("date", pa.date32(), _DATE_DOC, "2022-03-23", "stories.date"),
        _f("agency", _STR, "Normalised agency code.", "REUTERS", "stories.agency"),
        _f(
            "text_hash",
            _STR,
            "Exact-copy key: hash of the body's case-folded words.",
            "5be1c0…",
            "first 32 hex of sha256 (tasks.dedup.signature.text_hash)",
            nullable=False,
        ),
        _f(
            "minhash",
            pa.binary(),
            "MinHash signature of the body's word 5-shingles, uint32 little-endian values.",
            "b'\\x8f…' (512 bytes)",
            "datasketch MinHash, affine32, crc32 token hash",
            nullable=False,
        ),
        _f(
            "n_shingles",
            pa.int32(),
            "Word 5-shingles in the body.",
            "131",
            "tasks.dedup.signature.shingles",
            nullable=False,
        ),
        _f(
            "version_rank",
            pa.int32(),
            "Order of this delivery among versions of its story (null: no marker).",
            "20",
            "10 × update / lead number, +1 for a refile or correction (tasks.dedup.versions)",
        ),
        _f(
            "version_marker",
            _STR,
            "The version marker as found.",
            "UPDATE 2",
            "headline prefix, slug take key or format version",
        ),
        _f(
            "wire_id",
            _STR,
            "Agency id of the story, when the delivery gives one.",
            "KBN0FL0ZP",
            "format / .jsonl id",
        ),
        _f("slug_key", _STR, "Slug line without its take key.", "BC-US--Earthquake", "slug"),
        _f(
            "headline_key",
            _STR,
            "Headline without version prefixes, lower-cased words.",
            "oil prices rise",
            "headline",
        ),
        *_PROVENANCE,
    ]
)

# Cluster assignments over time (`<out>/_clusters/`, append-only, latest row per story wins):
# what keeps a cluster id when a story's rows are replaced (`--reprocess`, an edited file).
CLUSTER_LOG = pa.schema(
    [
        pa.field("story_id", _STR, nullable=False),
        pa.field("cluster_id", _STR, nullable=False),
        pa.field("first_seen", pa.int64(), nullable=False),  # ns: first clustered
        pa.field("assigned_seq", pa.int64(), nullable=False),  # ns: this assignment
        pa.field("run_id", _STR, nullable=False),
    ]
)

__all__ = ["CLUSTER_COLUMNS", "CLUSTER_LOG", "DEDUP_INDEX"]
