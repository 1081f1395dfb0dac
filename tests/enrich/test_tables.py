"""Team names in sports result lines (tasks.enrich.tables) and their label in the story."""

from __future__ import annotations

import pytest

from tasks.enrich.canonical import canonicalize
from tasks.enrich.tables import team_spans


def _names(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in team_spans(text)]


@pytest.mark.parametrize(
    ("line", "teams"),
    [
        ("Hull 0 Barnet 0", ["Hull", "Barnet"]),  # score line (CoNLL-2003 testa)
        ("TEXAS 5 Cleveland 3", ["TEXAS", "Cleveland"]),  # baseball, mixed case
        ("Queen of South 2 Clyde 0", ["Queen of South", "Clyde"]),  # "of" inside a name
        ("Brentford 4 3 1 0 9 3 10", ["Brentford"]),  # standings row
        ("NEW YORK 72 60 .545 -", ["NEW YORK"]),  # baseball standings with pct and games back
        ("KANSAS CITY AT DETROIT", ["KANSAS CITY", "DETROIT"]),  # schedule
        ("Notts County v York", ["Notts County", "York"]),  # fixture
        ("Bristol : Gloucestershire 183 and 185-6 ( J. Russell 56 )", ["Gloucestershire"]),
        ("Net 650 million 680 million", []),  # a finance row is no table of teams
        ("Shr 1.25 dlrs vs 1.10 dlrs", []),
        ("The index rose 12 points to 1,234 on Monday.", []),  # prose
    ],
)
def test_team_spans(line: str, teams: list[str]) -> None:
    assert _names(line) == teams


def test_team_from_a_table_is_an_org_in_the_prose_too() -> None:
    # The model called Leicestershire a PERSON in prose; the scorecard line says team.
    text = "Leicestershire beat Somerset.\nSomerset 83 and 174 , Leicestershire 296 and 12-0 ."
    spans = [(0, 14, "PERSON"), (20, 28, "GPE")]
    labels = {m.text: m.label for m in canonicalize(text, spans)}
    assert labels["Leicestershire"] == "ORG" and labels["Somerset"] == "ORG"


def test_golfer_in_a_scores_row_stays_a_person() -> None:
    text = "Greg Norman 66 67 70\n"
    [m] = canonicalize(text, [(0, 11, "PERSON")])
    assert m.label == "PERSON"


@pytest.mark.parametrize(
    ("text", "surface", "kept"),
    [
        ("Revs 25.1 mln vs 23.2 mln\n", "Revs", False),  # Reuters earnings row label
        ("Avg shrs 3.1 mln vs 2.9 mln\n", "Avg", False),
        ("Shr 45 cts vs 40 cts\n", "Shr", False),
        ("Apple 25.1 billion dlrs in sales, up 5 pct.", "Apple", True),  # no "vs": prose
        ("Sales rose; Revs 25.1 mln vs 23.2 mln", "Revs", True),  # not at a line start
    ],
)
def test_results_row_labels_are_not_entities(text: str, surface: str, kept: bool) -> None:
    start = text.index(surface)
    found = canonicalize(text, [(start, start + len(surface), "PERSON")])
    assert bool(found) is kept
