"""ninjs (IPTC's JSON, 1.x to 3.x): one object, a list, or a search envelope `{item: [...]}`.

Each object of the list is one unit; `associations` (pictures, embedded items) belong to
their story and are never units. Markup bodies (body_html, body_xhtml, ninjs 2/3 `bodies`)
are preferred over body_text because they keep paragraph breaks.
"""

from __future__ import annotations

from typing import Any

from tasks.errors import Reason
from tasks.ingest.formats.base import Item, Skip, Story, first, first_date, unique, urgency, words
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


def _s(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return first(value) if isinstance(value, str) else None


def _named(value: Any) -> str | None:
    """A string, or the name/value of an object (`{"name": "AAP"}`, `{"value": "..."}`)."""
    if isinstance(value, dict):
        return _s(value.get("name")) or _s(value.get("value"))
    if isinstance(value, list) and value:
        return _named(value[0])
    return _s(value)


def convert(obj: Any, document: Document) -> Item:
    if not isinstance(obj, dict) or not (_NINJS_KEYS & obj.keys()):
        shown = type(obj).__name__ if not isinstance(obj, dict) else "object without ninjs fields"
        return Skip(Reason.UNKNOWN_FORMAT, f"JSON item is not ninjs ({shown})")
    wire_id = _s(obj.get("guid")) or _s(obj.get("uri")) or _s(obj.get("id"))
    kind = (_s(obj.get("type")) or "").lower()
    if kind not in _TEXT_TYPES:
        return Skip(Reason.NO_TEXT, f"ninjs {kind} item {wire_id or ''}".strip())
    status = (_s(obj.get("pubstatus")) or "").lower()
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
        headline=_s(obj.get("headline")) or _named(obj.get("headlines")),
        located=_named(obj.get("located")),
        byline=_s(obj.get("byline")) or _named(obj.get("by")),
        date=first_date(_s(obj.get("firstcreated")), _s(obj.get("versioncreated"))),
        agency=_named(obj.get("source"))
        or _named(obj.get("provider"))
        or _s(obj.get("copyrightholder")),
        slugline=_s(obj.get("slugline")),
        urgency=urgency(obj.get("urgency")) or urgency(obj.get("priority")),
        version=_s(obj.get("version")),
        ednote=_s(obj.get("ednote")),
        language=_s(obj.get("language")),
        subjects=unique(
            (_s(s.get("code")) or _s(s.get("name"))) if isinstance(s, dict) else _s(s)
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
