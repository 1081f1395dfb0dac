"""Quotation marks: which open, which close, and the quotes they enclose in a paragraph.

Split from tasks.parse.quotes (which decides kinds and speakers). Marks pair by direction and
by kind, the way each language writes them (quote_patterns.CLOSERS): “…” and "…" in English,
„…“ in German, «…» in French and »…« in Danish, ”…” in Swedish and Finnish, 「…」 in Japanese.
"""

from __future__ import annotations

from dataclasses import dataclass

from tasks.parse import quote_patterns as Q
from tasks.parse.attribution import Attribution

# An unclosed quote at paragraph end counts only if it is at least this long.
MIN_UNCLOSED_WORDS = 3


@dataclass
class QuoteSpan:
    """One quote's marks within a paragraph, and what the text around it says."""

    paragraph: int
    start: int  # offset of the opening mark in the paragraph
    end: int  # offset of the closing mark, or the paragraph's length when unclosed
    closed: bool
    before_from: int  # end of the previous quote in the paragraph
    text: str
    attribution: Attribution | None = None


def paragraph_spans(index: int, paragraph: str, language: str = "en") -> list[QuoteSpan]:
    """Quotes in one paragraph, pairing marks by direction rather than by count.

    Paragraphs glued into one line (indian-wire) carry wire style's "no closing mark before a
    continued quote": an opening mark while a quote is open ends the open one there. A mark
    closes only the quotation a matching mark opened (`Q.CLOSERS`): „…“, «…», 「…」.
    """
    found: list[QuoteSpan] = []
    open_at: int | None = None
    open_mark = ""
    previous_end = 0
    # Danish and German books write »…«: the paragraph's first guillemet says which way.
    reversed_guillemets = first_guillemet(paragraph) == "»"

    def add(start: int, end: int, closed: bool) -> None:
        words = paragraph[start + 1 : end].strip()
        if words and (closed or len(words.split()) >= MIN_UNCLOSED_WORDS):
            found.append(QuoteSpan(index, start, end, closed, previous_end, words))

    for m in Q.QUOTE_MARK_RE.finditer(paragraph):
        at, mark = m.start(), m.group()
        opening = mark == '"' and straight_opens(paragraph, at)
        if open_at is not None and mark in Q.CLOSERS[open_mark] and not opening:
            add(open_at, at, closed=True)
            open_at, previous_end = None, m.end()
        elif opens_quote(paragraph, at, language, reversed_guillemets, open_at is None):
            if open_at is not None:
                add(open_at, at, closed=False)
                previous_end = at
            open_at, open_mark = at, mark
    if open_at is not None:
        add(open_at, len(paragraph), closed=False)
    return found


def opens_quote(
    paragraph: str, at: int, language: str, reversed_guillemets: bool, nothing_open: bool
) -> bool:
    """Whether the mark at `at` opens a quotation: “ „ « 「 『 do, » in the »…« style, ” in
    Swedish and Finnish when no quotation is open, a straight mark by its neighbours."""
    mark = paragraph[at]
    if mark in "“„「『":
        return True
    if mark in "«»":
        return (mark == "»") == reversed_guillemets
    if mark == "”":
        return nothing_open and language in Q.SAME_MARK_LANGUAGES
    return mark == '"' and straight_opens(paragraph, at)


def first_guillemet(paragraph: str) -> str | None:
    found = [i for i in (paragraph.find("«"), paragraph.find("»")) if i >= 0]
    return paragraph[min(found)] if found else None


def straight_opens(paragraph: str, at: int) -> bool:
    """“ opens, ” closes; a straight mark opens after a space or bracket, else it closes."""
    mark = paragraph[at]
    if mark != '"':
        return mark == "“"
    return at == 0 or paragraph[at - 1] in Q.QUOTE_OPENERS


def chains(spans: list[QuoteSpan]) -> list[list[QuoteSpan]]:
    """Group an unclosed quote with the quote that reopens right after it (next paragraph,
    or glued in the same line) into one multi-paragraph quotation."""
    chains: list[list[QuoteSpan]] = []
    for span in spans:
        prev = chains[-1][-1] if chains else None
        if (
            prev is not None
            and not prev.closed
            and (
                (span.paragraph == prev.paragraph + 1 and span.start == 0)
                or (span.paragraph == prev.paragraph and span.start == prev.end)
            )
        ):
            chains[-1].append(span)
        else:
            chains.append([span])
    return chains
