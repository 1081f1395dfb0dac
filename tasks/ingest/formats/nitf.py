"""NITF 3.x (AAP, AP, PA, IPTC samples): one `<nitf>` document is one item.

head/title, docdata (doc-id, urgency, date.issue, ed-msg, management-status), body.head
(hedline/hl1, byline with byttl, dateline/location/city, abstract), body.content paragraphs,
body.end tagline. Agency variants (AAP desk prefixes and sign-offs, AP slug-line `hl1`) come
from `quirks`.
"""

from __future__ import annotations

from lxml import etree

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats.base import Item, Skip, Story, first, first_date, squash, unique, urgency
from tasks.ingest.formats.reader import XML, Document, Reader, whole
from tasks.ingest.formats.text import element_paragraphs, local
from tasks.ingest.records import Delivered

FORMAT = "nitf"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WITHDRAWN = frozenset({"canceled", "cancelled", "withheld"})


def _text(el: etree._Element | None, skip: frozenset[str] = frozenset()) -> str | None:
    if el is None:
        return None
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if local(node) in skip:
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    return squash("".join(parts))


def _attr(el: etree._Element | None, name: str) -> str | None:
    return squash(el.get(name)) if el is not None else None


def convert(root: etree._Element, document: Document) -> Item:
    head = root.find("{*}head")
    docdata = head.find("{*}docdata") if head is not None else None
    status = (_attr(docdata, "management-status") or "").lower()
    if status in _WITHDRAWN and not _attr(docdata, "management-doc-idref"):
        return Skip(Reason.CANCELLED, f"NITF management-status {status}")
    body = root.find("{*}body")
    bhead = body.find("{*}body.head") if body is not None else None
    content = body.find("{*}body.content") if body is not None else None
    paragraphs = element_paragraphs(content) if content is not None else []
    end = body.find("{*}body.end") if body is not None else None
    if end is not None and paragraphs:
        paragraphs += [p for t in end.iter("{*}tagline") if (p := _text(t))]
    meta = {
        m.get("name"): squash(m.get("content"))
        for m in (head if head is not None else [])
        if local(m) == "meta"
    }
    hl1 = _text(bhead.find("{*}hedline/{*}hl1")) if bhead is not None else None
    title = _text(head.find("{*}title")) if head is not None else None
    slug_hl = next((h for h in (hl1, title) if h and quirks.ANPA_KEYWORD_RE.match(h)), None)
    headline = next((h for h in (hl1, title) if h and not quirks.ANPA_KEYWORD_RE.match(h)), None)
    slugline = first(slug_hl, meta.get("anpa-keyword"), _attr(_find(docdata, "du-key"), "key"))
    paragraphs = [p for p in paragraphs if p != slugline and p != slug_hl]
    paragraphs = quirks.strip_signoffs([p for p in paragraphs if p.strip("_ ")])
    if not paragraphs:
        return Skip(
            Reason.NO_TEXT, "NITF item without body text" + ("" if headline else " or headline")
        )
    byline_el = bhead.find("{*}byline") if bhead is not None else None
    dateline_el = bhead.find("{*}dateline") if bhead is not None else None
    delivered = Delivered(
        format=FORMAT,
        wire_id=_attr(_find(docdata, "doc-id"), "id-string"),
        headline=quirks.strip_desk_prefix(headline),
        byline=_text(byline_el, frozenset({"byttl"})),
        byline_title=_text(byline_el.find("{*}byttl")) if byline_el is not None else None,
        dateline=_text(dateline_el),
        dateline_city=_text(dateline_el.find(".//{*}city")) if dateline_el is not None else None,
        dateline_region=_region(dateline_el),
        date=first_date(
            _attr(_find(docdata, "date.issue"), "norm"),
            _attr(_find(docdata, "date.release"), "norm"),
            _attr(_find(head, "pubdata"), "date.publication"),
        ),
        agency=first(
            _attr(_find(docdata, "doc-id"), "regsrc"),
            _first_source(docdata),
            _text(bhead.find("{*}distributor")) if bhead is not None else None,
            _attr(_find(docdata, "doc.copyright"), "holder"),
        ),
        slugline=slugline,
        urgency=urgency(_attr(_find(docdata, "urgency"), "ed-urg")),
        version=meta.get("anpa-takekey"),
        ednote=_ednote(docdata, bhead),
        language=first(
            root.get(_XML_LANG), content.get(_XML_LANG) if content is not None else None
        ),
        subjects=unique(
            s.get("tobject.subject.refnum")
            for s in (head.iter("{*}tobject.subject") if head is not None else ())
        ),
    )
    return Story(delivered, tuple(paragraphs), document.encoding)


def _find(parent: etree._Element | None, tag: str) -> etree._Element | None:
    return parent.find("{*}" + tag) if parent is not None else None


def _region(dateline: etree._Element | None) -> str | None:
    if dateline is None:
        return None
    return first(*(_text(dateline.find(f".//{{*}}{t}")) for t in ("state", "region", "country")))


def _first_source(docdata: etree._Element | None) -> str | None:
    """The originating source of the delivery list (level 1): "PA", "iptc.org"."""
    if docdata is None:
        return None
    sources = sorted(
        docdata.iter("{*}from-src"), key=lambda s: (s.get("level-number") or "9").strip()
    )
    return _attr(sources[0], "src-name") if sources else None


def _ednote(docdata: etree._Element | None, bhead: etree._Element | None) -> str | None:
    notes = [_attr(m, "info") for m in (docdata.iter("{*}ed-msg") if docdata is not None else ())]
    if bhead is not None:
        notes += [_text(n) for n in bhead.iter("{*}note")]
    return "\n".join(unique(notes)) or None


READER = Reader(FORMAT, XML, whole, convert, roots=("nitf",))
