"""Agency quirks beside the readers: sign-offs, desk prefixes, service messages, ANPA marks.

Each entry says which agency it is for and shows a real example; readers apply them after
the format's own structure has been read, so a new agency is a new row, not a new reader.
"""

from __future__ import annotations

import re

# A desk's sign-off as the last paragraph: not story text.
SIGNOFF_RES: tuple[re.Pattern[str], ...] = (
    # AAP desk + initials: "AAP RTV ar", "AAP gfr", "AAP RTV"
    re.compile(r"\AAAP(?: [A-Za-z]{2,4}){1,3}\Z"),
    # dpa initials after the notebook: "dpa wsz jln npr", "dpa grj rmo"
    re.compile(r"\Adpa(?: [a-z]{2,4}){1,5}\Z"),
    # AFP editors' initials: "hh/ph/ts/hd", "jm/mch"
    re.compile(r"\A[a-z]{1,4}(?:/[a-z]{1,4}){1,6}\Z"),
    # Reuters credits line: "(Additional reporting by Sylvia Westall ...; Editing by Peter Graff)"
    re.compile(
        r"\A\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled) by "
        r"[^()]{2,400}\)\Z"
    ),
    # AP separator before a tagline: "___"
    re.compile(r"\A_{3,}\Z"),
)

# Reuters version prefixes on a headline (the version is the item's): "UPDATE 2-Primeira Liga
# Results", "REFILE-...", "CORRECTED-...".
VERSION_PREFIX_RE = re.compile(
    r"\A(?:UPDATE|REFILE|CORRECTED|RPT|REPEAT)(?:\s+\d{1,2})?\s*-\s*(?=\S)"
)

# Ritzau's sign-off at the end of the last paragraph: "... sin spanske landsmand. /ritzau/"
RITZAU_SIGNOFF_RE = re.compile(r"\s*/ritzau/\s*\Z", re.IGNORECASE)

# A desk prefix glued to an AAP headline: "RL:Ferguson returns at centre for Roosters" (rugby
# league desk). No space after the colon, so "UN: Syria talks stall" keeps its attribution.
DESK_PREFIX_RE = re.compile(r"\A[A-Z]{2,4}:(?=[A-Z0-9\"'‘“])")

# An ANPA keyword used as a headline element: AP's NITF "BC-BBN--Top Ten" is the slug line.
ANPA_KEYWORD_RE = re.compile(r"\A[A-Z]{2}-[A-Za-z]{1,6}--\S")

# IPTC 7901 service messages (dpa): slug lines and categories that are notices, not stories.
# dpa_copyright.txt: slug "Impressum/", take key "(Achtung)", category "rs".
SERVICE_SLUGS = frozenset({"impressum", "copyright", "test", "testmeldung", "servicemeldung"})
SERVICE_CATEGORIES = frozenset({"rs"})
# dpa's notices to desks are not stories: genre "Achtung" (dpatextgenre:27: a planning note, a
# list of long reads, lesestuecke.json) and "Vorschau" (dpatextgenre:32: the day's agenda,
# tvo_pol.json; the audio programme, hoerfunk.json), and everything of the service desk
# (`dpacat:rs`, as category `rs` in IPTC 7901). In IPTC 7901 the genre is the take key,
# "(Achtung - Planungshinweis)", "(Vorschau)", or the slug line's first keyword "Vorschau/".
DPA_SERVICE_GENRES = frozenset({"dpatextgenre:27", "dpatextgenre:32"})
DPA_SERVICE_GENRE_NAMES = frozenset({"achtung", "vorschau"})
DPA_SERVICE_DESKS = frozenset({"dpacat:rs"})
DPA_SERVICE_TAKE_RE = re.compile(r"\A\(?\s*(?:Achtung|Vorschau)\b", re.IGNORECASE)
DPA_SERVICE_SLUG_RE = re.compile(r"\A(?:Vorschau|Achtung)/", re.IGNORECASE)

# ANPA ASCII quotes: ``Look Good Feel Better'' → “Look Good Feel Better”; `This is' → ‘This is’.
ANPA_QUOTES: tuple[tuple[str, str], ...] = (("``", "“"), ("''", "”"), ("`", "‘"))
# ANPA's underscore dash between spaces: "BUENOS AIRES, Argentina (AP) _ For cancer" → " — ".
ANPA_DASH_RE = re.compile(r"(?<= )_(?= )")


# STT's machine-translation mark on a headline: "... gained confidence*** TRANSLATED ***"
TRANSLATED_MARK_RE = re.compile(r"\s*\*{3}\s*TRANSLATED\s*\*{3}\s*\Z")
# STT's machine translations: one body holds each language after a disclaimer paragraph,
# "*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***"; the first is the
# translation the headline is in.
DISCLAIMER_RE = re.compile(r"\A\*{3}\s*DISCLAIMER\b.{0,120}\*{3}\Z")


def first_translation(paragraphs: list[str]) -> list[str]:
    """The paragraphs of the first translation when a body holds several (STT)."""
    marks = [i for i, p in enumerate(paragraphs) if DISCLAIMER_RE.match(p)]
    if not marks:
        return paragraphs
    end = marks[1] if len(marks) > 1 else len(paragraphs)
    return paragraphs[marks[0] + 1 : end] or paragraphs


def strip_headline_marks(headline: str | None) -> str | None:
    return TRANSLATED_MARK_RE.sub("", headline).strip() or None if headline else headline


def strip_signoffs(paragraphs: list[str]) -> list[str]:
    """Drop sign-off paragraphs from the end (several may stack: "___" then initials)."""
    out = list(paragraphs)
    while out and any(r.match(out[-1]) for r in SIGNOFF_RES):
        out.pop()
    return out


def strip_desk_prefix(headline: str | None) -> str | None:
    if not headline:
        return headline
    return DESK_PREFIX_RE.sub("", headline, count=1).strip() or headline


def strip_version_prefix(headline: str | None) -> str | None:
    if not headline:
        return headline
    return VERSION_PREFIX_RE.sub("", headline, count=1).strip() or headline
