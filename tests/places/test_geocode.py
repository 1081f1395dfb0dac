"""Geocoded datelines: region as written, then agency home, then size; null rather than wrong."""

from __future__ import annotations

import pytest

from tasks.parse.story import parse_story
from tasks.places import geocode_dateline, place_for_name
from tasks.places.index import gazetteer

# (city, region as written, agency) → (country, ISO 3166-2 or None, has coordinates)
PLACED = [
    (("Portland", "Ore.", None), ("US", "US-OR", True)),  # AP state abbreviation
    (("Richmond", "Va.", None), ("US", "US-VA", True)),
    (("Portland", "Maine", None), ("US", "US-ME", True)),  # the region beats population
    (("Kansas City", "Mo.", None), ("US", "US-MO", True)),
    (("St. Paul", "MN", None), ("US", "US-MN", True)),  # postal code in capitals
    (("Atlanta", "Georgia", None), ("US", "US-GA", True)),  # state, not the country
    (("Toronto", "Ont.", None), ("CA", "CA-ON", True)),
    (("New Delhi", "India", "ANI"), ("IN", "IN-DL", True)),  # "[India]"
    (("Amethi", "UP", "PTI"), ("IN", "IN-UP", True)),  # "(UP)": an Indian state for PTI
    (("Srinagar", "J&K", "PTI"), ("IN", "IN-JK", True)),
    (("San Jose", "Costa Rica", None), ("CR", None, True)),  # "(COSTA RICA)"
    (("San Jose", "Calif.", None), ("US", "US-CA", True)),
    (("Moscow", "USSR", None), ("RU", None, True)),  # a union that no longer exists
    (("Prague", "CZECHOSLOVAKIA", None), ("CZ", None, True)),
    (("London", "UK", "XINHUA"), ("GB", "GB-ENG", True)),  # "UK" is not Uttarakhand here
    (("Aurangabad", None, "PTI"), ("IN", "IN-MH", True)),  # agency home, then size
    (("London", None, "PTI"), ("GB", "GB-ENG", True)),  # no London at home: the real one
    (("Washington", None, "REUTERS"), ("US", "US-DC", True)),  # a capital
    (("New York", None, None), ("US", "US-NY", True)),  # alternate name of New York City
    (("San Jose", None, None), ("CR", None, True)),  # bare: the capital, as AP style means
    (("Frankfurt", None, "DPA"), ("DE", "DE-HE", True)),  # am Main, ten times the Oder one
    (("Bombay", None, None), ("IN", "IN-MH", True)),  # old names
    (("Peking", None, None), ("CN", None, True)),
    (("West Berlin", None, None), ("DE", "DE-BE", True)),  # a name GeoNames no longer lists
    (("Gurgaon", None, "PTI"), ("IN", "IN-HR", True)),
    (("Philadelphia", None, None), ("US", "US-PA", True)),  # not Amman (ancient Philadelphia)
    (("Sao Paulo", None, None), ("BR", None, True)),  # accents folded
    (("Kuwait", None, None), ("KW", None, True)),  # a country name as dateline: its city
    (("Bahrain", None, None), ("BH", None, False)),  # country only: no city of that name
    ((None, "COLOMBIA", None), ("CO", None, False)),  # "NO CITY (COLOMBIA)"
    (("Springfield", None, None), ("US", None, False)),  # several states: country only
]

UNPLACED = [
    ("Cambridge", None, None),  # England or Massachusetts: too close to call
    ("Hamilton", None, None),  # Ontario, New Zealand, Scotland, Bermuda
    ("Valencia", None, None),  # Venezuela or Spain, no agency to break the tie
    ("La Paz", "Georgia", None),  # neither country nor state has it, and they disagree
    ("Intuit Inc", None, None),  # not a place (AG News company prefix)
    ("Update", None, None),
    (None, None, "REUTERS"),  # credit only
    ("Atlantis", "Ore.", None),  # unknown town: state only, see next test
]


@pytest.mark.parametrize(("args", "want"), PLACED, ids=lambda v: str(v))
def test_dateline_is_placed(
    args: tuple[str | None, str | None, str | None], want: tuple[str, str | None, bool]
) -> None:
    place = geocode_dateline(*args)
    assert place is not None
    assert (place.country, place.admin1, place.lat is not None) == want
    assert (place.geonameid is None) == (place.lat is None) == (place.lon is None)


@pytest.mark.parametrize("args", UNPLACED[:-1], ids=lambda v: str(v))
def test_ambiguous_or_unknown_is_null(args: tuple[str | None, str | None, str | None]) -> None:
    assert geocode_dateline(*args) is None


def test_unknown_town_keeps_the_state_as_written() -> None:
    place = geocode_dateline("Atlantis", "Ore.", None)
    assert place is not None and (place.country, place.admin1, place.lat) == ("US", "US-OR", None)


def test_coordinates_are_the_geonames_city() -> None:
    place = geocode_dateline("New Delhi", "India", "ANI")
    assert place is not None and place.geonameid is not None
    assert abs(place.lat - 28.6) < 0.2 and abs(place.lon - 77.2) < 0.2


def test_gazetteer_is_built_once() -> None:
    assert gazetteer() is gazetteer()


@pytest.mark.parametrize(
    ("city", "agency"),
    [("Mumbai", None), ("Bombay", None), ("Aurangabad", "PTI"), ("New Delhi", "ANI"),
     ("Philadelphia", None), ("Frankfurt", "DPA"), ("Cambridge", None)],
)  # fmt: skip
def test_a_dateline_city_and_the_same_name_in_a_story_are_one_place(
    city: str, agency: str | None
) -> None:
    """One gazetteer: the city a bare dateline names is the city an entity of that name gets
    (with the agency's home as evidence for both), or neither gets one ("Cambridge")."""
    home = {"PTI": "IN", "ANI": "IN", "DPA": "DE"}.get(agency or "")
    dateline = geocode_dateline(city, None, agency)
    city_level = dateline if dateline is not None and dateline.kind == "city" else None
    assert place_for_name(city, home=home) == city_level


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        ("PORTLAND, Ore., Feb 26 - Sawmills closed.", "US", "US-OR"),
        ("New Delhi [India], March 23 (ANI): Leader spoke.", "IN", "IN-DL"),
        ("SAN SALVADOR, 3 JAN 90 (EFE) -- [TEXT] Troops moved.", "SV", None),
        ("WASHINGTON/NEW YORK (Reuters) - Stocks fell.", "US", "US-DC"),  # the first city
        ("(Reuters) - Former President Barack Obama spoke.", None, None),  # no city, no place
    ],
)
def test_parse_story_geocodes_its_dateline(
    text: str, country: str | None, admin1: str | None
) -> None:
    place = parse_story(text).place
    assert (place.country if place else None, place.admin1 if place else None) == (
        country,
        admin1,
    )
