"""What a format reader gives per item: a story (delivered fields + body) or a skip (reject).

Shared helpers for every reader live here too: dates, urgency, whitespace, first-non-empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tasks.errors import Reason
from tasks.ingest.records import Delivered


@dataclass(frozen=True)
class Story:
    """One text item: delivered fields and its body paragraphs (plain text, no markup)."""

    delivered: Delivered
    paragraphs: tuple[str, ...]
    encoding: str

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Skip:
    """One item that cannot become a story (photo, package, cancelled, broken file)."""

    reason: Reason
    detail: str


Item = Story | Skip

# The leading date of an ISO-8601 or NITF/NewsML basic timestamp: "2014-07-16T15:53:10.000Z",
# "20131020T192751+1100", "  2018-01-03T20:13:08.000Z", "2019-04-15T13:49:15" (local time).
_DATE_RE = re.compile(r"\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ]|\s*\Z)")


def iso_date(value: str | None) -> date | None:
    """The calendar date as written (the agency's local date); None for empty or impossible."""
    if not value:
        return None
    m = _DATE_RE.match(value)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def first_date(*values: str | None) -> date | None:
    return next((d for d in map(iso_date, values) if d is not None), None)


def squash(text: str | None) -> str | None:
    """Whitespace runs → one space; empty → None (XML layout spaces are not content)."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def words(text: str) -> frozenset[str]:
    """A vocabulary written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


def first(*values: str | None) -> str | None:
    return next((v for v in (squash(v) for v in values) if v), None)


def json_text(value: object) -> str | None:
    """A JSON field as text: a string squashed, a number written out, anything else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return first(value) if isinstance(value, str) else None


def urgency(value: object) -> int | None:
    """1..9 from "3", 3, " 4 "; anything else (0, "", "high") is not an urgency."""
    text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
    return int(text) if text.isdigit() and 1 <= int(text) <= 9 else None


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Distinct non-empty values in first-seen order (subjects repeat in real feeds)."""
    seen: dict[str, None] = {}
    for v in values:
        v = squash(v)
        if v and v not in seen:
            seen[v] = None
    return tuple(seen)
