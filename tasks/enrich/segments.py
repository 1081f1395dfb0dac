"""What the NER model is given: a story body cut into paragraph segments, tables left out.

Why paragraphs: a paragraph is the unit wire copy repeats (boilerplate, an earlier version's
unchanged paragraphs, exact copies of a story), so NER results cached per paragraph text
(tasks.enrich.ner_cache) are reused across stories, versions and parser changes. spaCy's NER
reads a few tokens of context and never links entities across a blank line, so a paragraph
alone gives the same spans as the whole body.

Why tables are skipped: a results line ("Shr 1.20 dlrs vs 1.10 dlrs") holds only numbers
and table labels; the model can only find MONEY / CARDINAL there (never entities rows) or
call "Shr" an ORG. bench/ner_eval.py shows F1 unchanged with the skip.
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
    """A paragraph of table lines only is skipped; any other paragraph goes whole.

    A paragraph mixing prose and table lines stays whole: cutting it would change the
    context the model sees around the cut, and with it a span now and then.
    """
    lines = text[start:end].split("\n")
    if not (skip and all(is_figures_line(line) or not line.strip() for line in lines)):
        _emit(text, start, end, out)


def _emit(text: str, start: int, end: int, out: list[Segment]) -> None:
    piece = text[start:end]
    stripped = piece.rstrip()
    lead = len(piece) - len(piece.lstrip())
    if stripped.strip():
        out.append(Segment(start + lead, stripped[lead:]))
