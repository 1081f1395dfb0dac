"""tasks.train.evaluate: exact-span P/R/F1 per label in the dev file's scheme."""

from __future__ import annotations

import pytest

from tasks.train.evaluate import ALL, combine, score_spans
from tasks.train.labels import CONLL, PRODUCT

GOLD = [[(0, 6, "PER"), (10, 15, "LOC"), (20, 23, "ORG")]]

CASES = [
    # CoNLL scheme: GPE, LOC and FAC all score as LOC; DATE is not scored at all
    (GOLD, [[(0, 6, "PERSON"), (10, 15, "FAC"), (20, 23, "ORG"), (30, 34, "DATE")]], CONLL,
     {"PER": (1, 0, 0), "LOC": (1, 0, 0), "ORG": (1, 0, 0), ALL: (3, 0, 0)}),
    # a wrong boundary is one false positive and one false negative
    (GOLD, [[(0, 5, "PERSON"), (10, 15, "GPE")]], CONLL,
     {"PER": (0, 1, 1), "LOC": (1, 0, 0), "ORG": (0, 0, 1), ALL: (1, 1, 2)}),
    # a wrong type on the right span: a miss for the gold type, a false alarm for the other
    (GOLD, [[(0, 6, "ORG")]], CONLL,
     {"PER": (0, 0, 1), "LOC": (0, 0, 1), "ORG": (0, 1, 1), ALL: (0, 1, 3)}),
    # product scheme: exact labels; labels the dev data never uses (NORP) are not scored
    ([[(0, 6, "PERSON"), (10, 15, "GPE")]], [[(0, 6, "PERSON"), (10, 15, "LOC"),
                                              (16, 19, "NORP")]], PRODUCT,
     {"GPE": (0, 0, 1), "PERSON": (1, 0, 0), ALL: (1, 0, 1)}),
]  # fmt: skip


@pytest.mark.parametrize("gold,pred,scheme,expected", CASES)
def test_counts(gold, pred, scheme, expected):
    got = score_spans(gold, pred, scheme)
    assert {k: (v.tp, v.fp, v.fn) for k, v in got.items()} == expected


def test_scores_and_group():
    got = score_spans(GOLD, [[(0, 6, "PERSON"), (10, 15, "GPE"), (40, 44, "ORG")]], CONLL)
    assert (got[ALL].precision, got[ALL].recall) == (2 / 3, 2 / 3)
    assert got["ORG"].f1 == 0.0
    group = combine([got["PER"], got["LOC"]], "PER+LOC")
    assert (group.tp, group.fp, group.fn, group.f1) == (2, 0, 0, 1.0)
    assert got["PER"].as_row() == {
        "label": "PER", "precision": 100.0, "recall": 100.0, "f1": 100.0, "support": 1
    }  # fmt: skip
