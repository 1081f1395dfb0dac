"""Name folding: the one key every place name is looked up by, in any script.

Why one fold: a dateline city, an entity's name and GeoNames' names and alternate names must
meet on the same key, or "SAO PAULO" in a dateline and "São Paulo" in a story are two places.
Accents, case, spacing and the punctuation the wire and GeoNames disagree on are ignored;
letters are never dropped, whatever their script, so "بيروت", "維也納" and "Wien" stay keys of
their own that GeoNames' alternate names map to Beirut and Vienna.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from tasks.places import tables as T

# Combining marks are accents on Latin, Greek, Cyrillic ("é", "ё") and vowel points on Arabic
# and Hebrew: optional, so dropped. From Devanagari to Myanmar they are the vowels themselves
# ("वियना" without its matras is another word): kept.
_MARKS_ARE_LETTERS = range(0x0900, 0x10A0)
# Spacing modifier letters are apostrophes and tone marks in romanised names: "Oʻzbekiston",
# "Ṣanʿāʾ", "Hawaiʻi" (the wire writes "Hawaii"): dropped like the ASCII apostrophe.
_MODIFIER_LETTERS = range(0x02B0, 0x0300)


class _NonAsciiChars(dict):
    """str.translate table for folded non-ASCII text, filled one character at a time: letters,
    marks and digits of every script stay, dashes and spaces become a space, the rest (quotes,
    middle dots, symbols) goes."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        category = unicodedata.category(ch)
        if cp < 0x80 or (category[0] in "LMN" and cp not in _MODIFIER_LETTERS):
            out: str | None = ch
        else:
            out = " " if category in ("Pd", "Zs") else None
        self[cp] = out
        return out


_CHARS = _NonAsciiChars({**T.FOLD_PUNCTUATION, **T.FOLD_LETTERS})


@lru_cache(maxsize=1 << 16)  # names repeat across a batch; bounded, so memory stays flat
def fold(name: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "São Paulo" → "sao paulo", "ST. LOUIS"
    → "st louis", "Port-au-Prince" → "port au prince", "Łódź" → "lodz", "Wien" → "wien",
    "بيروت" → "بيروت" (letters of every script kept)."""
    if name.isascii():
        name = name.translate(T.FOLD_PUNCTUATION).lower()
    else:
        name = strip_marks(name).casefold().translate(_CHARS)
    return " ".join(name.split()) if "  " in name or name[:1] == " " or name[-1:] == " " else name


def strip_marks(name: str) -> str:
    """Compatibility-decomposed, accents dropped: "Bihār" → "Bihar", "ﬁ" → "fi", "Ｔｏｋｙｏ"
    → "Tokyo"; vowel signs of the scripts that spell with them are kept."""
    if name.isascii():
        return name
    out: list[str] = []
    base = 0
    for ch in unicodedata.normalize("NFKD", name):
        if not unicodedata.combining(ch):
            base = ord(ch)
        elif base not in _MARKS_ARE_LETTERS:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def is_name(name: str) -> bool:
    """Not an airport or postal code ("ALV", "NYC") nor a numbered name among the alternates."""
    return len(name) > 4 or not name.isupper()
