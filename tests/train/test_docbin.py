"""tasks.train.docbin: gold spans in product labels, refined and rehearsed from a teacher.

The teacher is a real spaCy pipeline with an entity ruler (deterministic, so each case says
exactly what the "base model" predicted); the flow test covers the shipped model as teacher.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import DocBin

from tasks.train.annotations import Annotated
from tasks.train.docbin import to_docbin
from tasks.train.labels import CONLL, PRODUCT


@pytest.fixture(scope="module")
def teacher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "LOC", "pattern": "Rhine"},
            {"label": "EVENT", "pattern": [{"LOWER": "world"}, {"LOWER": "cup"}]},
            {"label": "ORG", "pattern": "Indian"},
            {"label": "DATE", "pattern": "Monday"},
            {"label": "DATE", "pattern": "May"},
            {"label": "PERSON", "pattern": "Kharge"},
            {"label": "MONEY", "pattern": [{"LOWER": "rs"}, {"LIKE_NUM": True}]},
        ]
    )
    return nlp


def _record(text: str, *spans: tuple[str, str]) -> Annotated:
    found, at = [], 0
    for name, label in spans:
        start = text.index(name, at)
        found.append((start, start + len(name), label))
        at = start + len(name)
    return Annotated(text, tuple(found), 1)


def _ents(docbin: DocBin, vocab) -> list[list[tuple[str, str]]]:
    return [[(e.text, e.label_) for e in d.ents] for d in docbin.get_docs(vocab)]


CASES = [
    # LOC the teacher calls LOC keeps LOC; a LOC it does not know becomes GPE
    (_record("The Rhine flows past Bonn", ("Rhine", "LOC"), ("Bonn", "LOC")),
     [("Rhine", "LOC"), ("Bonn", "GPE")]),
    # MISC the teacher calls EVENT keeps EVENT; a teacher label outside MISC's family is ignored
    (_record("Indian fans watch the World Cup", ("Indian", "MISC"), ("World Cup", "MISC")),
     [("Indian", "NORP"), ("World Cup", "EVENT")]),
    # a teacher DATE away from gold is rehearsed; one inside a gold name is not
    (_record("Theresa May spoke on Monday", ("Theresa May", "PER")),
     [("Theresa May", "PERSON"), ("Monday", "DATE")]),
    # a name the CoNLL annotators left unmarked stays unmarked: CoNLL covers every name label
    (_record("Kharge paid Rs 500"), [("Rs 500", "MONEY")]),
]  # fmt: skip


@pytest.mark.parametrize("record,expected", CASES)
def test_conll_spans_refined_and_rehearsed(teacher, record, expected):
    docbin, stats = to_docbin([record], CONLL, teacher, teacher)
    assert _ents(docbin, teacher.vocab) == [expected]
    assert stats.problems == []


def test_without_teacher_the_plain_mapping_and_nothing_added(teacher):
    record = _record("The Rhine on Monday", ("Rhine", "LOC"))
    docbin, stats = to_docbin([record], CONLL, teacher, None)
    assert _ents(docbin, teacher.vocab) == [[("Rhine", "GPE")]]
    assert (stats.refined, sum(stats.rehearsed.values())) == (0, 0)


def test_jsonl_covers_only_its_own_labels(teacher):
    # the file marks PERSON only: the teacher's ORG/DATE elsewhere are kept, its PERSON is not
    record = _record("Kharge and Indian officials met on Monday", ("Kharge", "PERSON"))
    docbin, _ = to_docbin([record], PRODUCT, teacher, teacher)
    assert _ents(docbin, teacher.vocab) == [
        [("Kharge", "PERSON"), ("Indian", "ORG"), ("Monday", "DATE")]
    ]


def test_a_span_inside_a_token_is_reported_and_its_record_left_out(teacher):
    bad = Annotated("Modiji spoke", ((0, 4, "PERSON"),), 7)
    good = _record("Kharge spoke", ("Kharge", "PERSON"))
    docbin, stats = to_docbin([bad, good], PRODUCT, teacher)
    assert [(p.line, p.reason) for p in stats.problems] == [(7, "misaligned")]
    assert (len(docbin), stats.docs, stats.labels["PERSON"]) == (1, 1, 1)
