"""tasks.canonical on hand-written texts and plain (start, end, label) spans: no spaCy."""

from __future__ import annotations

import pytest

from tasks.canonical import Span, canonicalize, find_title, repair_spans


def span(text: str, surface: str, label: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return (start, start + len(surface), label)


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("He met the European Union today.", "the European Union", "ORG", ["European Union"]),
        ("Kharge's remark came.", "Kharge's", "PERSON", ["Kharge"]),
        ("Kharge’s remark came.", "Kharge’s", "PERSON", ["Kharge"]),  # curly apostrophe
        ("Bally 's profit", "Bally 's", "ORG", ["Bally"]),  # CoNLL-tokenised possessive
        ("under Article 35A. Then", "Article 35A.", "LAW", ["Article 35A"]),
        ("in the U.S. and", "U.S.", "GPE", ["U.S."]),  # the dot belongs to the abbreviation
        ("by Sony Corp. today", "Sony Corp.", "ORG", ["Sony Corp."]),
        ("Article 370 of the Constitution and more", "Article 370 of the Constitution and",
         "LAW", ["Article 370 of the Constitution"]),  # trailing glue word
        ("Colleen Siegel\nJERUSALEM", "Colleen Siegel\nJERUSALEM", "PERSON",
         ["Colleen Siegel", "JERUSALEM"]),  # never across a line break
        ("G. Archer 143", "G. Archer 143", "PERSON", ["G. Archer"]),  # scorecard number
        ("Klinsmann 44th", "Klinsmann 44th", "PERSON", ["Klinsmann"]),  # ordinal minute
        ("Partizan v Olympiakos", "Partizan v Olympiakos", "ORG", ["Partizan", "Olympiakos"]),
        ("Leader of Opposition in", "Leader of Opposition", "ORG", []),  # a bare title
        ("2,343.00 / 43.50", "2,343.00 / 43.50", "MISC", []),  # no letters at all
    ],
)  # fmt: skip
def test_repair_spans(text: str, surface: str, label: str, expected: list[str]) -> None:
    spans, _ = repair_spans(text, [span(text, surface, label)])
    assert [text[s:e] for s, e, _ in spans] == expected


def test_broken_parenthesis_becomes_expansion_and_acronym() -> None:
    text = "at the Organisation of Islamic Cooperation (OIC), and later the OIC said"
    spans = [span(text, "the Organisation of Islamic Cooperation (OIC", "ORG"),
             span(text, "OIC", "ORG", nth=1)]  # fmt: skip
    mentions = canonicalize(text, spans)
    assert [m.text for m in mentions] == ["Organisation of Islamic Cooperation", "OIC", "OIC"]
    assert {m.entity for m in mentions} == {"Organisation of Islamic Cooperation"}


def test_untagged_acronym_is_added() -> None:
    text = "the Council of Foreign Ministers (CFM) met"
    mentions = canonicalize(text, [span(text, "Council of Foreign Ministers", "ORG")])
    assert [(m.text, m.entity) for m in mentions] == [
        ("Council of Foreign Ministers", "Council of Foreign Ministers"),
        ("CFM", "Council of Foreign Ministers"),
    ]


def test_surname_folds_and_label_is_fixed() -> None:
    # spaCy calls the lone surname an ORG in the seed story
    text = "Mallikarjun Kharge spoke. Kharge said no. Kharge's remark"
    spans = [span(text, "Mallikarjun Kharge", "PERSON"), span(text, "Kharge", "ORG", 1),
             span(text, "Kharge's", "ORG")]  # fmt: skip
    mentions = canonicalize(text, spans)
    assert {(m.label, m.entity) for m in mentions} == {("PERSON", "Mallikarjun Kharge")}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("hit out at Pakistan Prime Minister Imran Khan for", "Imran Khan",
         "Pakistan Prime Minister"),
        ("and senior Congress leader Mallikarjun Kharge on", "Mallikarjun Kharge",
         "senior Congress leader"),
        ("Kharge said that Imran Khan is", "Imran Khan", None),  # "that" is no title
        ("On Monday, Mr. Smith said", "Smith", "Mr."),  # honorific; stops at the comma
        ("the Pakistan Prime Minister Imran Khan", "Imran Khan", "Pakistan Prime Minister"),
    ],
)  # fmt: skip
def test_find_title(text: str, name: str, title: str | None) -> None:
    assert find_title(text, text.index(name)) == title


def test_title_inside_the_span_is_stripped() -> None:
    text = "Prime Minister Imran Khan spoke"
    [m] = canonicalize(text, [span(text, "Prime Minister Imran Khan", "PERSON")])
    assert (m.text, m.entity, m.title) == ("Imran Khan", "Imran Khan", "Prime Minister")


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Aston Villa 2 Derby 1", "Derby", "GPE", "ORG"),  # second team of a score line
        ("Aston Villa 2 Derby 1", "Aston Villa", "PERSON", "ORG"),  # first team
        ("CINCINNATI 60 70 .462 11\n", "CINCINNATI", "GPE", "ORG"),  # standings row
        ("Notts County v York", "York", "GPE", "ORG"),  # fixture
        ("Greg Norman 66 67 70\n", "Greg Norman", "PERSON", "PERSON"),  # golfer's scores
        ("He flew to Chicago on Monday.", "Chicago", "GPE", "GPE"),  # prose is left alone
    ],
)
def test_sports_table_labels(text: str, surface: str, label: str, expected: str) -> None:
    [m] = canonicalize(text, [span(text, surface, label)])
    assert m.label == expected


def test_numeric_labels_are_kept_untouched() -> None:
    text = "On August 5, 2019, 57 members"
    spans = [span(text, "August 5, 2019", "DATE"), span(text, "57", "CARDINAL")]
    assert [(m.text, m.label) for m in canonicalize(text, spans)] == [
        ("August 5, 2019", "DATE"),
        ("57", "CARDINAL"),
    ]


def test_empty() -> None:
    assert canonicalize("", []) == []
