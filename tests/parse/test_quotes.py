"""Direct quotations and their speakers, table-driven; examples from the seed and indian-wire."""

from __future__ import annotations

import pytest

from tasks.parse.quotes import find_quotes


def _pairs(paragraphs: list[str]) -> list[tuple[int, str, str | None]]:
    return [(q.paragraph, q.quote, q.speaker) for q in find_quotes(paragraphs)]


@pytest.mark.parametrize(
    ("paragraph", "quote", "speaker"),
    [
        # verb first after the quote (seed)
        (
            '"India is not going to tolerate this," said Kharge.',
            "India is not going to tolerate this",
            "Kharge",
        ),
        # speaker first with an adverb between speaker and verb (seed)
        (
            '"Jammu and Kashmir is an integral part of India," the Congress leader further said.',
            "Jammu and Kashmir is an integral part of India",
            "the Congress leader",
        ),
        # speaker before the quote, comma after the verb (seed)
        (
            'At the inaugural session, Khan said, "We have failed both the Palestinians."',
            "We have failed both the Palestinians.",
            "Khan",
        ),
        # speaker before the quote, no comma
        (
            'Kharge said "No one is going to listen to Imran Khan."',
            "No one is going to listen to Imran Khan.",
            "Kharge",
        ),
        # pronoun kept as written; enrichment resolves it
        (
            '"No proposal is under consideration," he said, in a brief written reply.',
            "No proposal is under consideration",
            "he",
        ),
        # "had said" (indian-wire 0037)
        (
            '"How stunning, and how horrible," the author had said.',
            "How stunning, and how horrible",
            "the author",
        ),
        # a long description as speaker (indian-wire 0274)
        (
            '"About 2 lakh applications pending in process," Revenue Secretary Hasmukh Adhia '
            "tweeted.",
            "About 2 lakh applications pending in process",
            "Revenue Secretary Hasmukh Adhia",
        ),
        # verb first with a description and an appositive after it
        (
            '"75 per cent of the rooms will be allotted," said Singh, the Union minister.',
            "75 per cent of the rooms will be allotted",
            "Singh",
        ),
        # time words between speaker and verb, and words between verb and quote (indian-wire 0268)
        (
            'Mehbooba Mufti yesterday said at a function in New Delhi "Who is doing it? '
            'Why are they doing it?"',
            "Who is doing it? Why are they doing it?",
            "Mehbooba Mufti",
        ),
        # "said in a statement" is not a speaker
        ('"We will appeal," said in a statement the firm.', "We will appeal", None),
        # scare quote: quoted but unattributed (indian-wire 0268)
        ('Jitendra Singh today said the tricolour is "sacrosanct" and more.', "sacrosanct", None),
        # curly quotes
        ("“We have failed,” said Khan.", "We have failed", "Khan"),
    ],
)
def test_attribution(paragraph: str, quote: str, speaker: str | None) -> None:
    assert _pairs([paragraph]) == [(0, quote, speaker)]


def test_paragraph_index_and_order() -> None:
    got = _pairs(["No quote here.", '"First one here," said A. Then "second one here," B said.'])
    assert got == [(1, "First one here", "A"), (1, "second one here", "B")]


def test_glued_paragraphs_continue_one_quotation() -> None:
    # indian-wire 0220: a quote continued into the next (glued) paragraph has no closing mark;
    # wire style reopens it, and the attribution at the end covers the whole quotation
    text = (
        '"The nuisance is writ large from the photographs. "To a person, it also causes fear," '
        "it said."
    )
    assert _pairs([text]) == [
        (0, "The nuisance is writ large from the photographs. To a person, it also causes fear", "it"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    ['a lone " mark', '""', '" " "', '12" pipes and 3" bolts', "??? damaged ?quotes?", "“unclosed"],
)
def test_odd_marks_do_not_crash_or_invent_long_quotes(paragraph: str) -> None:
    for quote in find_quotes([paragraph]):
        assert quote.quote and quote.paragraph == 0
