"""Records of the dedup stage: a story's signature row, a member of a cluster, an assignment.

Plain dataclasses; `tasks.dedup.index` turns signatures into `_dedup` index rows and
assignments into the `stories` columns `cluster_id`, `is_primary`, `duplicate_kind`, `similarity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tasks.dedup.signature import DedupSettings, sign_texts
from tasks.dedup.versions import version_of

EXACT, VERSION, NEAR = "exact", "version", "near"


@dataclass(frozen=True)
class StorySignature:
    """What clustering needs to know about one story: keys, MinHash, version."""

    story_id: str
    date: date | None
    agency: str | None
    text_hash: str
    minhash: bytes
    n_shingles: int
    version_rank: int | None = None
    version_marker: str | None = None
    wire_id: str | None = None
    slug_key: str | None = None
    headline_key: str | None = None


def sign_stories(
    story_ids: Sequence[str],
    stories: Sequence[Any],
    settings: DedupSettings | None = None,
) -> list[StorySignature]:
    """Signatures of parsed stories, batched.

    The text is the cleaned body (header, byline, dateline and trailer already removed by
    the parser), so the same story delivered as a `.txt` and as a `.jsonl` line hashes alike.
    The wire id is the agency's story id from a delivery format (`ParsedStory.wire_id`, e.g.
    a NewsML-G2 guid), never a `.jsonl` `id`: an export's row ids may repeat across files.
    """
    sigs = sign_texts([s.body for s in stories], settings)
    out = []
    for sid, story, sig in zip(story_ids, stories, sigs, strict=True):
        v = version_of(story)
        wire = getattr(story, "wire_id", None)
        out.append(
            StorySignature(
                story_id=sid,
                date=story.date,
                agency=story.agency,
                text_hash=sig.text_hash,
                minhash=sig.minhash,
                n_shingles=sig.n_shingles,
                version_rank=v.rank,
                version_marker=v.marker,
                wire_id=str(wire) if wire else None,
                slug_key=v.slug_key,
                headline_key=v.headline_key,
            )
        )
    return out


@dataclass(frozen=True)
class Member:
    """A story taking part in one clustering: its signature and what is committed about it."""

    sig: StorySignature
    first_seen: int  # the story date as an ordinal (tasks.dedup.cluster_state.first_seen)
    cluster_id: str | None = None  # committed cluster (None: pending, not yet clustered)
    prior_cluster_id: str | None = None  # the cluster a re-delivered story was in before

    @property
    def story_id(self) -> str:
        return self.sig.story_id


@dataclass(frozen=True)
class Edge:
    """Two stories found to be the same story, how (`exact` / `version` / `near`), how alike."""

    a: str
    b: str
    how: str
    similarity: float


@dataclass(frozen=True)
class Assignment:
    story_id: str
    cluster_id: str
    is_primary: bool
    duplicate_kind: str | None  # exact | version | near; None for a primary
    similarity: float  # estimated Jaccard to the primary (1.0 for the primary itself)
    first_seen: int
