"""Records the ingest stage gives: one raw item's cleaned text, or the reason it was rejected.

Plain dataclasses, so every step can be unit-tested without Prefect or Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    repairs: tuple[str, ...] = ()  # what cleaning repaired: "apostrophe:India?s" (ingest.repair)


@dataclass(frozen=True)
class RejectRecord:
    """One raw input (file or .jsonl line) that could not become a story, and why."""

    source_path: str
    source_index: int
    reason: str  # a tasks.errors.Reason value
    detail: str  # human-readable, one line
    raw_sha256: str | None
