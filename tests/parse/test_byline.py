"""Bylines → their people and their credits (tasks.parse.byline), on bylines as agencies write
them: one person, several, credits and desk codes, initials, name particles."""

from __future__ import annotations

import pytest

from tasks.parse.byline import split_byline


@pytest.mark.parametrize(
    "raw,title,want",
    [
        ("By BERNARD CONDON", "AP Business Writer", ("Bernard Condon", "AP Business Writer")),
        ("By The Associated Press", None, (None, "The Associated Press")),
        ("dpa correspondents", None, (None, "dpa correspondents")),
        ("Staff Reporter", None, (None, "Staff Reporter")),
        ("futurezone/KN", None, (None, "futurezone/KN")),  # a desk code
        ("Peter and Jane", None, ("Peter and Jane", None)),
        ("By John Smith, Associated Press Writer", None, ("John Smith", "Associated Press Writer")),
        # issue 26: every person of a multi-person byline, in order; credits apart
        ("A. Smith, B. Jones and C. Brown", None, ("A. Smith, B. Jones and C. Brown", None)),
        ("F. D'Emilio, P. Santalucia", None, ("F. D'Emilio and P. Santalucia", None)),
        # "with B in Jerusalem": B reported from Jerusalem, both are authors
        ("By Jeffrey Heller with Dan Williams in Jerusalem", None,
         ("Jeffrey Heller and Dan Williams", None)),
        ("Anna Berg / Jan Krüger", None, ("Anna Berg and Jan Krüger", None)),
        ("Von Anna Berg und Jan Krüger", None, ("Anna Berg und Jan Krüger", None)),  # own "and"
        ("By PAUL BYRNE and ALMUDENA CALATRAVA, Associated Press", None,
         ("Paul Byrne and Almudena Calatrava", "Associated Press")),
        ("XYZ-AFP-DPA", None, (None, "XYZ-AFP-DPA")),  # a string of agency credits
        ("Anna Berg/TT", None, ("Anna Berg", "TT")),  # TT's "name/agency"
        ("Sana Ahmed", None, ("Sana Ahmed", None)),  # a person whose name is an agency's code
        ("Eric Beech; Editing by Peter Cooney", None, ("Eric Beech", "Editing by Peter Cooney")),
        # initials and short names are no "and": "E." (Portuguese "e"), "Y." (Spanish "y")
        ("By John E. Smith", None, ("John E. Smith", None)),
        ("By JOHN E. SMITH", None, ("John E. Smith", None)),
        ("Juan Y. Perez", None, ("Juan Y. Perez", None)),
        ("Ha Ja Kim", None, ("Ha Ja Kim", None)),
        ("Ana I. Lopez e Rui Santos", None, ("Ana I. Lopez e Rui Santos", None)),
        ("JUAN PEREZ Y ANA LOPEZ", None, ("Juan Perez y Ana Lopez", None)),
        # "da" makes names: it ends one at a place the gazetteer knows only
        ("Por João da Costa", None, ("João da Costa", None)),
        ("By Luiz Inacio da Silva and Ana Souza", None,
         ("Luiz Inacio da Silva and Ana Souza", None)),
    ],
)  # fmt: skip
def test_byline_holds_people_only(raw: str, title: str | None, want: tuple) -> None:
    assert split_byline(raw, title) == want
