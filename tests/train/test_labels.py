"""tasks.train.labels: CoNLL types onto the product's labels and back."""

from __future__ import annotations

import pytest

from tasks.enrich import entity_patterns
from tasks.train.labels import (
    CONLL,
    CONLL_TO_PRODUCT,
    NUMERIC_LABELS,
    PRODUCT,
    PRODUCT_TO_CONLL,
    covered_labels,
    in_scheme,
    product_label,
)


@pytest.mark.parametrize(
    "label,expected",
    [("PER", "PERSON"), ("ORG", "ORG"), ("MISC", "NORP"), ("GPE", "GPE"),
     # LOC is a product label too (rivers, regions): outside a CoNLL file it stays LOC
     ("LOC", "LOC"),
     ("DATE", "DATE"), ("PARTY", None), ("per", None)],
)  # fmt: skip
def test_product_label(label, expected):
    assert product_label(label) == expected


def test_conll_round_trip_and_the_enrich_stage_agrees():
    for conll, product in CONLL_TO_PRODUCT.items():
        assert PRODUCT_TO_CONLL[product] == conll
    # the enrich stage's numeric labels are exactly the ones CoNLL never marks
    assert NUMERIC_LABELS == entity_patterns.NON_ENTITY_LABELS
    places = {label for label, kind in PRODUCT_TO_CONLL.items() if kind == "LOC"}
    assert places >= entity_patterns.PLACE_LABELS


@pytest.mark.parametrize(
    "scheme,labels,covers,not_covers",
    [
        # CoNLL marks every name, never a date
        (CONLL, {"PER"}, {"PERSON", "GPE", "EVENT"}, {"DATE", "MONEY"}),
        # a JSONL file covers only what it uses (CoNLL names mapped)
        (PRODUCT, {"PERSON", "MISC"}, {"PERSON", "NORP"}, {"ORG", "GPE", "DATE"}),
    ],
)
def test_covered_labels(scheme, labels, covers, not_covers):
    got = covered_labels(scheme, labels)
    assert covers <= got and not (not_covers & got)


@pytest.mark.parametrize(
    "label,scheme,expected",
    [("FAC", CONLL, "LOC"), ("DATE", CONLL, None), ("FAC", PRODUCT, "FAC")],
)
def test_in_scheme(label, scheme, expected):
    assert in_scheme(label, scheme) == expected
