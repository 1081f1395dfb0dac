"""Every regex and gazetteer the story parser uses, each with a real example.

Kept in one place so a reviewer can audit backtracking risk and coverage without reading
parser logic. Dateline regexes are applied to the first ~300 characters only and use bounded
quantifiers, so a pathological story cannot make them slow.
"""

from __future__ import annotations

import re

from tasks.ingest.months import native_months
from tasks.ingest.patterns import BLANK_LINE_RE  # noqa: F401  (re-exported: paragraph breaks)


def word_set(text: str) -> frozenset[str]:
    """A gazetteer written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


# How far into a story the dateline may reach (bylines + dateline + credit).
DATELINE_WINDOW = 300

# --- gazetteers --------------------------------------------------------------------------

# Month names and abbreviations → month number. Lower-case keys; matched case-insensitively.
# Examples: "March 23" (ANI), "Aug 2" (PTI), "Nov. 5", "21 Oct", "3 JAN 90" (MUC), "Sept 3".
MONTHS: dict[str, int] = {
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], start=1)},
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1)},
    "sept": 9,
}  # fmt: skip

# Month names of the agencies' languages (CLDR via dateparser, tasks.ingest.months), case
# folded → number: "3 mars 2023" (AFP), "5 feb" (EFE), "3. März" (dpa), "1 LUG" (ANSA),
# "5 de fevereiro" (Lusa), "5 марта" (TASS), "3 آذار" (AFP Arabic).
NATIVE_MONTHS: dict[str, int] = native_months()

# Words that make a byline a desk or agency credit, not a person: "By The Associated Press",
# "dpa correspondents", "Staff Reporter", "AP Sports Writer", "Our Correspondent", "Agencies".
CREDIT_WORDS: frozenset[str] = word_set(
    "press correspondent correspondents staff reporter reporters desk agencies agency bureau "
    "service services newsroom editors editor writer writers wire wires team online news"
)

# US state / Canadian province abbreviations seen as dateline regions ("PORTLAND, Ore.",
# "WEST PALM BEACH, Fla", "St. Paul, MN"). Lower-case, dots removed.
US_STATE_ABBREVS: frozenset[str] = word_set(
    "ala ariz ark calif cal colo conn del fla ga ill ind kan kans ky la md mass mich minn "
    "miss mo mont neb nev nh nj nm ny nc nd okla ore pa ri sc sd tenn tex va vt wash wva wis "
    "wisc wyo dc al ak az ar ca co ct de fl hi id il in ia ks me mi mn ms mt ne nv oh ok or "
    "sd tn tx ut vt wa wv wi wy que ont bc alta man sask ns nb"
)

# Words that start multi-word city names, used to split "By Lalit K Jha New Delhi" between the
# byline and the city ("New Delhi", "San Salvador", "St. Louis", "Los Angeles").
CITY_PREFIXES: frozenset[str] = word_set(
    "new san santa santo los las la el le st st. saint port rio buenos kuala hong abu dar sao "
    "são tel ho mexico panama guatemala kansas salt oklahoma"
)

# Lower-case joining words inside city names, kept lower when title-casing an upper-case
# city: "DAR ES SALAAM" → "Dar es Salaam", "PORT-AU-PRINCE" → "Port-au-Prince".
CITY_CONNECTORS: frozenset[str] = word_set("of de del la es au da do dos das du des y")

# Placeholder "cities" in FBIS datelines that are not places: "NO CITY (COLOMBIA), 26 SEP 89".
NO_CITY: frozenset[str] = frozenset({"no city"})

# Speech verbs that attribute a quotation: `"…," said Kharge.`, `Khan said, "…"`,
# `"…," then-Surrey mayoral candidate Doug McCallum responded at one debate.`
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "added", "adds", "told", "tells", "asked", "asks", "stated",
    "states", "noted", "notes", "remarked", "asserted", "claimed", "claims", "declared",
    "explained", "explains", "insisted", "insists", "wrote", "writes", "tweeted", "commented",
    "stressed", "urged", "warned", "warns", "announced", "replied", "recalled", "recalls",
    "argued", "argues", "observed", "maintained", "quipped", "alleged", "responded", "joked",
    "continued", "acknowledged", "admitted", "admits", "conceded", "suggested",
    "suggests", "confirmed", "cautioned", "countered", "recounted", "shouted", "testified",
    "predicted", "concluded", "emphasized", "emphasised", "agreed", "reiterated", "posted",
    "answered", "laughed", "mused", "boasted", "complained", "pleaded", "vowed", "predicts",
    "reflected", "lamented", "scoffed", "exclaimed", "whispered", "cried", "yelled",
    "announces", "describes", "described", "adding", "saying", "telling", "writing",
)  # fmt: skip

# Pronouns that may stand as a quote's speaker; enrichment resolves them to a named subject.
SPEAKER_PRONOUNS: frozenset[str] = word_set("he she they it we i")

# FBIS editorial tags before the text proper: "[REPORT] [ARMED FORCES PRESS COMMITTEE,
# COPREFA] [TEXT] THE ARCE ..." — everything up to the last of these markers is not body.
FBIS_MARKERS: frozenset[str] = frozenset(
    {"TEXT", "EXCERPT", "EXCERPTS", "CONTINUED", "SUMMARY", "PASSAGE OMITTED"}
)

# --- regex building blocks ---------------------------------------------------------------

LETTER = r"A-Za-zÀ-ÖØ-öø-ÿ"
# Letters of every script a dateline city is written in: Latin with its extensions, Greek,
# Cyrillic, Hebrew, Arabic letters (not its digits or comma), CJK, kana, Hangul: "Genève",
# "Łódź", "МОСКВА", "بيروت", "Αθήνα".
ANY_LETTER = (
    r"A-Za-zÀ-ÖØ-öø-ɏͰ-ϿЀ-ԯ\u05d0-\u05ea\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff"
    r"\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af"
)
# A comma, Latin or Arabic ("بيروت، 3 آذار").
COMMA = "[,،]"
# A month word: a month's three-letter stem plus up to six letters, so that wire typos still
# read as months ("Marc 3", "Marchg 12", "Apri 1" in Reuters); the stem gives the number; or a
# month name of another agency language, longest first ("märz" before "mär").
_NATIVE = "|".join(
    re.escape(t).replace(r"\ ", r"\s+") for t in sorted(NATIVE_MONTHS, key=len, reverse=True)
)
_MONTH = (
    "(?i:(?:" + "|".join(m for m in MONTHS if len(m) == 3) + r")[a-z]{0,6}\b"
    rf"|(?:{_NATIVE})(?![{ANY_LETTER}]))"
)


def _sep(tag: str, after_credit: bool = False) -> str:
    """A separator after the dateline; a fresh group name per branch (re forbids repeats).
    After a credit a full stop may come first or stand alone: EFE's "(EFE).- ", TASS's
    "/ТАСС/. "."""
    if after_credit:
        return rf"(?P<sep_{tag}>\.?\s?(?:--+|-|—|–)|:|\.(?=\s))"
    return rf"(?P<sep_{tag}>--+|-|—|–|:)"


def _credit(tag: str) -> str:
    """An agency credit in brackets, MUC oddities included ("[INRAVISION ... 1)"), or between
    slashes as TASS and PR Newswire write it ("/ТАСС/", "/PRNewswire/")."""
    return (
        rf"(?:[(\[](?P<credit_{tag}>[^()\[\]\n]{{1,40}}(?:\[[^\]\n]{{1,10}}\])?)\)"
        rf"|/(?P<slash_{tag}>[^/()\n\d]{{2,30}})/)"
    )


# The ` date YYYY-MM-DD ` header of the seed layout, on the same line as the dateline:
# " date 2022-03-23 New Delhi [India], March 23 (ANI): Leader of ..."
HEADER_RE = re.compile(r"\A\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})(?=\s|\Z)\s*")

# A byline on its own line: "By JOHN SMITH, Associated Press Writer\n" → "JOHN SMITH".
BYLINE_LINE_RE = re.compile(r"\A\s*By\s+(?P<name>[^\n,]{2,60}?)\s*(?:,[^\n]{0,60})?\n")

# A byline set off from the dateline by a run of spaces (AG News / AP):
# "By RACHEL KONRAD     CARSON CITY, Nev. (AP) -- In what ..." → "RACHEL KONRAD".
BYLINE_SPACED_RE = re.compile(r"\A\s*By\s+(?P<name>[A-Z][^\n]{1,58}?)[ \t]{2,}(?=[A-Z])")

# A byline glued to the dateline: "By Sajjad Hussain Islamabad, Jul 31 (PTI) The ruling ...";
# the dateline regex then runs on the text after "By " and the city words are split off.
BYLINE_GLUED_RE = re.compile(r"\A\s*By\s+(?=[A-Z])")

# A date in a dateline, month-first or day-first, optional year, or FBIS "NO DATE":
# "March 23", "Nov. 5", "21 Oct", "3 JAN 90", "March 13, 2004", "March 187" and "March 2O"
# (garbled in Reuters: still a date token so the city parses; resolved to None later); the
# day-first forms of other languages: "3 mars 2023" (AFP), "3. März" (dpa), "5 de febrero de
# 2023" (EFE), "5 марта" (TASS), "٥ آذار".
_DATE = (
    rf"(?:(?P<mon1>{_MONTH})(?:\.\s*|\s+)(?P<day1>[\dOl]{{1,3}})(?!\w)"
    rf"(?:,?\s+(?P<year1>\d{{4}})\b)?"
    rf"|(?P<day2>\d{{1,2}})\.?\s+(?:de\s+)?(?P<mon2>{_MONTH})\.?"
    rf"(?:,?\s+(?:de\s+)?(?P<year2>\d{{4}}|\d{{2}})\b)?"
    r"|(?P<nodate>NO DATE))"
)

# The full dateline: city, optional [Country] / (Region) / ", Region" parts, then a tail that
# is a date followed by a credit or separator, or a credit, or a bare separator. Examples:
# "New Delhi [India], March 23 (ANI): ", "Amethi (UP), Jul 30 (PTI) ", "PORTLAND, Ore., Feb
# 26 - ", "RICHMOND, Va. Feb 26 -", "WASHINGTON (Reuters) - ", "SAN SALVADOR, 3 JAN 90
# (EFE) -- ", "MOSCOW (USSR), NO DATE (DOMESTIC SERVICE) -- ", "OKLAHOMA CITY, Okla. March
# 11, Reuter - ", "CHEVY CHASE, Md., - March 4 - ", "TOKYO - ". Bounded quantifiers only.
DATELINE_RE = re.compile(
    rf"\A[\s*]*(?P<city>[{ANY_LETTER}][{ANY_LETTER}.'’/\- ]{{0,40}}?)\s*"
    rf"(?:\[(?P<region_b>[{ANY_LETTER} .]{{1,30}})\]\s*)?"
    rf"(?:\((?P<region_p>[{ANY_LETTER} .\-]{{1,30}})\)\s*)?"
    rf"(?P<regions>(?:{COMMA}\s*[{ANY_LETTER}][{ANY_LETTER}.'’\- ]{{0,30}}?){{0,3}}?)"
    rf"(?:(?P<comma>\s*{COMMA}[\s,.]*|\s+)(?:-\s+)?{_DATE}"
    rf"(?:\s*,\s*(?P<reuter>Reuter)\b)?\s*,?\s*(?:{_credit('d')}\s*{_sep('d', True)}?"
    rf"|{_sep('d2')})"
    rf"|\s*,?\s*(?P<dash_c>--?\s*)?{_credit('c')}\s*{_sep('c', True)}?"
    rf"|\s*,?\s*{_sep('s')}(?=\s))"
)

# Agency-only credit with no city: "AFP - A group calling itself ...", "AP - It's barely dawn".
AGENCY_ONLY_RE = re.compile(r"\A\s*(?P<credit>[A-Z][A-Za-z]{1,12})\s*(?:--?|—|–|:)\s+")

# A credit alone in brackets where the dateline would be, modern Reuters/AP/PTI copy with no
# city: "(Reuters) - Former President Barack Obama ...", "(AP) — The storm ...", "(PTI) The
# ruling ...". Only counted when the credit is an agency of tasks.places.agencies.
CREDIT_ONLY_RE = re.compile(
    r"\A\s*[(\[](?P<credit>[A-Za-z][A-Za-z .\-]{0,30})[)\]]\s*(?:--?|—|–|:)?"
)

# A one-case word with a short mixed-case name prefix, as AP writes "McALLEN, Texas" and
# "DeKALB, Ill.": the prefix is kept and the rest title-cased ("McAllen", "DeKalb").
NAME_PREFIX_RE = re.compile(r"\A(?P<prefix>Mc|Mac|De|La|Le|Di|Du|O')(?P<rest>[A-Z]{2,}\Z)")

# The commas between a dateline's regions, Latin or Arabic: ", Fla., USA", "، لبنان".
COMMA_SPLIT_RE = re.compile(COMMA)

# Separator between the cities of a multi-city dateline: "WASHINGTON/NEW YORK (Reuters)".
PLACES_SPLIT_RE = re.compile(r"\s*/\s*")

# A feed's source label before the real dateline (AG News): "Canadian Press - VANCOUVER (CP) -
# The ...", "Canadian Press - CANBERRA, Australia (AP) - Prime Minister ..."; only counted when
# the label is an agency of tasks.places.agencies and a dateline follows.
SOURCE_PREFIX_RE = re.compile(
    r"\A\s*(?P<source>[A-Z][A-Za-z.]{1,20}(?: [A-Z][A-Za-z.]{1,20}){0,2})\s+(?:--?|—|–)\s+(?=[A-Z])"
)

# A wire trailer at the very end of a story, stripped repeatedly: "... recent years. (ANI)",
# "\n Reuter\n&#3;", "total 55.8 (33.7).        REUTER", "\n REUTE" (truncated), "-- IANS",
# "--IANS", "PTI ABC XYZ" (PTI desk initials), "(PTI)". "Reuters" only on its own line, so
# "... he told Reuters." survives.
TRAILER_RE = re.compile(
    r"(?:\((?P<credit1>ANI|PTI|IANS|UNI|AP|AFP|Reuters|Xinhua|DPA|EFE)\)"
    r"|(?:--?|—|–)\s*(?P<credit2>IANS|PTI|UNI|ANI|Xinhua)"
    r"|(?<=\s)(?P<credit3>Reuter|REUTER|reuter)\.{0,3}(?:\^M)?"
    r"|(?:\A|\n)[ \t]*(?P<credit5>Reuters|REUTERS|REUTE)\.{0,3}(?:\^M)?"
    r"|(?<![\w.])(?P<credit4>PTI)(?:\s+[A-Z]{2,4}){1,4}"
    r"|&#3;|\x03)\s*\Z"
)

# Agency-first dateline (ANSA): "(ANSA) - ROMA, 1 LUG - TEST FROM XAWES"
AGENCY_FIRST_DATELINE_RE = re.compile(
    rf"\A\s*\((?P<credit>[A-Z][A-Za-z-]{{1,12}})\)\s*(?:--?|—|–)\s*"
    rf"(?P<city>[{LETTER}][{LETTER} .'’-]{{1,30}}?)\s*,\s*(?P<day>\d{{1,2}})\.?\s+"
    rf"(?P<mon>[{LETTER}]{{3,10}})\.?\s*(?:--?|—|–)\s*"
)

# A dateline with a date and a credit but no city (Reuters data feeds):
# "Jan 30 (Gracenote) - Results and standings", "Jan 3 (OPTA) - Results and fixtures"
DATE_ONLY_DATELINE_RE = re.compile(
    rf"\A\s*(?P<mon>{_MONTH})\.?\s+(?P<day>\d{{1,2}})\s*\((?P<credit>[^()\n]{{1,40}})\)"
    r"\s*(?:--?|—|–)\s*"
)

# A dateline element that is a timestamp, not a place (Reuters G2): "2014-07-16 15:53:10 GMT+00:00"
TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")

# A paragraph that is only a byline (Reuters repeats it as the first <p>): "By Marwan Makdisi"
BYLINE_PARAGRAPH_RE = re.compile(r"\A\s*By\s+(?P<name>[A-Z][^\n.!?]{1,80})\Z")


# Paragraph and line-break tags left in plain text (AG News: "<p></p><p> By Deborah
# Cohen</p><p> CHICAGO (Reuters) - ..."): paragraph breaks, never text.
HTML_BREAK_RE = re.compile(r"[ \t]*</?(?:p|br|div)(?:\s[^<>\n]{0,100})?\s*/?>[ \t]*", re.IGNORECASE)

# Runs of whitespace (including the spaces inside a joined hard-wrapped line).
SPACES_RE = re.compile(r"\s+")

# A leading FBIS bracketed tag: "[TEXT] ", "[ARMED FORCES PRESS COMMITTEE, COPREFA] ".
FBIS_TAG_RE = re.compile(r"\s*\[(?P<tag>[^\[\]\n]{1,120})\]")

# What a headline line may not end with: a full stop or a clause mark ("It rained all day.",
# "He said:"); a question, an exclamation, a closing quote or bracket are fine ("Will High Oil
# Prices Lead to Recession?", "Kharge slams Imran Khan over PoK"), and so is a final
# abbreviation ("Storms batter the U.S.").
HEADLINE_END_RE = re.compile(r"(?<!\b[A-Z]\.[A-Z])[.;:,\-–—]\Z")
