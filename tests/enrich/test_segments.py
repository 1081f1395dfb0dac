"""What the model is given: paragraphs, without tables of figures (tasks.enrich.segments)."""

from __future__ import annotations

import pytest

from tasks.enrich.segments import is_figures_line, segments


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Shr 1.20 dlrs vs 1.10 dlrs", True),  # Reuters-21578 earnings table
        ("Net 3,400,000 vs 2,900,000", True),
        ("Shr profit 26 cts vs loss 86 cts", True),  # lower-case words are never names
        ("Avg shrs 6,037,640 vs 4,937,378", True),
        ("Qtly div 18 cts vs 18 cts prior", True),  # "eighteen" / "prior": table words
        ("NET 3,400,000 VS 2,900,000", True),  # an ALL-CAPS wire: labels compared lower-case
        ("Texaco 1.20 vs 1.10", False),  # an unknown capitalised word may be a company
        ("Leeds 3 2 1 0 5 2 7", False),  # a sports table: no "vs", team names are entities
        ("Net 3,400,000", False),  # one number, no comparison: not a results row
        ("Revs vs prior year", False),  # no figures at all
        ('Net 1.2 vs 1.1 "said"', False),  # quotes: prose, not a table
        ("", False),
    ],
)
def test_is_figures_line(line: str, expected: bool) -> None:
    assert is_figures_line(line) is expected


BODY = (
    "Texaco Inc said first quarter profit rose.\n\n"
    "Shr 1.20 dlrs vs 1.10 dlrs\n\n"
    "Net 3,400,000 vs 2,900,000\nRevs 40.5 mln vs 38.2 mln\n\n"
    "The company, based in Harrison, N.Y., said sales rose.\n"
    "Net 1.2 vs 1.1"
)


def test_segments_are_slices_of_the_text_without_table_paragraphs() -> None:
    got = segments(BODY)
    assert [s.text for s in got] == [
        "Texaco Inc said first quarter profit rose.",
        # a paragraph mixing prose and a table line goes whole (the model's context stays)
        "The company, based in Harrison, N.Y., said sales rose.\nNet 1.2 vs 1.1",
    ]
    assert all(BODY[s.start : s.start + len(s.text)] == s.text for s in got)


def test_skip_can_be_turned_off_for_measurement() -> None:
    assert len(segments(BODY, skip_tables=False)) == 4
