"""Name variants and junk: the rules that decide what one entity's name is, story or corpus.

Why one module: the per-story canonical layer and the corpus catalog must fold names the same
way ("U.S." and "United States" are one entity in a story and across stories), and an id is
a hash of the folded key (`tasks.enrich.catalog.entity_id_for`), so the rules live once.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from tasks import places
from tasks.enrich import entity_patterns as P
from tasks.ingest.repair import repair_apostrophes  # the one rule, re-exported for NER input

__all__ = [
    "canonical_name",
    "fold_key",
    "is_junk_name",
    "name_key",
    "place_kind",
    "place_of",
    "place_prior",
    "repair_apostrophes",
]

# Cities below this population never override the model's label (surnames like "Lincoln",
# "Florence" are also towns); they still give a kb_id to a mention the model calls a place.
BIG_CITY = 1_000_000


@lru_cache(maxsize=1 << 16)  # names repeat across a batch; bounded, so memory stays flat
def fold_key(name: str) -> str:
    """The identity fold: case, accents and spacing ignored, punctuation kept ("Bihār" →
    "bihar", "AT&T" → "at&t").

    Entity ids hash it (`name_key`), so it must never change. It is not the gazetteer's
    `tasks.places.fold`, which also drops dots, apostrophes and hyphens so "ST. LOUIS" meets
    "St Louis": using that here would give "Coca-Cola" or "O'Brien" a new id.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(ascii_only.casefold().split())


def is_junk_name(name: str) -> bool:
    """Fragments that must never become an entity.

    "India?s" / "didn?t" (damaged apostrophe), "Baltimore;23;13" (a table row's cells, should
    one reach the model), "'s" / "s’" (possessive leftovers), "A"
    (single letter), "the government" (lower-case start; "de Klerk" and "eBay" are names),
    '"Modi' (starts with punctuation), and run-on spans longer than any real name.
    """
    name = name.strip()
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or "?" in name or not P.TABLE_SEPARATORS.isdisjoint(name):
        return True  # "Baltimore;23;13": a table row, never a name
    first = name[0]
    if not (first.isalnum() or first in "’'") or (first in "’'" and not name[1:2].isupper()):
        return True
    if name.endswith(P.POSSESSIVES) or name.lower().endswith(P.POSSESSIVES):
        return True  # "Kharge's" survived trimming only as a damaged span
    words = name.split()
    if len(words) > P.MAX_NAME_WORDS:
        return True
    if first.isalpha() and first.islower():
        if P.CAMEL_BRAND.match(name):
            return False
        opener, _, glued = words[0].partition("-")  # "al-Assad": the name after the hyphen
        tail_capital = glued[:1].isupper() or any(w[:1].isupper() for w in words[1:])
        return not (opener.lower() in P.LOWER_NAME_OPENERS and tail_capital)
    return False


def place_of(name: str) -> places.Place | None:
    """The one place a whole name denotes (its kb_id), codes included ("U.S.", "UK" → a
    country); None when the gazetteer does not know it or the name is ambiguous."""
    if P.DOTTED_ACRONYM.match(name):
        return places.country_for_code(name.replace(".", ""))
    if _is_code(name) and not places.places_named(name, alternates=False):
        return places.country_for_code(name)
    return places.place_for_name(name)


def place_kind(name: str) -> tuple[str | None, bool]:
    """What a whole name names, for label priors: the kind ("country", "continent", "admin",
    "city" or None) and whether it is strong enough to make the name a place (GPE) whatever
    the model said.

    Every country and state is (a continent is a place, but no GPE); a city only by its own
    name and with BIG_CITY people: an alternate name or a small town proves little ("Vine"
    is Vienna in some language, "Lincoln" a surname). Several places of one kind ("Punjab":
    India's and Pakistan's) still make the name that kind of place.
    """
    if P.DOTTED_ACRONYM.match(name):
        named: tuple[places.Place, ...] = ()
        code = places.country_for_code(name.replace(".", ""))
    else:
        named = places.places_named(name, alternates=False)
        code = places.country_for_code(name) if not named and _is_code(name) else None
    if code is not None:
        return "country", True
    if not named:
        return None, False
    kind = named[0].kind
    big = kind == "city" and any(p.population >= BIG_CITY for p in named)
    return kind, kind in ("country", "admin") or big


def _is_code(name: str) -> bool:
    return name.isupper() and 2 <= len(name) <= 3


def canonical_name(name: str, label: str) -> str:
    """The display name a surface folds to under `label`.

    Countries fold to one name whatever the spelling ("U.S.", "USA", "United States of
    America" → "United States"; an undotted code only when the model called it a place:
    "IT" the sector is not Italy); NORP plurals fold to the singular ("Republicans" →
    "Republican"); dotted acronyms lose their dots ("U.N." → "UN").
    """
    name = " ".join(name.split())
    if label == "NORP":
        m = P.NORP_PLURAL.match(name)
        if m and " " not in name:
            return m.group("stem")
        return name
    if label == "PERSON":
        return name
    dotted = bool(P.DOTTED_ACRONYM.match(name))
    if dotted or label in P.PLACE_LABELS or not (name.isupper() and len(name) <= 3):
        place = place_of(name)
        if place is not None and place.kind == "country":
            return place.name
    if dotted:
        return name.replace(".", "")
    return name


@lru_cache(maxsize=1 << 17)
def name_key(name: str, label: str) -> str:
    """The identity key of a name: folded canonical name (case, accents, spacing ignored).

    The label only steers folding (`canonical_name`); it is not part of the key, so "Trump"
    called ORG in one story and PERSON in another is one entity, whose label the catalog votes.
    Cached: resolution keys every entities row of the corpus (a few names, many rows), and
    the key depends on nothing but its arguments and the fixed gazetteer.
    """
    return fold_key(canonical_name(name, label))


def place_prior(surface: str, label: str) -> str:
    """A name the gazetteer knows as a place is a place (GPE), whatever the model said.

    Countries override every label ("Twitter"-style mistakes: "India" as ORG or PERSON; a
    person who shares a country's name is folded back to PERSON by the surname rule), states
    and provinces and cities of a million override ORG and NORP only: "Victoria", "Bolivar",
    "Lincoln" are also people. Sports lines are decided after this, by `_table_label`.
    """
    if label not in ("PERSON", "ORG", "NORP"):
        return label
    kind, strong = place_kind(" ".join(surface.split()))
    if not strong or (label == "PERSON" and kind != "country"):
        return label
    return "GPE"
