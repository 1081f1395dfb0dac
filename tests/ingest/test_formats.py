"""Agency delivery formats read from the real samples in ../shared/corpus/wire-formats/.

Expectations live in tests/ingest/wire_formats_expected.json, written by reading each file; the same
table feeds bench/formats.py. Hostile and synthetic cases are built inline, one per row.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tasks.errors import InputRejected, Reason
from tasks.ingest.discovery import discover_inputs
from tasks.ingest.formats import registry
from tasks.ingest.formats.base import Skip, Story
from tasks.ingest.records import RawRecord, RejectRecord
from tasks.ingest.sources import read_records
from tasks.parse.story import parse_story
from tests.conftest import ROOT, require_corpus

GOLDEN = json.loads((ROOT / "tests" / "ingest" / "wire_formats_expected.json").read_text())
GOLDEN.pop("_doc")
DPA = json.loads((ROOT / "tests" / "ingest" / "wire_formats_dpa_expected.json").read_text())
DPA.pop("_doc")
FIELDS = ("format", "headline", "byline", "dateline_city", "date", "agency")
# Scored where an expectation gives them (the dpa table does).
OPTIONAL = ("kicker", "teaser", "agency_credit", "version")


def _outcomes(folder: Path) -> dict[str, list[dict]]:
    """Every item of every file: the scored fields of its story, or its reject reason."""
    found = discover_inputs(str(folder))
    out: dict[str, list[dict]] = {}
    for inp in found.inputs:
        rows = out.setdefault(inp.source_path, [])
        for rec in read_records(inp):
            if isinstance(rec, RejectRecord):
                rows.append({"reject": rec.reason, "index": rec.source_index})
                continue
            try:
                story = parse_story(rec.text, header_date=rec.header_date, delivered=rec.delivered)
            except InputRejected as exc:
                rows.append({"reject": str(exc.reason), "index": rec.source_index})
                continue
            row = {f: getattr(story, f) for f in (*FIELDS, *OPTIONAL)}
            row["date"] = row["date"].isoformat() if row["date"] else None
            rows.append({**row, "index": rec.source_index, "story": story})
    return out


@pytest.fixture(scope="module")
def outcomes() -> dict[str, list[dict]]:
    return _outcomes(require_corpus("wire-formats"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_items_match_the_expectations(outcomes: dict, name: str) -> None:
    got = outcomes[name]
    assert [g["index"] for g in got] == list(range(len(GOLDEN[name])))
    for want, have in zip(GOLDEN[name], got, strict=True):
        # a reject's format is for the bench; lede_starts is checked on the lede
        keys = ["reject"] if "reject" in want else [k for k in want if k != "lede_starts"]
        assert {k: have.get(k) for k in keys} == {k: want[k] for k in keys}, name
        if "lede_starts" in want:
            assert have["story"].lede.startswith(want["lede_starts"]), name


@pytest.fixture(scope="module")
def dpa_outcomes() -> dict[str, list[dict]]:
    return _outcomes(require_corpus("wire-formats-dpa"))


@pytest.mark.parametrize("name", sorted(DPA))
def test_dpa_samples_match_the_expectations(dpa_outcomes: dict, name: str) -> None:
    # digitalwires and dpa's IPTC 7901 rendering: stories, or rejects with the README's reason
    got = dpa_outcomes[name]
    assert [g["index"] for g in got] == list(range(len(DPA[name])))
    for want, have in zip(DPA[name], got, strict=True):
        keys = ["reject"] if "reject" in want else [k for k in want if k != "lede_starts"]
        assert {k: have.get(k) for k in keys} == {k: want[k] for k in keys}, name
        if "lede_starts" in want:
            assert have["story"].lede.startswith(want["lede_starts"]), name


def test_every_dpa_sample_file_is_an_input_and_accounted(dpa_outcomes: dict) -> None:
    assert set(dpa_outcomes) == set(DPA)  # .iptc files are inputs, README.md is not


def test_every_sample_file_is_an_input_and_accounted(outcomes: dict) -> None:
    # README.md and .gitattributes are not inputs; extension-less Reuters files are
    assert set(outcomes) == set(GOLDEN)


@pytest.mark.parametrize(
    "name,leak",
    [
        ("anpa-1.tst", "BC-LT"),  # the ANPA header never reaches the text
        ("anpa-1.tst", "AP-WF"),  # nor the trailer
        ("anpa-1.tst", "``"),  # AP's ASCII quotes became real quotes
        ("anpa-1.tst", " _ "),  # and its underscore dash a dash
        ("IPTC7901.txt", "eca062"),  # the IPTC 7901 header
        ("IPTC7901.txt", "not for publication"),  # dpa's editorial block
        ("IPTC7901.txt", "dpa wsz"),  # dpa's sign-off
        ("aap.xml", "AAP RTV"),  # AAP's desk sign-off
        ("afp.xml", "hh/ph"),  # AFP editors' initials
        ("ansa_culture.xml", "CRO01"),  # ANSA routing codes after the paragraph
        ("tag_reuters.com_2014_newsml_KBN0FL0NN_version_5", "By Marwan"),  # byline paragraph
        ("stt_newsml_test.xml", "DISCLAIMER"),  # STT machine-translation markers
        ("ninjs4.json", "EMBED"),  # embedded picture markup
    ],
)
def test_furniture_never_leaks_into_headline_or_body(outcomes: dict, name: str, leak: str) -> None:
    story = outcomes[name][0]["story"]
    assert leak not in story.body and leak not in (story.headline or "")


def test_anpa_quotes_are_found_by_the_quote_parser(outcomes: dict) -> None:
    story = outcomes["anpa-1.tst"][0]["story"]
    assert any(
        q.quote.startswith("Look Good Feel Better") or "mirror" in q.quote for q in story.quotes
    )
    assert story.version is None and story.slugline == "BC-LT--Argentina-Cancer Beauty"
    assert story.urgency == 1 and story.ednote == "Eds: With AP Photos."


def test_new_fields_are_taken_from_the_structure(outcomes: dict) -> None:
    reuters = outcomes["tag_reuters.com_2014_newsml_KBN0FL0NN_version_5"][0]["story"]
    assert reuters.wire_id == "tag_reuters.com_2014_newsml_KBN0FL0NN" and reuters.version == "5"
    assert reuters.slugline == "US-SYRIA-CRISIS-ASSAD" and reuters.urgency == 4
    # the delivered tag is kept as written; `language` is its primary tag (the text agrees)
    assert (reuters.language_declared, reuters.language) == ("en-US", "en")
    assert "N2:SYR" in reuters.subjects
    assert reuters.ednote == "This is editorial note."
    dpa = outcomes["dpa_two_line.txt"][0]["story"]
    assert (dpa.version, dpa.slugline, dpa.urgency) == ("EXTRA", "Yemen/conflict", 3)


def _items(data: bytes) -> list:
    kind = registry.sniff(data[: registry.SNIFF_BYTES])
    assert kind is not None
    assert registry.count_items(kind, data) == len(registry.read_items(kind, data))
    return registry.read_items(kind, data)


XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>PARIS (Reuters) - First.</p></body></html>'
)
G2_MESSAGE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">'
    "<header><sent>2020-05-01T10:00:00Z</sent></header><itemSet>"
    '<newsItem guid="a" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>'
    "<contentMeta><headline>One</headline></contentMeta>"
    f"<contentSet><inlineXML>{XHTML}</inlineXML></contentSet></newsItem>"
    '<newsItem guid="b" version="1"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>'
    "</newsItem>"
    '<newsItem guid="c" version="2"><itemMeta><itemClass qcode="ninat:text"/>'
    '<pubStatus qcode="stat:canceled"/></itemMeta></newsItem>'
    '<newsItem guid="d" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>'
    "<contentSet><inlineData>ROME (Reuters) - Second.</inlineData></contentSet></newsItem>"
    "</itemSet></newsMessage>"
).encode()


def test_a_news_message_gives_one_item_per_item_in_document_order() -> None:
    items = _items(G2_MESSAGE)
    assert [type(i).__name__ for i in items] == ["Story", "Skip", "Skip", "Story"]
    assert [i.reason for i in items if isinstance(i, Skip)] == [Reason.NO_TEXT, Reason.CANCELLED]
    assert items[0].delivered.date == date(2020, 5, 1)  # the message's sent time as fallback


def test_ninjs_envelope_items_and_associations(tmp_path: Path) -> None:
    # associations (pictures) belong to their story: two items, not three
    env = {
        "item": [
            {"type": "text", "headline": "A", "body_text": "Text a."},
            {"type": "picture", "headline": "P", "associations": {}},
        ]
    }
    env["item"][0]["associations"] = {"featuremedia": {"type": "picture", "headline": "x"}}
    items = _items(json.dumps(env).encode())
    assert isinstance(items[0], Story) and items[1] == Skip(Reason.NO_TEXT, "ninjs picture item")


@pytest.mark.parametrize(
    "data,reason",
    [
        # billion laughs: entity expansion bomb
        (
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><nitf>&b;</nitf>',
            Reason.UNSAFE_XML,
        ),
        # external entity (XXE) reading a local file
        (
            b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<nitf>&x;</nitf>",
            Reason.UNSAFE_XML,
        ),
        # external parameter entity fetched over the network
        (
            b'<!DOCTYPE n [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><nitf/>',
            Reason.UNSAFE_XML,
        ),
        (b"<nitf><body><body.content><p>cut in the mid", Reason.MALFORMED_XML),  # truncated
        (b"<nitf><p>a</b></nitf>", Reason.MALFORMED_XML),  # mismatched tags
        (b"<rss><channel/></rss>", Reason.UNKNOWN_FORMAT),  # XML, but not a news format
        (b'{"headline": "x", "body_text": ', Reason.MALFORMED_JSON),  # broken ninjs
        (b"[" * 100_000, Reason.MALFORMED_JSON),  # nested too deeply
        (b"\x01eca01 4 i 1 dpa 1\r\n\nx/\r\n\x02Head =\r\n\n\x03", Reason.NO_TEXT),  # empty 7901
    ],
)
def test_hostile_deliveries_are_one_reject_each(data: bytes, reason: Reason) -> None:
    [item] = _items(data)
    assert isinstance(item, Skip) and item.reason == reason


def test_a_truncated_anpa_transmission_is_still_read() -> None:
    # no ETX, no trailer, no EOT: the text that arrived is a story
    data = (
        b"\x16\x16\x01W1\x1fx\nb a\x13\x11 BC-US--Alert     06-29 0358\n"
        b"\x02^Big news<\n\t   HONOLULU (AP) _ It hap"
    )
    [item] = _items(data)
    assert isinstance(item, Story) and item.paragraphs == ("HONOLULU (AP) — It hap",)


def test_two_anpa_transmissions_in_one_file_are_two_items() -> None:
    one = (
        b"\x16\x16\x01W1\x1fx\nr a\x13\x11 BC-A     06-29 0358\n"
        b"\x02^Head one<\n\t   Text one.\n\x03AP-WF-06-29-17 2350GMT\n\x04"
    )
    [a, b] = _items(one + one.replace(b"one", b"two"))
    assert (a.delivered.headline, b.delivered.headline) == ("Head one", "Head two")


@pytest.mark.parametrize(
    "declared,body,encoding",
    [
        ("iso-8859-1", "Zürich".encode(), "utf-8"),  # declaration lies: the bytes are UTF-8
        ("utf-8", "Zürich".encode("latin-1"), "cp1252"),  # declared UTF-8, bytes latin-1
        ("iso-8859-1", "Zürich".encode("latin-1"), "iso-8859-1"),  # honest declaration
    ],
)
def test_declared_charsets_are_verified(declared: str, body: bytes, encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{declared}"?><nitf><body><body.content><p>'.encode()
    data += body + b"</p></body.content></body></nitf>"
    [item] = _items(data)
    assert item.paragraphs == ("Zürich",) and item.encoding == encoding


def test_delivery_files_are_discovered_by_content(tmp_path: Path) -> None:
    (tmp_path / "feed").write_bytes(G2_MESSAGE)  # no extension
    (tmp_path / "story.txt").write_bytes(
        b"\x01eca1 4 i 9 dpa 1\r\n\nx/\r\n\x02Head =\r\n\nBerlin (dpa) - Text.\r\n\x03"
    )
    (tmp_path / ".gitattributes").write_bytes(b"* -text")  # hidden: not an input
    (tmp_path / "_index.json").write_bytes(b"[]")  # a feed's sidecar: not an input
    (tmp_path / "README.md").write_bytes(b"# not an input")
    (tmp_path / "LICENSE").write_bytes(b"Permission is granted")  # bare prose: not an input
    (tmp_path / "brackets.txt").write_bytes(b"[TEXT] A .txt story may open with a bracket.")
    found = discover_inputs(str(tmp_path))
    assert [(i.source_path, i.kind, i.n_records) for i in found.inputs] == [
        ("brackets.txt", "txt", 1),  # a .txt keeps the text path unless a delivery is certain
        ("feed", "xml", 4),
        ("story.txt", "wire", 1),
    ]
    records = [r for i in found.inputs[1:] for r in read_records(i)]
    assert [(type(r).__name__, r.source_index) for r in records] == [
        ("RawRecord", 0),
        ("RejectRecord", 1),
        ("RejectRecord", 2),
        ("RawRecord", 3),
        ("RawRecord", 0),
    ]
    assert isinstance(records[-1], RawRecord) and records[-1].delivered.format == "iptc7901"
    only = list(read_records(found.inputs[1], only_indices={3}))
    assert [r.source_index for r in only] == [3]


# Whole stories, read by hand from the files: lede start, body end, paragraph count, a quote.
WHOLE = [
    pytest.param(
        "anpa-1.tst",
        "For cancer patients dealing with the physical and psychological trauma",
        "APTN contributor Kacey Cherry in Buenos Aires helped with this story.",
        14,  # 15 indented paragraphs, minus AP's "___" separator
        "Look Good Feel Better",  # ``Look Good Feel Better'' read as a real quotation
        id="ANPA feature",
    ),
    pytest.param(
        "IPTC7901.txt",
        "Negotiations between German conservatives headed by Chancellor Angela Merkel",
        "sworn in for a third term before Christmas.",
        5,  # the notebook, contacts and sign-off are not paragraphs
        "One cannot yet say if it's going to work",
        id="IPTC 7901 dpa",
    ),
    pytest.param(
        "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5",
        "Bashar al-Assad was sworn in for a new term as Syria's president on Wednesday",
        "Official returns gave him 88.7 percent of the vote.",
        24,  # 26 non-empty <p>, minus the byline paragraph and the reporting credits
        "Soon we will see the Arab, regional and Western states",
        id="NewsML-G2 Reuters",
    ),
    pytest.param(
        "afp.xml",
        "A Chinese-owned company set up to take over Saab's assets",
        "with a line of electric cars.",
        9,  # 10 <p>, minus the editors' initials
        "The district court of Vaenersborg today",
        id="NewsML 1.2 AFP",
    ),
]


@pytest.mark.parametrize("name,lede,body_end,n_paragraphs,quote", WHOLE)
def test_whole_delivered_stories(
    outcomes: dict, name: str, lede: str, body_end: str, n_paragraphs: int, quote: str
) -> None:
    story = outcomes[name][0]["story"]
    assert story.lede.startswith(lede) and story.body.endswith(body_end)
    assert story.n_paragraphs == n_paragraphs
    assert any(q.quote.startswith(quote) for q in story.quotes), [q.quote for q in story.quotes]


@pytest.mark.parametrize(
    "line,slug,take,words",
    [
        # a writethru: the take key sits between the keyword and the date
        (
            "r z\x13\x11 BC-BKN--Heat-Hawks 1stLd-Writethru 02-20 0500",
            "BC-BKN--Heat-Hawks",
            "1stLd-Writethru",
            "0500",
        ),
        # keyword cut to 24 characters and padded; no take key
        (
            "f l\x13\x11 BC-LT--Argentina-CancerB     11-13 1049",
            "BC-LT--Argentina-CancerB",
            None,
            "1049",
        ),
        # tabular copy (DC4 DC2) without a word count
        ("r s\x14\x12 BC-BBO--WildCardGlance     08-18 ", "BC-BBO--WildCardGlance", None, None),
        # an advance for a later date
        (
            "a f\x13\x11 BC-Feature-Gardening Adv06 12-01 0712",
            "BC-Feature-Gardening",
            "Adv06",
            "0712",
        ),
    ],
)
def test_anpa_header_line(line: str, slug: str, take: str | None, words: str | None) -> None:
    from tasks.ingest.formats.wire import ANPA_HEADER_RE

    m = ANPA_HEADER_RE.search(line)
    assert m is not None and (m["slug"], m["take"], m["words"]) == (slug, take, words)
