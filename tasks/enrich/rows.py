"""The `entities` rows of an enriched story, and the `stories` columns enrichment fills.

`entity_id` is stamped here, before any catalog exists: `entity_id_for` gives the same id in
every run and order (tasks.enrich.catalog); the resolution step rewrites it where a merge
changes it (tasks.enrich.resolve).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tasks.enrich.catalog import entity_id_for
from tasks.parse.records import ParsedStory
from tasks.store.rows import RunInfo

if TYPE_CHECKING:  # the spaCy side of enrich loads only where it runs
    from tasks.enrich.entities import StoryEntities


def story_entity_columns(ents: StoryEntities | None, run: RunInfo) -> dict[str, Any]:
    """The entity columns of a story's `stories` row; `ents` None: enrichment was off."""
    return {
        "n_persons": ents.n_persons if ents else 0,
        "n_orgs": ents.n_orgs if ents else 0,
        "n_places": ents.n_places if ents else 0,
        "n_entities": ents.n_entities if ents else 0,
        "top_entity": ents.top_entity if ents else None,
        "model_version": ents.model_version if ents is not None else None,
        "n_sources": ents.n_sources if ents is not None and ents.model_version else None,
        "ner_keys": ents.ner_keys if ents is not None else None,
    }


def entity_rows(sid: str, story: ParsedStory, ents: StoryEntities, run: RunInfo) -> Iterable[dict]:
    for e in ents.rows:
        yield {
            "story_id": sid,
            "date": story.date,
            "entity": e.entity,
            "label": e.label,
            "mentions": e.mentions,
            "first_offset": e.first_offset,
            "in_lede": e.in_lede,
            "aliases": list(e.aliases),
            "title": e.title,
            "model_version": ents.model_version or "",
            "parser_version": run.parser_version,
            "run_id": run.run_id,
            "entity_id": entity_id_for(e.entity, e.label),
        }
