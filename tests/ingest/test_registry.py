"""The registry is a table: sniffing, dispatch, known roots and the unknown-format reject all
come from READERS, so a reader is one module and one line in the list.

Real agency files are read in place from ../shared/corpus (skipped when absent); the expected
format of every item is the hand-written table tests/ingest/wire_formats_expected.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tasks.errors import Reason
from tasks.ingest.formats import newsml_g2, ninjs, registry
from tasks.ingest.formats.base import Item, Skip, Story
from tasks.ingest.formats.reader import JSON, XML, Document, Reader, whole
from tasks.ingest.formats.registry import READERS, Registry
from tasks.ingest.formats.text import html_paragraphs, local
from tasks.ingest.records import Delivered
from tests.conftest import ROOT, require_corpus

# Every expected sample, by (shared folder, file name): both hand-written tables.
GOLDEN = {
    (folder, name): items
    for folder, table in (
        ("wire-formats", "wire_formats_expected.json"),
        ("wire-formats-dpa", "wire_formats_dpa_expected.json"),
    )
    for name, items in json.loads((ROOT / "tests" / "ingest" / table).read_text()).items()
    if not name.startswith("_")
}
BY_NAME = {r.name: r for r in READERS}
ROOTS = [root for r in READERS for root in r.roots]


def _claimed(reg: Registry, path: Path) -> tuple[str | None, list[str], list[Item]]:
    """(kind, the reader of every unit, the items): sniffed as discovery does (.txt strict)."""
    data = path.read_bytes()
    kind = reg.sniff(data[: registry.SNIFF_BYTES], strict=path.suffix.lower() == ".txt")
    if kind is None:
        return None, [], []
    documents = reg.documents(kind, data)
    assert not isinstance(documents, Skip), documents
    names: list[str] = []
    for document in documents:
        reader = reg.reader_for(kind, document)
        assert reader is not None, path.name
        names += [reader.name] * len(reader.units(document))
    items = reg.read_items(kind, data)
    assert reg.count_items(kind, data) == len(items)  # the accounting invariant
    return kind, names, items


@pytest.mark.parametrize("sample", sorted(GOLDEN), ids="/".join)
def test_every_sample_is_read_by_the_reader_of_its_format(sample: tuple[str, str]) -> None:
    kind, names, items = _claimed(registry.REGISTRY, require_corpus(*sample))
    want = [item["format"] for item in GOLDEN[sample]]
    assert names == want
    assert kind == BY_NAME[want[0]].container  # sniffed as the container of that reader
    # a reader's stories carry its name in the `format` column
    assert [i.delivered.format for i in items if isinstance(i, Story)] == [
        f for f, i in zip(want, items, strict=True) if isinstance(i, Story)
    ]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
def test_every_registered_reader_reads_a_real_sample(reader: Reader) -> None:
    # a reader nobody can show on a real file is a reader nobody has tested
    mine = [s for s, items in sorted(GOLDEN.items()) if items[0]["format"] == reader.name]
    assert mine
    for sample in mine:
        assert reader.name in _claimed(registry.REGISTRY, require_corpus(*sample))[1], sample


@pytest.mark.parametrize(
    "reader", [r for r in READERS if r.claims is not None], ids=lambda r: r.name
)
def test_a_claims_test_takes_its_own_samples_and_no_other(reader: Reader) -> None:
    # ANPA's header codes: every .tst is ANPA, the dpa IPTC 7901 files are not
    seen = 0
    for sample, items in sorted(GOLDEN.items()):
        if BY_NAME[items[0]["format"]].container != reader.container:
            continue
        data = require_corpus(*sample).read_bytes()
        documents = registry.REGISTRY.documents(reader.container, data)
        assert not isinstance(documents, Skip)
        for document in documents:
            assert reader.claims is not None
            assert reader.claims(document) == (items[0]["format"] == reader.name), sample
            seen += 1
    assert seen


@pytest.mark.parametrize("root", ROOTS)
def test_every_registered_root_is_known_to_sniffing_dispatch_and_the_reject(root: str) -> None:
    owner = next(r for r in READERS if root in r.roots)
    for written in (root, root.lower(), root.upper()):  # XML names, matched case-insensitively
        head = f"<{written} xmlns='urn:x'>".encode()
        assert registry.sniff(head, strict=True) == XML  # a .txt opening with it is XML
        [document] = registry.REGISTRY.documents(XML, head + f"</{written}>".encode())
        assert registry.REGISTRY.reader_for(XML, document) is owner
    [reject] = registry.read_items(XML, b"<rss version='2.0'><channel/></rss>")
    assert isinstance(reject, Skip) and reject.reason == Reason.UNKNOWN_FORMAT
    assert reject.detail.startswith("XML root <rss> is none of ")
    assert root in reject.detail.removeprefix("XML root <rss> is none of ").split(", ")


@pytest.mark.parametrize(
    "head",
    [
        b"<rss version='2.0'>",  # an unregistered root: a .txt story keeps the text path
        b"<p>A story that opens with markup",
        b"<newsItemized>",  # a registered root's name is a whole name, not a prefix
    ],
)
def test_a_txt_opening_with_other_markup_stays_prose(head: bytes) -> None:
    assert registry.sniff(head, strict=True) is None
    assert registry.sniff(head) == XML  # a delivery name (.xml) is XML whatever the root


# A dpa digitalwires entry (issue 26), the shape of wire-formats-dpa/*.json, cut down.
DW_ENTRY = {
    "format": "digitalwires@0.9.1",
    "type": "composite",
    "urn": "urn:newsml:dpa.com:20090101:241022-930-267047",
    "version": 1,
    "headline": "Labwire-Testartikel veröffentlicht",
    "article_html": '<section class="main"><p>Hamburg (dpa) - Erster Absatz.</p></section>',
}


def _is_digitalwires(document: Document) -> bool:
    """A digitalwires entry, or an envelope / list of them (wireQ answers `{"entries": [...]}`)."""
    value = document.content
    value = value.get("entries", value) if isinstance(value, dict) else value
    first = value[0] if isinstance(value, list) and value else value
    return isinstance(first, dict) and str(first.get("format", "")).startswith("digitalwires@")


def _dw_units(document: Document) -> list[Any]:
    value = document.content
    value = value.get("entries", value) if isinstance(value, dict) else value
    return value if isinstance(value, list) else [value]


def _dw_convert(entry: Any, document: Document) -> Item:
    paragraphs = html_paragraphs(entry.get("article_html"))
    if not paragraphs:
        return Skip(Reason.NO_TEXT, f"digitalwires {entry.get('urn')} without text")
    delivered = Delivered("digitalwires", wire_id=entry.get("urn"), headline=entry["headline"])
    return Story(delivered, tuple(paragraphs), document.encoding)


# A reader written outside the registry: the test plugs it in by listing it, nothing else.
DIGITALWIRES = Reader("digitalwires", JSON, _dw_units, _dw_convert, claims=_is_digitalwires)


@pytest.mark.parametrize(
    "value,names",
    [
        (DW_ENTRY, ["digitalwires"]),  # one entry
        ({"entries": [DW_ENTRY, DW_ENTRY]}, ["digitalwires", "digitalwires"]),  # an envelope
        ([DW_ENTRY], ["digitalwires"]),  # a list
        ({"type": "text", "headline": "h", "body_text": "Text."}, ["ninjs"]),  # ninjs as before
        ({"item": [{"body_text": "a"}, {"body_text": "b"}]}, ["ninjs", "ninjs"]),
    ],
)
def test_a_json_reader_added_to_the_list_is_dispatched_by_content(
    value: Any, names: list[str]
) -> None:
    reg = Registry((DIGITALWIRES, *READERS))  # before ninjs, the catch-all of JSON
    data = json.dumps(value).encode()
    kind = reg.sniff(data)
    assert kind == JSON
    [document] = reg.documents(kind, data)
    reader = reg.reader_for(kind, document)
    assert reader is not None
    assert [reader.name] * len(reader.units(document)) == names
    items = reg.read_items(kind, data)
    assert reg.count_items(kind, data) == len(items) == len(names)
    assert [i.delivered.format if isinstance(i, Story) else i for i in items] == names


def test_a_real_digitalwires_file_goes_to_the_added_reader() -> None:
    path = require_corpus("wire-formats-dpa", "rubix_multimedia_testartikel.json")
    entry = json.loads(path.read_bytes())
    kind, names, items = _claimed(Registry((DIGITALWIRES, *READERS)), path)
    assert (kind, names) == (JSON, ["digitalwires"])
    [story] = items
    assert isinstance(story, Story) and story.delivered.headline == entry["headline"]


# A thin agency layer over the generic NewsML-G2 reader (superdesk's feed_parsers shape):
# same roots and units, its own claims test, listed before the reader it refines.
def _from_agency(document: Document) -> bool:
    return any(
        local(el) == "provider" and el.get("qcode") == "nprov:X" for el in document.content.iter()
    )


def _agency_convert(unit: Any, document: Document) -> Item:
    item = newsml_g2.convert(unit, document)
    if isinstance(item, Story):
        return Story(
            Delivered(**{**vars(item.delivered), "credit": "X desk"}),
            item.paragraphs,
            item.encoding,
        )
    return item


AGENCY_G2 = Reader(
    "newsml-g2", XML, newsml_g2.units, _agency_convert, newsml_g2.ROOTS, _from_agency
)
G2_ITEM = (
    '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" version="1">'
    '<itemMeta><itemClass qcode="ninat:text"/><provider qcode="{provider}"/></itemMeta>'
    "<contentSet><inlineData>ROME (X) - Text.</inlineData></contentSet></newsItem>"
)


@pytest.mark.parametrize(
    "provider,credit",
    [
        ("nprov:X", "X desk"),  # the agency's documents go to its layer
        ("nprov:REUTERS", None),  # every other G2 document to the generic reader
    ],
)
def test_an_agency_layer_is_dispatched_before_the_generic_reader(
    provider: str, credit: str | None
) -> None:
    reg = Registry((AGENCY_G2, *READERS))
    [story] = reg.read_items(XML, G2_ITEM.format(provider=provider).encode())
    assert isinstance(story, Story) and story.delivered.credit == credit
    assert story.delivered.format == "newsml-g2" and story.paragraphs == ("ROME (X) - Text.",)


def _rss_convert(unit: Any, document: Document) -> Item:
    return Skip(Reason.NO_TEXT, "an RSS channel")


RSS = Reader("rss", XML, whole, _rss_convert, roots=("rss",))


def test_a_new_xml_root_is_sniffed_dispatched_and_named_without_registry_code() -> None:
    data = b"<rss version='2.0'><channel/></rss>"
    before, after = Registry(READERS), Registry((*READERS, RSS))
    assert before.sniff(data, strict=True) is None and after.sniff(data, strict=True) == XML
    assert after.read_items(XML, data) == [Skip(Reason.NO_TEXT, "an RSS channel")]
    [reject] = after.read_items(XML, b"<atom/>")
    assert reject.detail == f"XML root <atom> is none of {', '.join((*ROOTS, 'rss'))}"


@pytest.mark.parametrize(
    "readers,message",
    [
        # after ninjs (no claims test: every JSON document) a JSON reader is never asked
        ((*READERS, DIGITALWIRES), "'digitalwires' is unreachable after 'ninjs'"),
        # after the generic G2 reader, a layer with the same roots is never asked
        ((*READERS, AGENCY_G2), "'newsml-g2' is unreachable after 'newsml-g2'"),
    ],
)
def test_a_reader_listed_where_it_can_never_claim_is_refused(
    readers: tuple[Reader, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Registry(readers)


def test_a_registry_without_readers_of_a_container_does_not_sniff_it() -> None:
    only_json = Registry((ninjs.READER,))
    assert only_json.kinds == (JSON,)
    assert only_json.sniff(b"<nitf/>") is None and only_json.sniff(b"\x01x") is None
    assert only_json.sniff(b'{"headline": "h"}') == JSON
