"""Direct quotations and who the sentence says spoke them.

The speaker is kept as written ("Kharge", "the Congress leader", "he"): resolving pronouns
and descriptions to people is enrichment's job, which has the whole story's entities.
Curly quotes damaged into "?" (some indian-wire copies) are not recovered: a "?" is far more
often a real question mark, and guessing would invent quotes.
"""

from __future__ import annotations

import re

from tasks.parse import patterns as P
from tasks.parse.records import Quote

# How much text around a quote is searched for its attribution.
AFTER_WINDOW = 160
BEFORE_WINDOW = 300
# Quotes of this many words or fewer are scare quotes ("sacrosanct") unless plainly attributed.
SCARE_QUOTE_WORDS = 2
# An unclosed quote at paragraph end counts only if it is at least this long.
MIN_UNCLOSED_WORDS = 3


def find_quotes(paragraphs: list[str]) -> list[Quote]:
    """Every direct quotation, in order, with its paragraph index and speaker if attributed."""
    quotes: list[Quote] = []
    for index, paragraph in enumerate(paragraphs):
        quotes.extend(_paragraph_quotes(index, paragraph))
    return quotes


def _paragraph_quotes(index: int, paragraph: str) -> list[Quote]:
    """Quotes in one paragraph, pairing marks by direction rather than by count.

    Paragraphs glued into one line (indian-wire) carry wire style's "no closing mark before a
    continued quote": an opening mark while a quote is open ends the open one there.
    """
    found: list[Quote] = []
    open_at: int | None = None
    previous_end = 0
    for m in P.QUOTE_MARK_RE.finditer(paragraph):
        if _opens(paragraph, m.start()):
            if open_at is not None:
                found += _quote(index, paragraph, previous_end, open_at, m.start(), closed=False)
                previous_end = m.start()
            open_at = m.start()
        elif open_at is not None:
            found += _quote(index, paragraph, previous_end, open_at, m.start(), closed=True)
            open_at, previous_end = None, m.end()
    if open_at is not None:
        found += _quote(index, paragraph, previous_end, open_at, len(paragraph), closed=False)
    return found


def _opens(paragraph: str, at: int) -> bool:
    """“ opens, ” closes; a straight mark opens after a space or bracket, else it closes."""
    mark = paragraph[at]
    if mark != '"':
        return mark == "“"
    return at == 0 or paragraph[at - 1] in P.QUOTE_OPENERS


def _quote(
    index: int, paragraph: str, previous_end: int, start: int, end: int, *, closed: bool
) -> list[Quote]:
    """The quote between two marks (or up to where an unclosed one stops), if it has words."""
    words = paragraph[start + 1 : end].strip()
    if not words or (not closed and len(words.split()) < MIN_UNCLOSED_WORDS):
        return []
    after = paragraph[end + 1 : end + 1 + AFTER_WINDOW] if closed else ""
    speaker = attribute(paragraph[previous_end:start], words, after)
    # The comma before an attribution ("…a loss," said X) is the sentence's, not the speaker's.
    return [Quote(paragraph=index, quote=words.rstrip(",").rstrip(), speaker=speaker)]


def attribute(before: str, words: str, after: str) -> str | None:
    """The speaker named next to a quote: `"…," said X`, `"…," X said`, or `X said, "…"`."""
    after = re.split(r"[\"“”]", after, maxsplit=1)[0]
    continues = words[-1] in ",?!" or after.startswith(",")
    if continues and (speaker := _after(after)):
        return speaker
    short = len(words.split()) <= SCARE_QUOTE_WORDS
    if speaker := _before(before, allow_gap=not short):
        return speaker
    if words[-1] in ".?!" and not short:
        return _after(after)
    return None


def _after(after: str) -> str | None:
    """Attribution that follows the closing quote mark."""
    for pattern in (P.AFTER_VERB_FIRST_RE, P.AFTER_SPEAKER_FIRST_RE):
        m = pattern.match(after)
        if m and (speaker := _clean(m.group("speaker"))):
            return speaker
    return None


def _before(before: str, *, allow_gap: bool) -> str | None:
    """Attribution that leads into the opening quote mark, within the same clause."""
    if len(before) > BEFORE_WINDOW:
        before = before[-BEFORE_WINDOW:].split(" ", 1)[-1]
    m = P.BEFORE_RE.search(before)
    if m is None or (m.group("gap").strip() and not allow_gap):
        return None
    return _clean(m.group("speaker"))


def _clean(speaker: str) -> str | None:
    """Drop time phrases; refuse clause openers that only look like a speaker."""
    speaker = P.SPEAKER_TIME_TAIL_RE.sub("", " ".join(speaker.split())).strip(" ,")
    if speaker.endswith(".") and speaker.split()[-1].rstrip(".") not in P.ABBREVIATIONS:
        speaker = speaker[:-1]
    if not speaker or speaker.split()[0].lower() in P.NOT_SPEAKER_START:
        return None
    return speaker
