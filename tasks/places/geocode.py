"""Place a dateline on the map: city + region as written + agency → country, ISO 3166-2, point.

Evidence is used in the order a desk editor would: the region as written ("PORTLAND, Ore.",
"Amethi (UP)", "New Delhi [India]", "SAN JOSE (COSTA RICA)"), then the agency's home country
(PTI's "Aurangabad" is the Indian one), then size: the candidates and the pick are
`tasks.places.lookup`'s, the ones an entity's name gets, so both agree on the city. When
only the country is certain the answer is the country; when nothing is, None.

Pure and memoised: the same (city, region, agency) always gives the same Place, and a repeat
costs one dictionary hit, so it runs inside parse_story with or without enrichment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tasks.places import lookup as L
from tasks.places import tables as T
from tasks.places.agencies import home_country
from tasks.places.index import gazetteer
from tasks.places.names import fold
from tasks.places.records import Place

# How the wire writes a country in a region ("(UK)", "(USSR)", "West Germany"), folded.
_WIRE_COUNTRIES = {fold(k): v for k, v in T.COUNTRY_ALIASES.items()}


@dataclass(frozen=True)
class Region:
    """What the region as written narrows the search to."""

    countries: tuple[str, ...]
    admin1: str | None = None


def geocode_dateline(city: str | None, region: str | None, agency: str | None) -> Place | None:
    """The place a dateline names, or None when unknown or ambiguous."""
    return _geocode(city or None, region or None, agency or None)


@lru_cache(maxsize=65536)
def _geocode(city: str | None, region: str | None, agency: str | None) -> Place | None:
    home = home_country(agency)
    options = _regions(region, home) if region else ()
    if city is None:
        return _region_place(options)
    key = fold(city)
    key = T.CITY_ALIASES.get(key, key)
    countries = _countries(key)
    if not options and countries:  # "KUWAIT", "SINGAPORE", "BAHRAIN" as datelines
        options = (Region(countries),)
    weighted = L.city_candidates(key)
    if options:
        weighted = [(c, w) for c, w in weighted if any(_in_region(c, r) for r in options)]
        if not weighted:
            return _region_place(options)
    else:
        weighted = L.prefer_home(weighted, home)
    place = L.pick_city(weighted)
    if place is not None and place.admin1 is None and place.geonameid is not None:
        stated = {r.admin1 for r in options if place.country in r.countries and r.admin1}
        if len(stated) == 1:  # GeoNames' code has no ISO mapping here; the region says it
            return L.with_admin1(place, stated.pop())
    return place


def _countries(key: str) -> tuple[str, ...]:
    """The countries a folded name means in a dateline: the wire's own names first."""
    return _WIRE_COUNTRIES.get(key) or gazetteer().iso.country_names.get(key, ())


def _in_region(city: Place, where: Region) -> bool:
    if city.country not in where.countries:
        return False
    return where.admin1 is None or city.admin1 is None or city.admin1 == where.admin1


def _region_place(options: tuple[Region, ...]) -> Place | None:
    """Country (and state) from the region alone: "NO CITY (COLOMBIA)", an unlisted town."""
    if len(options) != 1 or len(options[0].countries) != 1:
        return None
    where = options[0]
    return L.admin_place(where.admin1) if where.admin1 else L.country_place(where.countries[0])


@lru_cache(maxsize=4096)
def _regions(region: str, home: str | None) -> tuple[Region, ...]:
    """The region as written → what it may mean; the last comma part is the widest:
    "Kansas City, Mo." → US-MO, "Amethi (UP)" → IN-UP, "[India]" → IN, "USSR" → RU, UA, ...
    "Georgia" may be the country or the US state: both are kept and the city decides."""
    parts = [p.strip() for p in region.split(",") if p.strip()]
    for part in reversed(parts):
        found = _one_region(part, home)
        if found:
            return found
    return ()


def _one_region(part: str, home: str | None) -> tuple[Region, ...]:
    subdivisions = gazetteer().iso.admin_parts
    key = fold(part)
    compact = part.lower().replace(".", "").replace(" ", "")
    countries = _countries(key)
    if countries and not subdivisions.get(key):  # "[India]", "(UK)", "USSR"
        return (Region(countries),)
    if home == "IN" and compact in T.IN_STATE_ABBREVS:
        return (Region(("IN",), "IN-" + T.IN_STATE_ABBREVS[compact]),)
    if compact in T.US_STATE_ABBREVS:
        return (Region(("US",), "US-" + T.US_STATE_ABBREVS[compact]),)
    if part.isupper() and part in T.US_POSTAL and home is None:
        return (Region(("US",), "US-" + part),)
    if compact in T.CA_PROVINCE_ABBREVS:
        return (Region(("CA",), "CA-" + T.CA_PROVINCE_ABBREVS[compact]),)
    if compact in T.IN_STATE_ABBREVS:
        return (Region(("IN",), "IN-" + T.IN_STATE_ABBREVS[compact]),)
    codes = subdivisions.get(key, ())
    if home is not None and len(codes) > 1:
        codes = tuple(c for c in codes if c.startswith(home + "-")) or codes
    found = tuple(Region((c[:2],), c) for c in codes)
    if countries:
        found = (Region(countries), *found)
    return found
