"""Direct quotations, what kind of quoting they are, and who the text says spoke them.

The speaker is kept as written ("Kharge", "the Congress leader", "he") with its offset in the
body: resolving pronouns and roles to people is enrichment's job, which has the story's
entities (tasks.enrich.speakers). Here, from the text alone:

- a quotation continued over paragraphs (an opening mark with no closing one, the next
  paragraph opening again) is one quote;
- `kind` tells speech (`quotation`) from scare quotes, titles and nicknames (`phrase`: short or
  inside a sentence, with no attribution verb);
- a quotation without an attribution of its own takes the speaker of its paragraph's other
  quotes, of the reported speech before it (`Traeger said the union …`), or of the quotation
  paragraph before it: news copy names a speaker once and then keeps quoting them.

Curly quotes damaged into "?" (some indian-wire copies) are not recovered: a "?" is far more
often a real question mark, and guessing would invent quotes.
"""

from __future__ import annotations

from dataclasses import replace

from tasks.parse import patterns as P
from tasks.parse import quote_patterns as Q
from tasks.parse.attribution import (
    SCARE_QUOTE_WORDS,
    Attribution,
    attribute,
    colon_intro,
    reported,
    reported_clause,
    sentence_start,
    sentence_subject,
)
from tasks.parse.marks import QuoteSpan, paragraph_spans
from tasks.parse.marks import chains as pair_chains
from tasks.parse.records import Quote
from tasks.parse.sentences import sentences as sentences_of

# An unattributed quote opening a sentence is speech from this many words on.
MIN_SPEECH_WORDS = 4
# A fragment inside a sentence is someone's words, not a scare quote, from this many words on.
MIN_FRAGMENT_WORDS = 5
QUOTATION, PHRASE = "quotation", "phrase"


def find_quotes(paragraphs: list[str], language: str = "en") -> list[Quote]:
    """Every quote, in order, with its kind, paragraph, offset and speaker if attributed.

    `language` (a primary tag) decides how quotation marks pair (Swedish ”…”) and which
    attribution forms are read: English ones, another language's (quote_patterns), or none.
    """
    bases, at = [], 0
    for p in paragraphs:
        bases.append(at)
        at += len(p) + 2  # the body joins paragraphs with "\n\n"
    spans = [s for i, p in enumerate(paragraphs) for s in paragraph_spans(i, p, language)]
    chains = pair_chains(spans)
    for chain in chains:
        chain[0].attribution = _attribute_chain(chain, paragraphs, bases, language)
    if language not in Q.ENGLISH_PATTERN_LANGUAGES:  # no English clause or subject patterns
        quotes = [_quote(chain, paragraphs, bases) for chain in chains]
        return _inherit(quotes, chains, paragraphs, bases, set(), english=False)
    quotes: list[Quote] = []
    covered = (-1, -1)  # (paragraph, end) of the last reported clause taken as a quotation
    fragments: set[int] = set()  # quotations inside a sentence: their speaker is not inherited
    for chain in chains:
        q = _quote(chain, paragraphs, bases)
        first = chain[0]
        if (first.paragraph, first.start) < covered:
            q = replace(q, kind=PHRASE)  # a second fragment of a clause already quoted
        elif q.speaker is None and len(chain) == 1 and not _title_like(first.text):
            para = paragraphs[first.paragraph]
            if q.kind == QUOTATION and _embedded(para, first):
                fragments.add(len(quotes))
                if found := sentence_subject(para, first.start):
                    at = bases[first.paragraph] + found.at
                    q = replace(q, speaker=found.speaker, speaker_offset=at)
            if clause := _clause_quote(q, first, para, bases[first.paragraph]):
                q, covered = clause[0], (first.paragraph, clause[1])
        quotes.append(q)
    return _inherit(quotes, chains, paragraphs, bases, fragments)


