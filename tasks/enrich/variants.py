"""Name variants and junk: the rules that decide what one entity's name is, story or corpus.

Why one module: the per-story canonical layer and the corpus catalog must fold names the same
way ("U.S." and "United States" are one entity in a story and across stories), and an id is
a hash of the folded key (`tasks.enrich.catalog.entity_id_for`), so the rules live once.
"""

from __future__ import annotations

from functools import lru_cache

from tasks.enrich import entity_patterns as P
from tasks.enrich import gazetteer as G
from tasks.ingest.repair import repair_apostrophes  # the one rule, re-exported for NER input

__all__ = [
    "canonical_name",
    "is_junk_name",
    "name_key",
    "place_of",
    "place_prior",
    "repair_apostrophes",
]


def is_junk_name(name: str) -> bool:
    """Fragments that must never become an entity.

    "India?s" / "didn?t" (damaged apostrophe), "'s" / "s’" (possessive leftovers), "A"
    (single letter), "the government" (lower-case start; "de Klerk" and "eBay" are names),
    '"Modi' (starts with punctuation), and run-on spans longer than any real name.
    """
    name = name.strip()
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or "?" in name:
        return True
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


def place_of(name: str) -> G.Place | None:
    """The gazetteer place a whole name denotes, codes included ("U.S.", "UK" → a country)."""
    if P.DOTTED_ACRONYM.match(name):
        return G.country_code_name(name.replace(".", ""))
    place = G.lookup(name)
    if place is None and name.isupper() and 2 <= len(name) <= 3:
        return G.country_code_name(name)
    return place


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
    return G.fold(canonical_name(name, label))


def place_prior(surface: str, label: str) -> str:
    """A name the gazetteer knows as a place is a place (GPE), whatever the model said.

    Countries override every label ("Twitter"-style mistakes: "India" as ORG or PERSON; a
    person who shares a country's name is folded back to PERSON by the surname rule), states
    and provinces and cities of a million override ORG and NORP only: "Victoria", "Bolivar",
    "Lincoln" are also people. Sports lines are decided after this, by `_table_label`.
    """
    if label not in ("PERSON", "ORG", "NORP"):
        return label
    place = place_of(" ".join(surface.split()))
    if place is None or not place.is_strong:
        return label
    if label == "PERSON" and place.kind != "country":
        return label
    return "GPE"
