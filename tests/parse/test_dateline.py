"""Dateline styles seen in the corpus (and a few wire styles not in it), table-driven."""

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

# (text, reference, city, region, credit, dateline date, byline, body start)
CASES = [
    # ANI: [Country] after the city, colon after the credit (seed story)
    (
        "New Delhi [India], March 23 (ANI): Leader of",
        date(2022, 3, 23),
        "New Delhi",
        "India",
        "ANI",
        date(2022, 3, 23),
        None,
        "Leader",
    ),
    # PTI: no separator after the credit (indian-wire 0017)
    (
        "New Delhi, Aug 2 (PTI) Bomb squads",
        REF_2017,
        "New Delhi",
        None,
        "PTI",
        date(2017, 8, 2),
        None,
        "Bomb",
    ),
    (
        "Ranchi, July 8 (IANS) The state",
        REF_2017,
        "Ranchi",
        None,
        "IANS",
        date(2017, 7, 8),
        None,
        "The",
    ),
    # day-first month, colon
    (
        "New Delhi, 21 Oct (PTI): The court",
        date(2017, 10, 22),
        "New Delhi",
        None,
        "PTI",
        date(2017, 10, 21),
        None,
        "The",
    ),
    # upper case city (title-cased for display), "Nov." with a dot, em dash
    (
        "NEW DELHI, Nov. 5 (PTI) — The",
        date(2017, 11, 5),
        "New Delhi",
        None,
        "PTI",
        date(2017, 11, 5),
        None,
        "The",
    ),
    # (UP) region in parentheses before the comma (indian-wire 0239)
    (
        "Amethi (UP), Jul 30 (PTI) Brothers",
        REF_2017,
        "Amethi",
        "UP",
        "PTI",
        date(2017, 7, 30),
        None,
        "Brothers",
    ),
    # byline glued to the dateline (indian-wire 0188, 0387)
    (
        "By Sajjad Hussain Islamabad, Jul 31 (PTI) The ruling",
        REF_2017,
        "Islamabad",
        None,
        "PTI",
        date(2017, 7, 31),
        "Sajjad Hussain",
        "The",
    ),
    (
        "By Lalit K Jha Washington, Jul 27 (PTI) President",
        REF_2017,
        "Washington",
        None,
        "PTI",
        date(2017, 7, 27),
        "Lalit K Jha",
        "President",
    ),
    # two-word city after a glued byline is kept whole ("New" is a city prefix)
    (
        "By Lalit K Jha New Delhi, Jul 27 (PTI) President",
        REF_2017,
        "New Delhi",
        None,
        "PTI",
        date(2017, 7, 27),
        "Lalit K Jha",
        "President",
    ),
    # byline on its own line
    (
        "By JOHN SMITH, Associated Press Writer\nLOS ANGELES (AP) — Fires",
        None,
        "Los Angeles",
        None,
        "AP",
        None,
        "JOHN SMITH",
        "Fires",
    ),
    # AG News / AP: byline set off by a run of spaces, two-word upper-case city
    (
        "By RACHEL KONRAD     CARSON CITY, Nev. (AP) -- In what",
        None,
        "Carson City",
        "Nev.",
        "AP",
        None,
        "RACHEL KONRAD",
        "In",
    ),
    # Reuters-21578: indent, no credit, " - " separator
    (
        "    CLEVELAND, Feb 26 - Showers",
        date(1987, 2, 26),
        "Cleveland",
        None,
        None,
        date(1987, 2, 26),
        None,
        "Showers",
    ),
    (
        "    PORTLAND, Ore., Feb 26 - Shares",
        date(1987, 2, 26),
        "Portland",
        "Ore.",
        None,
        date(1987, 2, 26),
        None,
        "Shares",
    ),
    # lower-case month, mixed-case city kept as written
    (
        "     Caracas, feb 26 - Oil",
        date(1987, 2, 26),
        "Caracas",
        None,
        None,
        date(1987, 2, 26),
        None,
        "Oil",
    ),
    # state abbreviation without a comma before the date; separator at line end
    (
        "    RICHMOND, Va. Feb 26 -\n    Dominion",
        date(1987, 2, 26),
        "Richmond",
        "Va.",
        None,
        date(1987, 2, 26),
        None,
        "Dominion",
    ),
    # no comma between city and date
    (
        "    JOHANNESBURG March 13 -\n    Gold",
        REF_1987,
        "Johannesburg",
        None,
        None,
        date(1987, 3, 13),
        None,
        "Gold",
    ),
    # ", Reuter" credit inside the dateline
    (
        "    OKLAHOMA CITY, Okla. March 11, Reuter - The",
        REF_1987,
        "Oklahoma City",
        "Okla.",
        "Reuter",
        date(1987, 3, 11),
        None,
        "The",
    ),
    # a stray dash before the date
    (
        "    CHEVY CHASE, Md., - March 4 - GEICO",
        REF_1987,
        "Chevy Chase",
        "Md.",
        None,
        date(1987, 3, 4),
        None,
        "GEICO",
    ),
    # month typo in the wire ("Marc"): the three-letter stem still reads as a month
    (
        "    ALBANY, N.Y., Marc 3 - KeyCorp",
        REF_1987,
        "Albany",
        "N.Y.",
        None,
        date(1987, 3, 3),
        None,
        "KeyCorp",
    ),
    # garbled day ("March 187"): city kept, date None
    ("    BOSTON, March 187 - Shares", REF_1987, "Boston", None, None, None, None, "Shares"),
    # upper-case connectors: "DAR ES SALAAM" → "Dar es Salaam"
    (
        "    DAR ES SALAAM, March 2 - Tanzania",
        REF_1987,
        "Dar es Salaam",
        None,
        None,
        date(1987, 3, 2),
        None,
        "Tanzania",
    ),
    # city only, no date
    ("    TOKYO - The yen", REF_1987, "Tokyo", None, None, None, None, "The"),
    # Reuters new style
    (
        "WASHINGTON (Reuters) - Applications",
        None,
        "Washington",
        None,
        "Reuters",
        None,
        None,
        "Applications",
    ),
    (
        "WEST PALM BEACH, Fla (Reuters) - A",
        None,
        "West Palm Beach",
        "Fla",
        "Reuters",
        None,
        None,
        "A",
    ),
    # AP / AFP
    ("LOS ANGELES (AP) — It's barely", None, "Los Angeles", None, "AP", None, None, "It's"),
    ("AFP - A group calling itself", None, None, None, "AFP", None, None, "A"),
    ("MOSCOW (AFP) -- A new", None, "Moscow", None, "AFP", None, None, "A"),
    # AG News: the feed's source label before the real dateline
    (
        "Canadian Press - VANCOUVER (CP) - The province",
        None,
        "Vancouver",
        None,
        "CP",
        None,
        None,
        "The",
    ),
    (
        "Canadian Press - CANBERRA, Australia (AP) - Prime",
        None,
        "Canberra",
        "Australia",
        "AP",
        None,
        None,
        "Prime",
    ),
    # a source label followed by prose, not a dateline: the label is the credit
    ("AFP - Paris is a city of", None, None, None, "AFP", None, None, "Paris"),
    # MUC-3 / FBIS: day-first upper case with a two-digit year
    (
        "SAN SALVADOR, 3 JAN 90 (EFE) -- [TEXT] THE",
        None,
        "San Salvador",
        None,
        "EFE",
        date(1990, 1, 3),
        None,
        "[TEXT]",
    ),
    (
        "SAN SALVADOR, 3 JAN 90 -- [REPORT] THE",
        None,
        "San Salvador",
        None,
        None,
        date(1990, 1, 3),
        None,
        "[REPORT]",
    ),
    # FBIS region in parentheses, "NO DATE", a broadcaster as credit
    (
        "MOSCOW (USSR), NO DATE (DOMESTIC SERVICE) -- [TEXT]",
        None,
        "Moscow",
        "USSR",
        "DOMESTIC SERVICE",
        None,
        None,
        "[TEXT]",
    ),
    # FBIS placeholder city
    (
        "NO CITY (COLOMBIA), 26 SEP 89 -- [TEXT]",
        None,
        None,
        "COLOMBIA",
        None,
        date(1989, 9, 26),
        None,
        "[TEXT]",
    ),
    # mismatched bracket around the credit (MUC dev)
    (
        "BOGOTA, 27 APR 90 [INRAVISION TELEVISION CADENA 1) -- [SPEECH]",
        None,
        "Bogota",
        None,
        "INRAVISION TELEVISION CADENA 1",
        date(1990, 4, 27),
        None,
        "[SPEECH]",
    ),
    (
        "PORT-AU-PRINCE (HAITI), 19 APR 90 (RADIO SOLEIL NETWORK) -- A",
        None,
        "Port-au-Prince",
        "HAITI",
        "RADIO SOLEIL NETWORK",
        date(1990, 4, 19),
        None,
        "A",
    ),
    # not in the corpus: Xinhua, DPA, UNI styles
    (
        "BEIJING, March 5 (Xinhua) -- China",
        date(2020, 3, 5),
        "Beijing",
        None,
        "Xinhua",
        date(2020, 3, 5),
        None,
        "China",
    ),
    (
        "BERLIN, Jan 4 (dpa) - German",
        date(2020, 1, 4),
        "Berlin",
        None,
        "dpa",
        date(2020, 1, 4),
        None,
        "German",
    ),
    (
        "Chennai, Dec 30 (UNI) The",
        date(2021, 1, 1),
        "Chennai",
        None,
        "UNI",
        date(2020, 12, 30),
        None,
        "The",
    ),
]


