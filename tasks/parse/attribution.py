"""Who the text next to a quote says spoke it: attribution patterns only, no NER.

The speaker is kept as written ("Kharge", "the Congress leader", "he") with where it is
written, so enrichment can resolve pronouns and roles against the entities before that point.
Patterns live in tasks.parse.patterns; this module decides which one applies where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tasks.parse import quote_patterns as Q

# How much text around a quote is searched for its attribution.
AFTER_WINDOW = 200
BEFORE_WINDOW = 300
# Quotes of this many words or fewer are scare quotes ("sacrosanct") unless plainly attributed.
SCARE_QUOTE_WORDS = 2
# Words stripped off the front of a speaker: `But Traeger said` → "Traeger".
_LEADING_GLUE = frozenset(
    {"but", "and", "so", "then", "now", "still", "yet", "meanwhile", "while", "when", "as",
     "although", "though", "after", "because", "since"}
)  # fmt: skip


@dataclass(frozen=True)
class Attribution:
    """A speaker as written, the verb that attributes the quote, and where the speaker is."""

    speaker: str
    verb: str | None
    at: int  # offset of the speaker in the paragraph


def attribute(
    paragraph: str,
    before_from: int,
    start: int,
    end: int,
    *,
    closed: bool,
    after_only: bool = False,
    language: str = "en",
) -> Attribution | None:
    """The attribution of the quote between `start` and `end` (its marks) in `paragraph`.

    `before_from` is where the text that may lead into the quote starts (the end of the
    previous quote); `after_only` for a fragment inside a sentence, whose lead-in is not an
    attribution. Tries the patterns in the order news copy uses them: after a quote that
    continues (`"…," said X`), before it (`X said: "…"`), then after a closed sentence
    (`"…." Traeger said.`). Another `language` is read with its own forms
    (quote_patterns.FOREIGN_ATTRIBUTION), or not at all: no speaker rather than a wrong one.
    """
    words = paragraph[start + 1 : end].strip().rstrip("'’‘")
    if not words:
        return None
    if language not in Q.ENGLISH_PATTERN_LANGUAGES:
        return _foreign(language, paragraph, before_from, start, end, closed, after_only)
    after_at = end + 1 if closed else len(paragraph)
    after = _until_quote(paragraph[after_at : after_at + AFTER_WINDOW])
    continues = words[-1] in ",?!—–-" or after.startswith(",")
    short = len(words.split()) <= SCARE_QUOTE_WORDS
    if closed and continues and (found := _after(after, after_at)):
        return found
    if after_only:
        return None
    lo = max(before_from, start - BEFORE_WINDOW)
    if found := _before(paragraph[lo:start], lo, allow_gap=not short):
        return found
    # `"…." Traeger said.` (next sentence) and `"… management" Jeff Traeger said Saturday.`
    if closed and not short and (found := _after(after, after_at)):
        return found
    return _colon_subject(paragraph, start) or _participle(paragraph, lo, start)


def _foreign(
    language: str,
    paragraph: str,
    before_from: int,
    start: int,
    end: int,
    closed: bool,
    after_only: bool,
) -> Attribution | None:
    """The attribution in a language with its own forms: after the closing mark
    (`», a déclaré X.`), else before the opening one (`X a déclaré : « …`)."""
    patterns = Q.FOREIGN_ATTRIBUTION.get(language)
    if patterns is None:
        return None
    if closed:
        after = _until_quote(paragraph[end + 1 : end + 1 + AFTER_WINDOW])
        for pattern in patterns.after:
            if m := pattern.match(after):
                return _found(m, end + 1)
    if after_only:
        return None
    lo = max(before_from, start - BEFORE_WINDOW)
    for pattern in patterns.before:
        if m := pattern.search(paragraph[lo:start]):
            return _found(m, lo)
    return None


def _found(m: re.Match[str], base: int) -> Attribution:
    """A foreign pattern's match: speaker as written, verb lower-cased (either alternative)."""
    group = "speaker" if m.group("speaker") else "speaker2"
    verb = m.groupdict().get("verb") or m.groupdict().get("verb2")
    speaker = m.group(group).strip()
    if speaker.endswith(".") and len(speaker.rsplit(None, 1)[-1]) > 2:  # the full stop, not "M."
        speaker = speaker[:-1]
    return Attribution(speaker, verb.lower() if verb else None, base + m.start(group))


def _participle(paragraph: str, lo: int, start: int) -> Attribution | None:
    """`He voiced his anger on Twitter, writing "…"`: the sentence's subject, the participle."""
    m = Q.PARTICIPLE_LEAD_RE.search(paragraph, lo, start)
    if m is None or (found := sentence_subject(paragraph, m.start())) is None:
        return None
    return replace(found, verb=m.group("verb").split()[0])


def _colon_subject(paragraph: str, start: int) -> Attribution | None:
    """`Martell, the addictions doctor, is more blunt: "…"`: the sentence's subject speaks."""
    begin = sentence_start(paragraph, start)
    m = Q.COLON_SUBJECT_RE.match(paragraph[begin:start])
    if m and (speaker := clean_speaker(m.group("speaker"))):
        return Attribution(speaker, None, begin)
    return None


