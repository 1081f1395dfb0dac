"""Raw bytes → clean text: pick an encoding, refuse binary, repair mojibake and entities.

Both functions are pure and cheap so they can run on every story. The rules are documented
in docs/rejects.md (`binary`, `undecodable`); the thresholds live here as named constants.
"""

from __future__ import annotations

import codecs
import html
import unicodedata

import ftfy

from tasks.errors import InputRejected, Reason

# Share of C0 control bytes (not \t \n \v \f \r) + DEL above which a non-UTF-16 input is binary.
# Random bytes sit near 11 %; a story with a few stray NULs sits far below 1 %.
BINARY_CONTROL_RATIO = 0.05
# Share of C1 controls (U+0080–U+009F) still present after a latin-1 decode and a mojibake repair
# above which the bytes are some other encoding (EBCDIC, Shift-JIS, ...): `undecodable`.
UNDECODABLE_C1_RATIO = 0.01
# UTF-16 without a BOM: in this many leading bytes, English text has a NUL in every other byte.
UTF16_SAMPLE_BYTES = 4096
UTF16_MIN_CHARS = 4
UTF16_NUL_SIDE_MIN = 0.4  # share of NULs on the "high byte" side
UTF16_NUL_OTHER_MAX = 0.05  # share of NULs allowed on the other side

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip stream"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (old MS Office) file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
_C1_BYTES = bytes(range(0x80, 0xA0))
_C1_DELETE = dict.fromkeys(range(0x80, 0xA0))


def _magic_kind(data: bytes) -> str | None:
    """Name of a well-known binary format the bytes start with (cheaper and surer than ratios)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media file"
    return None


def _control_ratio(data: bytes) -> float:
    """Share of control bytes; bytes.translate deletes at C speed, so the whole input is used."""
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _text_control_ratio(text: str) -> float:
    """Same measure on decoded text (for UTF-16/32, where the bytes are full of NULs)."""
    sample = text[:UTF16_SAMPLE_BYTES].encode("utf-8", "surrogatepass")
    return _control_ratio(sample) if sample else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL (Latin-script UTF-16), else None."""
    sample = data[:UTF16_SAMPLE_BYTES]
    half = len(sample) // 2
    if half < UTF16_MIN_CHARS:  # "abc\x00" is not two UTF-16 characters
        return None
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if odd >= UTF16_NUL_SIDE_MIN and even <= UTF16_NUL_OTHER_MAX:
        return "utf-16-le"
    if even >= UTF16_NUL_SIDE_MIN and odd <= UTF16_NUL_OTHER_MAX:
        return "utf-16-be"
    return None


