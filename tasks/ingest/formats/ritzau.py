"""Ritzau's own XML (Denmark): `RBNews` items, alone or in an `XMLNewsQueuedResponse` feed.

Not one of the IPTC formats, read because Ritzau delivers it: the body is escaped HTML in
`content` (double-escaped in feeds), `town` is the dateline place, `TilRedaktionen` the note to
editors, `Annuleret` marks a cancelled item.
"""

from __future__ import annotations

from lxml import etree

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats.base import Item, Skip, Story, first, first_date, urgency
from tasks.ingest.formats.reader import XML, Document, Reader
from tasks.ingest.formats.text import html_paragraphs, local
from tasks.ingest.records import Delivered

FORMAT = "ritzau"


def units(document: Document) -> list[etree._Element]:
    root = document.content
    if local(root) == "rbnews":
        return [root]
    return [el for el in root.iter() if local(el) == "rbnews"]


def convert(item: etree._Element, document: Document) -> Item:
    fields = {local(el): el for el in item}

    def t(name: str) -> str | None:
        el = fields.get(name)
        if el is None or any(k.endswith("}nil") and v == "true" for k, v in el.attrib.items()):
            return None
        return first(el.text)

    wire_id = t("newsid")
    if (t("annuleret") or "").lower() == "true":
        return Skip(Reason.CANCELLED, f"Ritzau item {wire_id} annulled")
    paragraphs = quirks.strip_signoffs(html_paragraphs(t("content")))
    if paragraphs:  # the sign-off rides on the last paragraph: "... landsmand. /ritzau/"
        paragraphs[-1] = quirks.RITZAU_SIGNOFF_RE.sub("", paragraphs[-1]) or paragraphs[-1]
    if not paragraphs:
        return Skip(Reason.NO_TEXT, f"Ritzau item {wire_id or ''} without content".strip())
    origin = (t("origin") or "").strip("/ ")
    delivered = Delivered(
        format=FORMAT,
        wire_id=wire_id,
        headline=t("headline") or t("subtitle"),
        byline=t("byline"),
        dateline=t("town"),
        date=first_date(t("publishdate")),
        agency="Ritzau" if "ritzau" in origin.lower() else origin or None,
        slugline=t("strapline"),
        urgency=urgency(t("priority")),
        version=t("version"),
        ednote="\n".join(html_paragraphs(t("tilredaktionen"))) or None,
        language="da",
        subjects=(),
    )
    return Story(delivered, tuple(paragraphs), document.encoding)


# An item alone, or a feed of them.
READER = Reader(FORMAT, XML, units, convert, roots=("RBNews", "XMLNewsQueuedResponse"))