def _attribute_chain(
    chain: list[QuoteSpan], paragraphs: list[str], bases: list[int], language: str
):
    """The attribution of a (maybe multi-paragraph) quote: after its last part, else before
    its first; offsets into the body."""
    first, last = chain[0], chain[-1]
    # A fragment inside a sentence is attributed only after it (`was "a catastrophic
    # defeat," Mr. Corbyn told the House`); else by its reported clause, if any.
    embedded = len(chain) == 1 and _embedded(paragraphs[first.paragraph], first)
    para = paragraphs[last.paragraph]
    found = attribute(
        para,
        last.before_from,
        last.start,
        last.end,
        closed=last.closed,
        after_only=embedded,
        language=language,
    )
    if found is not None:
        return replace(found, at=found.at + bases[last.paragraph])
    if len(chain) > 1:
        p0 = paragraphs[first.paragraph]
        found = attribute(
            p0, first.before_from, first.start, first.end, closed=False, language=language
        )
        return found and replace(found, at=found.at + bases[first.paragraph])
    return None


def _clause_quote(q: Quote, span: QuoteSpan, para: str, base: int) -> tuple[Quote, int] | None:
    """A partial quotation inside reported speech, as the clause that carries it, and where
    that clause ends in the paragraph. A word or two stays a phrase even there: `said the
    tricolour is "sacrosanct"`, `said he was "thrilled"` are scare quotes, not speech."""
    if len(span.text.split()) <= SCARE_QUOTE_WORDS:
        return None
    clause = reported_clause(para, span.start, span.end)
    if clause is None:
        return None
    found, lo, hi = clause
    quote = replace(
        q,
        quote=para[lo:hi].strip(),
        kind=QUOTATION,
        speaker=found.speaker,
        verb=found.verb,
        offset=base + lo,
        speaker_offset=base + found.at,
    )
    return quote, hi


def _quote(chain: list[QuoteSpan], paragraphs: list[str], bases: list[int]) -> Quote:
    first = chain[0]
    text = " ".join(s.text for s in chain)
    # The comma before an attribution ("…," said X) is the sentence's, not the speaker's.
    text = text.rstrip(",").rstrip()
    found = first.attribution
    kind = QUOTATION if found or _speech_like(chain, paragraphs) else PHRASE
    return Quote(
        paragraph=first.paragraph,
        quote=text,
        speaker=found.speaker if found else None,
        kind=kind,
        verb=found.verb if found else None,
        offset=bases[first.paragraph] + first.start,
        speaker_offset=found.at if found else None,
    )


def _title_case(words: list[str]) -> bool:
    """ "We Believe: The Best Men Can Be": a title, however long."""
    return sum(w[:1].isupper() for w in words) * 2 > len(words)


def _title_like(text: str) -> bool:
    """A capitalised word or two is a name or title ("Today", "America First"), not speech."""
    return len(text.split()) <= 2 and text[:1].isupper()


def _embedded(paragraph: str, span: QuoteSpan) -> bool:
    """A quote starting in lower case inside its sentence: `he feels "a lot stronger" now`,
    but not right after a verb of speech (`Buckley said "it's not appropriate …"`)."""
    lead = paragraph[sentence_start(paragraph, span.start) : span.start].strip()
    if not lead or lead[-1] in ",:—–" or not span.text[:1].islower():
        return False
    return lead.rsplit(None, 1)[-1].lower() not in P.SPEECH_VERBS  # `X said "it's not …"`


def _speech_like(chain: list[QuoteSpan], paragraphs: list[str]) -> bool:
    """Unattributed, a quote is speech when it opens its sentence and is not a few words, or
    is a longer fragment that is not a title: `"We're turning away potential users."` is;
    `the tricolour is "sacrosanct"` and `on CBS's "Face the Nation."` are phrases."""
    first = chain[0]
    if len(chain) > 1:
        return True
    words = first.text.split()
    if len(words) >= MIN_FRAGMENT_WORDS and not _title_case(words):
        return True  # `to address the misconduct at issue by strengthening …`: someone's words
    para = paragraphs[first.paragraph]
    lead = para[sentence_start(para, first.start) : first.start].strip()
    opens = not lead or lead[-1] in ":—–"
    n_words = len(first.text.split())
    # A whole sentence in marks is speech even when short: `“I was super-green.”`.
    sentence = n_words >= 2 and first.text[:1].isupper() and first.text[-1] in ".!?"
    return opens and (n_words >= MIN_SPEECH_WORDS or sentence)


