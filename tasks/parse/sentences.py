"""Sentences of a paragraph, without a parser: news copy ends them with ". ", "? ", "! "."""

from __future__ import annotations

from tasks.parse import quote_patterns as Q


def sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a dot after "Dr", "Rep", "St" does not end a sentence."""
    out: list[tuple[int, str]] = []
    begin = 0
    for m in Q.SENTENCE_END_RE.finditer(paragraph):
        before = paragraph[begin : m.start()].split()
        if before and before[-1].lower().strip('"“(') in Q.NAME_ABBREVIATIONS:
            continue
        out.append((begin, paragraph[begin : m.start() + 1]))
        begin = m.end()
    if paragraph[begin:].strip():
        out.append((begin, paragraph[begin:]))
    return out
