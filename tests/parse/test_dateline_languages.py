"""Datelines in the agencies' own languages: native month names, day-month order, credits and
hedged places (issue 26)."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.parse.dateline import (
    agency_code,
    parse_dateline,
)

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
    # ... with a date: the last city's dateline is the ordinary one
    ("WEST PALM BEACH, Fla./WASHINGTON, March 2 (Reuters) - U.S.", "West Palm Beach",
     ("West Palm Beach", "Washington"), "Fla.", "Reuters", date(2023, 3, 2), "U.S."),
    # ... and a hedged first city loses its hedge there too
    ("NEAR KHERSON, Ukraine/KYIV (Reuters) - Russian", "Kherson", ("Kherson", "Kyiv"),
     "Ukraine", "Reuters", None, "Russian"),
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


def test_prose_with_a_slash_before_a_credit_is_no_multi_city_dateline() -> None:
    # "on Tuesday" is no region: prose, as the ordinary grammar says of the same words
    assert parse_dateline("The Senate, on Tuesday/Wednesday (Reuters) - x", REF_2023) is None
