"""Names → places (tasks.places.lookup): what a dateline, an entity's label prior and its kb_id
all read, so they agree."""

from __future__ import annotations

import pytest

from tasks.places import (
    country_for_code,
    place_for_name,
    place_identity,
    places_named,
    same_place,
)


@pytest.mark.parametrize(
    ("name", "kind", "kb_id"),
    [
        ("India", "country", "iso3166:IN"),
        ("Russian Federation", "country", "iso3166:RU"),  # ISO's name
        ("Russia", "country", "iso3166:RU"),  # GeoNames' usual name
        ("Republic of Korea", "country", "iso3166:KR"),  # ISO's "Korea, Republic of" reversed
        ("Kosovo", "country", "iso3166:XK"),  # a code ISO leaves to others; GeoNames has it
        ("Georgia", "country", "iso3166:GE"),  # the country outranks the US state
        ("Africa", "continent", "geonames:6255146"),  # not Mahdia, once called Africa
        ("Europa", "continent", "geonames:6255148"),  # Europe in a dozen languages
        ("Bihar", "admin", "iso3166-2:IN-BR"),  # pycountry spells it "Bihār"
        ("Uttar Pradesh", "admin", "iso3166-2:IN-UP"),
        ("Comunidad de Madrid", "admin", "iso3166-2:ES-MD"),  # ISO's "Madrid, Comunidad de"
        ("Madrid", "city", "geonames:3117735"),  # ... so the bare name is the city
        ("Mumbai", "city", "geonames:1275339"),
        ("Bombay", "city", "geonames:1275339"),  # an old name: the same GeoNames id
        ("Praha", "city", "geonames:3067696"),  # Prague in Czech
        ("بيروت", "city", "geonames:276781"),  # Beirut in Arabic
        ("Hyderabad", "city", "geonames:1269843"),  # India's: five times Pakistan's
        ("San Jose", None, None),  # provinces of Costa Rica and Uruguay: which one?
        ("Maryland", "admin", "iso3166-2:US-MD"),  # the US state, not Liberia's county
        # a state named like its country's capital: alone, the capital (issue 28: political
        # copy about Washington was linked to the state of Washington)
        ("Washington", "city", "geonames:4140963"),
        ("Tokyo", "city", "geonames:1850147"),  # the metropolis (prefecture) → the capital
        ("New York", "admin", "iso3166-2:US-NY"),  # the state: New York City is no capital
        # names the press gives a country that ISO and GeoNames do not: one country, one id
        ("Britain", "country", "iso3166:GB"),
        ("Great Britain", "country", "iso3166:GB"),
        ("England", "admin", "iso3166-2:GB-ENG"),  # a part of it stays a part
        ("Punjab", None, None),  # India's state or Pakistan's province: null rather than wrong
        ("Gaza", None, None),  # Palestine's governorate or Mozambique's province
        ("Cambridge", None, None),  # England or Massachusetts: null rather than wrong
        ("Springfield", None, None),  # several US towns: a country is not what it names
        ("Mallikarjun Kharge", None, None),
    ],
)
def test_place_for_name(name: str, kind: str | None, kb_id: str | None) -> None:
    place = place_for_name(name)
    assert (place.kind, place.kb_id) == (kind, kb_id) if kind else place is None


@pytest.mark.parametrize(
    ("name", "home", "kb_id"),
    [
        ("Punjab", "PK", "iso3166-2:PK-PB"),  # evidence beats size
        ("San Jose", "CR", "iso3166-2:CR-SJ"),
        ("Aurangabad", "IN", "geonames:1278149"),  # Maharashtra's, not Bihar's
        ("Hyderabad", "PK", "geonames:1176734"),  # Sindh's, for a Pakistani wire
    ],
)
def test_evidence_of_a_home_country_picks_among_namesakes(name: str, home: str, kb_id: str) -> None:
    place = place_for_name(name, home=home)
    assert place is not None and place.kb_id == kb_id


@pytest.mark.parametrize(
    ("name", "alternates", "kinds", "n"),
    [
        ("Punjab", True, {"admin"}, 2),  # two states: a place, though not which
        ("New York", True, {"admin"}, 1),  # the state outranks the city's alternate name
        ("Vienna", False, {"city"}, 3),  # Austria's and two American towns, by their own name
        ("Wien", True, {"admin"}, 1),  # the Land of Vienna (ISO's name)
        ("Bombay", False, set(), 0),  # only an alternate name ...
        ("Bombay", True, {"city"}, 1),  # ... of Mumbai
    ],
)
def test_places_named_gives_every_place_of_the_first_kind(
    name: str, alternates: bool, kinds: set[str], n: int
) -> None:
    found = places_named(name, alternates=alternates)
    assert {p.kind for p in found} == kinds and len(found) == n


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bombay", "Mumbai", True),
        ("Praha", "Prague", True),
        ("Lisboa", "Lisbon", True),  # "Lisboa" is also ISO's district: the city it names
        ("Wien", "Vienna", True),  # the Land named like its city
        ("Genève", "Geneva", True),
        ("欧洲", "Europe", True),
        ("بيروت", "Beirut", True),
        ("Vienna", "Berlin", False),
        ("Cambridge", "Cambridge", False),  # ambiguous: nothing to be the same as
        ("Wien", "Graz", False),
        # a state whose name towns in several of its country's states share is no town, and
        # not its country: "Nevada" (Nevada, Missouri and Nevada, Iowa) is not the US
        ("Nevada", "United States", False),
        ("Oregon", "United States", False),
        ("Nevada", "Nevada", True),
    ],
)
def test_same_place(a: str, b: str, same: bool) -> None:
    assert same_place(a, b) is same


@pytest.mark.parametrize(
    ("code", "kb_id"),
    [("US", "iso3166:US"), ("USA", "iso3166:US"), ("UK", "iso3166:GB"), ("us", None),
     ("XK", None), ("ZZ", None)],
)  # fmt: skip
def test_country_for_code(code: str, kb_id: str | None) -> None:
    """ISO alpha-2/alpha-3 and reserved codes, upper case only ("us" is a word); codes ISO does
    not assign are not read as countries ("XK" may be anything in a story)."""
    place = country_for_code(code)
    assert (place.kb_id if place else None) == kb_id


@pytest.mark.parametrize(
    ("name", "kb_id"),
    [
        ("Wien", "geonames:2761369"),  # the Land read as its city, as "Vienna" is
        ("Vienna", "geonames:2761369"),
        ("Texas", "iso3166-2:US-TX"),  # no town of that name: the state
        ("Nevada", "iso3166-2:US-NV"),  # towns in two states share it: still the state
        ("United States", "iso3166:US"),
        ("Cambridge", None),  # ambiguous
    ],
)
def test_place_identity(name: str, kb_id: str | None) -> None:
    assert place_identity(name) == kb_id
