"""Markup → plain paragraphs, and bytes → text for the control-character formats.

One walker serves NITF, XHTML inside NewsML, and the HTML strings of ninjs: block elements
become paragraphs, inline elements (`<person>`, `<Company>`, `<strong>`) give their text,
pictures, captions and editors' notes are not story text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree, html

from tasks.ingest.formats.base import squash, words
from tasks.ingest.patterns import BLANK_LINE_RE

# Elements that hold a paragraph (or several, for containers) of story text.
BLOCKS = words(
    "p pre h1 h2 h3 h4 h5 h6 hl1 hl2 li dt dd tr blockquote div block body body.content "
    "section article ul ol dl table tbody thead tfoot abstract"
)
# Elements whose text is never story text: media and their captions, notes, page furniture.
SKIPPED = words(
    "media figure figcaption img picture video audio object iframe script style head title "
    "note media-caption media-producer ed-msg byline dateline hedline aside"
)
# Table cells: inline, each one after a "; " so a row reads "FC Augsburg; -; Gladbach; 2:1".
CELLS = words("td th")
_CELL_SEP = "\x1f"  # a unit separator while walking, "; " in the paragraph
# Loose text beside paragraphs is story text only if it has a lower-case word; ANSA appends
# routing codes after the last paragraph: "51 77 03 CRO01 1113 APE4800 GEST GEST03".
_PROSE_RE = re.compile(r"[^\W\d_]*[a-zà-ÿ][^\W\d_]*")


def local(el: etree._Element) -> str:
    """Tag without namespace, lower-cased; "" for comments and processing instructions."""
    tag = el.tag
    return _local_name(tag) if isinstance(tag, str) else ""


@lru_cache(maxsize=1024)
def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def element_paragraphs(root: etree._Element) -> list[str]:
    """Paragraphs of a body element in document order, whitespace collapsed (pre kept)."""
    out: list[str] = []
    buf: list[str] = []
    _visit(root, out, buf)
    _flush(buf, out, False)  # a root that is not a block element (NewsML DataContent)
    return out


def _flush(buf: list[str], out: list[str], loose: bool) -> None:
    if not buf:
        return
    joined = "".join(buf)
    buf.clear()
    if _CELL_SEP in joined:  # a table row: cells joined by "; ", none before the first
        cells = (squash(c) for c in joined.split(_CELL_SEP))
        joined = "; ".join(c for c in cells if c)
    text = squash(joined)
    if text and (not loose or _PROSE_RE.search(text)):
        out.append(text)


def _visit(node: etree._Element, out: list[str], buf: list[str]) -> None:
    tag = local(node)
    if not tag or (tag in SKIPPED and not (tag == "figure" and _holds_table(node))):
        return  # a <figure> holding a <table> (dpa's tables) is text; other figures are not
    if tag == "pre":
        _flush(buf, out, False)
        out.extend(_pre_blocks("".join(node.itertext())))
        return
    if tag == "br":
        buf.append(" ")
        return
    if tag not in BLOCKS:
        if tag in CELLS:
            buf.append(_CELL_SEP)
        buf.append(node.text or "")
        for child in node:
            _visit(child, out, buf)
            buf.append(child.tail or "")
        return
    _flush(buf, out, False)
    own: list[str] = [node.text or ""]
    has_blocks = False
    for child in node:
        if local(child) in BLOCKS:
            _flush(own, out, True)  # text before a block child is loose
            has_blocks = True
            _visit(child, out, own)
            own.clear()
        else:
            _visit(child, out, own)
        own.append(child.tail or "")
    _flush(own, out, has_blocks)


def _holds_table(node: etree._Element) -> bool:
    return any(local(el) == "table" for el in node.iter())


def _pre_blocks(text: str) -> list[str]:
    """Preformatted text: line breaks kept, blank lines separate paragraphs."""
    blocks = BLANK_LINE_RE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [
        b
        for b in ("\n".join(ln.rstrip() for ln in blk.split("\n")).strip("\n") for blk in blocks)
        if b.strip()
    ]


def html_paragraphs(markup: str | None) -> list[str]:
    """Paragraphs of an HTML string (ninjs body_html, escaped HTML inside XML)."""
    if not markup or not markup.strip():
        return []
    if "<" not in markup:
        return [p for p in (squash(b) for b in re.split(r"\n\s*\n", markup)) if p]
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return [t for t in [squash(re.sub(r"<[^>]{0,200}>", " ", markup))] if t]
    return element_paragraphs(root)


def text_paragraphs(text: str | None) -> list[str]:
    """Plain text (ninjs body_text): blank lines separate paragraphs."""
    if not text:
        return []
    return [p for p in (squash(b) for b in re.split(r"\n\s*\n", text)) if p]


def decode_wire(data: bytes) -> tuple[str, str]:
    """ANPA / IPTC 7901 declare no charset: UTF-8 if it fits, else cp1252, else latin-1."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"
