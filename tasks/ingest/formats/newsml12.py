"""NewsML 1.2 (AFP, ANA-MPE): NewsEnvelope + NewsItems, each a tree of NewsComponents.

One NewsItem is one unit; its story is the first text ContentItem (an NITF fragment, XHTML or
plain text in DataContent). NewsLines give headline, byline, dateline, slug line and credit;
a NewsItem whose components are only photos or graphics is a `no_text` reject.
"""

from __future__ import annotations

from lxml import etree

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats.base import Item, Skip, Story, first, first_date, unique, urgency
from tasks.ingest.formats.reader import XML, Document, Reader
from tasks.ingest.formats.text import element_paragraphs, text_paragraphs
from tasks.ingest.records import Delivered

FORMAT = "newsml-1.2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WITHDRAWN = frozenset({"canceled", "cancelled", "withheld"})


def units(document: Document) -> list[etree._Element]:
    return document.content.findall("{*}NewsItem")


def _t(el: etree._Element | None) -> str | None:
    return first("".join(el.itertext())) if el is not None else None


def _formal(el: etree._Element | None) -> str | None:
    return first(el.get("FormalName")) if el is not None else None


def envelope(root: etree._Element) -> tuple[str | None, str | None]:
    env = root.find("{*}NewsEnvelope")
    if env is None:
        return None, None
    return _t(env.find("{*}DateAndTime")), _formal(env.find("{*}Priority"))


def convert(item: etree._Element, document: Document) -> Item:
    sent, priority = envelope(document.content)  # defaults for the envelope's items
    ident = item.find(".//{*}NewsIdentifier")
    wire_id = _t(ident.find("{*}PublicIdentifier")) if ident is not None else None
    mgmt = item.find("{*}NewsManagement")
    status = (_formal(mgmt.find("{*}Status")) or "").lower() if mgmt is not None else ""
    if status in _WITHDRAWN:
        return Skip(Reason.CANCELLED, f"NewsML status {status} ({wire_id})")
    paragraphs, media = _text_content(item)
    paragraphs = quirks.strip_signoffs([p for p in paragraphs if p.strip("_ ")])
    if not paragraphs:
        kinds = ", ".join(sorted(media)) or "no content"
        return Skip(
            Reason.NO_TEXT, f"NewsML item {wire_id or ''} without text ({kinds})".replace("  ", " ")
        )
    lines = item.find(".//{*}NewsLines")

    def nl(tag: str) -> str | None:
        return _t(lines.find("{*}" + tag)) if lines is not None else None

    def mg(tag: str) -> str | None:
        return _t(mgmt.find("{*}" + tag)) if mgmt is not None else None

    language = item.find(".//{*}DescriptiveMetadata/{*}Language")
    party = item.find(".//{*}AdministrativeMetadata/{*}Provider/{*}Party")
    delivered = Delivered(
        format=FORMAT,
        wire_id=wire_id,
        headline=nl("HeadLine"),
        byline=nl("ByLine"),
        dateline=nl("DateLine"),
        date=first_date(
            mg("FirstCreated"),
            _t(ident.find("{*}DateId")) if ident is not None else None,
            mg("ThisRevisionCreated"),
            sent,
        ),
        agency=first(
            _formal(party), _t(ident.find("{*}ProviderId")) if ident is not None else None
        ),
        credit=nl("CreditLine"),
        slugline=first(nl("SlugLine"), _t(item.find(".//{*}NameLabel"))),
        urgency=urgency(_formal(mgmt.find("{*}Urgency")) if mgmt is not None else None)
        or urgency(priority),
        version=_t(ident.find("{*}RevisionId")) if ident is not None else None,
        ednote=None,
        language=first(_formal(language), item.get(_XML_LANG)),
        subjects=unique(_formal(s) for code in item.iter("{*}SubjectCode") for s in code),
    )
    return Story(delivered, tuple(paragraphs), document.encoding)


def _text_content(item: etree._Element) -> tuple[list[str], set[str]]:
    """Paragraphs of the first text ContentItem, and the media types seen (for the detail)."""
    media: set[str] = set()
    for content in item.iter("{*}ContentItem"):
        kind = (_formal(content.find("{*}MediaType")) or "text").lower()
        media.add(kind)
        data = content.find("{*}DataContent")
        if kind != "text" or data is None:
            continue
        body = data.find(".//{*}body.content")
        if body is None:
            body = data.find(".//{*}body")
        if body is not None or len(data):
            paragraphs = element_paragraphs(body if body is not None else data)
        else:
            paragraphs = text_paragraphs(data.text)
        if paragraphs:
            return paragraphs, media
    return [], media


READER = Reader(FORMAT, XML, units, convert, roots=("NewsML",))
