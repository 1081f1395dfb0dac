"""Which committed stories a run's new stories duplicate: exact hash, version keys, MinHash LSH.

Near copies share most shingles (Jaccard ≥ `threshold`, found by one LSH). Later versions share
less: a marked version (same headline / slug, `version_similarity`) and an unmarked one whose
shorter text is mostly inside the longer (`contained`) are found by a second, looser LSH that
holds every new story (MinHash LSH finds candidates by Jaccard, so containment needs this lower
threshold: the Jaccard floor of the containment rule).

The LSH (datasketch `MinHashLSH`) is built over a chunk of the *new* stories only, and the
committed index is streamed through it in batches: memory holds one chunk's LSH plus one
batch, however large the index grows. Every LSH candidate is verified on the estimated
Jaccard, so the threshold is a real bound, not just LSH's probabilistic one.

Streaming a million committed signatures through `MinHashLSH.query` one by one costs minutes
of Python; `prefilter` first drops, for a whole batch at once with numpy, every row that
shares no LSH band with any new story (a 64-bit fingerprint per band, over datasketch's own
band ranges) and no exact / version key. Only the rows left are queried for real.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.records import EXACT, NEAR, VERSION, Edge, StorySignature
from tasks.dedup.signature import DedupSettings, containment, from_bytes, jaccard

if TYPE_CHECKING:  # imported where used, as in tasks.dedup.signature
    from datasketch import MinHashLSH

STRENGTH = {EXACT: 3, VERSION: 2, NEAR: 1}


class Matcher:
    """The new stories, indexed by every key a duplicate can share with them."""

    def __init__(self, new: Iterable[StorySignature], settings: DedupSettings | None = None):
        self.settings = s = settings or DedupSettings()
        self.new = {sig.story_id: sig for sig in new}
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=s.threshold, num_perm=s.num_perm)
        # Versions share less text than copies (an update adds a lead, trims a paragraph):
        # a second, looser LSH finds them, kept only between one agency's marked versions or
        # when the shorter text is contained in the longer.
        self.lsh_versions = MinHashLSH(threshold=s.loose_lsh, num_perm=s.num_perm)
        self.by_hash: dict[str, list[str]] = defaultdict(list)
        self.by_wire: dict[tuple, list[str]] = defaultdict(list)
        self.by_story_key: dict[tuple, list[str]] = defaultdict(list)
        for sid in sorted(self.new):
            sig = self.new[sid]
            minhash = from_bytes(sig.minhash)
            self.lsh.insert(sid, minhash)
            if self.in_loose_lsh(sig):
                self.lsh_versions.insert(sid, minhash)
            self.by_hash[sig.text_hash].append(sid)
            if sig.wire_id:
                self.by_wire[(sig.agency, sig.wire_id)].append(sid)
            for key in _story_keys(sig):
                self.by_story_key[key].append(sid)

        self._fps: list[np.ndarray] | None = None  # band fingerprints, built on first use
        self._fps_versions: list[np.ndarray] | None = None

    def text_hashes(self) -> list[str]:
        return sorted(self.by_hash)

    def match(self, other: StorySignature) -> list[Edge]:
        """Edges from `other` (committed or new) to the new stories it duplicates."""
        found: dict[str, Edge] = {}

        def add(sid: str, how: str, sim: float) -> None:
            if sid == other.story_id:
                return
            old = found.get(sid)
            if old is None or STRENGTH[how] > STRENGTH[old.how]:
                a, b = sorted((sid, other.story_id))
                found[sid] = Edge(a, b, how, sim)

        for sid in self.by_hash.get(other.text_hash, ()):
            add(sid, EXACT, 1.0)
        if other.wire_id:
            for sid in self.by_wire.get((other.agency, other.wire_id), ()):
                if self._close_in_time(self.new[sid], other):  # ids get reused over the years
                    add(sid, VERSION, self._sim(sid, other))
        for key in _story_keys(other):
            for sid in self.by_story_key.get(key, ()):
                if self._is_version(self.new[sid], other):
                    add(sid, VERSION, self._sim(sid, other))
        minhash = from_bytes(other.minhash)
        for sid in self.lsh.query(minhash):
            sim = self._sim(sid, other)
            if sim >= self.settings.threshold:
                add(sid, NEAR, sim)
        for sid in self.lsh_versions.query(minhash):
            new = self.new[sid]
            marked = new.version_rank is not None and new.agency and new.agency == other.agency
            if marked and self._is_version(new, other):
                add(sid, VERSION, self._sim(sid, other))
            elif self.contained(new, other):
                add(sid, NEAR, self._sim(sid, other))
        return [found[k] for k in sorted(found)]

    def in_loose_lsh(self, sig: StorySignature) -> bool:
        """A new story the loose LSH holds: a marked version, or long enough to have an
        unmarked later version that contains it (tasks.dedup.prints probes the same ones)."""
        return sig.version_rank is not None or self._may_contain(sig)

    def _may_contain(self, sig: StorySignature) -> bool:
        return sig.n_shingles >= self.settings.containment_min_shingles

    def contained(self, a: StorySignature, b: StorySignature) -> bool:
        """An unmarked later version: the shorter text mostly inside the longer one.

        Guards, each against a way short template items would merge: both long enough (a
        brief or a table row shares its whole template with the next one); the longer grown
        by a paragraph (two same-length market reports differ only in their figures, and
        their containment says no more than their Jaccard); a Jaccard floor (no merged pair
        shares less than 0.3); the same agency when both are known; close in time (the daily
        "Fed adds reserves" report repeats its wording every day).
        """
        s = self.settings
        small, large = sorted((a.n_shingles, b.n_shingles))
        if small < s.containment_min_shingles or large < small + s.containment_growth:
            return False
        if a.agency and b.agency and a.agency != b.agency:
            return False
        if not (a.date and b.date) or not self._close_in_time(a, b):
            return False
        j = jaccard(a.minhash, b.minhash)
        return j >= s.containment_jaccard and containment(j, small, large) >= s.containment

    def _band_index(self, lsh: MinHashLSH, loose: bool) -> list[np.ndarray] | None:
        sigs = [
            s
            for s in self.new.values()
            if not loose or s.version_rank is not None or self._may_contain(s)
        ]
        if not sigs:
            return None
        fps = band_fingerprints(_matrix([s.minhash for s in sigs]), lsh.hashranges)
        return [np.unique(fps[:, j]) for j in range(fps.shape[1])]

    def prefilter(self, batch: pa.Table) -> np.ndarray:
        """Rows of a batch of index rows that may match a new story (the rest cannot)."""
        if self._fps is None:
            self._fps = self._band_index(self.lsh, False)
            self._fps_versions = self._band_index(self.lsh_versions, True)
        mask = np.zeros(batch.num_rows, dtype=bool)
        if not batch.num_rows or not self.new:
            return mask
        matrix = _matrix(batch["minhash"].to_pylist())
        for lsh, index in ((self.lsh, self._fps), (self.lsh_versions, self._fps_versions)):
            if index is None:
                continue
            fps = band_fingerprints(matrix, lsh.hashranges)
            for j, known in enumerate(index):
                mask |= np.isin(fps[:, j], known)
        keys = {
            "text_hash": self.text_hashes(),
            "wire_id": sorted({w for _, w in self.by_wire}),
            "headline_key": sorted({k for _, kind, k in self.by_story_key if kind == "headline"}),
            "slug_key": sorted({k for _, kind, k in self.by_story_key if kind == "slug"}),
        }
        for column, values in keys.items():
            if values:
                hit = pc.is_in(batch[column], value_set=pa.array(values, pa.string()))
                mask |= hit.fill_null(False).to_numpy(zero_copy_only=False)
        return mask

    def _sim(self, sid: str, other: StorySignature) -> float:
        return round(jaccard(self.new[sid].minhash, other.minhash), 4)

    def _close_in_time(self, a: StorySignature, b: StorySignature) -> bool:
        return not (a.date and b.date and abs((a.date - b.date).days) > self.settings.version_days)

    def _is_version(self, a: StorySignature, b: StorySignature) -> bool:
        """Same agency's headline / slug, close in time, and enough text in common."""
        if not self._close_in_time(a, b):
            return False
        return jaccard(a.minhash, b.minhash) >= self.settings.version_similarity


