"""Reported speech: who a sentence says said something, without quotation marks."""

from __future__ import annotations

import pytest

from tasks.parse.reported import find_reported


@pytest.mark.parametrize(
    ("paragraph", "want"),
    [
        # seed: speaker first, "that" clause
        (
            "Kharge said that Imran Khan is facing political challenges in Pakistan.",
            ("Kharge", "said", "Imran Khan is facing political challenges in Pakistan"),
        ),
        # a title before the name and a lead-in phrase
        (
            "In his letter, Education Minister Rob Fleming said the government has prioritized "
            "new schools.",
            (
                "Education Minister Rob Fleming",
                "said",
                "the government has prioritized new schools",
            ),
        ),
        # an appositive between the speaker and the verb
        (
            "Howell, who has two children in the school, says about 550 students attend it.",
            ("Howell", "says", "about 550 students attend it"),
        ),
        # attribution last
        (
            "Accessibility is a major problem at the school, Howell said.",
            ("Howell", "said", "Accessibility is a major problem at the school"),
        ),
        # a pronoun speaker, resolved later by enrichment
        (
            "She said the board will also consider giving priority to Rutland.",
            ("She", "said", "the board will also consider giving priority to Rutland"),
        ),
    ],
)
def test_reported_speech(paragraph: str, want: tuple[str, str, str]) -> None:
    (q,) = find_reported([paragraph])
    assert (q.speaker, q.verb, q.quote) == want
    assert q.kind == "reported"


@pytest.mark.parametrize(
    "paragraph",
    [
        # quotation marks: left to tasks.parse.quotes
        '"We will appeal," Kharge said.',
        # too short to be a statement
        "He said so.",
        # no reporting verb at all
        "The school has 11 portables with more expected on site.",
    ],
)
def test_not_reported_speech(paragraph: str) -> None:
    assert find_reported([paragraph]) == []
