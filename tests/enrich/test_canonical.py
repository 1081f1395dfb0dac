"""tasks.enrich.canonical on hand-written texts and plain (start, end, label) spans: no spaCy."""

from __future__ import annotations

import pytest

from tasks.enrich.canonical import Span, canonicalize, find_title, repair_spans


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


@pytest.mark.parametrize(
    ("text", "first", "second", "expansion"),
    [
        # the model cut the name at "and": the acronym spells both halves, so they are one
        ("the Chennai Metropolitan Water Supply and Sewerage Board (CMWSSB) said",
         "the Chennai Metropolitan Water Supply", "Sewerage Board",
         "Chennai Metropolitan Water Supply and Sewerage Board"),
        ("the Ministry of Road Transport and Highways (MoRTH) said",
         "the Ministry of Road Transport", "Highways",
         "Ministry of Road Transport and Highways"),
    ],
)  # fmt: skip
def test_expansion_split_by_the_model_is_joined(
    text: str, first: str, second: str, expansion: str
) -> None:
    acronym = text[text.index("(") + 1 : text.index(")")]
    mentions = canonicalize(text, [span(text, first, "ORG"), span(text, second, "ORG")])
    assert [(m.text, m.entity) for m in mentions] == [(expansion, expansion), (acronym, expansion)]


def test_two_names_joined_by_and_stay_apart_without_a_spelling_acronym() -> None:
    text = "India and Pakistan (IP) talks"  # "(IP)" does not spell three capitalised words
    mentions = canonicalize(text, [span(text, "India", "GPE"), span(text, "Pakistan", "GPE")])
    assert [m.entity for m in mentions] == ["India", "Pakistan"]


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
    # The other team of the line is found too (tasks.enrich.tables): pick the one we asked.
    [m] = [x for x in canonicalize(text, [span(text, surface, label)]) if x.text == surface]
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


# Regression (data/raw/reuters/washington-highways.txt): a multi-word ORG/GPE never becomes a
# PERSON because it looks like "initials + surname" or shares a word with a person's title.
@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # model span "The U.S. Senate": after trimming "The" it looked like "M. Vaughan"
        ("The U.S. Senate on Thursday passed a bill.", [("The U.S. Senate", "ORG", 0)],
         [("U.S. Senate", "ORG")]),
        # the text also names "U.S." on its own: its initials are a place, not a person's
        ("U.S. Treasury yields fell as U.S. bonds rallied.",
         [("U.S. Treasury", "ORG", 0), ("U.S.", "GPE", 1)],
         [("U.S. Treasury", "ORG"), ("U.S.", "GPE")]),
        # scorecards keep the rule: initials + surname is a person
        ("M. Vaughan c Smith b Jones 12", [("M. Vaughan", "ORG", 0)], [("M. Vaughan", "PERSON")]),
        # title inside the PERSON span is stripped; the lone "Senate" stays an ORG
        ("Senate Majority Leader Chuck Schumer spoke. The Senate voted.",
         [("Senate Majority Leader Chuck Schumer", "PERSON", 0), ("Senate", "ORG", 1)],
         [("Chuck Schumer", "PERSON"), ("Senate", "ORG")]),
        # a word that ends a multi-word ORG never folds into a person's name
        ("Washington Post reporters met George Washington. Washington said no.",
         [("Washington Post", "ORG", 0), ("George Washington", "PERSON", 0),
          ("Washington", "GPE", 2)],
         [("Washington Post", "ORG"), ("George Washington", "PERSON"), ("Washington", "GPE")]),
        # "the town of X": the model's PERSON for an unknown one-word name is a place
        ("near the town of Suchitoto, in", [("Suchitoto", "PERSON", 0)], [("Suchitoto", "GPE")]),
    ],
)  # fmt: skip
def test_org_and_place_spans_are_not_people(
    text: str, spans: list[tuple[str, str, int]], expected: list[tuple[str, str]]
) -> None:
    mentions = canonicalize(text, [span(text, s, lab, nth) for s, lab, nth in spans])
    assert [(m.text, m.label) for m in mentions] == expected


# Regression (data/raw/fbis/san-salvador-clash.txt): a title never crosses sentence
# punctuation or a line break; abbreviations ("Gen.", "U.S.") do not end a sentence.
@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("IN CUSCATLAN DEPARTMENT.\n\nCOLONEL RENE EMILIO PONCE SAID", "RENE", "COLONEL"),
        ("in Cuscatlan Department. Colonel Rene Ponce said", "Rene", "Colonel"),
        ("in the Area\nColonel Rene Ponce said", "Rene", "Colonel"),  # line break, no dot
        ("the talks; President George Bush said", "George", "President"),
        ("killers: Gen. Rafael Bustillo", "Rafael", "Gen."),  # honorific keeps its dot
        ("said U.S. President Joe Biden", "Joe", "U.S. President"),  # dotted abbreviation
        ("Senate Majority Leader Chuck Schumer said", "Chuck", "Senate Majority Leader"),
    ],
)  # fmt: skip
def test_title_stops_at_sentence_punctuation(text: str, name: str, title: str) -> None:
    assert find_title(text, text.index(name)) == title


def test_case_restored_text_gives_display_names_and_original_offsets() -> None:
    # ALL-CAPS input, the restored text the model saw (same length), and the model's spans:
    # names, titles and `display` come from the restored text, `text`/offsets from the input.
    original = "COLONEL RENE EMILIO PONCE VISITED THE UNITED STATES."
    restored = "Colonel Rene Emilio Ponce visited the united states."
    spans = [span(restored, "Rene Emilio Ponce", "PERSON"),
             span(restored, "the united states", "GPE")]  # fmt: skip
    ponce, usa = canonicalize(original, spans, restored)
    assert (ponce.text, ponce.entity, ponce.title, ponce.display) == (
        "RENE EMILIO PONCE", "Rene Emilio Ponce", "Colonel", "Rene Emilio Ponce")  # fmt: skip
    assert original[ponce.start : ponce.end] == ponce.text
    # a name the restorer lower-cased gets its capitals back (glue words stay lower)
    assert (usa.text, usa.entity) == ("UNITED STATES", "United States")


def test_display_defaults_to_the_text() -> None:
    text = "Angela Merkel spoke."
    [m] = canonicalize(text, [span(text, "Angela Merkel", "PERSON")])
    assert m.display == m.text == "Angela Merkel"
