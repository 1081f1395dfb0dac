"""Case restoration for upper-case-only lines (MUC-3 bodies, wire headlines, sports tables).

Why: spaCy's small English NER leans hard on capitalisation. On ALL-CAPS text it tags
almost every word or none, so entities are lost. We restore a plausible case *before* NER and
keep the text length identical, so every char offset found on the restored text is valid
for the original.

Heuristic (no training, offline word lists from the spaCy model itself):
- stop words (spaCy's English STOP_WORDS) are lower-cased;
- short all-consonant tokens or short tokens only ever seen upper-case are acronyms (FMLN, UAE);
- otherwise the model's string store tells which case variants it has seen: only the
  lower-case form → lower; only the title-case form → Title;
- both seen: words the lemmatizer lists as verb/adjective/adverb are lower-cased, the rest
  (nouns, unknowns, names) are title-cased, because for NER a missed name costs more than a
  capitalised common noun;
- the first word of each sentence is capitalised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tasks.entity_patterns import CASE_WORD, SENTENCE_END

_VOWELS = frozenset("AEIOUY")
# Inflection endings tried when looking a word up in the lemma lists (KIDNAPPED → kidnap).
_SUFFIXES = ("ies", "es", "s", "ed", "d", "ing", "ly")


@dataclass(frozen=True)
class Lexicon:
    """Word lists the heuristic consults; build with `lexicon_from_model` or by hand in tests."""

    stop: frozenset[str]  # lower-case function words
    seen: Callable[[str], bool]  # has the model's string store seen this exact string?
    closed: frozenset[str] = field(default_factory=frozenset)  # verb/adj/adv lemmas, lower

    def is_closed(self, low: str) -> bool:
        if low in self.closed:
            return True
        for suf in _SUFFIXES:
            if low.endswith(suf) and len(low) > len(suf) + 2:
                base = low[: -len(suf)]
                if base in self.closed or base + "e" in self.closed:
                    return True
                if base[-1] == base[-2] and base[:-1] in self.closed:
                    return True  # doubled consonant: KIDNAPPED → kidnap
                if suf == "ies" and base + "y" in self.closed:
                    return True
        return False


def is_shouting(line: str) -> bool:
    """True for a line with cased letters, all of them capitals (C-speed `str.isupper`)."""
    return line.isupper()


def case_word(word: str, lex: Lexicon) -> str:
    """One upper-case word in its most plausible running-text case (same length)."""
    low = word.lower()
    if len(low) != len(word):  # exotic casing rules (e.g. 'İ'); leave untouched
        return word
    if low in lex.stop:
        return low
    letters = word.replace("'", "")
    title = word[0] + word[1:].lower()
    if len(letters) <= 4 and (not (_VOWELS & set(letters)) or not lex.seen(title)):
        return word  # acronym: FMLN, UAE, EU
    seen_title, seen_low = lex.seen(title), lex.seen(low)
    if seen_low and not seen_title:
        return low
    if seen_title and not seen_low:
        return title
    if seen_low and lex.is_closed(low):
        return low
    return title


def truecase(text: str, lex: Lexicon) -> str:
    """`text` with each shouting line case-restored; other lines are returned unchanged."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        out.append(_truecase_line(line, lex) if is_shouting(line) else line)
    result = "".join(out)
    assert len(result) == len(text)
    return result


def _truecase_line(line: str, lex: Lexicon) -> str:
    parts: list[str] = []
    pos = 0
    sentence_start = True
    for m in CASE_WORD.finditer(line):
        gap = line[pos : m.start()]
        parts.append(gap)
        if SENTENCE_END.search(gap):
            sentence_start = True
        word = case_word(m.group(), lex)
        if sentence_start:
            word = word[0].upper() + word[1:]
            sentence_start = False
        parts.append(word)
        pos = m.end()
    parts.append(line[pos:])
    return "".join(parts)


def lexicon_from_model(nlp: object, words: Iterable[str] = ()) -> Lexicon:
    """Lexicon from a loaded spaCy pipeline: its string store plus the lemmatizer's lists.

    The lemmatizer may be excluded from `nlp` (we load NER only), so its lookup tables are
    read from the package directory on disk; if they are missing we fall back to stop words.
    """
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lookups import Lookups

    strings = nlp.vocab.strings  # type: ignore[attr-defined]
    closed: set[str] = set(words)
    path = Path(nlp.path or "") / "lemmatizer" / "lookups"  # type: ignore[attr-defined]
    if (path / "lookups.bin").exists():
        table = Lookups().from_disk(path).get_table("lemma_index")
        for pos in ("verb", "adj", "adv"):
            if pos in table:
                closed.update(table[pos])
    return Lexicon(stop=frozenset(STOP_WORDS), seen=strings.__contains__, closed=frozenset(closed))
