"""ANPA-1312 (AP and others): SYN SYN SOH header, STX, `^` header lines, tab-indented body,
ETX, trailer `AP-WF-11-13-13 1509GMT`, EOT.

The header never reaches the headline or the body. AP's ASCII conventions are turned into
what they mean (`` ``quotes'' `` → “quotes”, ` _ ` → ` — `) so quote and dateline parsing
work; agate tables keep one row per paragraph, `{` read as ½ and space bands as spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tasks.errors import Reason
from tasks.ingest.formats import quirks
from tasks.ingest.formats import wire as W
from tasks.ingest.formats.base import Item, Skip, Story, squash
from tasks.ingest.formats.reader import WIRE, Document, Reader, whole
from tasks.ingest.formats.text import decode_wire
from tasks.ingest.records import Delivered

FORMAT = "anpa"
# ANPA priority letters → urgency 1..9 (flash, bulletin, urgent, regular, deferred, advance).
PRIORITY = {"f": 1, "b": 2, "u": 3, "r": 4, "s": 5, "d": 6, "a": 6}
_AGATE, _SPACE_BAND = "\x08", "\x10"
_TABLE_SPACES = str.maketrans({"\x10": " ", "\x1e": " ", "\x1f": " ", "{": "½"})


def sniff(head: bytes) -> bool:
    """ANPA has a format code (DC3 DC1 / DC4 DC2) in its header, or `^` header lines."""
    window = head[:600]
    return head.lstrip(b"\x16")[:1] == b"\x01" and (
        b"\x13\x11" in window or b"\x14\x12" in window or b"\x02^" in window
    )


@dataclass
class _Header:
    slugline: str | None = None
    headline: str | None = None
    byline: str | None = None
    title: str | None = None
    ednotes: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # header lines that are story text


def convert(unit: bytes, document: Document) -> Item:
    raw, encoding = decode_wire(unit)
    text = W.normalise_newlines(raw)
    stx, etx = text.find(W.STX), text.find(W.ETX)
    header = text[: stx if stx >= 0 else 0]
    body = text[stx + 1 : etx if etx > stx else len(text)] if stx >= 0 else ""
    trailer = text[etx + 1 :] if etx >= 0 else ""
    m = W.ANPA_HEADER_RE.search(header)
    if stx < 0 and m is not None:  # no STX: whatever follows the header line is the text
        body = text[header.find("\n", m.end()) + 1 :] if "\n" in text[m.end() :] else ""
    hdr, paragraphs = _read_body(body)
    if not paragraphs and hdr.extra:
        paragraphs, hdr.extra = hdr.extra, []  # a list of headlines only (anpa-4)
    paragraphs = hdr.extra + paragraphs
    paragraphs = quirks.strip_signoffs([p for p in paragraphs if p.strip("_ ")])
    seq = header.lstrip(W.SYN + W.SOH).split("\n", 1)[0]
    wire_id = squash(seq.split("\x1f")[0].strip(W.SYN + W.SOH))
    if not paragraphs:
        return Skip(
            Reason.NO_TEXT, f"ANPA transmission {wire_id or ''} without text".replace("  ", " ")
        )
    tm = W.ANPA_TRAILER_RE.search(trailer)
    delivered = Delivered(
        format=FORMAT,
        wire_id=wire_id,
        headline=_marks(hdr.headline),
        byline=hdr.byline,
        byline_title=hdr.title,
        date=W.safe_date(W.two_digit_year(tm["y"]), int(tm["m"]), int(tm["d"])) if tm else None,
        agency=tm["agency"] if tm else None,
        slugline=hdr.slugline or (m["slug"] if m else None),
        urgency=PRIORITY.get(m["pri"]) if m else None,
        version=squash(m["take"]) if m else None,
        ednote="\n".join(hdr.ednotes) or None,
        subjects=(f"anpa-category:{m['cat']}",) if m else (),
    )
    return Story(delivered, tuple(paragraphs), encoding)


def _marks(text: str | None) -> str | None:
    """AP's ASCII quotes and underscore dash → the characters they stand for."""
    if not text:
        return text
    for ascii_mark, real in quirks.ANPA_QUOTES:
        text = text.replace(ascii_mark, real)
    return quirks.ANPA_DASH_RE.sub("—", text)


def _read_body(body: str) -> tuple[_Header, list[str]]:
    """Header lines (`^…<`) until the first body line, then paragraphs and in-body subheads."""
    hdr = _Header()
    paragraphs: list[str] = []
    current: list[str] = []
    started = False

    def flush() -> None:
        if current:
            if para := squash(" ".join(current)):
                paragraphs.append(para)
            current.clear()

    for line in body.split("\n"):
        agate = line.startswith(_AGATE)
        line = line.lstrip(_AGATE)
        if line.startswith("^"):
            for piece in filter(None, (squash(_end(p)) for p in line.split("^"))):
                if started or agate:
                    flush()
                    paragraphs.append(_agate(piece) if agate else _marks(piece) or "")
                    started = started or agate
                else:
                    _header_line(hdr, piece)
            continue
        content = _end(line)
        if agate:
            flush()
            started = True
            if row := squash(_agate(content)):
                paragraphs.append(row)
        elif line[:1] in ("\t", " ") or not current:
            flush()
            started = started or bool(content.strip())
            current.append(_marks(content.replace(_SPACE_BAND, " ")) or "")
        else:  # a hard-wrapped continuation line
            current.append(_marks(content) or "")
    flush()
    return hdr, [p for p in paragraphs if p and p != "END"]


def _end(line: str) -> str:
    """Strip ANPA line-end marks: `<` (end of line in tabular copy) and `=` (header lines)."""
    return line.rstrip().rstrip("<=").rstrip()


def _agate(text: str) -> str:
    return " ".join(text.translate(_TABLE_SPACES).split())


def _header_line(hdr: _Header, line: str) -> None:
    if hdr.slugline is None and hdr.headline is None and (k := W.ANPA_KEYWORD_LINE_RE.match(line)):
        hdr.slugline = squash(k["slug"])
    elif W.ANPA_ROUTING_RE.match(line) or W.MEDIA_LINE_RE.match(line) or line == "END":
        return
    elif W.EDNOTE_RE.match(line):
        hdr.ednotes.append(line)
    elif line.startswith("By ") and hdr.byline is None:
        hdr.byline = line
    elif (
        hdr.byline is not None
        and hdr.title is None
        and not hdr.extra
        and W.BYLINE_TITLE_RE.match(line)
    ):
        hdr.title = line
    elif hdr.headline is None and hdr.byline is None:
        hdr.headline = line
    else:
        hdr.extra.append(_marks(line) or line)


READER = Reader(FORMAT, WIRE, whole, convert, claims=lambda document: sniff(document.content))