def _inherit(
    quotes: list[Quote],
    chains: list[list[QuoteSpan]],
    paragraphs: list[str],
    bases: list[int],
    fragments: set[int],
    english: bool = True,
) -> list[Quote]:
    """Unattributed quotations take the speaker the text has set up for them: another
    quotation's; in English also the reported speech or the subject before them."""
    out = list(quotes)
    by_para: dict[int, list[int]] = {}
    ends_in: dict[int, list[int]] = {}  # quotes by the paragraph they end in
    for i, q in enumerate(out):
        by_para.setdefault(q.paragraph, []).append(i)
        ends_in.setdefault(chains[i][-1].paragraph, []).append(i)
    for i, q in enumerate(out):
        if q.kind != QUOTATION or q.speaker is not None:
            continue
        if i in fragments:
            # `," said Blumenthal, and "trust in our values …"`: the same sentence's speaker
            if (j := _same_sentence(out, chains, paragraphs, by_para[q.paragraph], i)) is not None:
                out[i] = replace(q, speaker=out[j].speaker, speaker_offset=out[j].speaker_offset)
            continue
        source = _same_paragraph(out, by_para[q.paragraph], i)
        if source is None:
            para = paragraphs[q.paragraph]
            lead = para[: chains[i][0].start]
            found = (english and reported(lead, bases[q.paragraph])) or _previous_paragraph(
                out, ends_in, paragraphs, bases, q.paragraph, english
            )
            if found is not None:
                out[i] = replace(q, speaker=found.speaker, speaker_offset=found.at)
                continue
            source = _next_paragraph(out, by_para, q.paragraph)
        if source is not None:
            src = out[source]
            out[i] = replace(q, speaker=src.speaker, speaker_offset=src.speaker_offset)
    return out


def _same_paragraph(quotes: list[Quote], members: list[int], i: int) -> int | None:
    """The nearest attributed quotation in the same paragraph, earlier ones first."""
    earlier = [j for j in members if j < i and quotes[j].speaker and quotes[j].verb]
    later = [j for j in members if j > i and quotes[j].speaker and quotes[j].verb]
    if earlier:
        return earlier[-1]
    return later[0] if later else None


def _previous_paragraph(
    quotes: list[Quote],
    ends_in: dict[int, list[int]],
    paragraphs: list[str],
    bases: list[int],
    paragraph: int,
    english: bool = True,
) -> Attribution | None:
    """The speaker of the paragraph just before: its last quotation, its colon introduction,
    its reported speech (`Jeff Traeger, the union's president, said the talks failed.`) or the
    name a sentence of it opens with (`Schuh is aware that he's entering uncharted waters.`).
    A narrative paragraph with none of these between two quotation paragraphs passes the
    speaker of the one before it on."""
    for prev in (paragraph - 1, paragraph - 2):
        if prev < 0:
            return None
        if spoken := _spoken(quotes, ends_in, prev):
            return spoken
        if prev == paragraph - 2 or not english:
            return None
        text = paragraphs[prev]
        if found := colon_intro(text, bases[prev]) or reported(text, bases[prev]):
            return found
        for at, sentence in reversed(sentences_of(text)):
            if subject := sentence_subject(sentence, len(sentence)):
                return replace(subject, at=bases[prev] + at + subject.at)
    return None


def _spoken(quotes: list[Quote], ends_in: dict[int, list[int]], para: int) -> Attribution | None:
    """The speaker of the last attributed quotation ending in paragraph `para`."""
    spoken = [
        quotes[j]
        for j in ends_in.get(para, [])
        if quotes[j].kind == QUOTATION and quotes[j].speaker
    ]
    if not spoken:
        return None
    last = spoken[-1]
    return Attribution(last.speaker or "", last.verb, last.speaker_offset or 0)


def _same_sentence(
    quotes: list[Quote],
    chains: list[list[QuoteSpan]],
    paragraphs: list[str],
    members: list[int],
    i: int,
) -> int | None:
    """An attributed quotation earlier in the fragment's own sentence."""
    span = chains[i][0]
    para = paragraphs[span.paragraph]
    begin = sentence_start(para, span.start)
    for j in reversed([j for j in members if j < i]):
        if quotes[j].speaker and quotes[j].verb and chains[j][0].start >= begin:
            return j
    return None


def _next_paragraph(quotes: list[Quote], by_para: dict[int, list[int]], paragraph: int):
    """A quotation paragraph followed by one that opens with an attributed quotation: the
    same voice (`"…"` then `"…," Telford said.`)."""
    following = by_para.get(paragraph + 1, [])
    if following and quotes[following[0]].verb and quotes[following[0]].kind == QUOTATION:
        return following[0]
    return None
