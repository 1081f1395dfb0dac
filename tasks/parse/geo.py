"""Place a dateline on the map: city + region as written + agency → country, ISO 3166-2, point.

Evidence is used in the order a desk editor would: the region as written ("PORTLAND, Ore.",
"Amethi (UP)", "New Delhi [India]", "SAN JOSE (COSTA RICA)"), then the agency's home country
(PTI's "Aurangabad" is the Indian one), then size (a national capital counts CAPITAL_BOOST
times its population, an alternate name such as "Bombay" only ALT_PENALTY of it). When two
candidates in different places are within AMBIGUITY_RATIO of each other the answer is null,
or only the country when all the close candidates share it: null rather than wrong.

Pure and memoised: the same (city, region, agency) always gives the same Place, and a repeat
costs one dictionary hit, so it runs inside parse_story with or without enrichment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tasks.parse import geo_tables as T
from tasks.parse.gazetteer import City, fold, gazetteer

CAPITAL_BOOST = 10.0  # "SAN JOSE" alone is Costa Rica's capital, not the larger Californian city
ALT_PENALTY = 0.1  # "Calcutta" → Kolkata (alternate name) beats a South African "Calcutta"
AMBIGUITY_RATIO = 3.0  # top weight must be this many times any rival elsewhere
HOME_RATIO = 4.0  # a home-country city wins unless a foreign one is this many times heavier


@dataclass(frozen=True)
class Place:
    """Where a dateline is; city-level fields are None when only the country is known."""

    country: str  # ISO 3166-1 alpha-2
    admin1: str | None = None  # ISO 3166-2
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


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
    home = T.AGENCY_HOME.get(agency or "")
    options = _regions(region, home) if region else ()
    if city is None:
        return _region_place(options)
    key = fold(city)
    key = T.CITY_ALIASES.get(key, key)
    g = gazetteer()
    if not options and key in g.countries:  # "KUWAIT", "SINGAPORE", "BAHRAIN" as datelines
        options = (Region(g.countries[key]),)
    weighted = _candidates(key)
    if options:
        weighted = [(c, w) for c, w in weighted if any(_in_region(c, r) for r in options)]
        if not weighted:
            return _region_place(options)
    elif home is not None:
        at_home = [(c, w) for c, w in weighted if c.country == home]
        if at_home and max(w for _, w in at_home) * HOME_RATIO >= max(w for _, w in weighted):
            weighted = at_home
    place = _pick(weighted)
    if place is not None and place.admin1 is None and place.geonameid is not None:
        stated = {r.admin1 for r in options if place.country in r.countries and r.admin1}
        if len(stated) == 1:  # GeoNames' code has no ISO mapping here; the region says it
            return Place(place.country, stated.pop(), place.lat, place.lon, place.geonameid)
    return place


def _candidates(key: str) -> list[tuple[City, float]]:
    """Every city known by that name, weighted by population, capital and alternate status."""
    g = gazetteer()
    out: dict[int, tuple[City, float]] = {}
    for alt, cities in ((False, g.by_name.get(key, ())), (True, g.by_alt.get(key, ()))):
        for c in cities:
            weight = max(c.population, 1) * (ALT_PENALTY if alt else 1.0)
            weight *= CAPITAL_BOOST if c.capital and not alt else 1.0  # not Amman's "Philadelphia"
            if c.geonameid not in out or out[c.geonameid][1] < weight:
                out[c.geonameid] = (c, weight)
    return list(out.values())


def _in_region(city: City, where: Region) -> bool:
    if city.country not in where.countries:
        return False
    return where.admin1 is None or city.admin1 is None or city.admin1 == where.admin1


def _pick(weighted: list[tuple[City, float]]) -> Place | None:
    """The heaviest candidate, unless a candidate elsewhere is close (then country or None)."""
    if not weighted:
        return None
    weighted.sort(key=lambda cw: (-cw[1], cw[0].geonameid))
    top, top_w = weighted[0]
    close = [c for c, w in weighted[1:] if w * AMBIGUITY_RATIO > top_w]
    rivals = [c for c in close if (c.country, c.admin1) != (top.country, top.admin1)]
    if not rivals:
        return Place(top.country, top.admin1, top.lat, top.lon, top.geonameid)
    if all(c.country == top.country for c in rivals):
        return Place(top.country)
    return None


def _region_place(options: tuple[Region, ...]) -> Place | None:
    """Country (and state) from the region alone: "NO CITY (COLOMBIA)", an unlisted town."""
    if len(options) != 1 or len(options[0].countries) != 1:
        return None
    return Place(options[0].countries[0], options[0].admin1)


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
    g = gazetteer()
    key = fold(part)
    compact = part.lower().replace(".", "").replace(" ", "")
    if key in g.countries and not g.subdivisions.get(key):  # "[India]", "(UK)", "USSR"
        return (Region(g.countries[key]),)
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
    codes = g.subdivisions.get(key, ())
    if home is not None and len(codes) > 1:
        codes = tuple(c for c in codes if c.startswith(home + "-")) or codes
    found = tuple(Region((c[:2],), c) for c in codes)
    if key in g.countries:
        found = (Region(g.countries[key]), *found)
    return found
