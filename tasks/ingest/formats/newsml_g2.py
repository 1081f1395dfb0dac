"""NewsML-G2 (Reuters, ANSA, STT, IPTC examples): newsItem, packageItem, newsMessage.

A newsMessage's itemSet holds several items: each is one unit, in document order. Only text
newsItems are stories; pictures, packages (itemRefs to other items) and withdrawn items are
rejects. contentMeta `located` is "the location from which the content originates" (the
standard's words): the dateline place, used when the body has no dateline of its own (Reuters
sets it to the editing desk, Bangalore, but its bodies always open with their dateline).
"""

from __future__ import annotations

from lxml import etree

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats.base import Item, Skip, Story, first, first_date, unique, urgency
from tasks.ingest.formats.reader import XML, Document, Reader
from tasks.ingest.formats.text import element_paragraphs, local, text_paragraphs
from tasks.ingest.records import Delivered

FORMAT = "newsml-g2"
# G2 roots as the standard writes them: a lone item, or a newsMessage with items in its itemSet.
ROOTS = ("newsItem", "packageItem", "newsMessage", "knowledgeItem", "conceptItem", "planningItem")
_ITEMS = frozenset(name.lower() for name in ROOTS) - {"newsmessage"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TEXT_CLASSES = frozenset({"text", "composite-text"})
_WITHDRAWN = frozenset({"canceled", "cancelled", "withheld"})


def units(document: Document) -> list[etree._Element]:
    root = document.content
    if local(root) != "newsmessage":
        return [root]
    item_set = root.find("{*}itemSet")
    return [el for el in (item_set if item_set is not None else []) if local(el) in _ITEMS]


def _t(el: etree._Element | None) -> str | None:
    return first("".join(el.itertext())) if el is not None else None


def _qcode_tail(el: etree._Element | None) -> str:
    """ "ninat:text" → "text"; "icls:picture" → "picture"."""
    code = (el.get("qcode") or "") if el is not None else ""
    return code.rpartition(":")[2].strip().lower()


def convert(item: etree._Element, document: Document) -> Item:
    sent, priority = message_header(document.content)  # defaults for the message's items
    kind = local(item)
    meta = item.find("{*}itemMeta")
    cmeta = item.find("{*}contentMeta")
    guid = first(item.get("guid"))
    if kind != "newsitem":
        return Skip(
            Reason.NO_TEXT,
            f"G2 {item.tag.rsplit('}', 1)[-1]} {guid or ''}: no story text of its own".replace(
                "  ", " "
            ),
        )
    item_class = _qcode_tail(meta.find("{*}itemClass") if meta is not None else None)
    if item_class and item_class not in _TEXT_CLASSES:
        return Skip(Reason.NO_TEXT, f"G2 {item_class} item {guid or ''}".strip())
    status = _qcode_tail(meta.find("{*}pubStatus") if meta is not None else None)
    if status in _WITHDRAWN:
        return Skip(Reason.CANCELLED, f"G2 pubStatus {status} ({guid})")
    paragraphs = quirks.strip_signoffs(
        quirks.first_translation([p for p in _body(item) if p.strip("_ ")])
    )
    headlines = [
        h
        for h in (cmeta.iterfind("{*}headline") if cmeta is not None else ())
        if "sub" not in (h.get("role") or "").lower()
    ]
    headline = _t(headlines[0]) if headlines else None
    if not paragraphs:
        return Skip(
            Reason.NO_TEXT, f"G2 text item {guid or ''} without body text".replace("  ", " ")
        )

    def c(tag: str) -> etree._Element | None:
        return cmeta.find("{*}" + tag) if cmeta is not None else None

    def m(tag: str) -> etree._Element | None:
        return meta.find("{*}" + tag) if meta is not None else None

    provider = m("provider")
    language = c("language")
    delivered = Delivered(
        format=FORMAT,
        wire_id=guid,
        headline=quirks.strip_version_prefix(quirks.strip_headline_marks(headline)),
        byline=_t(c("by")),
        dateline=_t(c("dateline")),
        located=_located(cmeta),
        date=first_date(
            _t(m("firstCreated")), _t(c("contentCreated")), _t(m("versionCreated")), sent
        ),
        agency=first(
            provider.get("literal") if provider is not None else None,
            _t(provider),
            (provider.get("qcode") or "").rpartition(":")[2] if provider is not None else None,
        ),
        credit=first((_t(c("creditline")) or "").strip(" -–—")),  # STT: "STT–"
        slugline=_t(c("slugline")),
        urgency=urgency(_t(c("urgency"))) or urgency(priority),
        version=first(item.get("version")),
        ednote="\n".join(
            unique(_t(n) for n in (meta.iterfind("{*}edNote") if meta is not None else ()))
        )
        or None,
        language=first(language.get("tag") if language is not None else None, item.get(_XML_LANG)),
        subjects=unique(
            s.get("qcode") or s.get("literal") or _t(s.find("{*}name"))
            for s in (cmeta.iterfind("{*}subject") if cmeta is not None else ())
        ),
        names=_names(cmeta),
    )
    return Story(delivered, tuple(paragraphs), document.encoding)


def _names(cmeta: etree._Element | None) -> tuple[str, ...]:
    """Subject, keyword and genre names (dpa prints them into the body: tasks.parse.lead)."""
    if cmeta is None:
        return ()
    found = [_t(k) for k in cmeta.iterfind("{*}keyword")]
    for tag in ("subject", "genre"):
        found += [_t(el.find("{*}name")) for el in cmeta.iterfind("{*}" + tag)]
    return unique(found)


def _located(cmeta: etree._Element | None) -> str | None:
    """The name of contentMeta's `located` ("Helsinki"; STT's empty `<name/>` is none)."""
    located = cmeta.find("{*}located") if cmeta is not None else None
    if located is None:
        return None
    return _t(located.find("{*}name")) or first(located.get("literal"))


def _body(item: etree._Element) -> list[str]:
    """Paragraphs of the first inline content: XHTML body, NITF body.content, or plain text."""
    content = item.find("{*}contentSet")
    if content is None:
        return []
    for inline in content:
        tag = local(inline)
        if tag == "inlinexml":
            body = inline.find(".//{*}body.content")
            if body is None:
                body = inline.find(".//{*}body")
            paragraphs = element_paragraphs(body if body is not None else inline)
            if paragraphs:
                return paragraphs
        elif tag == "inlinedata":
            paragraphs = text_paragraphs(inline.text)
            if paragraphs:
                return paragraphs
    return []


def message_header(root: etree._Element) -> tuple[str | None, str | None]:
    """A newsMessage header's sent time and priority, defaults for its items."""
    header = root.find("{*}header") if local(root) == "newsmessage" else None
    if header is None:
        return None, None
    return _t(header.find("{*}sent")), _t(header.find("{*}priority"))


READER = Reader(FORMAT, XML, units, convert, roots=ROOTS)
