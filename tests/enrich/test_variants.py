"""Name folding, junk names and the damaged-apostrophe repair (tasks.enrich.variants)."""

from __future__ import annotations

import pytest

from tasks.enrich.catalog import entity_id_for, is_acronym
from tasks.enrich.variants import (
    canonical_name,
    fold_key,
    is_junk_name,
    place_kind,
    place_of,
    place_prior,
    repair_apostrophes,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("India?s growth", "India’s growth"),  # indian-wire: curly apostrophe lost to "?"
        ("they didn?t say", "they didn’t say"),
        ("we?re here, they?ll go", "we’re here, they’ll go"),
        ("Why? She left.", "Why? She left."),  # a real question mark: a space follows
        ('"Is it?" he asked', '"Is it?" he asked'),
        ("D?Souza said", "D’Souza said"),  # a surname's apostrophe (the cleaning rule's)
        ("FullQuote.aspx?s=SPLS.O", "FullQuote.aspx?s=SPLS.O"),  # a URL's query is no apostrophe
    ],
)
def test_repair_apostrophes_keeps_length(text: str, expected: str) -> None:
    assert repair_apostrophes(text) == expected
    assert len(repair_apostrophes(text)) == len(text)  # NER offsets stay valid


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("India?s", True),  # damaged apostrophe
        ("didn?t", True),
        ("Lalu Prasad?s", True),
        ("'s", True),  # possessive leftover
        ("Kharge's", True),
        ("A", True),  # single letter
        ("the government", True),  # lower-case start
        ('"Modi', True),  # starts with punctuation
        ("de Klerk", False),  # a lower-case particle opening a real name
        ("al-Assad", False),
        ("eBay", False),  # brand written in camel case
        ("Mallikarjun Kharge", False),
        ("U.S.", False),
        ("'N Sync", False),  # a name may open with an apostrophe before a capital
        ("Baltimore;23;13;.639", True),  # an agate row's cells (issue 28), never a name
        ("Colombo\t77", True),
        ("Bayern München | 6", True),
    ],
)
def test_is_junk_name(name: str, junk: bool) -> None:
    assert is_junk_name(name) is junk


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("U.S.", "GPE", "United States"),  # dotted country code
        ("Britain", "GPE", "United Kingdom"),  # the press's name for the country (issue 28)
        ("U.S.", "ORG", "United States"),  # dotted: unambiguous whatever the label
        ("US", "GPE", "United States"),
        ("USA", "GPE", "United States"),
        ("US", "ORG", "US"),  # undotted code only when the model called it a place
        ("IT", "ORG", "IT"),  # the sector, not Italy
        ("UK", "GPE", "United Kingdom"),  # ISO "exceptionally reserved" code
        ("United States of America", "GPE", "United States"),  # official name
        ("Russian Federation", "GPE", "Russia"),  # GeoNames short name
        ("Republicans", "NORP", "Republican"),  # NORP plural
        ("Sikhs", "NORP", "Sikh"),
        ("Swiss", "NORP", "Swiss"),  # no plural -s
        ("U.N.", "ORG", "UN"),  # dotted acronym loses its dots
        ("Imran Khan", "PERSON", "Imran Khan"),
    ],
)
def test_canonical_name(name: str, label: str, expected: str) -> None:
    assert canonical_name(name, label) == expected


def test_entity_id_ignores_label_and_variant_spelling() -> None:
    # One id per entity: the label is voted by the catalog, spelling variants fold.
    assert entity_id_for("Trump", "ORG") == entity_id_for("Trump", "PERSON")
    assert entity_id_for("U.S.", "GPE") == entity_id_for("United States", "GPE")
    assert entity_id_for("BJP", "ORG") != entity_id_for("Bharatiya Janata Party", "ORG")
    assert len(entity_id_for("India", "GPE")) == 16


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("BJP", True), ("MoRTH", True), ("U.S.", True), ("Kharge", False), ("A", False)],
)
def test_is_acronym(surface: str, expected: bool) -> None:
    assert is_acronym(surface) is expected


@pytest.mark.parametrize(
    ("name", "kind", "strong"),
    [
        ("India", "country", True),
        ("U.S.", "country", True),  # a dotted code
        ("UK", "country", True),  # an ISO reserved code
        ("Punjab", "admin", True),  # India's or Pakistan's: a state either way
        ("Mumbai", "city", True),  # a city of a million, by its own name
        ("Lincoln", "city", False),  # a town, and a surname
        ("Africa", "continent", False),  # a place, but no GPE
        ("Bombay", None, False),  # an alternate name proves little for a label ...
        ("Vine", None, False),  # ... (it is Vienna in some language)
        ("Kharge", None, False),
    ],
)
def test_place_kind_for_label_priors(name: str, kind: str | None, strong: bool) -> None:
    assert place_kind(name) == (kind, strong)


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        ("India", "PERSON", "GPE"),  # a country overrides every label
        ("Punjab", "ORG", "GPE"),  # a state overrides ORG ...
        ("Victoria", "PERSON", "PERSON"),  # ... but not PERSON
        ("Mumbai", "NORP", "GPE"),
        ("Vine", "ORG", "ORG"),  # an alternate name of Vienna is no prior
        ("India", "LOC", "LOC"),  # place labels are left as they are
    ],
)
def test_place_prior(surface: str, label: str, expected: str) -> None:
    assert place_prior(surface, label) == expected


@pytest.mark.parametrize(
    ("name", "kb_id"),
    [
        ("U.S.", "iso3166:US"),
        ("UK", "iso3166:GB"),
        ("Bombay", "geonames:1275339"),  # the kb_id a dateline "BOMBAY" gets too
        ("Maryland", "iso3166-2:US-MD"),  # the US state, not Liberia's county
        ("Punjab", None),  # India's state or Pakistan's province: the catalog cannot say
    ],
)
def test_place_of_gives_the_kb_id(name: str, kb_id: str | None) -> None:
    place = place_of(name)
    assert (place.kb_id if place else None) == kb_id


@pytest.mark.parametrize(
    ("name", "key"),
    [("Bihār", "bihar"), ("AT&T", "at&t"), ("Coca-Cola", "coca-cola"),
     ("U.S.  Steel", "u.s. steel")],
)  # fmt: skip
def test_fold_key_keeps_punctuation(name: str, key: str) -> None:
    """Entity ids hash this key: it must stay what it was when the ids were given."""
    assert fold_key(name) == key
