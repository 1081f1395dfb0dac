"""Records passed between the pure steps: raw input → parsed story → rows.

These are plain dataclasses so every step can be unit-tested without Prefect or Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RawRecord:
    """One story's cleaned text and where it came from (before parsing)."""

    source_path: str  # POSIX path relative to the raw folder
    source_index: int  # 0-based line number within a .jsonl; 0 for a .txt / .txt.gz
    text: str  # decoded and cleaned text (may still hold the ` date YYYY-MM-DD ` header)
    encoding: str  # the encoding the bytes were decoded with ("utf-8", "cp1252", ...)
    raw_sha256: str  # sha256 of the whole raw file's bytes
    header_date: date | None = None  # a date given outside the text (a .jsonl `date` field)
    agency_hint: str | None = None  # an agency given outside the text (a .jsonl `agency`)
    id_hint: str | None = None  # the .jsonl `id`, kept for the analyst


@dataclass(frozen=True)
class RejectRecord:
    """One raw input (file or .jsonl line) that could not become a story, and why."""

    source_path: str
    source_index: int
    reason: str  # a tasks.errors.Reason value
    detail: str  # human-readable, one line
    raw_sha256: str | None


@dataclass(frozen=True)
class Quote:
    """A direct quotation inside a story's body."""

    paragraph: int  # 0-based index into ParsedStory.paragraphs
    quote: str  # the quoted words, without the quote marks
    speaker: str | None  # the attribution as written ("Kharge", "the Congress leader")
    speaker_entity: str | None = None  # canonical person, filled by enrichment


@dataclass
class ParsedStory:
    """Structured fields of one story; `body` excludes header, byline, dateline and trailer."""

    header_date: date | None
    date: date | None  # partition date: dateline_date, else header_date
    agency: str | None  # normalised code: ANI, PTI, IANS, REUTERS, AP, AFP, EFE, ...
    agency_credit: str | None  # the credit as written: "ANI", "Reuters", "EFE"
    dateline_city: str | None  # display case: "San Salvador"
    dateline_region: str | None  # as written: "Ore.", "India", "UP"
    dateline_date: date | None
    byline: str | None
    headline: str | None
    lede: str  # first paragraph
    body: str  # paragraphs joined with "\n\n"
    paragraphs: list[str]
    quotes: list[Quote] = field(default_factory=list)

    @property
    def n_paragraphs(self) -> int:
        return len(self.paragraphs)

    @property
    def n_words(self) -> int:
        return len(self.body.split())
