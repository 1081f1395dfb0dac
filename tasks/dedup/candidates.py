"""Which committed stories a run's new stories duplicate: exact hash, version keys, MinHash LSH.

The LSH (datasketch `MinHashLSH`) is built over the *new* stories only, and the committed
index is streamed through it in batches: memory holds one run's signatures plus one batch,
however large the index grows. Every LSH candidate is verified on the estimated Jaccard, so
the threshold is a real bound, not just LSH's probabilistic one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from datasketch import MinHashLSH

from tasks.dedup.records import EXACT, NEAR, VERSION, Edge, StorySignature
from tasks.dedup.signature import DedupSettings, from_bytes, jaccard

_STRENGTH = {EXACT: 3, VERSION: 2, NEAR: 1}


class Matcher:
    """The new stories, indexed by every key a duplicate can share with them."""

    def __init__(self, new: Iterable[StorySignature], settings: DedupSettings | None = None):
        self.settings = s = settings or DedupSettings()
        self.new = {sig.story_id: sig for sig in new}
        self.lsh = MinHashLSH(threshold=s.threshold, num_perm=s.num_perm)
        # Versions share less text than copies (an update adds a lead, trims a paragraph):
        # a second, looser LSH finds them, kept only between one agency's marked versions.
        self.lsh_versions = MinHashLSH(threshold=s.version_similarity, num_perm=s.num_perm)
        self.by_hash: dict[str, list[str]] = defaultdict(list)
        self.by_wire: dict[tuple, list[str]] = defaultdict(list)
        self.by_story_key: dict[tuple, list[str]] = defaultdict(list)
        for sid in sorted(self.new):
            sig = self.new[sid]
            minhash = from_bytes(sig.minhash)
            self.lsh.insert(sid, minhash)
            self.lsh_versions.insert(sid, minhash)
            self.by_hash[sig.text_hash].append(sid)
            if sig.wire_id:
                self.by_wire[(sig.agency, sig.wire_id)].append(sid)
            for key in _story_keys(sig):
                self.by_story_key[key].append(sid)

    # Keys for a cheap column filter before anything is decoded (pyarrow `is_in`).
    def text_hashes(self) -> list[str]:
        return sorted(self.by_hash)

    def match(self, other: StorySignature) -> list[Edge]:
        """Edges from `other` (committed or new) to the new stories it duplicates."""
        found: dict[str, Edge] = {}

        def add(sid: str, how: str, sim: float) -> None:
            if sid == other.story_id:
                return
            old = found.get(sid)
            if old is None or _STRENGTH[how] > _STRENGTH[old.how]:
                a, b = sorted((sid, other.story_id))
                found[sid] = Edge(a, b, how, sim)

        for sid in self.by_hash.get(other.text_hash, ()):
            add(sid, EXACT, 1.0)
        if other.wire_id:
            for sid in self.by_wire.get((other.agency, other.wire_id), ()):
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
            marked = new.version_rank is not None or other.version_rank is not None
            if (
                marked
                and new.agency
                and new.agency == other.agency
                and self._is_version(new, other)
            ):
                add(sid, VERSION, self._sim(sid, other))
        return [found[k] for k in sorted(found)]

    def _sim(self, sid: str, other: StorySignature) -> float:
        return round(jaccard(self.new[sid].minhash, other.minhash), 4)

    def _is_version(self, a: StorySignature, b: StorySignature) -> bool:
        """Same agency's headline / slug, close in time, and enough text in common."""
        s = self.settings
        if a.date and b.date and abs((a.date - b.date).days) > s.version_days:
            return False
        return jaccard(a.minhash, b.minhash) >= s.version_similarity


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
            if key not in edges or _STRENGTH[e.how] > _STRENGTH[edges[key].how]:
                edges[key] = e
    return [edges[k] for k in sorted(edges)]
