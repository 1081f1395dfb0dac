"""dpa digitalwires (`"format": "digitalwires@0.9.x"`): dpa's API (wireQ, s3push) JSON.

One entry, a list of entries, or wireQ's envelope `{"entries": [...]}`; each entry is one unit.
The story is `article_html` (`<section class="main">`) alone: `infobox_html`, `linkbox_html`,
the notepad and the ednotes are never story text. `headline`, `kicker`, `subhead`, `teaser`,
`byline`, `dateline`, `urn`, `version`, `version_created`, `language`, `urgency`, `creditline`
and the copyright notice are delivered fields; `categories` give the subjects (dpa subjects
and IPTC media topics by qcode), the desk, the genre and the provider. `associations`
(pictures, audio, video) belong to their entry and are never units.

What is not a story (docs/rejects.md, from ../shared/corpus/wire-formats-dpa/README.md): an
entry without `article_html` (an audio or picture item, a caption-only item) is `no_text`;
a cancelled one `cancelled`; the desks' service listings, plans and day previews (dpa's
genres "Vorschau" and "Achtung", the service desk "rs") are `service_message`. Results and
tables are stories: text without prose, kept as delivered (each table row one paragraph,
cells separated by "; ").
"""

from __future__ import annotations

from typing import Any

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats.base import (
    Item,
    Skip,
    Story,
    first_date,
    json_text,
    unique,
    urgency,
)
from tasks.ingest.formats.reader import JSON, Document, Reader
from tasks.ingest.formats.text import html_paragraphs
from tasks.ingest.records import Delivered
from tasks.settings import Limits

FORMAT = "digitalwires"
_ENVELOPE_KEYS = ("entries", "items", "item")
_WITHDRAWN = frozenset({"canceled", "cancelled", "withheld", "stat:canceled", "stat:withheld"})
# Markup is several times its text; past this an entry is refused before it is parsed.
MAX_MARKUP_CHARS = 4 * Limits().max_story_chars
# Category types whose qcode is a subject: dpa subjects and IPTC media topics / subject codes.
_SUBJECT_TYPES = frozenset({"dnltype:dpasubject", "dnltype:mediatopic", "dnltype:subject"})
_SUBJECT_SCHEMES = ("medtop:", "subj:", "dpasubject:")
# ednote roles that are not notes to an editor: the desk's sign-off, contact people.
_NOT_NOTES = frozenset(
    {"dpaednoterole:closingline", "dpaednoterole:dpacontacts", "dpaednoterole:contacts"}
)


def _entries(value: Any) -> Any:
    if isinstance(value, dict):
        for key in _ENVELOPE_KEYS:
            if isinstance(value.get(key), list) and "format" not in value:
                return value[key]
    return value


def claims(document: Document) -> bool:
    """An entry, a list of entries or an envelope whose first entry says digitalwires."""
    value = _entries(document.content)
    head = value[0] if isinstance(value, list) and value else value
    return isinstance(head, dict) and str(head.get("format", "")).startswith("digitalwires")


