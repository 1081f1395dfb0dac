"""What the model is given: paragraphs, without tables of figures (tasks.enrich.segments)."""

from __future__ import annotations

import pytest

from tasks.enrich.segments import is_figures_line, is_table_line, segments


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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # AP ANPA agate (wire-formats/ap_anpa-2.tst): a standings row and its header
        ("Baltimore;23;13;.639;_;_;8-2;L-1;16-6;7-7 ", True),
        (";W;L;Pct;GB;WCGB;L10;Str;Home;Away ", True),
        # AP weather table (wire-formats/anpa-3.tst), indented by a tab as delivered
        ("\t   Colombo;77;87;pc;0.00;75;88;rn;75;88;rn<", True),
        # dpa IPTC 7901 league table (wire-formats-dpa/spe-tab.iptc)
        ("| 1.  | Bayern München       | 6 | 4 | 2 | 0 | +13 | 20:7  | 14 |", True),
        ("| FC Augsburg          | - | Bor. Mönchengladbach | 2:1 (1:0) |", True),
        ("Baltimore\t23\t13\t.639", True),  # tab-separated cells
        # prose with semicolons: a space after each, so no cells
        ("Sales rose 5 pct; profits fell; the shares slipped.", False),
        # AG News keeps HTML entities' leftovers: long "cells" are a sentence, not a row
        (
            "Andy Roddick#39;s serve beat Roger Federer in the final; it was Federer#39;s loss.",
            False,
        ),
        ("| Freitag, 04.10.2024: |", True),  # a framed row of one cell (dpa's date row)
        # AP agate leaders (wire-formats/ap_anpa-2.tst): short cells between "; "
        (
            "Yelich, Milwaukee, 31; Alonso, New York, 28; Bell, Pittsburgh, 25; 9 tied at 20.",
            True,
        ),
        # an obituary's list: a clause among the cells is prose
        ("Survivors include his wife, Mary; a son, John; and two daughters, Ann and Sue.", False),
        ("\tThe indented first line of an ANPA paragraph", False),  # an indent is no cell
        ("N.Y. Yankees 7, Chicago White Sox 5", False),  # a results line: teams are entities
        ("", False),
    ],
)
def test_is_table_line(line: str, expected: bool) -> None:
    assert is_table_line(line) is expected


def test_table_rows_are_cut_out_of_a_paragraph_the_body_keeps_them() -> None:
    body = (
        "Baltimore leads the American League East.\n"
        ";W;L;Pct;GB\n"
        "Baltimore;23;13;.639;_\n"
        "Boston;24;14;.632;_\n"
        "Toronto and Tampa Bay trail by six games."
    )
    got = [s.text for s in segments(body)]
    assert got == [
        "Baltimore leads the American League East.",
        "Toronto and Tampa Bay trail by six games.",
    ]
    assert all(body[s.start : s.start + len(s.text)] == s.text for s in segments(body))
