"""What a delivery file's bytes are before any reader looks: control-character wire, XML, JSON.

Each container knows its first bytes (`opens`) and how to open a file into documents: one per
transmission for wire (a file may hold several, each claimed on its own bytes), the one parsed
root for XML (hardened: `xmlsafe`), the one decoded value for JSON. A file that does not open
is one skip (malformed or unsafe), never an exception.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tasks.errors import InputRejected, Reason
from tasks.ingest.formats import wire as W
from tasks.ingest.formats.base import Skip
from tasks.ingest.formats.reader import JSON, WIRE, XML, Document
from tasks.ingest.formats.text import local
from tasks.ingest.formats.xmlsafe import parse_xml

SNIFF_BYTES = 4096
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# JSON that opens an object or a list of objects: '{"headline"', '[ {', '{}'.
_JSON_OPEN_RE = re.compile(rb"(?:\[\s*)?\{\s*(?:\"|\})")
# Matches the start of a document whose root is a registered one (built by the registry).
RootMatcher = Callable[[bytes], object]


@dataclass(frozen=True)
class Container:
    """One way delivery bytes are laid out, shared by every reader of that layout."""

    kind: str  # the discovery kind (InputFile.kind) of files in it
    # Does a head (BOM removed) open this container? `strict` is for names that promise prose.
    opens: Callable[[bytes, bool, RootMatcher], bool]
    documents: Callable[[bytes], list[Document] | Skip]
    # The document named in an unknown-format reject: "XML root <rss>".
    describe: Callable[[Document], str]


def without_bom(head: bytes) -> bytes:
    """The head after a byte-order mark; UTF-16 XML / JSON seen as its characters."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != _BOMS[0]:  # UTF-16: look at the characters, not the bytes
                head = head.replace(b"\x00", b"")
            break
    return head


def _wire_opens(head: bytes, strict: bool, known_root: RootMatcher) -> bool:
    return head.lstrip(b"\x16")[:1] == b"\x01" or head[:1] == b"\x16"


def _xml_opens(head: bytes, strict: bool, known_root: RootMatcher) -> bool:
    """Any `<` opens XML; under `strict` only a declaration, a DOCTYPE or a known root."""
    stripped = head.lstrip()
    if not stripped.startswith(b"<"):
        return False
    return not strict or stripped.startswith((b"<?xml", b"<!DOCTYPE")) or bool(known_root(stripped))


def _json_opens(head: bytes, strict: bool, known_root: RootMatcher) -> bool:
    """`{` or `[` opens JSON; under `strict` only an object or a list of objects."""
    stripped = head.lstrip()
    return stripped[:1] in (b"{", b"[") and (not strict or bool(_JSON_OPEN_RE.match(stripped)))


def _wire_documents(data: bytes) -> list[Document]:
    return [Document(t) for t in W.split_transmissions(data) or [data]]


def _xml_documents(data: bytes) -> list[Document] | Skip:
    try:
        root, encoding = parse_xml(data)
    except InputRejected as exc:
        return Skip(exc.reason, exc.detail)
    return [Document(root, encoding)]


def _json_documents(data: bytes) -> list[Document] | Skip:
    try:
        value, encoding = load_json(data)
    except RecursionError:
        return Skip(Reason.MALFORMED_JSON, "nested too deeply")
    except ValueError as exc:
        return Skip(Reason.MALFORMED_JSON, str(exc)[:200])
    return [Document(value, encoding)]


def load_json(data: bytes) -> tuple[Any, str]:
    """JSON is UTF-8 by spec (a BOM tolerated); raises ValueError / RecursionError."""
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", "replace"), "cp1252"
    return json.loads(text), encoding.replace("-sig", "")


# In sniffing order: control characters first, then markup, then JSON.
CONTAINERS = (
    Container(WIRE, _wire_opens, _wire_documents, lambda d: "wire transmission"),
    Container(XML, _xml_opens, _xml_documents, lambda d: f"XML root <{local(d.content) or '?'}>"),
    Container(JSON, _json_opens, _json_documents, lambda d: f"JSON {type(d.content).__name__}"),
)
