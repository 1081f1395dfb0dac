"""Rebuild the small hostile fixtures in this folder: `python tests/hostile/make_fixtures.py`.

Every text here is self-written (no agency copy). Large hostile inputs (200 MB, 5 MB lines,
gzip bombs) are not stored: tests/ingest/test_hostile_inputs.py builds them in tmp_path.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORY = (
    " date 2021-05-04 Springfield, May 4 (WCP): The town council “approved” the new bridge"
    " on Tuesday — after a café owner’s petition.\n\nMayor Jo Smith said it was overdue. (WCP)\n"
)
SAFE = STORY.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-")
SAFE = SAFE.replace("é", "e")


def fixtures() -> dict[str, bytes]:
    """name → bytes; names are what the tests parametrize over."""
    gz = gzip.compress(STORY.encode())
    lines = [
        json.dumps({"id": "a1", "text": STORY, "date": "2021-05-04", "agency": "WCP"}),
        "",  # blank lines are not records but still count for the line number
        '{"id": "a2", "text": "unterminated',
        "   ",
        json.dumps({"id": 7, "text": "Second story.", "date": "2021-05-04T10:30:00Z"}),
    ]
    fields = [
        json.dumps({"text": 42}),
        json.dumps({"headline": "no text"}),
        json.dumps({"text": None}),
        json.dumps(["text", "in an array"]),
        json.dumps("just a string"),
        json.dumps({"text": ["a", "list"]}),
    ]
    hints = [
        json.dumps({"text": "Bad date is ignored.", "date": "2021-13-45", "id": {"x": 1}}),
        json.dumps({"text": "Odd agency.", "agency": "  AP\n", "date": 20210504}),
        json.dumps({"text": "ctl \u0000 and lone \ud800 surrogate", "id": "z"}),
    ]
    return {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\r\n  \xc2\xa0\n",  # includes a UTF-8 NBSP
        "entities_only.txt": b"&#3;\n&#3;\r\n",  # Reuters' end-of-text marker and nothing else
        "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)),
        "random.txt": b"R" + random.Random(7).randbytes(4096),
        "nul_inside.txt": SAFE.encode().replace(b"council", b"coun\x00cil", 1) + b"\x00",
        "utf16_bom.txt": STORY.encode("utf-16"),
        "utf16le_nobom.txt": STORY.encode("utf-16-le"),
        "utf16be_nobom.txt": STORY.encode("utf-16-be"),
        "utf16_bom_broken.txt": b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8",
        "utf8_bom.txt": b"\xef\xbb\xbf" + STORY.encode(),
        "cp1252.txt": STORY.encode("cp1252"),
        "latin1.txt": SAFE.replace("e owner", "é owner").encode("latin-1"),
        # UTF-8 read as cp1252 then saved as UTF-8 again, the classic double encoding
        "mojibake.txt": "Springfield (WCP): The cafÃ© ownerâ€™s petition â€” approved.".encode(),
        "entities.txt": b"CHICAGO, Feb 26 - &lt;TXN.N&gt; said profit rose &#36;5 &amp; more.\n"
        b"Reuter\n&#3;",
        "crlf.txt": SAFE.replace("\n", "\r\n").encode(),
        "shift_jis.txt": ("東京発 ニュース速報 " * 20).encode("shift_jis"),
        "story.txt.gz": gz,
        "two_members.txt.gz": gzip.compress(b"First half, ") + gzip.compress(b"second half."),
        "empty.txt.gz": gzip.compress(b""),
        "corrupt.txt.gz": b"\x1f\x8b\x08\x00" + b"this is not deflate data" * 4,
        "truncated.txt.gz": gz[: len(gz) // 2],
        "bad_crc.txt.gz": gz[:-8] + b"\x00\x00\x00\x00" + gz[-4:],
        "mixed.jsonl": ("\n".join(lines) + "\n").encode(),
        "bad_text_field.jsonl": ("\n".join(fields) + "\n").encode(),
        "hints.jsonl": "\n".join(hints).encode(),  # no trailing newline on the last line
        "bom_crlf.jsonl": b"\xef\xbb\xbf" + (b'{"text": "one"}\r\n{"text": "two"}\r\n'),
        "latin1_line.jsonl": '{"text": "Zürich café"}\n'.encode("latin-1"),
        # line 2 is raw bytes 0x00–0xFF without a newline: binary, the good line still counts
        "binary_line.jsonl": b'{"text": "ok"}\n' + bytes(b for b in range(256) if b != 10) + b"\n",
        **deliveries(),
    }


G2 = "http://iptc.org/std/nar/2006-10-01/"


def _g2_item(guid: str, cls: str, body: str = "") -> str:
    content = f"<contentSet><inlineXML><html><body>{body}</body></html></inlineXML></contentSet>"
    return (
        f'<newsItem guid="{guid}" version="1"><itemMeta><itemClass qcode="ninat:{cls}"/>'
        f"<firstCreated>2021-05-04T09:00:00Z</firstCreated></itemMeta>"
        f"<contentMeta><headline>Bridge approved</headline></contentMeta>{content}</newsItem>"
    )


def deliveries() -> dict[str, bytes]:
    """Agency delivery files: entity bombs, external entities, broken XML, multi-item files."""
    text = "<p>SPRINGFIELD (WCP) - The town council approved the new bridge.</p>"
    message = (
        f'<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="{G2}"><itemSet>'
        + _g2_item("a", "text", text)
        + _g2_item("b", "picture")
        + _g2_item("c", "text", text.replace("bridge", "tunnel"))
        + "</itemSet></newsMessage>"
    )
    anpa = (
        "\x16\x16\x01W1\x1fx\nr a\x13\x11 BC-Bridge     05-04 0040\n\x02^Bridge approved<\n"
        "\t   SPRINGFIELD (WCP) _ The council ``approved'' the bridge."
    )
    return {
        # billion laughs: nine levels of ten would be 10^9 copies if anything expanded them
        "bomb.xml": (
            '<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a0 "ha">'
            + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
            + "]><nitf><body><body.content><p>&a9;</p></body.content></body></nitf>"
        ).encode(),
        # external entity (XXE): would read a local file into the story
        "xxe.nitf": (
            b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<nitf><body><body.content><p>&x;</p></body.content></body></nitf>"
        ),
        "broken.xml": message[: len(message) // 2].encode(),  # cut mid-transfer
        "message.xml": message.encode(),  # three items: text, picture, text
        "anpa_truncated.tst": anpa.encode(),  # no ETX, no trailer, no EOT
        "rss.xml": b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>',
        # a ninjs search envelope in an extension-less file, one item cancelled
        "ninjs_feed": json.dumps(
            {
                "total": 2,
                "item": [
                    {"type": "text", "headline": "Bridge", "body_text": "The council met."},
                    {"type": "text", "pubstatus": "canceled", "body_text": "Withdrawn."},
                ],
            }
        ).encode(),
    }


if __name__ == "__main__":
    for name, data in fixtures().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