def _checked_wide(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Decode a UTF-16/32 candidate strictly; None if it does not fit, binary if it is controls."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _text_control_ratio(text) > BINARY_CONTROL_RATIO:
        raise InputRejected(Reason.BINARY, f"decodes as {encoding} but is mostly control codes")
    return text, encoding


def _from_bom(data: bytes) -> tuple[str, str] | None:
    """A BOM declares the encoding; a UTF-16/32 BOM whose body does not decode is undecodable."""
    for bom, encoding in _BOMS:
        if not data.startswith(bom):
            continue
        if encoding == "utf-8-sig":  # invalid UTF-8 after a BOM: mixed copy, use the fallbacks
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
        found = _checked_wide(data[len(bom) :], encoding)
        if found is None:
            raise InputRejected(Reason.UNDECODABLE, f"has a {encoding} BOM but does not decode")
        return found
    return None


def _single_byte(data: bytes) -> tuple[str, str]:
    """cp1252 when 0x80–0x9F occur and all decode, else latin-1 unless it is another encoding."""
    if data.translate(None, _C1_BYTES) == data:
        return data.decode("latin-1"), "latin-1"  # identical in both; latin-1 is the honest name
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    # Mixed UTF-8 + stray latin-1 bytes lands here too; ftfy repairs those, so only C1 codes
    # that survive the repair mean "some other encoding" (EBCDIC, Shift-JIS, ...).
    repaired = ftfy.fix_encoding(text)
    c1 = len(repaired) - len(repaired.translate(_C1_DELETE))
    if repaired and c1 / len(repaired) > UNDECODABLE_C1_RATIO:
        raise InputRejected(Reason.UNDECODABLE, "not UTF-8/16, cp1252 or latin-1 text")
    return text, "latin-1"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name); raises InputRejected(BINARY | UNDECODABLE)."""
    if not data:
        return "", "utf-8"
    found = _from_bom(data)
    if found is not None:
        return found
    kind = _magic_kind(data)
    if kind is not None:
        raise InputRejected(Reason.BINARY, f"starts like a {kind}")
    wide = _utf16_without_bom(data)
    if wide is not None:
        found = _checked_wide(data, wide)
        if found is not None:
            return found
    ratio = _control_ratio(data)
    if ratio > BINARY_CONTROL_RATIO:
        raise InputRejected(
            Reason.BINARY, f"{ratio:.0%} control bytes (limit {BINARY_CONTROL_RATIO:.0%})"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _single_byte(data)


# --- clean_text -------------------------------------------------------------------------------

# Unescaping is repeated for "&amp;lt;"-style double escaping, but bounded: each round is O(n).
MAX_UNESCAPE_ROUNDS = 4
SENTENCE_SPLIT_CHARS = 400  # lines longer than this go to ftfy one sentence at a time
MAX_REPAIR_ROUNDS = 3  # ftfy + control pass, again only while the control pass changed something
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # done by _unescape, before ftfy, so "&Atilde;&copy;" gets repaired too
    uncurl_quotes=False,  # the quote parser wants the curly quotes as written
    fix_line_breaks=False,  # ours run first: line splits must not move between passes
    explain=False,
)
# Become "\n": they separate lines or pages. \x85 only after ftfy, which reads it as cp1252 "…".
_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_INVISIBLE = "\xad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, stray BOM


def _table(delete: str, to_newline: str = "", to_space: str = "") -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(map(ord, delete))
    table.update(dict.fromkeys(map(ord, to_newline), "\n"))
    table.update(dict.fromkeys(map(ord, to_space), " "))
    return table


_C0 = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f"
_C1 = "".join(chr(c) for c in range(0x80, 0xA0))
_SURROGATES = "".join(chr(c) for c in range(0xD800, 0xE000))  # json.loads lets lone ones in
# Before ftfy: C0 controls, invisibles and odd spaces, so ftfy sees "Ã©" in "Ã\x01©" or
# "\xa0Ã©"; C1 codes are kept because ftfy maps them to cp1252 (\x93 → “).
_PRE = _table(_C0 + _INVISIBLE, to_newline=_LINE_BREAKS.replace("\x85", ""), to_space=_SPACES)
_POST = _table(_C0 + _C1 + _INVISIBLE + _SURROGATES, to_newline=_LINE_BREAKS, to_space=_SPACES)
# UTF-8 mojibake, seen back through the code page that produced it, is a lead byte (0xC2–0xF4)
# followed by a continuation byte (0x80–0xBF); "Ã " is à whose 0xA0 became a plain space.
_BYTE_CLASS = bytes.maketrans(
    bytes(range(256)),
    bytes(
        b"L"[0] if 0xC2 <= b <= 0xF4 else b"C"[0] if 0x80 <= b <= 0xBF else b"."[0]
        for b in range(256)
    ),
)
_MOJIBAKE_CODECS = ("cp1252", "cp1251")  # Western and Cyrillic, the wire's two usual suspects
_NOT_C1_BYTES = bytes(b for b in range(256) if not 0x80 <= b <= 0x9F)


def _newlines(text: str) -> str:
    """\\r\\n and lone \\r → \\n, so later steps and the parser see one line-break convention."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _translate(text: str, table: dict[int, str | None]) -> str:
    """str.translate is slow on non-ASCII text; lines that are printable need no change."""
    if text.isascii():
        return text.translate(table)  # CPython has an ASCII fast path
    lines = text.split("\n")  # every character in the tables is non-printable
    if all(map(str.isprintable, lines)):
        return text
    return "\n".join(line if line.isprintable() else line.translate(table) for line in lines)


def _unescape(text: str) -> str:
    """HTML/SGML entities → characters; html.unescape maps &#3; to '' and &#0; to U+FFFD."""
    for _ in range(MAX_UNESCAPE_ROUNDS):
        if "&" not in text:
            break
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _needs_ftfy(line: str) -> bool:
    """Could ftfy change this line? A few C-speed scans instead of ftfy's ~200 µs regexes."""
    if line.isascii():
        return False
    if line.encode("latin-1", "ignore").translate(None, _NOT_C1_BYTES):
        return True  # C1 codes: cp1252 read as latin-1
    if max(line) >= "\ufb00" or not unicodedata.is_normalized("NFC", line):
        return True  # ligatures, full-width forms, decomposed accents
    for codec in _MOJIBAKE_CODECS:
        view = line.encode(codec, "replace")
        if b"LC" in view.translate(_BYTE_CLASS) or b"\xc3 " in view or b"\xc2 " in view:
            return True
    return False


def _fix(piece: str) -> str:
    return ftfy.fix_text_segment(piece, _FTFY) if _needs_ftfy(piece) else piece


def _fix_line(line: str) -> str:
    """ftfy's cost grows with the segment, and glued paragraphs make 3 KB lines: long lines are
    fixed sentence by sentence (no mojibake run contains ". ", it is all ASCII)."""
    if len(line) <= SENTENCE_SPLIT_CHARS or not _needs_ftfy(line):
        return _fix(line)
    return ". ".join(map(_fix, line.split(". ")))


def _repair(text: str) -> str:
    """ftfy, line by line, only on lines that could hold mojibake."""
    if not _needs_ftfy(text):
        return text
    return "\n".join(map(_fix_line, text.split("\n")))


def clean_text(text: str) -> str:
    """Decoded text → text the parser can trust: no mojibake, entities or control characters."""
    text = _translate(_newlines(text), _PRE)
    if "&" in text:
        text = _translate(_newlines(_unescape(text)), _PRE)  # &#13; / &#11; may add breaks
    for _ in range(MAX_REPAIR_ROUNDS):  # dropping a control can expose new mojibake
        repaired = _repair(text)
        cleaned = _translate(_newlines(repaired), _POST)
        if cleaned == repaired:
            break
        text = cleaned
    return cleaned
