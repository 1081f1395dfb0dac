"""Quotes in other languages: each language's quotation marks, its attribution verbs where we
read them (French, German), and no speaker at all where we do not (never a wrong one).

Paragraphs are our own, written the way AFP, dpa, TT and Kyodo write.
"""

from __future__ import annotations

import pytest

from tasks.parse.quotes import find_quotes
from tasks.parse.reported import story_quotes


def _quotes(paragraphs: list[str], language: str) -> list[tuple[str, str | None, str | None]]:
    return [(q.quote, q.speaker, q.verb) for q in find_quotes(paragraphs, language)]


@pytest.mark.parametrize(
    ("paragraph", "language", "expected"),
    [
        # French guillemets with the non-breaking spaces inside, verb then speaker
        (
            "« Nous ne céderons pas », a déclaré le président Emmanuel Macron lors d'une visite.",
            "fr",
            [("Nous ne céderons pas", "le président Emmanuel Macron", "déclaré")],
        ),
        # the inverted pronoun: the speaker stays a pronoun for enrichment to resolve
        (
            "« C'est une décision difficile », a-t-elle ajouté.",
            "fr",
            [("C'est une décision difficile", "elle", "ajouté")],
        ),
        ("« Nous attendons », estime-t-il.", "fr", [("Nous attendons", "il", "estime")]),
        # `selon X` after the quote
        (
            "« La situation est grave », selon le ministère de l'Intérieur.",
            "fr",
            [("La situation est grave", "le ministère de l'Intérieur", "selon")],
        ),
        # attribution before the quote, French colon spacing
        (
            "Le Premier ministre a déclaré : « Le texte sera voté avant l'été. »",
            "fr",
            [("Le texte sera voté avant l'été.", "Le Premier ministre", "déclaré")],
        ),
        # German „…“: the “ closes here, it does not open
        (
            "„Wir schaffen das“, sagte Merkel am Montag in Berlin.",
            "de",
            [("Wir schaffen das", "Merkel", "sagte")],
        ),
        (
            "„Das ist ein guter Tag“, so die Ministerin.",
            "de",
            [("Das ist ein guter Tag", "die Ministerin", "so")],
        ),
        (
            "Der Kanzler sagte: „Wir werden helfen.“",
            "de",
            [("Wir werden helfen.", "Der Kanzler", "sagte")],
        ),
        # Danish »…« (reversed guillemets): quote found, no Danish verbs read, so no speaker
        ("»Det er en stor dag«, siger ministeren.", "da", [("Det er en stor dag", None, None)]),
        # Swedish ”…”: the same mark opens and closes
        ("”Vi är mycket glada”, säger hon.", "sv", [("Vi är mycket glada", None, None)]),
        # Japanese 「…」
        ("首相は「全力で取り組む」と述べた。", "ja", [("全力で取り組む", None, None)]),
        # French verbs in a language we do not read give nothing: Italian guillemets
        ("«Siamo pronti», ha detto il ministro.", "it", [("Siamo pronti", None, None)]),
    ],
)
def test_marks_and_attribution_by_language(
    paragraph: str, language: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _quotes([paragraph], language) == expected


def test_english_patterns_never_name_a_speaker_in_another_language() -> None:
    # `said` in an English-looking attribution inside a Finnish story: Finnish is not read
    paragraphs = ['"Tämä on hyvä päivä," said Niinistö.', "Niinistö kertoi asiasta tiistaina."]
    assert [q.speaker for q in story_quotes(paragraphs, "fi")] == [None]


def test_a_french_quotation_continued_in_the_next_paragraph_keeps_its_speaker() -> None:
    paragraphs = [
        "« La réforme est nécessaire », a affirmé Élisabeth Borne.",
        "« Nous irons jusqu'au bout. »",
    ]
    assert [q.speaker for q in story_quotes(paragraphs, "fr")] == ["Élisabeth Borne"] * 2


def test_english_quotes_are_read_as_before() -> None:
    paragraph = '"We will appeal," said Jeff Traeger, and “we expect to win.”'
    got = _quotes([paragraph], "en")
    assert got[0] == ("We will appeal", "Jeff Traeger", "said")
