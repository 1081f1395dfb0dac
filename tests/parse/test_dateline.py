"""Dateline styles seen in the corpus (and a few wire styles not in it), table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.parse.dateline import (
    parse_dateline,
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
