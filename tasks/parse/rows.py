"""The `stories` and `quotes` rows of a parsed story (schemas: tasks.store.schemas).

Parse owns what it found; the columns other stages fill are theirs: the entity counts come
from `tasks.enrich.rows.story_entity_columns`, the cluster columns are null until the run's
clustering step (tasks.dedup.clustering). A schema column nobody fills fails loudly when the
row reaches its `RowBuffer` (a missing key), never as a silent column of nulls.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tasks.ingest.records import RawRecord
from tasks.parse.records import ParsedStory
from tasks.store.rows import RunInfo, story_id


def story_row(raw: RawRecord, story: ParsedStory, run: RunInfo) -> dict[str, Any]:
    """One `stories` row, but for the entity columns (tasks.enrich.rows adds them)."""
    return {
        "story_id": story_id(raw.source_path, raw.source_index),
        "source_path": raw.source_path,
        "source_index": raw.source_index,
        "date": story.date,
        "agency": story.agency,
        "agency_credit": story.agency_credit,
        "dateline_city": story.dateline_city,
        "dateline_region": story.dateline_region,
        "dateline_date": story.dateline_date,
        "header_date": story.header_date,
        "byline": story.byline,
        "headline": story.headline,
        "lede": story.lede,
        "body": story.body,
        "paragraphs": story.paragraphs,
        "n_paragraphs": story.n_paragraphs,
        "n_words": story.n_words,
        "n_quotes": sum(q.kind == "quotation" for q in story.quotes),
        "encoding": raw.encoding,
        "raw_sha256": raw.raw_sha256,
        "external_id": raw.id_hint,
        "parser_version": run.parser_version,
        "run_id": run.run_id,
        "ingested_at": run.started_at,
        "format": story.format or raw.format,
        "wire_id": story.wire_id or raw.id_hint,
        "slugline": story.slugline,
        "urgency": story.urgency,
        "version": story.version,
        "ednote": story.ednote,
        "language": story.language,
        "language_declared": story.language_declared,
        "subjects": list(story.subjects),
        **dateline_place_fields(story),
        "repairs": list(raw.repairs),
        "kicker": story.kicker,
        "subhead": story.subhead,
        "teaser": story.teaser,
        # Filled by the run's clustering step (tasks.dedup.clustering), after the shards.
        "cluster_id": None,
        "is_primary": None,
        "duplicate_kind": None,
        "similarity": None,
    }


def dateline_place_fields(story: ParsedStory) -> dict[str, Any]:
    """The geocoded dateline as stories columns (all null when the place is unknown)."""
    place = story.place
    return {
        "dateline_places": list(story.dateline_places),
        "dateline_country": place.country if place else None,
        "dateline_admin1": place.admin1 if place else None,
        "dateline_lat": place.lat if place else None,
        "dateline_lon": place.lon if place else None,
        "dateline_geonameid": place.geonameid if place else None,
    }


def quote_rows(sid: str, story: ParsedStory, run: RunInfo) -> Iterable[dict]:
    for q in story.quotes:
        yield {
            "story_id": sid,
            "date": story.date,
            "paragraph": q.paragraph,
            "quote": q.quote,
            "speaker": q.speaker,
            "speaker_entity": q.speaker_entity,
            "parser_version": run.parser_version,
            "run_id": run.run_id,
            "kind": q.kind,
            "verb": q.verb,
            "speaker_entity_id": q.speaker_entity_id,
        }
