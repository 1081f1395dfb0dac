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
- both seen: words the lemmatizer lists as verb/adjective/adverb (or their irregular forms,
  TOOK) are lower-cased, the rest (nouns, unknowns, names) are title-cased, because for NER a
  missed name costs more than a capitalised common noun (`case_word`, one word alone);
- then the line context (`_truecase_line`), when the lexicon knows the common nouns:
  words the lemmatizer does not know at all (CUSCATLAN, RODRIGUEZ) are names; after a title
  word the next words are a name (COLONEL RENE EMILIO PONCE); a name pulls the common nouns
  and adjectives next to it into one capitalised name (CUSCATLAN DEPARTMENT, FARABUNDO MARTI
  NATIONAL LIBERATION); other common nouns are lower-cased when plural (OPERATIONS), a time
  word (TODAY) or right after a determiner or a lower-cased adjective (THE ARMY, AN UNKNOWN
  LOCATION), and stay title-cased elsewhere (IN NICARAGUA: WordNet lists place names too);
- the first word of each sentence is capitalised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tasks.enrich import entity_patterns as P
from tasks.enrich.entity_patterns import CASE_WORD, SENTENCE_END

_VOWELS = frozenset("AEIOUY")
# Inflection endings tried when looking a word up in the lemma lists (KIDNAPPED → kidnap).
_SUFFIXES = ("ies", "es", "s", "ed", "d", "ing", "ly")


@dataclass(frozen=True)
class Lexicon:
    """Word lists the heuristic consults; build with `lexicon_from_model` or by hand in tests."""

    stop: frozenset[str]  # lower-case function words
    seen: Callable[[str], bool]  # has the model's string store seen this exact string?
    closed: frozenset[str] = field(default_factory=frozenset)  # verb/adj/adv lemmas, lower
    # Noun lemmas, lower (WordNet's, so place names too). Empty: no line-context rules.
    nouns: frozenset[str] = field(default_factory=frozenset)
    adjectives: frozenset[str] = field(default_factory=frozenset)  # adj lemmas, lower
    verbs: frozenset[str] = field(default_factory=frozenset)  # verb/adv lemmas + irregulars

    def is_closed(self, low: str) -> bool:
        return _inflected(low, self.closed)

    def is_verb(self, low: str) -> bool:
        return _inflected(low, self.verbs)

    def is_noun(self, low: str) -> bool:
        return _inflected(low, self.nouns)

    def is_plural(self, low: str) -> bool:
        """ "operations", "forces", "activities": the singular is a noun lemma."""
        if not low.endswith("s") or len(low) < 4:
            return False
        if low.endswith("ies") and low[:-3] + "y" in self.nouns:
            return True
        return low[:-1] in self.nouns or (low.endswith("es") and low[:-2] in self.nouns)


def _inflected(low: str, lemmas: frozenset[str]) -> bool:
    """Is `low` in `lemmas`, or a regular inflection of one? (KIDNAPPED → kidnap)"""
    if low in lemmas:
        return True
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) > len(suf) + 2:
            base = low[: -len(suf)]
            if base in lemmas or base + "e" in lemmas:
                return True
            if base[-1] == base[-2] and base[:-1] in lemmas:
                return True  # doubled consonant: KIDNAPPED → kidnap
            if suf == "ies" and base + "y" in lemmas:
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
    if low.endswith("'s") and len(word) > 3:  # FMLN'S → FMLN's, COUNTRY'S → country's
        return case_word(word[:-2], lex) + "'s"
    if low in lex.stop:
        return low
    if len(word) == 1:
        return word  # an initial or part of an abbreviation: "U.S.", "JOHN F. KENNEDY"
    if low in P.HONORIFICS:
        return word[0] + low[1:]  # MR. → Mr., GEN. → Gen. (not acronyms)
    letters = word.replace("'", "")
    title = word[0] + word[1:].lower()
    if len(letters) <= 4 and not (_VOWELS & set(letters)):
        return word  # acronym: FMLN
    if len(letters) <= 4 and not lex.seen(title) and not lex.is_closed(low):
        return word  # acronym: UAE, EU (but FLEW is a verb)
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


# Word classes for the line-context pass.
_STOP, _KEEP, _LOWER, _NAME, _NOUN = range(5)


def _truecase_line(line: str, lex: Lexicon) -> str:
    matches = list(CASE_WORD.finditer(line))
    gaps: list[str] = []
    words: list[str] = []
    pos = 0
    for m in matches:
        gaps.append(line[pos : m.start()])
        if m.start() and line[m.start() - 1].isdigit():
            words.append(m.group().lower())  # ordinal or unit after a number: 1ST, 3D, 10KM
        else:
            words.append(case_word(m.group(), lex))
        pos = m.end()
    if lex.nouns:
        _in_context(words, gaps, lex)
    parts: list[str] = []
    sentence_start = True
    for gap, word in zip(gaps, words, strict=True):
        parts.append(gap)
        if SENTENCE_END.search(gap):
            sentence_start = True
        if sentence_start:
            word = word[0].upper() + word[1:]
            sentence_start = False
        parts.append(word)
    parts.append(line[pos:])
    return "".join(parts)


