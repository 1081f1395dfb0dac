"""The dateline parser's parts: prose that is not a dateline, dates, cities, credits, headers,
multi-city datelines (the styles themselves: tests/parse/test_dateline.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.parse.dateline import (
    agency_code,
    display_city,
    parse_dateline,
    resolve_date,
    split_header,
)

REF_2017 = date(2017, 8, 3)
REF_1987 = date(1987, 3, 26)


@pytest.mark.parametrize(
    "text",
    [
        "Apple said on March 5 - a surprise",  # prose: lower-case words, no comma before date
        "Kharge said that Imran Khan is facing political challenges.",
        "Germany and Brazil fought out a 1-1 draw.",
        "By the way, this is no dateline.",  # "By" but no dateline after it
        "",
    ],
)
def test_prose_is_not_a_dateline(text: str) -> None:
    assert parse_dateline(text, REF_2017) is None


@pytest.mark.parametrize(
    ("month", "day", "year", "ref", "expected"),
    [
        (3, "23", None, date(2022, 3, 23), date(2022, 3, 23)),
        (8, "2", None, date(2017, 8, 3), date(2017, 8, 2)),  # dateline a day before the header
        (12, "31", None, date(2017, 1, 2), date(2016, 12, 31)),  # year wrap backwards
        (1, "2", None, date(2016, 12, 30), date(2017, 1, 2)),  # up to 3 days after the header
        (1, "5", None, date(2016, 12, 30), date(2016, 1, 5)),  # more than 3 days after: last year
        (2, "30", None, date(2017, 3, 1), None),  # Feb 30 never exists
        (2, "29", None, date(2020, 3, 1), date(2020, 2, 29)),
        (3, "5", None, None, None),  # no year and no reference: no guess
        (1, "3", "90", None, date(1990, 1, 3)),  # two-digit year, POSIX pivot
        (3, "11", "11", None, date(2011, 3, 11)),
        (
            1,
            "3",
            "90",
            date(1990, 1, 4),
            date(1990, 1, 3),
        ),  # two-digit year pivots near the reference
        (3, "13", "2004", None, date(2004, 3, 13)),
        (3, "13", "1850", None, None),  # before 1900
        (3, "13", "2999", None, None),  # far in the future
        (3, "2O", None, date(1987, 3, 3), None),  # letter O typed for zero
    ],
)
def test_resolve_date(
    month: int, day: str, year: str | None, ref: date | None, expected: date | None
) -> None:
    assert resolve_date(month, day, year, ref) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SAN SALVADOR", "San Salvador"),
        ("New Delhi", "New Delhi"),  # mixed case kept as written
        ("ST. LOUIS", "St. Louis"),
        ("WINSTON-SALEM", "Winston-Salem"),
        ("N'DJAMENA", "N'Djamena"),
        ("peoria", "Peoria"),
        ("NO CITY", None),
        ("WASHINGTON/NEW YORK", "Washington/New York"),  # every city, not "Washington/new York"
        ("McALLEN", "McAllen"),  # AP's one-case form with a name prefix
        ("DeKALB", "DeKalb"),
        ("NEW YORK", "New York"),
        ("DES MOINES", "Des Moines"),  # "DES" is a word, not a prefix
    ],
)
def test_display_city(raw: str, expected: str | None) -> None:
    assert display_city(raw) == expected


@pytest.mark.parametrize(
    ("credit", "code"),
    [("ANI", "ANI"), ("Reuters", "REUTERS"), ("Reuter", "REUTERS"), ("ACAN - EFE", "EFE"),
     ("Xinhua", "XINHUA"), ("dpa", "DPA"), ("RADIO VENCEREMOS", None), (None, None)],
)  # fmt: skip
def test_agency_code(credit: str | None, code: str | None) -> None:
    assert agency_code(credit) == code


@pytest.mark.parametrize(
    ("text", "header", "rest"),
    [
        (" date 2022-03-23 New Delhi [India]", date(2022, 3, 23), "New Delhi [India]"),
        ("date 2022-02-30 x", None, "x"),  # impossible date: header stripped, date None
        ("New Delhi, Aug 2", None, "New Delhi, Aug 2"),
        (" date 2022-03-23x", None, " date 2022-03-23x"),  # not a header
    ],
)
def test_split_header(text: str, header: date | None, rest: str) -> None:
    assert split_header(text) == (header, rest)


@pytest.mark.parametrize(
    ("text", "city", "region"),
    [
        ("Allentown, Pa. - President Bush", "Allentown", "Pa."),  # mixed case + US state
        ("ALLENTOWN, Pa. - President Bush", "Allentown", "Pa."),
    ],
)
def test_city_and_state_without_date_or_credit(text: str, city: str, region: str) -> None:
    found = parse_dateline(text, None)
    assert found is not None and (found.city, found.region) == (city, region)


def test_mixed_case_words_before_a_dash_are_not_a_dateline() -> None:
    assert parse_dateline("Leader of Opposition - a profile", None) is None


@pytest.mark.parametrize(
    ("text", "credit", "body"),
    [
        ("(Reuters) - Former President Barack Obama", "Reuters", "Former"),  # 15% of 2017 Reuters
        ("(AP) — The storm hit", "AP", "The"),  # em dash
        ("(PTI) The ruling party", "PTI", "The"),  # no separator
        ("(Reuters)\nStocks fell", "Reuters", "Stocks"),  # credit on its own line
    ],
)
def test_credit_only_opening(text: str, credit: str, body: str) -> None:
    found = parse_dateline(text, None)
    assert found is not None and (found.city, found.credit) == (None, credit)
    assert text[found.end :].startswith(body)


@pytest.mark.parametrize(
    "text",
    [
        "(UPDATE 1) Stocks fell",  # not an agency
        "(Photo) A man walks",
    ],
)
def test_bracketed_words_that_are_not_credits(text: str) -> None:
    found = parse_dateline(text, None)
    assert found is None or found.credit is None


@pytest.mark.parametrize(
    ("text", "city", "places"),
    [
        ("WASHINGTON/NEW YORK (Reuters) - Stocks", "Washington", ("Washington", "New York")),
        ("DALLAS/FORT WORTH, Texas, March 3 - ", "Dallas", ("Dallas", "Fort Worth")),
        ("BEIJING / HONG KONG (Reuters) - x", "Beijing", ("Beijing", "Hong Kong")),  # spaced
        ("McALLEN, Texas (Reuters) - x", "McAllen", ("McAllen",)),
        ("New Delhi [India], March 23 (ANI): x", "New Delhi", ("New Delhi",)),
    ],
)
def test_multi_city_dateline(text: str, city: str, places: tuple[str, ...]) -> None:
    found = parse_dateline(text, date(1987, 3, 3))
    assert found is not None and (found.city, found.places) == (city, places)


def test_headline_with_its_credit_is_not_a_dateline() -> None:
    """AG News: "Title Words (Reuters)" then a blank line: a headline, not a 7-word city."""
    assert parse_dateline("IBM Seeks To Have SCO Claims Dismissed (Reuters)\n\nx", None) is None
    found = parse_dateline("LOS ANGELES (Reuters)\n\nx", None)  # upper-case city stays one
    assert found is not None and found.city == "Los Angeles"
