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
        (
            0,
            "The nuisance is writ large from the photographs. To a person, it also causes fear",
            "it",
        ),
    ]


@pytest.mark.parametrize(
    "paragraph",
    ['a lone " mark', '""', '" " "', '12" pipes and 3" bolts', "??? damaged ?quotes?", "“unclosed"],
)
def test_odd_marks_do_not_crash_or_invent_long_quotes(paragraph: str) -> None:
    for quote in find_quotes([paragraph]):
        assert quote.quote and quote.paragraph == 0


def _one(paragraphs: list[str]) -> list[tuple[str, str | None, str, str | None]]:
    return [(q.quote, q.speaker, q.kind, q.verb) for q in find_quotes(paragraphs)]


@pytest.mark.parametrize(
    ("paragraph", "want"),
    [
        # verb first, then an appositive that is not part of the name (issue 18's example)
        (
            '"We are not going away," said Jeff Traeger, president of UFCW Local 832.',
            ("We are not going away", "Jeff Traeger", "quotation", "said"),
        ),
        # speaker, appositive, verb after the quote
        (
            '"We will fight this," Traeger, the union\'s president, said.',
            ("We will fight this", "Traeger", "quotation", "said"),
        ),
        # the attribution is the next sentence: the quote closes with a full stop
        (
            '"We were blindsided by the closure." Traeger said.',
            ("We were blindsided by the closure.", "Traeger", "quotation", "said"),
        ),
        # no comma and a title before the name: `"…" UFCW Local 832 president … said Saturday.`
        (
            '"They now have a unified voice" UFCW Local 832 president Jeff Traeger said Saturday.',
            (
                "They now have a unified voice",
                "UFCW Local 832 president Jeff Traeger",
                "quotation",
                "said",
            ),
        ),
        # "according to" after the quote
        (
            '"The plant will close in June," according to the company.',
            ("The plant will close in June", "the company", "quotation", "according to"),
        ),
        # a colon introduction with no verb
        (
            'Kharge: "India is not going to tolerate this."',
            ("India is not going to tolerate this.", "Kharge", "quotation", None),
        ),
        # a colon after the sentence's subject, whatever the verb
        (
            'Martell, the addictions doctor, is more blunt: "They are going to uncover things."',
            ("They are going to uncover things.", "Martell", "quotation", None),
        ),
        # honorific with a dot is part of the name, not a sentence end
        (
            '"There is really good evidence," said Dr. Matthew Bowes.',
            ("There is really good evidence", "Dr. Matthew Bowes", "quotation", "said"),
        ),
        # a participle leaves the speaker to the sentence's subject
        (
            'He voiced his anger on Twitter, writing "So many people are abandoned at sea."',
            ("So many people are abandoned at sea.", "He", "quotation", "writing"),
        ),
        # an affiliation after the name is cut off
        (
            '"Those people waited 48 minutes," said Terry Chapman with the union, which '
            "represents paramedics.",
            ("Those people waited 48 minutes", "Terry Chapman", "quotation", "said"),
        ),
    ],
)
def test_attribution_patterns(paragraph: str, want: tuple) -> None:
    assert _one([paragraph]) == [want]


@pytest.mark.parametrize(
    "paragraph",
    [
        # issue 18: a slogan, a scare quote and a show title are phrases, not quotations
        'Trump ran on an "America First" platform.',
        'She said she was "thrilled" with the vote.',
        'He made the remarks on "Fox News Sunday."',
        # indian-wire 0268: a one-word scare quote, even after "said"
        'Jitendra Singh today said the tricolour is "sacrosanct" and more.',
        # a nickname
        'The striker, known as "El Pistolero", scored twice.',
    ],
)
def test_scare_quotes_are_phrases(paragraph: str) -> None:
    (quote,) = find_quotes([paragraph])
    assert (quote.kind, quote.speaker, quote.verb) == ("phrase", None, None)


@pytest.mark.parametrize(
    ("paragraphs", "want"),
    [
        # a second quotation in the paragraph takes the first one's speaker
        (
            ['"We could not supply one sheet of ice," she said. "That graph should go the '
             'other way."'],
            [("she", "said"), ("she", None)],
        ),
        # a quotation paragraph after an attributed one: the same voice
        (
            ['"The process is flawed," Hinderks said.', '"Both were wrong and we said so."'],
            [("Hinderks", "said"), ("Hinderks", None)],
        ),
        # reported speech in the paragraph before sets up the speaker
        (
            ["Tim Guest with the health authority says there are many reasons for delays.",
             '"The emergency department cares for the sickest individual first."'],
            [("Tim Guest", None)],
        ),
        # a quotation paragraph before an attributed one
        (
            ['"Then there is the fact that he has been out of office for quite some time."',
             '"Some things have changed," Telford said.'],
            [("Telford", None), ("Telford", "said")],
        ),
    ],
)  # fmt: skip
def test_speaker_carried_over(paragraphs: list[str], want: list) -> None:
    got = [(q.speaker, q.verb) for q in find_quotes(paragraphs) if q.kind == "quotation"]
    assert got == want


def test_multi_paragraph_quotation_is_one_quote() -> None:
    # an opening mark with no closing one continues into the next paragraph; the attribution
    # after the last part belongs to the whole quotation
    paragraphs = [
        '"So what you have is people trying to come to conclusions with lousy information.',
        '"We want people to be able to make good decisions," Hinderks added.',
    ]
    (quote,) = find_quotes(paragraphs)
    assert (quote.paragraph, quote.speaker, quote.verb, quote.kind) == (
        0,
        "Hinderks",
        "added",
        "quotation",
    )
    assert quote.quote.startswith("So what you have") and quote.quote.endswith("good decisions")


@pytest.mark.parametrize(
    ("paragraph", "quote", "speaker"),
    [
        # a partial quotation inside reported speech comes with the clause that carries it
        (
            'The prime minister said he was "deeply concerned about the cuts" to schools.',
            'he was "deeply concerned about the cuts" to schools.',
            "The prime minister",
        ),
        # the nearest "that" clause, not everything after the verb
        (
            "Wojtaszek said she agreed with Carver that the board's ruling was based more on "
            '"hope than reason."',
            'that the board\'s ruling was based more on "hope than reason."',
            "Wojtaszek",
        ),
        # a fragment attributed after it: `was "…," Mr. Corbyn told the House`
        (
            'The vote was "a catastrophic defeat for this government," Mr. Corbyn told the House.',
            "a catastrophic defeat for this government",
            "Mr. Corbyn",
        ),
    ],
)
def test_partial_quotations(paragraph: str, quote: str, speaker: str) -> None:
    (got,) = [q for q in find_quotes([paragraph]) if q.kind == "quotation"]
    assert (got.quote, got.speaker) == (quote, speaker)


def test_offsets_index_the_body() -> None:
    paragraphs = ["No quote here.", 'Then "First one here," said Kharge.']
    body = "\n\n".join(paragraphs)
    (quote,) = find_quotes(paragraphs)
    assert body[quote.offset] == '"'
    assert quote.speaker_offset is not None
    assert body[quote.speaker_offset :].startswith("Kharge")
