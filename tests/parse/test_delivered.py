"""parse_delivered's helpers: datelines the text parser alone does not know, element
datelines, providers, and the structure-first rule."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.errors import InputRejected
from tasks.ingest.records import Delivered
from tasks.parse.delivered import body_dateline, element_dateline, parse_delivered, provider_code

REF = date(2019, 7, 1)


@pytest.mark.parametrize(
    "text,city,credit,day",
    [
        (
            "(ANSA) - ROMA, 1 LUG - TEST FROM XAWES",
            "Roma",
            "ANSA",
            date(2019, 7, 1),
        ),  # agency first, Italian month
        (
            "Jan 30 (Gracenote) - Results and standings",
            None,
            "Gracenote",
            date(2019, 1, 30),
        ),  # no city
        ("Berlin (dpa) - Negotiations between", "Berlin", "dpa", None),  # lower-case credit
        ("NEW YORK (AP) — The gas produced", "New York", "AP", None),  # em dash
        ("GROSSETO, Italy (AP) -- The trial", "Grosseto", "AP", None),  # double hyphen
        ("The weather was superb today.", None, None, None),  # no dateline at all
    ],
)
def test_body_datelines(text: str, city: str | None, credit: str | None, day: date | None) -> None:
    found = body_dateline(text, REF)
    assert (found.city, found.credit, found.date) == (city, credit, day)


@pytest.mark.parametrize(
    "delivered,city",
    [
        (Delivered("nitf", dateline_city="Sydney"), "Sydney"),  # NITF <city>
        (Delivered("nitf", dateline="NEW YORK"), "New York"),  # a bare place, display case
        (Delivered("newsml-1.2", dateline="STOCKHOLM, Aug 29, 2014 (AFP) -"), "Stockholm"),
        (Delivered("newsml-g2", dateline="2014-07-16 15:53:10 GMT+00:00"), None),  # a timestamp
        (Delivered("newsml-g2", dateline="Helsinki"), "Helsinki"),  # STT
    ],
)
def test_element_datelines(delivered: Delivered, city: str | None) -> None:
    assert element_dateline(delivered, REF).city == city


@pytest.mark.parametrize(
    "provider,code",
    [
        ("reuters.com", "REUTERS"),  # a domain
        ("nprov:REUTERS", "REUTERS"),  # a G2 qcode
        ("Australian Associated Press", "AAP"),  # a copyright holder
        ("dpa", "DPA"),
        ("iptc.org", "IPTC"),  # unknown: kept, upper-cased
        (None, None),
    ],
)
def test_provider_codes(provider: str | None, code: str | None) -> None:
    assert provider_code(provider) == code


def test_located_metadata_is_not_the_dateline() -> None:
    # Reuters' `located` is the editing desk; only the story's own dateline counts
    d = Delivered("newsml-g2", headline="H", agency="reuters.com", date=date(2014, 7, 16))
    story = parse_delivered("BEIRUT (Reuters) - President Bashar al-Assad said.", d)
    assert (story.dateline_city, story.agency, story.headline) == ("Beirut", "REUTERS", "H")
    assert story.date == date(2014, 7, 16) and story.format == "newsml-g2"


def test_a_byline_paragraph_alone_is_no_body() -> None:
    with pytest.raises(InputRejected):
        parse_delivered("By Toby Davis", Delivered("newsml-g2", headline="H"))