def _in_context(words: list[str], gaps: list[str], lex: Lexicon) -> None:
    """Re-case `words` (already cased one by one) in place using their neighbours."""
    n = len(words)
    lows = [w.lower().removesuffix("'s") for w in words]
    kinds: list[int] = []
    for w, low, gap in zip(words, lows, gaps, strict=True):
        if low in lex.stop or low in P.EXTRA_STOP_WORDS:
            kinds.append(_STOP)
        elif gap[-1:].isdigit():
            kinds.append(_KEEP)  # 1st, 3d: never a title ("st") nor part of a name
        elif w.removesuffix("'s").isupper():
            kinds.append(_KEEP)  # acronym or initial, as `case_word` left it
        elif w[0].islower():
            kinds.append(_LOWER)  # verb, adjective, adverb
        elif lex.is_noun(low) or low in P.TIME_WORDS:
            kinds.append(_NOUN)
        else:
            kinds.append(_NAME)  # unknown to the lemmatizer: CUSCATLAN, RODRIGUEZ
    # `joined[i]`: words i-1 and i are only a space apart (no punctuation between them).
    joined = [i > 0 and gaps[i].isspace() for i in range(n)]
    # Names after a title word: COLONEL RENE EMILIO PONCE (SAID).
    for i in range(n - 1):
        if (
            lows[i] in P.NAME_TITLES
            and kinds[i] in (_NAME, _NOUN, _LOWER)
            and joined[i + 1]
            and kinds[i + 1] in (_NAME, _NOUN)
        ):
            kinds[i] = _NAME
            j = i + 1
            while j < min(n, i + 4) and (j == i + 1 or joined[j]) and kinds[j] in (_NAME, _NOUN):
                if lows[j] in P.TIME_WORDS or lex.is_plural(lows[j]):
                    break
                kinds[j] = _NAME
                j += 1

    # A name pulls adjacent nouns and plain adjectives in: CUSCATLAN DEPARTMENT.
    def joins(k: int) -> bool:
        if lows[k] in P.TIME_WORDS:
            return False
        if kinds[k] == _NOUN:
            return True
        # plain adjectives: NATIONAL, not ARMED or SAID (verb forms)
        return kinds[k] == _LOWER and lows[k] in lex.adjectives and not lex.is_verb(lows[k])

    for i in range(n):
        if kinds[i] != _NAME:
            continue
        j = i - 1
        while j >= 0 and joined[j + 1] and joins(j):
            kinds[j] = _NAME
            j -= 1
        j = i + 1
        while j < n and joined[j] and joins(j):
            kinds[j] = _NAME
            j += 1
    for i in range(n):
        low = lows[i]
        if kinds[i] == _NAME:
            words[i] = words[i][0].upper() + words[i][1:]
        elif kinds[i] == _NOUN and low not in P.CALENDAR_WORDS:
            after_det = joined[i] and (
                lows[i - 1] in P.DETERMINERS
                or words[i - 1].endswith("'s")  # the FMLN's area
                or (kinds[i - 1] in (_LOWER, _NOUN) and words[i - 1][0].islower())
            )
            if after_det or low in P.TIME_WORDS or lex.is_plural(low):
                words[i] = words[i].lower()
        elif kinds[i] == _STOP and low == "i":
            words[i] = "I"


def lexicon_from_model(nlp: object, words: Iterable[str] = ()) -> Lexicon:
    """Lexicon from a loaded spaCy pipeline: its string store plus the lemmatizer's lists.

    The lemmatizer may be excluded from `nlp` (we load NER only), so its lookup tables are
    read from the package directory on disk; if they are missing we fall back to stop words.
    """
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lookups import Lookups

    # A snapshot, not the live store: spaCy adds every string it reads to the store, so a live
    # view would make case restoration (and the NER cache keys of restored text) depend on
    # which stories this process happened to read before. Taken when the model is loaded.
    strings = frozenset(nlp.vocab.strings)  # type: ignore[attr-defined]
    closed: set[str] = set(words)
    nouns: set[str] = set()
    adjectives: set[str] = set()
    verbs: set[str] = set()
    path = Path(nlp.path or "") / "lemmatizer" / "lookups"  # type: ignore[attr-defined]
    if (path / "lookups.bin").exists():
        lookups = Lookups().from_disk(path)
        table = lookups.get_table("lemma_index")
        for pos in ("verb", "adj", "adv"):
            if pos in table:
                closed.update(table[pos])
        if "adj" in table:
            adjectives.update(table["adj"])
        for pos in ("verb", "adv"):
            if pos in table:
                verbs.update(table[pos])
        if "noun" in table:
            nouns.update(w for w in table["noun"] if w.isalpha())
        if lookups.has_table("lemma_exc"):
            exc = lookups.get_table("lemma_exc")  # irregular forms: took → take
            for pos in ("verb", "adj", "adv"):
                if pos in exc:
                    closed.update(exc[pos])
                    if pos != "adj":
                        verbs.update(exc[pos])
    return Lexicon(
        stop=frozenset(STOP_WORDS),
        seen=strings.__contains__,
        closed=frozenset(closed),
        nouns=frozenset(nouns - closed),
        adjectives=frozenset(adjectives),
        verbs=frozenset(verbs),
    )
