"""dpa digitalwires: the reader's fields and its rejects, on built entries (hostile ones too).

The real samples (../shared/corpus/wire-formats-dpa) are checked in test_formats.py; here each
row builds one entry to show one rule.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tasks.errors import Reason
from tasks.ingest.formats import registry
from tasks.ingest.formats.base import Skip, Story
from tasks.ingest.formats.digitalwires import MAX_MARKUP_CHARS
from tasks.ingest.formats.reader import JSON
from tasks.parse.story import parse_story

ENTRY: dict[str, Any] = {
    "format": "digitalwires@0.9.1",
    "urn": "urn:newsml:dpa.com:20090101:250101-99-1",
    "version": 3,
    "version_created": "2025-01-01T09:00:00+01:00",
    "pubstatus": "usable",
    "signal": "sig:update",
    "language": "de",
    "urgency": 3,
    "kicker": "Verkehr",
    "headline": "Bahn streicht Züge",
    "subhead": "Streik im Norden",
    "teaser": "Die Bahn fällt aus.",
    "byline": "Von Anna Berg und Jan Krüger",
    "dateline": "Hamburg (dpa) - ",
    "article_html": '<section class="main"><p>Die Bahn hat Züge gestrichen.</p>'
    "<p>Mehr folgt.</p></section>",
    "infobox_html": '<section class="infobox"><p>INFOBOX-TEXT</p></section>',
    "linkbox_html": '<section class="linkbox"><ul><li><a href="x">LINKBOX-TEXT</a></li></ul>'
    "</section>",
    "creditline": "dpa",
    "copyrightnotice": "Copyright 2025, dpa (www.dpa.de). Alle Rechte vorbehalten",
    "ednotes": [
        {"role": "dpaednoterole:editorialnote", "ednote": "Foto folgt", "is_publishable": True},
        {"role": "dpaednoterole:contacts", "ednote": "+49 1", "is_publishable": False},
    ],
    "categories": [
        {"type": "dnltype:dpasubject", "name": "Verkehr", "qcode": "dpasubject:76"},
        {"type": "dnltype:dpasubject", "name": "Streik", "qcode": "medtop:09000000"},
        {"type": "dnltype:keyword", "name": "Bahn", "qcode": None},
        {"type": "dnltype:genre", "name": "Meldung", "qcode": "dpatextgenre:1"},
        {"type": "dnltype:provider", "name": "dpa", "qcode": "dnlprov:dpa"},
    ],
    "associations": [{"type": "image", "urn": "urn:x:picture", "headline": "Bild"}],
}


def _items(value: Any) -> list[Any]:
    data = json.dumps(value).encode()
    assert registry.sniff(data) == JSON
    items = registry.read_items(JSON, data)
    assert registry.count_items(JSON, data) == len(items)  # the accounting invariant
    return items


def test_an_entry_reads_every_field() -> None:
    [item] = _items(ENTRY)
    assert isinstance(item, Story)
    d = item.delivered
    assert (d.format, d.wire_id, d.version, d.language, d.urgency) == (
        "digitalwires", ENTRY["urn"], "3", "de", 3
    )  # fmt: skip
    assert (d.kicker, d.headline, d.subhead, d.teaser) == (
        "Verkehr", "Bahn streicht Züge", "Streik im Norden", "Die Bahn fällt aus."
    )  # fmt: skip
    assert d.subjects == ("dpasubject:76", "medtop:09000000")  # keywords and genre are not
    # contact people are not an editor's note; the signal is one (the version stays a number)
    assert d.ednote == "Foto folgt\nSignal: update"
    # the body is article_html alone: infobox, linkbox and pictures stay out
    assert item.paragraphs == ("Die Bahn hat Züge gestrichen.", "Mehr folgt.")
    story = parse_story(item.text, header_date=d.date, delivered=d)
    assert (story.dateline_city, story.agency, story.agency_credit) == ("Hamburg", "DPA", "dpa")
    assert story.byline == "Anna Berg und Jan Krüger"  # every person, "Von" dropped
    assert (story.kicker, story.subhead, story.teaser) == (d.kicker, d.subhead, d.teaser)
    assert str(story.date) == "2025-01-01" and story.lede == "Die Bahn hat Züge gestrichen."


@pytest.mark.parametrize(
    "value,reason",
    [
        # an audio or picture item: no article_html
        ({**ENTRY, "article_html": None}, Reason.NO_TEXT),
        ({**ENTRY, "article_html": "<section class='main'><p></p></section>"}, Reason.NO_TEXT),
        ({**ENTRY, "pubstatus": "canceled"}, Reason.CANCELLED),  # withdrawn by dpa
        # the desks' notices: genre "Vorschau" (agenda) or "Achtung", the service desk "rs"
        (
            {**ENTRY, "categories": [{"type": "dnltype:genre", "name": "Vorschau",
                                      "qcode": "dpatextgenre:32"}]},
            Reason.SERVICE_MESSAGE,
        ),
        (
            {**ENTRY, "categories": [{"type": "dnltype:desk", "name": "rs",
                                      "qcode": "dpacat:rs"}]},
            Reason.SERVICE_MESSAGE,
        ),
        # hostile: a huge article_html is refused before it is parsed
        ({**ENTRY, "article_html": "<p>" + "x" * MAX_MARKUP_CHARS + "</p>"}, Reason.TOO_LONG),
        # hostile: a list where an object or a string belongs
        ({**ENTRY, "article_html": ["<p>a</p>"]}, Reason.BAD_FIELD),
        ({"entries": [ENTRY, ["not", "an", "entry"]]}, Reason.BAD_FIELD),
    ],
)  # fmt: skip
def test_entries_that_are_not_stories_are_rejects_with_a_reason(value: Any, reason: Reason) -> None:
    items = _items(value)
    assert isinstance(items[-1], Skip) and items[-1].reason == reason


@pytest.mark.parametrize(
    "categories",
    [
        {"type": "dnltype:dpasubject"},  # an object where a list belongs: ignored
        [["dnltype:dpasubject"]],  # lists inside the list: ignored
        None,
    ],
)
def test_broken_categories_do_not_break_the_entry(categories: Any) -> None:
    [item] = _items({**ENTRY, "categories": categories})
    assert isinstance(item, Story) and item.delivered.subjects == ()


def test_broken_json_is_one_reject() -> None:
    data = json.dumps(ENTRY).encode()[:-40]
    [item] = registry.read_items(JSON, data)
    assert isinstance(item, Skip) and item.reason == Reason.MALFORMED_JSON


def test_an_envelope_gives_one_unit_per_entry() -> None:
    items = _items({"entries": [ENTRY, {**ENTRY, "article_html": None}]})
    assert [type(i).__name__ for i in items] == ["Story", "Skip"]
