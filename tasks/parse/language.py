"""The language of a story: the one its delivery declares when the text agrees, else the text's.

Why here, in parse, and not in enrich: a story's language is a fact of its text and metadata,
like its dateline, not a product of NER. It must be there with `--no-enrich`, and the parse
stage needs it itself, to read each language's quotation marks and attribution verbs
(tasks.parse.quotes); enrichment then picks the NER model of that language
(tasks.enrich.registry). The parse stage may not import enrich, so it lives here.

Why CLD2 (pycld2): benched against py3langid 0.4.0, cld3-py 3.1.0 and lingua 2.1.1 on the
shared agency samples plus English wire (180 texts, 19 not English), the first 200 characters
of each: pycld2 98.9% right at ~0.12 ms a text (8,600/s), 6 MB, no load time; py3langid 98.3%
at 0.45 ms, 100 MB; cld3-py 92.8% at 0.37 ms; lingua 97.2% at 2.3 ms (low accuracy mode, 90 MB)
or 3.2 ms and 1.3 GB after a 40 s load (high). Its model is compiled into the package (offline),
and it says when it is unsure (`is_reliable`), which is what decides between the declaration
and the text here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

UNDETERMINED = "und"  # BCP 47's "undetermined": too short, or no language the text shows
# Characters of headline + body given to the identifier: the lede says what a story's language
# is; a longer window mostly adds tables and lists of names (results, line-ups).
WINDOW = 600
# Fewer letters than this are too few to tell a language by ("abcd", "TEST FROM XAWES").
MIN_LETTERS = 24
# A declaration stands unless the identifier is sure the text is another language, finds less
# than this share (percent) of the text in the declared one, and has this many letters to go
# on: a test line ("TEST FROM XAWES (ANSA)", declared Italian) does not overrule the agency.
MIN_DECLARED_SHARE = 20
MIN_OVERRULING_LETTERS = 3 * MIN_LETTERS
# With nothing declared, a guess CLD2 calls unreliable (tables, lists: "Shr 45 cts vs 58 cts",
# line-ups) is still taken when its best-effort reading puts this share of the text in one
# language: a results table in English is English, and gets the English model as before.
MIN_BEST_EFFORT_SHARE = 80

# Codes CLD2 still writes in their withdrawn ISO 639-1 forms, and Norwegian: CLD2's "no" is
# Bokmål (its Nynorsk is "nn"), the tag spaCy's Norwegian pipelines carry.
_CODE_ALIASES = {"iw": "he", "jw": "jv", "in": "id", "ji": "yi", "mo": "ro", "no": "nb"}
# Tags that name one language for our purpose: a declared "no" agrees with a detected "nb".
_SAME_LANGUAGE = [frozenset({"nb", "nn"}), frozenset({"sr", "hr", "bs"}), frozenset({"ms", "id"})]
# Tags that name no language: undetermined, multiple, none; CLD2's unknown ("un") and script-only
# ("xx-Latn") results.
_NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "un", "xx", "xxx"})
# Control characters CLD2 refuses ("invalid UTF-8" on C1 controls), dropped before detection.
_CONTROLS = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)], " ")


@dataclass(frozen=True)
class Guess:
    """What the identifier read: languages with their share of the text, best first."""

    shares: tuple[tuple[str, int], ...]  # (primary tag, percent of the text)
    reliable: bool
    letters: int = 0  # how many letters it read

    @property
    def best(self) -> str:
        return self.shares[0][0] if self.shares else UNDETERMINED

    def share_of(self, tag: str) -> int:
        return sum(pct for code, pct in self.shares if same_language(code, tag))


def primary_tag(tag: str | None) -> str | None:
    """The primary language subtag, lower-case: "en-US" → "en", "fi_FI" → "fi", ISO 639-2
    "fre"/"ger" → "fr"/"de"; None for a missing, "und" or unreadable declaration."""
    if not tag:
        return None
    head = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if len(head) == 3:
        head = _two_letter(head) or head
    if not head.isalpha() or not 2 <= len(head) <= 3 or head in _NOT_A_LANGUAGE:
        return None
    return _CODE_ALIASES.get(head, head)


def same_language(a: str, b: str) -> bool:
    """Whether two primary tags name the same language here (Bokmål/Norwegian, ...)."""
    return a == b or any(a in group and b in group for group in _SAME_LANGUAGE)


def story_language(headline: str | None, body: str, declared: str | None) -> str:
    """The story's language as a primary tag: the declared one unless the text is surely
    another; the detected one when nothing is declared; `und` when neither can tell."""
    stated = primary_tag(declared)
    guess = detect(((headline or "") + "\n" + body)[: WINDOW * 2])
    if guess is None:  # too short to tell: the agency's word stands, if it gave one
        return stated or UNDETERMINED
    if stated is not None:
        sure = guess.reliable and guess.letters >= MIN_OVERRULING_LETTERS
        return guess.best if sure and guess.share_of(stated) < MIN_DECLARED_SHARE else stated
    if guess.reliable or (guess.shares and guess.shares[0][1] >= MIN_BEST_EFFORT_SHARE):
        return guess.best
    return UNDETERMINED


def detect(text: str) -> Guess | None:
    """The identifier's reading of `text` (first WINDOW characters, whitespace folded, an
    ALL-CAPS text lower-cased: CLD2 reads capitals as noise); None when too short."""
    sample = " ".join(text.translate(_CONTROLS).split())[:WINDOW]
    letters = sum(c.isalpha() for c in sample)
    if letters < MIN_LETTERS:
        return None
    if sum(c.isupper() for c in sample) * 2 > letters:
        sample = sample.lower()
    return replace(_detect(sample), letters=letters)


@lru_cache(maxsize=4096)  # wire copy repeats: corrections, versions, exact copies
def _detect(sample: str) -> Guess:
    import pycld2  # deferred: the CLI builds its parser without it

    clean = sample.encode("utf-8", "ignore").decode("utf-8")
    try:
        reliable, _, found = pycld2.detect(clean, isPlainText=True)
        if not reliable:  # its best effort: a reading, still flagged unreliable
            _, _, found = pycld2.detect(clean, isPlainText=True, bestEffort=True)
    except pycld2.error:  # bytes it still refuses: nothing to tell from
        return Guess((), False)
    shares = tuple(
        (tag, pct)
        for _, code, pct, _ in found
        if pct > 0 and (tag := primary_tag(code)) is not None
    )
    return Guess(shares, bool(reliable) and bool(shares))


@lru_cache(maxsize=256)
def _two_letter(code: str) -> str | None:
    """ISO 639-2/3 (terminologic or bibliographic) → ISO 639-1, via pycountry's tables."""
    import pycountry

    found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    return getattr(found, "alpha_2", None) if found is not None else None
