"""A story's language: the declared one when the text agrees, else the text's, else `und`.

The texts are our own, written the way each agency writes; the real agency samples are
scored by bench/languages.py.
"""

from __future__ import annotations

import pytest

from tasks.parse.language import UNDETERMINED, detect, primary_tag, story_language
from tasks.parse.story import parse_story

DE = (
    "Die Bundesregierung will die Förderung für Elektroautos im kommenden Jahr deutlich "
    "ausweiten. Das kündigte der Wirtschaftsminister am Montag in Berlin an."
)
FR = (
    "Le gouvernement a présenté mardi un projet de loi visant à réduire la consommation "
    "d'énergie des bâtiments publics d'ici à la fin de la décennie."
)
EN = (
    "The central bank left interest rates unchanged on Thursday, saying inflation was "
    "easing faster than it had expected at the start of the year."
)
FI = (
    "Hallitus esitti tiistaina lakimuutoksen, jonka mukaan kuntien on järjestettävä "
    "varhaiskasvatus kaikille lapsille ensi vuoden alusta alkaen."
)
DA = (
    "Regeringen vil bruge flere penge på at uddanne sygeplejersker, oplyser "
    "sundhedsministeren i en pressemeddelelse tirsdag."
)
ES = (
    "El Gobierno aprobó este martes un plan para reducir las listas de espera en la sanidad "
    "pública antes de que termine el año, informaron fuentes oficiales."
)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),  # region dropped
        ("fi_FI", "fi"),  # underscore form (Java locales)
        ("DE", "de"),  # lower-cased
        ("fre", "fr"),  # ISO 639-2 bibliographic
        ("deu", "de"),  # ISO 639-2 terminologic
        ("no", "nb"),  # Norwegian: Bokmål, the tag spaCy's pipelines carry
        ("iw", "he"),  # withdrawn code CLD2 still writes
        ("und", None),  # undetermined declares nothing
        ("", None),
        (None, None),
        ("x1", None),  # not a language tag
    ],
)
def test_primary_tag(tag: str | None, expected: str | None) -> None:
    assert primary_tag(tag) == expected


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        (EN, None, "en"),  # nothing declared: the text says
        (DE, None, "de"),
        (FR, None, "fr"),
        (FI, None, "fi"),
        (DA, None, "da"),
        (ES, None, "es"),
        (FR, "fr-FR", "fr"),  # the declaration agrees
        (EN, "da", "en"),  # a Ritzau press release in English, declared Danish: the text wins
        (DE, "en-US", "de"),
        (EN.upper(), None, "en"),  # ALL-CAPS wire copy (MUC-3) is read lower-cased
        ("The story so far.", "fr", "fr"),  # too short to contradict the agency
        ("TEST FROM XAWES (ANSA).", "it", "it"),  # a test line does not overrule it either
        ("abcd", None, UNDETERMINED),  # too short, nothing declared
        # a table CLD2 is unsure of: its best effort is English, as the copy is
        ("Shr 45 cts vs 58 cts  Net 1.1 mln vs 829,000  Sales 7.9 mln vs 9.4 mln", None, "en"),
        ("", None, UNDETERMINED),
    ],
)
def test_story_language(body: str, declared: str | None, expected: str) -> None:
    assert story_language(None, body, declared) == expected


def test_control_characters_do_not_break_detection() -> None:
    # C1 controls (ANPA framing leftovers) make CLD2 refuse the text as "invalid UTF-8"
    guess = detect("\x85\x1f" + DE + "\x9c")
    assert guess is not None and guess.best == "de"


def test_every_parsed_story_has_a_language_and_keeps_the_declared_one() -> None:
    story = parse_story("BERLIN (dpa) - " + DE)
    assert (story.language, story.language_declared) == ("de", None)
    plain = parse_story("Short.")
    assert plain.language == UNDETERMINED
