"""Build Arrow tables that match tasks.store.schemas from parsed stories, entities and rejects.

Columns are filled from the schema's field list, so a schema change fails loudly here
(missing key) instead of silently writing a column of nulls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from tasks.dedup.records import StorySignature
from tasks.enrich.catalog import entity_id_for
from tasks.ingest.records import RawRecord, RejectRecord
from tasks.parse.records import ParsedStory
from tasks.store.schemas import DEDUP_INDEX, ENTITIES, QUOTES, REJECTS, STORIES


def story_id(source_path: str, source_index: int) -> str:
    """Stable id from where the story lives, so a re-run or a changed file keeps its id."""
    key = f"{source_path}\0{source_index}".encode()
    return hashlib.sha256(key).hexdigest()[:16]


@dataclass(frozen=True)
class RunInfo:
    """Run metadata stamped on every row (provenance)."""

    run_id: str
    started_at: datetime  # UTC, timezone-aware
    parser_version: str
    model_version: str | None  # None when enrichment is off

    @property
    def run_date(self) -> date:
        return self.started_at.date()


@dataclass
class RowBuffer:
    """Column-wise accumulator for one dataset; turns into a table with the fixed schema."""

    schema: pa.Schema
    columns: dict[str, list[Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = {name: [] for name in self.schema.names}

    def append(self, row: dict[str, Any]) -> None:
        for name, values in self.columns.items():
            values.append(row[name])

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def to_table(self) -> pa.Table:
        arrays = [pa.array(self.columns[f.name], type=f.type) for f in self.schema]
        return pa.Table.from_arrays(arrays, schema=self.schema)


def story_row(raw: RawRecord, story: ParsedStory, ents: Any | None, run: RunInfo) -> dict:
    """One `stories` row; `ents` is an enrich.entities.StoryEntities or None (enrichment off)."""
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
        "n_persons": ents.n_persons if ents else 0,
        "n_orgs": ents.n_orgs if ents else 0,
        "n_places": ents.n_places if ents else 0,
        "n_entities": ents.n_entities if ents else 0,
        "top_entity": ents.top_entity if ents else None,
        "encoding": raw.encoding,
        "raw_sha256": raw.raw_sha256,
        "external_id": raw.id_hint,
        "model_version": run.model_version if ents is not None else None,
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
        "subjects": list(story.subjects),
        **dateline_place_fields(story),
        "repairs": list(raw.repairs),
        # Filled by the run's clustering step (tasks.dedup.index), after the shards.
        "cluster_id": None,
        "is_primary": None,
        "duplicate_kind": None,
        "similarity": None,
        "n_sources": ents.n_sources if ents else None,
        "ner_keys": ents.ner_keys if ents is not None else None,
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


def entity_rows(sid: str, story: ParsedStory, ents: Any, run: RunInfo) -> Iterable[dict]:
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
            "model_version": run.model_version or "",
            "parser_version": run.parser_version,
            "run_id": run.run_id,
            "entity_id": entity_id_for(e.entity, e.label),
        }


def reject_row(rej: RejectRecord, run: RunInfo) -> dict:
    return {
        "source_path": rej.source_path,
        "source_index": rej.source_index,
        "date": run.run_date,
        "reason": str(rej.reason),
        "detail": rej.detail,
        "raw_sha256": rej.raw_sha256,
        "parser_version": run.parser_version,
        "run_id": run.run_id,
        "rejected_at": run.started_at,
    }


def signature_row(sig: StorySignature, run: RunInfo) -> dict:
    """One `_dedup` index row: a story's signature, committed with the story's rows."""
    return {
        **{name: getattr(sig, name) for name in DEDUP_INDEX.names if hasattr(sig, name)},
        "parser_version": run.parser_version,
        "run_id": run.run_id,
    }


def new_buffers() -> dict[str, RowBuffer]:
    return {
        "stories": RowBuffer(STORIES),
        "quotes": RowBuffer(QUOTES),
        "entities": RowBuffer(ENTITIES),
        "rejects": RowBuffer(REJECTS),
        "_dedup": RowBuffer(DEDUP_INDEX),
    }
