"""Hardened XML: decode by the declaration (verified), refuse entity declarations, parse
with entity resolution, DTD loading and the network off.

Entity expansion bombs ("billion laughs") and external entities (XXE) both need a DOCTYPE
that declares entities: such a document is `unsafe_xml` and never parsed further. lxml's own
limits (huge_tree=False) bound depth and text size; anything that does not parse is
`malformed_xml`. A DOCTYPE without entities (NITF's `<!DOCTYPE nitf SYSTEM "nitf.dtd">`) is
fine: the DTD is never fetched.
"""

from __future__ import annotations

import codecs
import html.entities
import re

from defusedxml import ElementTree as defused
from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
from lxml import etree

from tasks.errors import InputRejected, Reason

# The declared charset: <?xml version="1.0" encoding="iso-8859-1"?>
_DECL_RE = re.compile(rb"\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")
# An undefined named entity lxml stops at: "Entity 'nbsp' not defined"
_UNDEFINED_ENTITY_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_LATIN = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "cp1252", "windows-1252", "us-ascii"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    encoding="utf-8",  # we hand lxml UTF-8 bytes we decoded and verified ourselves
)


def decode_xml(data: bytes) -> tuple[str, str]:
    """(text, encoding used): a BOM, else the declaration verified, else UTF-8, else cp1252.

    A declaration can lie: "iso-8859-1" over UTF-8 bytes is read as UTF-8 (valid multi-byte
    UTF-8 is never an accident in latin-1 text), and "utf-8" over latin-1 bytes falls back.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                detail = f"{encoding} byte-order mark but the bytes do not decode"
                raise InputRejected(Reason.MALFORMED_XML, detail) from None
    m = _DECL_RE.match(data[:300])
    declared = m.group(1).decode("ascii").lower().replace("_", "-") if m else "utf-8"
    if data.isascii():
        return data.decode("ascii"), declared if _known(declared) else "utf-8"
    order = ["utf-8", "cp1252", "latin-1"]
    if declared not in _LATIN and declared not in ("utf-8", "utf8") and _known(declared):
        order.insert(0, declared)  # a real multi-byte or national charset: trust, then verify
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and declared in _LATIN:
            encoding = declared if declared != "us-ascii" else encoding
        return text, encoding
    return data.decode("latin-1"), "latin-1"


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def check_prolog(text: str) -> None:
    """Refuse entity declarations before lxml sees them: defusedxml reads the DOCTYPE alone."""
    start = text.find("<!DOCTYPE", 0, 4096)
    if start < 0:
        return
    prolog = text[: _root_start(text, start)]
    try:
        defused.fromstring(_without_declaration(prolog) + "<_/>")
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        detail = f"{type(exc).__name__}: declares entities; not parsed"
        raise InputRejected(Reason.UNSAFE_XML, detail) from None
    except defused.ParseError:
        pass  # a broken DOCTYPE: lxml reports it as malformed below


def _root_start(text: str, doctype: int) -> int:
    """End of the DOCTYPE: its internal subset [...] may hold '>' characters."""
    bracket, close = text.find("[", doctype), text.find(">", doctype)
    if 0 <= bracket < close:
        end = text.find("]>", bracket)
        return len(text) if end < 0 else end + 2
    return close + 1 if close >= 0 else len(text)


def parse_xml(data: bytes) -> tuple[etree._Element, str]:
    """Root element and the encoding used; InputRejected(UNSAFE_XML | MALFORMED_XML)."""
    text, encoding = decode_xml(data)
    text = text.lstrip("\ufeff")
    check_prolog(text)
    body = _without_declaration(text).encode("utf-8")
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        if "not defined" not in str(exc):
            raise InputRejected(Reason.MALFORMED_XML, _syntax_detail(exc)) from None
        try:  # HTML entities (&nbsp;) without a DTD: numeric references mean the same
            root = etree.fromstring(_numeric_entities(body.decode("utf-8")).encode(), _PARSER)
        except etree.XMLSyntaxError as again:
            raise InputRejected(Reason.MALFORMED_XML, _syntax_detail(again)) from None
    if root is None:
        raise InputRejected(Reason.MALFORMED_XML, "no root element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputRejected(Reason.UNSAFE_XML, "declares entities; not used")
    return root, encoding


def _without_declaration(text: str) -> str:
    """Drop `<?xml ... encoding=...?>`: the text is Unicode now, whatever it declared."""
    if text.startswith("<?xml"):
        end = text.find("?>")
        return text[end + 2 :] if end >= 0 else text
    return text


def _numeric_entities(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in ("amp", "lt", "gt", "quot", "apos") or name not in html.entities.name2codepoint:
            return m.group(0)
        return f"&#{html.entities.name2codepoint[name]};"

    return _UNDEFINED_ENTITY_RE.sub(repl, text)


def _syntax_detail(exc: etree.XMLSyntaxError) -> str:
    msg = str(exc.msg if hasattr(exc, "msg") else exc).strip()
    return f"does not parse: {msg}"
