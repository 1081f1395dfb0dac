"""What a PERSON span names (tasks.enrich.identity, through tasks.enrich.canonical): issue 28.

The spans are the model's as it gives them on such copy (en_core_web_sm on Reuters 2017
political copy, PTI and AP agate); the rules must turn them into the right entities.
"""

from __future__ import annotations

import pytest

from tasks.enrich.canonical import canonicalize
from tasks.enrich.identity import is_team_initials, person_label


def span(text: str, surface: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface), label


def entities(text: str, spans) -> set[tuple[str, str]]:
    return {(m.entity, m.label) for m in canonicalize(text, spans)}


@pytest.mark.parametrize(
    ("surface", "label"),
    [
        ("Twitter Inc", "ORG"),  # a company suffix: no person is called "Inc"
        ("Reliance Industries Ltd", "ORG"),
        ("Trump Organization", "ORG"),  # an institution's head word ends it
        ("Obama Administration", "ORG"),
        ("Twitter", "ORG"),  # a platform alone
        ("N.Y. Yankees", "ORG"),  # AP agate: a state's initials, then a plural nickname
        ("L.A. Angels", "ORG"),
        ("Brexit", "EVENT"),  # a coinage on "exit"
        ("Megxit", "EVENT"),
        ("Donald Trump", "PERSON"),
        ("M. Vaughan", "PERSON"),  # a scorecard's initial: a person
        ("N.C. Wyeth", "PERSON"),  # state initials but no plural: a person
        ("Tom Jones", "PERSON"),  # a surname ending in "s" is not a nickname without initials
        ("Inc", "PERSON"),  # one word: a suffix needs a name before it
    ],
)
def test_person_label(surface: str, label: str) -> None:
    assert person_label(surface) == label


@pytest.mark.parametrize(
    ("surface", "team"),
    [
        ("N.Y. Yankees", True),
        ("L.A. Angels", True),
        ("D.A. Weibring", False),  # a golfer's initials
        ("C.A. Thomas", False),  # Reuters-21578: initials that are a state code, not a team city
        ("N.Y.", False),
    ],
)
def test_is_team_initials(surface: str, team: bool) -> None:
    assert is_team_initials(surface) is team


def test_a_span_that_ran_into_the_next_sentence_is_cut_back() -> None:
    text = "The meeting was arranged by Donald Trump Jr. Had he known, he said, he would not go."
    got = entities(text, [span(text, "Donald Trump Jr. Had", "PERSON")])
    assert got == {("Donald Trump Jr.", "PERSON")}


def test_a_platform_after_a_party_is_cut_off() -> None:
    # PTI copy: the party's Twitter handle; the model gives one PERSON over both
    text = (
        "The Rashtriya Janata Dal (RJD) hit out at the chief minister. "
        "A post on the Rashtriya Janata Dal Twitter handle called it a betrayal."
    )
    spans = [
        span(text, "The Rashtriya Janata Dal", "ORG"),
        span(text, "Rashtriya Janata Dal Twitter", "PERSON"),
    ]
    got = entities(text, spans)
    assert ("Rashtriya Janata Dal", "ORG") in got  # the story names the party an ORG
    assert ("Twitter", "ORG") in got
    assert not any(label == "PERSON" for _, label in got)


def test_an_organisation_the_story_names_is_cut_out_of_a_person_span() -> None:
    text = "Aides in the Trump White House were told to wait. The White House declined to comment."
    spans = [span(text, "Trump White House", "PERSON"), span(text, "White House", "ORG", 1)]
    got = entities(text, spans)
    assert got == {("Trump", "PERSON"), ("White House", "ORG")}


def test_a_teams_nickname_is_the_team_it_ends() -> None:
    # the model: the full name an ORG, the nickname alone a PERSON
    text = "The Los Angeles Rams beat Seattle 24-10. The Rams scored twice in the third quarter."
    spans = [span(text, "Los Angeles Rams", "ORG"), span(text, "Rams", "PERSON", 1)]
    got = entities(text, spans)
    assert got == {("Los Angeles Rams", "ORG")}


def test_agate_results_give_teams_not_people() -> None:
    # AP ANPA agate (wire-formats/ap_anpa-2.tst): "N.Y. Yankees 7, Chicago White Sox 5"
    text = "N.Y. Yankees 7, Chicago White Sox 5\n\nL.A. Angels 3, Seattle 0"
    spans = [
        span(text, "N.Y. Yankees", "PERSON"),
        span(text, "Chicago White Sox", "ORG"),
        span(text, "L.A. Angels", "ORG"),
    ]
    assert {label for _, label in entities(text, spans)} == {"ORG"}


def test_a_juniors_surname_folds_into_his_full_name() -> None:
    text = "Donald Trump Jr. met the lawyer. Trump said the meeting was short."
    spans = [span(text, "Donald Trump Jr.", "PERSON"), span(text, "Trump", "PERSON", 1)]
    assert entities(text, spans) == {("Donald Trump Jr.", "PERSON")}


def test_a_company_in_ticker_brackets_and_its_short_name() -> None:
    # Reuters-21578 (reut2-000): "<Autorama Inc>, a distributor for Ford Motor Co <F> in
    # Japan"; the model gives "<Autorama Inc" and a later "Autorama" as PERSON
    text = (
        "<Autorama Inc>, a distributor for Ford Motor Co <F> in Japan, is considering "
        "importing cars. Autorama said it would decide soon."
    )
    spans = [(0, 13, "PERSON"), span(text, "Autorama", "PERSON", 1)]
    assert entities(text, spans) == {("Autorama Inc", "ORG")}