def units(document: Document) -> list[Any]:
    value = _entries(document.content)
    return value if isinstance(value, list) else [value]


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a list field; a field of another type (hostile or broken) is empty."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def convert(entry: Any, document: Document) -> Item:
    if not isinstance(entry, dict):
        return Skip(Reason.BAD_FIELD, f"digitalwires entry is a {_kind(entry)}, not an object")
    urn = json_text(entry.get("urn")) or json_text(entry.get("entry_id"))
    categories = _dicts(entry.get("categories"))
    status = (json_text(entry.get("pubstatus")) or _category(categories, "pubstatus") or "").lower()
    if status in _WITHDRAWN:
        return Skip(Reason.CANCELLED, f"digitalwires pubstatus {status} ({urn})")
    markup = entry.get("article_html")
    if markup is not None and not isinstance(markup, str):
        return Skip(Reason.BAD_FIELD, f"digitalwires {urn}: article_html is a {_kind(markup)}")
    if isinstance(markup, str) and len(markup) > MAX_MARKUP_CHARS:
        return Skip(Reason.TOO_LONG, f"digitalwires {urn}: article_html of {len(markup)} chars")
    if service := _service(categories):
        return Skip(Reason.SERVICE_MESSAGE, f"digitalwires {urn}: {service}")
    paragraphs = html_paragraphs(markup)
    if not paragraphs:
        media = sorted(
            {t for a in _dicts(entry.get("associations")) if (t := json_text(a.get("type")))}
        )
        what = f"{'/'.join(media)} item" if media else "item"
        return Skip(Reason.NO_TEXT, f"digitalwires {what} {urn} without article_html text")
    delivered = Delivered(
        format=FORMAT,
        wire_id=urn,
        headline=json_text(entry.get("headline")),
        kicker=json_text(entry.get("kicker")),
        subhead=json_text(entry.get("subhead")),
        teaser=json_text(entry.get("teaser")),
        byline=json_text(entry.get("byline")),
        dateline=json_text(entry.get("dateline")),
        located=_category(categories, "located"),
        date=first_date(json_text(entry.get("version_created")), json_text(entry.get("updated"))),
        agency=_category(categories, "provider") or json_text(entry.get("copyrightnotice")),
        credit=json_text(entry.get("creditline")),
        urgency=urgency(entry.get("urgency")),
        version=json_text(entry.get("version")),
        ednote=_ednote(entry, categories),
        language=json_text(entry.get("language")),
        subjects=unique(_subject(c) for c in categories),
    )
    return Story(delivered, tuple(paragraphs), document.encoding)


def _kind(value: Any) -> str:
    return {list: "list", dict: "object", str: "string"}.get(type(value), type(value).__name__)


def _category(categories: list[dict[str, Any]], kind: str) -> str | None:
    """The name of the first category of a type ("dnltype:provider" → "dpa")."""
    for c in categories:
        if c.get("type") == f"dnltype:{kind}" and (name := json_text(c.get("name"))):
            return name
    return None


def _service(categories: list[dict[str, Any]]) -> str | None:
    """Why an entry is a desk's service message, from its genre and desk (quirks tables)."""
    for c in categories:
        kind, name, qcode = (
            c.get("type"),
            json_text(c.get("name")) or "",
            json_text(c.get("qcode")) or "",
        )
        if kind == "dnltype:genre" and (
            qcode in quirks.DPA_SERVICE_GENRES or name.lower() in quirks.DPA_SERVICE_GENRE_NAMES
        ):
            return f"dpa genre {name or qcode}"
        if kind == "dnltype:desk" and qcode in quirks.DPA_SERVICE_DESKS:
            return f"dpa desk {qcode}"
    return None


def _subject(category: dict[str, Any]) -> str | None:
    qcode = json_text(category.get("qcode")) or ""
    if category.get("type") in _SUBJECT_TYPES or qcode.startswith(_SUBJECT_SCHEMES):
        return qcode or json_text(category.get("name"))
    return None


def _ednote(entry: dict[str, Any], categories: list[dict[str, Any]]) -> str | None:
    """Publishable notes to editors (corrections, embargoes, planning), the embargo time and
    dpa's signal ("Signal: correction"; `version` stays the number dedup ranks by)."""
    ednotes = _dicts(entry.get("ednotes"))
    notes = [
        json_text(n.get("ednote"))
        for n in ednotes
        if n.get("role") not in _NOT_NOTES and n.get("is_publishable") is not False
    ]
    stated = any(n.get("role") == "dpaednoterole:embargo" for n in ednotes)
    if (embargo := json_text(entry.get("embargoed"))) and not stated:
        notes.append(f"Embargoed until {embargo}")
    if signal := json_text(entry.get("signal")) or _category(categories, "signal"):
        notes.append(f"Signal: {signal.rpartition(':')[2]}")
    return "\n".join(unique(notes)) or None


# Listed before ninjs, the catch-all of JSON: claims only digitalwires documents.
READER = Reader(FORMAT, JSON, units, convert, claims=claims)
