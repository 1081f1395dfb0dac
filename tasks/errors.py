"""Reject reasons: the one list of codes every reject row, doc and test uses.

A reject is an expected outcome (bad input), never an exception that escapes a shard;
`InputRejected` carries the code from where the problem is seen to where the row is built.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Short reject codes written to `rejects.reason`; documented in docs/rejects.md."""

    EMPTY = "empty"  # zero bytes, or only whitespace / control characters after cleaning
    BINARY = "binary"  # bytes that are not text (image, random bytes)
    TOO_LARGE = "too_large"  # file larger than Limits.max_file_bytes (never read)
    DECOMPRESSED_TOO_LARGE = "decompressed_too_large"  # gzip past Limits.max_decompressed_bytes
    CORRUPT_GZIP = "corrupt_gzip"  # .gz that does not decompress
    UNDECODABLE = "undecodable"  # no text encoding fits
    MALFORMED_JSON = "malformed_json"  # a .jsonl line that is not a JSON object
    BAD_FIELD = "bad_field"  # a .jsonl object whose `text` is missing or not a string
    TOO_LONG = "too_long"  # one story longer than Limits.max_story_chars
    NO_BODY = "no_body"  # a dateline (or header) and nothing after it
    SYMLINK = "symlink"  # a symlink (never followed)
    UNREADABLE = "unreadable"  # permission denied or an I/O error while reading
    VANISHED = "vanished"  # the file disappeared or changed between discovery and reading
    PARSER_ERROR = "parser_error"  # the parser crashed on this story (bug); quarantined
    UNSAFE_XML = "unsafe_xml"  # XML declaring entities (expansion bombs, external entities)
    MALFORMED_XML = "malformed_xml"  # XML that does not parse (broken, truncated)
    NO_TEXT = "no_text"  # an item without story text: photo, graphic, package, empty item
    CANCELLED = "cancelled"  # an item the agency withdrew (pubStatus canceled / withheld)
    SERVICE_MESSAGE = "service_message"  # an agency's service notice, not a story (dpa Impressum)
    UNKNOWN_FORMAT = "unknown_format"  # XML / JSON that is none of the formats we read


class InputRejected(Exception):
    """Raised by pure functions when an input cannot become a story."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
