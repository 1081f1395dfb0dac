"""The one agency table: names, credits and copyright holders in any language → one code."""

from __future__ import annotations

import pytest

from tasks.places.agencies import AGENCIES, agency_code, agency_in, home_country, name_key
from tasks.places.geocode import geocode_dateline


@pytest.mark.parametrize(
    "written,code",
    [
        ("DEUTSCHE PRESSE-AGENTUR GMBH", "DPA"),  # delivered provider with its legal form
        ("dpa", "DPA"),
        ("AGENCIA EFE", "EFE"),
        ("Agencia EFE, S.A.", "EFE"),  # legal form after a comma
        ("Agence France-Presse", "AFP"),
        ("Agence France Presse", "AFP"),
        ("أ ف ب", "AFP"),  # AFP Arabic's credit
        ("أ.ف.ب", "AFP"),  # the same with dots
        ("法新社", "AFP"),
        ("The Associated Press", "AP"),
        ("Business Wire", "BUSINESSWIRE"),
        ("BUSINESS WIRE", "BUSINESSWIRE"),
        ("TT Nyhetsbyrån", "TT"),
        ("NTB", "NTB"),
        ("ANSA", "ANSA"),
        ("ANP", "ANP"),
        ("APA", "APA"),
        ("Belga", "BELGA"),
        ("Kyodo News", "KYODO"),
        ("新华社", "XINHUA"),
        ("Yonhap", "YONHAP"),
        ("Press Trust of India", "PTI"),
        ("IANS", "IANS"),
        ("ANI", "ANI"),
        ("UNI", "UNI"),
        ("Reuter", "REUTERS"),  # Reuters-21578's trailer
        ("ТАСС", "TASS"),
        ("РИА Новости", "RIA"),
        ("ACAN-EFE", "EFE"),
        ("ACAN - EFE", "EFE"),  # spaces around the hyphen
        ("Keystone-SDA", "SDA"),
        ("ATS", "SDA"),  # the Swiss agency's French name is the same agency
        ("Gracenote", None),  # a data provider, not an agency
        ("", None),
        (None, None),
    ],
)
def test_agency_code(written: str | None, code: str | None) -> None:
    assert agency_code(written) == code


@pytest.mark.parametrize(
    "written,code",
    [
        ("Copyright 2024, dpa (www.dpa.de). Alle Rechte vorbehalten", "DPA"),
        ("© dpa-infocom, dpa:241022-930-267047/1", "DPA"),
        ("XYZ-AFP-DPA", "AFP"),  # a string of credits: the first agency
        ("© AFP 2019", "AFP"),
        ("Copyright dsv - All rights reserved", None),  # an unknown holder stays unknown
        ("Monika Skolimowska/dpa", "DPA"),  # a picture creditline
    ],
)
def test_agency_in_finds_an_agency_inside_a_notice(written: str, code: str | None) -> None:
    assert agency_in(written) == code


def test_no_name_names_two_agencies() -> None:
    keys: dict[str, str] = {}
    for agency in AGENCIES:
        for name in agency.names:
            assert keys.setdefault(name_key(name), agency.code) == agency.code, name


def test_home_country_breaks_a_dateline_tie() -> None:
    assert home_country("PTI") == "IN" and home_country("REUTERS") is None
    # "Aurangabad" is a city in India and another in Bihar/Maharashtra: PTI's is Indian
    place = geocode_dateline("Aurangabad", None, "PTI")
    assert place is not None and place.country == "IN"


@pytest.mark.parametrize(
    "native,english",
    [("Wien", "Vienna"), ("Genève", "Geneva"), ("Lisboa", "Lisbon"), ("Praha", "Prague"),
     ("بيروت", "Beirut"), ("Москва", "Moscow"), ("北京", "Beijing"), ("København", "Copenhagen")],
)  # fmt: skip
def test_native_city_names_geocode_to_the_english_place(native: str, english: str) -> None:
    a, b = geocode_dateline(native, None, None), geocode_dateline(english, None, None)
    assert a is not None and b is not None and a.geonameid == b.geonameid
