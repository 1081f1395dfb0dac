"""Which format a file is, how many items it holds, and its items: one place for all three.

`sniff` looks at the first bytes only (content, never the name): SYN/SOH → ANPA-1312 or
IPTC 7901, `<` after an optional BOM / XML declaration → XML (dispatched on the root element),
`{` or `[` → ninjs, anything else is plain prose for the text path. `count_items` and
`read_items` share `_units`, so discovery's count and reading always agree (the accounting
invariant): a file that cannot be split is one unit, which reads as one reject.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

from tasks.errors import InputRejected, Reason
from tasks.ingest.formats import anpa, iptc7901, newsml12, newsml_g2, ninjs, nitf, ritzau
from tasks.ingest.formats import wire as W
from tasks.ingest.formats.base import Item, Skip
from tasks.ingest.formats.text import local
from tasks.ingest.formats.xmlsafe import parse_xml

SNIFF_BYTES = 4096
WIRE, XML, JSON = "wire", "xml", "ninjs"  # discovery kinds for delivery files
KINDS = (WIRE, XML, JSON)
XML_READERS: tuple[ModuleType, ...] = (nitf, newsml_g2, newsml12, ritzau)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# A known news root element at the start: "<nitf", "<newsMessage xmlns=", "<NewsML Version=".
_KNOWN_ROOT_RE = re.compile(
    rb"<(?:nitf|newsItem|packageItem|newsMessage|NewsML|RBNews|XMLNewsQueuedResponse)[\s>/]", re.I
)
# JSON that opens an object or a list of objects: '{"headline"', '[ {', '{}'.
_JSON_OPEN_RE = re.compile(rb"(?:\[\s*)?\{\s*(?:\"|\})")


def sniff(head: bytes, strict: bool = False) -> str | None:
    """The delivery kind of a file from its first bytes, or None for plain prose.

    `strict` is for names that promise prose (`.txt`): there only a control-character header,
    an XML declaration or a known root, or JSON that opens an object, count as a delivery, so
    a story that happens to start with "<" or "[" keeps the text path.
    """
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != _BOMS[0]:  # UTF-16 XML / JSON: look at the characters, not the bytes
                head = head.replace(b"\x00", b"")
            break
    if head.lstrip(b"\x16")[:1] == b"\x01" or head[:1] == b"\x16":
        return WIRE
    stripped = head.lstrip()
    if stripped.startswith(b"<"):
        if not strict or stripped.startswith((b"<?xml", b"<!DOCTYPE")):
            return XML
        return XML if _KNOWN_ROOT_RE.match(stripped) else None
    if stripped[:1] in (b"{", b"[") and (not strict or _JSON_OPEN_RE.match(stripped)):
        return JSON
    return None


def _units(kind: str, data: bytes) -> tuple[list[Any], Callable[[Any], Item]]:
    """The file's units in document order and the converter for one unit."""
    if kind == WIRE:
        return W.split_transmissions(data) or [data], _convert_wire
    if kind == JSON:
        return _json_units(data)
    return _xml_units(data)


def _convert_wire(unit: bytes) -> Item:
    return anpa.convert(unit) if anpa.sniff(unit) else iptc7901.convert(unit)


def _json_units(data: bytes) -> tuple[list[Any], Callable[[Any], Item]]:
    try:
        obj, encoding = ninjs.load(data)
    except RecursionError:
        return [Skip(Reason.MALFORMED_JSON, "nested too deeply")], _identity
    except ValueError as exc:
        return [Skip(Reason.MALFORMED_JSON, str(exc)[:200])], _identity
    return ninjs.units(obj), lambda unit: ninjs.convert(unit, encoding)


def _xml_units(data: bytes) -> tuple[list[Any], Callable[[Any], Item]]:
    try:
        root, encoding = parse_xml(data)
    except InputRejected as exc:
        return [Skip(exc.reason, exc.detail)], _identity
    name = local(root)
    if name in newsml_g2.ROOTS:
        sent, priority = newsml_g2.message_header(root)
        return newsml_g2.units(root), lambda u: newsml_g2.convert(u, encoding, sent, priority)
    if name in newsml12.ROOTS:
        sent, priority = newsml12.envelope(root)
        return newsml12.units(root), lambda u: newsml12.convert(u, encoding, sent, priority)
    if name in nitf.ROOTS:
        return nitf.units(root), lambda u: nitf.convert(u, encoding)
    if name in ritzau.ROOTS:  # an agency's own XML, beside the IPTC formats
        return ritzau.units(root), lambda u: ritzau.convert(u, encoding)
    known = "nitf, newsItem, packageItem, newsMessage, NewsML, RBNews"
    detail = f"XML root <{name or '?'}> is none of {known}"
    return [Skip(Reason.UNKNOWN_FORMAT, detail)], _identity


def _identity(item: Item) -> Item:
    return item


def count_items(kind: str, data: bytes) -> int:
    """How many items the file holds; at least 1 (an unreadable file is one reject)."""
    units, _ = _units(kind, data)
    return max(1, len(units))


def read_items(kind: str, data: bytes) -> list[Item]:
    """Every unit of the file as a story or a skip, in document order (index = position)."""
    units, convert = _units(kind, data)
    if not units:
        return [Skip(Reason.NO_TEXT, "no items in the file")]
    return [convert(u) for u in units]
