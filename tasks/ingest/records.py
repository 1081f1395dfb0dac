"""Records the ingest stage gives: one raw item's cleaned text, or the reason it was rejected.

Plain dataclasses, so every step can be unit-tested without Prefect or Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Delivered:
    """Fields an agency delivery format carries in its structure, as delivered (not yet
    interpreted: the parser decides whether a byline is a person or a desk credit)."""

    format: str  # "anpa", "iptc7901", "nitf", "newsml-g2", "newsml-1.2", "ninjs", "digitalwires"
    wire_id: str | None = None  # guid / doc-id / PublicIdentifier / ANPA sequence
    headline: str | None = None
    kicker: str | None = None  # the line above the headline (dpa "kicker", G2 headline rank 3)
    subhead: str | None = None  # a second headline under the first
    teaser: str | None = None  # the summary a site shows before the story
    byline: str | None = None  # as written: "By BERNARD CONDON", "dpa correspondents"
    byline_title: str | None = None  # "AP Business Writer", "Associated Press"
    dateline: str | None = None  # a dateline element's text: "STOCKHOLM, Aug 29, 2014 (AFP) -"
    dateline_city: str | None = None  # a structured dateline city (NITF <city>)
    dateline_region: str | None = None  # NITF <state> / <country>
    # ninjs `located`, G2 contentMeta `located`: "the location from which the content
    # originates" (the standards' words), the dateline place when the text has no dateline.
    located: str | None = None
    date: date | None = None  # the item's own date (first created / issued / ETX trailer)
    agency: str | None = None  # provider / source: "AP", "dpa", "reuters.com", "nprov:AFP"
    credit: str | None = None  # a creditline: "Reuters", "Opta Sports Data"
    slugline: str | None = None
    urgency: int | None = None  # 1 (most urgent) .. 9
    version: str | None = None  # "1stLd-Writethru", "EXTRA", a NewsML version number
    ednote: str | None = None
    language: str | None = None
    subjects: tuple[str, ...] = ()
    # Names of the item's subjects, keywords and genre as delivered ("Politik", "Bundestag",
    # "Zusammenfassung"): never stored, they tell item metadata printed into a body from text.
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawRecord:
    """One story's cleaned text and where it came from (before parsing)."""

    source_path: str  # POSIX path relative to the raw folder
    source_index: int  # 0-based line in a .jsonl / item in a delivery file; 0 for a .txt
    text: str  # decoded and cleaned text (may still hold the ` date YYYY-MM-DD ` header)
    encoding: str  # the encoding the bytes were decoded with ("utf-8", "cp1252", ...)
    raw_sha256: str  # sha256 of the whole raw file's bytes
    header_date: date | None = None  # a date given outside the text (a .jsonl `date` field)
    agency_hint: str | None = None  # an agency given outside the text (a .jsonl `agency`)
    id_hint: str | None = None  # the .jsonl `id`, kept for the analyst
    delivered: Delivered | None = None  # structured fields of an agency delivery format

    @property
    def format(self) -> str:
        """`stories.format`: the delivery format, else "jsonl" or "text"."""
        if self.delivered is not None:
            return self.delivered.format
        return "jsonl" if self.source_path.lower().endswith(".jsonl") else "text"

    repairs: tuple[str, ...] = ()  # what cleaning repaired: "apostrophe:India?s" (ingest.repair)


@dataclass(frozen=True)
class RejectRecord:
    """One raw input (file or .jsonl line) that could not become a story, and why."""

    source_path: str
    source_index: int
    reason: str  # a tasks.errors.Reason value
    detail: str  # human-readable, one line
    raw_sha256: str | None
