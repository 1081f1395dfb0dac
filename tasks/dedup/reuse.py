"""Exact copies are enriched once: NER runs on one story per distinct text, copies share it.

Wire feeds deliver the same text several times (a `.txt` drop and a `.jsonl` export, a
re-send); NER is the costly step, and its result depends only on the body and the dateline
place names (tasks.enrich.entities), so a copy with the same ones gets the same entities.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from tasks.parse.records import ParsedStory


def copy_key(story: ParsedStory) -> tuple:
    """What NER output depends on: the body as written and the dateline's place names."""
    return (story.body, story.dateline_city, story.dateline_region)


def enrich_once_per_text(
    stories: Sequence[ParsedStory], enrich: Callable[[list[ParsedStory]], list[Any]]
) -> tuple[list[Any], int]:
    """`enrich` on the first story of each distinct text; (results for all, copies reused).

    `enrich` also fills the quotes' `speaker_entity` in place; a copy's quotes (the same
    quotes, its body being the same) take them from the first story.
    """
    first: dict[tuple, int] = {}
    for n, story in enumerate(stories):
        first.setdefault(copy_key(story), n)
    unique = sorted(set(first.values()))
    results = dict(zip(unique, enrich([stories[n] for n in unique]), strict=True))
    out = []
    for n, story in enumerate(stories):
        src = first[copy_key(story)]
        if src != n and story.quotes and len(story.quotes) == len(stories[src].quotes):
            story.quotes[:] = [
                replace(q, speaker_entity=s.speaker_entity, speaker_entity_id=s.speaker_entity_id)
                for q, s in zip(story.quotes, stories[src].quotes, strict=True)
            ]
        out.append(results[src])
    return out, len(stories) - len(unique)