_BAND_MIX = np.random.default_rng(20261201).integers(1, 2**63, size=512, dtype=np.uint64) | 1


def _matrix(minhashes: list[bytes]) -> np.ndarray:
    """Signatures as an (n, num_perm) uint32 matrix."""
    return np.frombuffer(b"".join(minhashes), dtype="<u4").reshape(len(minhashes), -1)


def band_fingerprints(matrix: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    """A 64-bit fingerprint of each LSH band of each row; equal bands give equal prints."""
    out = np.empty((matrix.shape[0], len(ranges)), dtype=np.uint64)
    wide = matrix.astype(np.uint64)
    for j, (start, end) in enumerate(ranges):
        out[:, j] = (wide[:, start:end] * _BAND_MIX[: end - start]).sum(axis=1)  # wraps
    return out


def _story_keys(sig: StorySignature) -> list[tuple]:
    """Keys naming a story within one agency: its slug (minus take key) and base headline."""
    if not sig.agency:
        return []
    keys = []
    if sig.slug_key:
        keys.append((sig.agency, "slug", sig.slug_key))
    if sig.headline_key:
        keys.append((sig.agency, "headline", sig.headline_key))
    return keys


def new_edges(matcher: Matcher) -> list[Edge]:
    """Edges among the new stories themselves (each pair once)."""
    edges = {}
    for sid in sorted(matcher.new):
        for e in matcher.match(matcher.new[sid]):
            key = (e.a, e.b)
            if key not in edges or STRENGTH[e.how] > STRENGTH[edges[key].how]:
                edges[key] = e
    return [edges[k] for k in sorted(edges)]
