"""Names → places: the one way a dateline city, an entity's name or a code becomes a `Place`.

A bare name is read the way a desk editor reads one: a country by any of its names first,
then a continent, a state or province, then a city, weighed by size (a national capital counts
CAPITAL_BOOST times its population, a city found only by an alternate name such as "Bombay"
ALT_PENALTY of it). When two candidates in different places are within AMBIGUITY_RATIO of each
other the answer is None ("Cambridge", "Hamilton"): null rather than wrong. Evidence narrows
the candidates first: the country to prefer (a dateline's agency; later a story's dateline).
Dateline geocoding (`tasks.places.geocode`) uses the same candidates and the same pick, so a
dateline and an entity that name a place get the same GeoNames id.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from tasks.places.index import gazetteer
from tasks.places.names import fold
from tasks.places.records import Place

CAPITAL_BOOST = 10.0  # "SAN JOSE" alone is Costa Rica's capital, not the larger Californian city
ALT_PENALTY = 0.1  # "Calcutta" → Kolkata (alternate name) beats a South African "Calcutta"
AMBIGUITY_RATIO = 3.0  # top weight must be this many times any rival elsewhere
HOME_RATIO = 4.0  # a home-country city wins unless a foreign one is this many times heavier
# A state's country must be this many times as populous as any namesake state's: country size
# says less about a state than a city's own size says about a city ("Gaza": Mozambique's
# province is in a country 7x Palestine's; "Maryland": the US is 68x Liberia).
ADMIN_RATIO = 10.0

Weighted = list[tuple[Place, float]]


def city_candidates(key: str) -> Weighted:
    """Every city known by that folded name, weighted by population, capital and alternate
    status; a city known by it both ways counts once, at its heavier weight."""
    g = gazetteer()
    out: dict[int, tuple[Place, float]] = {}
    for alt, ids in ((False, g.by_name.get(key, ())), (True, g.by_alt.get(key, ()))):
        for gid in ids:
            city = g.cities[gid]
            weight = max(city.population, 1) * (ALT_PENALTY if alt else 1.0)
            weight *= CAPITAL_BOOST if gid in g.capitals and not alt else 1.0  # not Amman's
            if gid not in out or out[gid][1] < weight:  # "Philadelphia"
                out[gid] = (city, weight)
    return list(out.values())


def prefer_home(weighted: Weighted, home: str | None) -> Weighted:
    """Only the home country's cities, unless a foreign one is HOME_RATIO times heavier:
    "Aurangabad, Jul 3 (PTI)" is the Indian one, PTI's "London" is still England's."""
    if home is None:
        return weighted
    at_home = [(c, w) for c, w in weighted if c.country == home]
    if at_home and max(w for _, w in at_home) * HOME_RATIO >= max(w for _, w in weighted):
        return at_home
    return weighted


def pick_city(weighted: Weighted) -> Place | None:
    """The heaviest candidate; if a candidate elsewhere is close, only the country they all
    share, else None."""
    if not weighted:
        return None
    weighted.sort(key=lambda cw: (-cw[1], cw[0].geonameid))
    top, top_w = weighted[0]
    close = [c for c, w in weighted[1:] if w * AMBIGUITY_RATIO > top_w]
    rivals = [c for c in close if (c.country, c.admin1) != (top.country, top.admin1)]
    if not rivals:
        return top
    if all(c.country == top.country for c in rivals):
        return country_place(top.country)
    return None


def pick_admin(codes: tuple[str, ...]) -> Place | None:
    """One of the states or provinces of that name: the one in a country ADMIN_RATIO times as
    populous as any other's ("Maryland": the US state, not Liberia's county), else None
    ("Punjab": India's or Pakistan's; "Gaza"). Size stands in for how often the news names
    it, as it does for cities, with a wider margin."""
    weighted = sorted(((c, country_place(c[:2]).population) for c in codes), key=lambda cw: -cw[1])
    top, top_w = weighted[0]
    if any(w * ADMIN_RATIO > top_w for _, w in weighted[1:]):
        return None
    return admin_place(top)


def country_place(code: str) -> Place:
    """The country of an alpha-2 code: "US" → United States."""
    found = gazetteer().iso.countries.get(code)
    return found if found is not None else Place("country", code, code)


def admin_place(code: str) -> Place:
    """The subdivision of an ISO 3166-2 code: "US-OR" → Oregon."""
    found = gazetteer().iso.admins.get(code)
    return found if found is not None else Place("admin", code, code[:2], code)


def with_admin1(city: Place, admin1: str) -> Place:
    """A city whose GeoNames code has no ISO mapping, placed in the subdivision evidence gives."""
    return replace(city, admin1=admin1)


def places_named(name: str, *, alternates: bool = True) -> tuple[Place, ...]:
    """Every place a whole name names, of the first kind that has one: countries, continents,
    states and provinces, cities by their own name, then (`alternates`) cities by another
    name ("Wien", "Bombay"). A label prior leaves alternates out: some are words that name
    something else here ("Vine" is Vienna in one language)."""
    g = gazetteer()
    key = fold(name)
    if key in g.iso.country_names:
        return tuple(country_place(code) for code in g.iso.country_names[key])
    if key in g.continents:
        return (g.continents[key],)
    if key in g.iso.admin_names:
        return tuple(admin_place(code) for code in g.iso.admin_names[key])
    tiers = (g.by_name, g.by_alt) if alternates else (g.by_name,)
    for index in tiers:
        if key in index:
            return tuple(g.cities[gid] for gid in index[key])
    return ()


@lru_cache(maxsize=1 << 16)  # entity names repeat across stories; bounded, memory stays flat
def place_for_name(name: str, *, home: str | None = None) -> Place | None:
    """The one place a whole name denotes, else None (unknown or ambiguous).

    A country by any of its names ("Russia", "Russian Federation"), else a continent
    ("Africa", "Europa"), else a state or province ("Bihar"; several of that name: the one in
    `home`, else `pick_admin`'s), else the city the name means ("Mumbai", "Bombay", "Praha"
    → Prague), weighed as a dateline's city is.
    """
    g = gazetteer()
    key = fold(name)
    if key in g.iso.country_names:
        codes = g.iso.country_names[key]
        return country_place(codes[0]) if len(codes) == 1 else None
    if key in g.continents:
        return g.continents[key]
    if key in g.iso.admin_names:
        codes = g.iso.admin_names[key]
        if home is not None and len(codes) > 1:
            codes = tuple(c for c in codes if c.startswith(home + "-")) or codes
        capital = _capital_named(key, codes) if home is None else None
        return capital or pick_admin(codes)
    found = pick_city(prefer_home(city_candidates(key), home))
    return found if found is not None and found.kind == "city" else None


def _capital_named(key: str, codes: tuple[str, ...]) -> Place | None:
    """A state named like its country's capital means the capital when named alone: a bare
    "Washington" in the news is the District of Columbia (the wire writes "Washington state"
    for the other), "Tokyo" and "Berlin" the cities. Only by the capital's own name, and only
    for a name one subdivision holds."""
    g = gazetteer()
    if len(codes) != 1:  # "San Jose": provinces of Costa Rica and Uruguay, which one?
        return None
    countries = {codes[0].split("-", 1)[0]}
    for gid in g.by_name.get(key, ()):
        city = g.cities[gid]
        if gid in g.capitals and city.country in countries:
            return city
    return None


def same_place(a: str, b: str) -> bool:
    """Whether two names denote one place: "Bombay" and "Mumbai", "Praha" and "Prague". A
    state named like its city is the same place as the city when that city is what its name
    also names: "Wien" (ISO's name of the Land) and "Vienna"."""
    pa, pb = place_for_name(a), place_for_name(b)
    if pa is None or pb is None:
        return False
    if pa.kb_id == pb.kb_id:
        return True
    return _city_reading(a, pa) == pb or _city_reading(b, pb) == pa


def place_identity(name: str) -> str | None:
    """The kb_id of the one place a name denotes, a state named like its city read as that
    city ("Wien" → Vienna's GeoNames id, as "Vienna" and "Vienne" are): names with one
    identity are one place (the entity catalog merges them). None: unknown or ambiguous."""
    place = place_for_name(name)
    if place is None:
        return None
    return (_city_reading(name, place) or place).kb_id


def _city_reading(name: str, place: Place) -> Place | None:
    if place.kind != "admin":
        return None
    city = pick_city(city_candidates(fold(name)))
    # pick_city reads namesakes in one country as that country ("Nevada": towns in Missouri
    # and Iowa → the United States), which a state is not
    if city is None or city.kind != "city" or city.country != place.country:
        return None
    return city


def country_for_code(code: str) -> Place | None:
    """The country an upper-case ISO alpha-2/alpha-3 code names: "US", "USA", "UK" → the
    United States, the United Kingdom; "IT" the sector is for the caller to rule out."""
    if not code.isupper():
        return None
    found = gazetteer().iso.country_codes.get(code)
    return country_place(found) if found is not None else None
