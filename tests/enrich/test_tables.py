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
