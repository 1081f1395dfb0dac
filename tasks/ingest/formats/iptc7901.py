"""IPTC 7901 (dpa's international service and others): SOH, a header line (service, priority,
category, word count, source), a keyword line ending `/`, STX, one to four header lines ending
` =` (take keys, headline, byline), the body, ETX and a `DDHHMM GMT Mon YY` trailer.

dpa's notebook (`# dpa NOTEBOOK`), the block after "not for publication" and the desk sign-off
are not story text: the block goes to the editor's note. Service messages (`Impressum`) are
rejects, from the tables in `quirks`.
"""

from __future__ import annotations

import re

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats import wire as W
from tasks.ingest.formats.base import Item, Skip, Story, squash, urgency
from tasks.ingest.formats.reader import WIRE, Document, Reader, whole
from tasks.ingest.formats.text import decode_wire
from tasks.ingest.records import Delivered

FORMAT = "iptc7901"
MAX_HEADER_LINES = 4


def convert(unit: bytes, document: Document) -> Item:
    raw, encoding = decode_wire(unit)
    text = W.normalise_newlines(raw)
    stx, etx = text.find(W.STX), text.find(W.ETX)
    pre = text[: stx if stx >= 0 else len(text)].strip(W.SYN + W.SOH + "\n ")
    body = text[stx + 1 : etx if etx > stx else len(text)] if stx >= 0 else ""
    trailer = text[etx + 1 :] if etx >= 0 else ""
    lines = [ln.strip() for ln in pre.split("\n") if ln.strip()]
    m = W.IPTC_HEADER_RE.match(lines[0]) if lines else None
    slug = next((squash(ln[:-1]) for ln in lines[1:] if ln.endswith("/")), None)
    head, body = _header_block(body)
    headline = next(
        (h for h in head if not W.TAKE_KEY_RE.match(h) and not h.startswith("By ")), None
    )
    takes = [h for h in head if h != headline and not h.startswith("By ")]
    category = m["cat"] if m else None
    if (
        (slug or "").lower() in quirks.SERVICE_SLUGS
        or category in quirks.SERVICE_CATEGORIES
        or quirks.DPA_SERVICE_SLUG_RE.match(slug or "")
        or any(quirks.DPA_SERVICE_TAKE_RE.match(t) for t in takes)
    ):
        return Skip(
            Reason.SERVICE_MESSAGE,
            f"IPTC 7901 service message {slug or headline!r} (category {category})",
        )
    body, ednote = _cut_notes(body)
    paragraphs = quirks.strip_signoffs(_paragraphs(body))
    if not paragraphs:
        return Skip(Reason.NO_TEXT, f"IPTC 7901 item {slug or ''} without text".replace("  ", " "))
    rest = (m["rest"] if m else "").split()
    source = (
        rest[-2]  # "dpa", "dpa-spe" (dpa's sports data service)
        if len(rest) >= 2 and rest[-1].isdigit() and any(c.isalpha() for c in rest[-2])
        else None
    )
    delivered = Delivered(
        format=FORMAT,
        wire_id=m["id"] if m else None,
        headline=headline,
        byline=next((h for h in head if h.startswith("By ")), None),
        date=W.iptc_trailer_date(trailer),
        agency=source,
        slugline=slug,
        urgency=urgency(m["pri"]) if m else None,
        version=" ".join(takes) or None,
        ednote=ednote,
        subjects=(f"iptc7901-category:{category}",) if category else (),
    )
    return Story(delivered, tuple(paragraphs), encoding)


def _header_block(body: str) -> tuple[list[str], str]:
    """Header lines up to the first blank line, when the last of them ends with ` =`."""
    lines = body.lstrip("\n").split("\n")
    block: list[str] = []
    for line in lines[: MAX_HEADER_LINES + 1]:
        if not line.strip():
            break
        block.append(line.strip())
    if not block or not block[-1].endswith("="):
        return [], body
    rest = "\n".join(lines[len(block) :])
    return [squash(b.rstrip("= ")) or "" for b in block], rest


def _cut_notes(body: str) -> tuple[str, str | None]:
    """Cut the notebook and the not-for-publication block; the block is the editor's note."""
    ednote = None
    if nfp := W.NOT_FOR_PUBLICATION_RE.search(body):
        ednote = squash(re.sub(r"^#+ ", "", body[nfp.start() :], flags=re.MULTILINE))
        body = body[: nfp.start()]
    if nb := W.NOTEBOOK_RE.search(body):
        body = body[: nb.start()]
    return body, ednote


def _paragraphs(body: str) -> list[str]:
    """Blank lines and indented lines start paragraphs; hard-wrapped lines are joined."""
    out: list[str] = []
    current: list[str] = []
    for line in body.split("\n"):
        if (not line.strip() or line[:1] in (" ", "\t")) and current:
            out.append(squash(" ".join(current)) or "")
            current = []
        if line.strip():
            current.append(line)
    if current:
        out.append(squash(" ".join(current)) or "")
    return [p for p in out if p and p.strip("_ ")]


# No claims test: every control-character transmission ANPA (listed before) did not claim.
READER = Reader(FORMAT, WIRE, whole, convert)
