"""decode_bytes picks the encoding (or rejects); clean_text repairs what the wire damaged."""

from __future__ import annotations

import codecs
import time

import pytest

from tasks.errors import InputRejected, Reason
from tasks.ingest.decode import clean_text, decode_bytes

STORY = "Springfield, May 4 (WCP): The “council” approved the café’s plan — at last."


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"", "", "utf-8"),
        (b"plain ascii", "plain ascii", "utf-8"),
        (STORY.encode(), STORY, "utf-8"),
        (codecs.BOM_UTF8 + STORY.encode(), STORY, "utf-8-sig"),  # BOM dropped
        (STORY.encode("utf-16"), STORY, "utf-16-le"),  # Python writes a LE BOM
        (codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"), STORY, "utf-16-be"),
        (STORY.encode("utf-32"), STORY, "utf-32-le"),  # its BOM starts like UTF-16-LE's
        (STORY.encode("utf-16-le"), STORY, "utf-16-le"),  # no BOM: NUL in every odd byte
        (STORY.encode("utf-16-be"), STORY, "utf-16-be"),  # no BOM: NUL in every even byte
        (STORY.encode("cp1252"), STORY, "cp1252"),  # “ ” ’ — live in 0x80–0x9F
        ("Zürich café".encode("latin-1"), "Zürich café", "latin-1"),  # no 0x80–0x9F byte
        # invalid UTF-8 with 0x81 (undefined in cp1252): latin-1; clean_text repairs the rest
        ("Hindi हिन्दी ".encode() + b"\xe9", "Hindi à¤¹à¤¿à¤¨à¥\x8dà¤¦à¥\x80 é", "latin-1"),
        (b"two stray \x00 NULs \x00 in a longer line of story text", None, "utf-8"),  # < 5 %
    ],
)
def test_decode_bytes(data: bytes, text: str | None, encoding: str) -> None:
    decoded, used = decode_bytes(data)
    assert used == encoding
    if text is not None:
        assert decoded == text


@pytest.mark.parametrize(
    ("data", "reason", "detail"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), Reason.BINARY, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", Reason.BINARY, "JPEG"),
        (b"%PDF-1.7\n", Reason.BINARY, "PDF"),
        (b"PK\x03\x04rest", Reason.BINARY, "ZIP"),
        (b"\x1f\x8b\x08\x00", Reason.BINARY, "gzip"),  # a .txt that is really a .txt.gz
        (bytes(range(256)) * 8, Reason.BINARY, "control bytes"),  # ~11 % controls
        (b"\x00" * 64, Reason.BINARY, "control bytes"),  # no text around the NULs
        (b"abc\x00", Reason.BINARY, "control bytes"),  # tiny input: 25 % NUL
        # UTF-16 BOM, then a lone high surrogate: declared encoding does not fit
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", Reason.UNDECODABLE, "BOM"),
        ("ニュース速報です。".encode("shift_jis") * 5, Reason.UNDECODABLE, "not UTF-8"),
        # every other byte NUL, but the "text" is control codes: binary, not UTF-16
        (b"\x01\x00\x02\x00" * 50, Reason.BINARY, "utf-16-le"),
    ],
)
def test_decode_bytes_rejects(data: bytes, reason: Reason, detail: str) -> None:
    with pytest.raises(InputRejected) as caught:
        decode_bytes(data)
    assert caught.value.reason == reason and detail in caught.value.detail


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("cafÃ©", "café"),  # UTF-8 read as cp1252
        ("itâ€™s", "it’s"),
        ("â€œquotedâ€\x9d", "“quoted”"),  # the closing quote's 0x9D survived as a C1 code
        ("\x93cp1252 read as latin-1\x94", "“cp1252 read as latin-1”"),
        ("&Atilde;&copy; escaped mojibake", "é escaped mojibake"),  # unescape, then repair
        ("“curly” ‘quotes’ stay", "“curly” ‘quotes’ stay"),  # uncurl_quotes=False
        ("dashes – — stay…", "dashes – — stay…"),
        ("&lt;TXN.N&gt; &amp; &#36;5 &#3;", "<TXN.N> & $5 "),  # &#3;: a control, dropped
        ("&amp;lt;double&amp;gt;", "<double>"),  # escaped twice by a CMS
        ("&#0;&#1;&#x85;", "\ufffd…"),  # html5 rules: NUL → U+FFFD, 0x85 → cp1252 "…"
        ("line&#13;&#10;break", "line\nbreak"),  # unescaped CRLF is normalised too
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\tstays\x00\x07\x1b[31m", "tab\tstays[31m"),  # controls go, text stays
        ("page\fbreak\vand\u2028sep", "page\nbreak\nand\nsep"),
        ("no\xa0break\u2009thin\u3000wide", "no break thin wide"),
        ("zero\u200bwidth\xadsoft\ufeff", "zerowidthsoft"),
        ("ﬁnancial ＡＢＣ", "financial ABC"),  # ligature and full-width forms
        ("e\u0301 decomposed", "é decomposed"),  # NFC
        ("lone \ud800 surrogate", "lone  surrogate"),  # legal in JSON, not in Parquet
        ("Ã\x01©", "é"),  # a control inside mojibake is dropped first
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert clean_text(clean) == clean


def test_clean_text_speed() -> None:
    """≫ 2,000 stories/s of 2.5 KB per core; the floor is loose for a shared, busy machine."""
    base = (STORY.replace("café’s", "cafe's") + " ") * 34  # ~2.5 KB, curly quotes + dashes
    stories = [base, base.replace("café", "cafÃ©", 1), base.encode().decode("ascii", "ignore")]
    stories += [base.replace("council", "José Zürich", 1), base + " &amp; &#3;"]
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for story in stories:
            clean_text(story)
        n += len(stories)
    rate = n / (time.perf_counter() - start)
    print(f"clean_text: {rate:,.0f} stories/s of {len(base)} chars")
    assert rate > 2_000
