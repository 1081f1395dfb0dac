"""Reported speech: who the story says said something, without quotation marks.

`Education Minister Rob Fleming said the government has prioritized new schools` quotes Rob
Fleming as surely as a quotation would: counting the people a story quotes (its sources)
needs these too. They become quotes of kind `reported`, the reported clause as their text.
A sentence with quotation marks is left to tasks.parse.quotes. Sentences are only matched
against the patterns when a reporting verb appears in them (a cheap gate: most do not).
"""

from __future__ import annotations

from tasks.parse import quote_patterns as Q
from tasks.parse.attribution import clean_speaker
from tasks.parse.quotes import find_quotes
from tasks.parse.records import Quote
from tasks.parse.sentences import sentences

REPORTED = "reported"
# A reported clause shorter than this is not a statement: "he said so".
MIN_CLAUSE_WORDS = 4
# Longer "sentences" are tables or unsegmented dumps, not reported speech: skipping them keeps
# the patterns' cost bounded on hostile input.
MAX_SENTENCE_CHARS = 1500


def find_reported(paragraphs: list[str]) -> list[Quote]:
    """Every sentence of reported speech, in order, with its speaker as written."""
    found: list[Quote] = []
    base = 0
    for index, paragraph in enumerate(paragraphs):
        if Q.REPORTING_VERB_RE.search(paragraph):
            for start, sentence in sentences(paragraph):
                if q := _reported(index, base + start, sentence):
                    found.append(q)
        base += len(paragraph) + 2
    return found


def _reported(index: int, offset: int, sentence: str) -> Quote | None:
    if len(sentence) > MAX_SENTENCE_CHARS or any(c in sentence for c in Q.QUOTE_MARKS):
        return None
    if not Q.REPORTING_VERB_RE.search(sentence):
        return None
    m = Q.REPORTED_FIRST_RE.search(sentence)
    if m is None or not (speaker := clean_speaker(m.group("speaker"))):
        m = Q.REPORTED_LAST_RE.match(sentence)
        if m is None:
            return None
        group = "speaker" if m.group("speaker") else "speaker2"
        speaker = clean_speaker(m.group(group) or "")
        verb = (m.group("verb") or m.group("verb2") or "").lower()
        at = m.start(group)
    else:
        verb, at = m.group("verb").lower(), m.start("speaker")
    clause = m.group("clause").strip().rstrip(".")
    if not speaker or len(clause.split()) < MIN_CLAUSE_WORDS:
        return None
    return Quote(
        paragraph=index,
        quote=clause,
        speaker=speaker,
        kind=REPORTED,
        verb=verb,
        offset=offset + m.start("clause"),
        speaker_offset=offset + at,
    )


def story_quotes(paragraphs: list[str], language: str = "en") -> list[Quote]:
    """Quotations and phrases, then reported speech (English only: its patterns are English
    verbs), in the order the story has them.

    The one entry point for a story's quotes, shared by the text and delivery-format parsers.
    """
    found = find_quotes(paragraphs, language)
    if language in Q.ENGLISH_PATTERN_LANGUAGES:
        found += find_reported(paragraphs)
    return sorted(found, key=lambda q: q.offset)
