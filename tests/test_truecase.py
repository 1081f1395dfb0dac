"""Case restoration: pure tests with a hand-made lexicon, plus one with the model's lexicon."""

from __future__ import annotations

import pytest

from tasks.truecase import Lexicon, case_word, is_shouting, truecase

SEEN = {"kidnapped", "Kidnapped", "peasants", "army", "Army", "Salvador"}
LEX = Lexicon(
    stop=frozenset({"the", "of", "by", "in", "were"}),
    seen=SEEN.__contains__,
    closed=frozenset({"kidnap"}),
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("THE", "the"),  # stop word
        ("FMLN", "FMLN"),  # no vowel: an acronym
        ("UAE", "UAE"),  # short and never seen title-cased: an acronym
        ("SALVADOR", "Salvador"),  # only the title-case form seen
        ("PEASANTS", "peasants"),  # only the lower-case form seen
        ("KIDNAPPED", "kidnapped"),  # both seen, but a verb form (kidnap + ed)
        ("ARMY", "Army"),  # both seen, a noun: names cost more to lose than nouns to capitalise
        ("USULUTAN", "Usulutan"),  # never seen: probably a name
    ],
)
def test_case_word(word: str, expected: str) -> None:
    assert case_word(word, LEX) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("PEASANTS WERE KIDNAPPED", True),
        ("Peasants were kidnapped", False),
        ("1996-08-22", False),  # no cased letters
        ("BRUSSELS 1996-08-22", True),
    ],
)
def test_is_shouting(line: str, expected: bool) -> None:
    assert is_shouting(line) is expected


def test_truecase_keeps_length_and_mixed_lines() -> None:
    text = "Kept As Is.\nPEASANTS WERE KIDNAPPED BY THE FMLN IN SALVADOR. THE ARMY"
    out = truecase(text, LEX)
    assert len(out) == len(text)
    assert out.splitlines()[0] == "Kept As Is."
    # sentence starts are capitalised, even for stop words
    assert out.splitlines()[1] == "Peasants were kidnapped by the FMLN in Salvador. The Army"


def test_model_lexicon_restores_a_muc_sentence() -> None:
    from tasks.entities import _lexicon

    text = "THE TERRORISTS ATTACKED THE EMBASSY IN SAN SALVADOR YESTERDAY."
    out = truecase(text, _lexicon(None))
    assert len(out) == len(text)
    assert "San Salvador" in out
    assert out.startswith("The ")
