"""Name folding, junk names and the damaged-apostrophe repair (tasks.enrich.variants)."""

from __future__ import annotations

import pytest

from tasks.enrich.catalog import entity_id_for, is_acronym
from tasks.enrich.gazetteer import lookup
from tasks.enrich.variants import canonical_name, is_junk_name, repair_apostrophes


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
    ],
)
def test_is_junk_name(name: str, junk: bool) -> None:
    assert is_junk_name(name) is junk


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("U.S.", "GPE", "United States"),  # dotted country code
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
    ("name", "kind", "kb_id"),
    [
        ("India", "country", "iso3166:IN"),
        ("Bihar", "subdivision", "iso3166-2:IN-BR"),  # pycountry spells it "Bihār"
        ("Uttar Pradesh", "subdivision", "iso3166-2:IN-UP"),
        ("Mumbai", "city", None),  # GeoNames id: only its prefix is stable to test
        ("Georgia", "country", "iso3166:GE"),  # the country outranks the US state
    ],
)
def test_gazetteer_lookup(name: str, kind: str, kb_id: str | None) -> None:
    place = lookup(name)
    assert place is not None and place.kind == kind
    assert place.kb_id == kb_id if kb_id else place.kb_id.startswith("geonames:")


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("BJP", True), ("MoRTH", True), ("U.S.", True), ("Kharge", False), ("A", False)],
)
def test_is_acronym(surface: str, expected: bool) -> None:
    assert is_acronym(surface) is expected