def sentence_subject(paragraph: str, start: int) -> Attribution | None:
    """The name that opens the sentence around a quoted fragment: `Tusk urged Britain "to
    clarify its intentions …"` → "Tusk"."""
    begin = sentence_start(paragraph, start)
    m = Q.SUBJECT_NAME_RE.match(paragraph[begin:start])
    if m and (speaker := clean_speaker(m.group("speaker"))):
        return Attribution(speaker, None, begin + m.start("speaker"))
    return None


def reported_clause(paragraph: str, start: int, end: int) -> tuple[Attribution, int, int] | None:
    """A partial quotation inside reported speech: `The prime minister said he was "deeply
    concerned" about comments …` → the speaker, and where the reported clause starts and ends
    (the clause after the verb up to the sentence end, the quoted words inside it)."""
    begin = sentence_start(paragraph, start)
    found = None
    for m in Q.CLAUSE_VERB_RE.finditer(paragraph[begin:start]):
        if speaker := clean_speaker(m.group("speaker")):
            verb = m.group("verb").lower()
            found = (Attribution(speaker, verb, begin + m.start("speaker")), begin + m.end())
    if found is None:
        return None
    lo = found[1]
    for m in Q.THAT_RE.finditer(paragraph, lo, start):
        lo = m.start()  # the nearest "that …" clause holds the quote
    stop = len(paragraph)
    for m in Q.SENTENCE_END_RE.finditer(paragraph, end):
        word = paragraph[: m.start()].rsplit(None, 1)[-1]
        if word.lower().strip('"“(') not in Q.NAME_ABBREVIATIONS:
            stop = m.start() + 1
            break
    return found[0], lo, stop


def reported(text: str, base: int) -> Attribution | None:
    """The last sentence-initial `X said …` in `text`: reported speech that sets up quotes."""
    found = None
    for m in Q.REPORTED_RE.finditer(text):
        if speaker := clean_speaker(m.group("speaker")):
            found = Attribution(speaker, m.group("verb").lower(), base + m.start("speaker"))
    return found


def colon_intro(text: str, base: int) -> Attribution | None:
    """A paragraph ending `X said:` or `X:` introduces the quote paragraph after it."""
    stripped = text.rstrip()
    if not stripped.endswith(":"):
        return None
    return _before(stripped, base, allow_gap=True)


def _until_quote(text: str) -> str:
    return Q.QUOTE_MARK_RE.split(text, maxsplit=1)[0]


def _after(after: str, base: int) -> Attribution | None:
    """Attribution that follows the closing quote mark."""
    for pattern in (
        Q.AFTER_ACCORDING_RE,
        Q.AFTER_APPOSITIVE_RE,
        Q.AFTER_VERB_FIRST_RE,
        Q.AFTER_SPEAKER_FIRST_RE,
    ):
        m = pattern.match(after)
        if m and (speaker := clean_speaker(m.group("speaker"))):
            return Attribution(speaker, m.group("verb").lower(), base + m.start("speaker"))
    return None


def _before(before: str, base: int, *, allow_gap: bool) -> Attribution | None:
    """Attribution that leads into the opening quote mark, within the same clause."""
    for pattern in (Q.BEFORE_APPOSITIVE_RE, Q.BEFORE_RE):
        m = pattern.search(before)
        if m is None or (m.group("gap").strip() and not allow_gap):
            continue
        if speaker := clean_speaker(m.group("speaker")):
            return Attribution(speaker, m.group("verb").lower(), base + m.start("speaker"))
    for pattern, verb in ((Q.BEFORE_ACCORDING_RE, "according to"), (Q.BEFORE_COLON_RE, None)):
        m = pattern.search(before)
        if m and (speaker := clean_speaker(m.group("speaker"))):
            return Attribution(speaker, verb, base + m.start("speaker"))
    return None


def clean_speaker(speaker: str) -> str | None:
    """Drop time phrases and leading glue; refuse clause openers that only look like a speaker."""
    words = speaker.split()
    while len(words) > 1 and words[0].lower() in _LEADING_GLUE:
        words = words[1:]
    speaker = Q.SPEAKER_TIME_TAIL_RE.sub("", " ".join(words)).strip(" ,")
    speaker = Q.SPEAKER_AFFILIATION_RE.sub("", speaker)
    if speaker.endswith(".") and speaker.split()[-1].rstrip(".") not in Q.ABBREVIATIONS:
        speaker = speaker[:-1]
    if not speaker or speaker.split()[0].lower() in Q.NOT_SPEAKER_START:
        return None
    if speaker.split()[-1] in Q.NOT_SPEAKER_END or Q.PARTY_TAG_RE.match(speaker):
        return None
    if len(speaker) > 1 and speaker.lower() in Q.NOT_SPEAKER_WORD:
        return None
    return speaker


def sentence_start(paragraph: str, at: int) -> int:
    """Where the sentence holding offset `at` begins ("Dr. Bowes" does not end one)."""
    begin = 0
    for m in Q.SENTENCE_END_RE.finditer(paragraph, 0, min(len(paragraph), at + 1)):
        word = paragraph[: m.start()].rsplit(None, 1)[-1] if paragraph[: m.start()].strip() else ""
        if word.lower().strip('"“(') in Q.NAME_ABBREVIATIONS:
            continue
        begin = m.end()
    return begin
