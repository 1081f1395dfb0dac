"""Clusters from duplicate edges: stable ids, one primary each, how every member relates to it.

Deterministic whatever order stories arrive or are listed in: components are found with a
union-find over sorted ids, and every choice (which id a cluster keeps, which member is
primary) is a `min`/`max` over a total order of data (dates, version ranks, story ids) and
`first_seen`, which is one value for every story of one clustering batch.

Ids never get renumbered: a component holding committed stories keeps their cluster's id
(the oldest, if a new story bridges two clusters); a component of new stories only reuses the
id its members had before (a `--reprocess`), else takes its founding member's story id.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from tasks.dedup.records import EXACT, NEAR, VERSION, Assignment, Edge, Member
from tasks.dedup.signature import jaccard


class _UnionFind:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))  # the smaller id is the root: order-independent
            self.parent[hi] = lo


def components(members: dict[str, Member], edges: Iterable[Edge]) -> list[list[Member]]:
    """Connected stories; committed members of one cluster always stay together."""
    uf = _UnionFind(sorted(members))
    for e in edges:
        if e.a in members and e.b in members:
            uf.union(e.a, e.b)
    first_of: dict[str, str] = {}
    for sid in sorted(members):
        cid = members[sid].cluster_id
        if cid is not None:
            uf.union(first_of.setdefault(cid, sid), sid)
    groups: dict[str, list[Member]] = defaultdict(list)
    for sid in sorted(members):
        groups[uf.find(sid)].append(members[sid])
    return [groups[root] for root in sorted(groups)]


def _date_first(d: date | None) -> tuple:
    return (d is None, d or date.min)  # undated last


def delivery_key(m: Member) -> tuple:
    """Earliest delivery first: story date, then when first clustered, then story id."""
    return (*_date_first(m.sig.date), m.first_seen, m.story_id)


def _versions_known(group: list[Member]) -> bool:
    """A marker or number on any member, or one wire id / slug / headline on different texts."""
    if any(m.sig.version_rank is not None for m in group):
        return True
    for attr in ("wire_id", "slug_key", "headline_key"):
        texts: dict[tuple, set[str]] = defaultdict(set)
        for m in group:
            value = getattr(m.sig, attr)
            if value:
                texts[(m.sig.agency, value)].add(m.sig.text_hash)
        if any(len(v) > 1 for v in texts.values()):
            return True
    return False


def primary_of(group: list[Member]) -> Member:
    """The latest version when versions are known, else the first delivery."""
    if _versions_known(group):
        return max(
            group,
            key=lambda m: (
                m.sig.version_rank if m.sig.version_rank is not None else -1,
                m.sig.date is not None,
                m.sig.date or date.min,
                m.first_seen,
                m.story_id,
            ),
        )
    return min(group, key=delivery_key)


def kind_of(m: Member, primary: Member) -> str | None:
    """How a member duplicates the primary: the same text, a version of it, or a near copy."""
    if m.story_id == primary.story_id:
        return None
    a, p = m.sig, primary.sig
    if a.text_hash == p.text_hash:
        return EXACT
    same = [
        a.wire_id and a.wire_id == p.wire_id,
        a.slug_key and a.slug_key == p.slug_key,
        a.agency and a.agency == p.agency,
    ]
    return VERSION if any(same) else NEAR


def derived_id(founder: str, taken: set[str]) -> str:
    """A new cluster's id: its founding story's id (re-hashed in the rare case it is taken)."""
    cid, n = founder, 0
    while cid in taken:
        n += 1
        cid = hashlib.sha256(f"{founder}\0{n}".encode()).hexdigest()[:16]
    return cid


def assign(
    members: dict[str, Member], edges: Iterable[Edge], ids_in_use: set[str]
) -> list[Assignment]:
    """Cluster ids, primaries, kinds and similarities for every member of touched clusters.

    `members`: the new stories plus every committed member of a cluster they touch;
    `ids_in_use`: every cluster id committed anywhere (a new id must not collide with one).
    """
    out: list[Assignment] = []
    taken = set(ids_in_use)
    groups = components(members, edges)
    # Components with committed clusters first: they keep their ids before new ones choose.
    groups.sort(key=lambda g: (all(m.cluster_id is None for m in g), g[0].story_id))
    for group in groups:
        cid = _cluster_id(group, taken)
        taken.add(cid)
        primary = primary_of(group)
        for m in group:
            kind = kind_of(m, primary) if len(group) > 1 else None
            if kind is None or kind == EXACT:
                sim = 1.0
            else:
                sim = round(jaccard(m.sig.minhash, primary.sig.minhash), 4)
            out.append(Assignment(m.story_id, cid, m is primary, kind, sim, m.first_seen))
    return out


def _cluster_id(group: list[Member], taken: set[str]) -> str:
    committed = _oldest({m.cluster_id for m in group if m.cluster_id}, group, "cluster_id")
    if committed:
        return committed
    prior = {m.prior_cluster_id for m in group if m.prior_cluster_id} - taken
    reused = _oldest(prior, group, "prior_cluster_id")
    if reused:
        return reused
    return derived_id(min(group, key=delivery_key).story_id, taken)


def _oldest(ids: set, group: list[Member], attr: str) -> str | None:
    """The id whose members were first seen earliest (ties: the smaller id)."""
    if not ids:
        return None
    seen = {i: min(m.first_seen for m in group if getattr(m, attr) == i) for i in ids}
    return min(ids, key=lambda i: (seen[i], i))


__all__ = ["EXACT", "NEAR", "VERSION", "assign", "components", "kind_of", "primary_of"]
