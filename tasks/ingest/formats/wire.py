"""Shared by the two control-character formats (ANPA-1312, IPTC 7901): splitting a file into
transmissions, and the patterns of their headers and trailers.

A transmission runs from SOH (after optional SYN bytes) to EOT; a file may hold several, and a
truncated one (no ETX, no EOT) is still a unit if it has text.
"""

from __future__ import annotations

import re
from datetime import date

from tasks.ingest.months import month_number

SOH, STX, ETX, EOT, SYN = "\x01", "\x02", "\x03", "\x04", "\x16"
SNIFF = (b"\x16", b"\x01")

# ANPA-1312 header line: priority, category, format code (DC3 DC1 = text, DC4 DC2 = tabular),
# keyword (24 chars), optional take key, month-day, word count:
# "f l\x13\x11 BC-LT--Argentina-CancerB     11-13 1049",
# "r z\x13\x11 BC-BKN--Heat-Hawks 1stLd-Writethru 02-20 0500",
# "r s\x14\x12 BC-BBO--WildCardGlance     08-18 " (no word count)
ANPA_HEADER_RE = re.compile(
    r"(?P<pri>[a-z])\s(?P<cat>[a-z])[\x13\x14][\x11\x12]\s?(?P<slug>\S{1,24})"
    r"(?:\s+(?P<take>\S.{0,40}?))??\s+(?P<md>\d{2}-\d{2})(?:\s+(?P<words>\d{1,5}))?\s*$",
    re.MULTILINE,
)
# ANPA trailer after ETX: agency, service, MM-DD-YY and GMT time: "AP-WF-11-13-13 1509GMT<"
ANPA_TRAILER_RE = re.compile(
    r"(?P<agency>[A-Z]{2,6})-[A-Z]{1,4}-(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>\d{2})\s+\d{4}\s*GMT"
)
# ANPA keyword line repeated after STX, with or without the word count:
# "BC-LT--Argentina-Cancer Beauty,466", "BC-BBO--Baseball Expanded Glance",
# "AP-Top-Entertainment-Headlines,0176", "BC-US--APNewsAlert,17"
ANPA_KEYWORD_LINE_RE = re.compile(
    r"\A(?P<slug>[A-Z]{2}-[A-Za-z]{1,6}--\S.{0,60}?|[A-Z]{2}-[A-Za-z][\w-]{1,60}?)"
    r"(?:\s*,\s*\d{0,5})?\s*\Z"
)
# A routing code alone on a header line: "*9006"
ANPA_ROUTING_RE = re.compile(r"\A\*?\d{1,6}\Z")
# Editor's note header line: "Eds: With AP Photos.", "Editors: Note language", "EDITOR'S NOTE _ ..."
EDNOTE_RE = re.compile(r"\A(?:Eds|Editors|EDS|EDITORS?'?S? NOTE)\b\s*[:_—-]?\s*", re.IGNORECASE)
# Photo / video / graphic notices: "AP Photo XNP101, XNP102", "With AP Photos", "AP Video"
MEDIA_LINE_RE = re.compile(r"\A(?:With )?AP (?:Photos?|Video|Graphics?|Audio)\b", re.IGNORECASE)
# A byline's title line after "By NAME": "Associated Press", "AP Sports Writer"
BYLINE_TITLE_RE = re.compile(
    r"\A(?:The )?(?:Associated Press|AP|[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})"
    r"(?: (?:Writer|Correspondent|Editor|Reporter|Press|Staff))?\s*\Z"
)
# IPTC 7901 header: service + sequence, priority, category, word count, ..., source and number:
# "eca062 4 i 211 ccccb   dpa 061", "eca0124 3 i 93  dpa 1888", "eca0001 4 rs 46  dpa 0027"
IPTC_HEADER_RE = re.compile(
    r"\A(?P<id>\S{2,20})\s+(?P<pri>\d)\s+(?P<cat>[a-z]{1,3})\s+(?P<words>\d{1,5})\b(?P<rest>.*)\Z"
)
# IPTC 7901 trailer after ETX (dpa): day, hour, minute, GMT, month, two-digit year:
# "131137 GMT Nov 13", "212101 GMT Nov 18"
IPTC_TRAILER_RE = re.compile(
    r"(?P<d>\d{2})\d{4}\s+(?:GMT\s+)?(?P<mon>[^\W\d_]{3,9})\.?\s+(?P<y>\d{2})\b"
)
# A take key / version line of an IPTC 7901 header block: "EXTRA", "(Achtung)", "URGENT",
# "(Zusammenfassung)", "1st Lead"
TAKE_KEY_RE = re.compile(
    r"\A(?:\([^()]{1,30}\)|[A-Z0-9][A-Z0-9 .-]{1,24}|\d+(?:st|nd|rd|th) [Ll]ead\w*)\Z"
)
# The start of a dpa notebook ("# dpa NOTEBOOK", "# Notebook", "## Internet links").
NOTEBOOK_RE = re.compile(r"^#{1,3} ", re.MULTILINE)
# dpa's editorial block: "* * * *\nThe following information is not for publication"
NOT_FOR_PUBLICATION_RE = re.compile(
    r"^(?:\* \* \*[ *]*\n)?[^\n]*not for publication[^\n]*$", re.MULTILINE | re.IGNORECASE
)

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}


def split_transmissions(data: bytes) -> list[bytes]:
    """Transmissions of a file in order: cut after each EOT; whitespace between is not one."""
    parts = data.split(b"\x04")
    return [p for p in parts if p.strip(b" \t\r\n\x7f\x16\x0c")]


def two_digit_year(yy: str) -> int:
    year = int(yy)
    return 2000 + year if year < 70 else 1900 + year


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iptc_trailer_date(trailer: str) -> date | None:
    """ "062130 Okt 24" → 2024-10-06: English or the agency's own month ("Okt", "Mär")."""
    m = IPTC_TRAILER_RE.search(trailer)
    if m is None:
        return None
    month = month_number(m.group("mon")) or _MONTHS.get(m.group("mon")[:3].lower())
    if month is None:
        return None
    return safe_date(two_digit_year(m.group("y")), month, int(m.group("d")))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