@pytest.mark.parametrize(
    ("text", "ref", "city", "region", "credit", "when", "byline", "body"), CASES
)
def test_dateline_styles(
    text: str, ref: date | None, city: str | None, region: str | None, credit: str | None,
    when: date | None, byline: str | None, body: str,
) -> None:  # fmt: skip
    found = parse_dateline(text, ref)
    assert found is not None
    assert (found.city, found.region, found.credit) == (city, region, credit)
    assert (found.date, found.byline) == (when, byline)
    assert text[found.end :].startswith(body)


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


REF_2023 = date(2023, 3, 6)

# (text, city, places, region, credit, date, body start): the agencies' own languages
NATIVE = [
    ("Lyon, 3 mars 2023 (AFP) - Le", "Lyon", ("Lyon",), None, "AFP", date(2023, 3, 3), "Le"),
    ("Madrid, 5 feb (EFE).- El", "Madrid", ("Madrid",), None, "EFE", date(2023, 2, 5), "El"),
    # Spanish long form with "de" around the month
    ("MADRID, 5 de febrero de 2023 (EFE).- El", "Madrid", ("Madrid",), None, "EFE",
     date(2023, 2, 5), "El"),
    ("Berlin, 3. März (dpa) - Der", "Berlin", ("Berlin",), None, "dpa", date(2023, 3, 3), "Der"),
    ("Roma, 5 febbraio (ANSA) - Il", "Roma", ("Roma",), None, "ANSA", date(2023, 2, 5), "Il"),
    ("Lisboa, 05 fev 2023 (Lusa) - O", "Lisboa", ("Lisboa",), None, "Lusa", date(2023, 2, 5), "O"),
    ("SÃO PAULO, 5 de fevereiro (Reuters) - O", "São Paulo", ("São Paulo",), None, "Reuters",
     date(2023, 2, 5), "O"),
    ("Amsterdam, 5 februari (ANP) - De", "Amsterdam", ("Amsterdam",), None, "ANP",
     date(2023, 2, 5), "De"),
    ("Stockholm (TT) Regeringen", "Stockholm", ("Stockholm",), None, "TT", None, "Regeringen"),
    ("Oslo (NTB): Regjeringen", "Oslo", ("Oslo",), None, "NTB", None, "Regjeringen"),
    ("København, 5. februar (Ritzau): En", "København", ("København",), None, "Ritzau",
     date(2023, 2, 5), "En"),
    ("Helsinki, 5. helmikuuta (STT) Hallitus", "Helsinki", ("Helsinki",), None, "STT",
     date(2023, 2, 5), "Hallitus"),
    ("بيروت (أ ف ب) - قال", "بيروت", ("بيروت",), None, "أ ف ب", None, "قال"),  # no case
    # Arabic comma, Levantine month name
    ("القاهرة، 5 آذار (أ ف ب) - قال", "القاهرة", ("القاهرة",), None, "أ ف ب",
     date(2023, 3, 5), "قال"),
    ("МОСКВА, 5 марта. /ТАСС/. Президент", "Москва", ("Москва",), None, "ТАСС",
     date(2023, 3, 5), "Президент"),  # TASS: credit between slashes, full stops
    ("МОСКВА, 5 мар — РИА Новости. Президент", "Москва", ("Москва",), None, "РИА Новости",
     date(2023, 3, 5), "Президент"),  # RIA: the credit after the dash
    ("新华社北京3月5日电（记者张三）国务院", "北京", ("北京",), None, "新华社", date(2023, 3, 5),
     "国务院"),
    ("（法新社巴黎5日电）法国", "巴黎", ("巴黎",), None, "法新社", date(2023, 3, 5), "法国"),
    ("SAN FRANCISCO--(BUSINESS WIRE)--Acme", "San Francisco", ("San Francisco",), None,
     "BUSINESS WIRE", None, "Acme"),
    ("NEW YORK, March 5, 2024 /PRNewswire/ -- Acme", "New York", ("New York",), None,
     "PRNewswire", date(2024, 3, 5), "Acme"),
    # issue 28: multi-city datelines whose first city has a state of its own
    ("WEST PALM BEACH, Fla./WASHINGTON (Reuters) - U.S.", "West Palm Beach",
     ("West Palm Beach", "Washington"), "Fla.", "Reuters", None, "U.S."),
    ("KING OF PRUSSIA, Pennsylvania/WASHINGTON (Reuters) - The", "King of Prussia",
     ("King of Prussia", "Washington"), "Pennsylvania", "Reuters", None, "The"),
    # hedged places: near a city keeps the city; "somewhere in" names only a country
    ("NEAR KHERSON, Ukraine (AP) — Russian", "Kherson", ("Kherson",), "Ukraine", "AP", None,
     "Russian"),
    ("Près de Kherson (AFP) - Les", "Kherson", ("Kherson",), None, "AFP", None, "Les"),
    ("Somewhere in Ukraine (AFP) - The", None, (), "Ukraine", "AFP", None, "The"),
    ("Said to be in Tehran (AFP) - The", None, (), "Tehran", "AFP", None, "The"),
]  # fmt: skip


@pytest.mark.parametrize("text,city,places,region,credit,day,body", NATIVE)
def test_datelines_of_the_agency_languages(
    text: str,
    city: str | None,
    places: tuple[str, ...],
    region: str | None,
    credit: str,
    day: date | None,
    body: str,
) -> None:
    found = parse_dateline(text, REF_2023)
    assert found is not None
    assert (found.city, found.places, found.region) == (city, places, region)
    assert (found.credit, found.date) == (credit, day)
    assert text[found.end :].startswith(body)
    assert agency_code(found.credit) is not None
