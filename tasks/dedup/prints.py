"""Signature prints: what the candidate search keeps of every committed story, small.

Clustering compares a run's new stories with every committed one, but only to find which
could match: rows that share no LSH band and no exact key with any new story cannot (the
same test as `tasks.dedup.candidates.Matcher.prefilter`). That test needs, per committed
story, one print per LSH band and the exact keys — 41 × 4 + 4 × 8 = 196 bytes — instead of
its whole `_dedup` row (a 512-byte MinHash and four strings, partitioned by day). So the
state keeps these prints (tasks.dedup.cluster_state) and the run reads the full signatures
only of the candidates, from `_dedup`, by day. Prints are 32 bits of the 64-bit band
fingerprints and 64-bit hashes of the keys: a collision only adds a candidate, which
`Matcher.match` then rejects, so the edges are exactly those of a full scan.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
import pyarrow as pa

from tasks.dedup.candidates import Matcher, band_fingerprints
from tasks.dedup.signature import DedupSettings
from tasks.store.state_schemas import SIGNATURE_PRINTS

KEY_COLUMNS = ("text_hash", "wire_id", "slug_key", "headline_key")


@lru_cache(maxsize=8)
def layout(settings: DedupSettings) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The band ranges of the near-copy LSH and of the loose LSH (versions and contained later
    versions) for these settings: the very LSHs `Matcher` builds."""
    from datasketch import MinHashLSH

    near = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    versions = MinHashLSH(threshold=settings.loose_lsh, num_perm=settings.num_perm)
    return tuple(map(tuple, near.hashranges)), tuple(map(tuple, versions.hashranges))


def layout_id(settings: DedupSettings) -> str:
    """Names the prints directory: prints of other settings are never mixed in. From the
    settings and datasketch's version (which derives the bands from them), without importing
    datasketch: a run with nothing new checks this name and must stay cheap."""
    text = repr((settings.num_perm, settings.threshold, settings.loose_lsh, _datasketch()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def _datasketch() -> str:
    from importlib.metadata import version

    return version("datasketch")


def _key_hash(value: str | None) -> int:
    if not value:
        return 0
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little") or 1


def _matrix(minhashes: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(minhashes), dtype="<u4").reshape(len(minhashes), -1)


def _bands(minhashes: list[bytes], settings: DedupSettings) -> np.ndarray:
    """(n, bands) uint32: the near-copy bands, then the versions bands."""
    near, versions = layout(settings)
    m = _matrix(minhashes)
    both = np.hstack([band_fingerprints(m, list(near)), band_fingerprints(m, list(versions))])
    return (both & np.uint64(0xFFFFFFFF)).astype("<u4")


def prints_table(rows: pa.Table, settings: DedupSettings, seq: int) -> pa.Table:
    """Prints of signature rows (`_dedup` columns + `day`)."""
    if not rows.num_rows:
        return SIGNATURE_PRINTS.empty_table()
    bands = _bands(rows["minhash"].to_pylist(), settings)
    keys = np.array(
        [[_key_hash(v) for v in rows[c].to_pylist()] for c in KEY_COLUMNS], dtype="<u8"
    ).T
    return pa.table(
        {
            "story_id": rows["story_id"],
            "day": rows["day"],
            "bands": [b.tobytes() for b in bands],
            "keys": [k.tobytes() for k in keys],
            "seq": pa.array([seq] * rows.num_rows, pa.int64()),
        },
        schema=SIGNATURE_PRINTS,
    )


def candidate_mask(prints: pa.Table, matcher: Matcher) -> np.ndarray:
    """Rows of `prints` that may match a new story of `matcher` (the rest cannot)."""
    mask = np.zeros(prints.num_rows, dtype=bool)
    if not prints.num_rows or not matcher.new:
        return mask
    settings = matcher.settings
    n_near = len(layout(settings)[0])
    sigs = sorted(matcher.new.values(), key=lambda s: s.story_id)
    new = _bands([s.minhash for s in sigs], settings)
    loose = np.array([matcher.in_loose_lsh(s) for s in sigs])
    held = np.frombuffer(b"".join(prints["bands"].to_pylist()), dtype="<u4").reshape(
        prints.num_rows, -1
    )
    for j in range(held.shape[1]):
        probe = new[:, j] if j < n_near else new[loose, j]  # as the Matcher indexed them
        if probe.size:
            mask |= np.isin(held[:, j], probe)
    wanted = {
        "text_hash": matcher.text_hashes(),
        "wire_id": sorted({w for _, w in matcher.by_wire}),
        "slug_key": sorted({k for _, kind, k in matcher.by_story_key if kind == "slug"}),
        "headline_key": sorted({k for _, kind, k in matcher.by_story_key if kind == "headline"}),
    }
    keys = np.frombuffer(b"".join(prints["keys"].to_pylist()), dtype="<u8").reshape(
        prints.num_rows, -1
    )
    for j, column in enumerate(KEY_COLUMNS):
        hashes = np.array([_key_hash(v) for v in wanted[column] if v], dtype="<u8")
        if hashes.size:
            mask |= np.isin(keys[:, j], hashes)
    return mask
