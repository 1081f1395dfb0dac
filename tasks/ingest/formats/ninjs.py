"""ninjs (IPTC's JSON, 1.x to 3.x): one object, a list, or a search envelope `{item: [...]}`.

Each object of the list is one unit; `associations` (pictures, embedded items) belong to
their story and are never units. Markup bodies (body_html, body_xhtml, ninjs 2/3 `bodies`)
are preferred over body_text because they keep paragraph breaks.
"""

from __future__ import annotations

from typing import Any

from tasks.errors import Reason
from tasks.ingest.formats.base import (
    Item,
    Skip,
    Story,
    first_date,
    json_text,
    unique,
    urgency,
    words,
)
from tasks.ingest.formats.reader import JSON, Document, Reader
from tasks.ingest.formats.text import html_paragraphs, text_paragraphs
from tasks.ingest.records import Delivered

FORMAT = "ninjs"
_ENVELOPE_KEYS = ("item", "items", "data", "results")
_NINJS_KEYS = words(
    "uri guid headline headlines body_html body_text body_xhtml bodies type versioncreated"
)
_TEXT_TYPES = frozenset({"text", "story", "composite", "article", ""})
_WITHDRAWN = frozenset({"canceled", "cancelled", "withheld"})


def units(document: Document) -> list[Any]:
    """The item objects of a document, in order; a bare object is its own only item."""
    obj = document.content
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict):
        for key in _ENVELOPE_KEYS:
            if isinstance(obj.get(key), list) and not _NINJS_KEYS & obj.keys():
                return obj[key]
    return [obj]


def _named(value: Any) -> str | None:
    """A string, or the name/value of an object (`{"name": "AAP"}`, `{"value": "..."}`)."""
    if isinstance(value, dict):
        return json_text(value.get("name")) or json_text(value.get("value"))
    if isinstance(value, list) and value:
        return _named(value[0])
    return json_text(value)


def convert(obj: Any, document: Document) -> Item:
    if not isinstance(obj, dict) or not (_NINJS_KEYS & obj.keys()):
        shown = type(obj).__name__ if not isinstance(obj, dict) else "object without ninjs fields"
        return Skip(Reason.UNKNOWN_FORMAT, f"JSON item is not ninjs ({shown})")
    wire_id = json_text(obj.get("guid")) or json_text(obj.get("uri")) or json_text(obj.get("id"))
    kind = (json_text(obj.get("type")) or "").lower()
    if kind not in _TEXT_TYPES:
        return Skip(Reason.NO_TEXT, f"ninjs {kind} item {wire_id or ''}".strip())
    status = (json_text(obj.get("pubstatus")) or "").lower()
    if status in _WITHDRAWN:
        return Skip(Reason.CANCELLED, f"ninjs pubstatus {status} ({wire_id})")
    paragraphs = _body(obj)
    if not paragraphs:
        return Skip(
            Reason.NO_TEXT, f"ninjs item {wire_id or ''} without body text".replace("  ", " ")
        )
    subjects = obj.get("subject") if isinstance(obj.get("subject"), list) else []
    delivered = Delivered(
        format=FORMAT,
        wire_id=wire_id,
        headline=json_text(obj.get("headline")) or _named(obj.get("headlines")),
        located=_named(obj.get("located")),
        byline=json_text(obj.get("byline")) or _named(obj.get("by")),
        date=first_date(json_text(obj.get("firstcreated")), json_text(obj.get("versioncreated"))),
        agency=_named(obj.get("source"))
        or _named(obj.get("provider"))
        or json_text(obj.get("copyrightholder")),
        slugline=json_text(obj.get("slugline")),
        urgency=urgency(obj.get("urgency")) or urgency(obj.get("priority")),
        version=json_text(obj.get("version")),
        ednote=json_text(obj.get("ednote")),
        language=json_text(obj.get("language")),
        subjects=unique(
            (json_text(s.get("code")) or json_text(s.get("name")))
            if isinstance(s, dict)
            else json_text(s)
            for s in subjects
        ),
    )
    return Story(delivered, tuple(paragraphs), document.encoding)


def _body(obj: dict[str, Any]) -> list[str]:
    for key in ("body_html", "body_xhtml"):
        if paragraphs := html_paragraphs(_raw(obj.get(key))):
            return paragraphs
    bodies = obj.get("bodies")
    if isinstance(bodies, list):
        for body in bodies:
            if isinstance(body, dict) and (paragraphs := html_paragraphs(_raw(body.get("value")))):
                return paragraphs
    return text_paragraphs(_raw(obj.get("body_text")))


def _raw(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# No claims test: every JSON document a reader listed before did not claim; an object that
# is not ninjs becomes an `unknown_format` reject of its own in `convert`.
READER = Reader(FORMAT, JSON, units, convert)


def _subject(value: Any) -> str | None:
    """A ninjs subject's code, else its name; a bare string as it is."""
    if isinstance(value, dict):
        return json_text(value.get("code")) or json_text(value.get("name"))
    return json_text(value)
