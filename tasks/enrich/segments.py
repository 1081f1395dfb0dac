"""What the NER model is given: a story body cut into paragraph segments, tables left out.

Why paragraphs: a paragraph is the unit wire copy repeats (boilerplate, an earlier version's
unchanged paragraphs, exact copies of a story), so NER results cached per paragraph text
(tasks.enrich.ner_cache) are reused across stories, versions and parser changes. spaCy's NER
reads a few tokens of context and never links entities across a blank line, so a paragraph
alone gives the same spans as the whole body.

Why tables are skipped: a results line ("Shr 1.20 dlrs vs 1.10 dlrs") holds only numbers
and table labels; the model can only find MONEY / CARDINAL there (never entities rows) or
call "Shr" an ORG. bench/ner_eval.py shows F1 unchanged with the skip.

Why delimited table lines are cut out of every paragraph: agate, weather and market tables
arrive as lines of `;`-, tab- or `|`-separated cells ("Baltimore;23;13;.639;_;_;8-2" in AP's
ANPA agate, "| 1. | Bayern München | 6 | 4 |" in dpa's IPTC 7901). The model reads a row as
one name ("Baltimore;23;13") or a standings row as people; a table is no evidence of who a
story is about, so its rows are never entities, whatever prose shares their paragraph. The
body keeps them as delivered: only what the model is given changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from tasks.enrich import entity_patterns as P
from tasks.ingest.patterns import BLANK_LINE_RE  # how ParsedStory.body joins paragraphs


@dataclass(frozen=True)
class Segment:
    """A slice of a text given to the model on its own: text[start:start + len(text)]."""

    start: int
    text: str


def is_figures_line(line: str) -> bool:
    """A line of a results table: numbers, "vs", and table labels only (no possible name).

    "Net 3,400,000 vs 2,900,000" and "Shr profit 26 cts vs loss 86 cts" are; "Texaco 1.20
    vs 1.10" is not (an unknown capitalised word may be a name), nor is "Leeds 3 2 1 0" (a
    sports table without "vs": its team names are entities).
    """
    words = line.split()
    if not words or len(words) > P.FIGURE_MAX_WORDS:
        return False
    numbers = 0
    has_vs = False
    for word in words:
        low = word.lower().strip(":,;")
        if low in P.FIGURE_VS:
            has_vs = True
        elif P.FIGURE_NUMBER.match(word):
            numbers += 1
        elif not word[:1].isalpha():
            return False  # quotes, brackets, symbols: not a plain table line
        elif low not in P.FIGURE_LABELS and not word.islower():
            return False  # a capitalised word we do not know may be a name
    return has_vs and numbers >= 2


def is_table_line(line: str) -> bool:
    """A row of delimited cells: short cells between `;` with a cell right after each
    ("Amsterdam;42;50;rn", ";W;L;Pct"; an HTML entity's leftover "it#39;s" sits in a long
    sentence), four short cells or more between "; " (agate leaders, "Yelich, Milwaukee, 31;
    Alonso, New York, 28; …"; prose puts a clause between its semicolons), a tab between two
    cells ("Baltimore\t23"), or cells between `|` ("| FC Augsburg | - | Holstein Kiel |",
    "| Freitag, 04.10.2024: |")."""
    body = line.strip()
    if not body:
        return False
    cells = body.split(";")
    if len(P.CELL_SEMICOLON.findall(body)) >= 2 and _short_cells(cells, 3):
        return True
    if _short_cells(cells, 4):  # AP agate leaders: "Yelich, Milwaukee, 31; Alonso, New York, 28;"
        return True
    if P.CELL_TAB.search(body):
        return True
    framed = body.startswith("|") and body.endswith("|") and len(body) > 1
    return framed or (body.count("|") >= 2 and _short_cells(body.split("|")))


def _short_cells(cells: list[str], least: int = 3) -> bool:
    """`least` cells or more, each of a few words: a table row, not a sentence."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= least and all(len(c.split()) <= P.CELL_MAX_WORDS for c in filled)


def segments(text: str, skip_tables: bool = True) -> list[Segment]:
    """The parts of `text` the model runs on: its paragraphs, without tables of figures.

    Every segment is a contiguous slice of `text` (offsets map back by adding `start`).
    """
    out: list[Segment] = []
    pos = 0
    for m in [*BLANK_LINE_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        _split_paragraph(text, pos, end, out, skip_tables)
        pos = m.end() if m else len(text)
    return out


def _split_paragraph(text: str, start: int, end: int, out: list[Segment], skip: bool) -> None:
    """A paragraph of table lines only is skipped; delimited rows are cut out of any other.

    A paragraph mixing prose and "vs" figure lines stays whole: cutting it would change the
    context the model sees around the cut, and with it a span now and then. Delimited rows
    (`is_table_line`) are cut out all the same: the runs of lines between them go apart.
    """
    lines = text[start:end].split("\n")
    if skip and all(is_figures_line(ln) or is_table_line(ln) or not ln.strip() for ln in lines):
        return
    if not skip or not any(is_table_line(ln) for ln in lines):
        _emit(text, start, end, out)
        return
    pos, run = start, start
    for line in lines:
        if is_table_line(line):
            _emit(text, run, pos, out)
            run = pos + len(line) + 1
        pos += len(line) + 1
    _emit(text, run, end, out)


def _emit(text: str, start: int, end: int, out: list[Segment]) -> None:
    piece = text[start:end]
    stripped = piece.rstrip()
    lead = len(piece) - len(piece.lstrip())
    if stripped.strip():
        out.append(Segment(start + lead, stripped[lead:]))
