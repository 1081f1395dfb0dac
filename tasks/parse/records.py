"""Records the parse stage gives: a story's structured fields and its quotations.

Plain dataclasses, so every step can be unit-tested without Prefect or Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tasks.places import Place


@dataclass(frozen=True)
class Quote:
    """A direct quotation inside a story's body."""

    paragraph: int  # 0-based index into ParsedStory.paragraphs
    quote: str  # the quoted words, without the quote marks
    speaker: str | None  # the attribution as written ("Kharge", "the Congress leader")
    speaker_entity: str | None = None  # canonical person, filled by enrichment
    kind: str = "quotation"  # "quotation" (speech) or "phrase" (scare quote, title, nickname)
    verb: str | None = None  # the attribution verb as written: "said", "told", "according to"
    offset: int = 0  # char offset of the opening quote mark in ParsedStory.body
    speaker_offset: int | None = None  # char offset in body where the speaker is written
    speaker_entity_id: str | None = None  # the entity catalog's id of speaker_entity


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
    format: str | None = None  # "text", "jsonl", "anpa", "iptc7901", "nitf", "newsml-g2", ...
    wire_id: str | None = None  # the item's id / guid / doc-id as delivered
    slugline: str | None = None
    version: str | None = None  # "1stLd-Writethru", "EXTRA", a NewsML version number
    urgency: int | None = None  # 1..9 when the format has a priority or urgency
    ednote: str | None = None
    language: str | None = None  # primary tag, declared or detected (tasks.parse.language)
    language_declared: str | None = None  # as the delivery declared it: "en-US", "fi-FI"
    subjects: list[str] = field(default_factory=list)
    dateline_places: list[str] = field(default_factory=list)  # ["Washington", "New York"]
    place: Place | None = None  # the dateline geocoded (tasks.places)
    kicker: str | None = None  # delivered: the line above the headline
    subhead: str | None = None  # delivered: a second headline
    teaser: str | None = None  # delivered: the summary shown before the story

    @property
    def n_paragraphs(self) -> int:
        return len(self.paragraphs)

    @property
    def n_words(self) -> int:
        return len(self.body.split())
