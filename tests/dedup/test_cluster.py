"""Clustering (tasks.dedup.candidates + tasks.dedup.cluster): ids, primaries, kinds, order.

Stories are built from a real Reuters story's text (reut2-000.sgm, NEWID 2, "STANDARD OIL
<SRD> TO FORM FINANCIAL UNIT") and edits of it, so shingle overlaps are those of real copy.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date

import pytest

from tasks.dedup.candidates import Matcher, new_edges
from tasks.dedup.cluster import assign
from tasks.dedup.records import Member, sign_stories

ORIGINAL = (
    "Standard Oil Co and BP North America Inc said they plan to form a venture to manage "
    "the money market borrowing and investment activities of both companies. BP North "
    "America is a subsidiary of British Petroleum Co Plc, which also owns a 55 pct interest "
    "in Standard Oil. The venture will be called BP/Standard Financial Trading and will be "
    "operated by Standard Oil under the oversight of a joint management committee."
)
# An update adds a paragraph on top and keeps the rest (how wire updates grow).
UPDATED = (
    "The companies said the venture would start operating on April 1 and would handle "
    "about 2 billion dlrs of short-term funds. " + ORIGINAL
)
# Another outlet carries it near-verbatim with one word changed.
NEAR = ORIGINAL.replace("joint management committee", "joint managing committee")
OTHER = (
    "Bahia cocoa zone showers continued throughout the week, alleviating the drought since "
    "early January and improving prospects for the coming temporao, although normal humidity "
    "levels have not been restored, Comissaria Smith said in its weekly review."
)


@dataclass
class _Story:
    body: str
    agency: str | None = "REUTERS"
    date: date | None = date(1987, 2, 26)
    headline: str | None = "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"
    wire_id: str | None = None


def _members(stories: dict[str, _Story], seen: int = 1, **committed) -> dict[str, Member]:
    ids = sorted(stories)
    sigs = sign_stories(ids, [stories[i] for i in ids])
    out = {}
    for sig in sigs:
        cid, prior = committed.get(sig.story_id, (None, None))
        out[sig.story_id] = Member(sig, seen, cluster_id=cid, prior_cluster_id=prior)
    return out


def _cluster(members: dict[str, Member], in_use: set[str] = frozenset()):
    matcher = Matcher([m.sig for m in members.values() if m.cluster_id is None])
    edges = new_edges(matcher)
    for m in members.values():
        if m.cluster_id is not None:
            edges += matcher.match(m.sig)
    return {a.story_id: a for a in assign(members, edges, set(in_use))}


STORIES = {
    "a-original": _Story(ORIGINAL),
    "b-copy": _Story(ORIGINAL, date=date(1987, 2, 27)),
    "c-update": _Story(UPDATED, headline="UPDATE 1-STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"),
    "d-near": _Story(NEAR, agency="AP", headline="Oil venture formed"),
    "e-other": _Story(OTHER, headline="BAHIA COCOA REVIEW"),
}


def test_copies_versions_and_near_copies_share_one_cluster() -> None:
    got = _cluster(_members(STORIES))
    assert len({got[s].cluster_id for s in ("a-original", "b-copy", "c-update", "d-near")}) == 1
    assert got["e-other"].cluster_id != got["a-original"].cluster_id
    # the update is the latest version: it is the primary
    assert [
        s for s, a in got.items() if a.is_primary and a.cluster_id == got["a-original"].cluster_id
    ] == ["c-update"]
    assert got["a-original"].duplicate_kind == "version"  # same agency, edited text
    assert got["b-copy"].duplicate_kind == "version"  # copies of the old version, vs the update
    assert got["d-near"].duplicate_kind == "near"  # another source
    # a lone story: its own primary, no kind, similarity 1
    assert (got["e-other"].is_primary, got["e-other"].duplicate_kind) == (True, None)
    assert got["e-other"].similarity == 1.0 and got["e-other"].cluster_id == "e-other"


def test_without_versions_the_first_delivery_is_primary_and_copies_are_exact() -> None:
    stories = {k: STORIES[k] for k in ("a-original", "b-copy", "d-near")}
    got = _cluster(_members(stories))
    assert got["a-original"].is_primary  # dated a day earlier than its copy
    assert (got["b-copy"].duplicate_kind, got["b-copy"].similarity) == ("exact", 1.0)
    assert got["d-near"].duplicate_kind == "near" and 0.8 <= got["d-near"].similarity < 1.0
    # a new cluster is named after its founding (first delivered) story
    assert got["b-copy"].cluster_id == "a-original"


@pytest.mark.parametrize("seed", range(6))
def test_same_stories_in_any_order_give_the_same_clusters(seed) -> None:
    reference = _cluster(_members(STORIES))
    keys = list(STORIES)
    random.Random(seed).shuffle(keys)
    shuffled = _cluster(_members({k: STORIES[k] for k in keys}))
    assert shuffled == reference


def test_a_later_version_joins_the_committed_cluster_and_takes_primary() -> None:
    committed = {"a-original": ("c0ffee0000000001", None), "b-copy": ("c0ffee0000000001", None)}
    stories = {k: STORIES[k] for k in ("a-original", "b-copy", "c-update")}
    got = _cluster(_members(stories, **committed), in_use={"c0ffee0000000001"})
    assert {a.cluster_id for a in got.values()} == {"c0ffee0000000001"}  # never renumbered
    assert got["c-update"].is_primary and not got["a-original"].is_primary


def test_a_reprocessed_cluster_keeps_its_id_from_the_log() -> None:
    """`--reprocess all`: every story pending again, each with the id it had before."""
    prior = {k: (None, "c0ffee0000000002") for k in ("a-original", "b-copy", "c-update")}
    stories = {k: STORIES[k] for k in prior}
    got = _cluster(_members(stories, **prior))
    assert {a.cluster_id for a in got.values()} == {"c0ffee0000000002"}


def test_a_prior_id_still_used_by_other_stories_is_not_taken_twice() -> None:
    """A re-delivered story no longer like its old cluster mates gets a new id."""
    stories = {"e-other": STORIES["e-other"]}
    got = _cluster(_members(stories, **{"e-other": (None, "c1")}), in_use={"c1"})
    assert got["e-other"].cluster_id not in {"c1"}


def test_a_story_bridging_two_clusters_merges_them_into_the_oldest() -> None:
    committed = {"a-original": ("old", None), "d-near": ("young", None)}
    members = _members({k: STORIES[k] for k in ("a-original", "d-near")}, **committed)
    members = {
        "a-original": Member(members["a-original"].sig, 1, cluster_id="old"),
        "d-near": Member(members["d-near"].sig, 5, cluster_id="young"),
    }
    members |= _members({"b-copy": STORIES["b-copy"]}, seen=9)
    got = _cluster(members, in_use={"old", "young"})
    assert {a.cluster_id for a in got.values()} == {"old"}


@pytest.mark.parametrize("perm", list(itertools.permutations(["x1", "x2", "x3"])))
def test_exactly_one_primary_per_cluster_whatever_the_order(perm) -> None:
    stories = {name: _Story(ORIGINAL, date=None) for name in perm}  # undated identical copies
    got = _cluster(_members(stories))
    assert sum(a.is_primary for a in got.values()) == 1
    assert got["x1"].is_primary  # all else equal: the smallest story id


def test_wire_id_links_versions_whatever_the_text() -> None:
    """The same agency id is the same story even when an update rewrote it entirely."""
    stories = {
        "v1": _Story(ORIGINAL, wire_id="KBN0FL0ZP"),
        "v2": _Story(OTHER, wire_id="KBN0FL0ZP", headline="UPDATE 1-Oil venture"),
    }
    got = _cluster(_members(stories))
    assert got["v1"].cluster_id == got["v2"].cluster_id and got["v2"].is_primary


def test_the_batch_prefilter_never_drops_a_match() -> None:
    """Rows the numpy prefilter drops are rows `match` would find nothing for."""
    import pyarrow as pa

    variants = {
        f"s{n:02d}": _Story(ORIGINAL.replace("55 pct", f"{n} pct") if n % 3 else OTHER + f" {n}")
        for n in range(30)
    }
    variants["u1"] = _Story(UPDATED, headline="UPDATE 1-STANDARD OIL <SRD> TO FORM FINANCIAL UNIT")
    ids = sorted(variants)
    sigs = sign_stories(ids, [variants[i] for i in ids])
    matcher = Matcher(sigs[::4])
    cols = ["minhash", "text_hash", "wire_id", "headline_key", "slug_key"]
    table = pa.table({c: [getattr(s, c) for s in sigs] for c in cols})
    mask = matcher.prefilter(table)
    found = [bool(matcher.match(s)) for s in sigs]
    assert any(found) and not any(f and not m for f, m in zip(found, mask, strict=True))
