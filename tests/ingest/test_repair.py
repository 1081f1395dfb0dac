"""`?`-damaged apostrophes and quotes: repaired where certain, recorded, real `?` untouched."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.ingest import sources
from tasks.ingest.discovery import discover_inputs
from tasks.ingest.repair import MAX_LISTED, repair_question_marks
from tasks.parse.quotes import find_quotes
from tasks.parse.story import split_paragraphs
from tests.conftest import require_corpus

# (damaged text as delivered, repaired text, repairs recorded)
REPAIRED = [
    ("India?s growth slowed.", "India’s growth slowed.", ["apostrophe:India?s"]),
    # every contraction ending the issue names: s, t (after n), ll, re, ve, d, m
    (
        "He didn?t go; we?ll see; they?re here; I?ve seen; she?d know; I?m sure.",
        "He didn’t go; we’ll see; they’re here; I’ve seen; she’d know; I’m sure.",
        [
            "apostrophe:didn?t",
            "apostrophe:we?ll",
            "apostrophe:they?re",
            "apostrophe:I?ve",
            "apostrophe:she?d",
            "apostrophe:I?m",
        ],
    ),
    # the quoted span, closing `?` glued to the last word
    (
        "?It has been decided? by the cabinet.",
        "“It has been decided” by the cabinet.",
        ["open_quote:?It", "close_quote:decided?"],
    ),
    # a real question mark inside a quote, then the damaged closing mark: `it??`
    (
        "?Who is doing it? Why are they doing it?? Mufti asked.",
        "“Who is doing it? Why are they doing it?” Mufti asked.",
        ["open_quote:?Who", "close_quote:it??"],
    ),
    # comma before the closing mark: the `?` can only be a quote
    (
        "?We will win,? said Kharge.",
        "“We will win,” said Kharge.",
        ["open_quote:?We", "close_quote:win,?"],
    ),
    # quote opened in an earlier paragraph: `,?` still closes it
    ("the plan works,? said Singh.", "the plan works,” said Singh.", ["close_quote:works,?"]),
    # surnames, and an abbreviation before `?s`
    (
        "D?Souza met O?Brien in B.C.?s capital.",
        "D’Souza met O’Brien in B.C.’s capital.",
        ["apostrophe:D?Souza", "apostrophe:O?Brien", "apostrophe:B.C.?s"],
    ),
    # a plural possessive is repaired only in copy that already shows certain damage
    (
        "Modi?s view: the farmers? protest ends.",
        "Modi’s view: the farmers’ protest ends.",
        ["apostrophe:Modi?s", "apostrophe:farmers?"],
    ),
    # a quote inside a quote: ` ??Chairman? is ...`
    (
        "He wrote: ??Chairman? is an honorific.?",
        "He wrote: ““Chairman” is an honorific.”",
        ["open_quote:??Chairman?", "close_quote:??Chairman?", "close_quote:honorific.?"],
    ),
]

UNTOUCHED = [
    "Who is doing it? Why are they doing it? (challenging Article 35A)",  # real questions
    'They asked about the pumping stations?" he asked.',  # straight quote after a question
    "Is Google the Next Netscape?",
    "How does he like lobster? Boiled, steamed, broiled?",
    "The farmers? protest",  # no certain damage elsewhere: could be a question
    "See FullQuote.aspx?ticker=SPLS.O target=/stocks",  # URL query strings
    "http://example.com/page.php?s=1 and ?id=3",
    "Is it made in the U.S.? Nobody knows.",  # abbreviation before a real question
    "Was it O? Brien said no.",  # a space after the `?`: not a name
    "No question marks at all.",
]


@pytest.mark.parametrize(("damaged", "repaired", "repairs"), REPAIRED)
def test_damaged_marks_are_repaired_and_recorded(
    damaged: str, repaired: str, repairs: list[str]
) -> None:
    assert repair_question_marks(damaged) == (repaired, repairs)


@pytest.mark.parametrize("text", UNTOUCHED)
def test_real_question_marks_are_left_alone(text: str) -> None:
    assert repair_question_marks(text) == (text, [])


def test_repairs_list_is_capped_and_counts_the_rest() -> None:
    text = " ".join(f"Ward{chr(ord('a') + i)}?s" for i in range(MAX_LISTED + 5))
    _, repairs = repair_question_marks(text)
    assert len(repairs) == MAX_LISTED + 1 and repairs[-1] == "more:5"


def test_quotes_extract_from_repaired_copy() -> None:
    damaged = "New Delhi, Aug 2 (PTI) ?It has been decided,? the minister said."
    assert find_quotes(split_paragraphs(damaged)) == []
    repaired, _ = repair_question_marks(damaged)
    [quote] = find_quotes(split_paragraphs(repaired))
    assert (quote.quote, quote.speaker) == ("It has been decided", "the minister")


def test_repairs_reach_the_raw_record(tmp_path: Path) -> None:
    (tmp_path / "pti.txt").write_text("New Delhi, Aug 2 (PTI) India?s exports rose.\n")
    [inp] = discover_inputs(str(tmp_path)).inputs
    [rec] = sources.read_records(inp)
    assert rec.text.endswith("India’s exports rose.\n")
    assert rec.repairs == ("apostrophe:India?s",)


def test_real_indian_wire_copy_is_left_alone() -> None:
    """The shared Indian stories hold real questions (`Who is doing it?`), no damage."""
    folder = require_corpus("indian-wire")
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert repair_question_marks(text) == (text, []), path.name


def test_real_agnews_questions_are_left_alone() -> None:
    """7,600 AG News items: titles and descriptions with real questions and URLs."""
    path = require_corpus("agnews", "test.csv")
    with open(path, encoding="utf-8", newline="") as f:
        changed = [
            row["description"]
            for row in csv.DictReader(f)
            if repair_question_marks(row["title"] + "\n" + row["description"])[1]
        ]
    assert changed == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab sStn?,.\"'\nIOD/=")), max_size=80))
def test_repair_changes_only_question_marks_and_says_so(text: str) -> None:
    repaired, repairs = repair_question_marks(text)
    assert len(repaired) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, repaired, strict=True)) if a != b]
    assert all(text[i] == "?" and repaired[i] in "’“”" for i in changed)
    assert bool(changed) == bool(repairs)
