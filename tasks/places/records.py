"""The one record of a place, whoever asked: a dateline, an entity's label prior, its kb_id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["city", "admin", "country", "continent"]


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames city, a first-level ISO 3166-2 subdivision, an ISO 3166-1 country, or one
    of GeoNames' continents.

    A city carries its GeoNames id and point; a subdivision and a country are identified by
    their ISO codes alone (a dateline placed only that far has no point and no GeoNames id).
    `admin1` of a city is its ISO 3166-2 subdivision where GeoNames' code maps to one. A
    continent has its GeoNames id and no country.
    """

    kind: Kind
    name: str  # display: GeoNames' "Mumbai", ISO's "Bihar" (accents dropped), "Russia"
    country: str  # ISO 3166-1 alpha-2 ("" for a continent)
    admin1: str | None = None  # ISO 3166-2: "US-OR", "IN-UP"
    geonameid: int | None = None  # cities and continents: 1275339
    lat: float | None = None  # WGS84, cities and continents
    lon: float | None = None
    population: int = 0  # GeoNames' figure (not for subdivisions)

    @property
    def kb_id(self) -> str:
        """The identity two mentions of one place share: "geonames:1275339",
        "iso3166-2:IN-BR", "iso3166:US"."""
        if self.geonameid is not None:  # a city or a continent
            return f"geonames:{self.geonameid}"
        if self.kind == "admin":
            return f"iso3166-2:{self.admin1}"
        return f"iso3166:{self.country}"
