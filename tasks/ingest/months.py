"""Month names and abbreviations of the agencies' languages → month number.

From CLDR's month data as dateparser ships it (`dateparser.data.date_translation_data`, a
pinned dependency of Prefect, see requirements.lock): the names, abbreviations and case forms
of de, fr, es, it, pt, nl, sv, nb, da, fi, ar, ru and en ("märz", "mrz", "févr", "sept",
"setiembre", "marzo", "fevereiro", "mei", "maj", "desember", "maaliskuuta", "مارس", "марта").
CLDR gives each language one Arabic calendar; the Levantine month names AFP's and Syrian or
Lebanese copy use ("آذار", "تشرين الثاني") are added below from the Arabic Wikipedia's table of
month names. Chinese months are numbers ("3月") and are read by their own pattern. Built once
per process; no token names two months in any two of these languages (checked on build).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

# The languages of the dateline grammar (issue 26); "nb" is CLDR's Norwegian Bokmål.
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "nb", "da", "fi", "ar", "ru")
_CLDR_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip

# Levantine (Syriac-derived) Arabic month names, in calendar order: "بيروت، 3 آذار (أ ف ب)".
LEVANTINE_ARABIC = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
# Maghreb Arabic month names (Algeria, Tunisia) where they differ: "جانفي", "فيفري", "أوت".
MAGHREB_ARABIC = {"جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8}


def month_key(word: str) -> str:
    """How a month token is looked up: case folded, a final abbreviation dot dropped."""
    return " ".join(word.casefold().rstrip(".").split())


@lru_cache(maxsize=1)
def native_months() -> dict[str, int]:
    """Every month token of LANGUAGES (case folded) → 1..12."""
    table: dict[str, int] = {}
    for lang in LANGUAGES:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{lang}").info
        for number, key in enumerate(_CLDR_KEYS, start=1):
            for token in info.get(key, ()):
                _add(table, month_key(token), number)
    for number, name in enumerate(LEVANTINE_ARABIC, start=1):
        _add(table, month_key(name), number)
    for name, number in MAGHREB_ARABIC.items():
        _add(table, month_key(name), number)
    return {k: v for k, v in table.items() if k and not k[0].isdigit()}


def _add(table: dict[str, int], token: str, number: int) -> None:
    if table.setdefault(token, number) != number:
        raise ValueError(f"month token {token!r} names months {table[token]} and {number}")


def month_number(word: str) -> int | None:
    """The month a token names in any of LANGUAGES, or None."""
    return native_months().get(month_key(word))
