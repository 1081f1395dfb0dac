"""Signatures of a story's text: an exact-text hash and a MinHash of word 5-shingles.

Both come from one normalisation (case-folded word tokens), so a `.txt` drop and a `.jsonl`
export of the same text, wrapped or punctuated differently, hash the same. MinHash and LSH
are datasketch's; we only choose how a shingle becomes the 32-bit value it hashes: each word
is crc32'd once (C speed, the same in every process, unlike `hash()`) and a shingle is a
polynomial of its words' values, computed for all shingles at once with numpy, so no
per-shingle string is ever built (that made signing twice as slow). datasketch's affine32
scheme mixes the value before permuting. A signature is `num_perm` uint32 values, stored as
little-endian bytes.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tasks.dedup.patterns import WORD

if TYPE_CHECKING:  # imported where used: datasketch imports scipy.integrate (~0.8 s a process),
    # which a run with nothing new never needs
    from datasketch import LeanMinHash, MinHash

SCHEME = "affine32"
SEED = 1  # fixed: signatures stored by one run must compare with the next run's


@dataclass(frozen=True)
class DedupSettings:
    """Knobs of the clustering; changing `num_perm`, `shingle` or `SEED` needs a re-sign."""

    threshold: float = 0.8  # near-duplicate: estimated Jaccard of word 5-shingles ≥ this
    num_perm: int = 128  # 128 × 4 bytes per story; ±0.035 error at J = 0.8
    shingle: int = 5  # words per shingle
    version_similarity: float = 0.4  # a same-headline / same-slug version must share this much
    version_days: int = 2  # ... and be dated within this many days
    # An unmarked later version (lede reworded, a paragraph added): most of the shorter text's
    # shingles are in the longer one, though their Jaccard is under `threshold`. Guards keep
    # short template items (market reports, tables, briefs) apart; see tasks.dedup.candidates.
    containment: float = 0.75  # share of the shorter text's shingles found in the longer
    containment_jaccard: float = 0.4  # ... with at least this Jaccard (no pair under 0.3 merges)
    containment_min_shingles: int = 30  # ... the shorter text has this many shingles (~34 words)
    containment_growth: int = 10  # ... and the longer has this many more (a paragraph added)
    # Threshold of the LSH that finds version and containment candidates (each one verified):
    # at 0.3 (37 bands of 3) it finds 91% of pairs at Jaccard 0.4 and 97% at 0.45; at 0.4
    # (32 bands of 4) only 56% and 74%.
    loose_lsh: float = 0.3


def tokens(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def text_hash(words: Sequence[str]) -> str:
    """Exact-copy key: sha256 of the normalised words (128 bits as hex)."""
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def shingles(words: Sequence[str], k: int = 5) -> list[bytes]:
    """Word k-shingles; a text shorter than k words is one shingle (so it still matches)."""
    if len(words) <= k:
        return [" ".join(words).encode()] if words else [b""]
    return [" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)]


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier (golden ratio)


def shingle_values(words: Sequence[str], k: int = 5) -> np.ndarray:
    """One uint32 per word k-shingle (the same shingles as `shingles`, as numbers)."""
    h = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = max(len(h) - k + 1, 1)
    acc = np.zeros(n, dtype=np.uint64)
    if len(h) <= k:
        for x in h:  # shorter than a shingle: the whole text is one shingle
            acc = acc * _MIX + x
    else:
        for j in range(k):
            acc = acc * _MIX + h[j : j + n]  # wraps mod 2**64 by design
    return ((acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def minhashes(value_sets: Iterable[np.ndarray], num_perm: int = 128) -> list[MinHash]:
    """One MinHash per shingle-value array, the initial state shared (datasketch's `bulk`)."""
    from datasketch import MinHash

    return MinHash.bulk(value_sets, num_perm=num_perm, seed=SEED, hashfunc=int, scheme=SCHEME)


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature as a datasketch MinHash (for LSH queries and Jaccard estimates)."""
    from datasketch import LeanMinHash

    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def containment(j: float, n_a: int, n_b: int) -> float:
    """The share of the smaller set inside the larger, from their Jaccard and sizes.

    |A ∩ B| = J (|A| + |B|) / (1 + J), so a MinHash Jaccard estimate and the stored shingle
    counts give the containment without the shingles themselves.
    """
    small = min(n_a, n_b)
    if small <= 0:
        return 0.0
    return min(1.0, j * (n_a + n_b) / (1 + j) / small)


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two stored signatures: the share of equal MinHash values."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(x == y)) / len(x) if len(x) == len(y) and len(x) else 0.0


@dataclass(frozen=True)
class TextSignature:
    text_hash: str
    minhash: bytes
    n_shingles: int


def sign_texts(texts: Sequence[str], settings: DedupSettings | None = None) -> list[TextSignature]:
    """Hash and MinHash many texts in one batch (the per-shard call)."""
    s = settings or DedupSettings()
    words = [tokens(t) for t in texts]
    sets = [shingle_values(w, s.shingle) for w in words]
    sigs = minhashes(sets, s.num_perm)
    return [
        TextSignature(text_hash(w), to_bytes(m), len(sh))
        for w, sh, m in zip(words, sets, sigs, strict=True)
    ]
