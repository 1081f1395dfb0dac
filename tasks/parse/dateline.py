"""Dateline recognition: the `City [Region], Month D (AGENCY) -` opening of a wire story.

Only the first DATELINE_WINDOW characters are examined, so a story without a dateline costs
one failed, bounded regex match. Nothing here raises: an unrecognised opening is `None`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tasks.ingest.months import month_number
from tasks.parse import lead_patterns as L
from tasks.parse import patterns as P
from tasks.places.agencies import agency_code

# A dateline date may be at most this far after the reference (header) date.
MAX_DAYS_AFTER_REFERENCE = 3
# An explicit-year date further than this past the reference (or today) is treated as noise.
MAX_FUTURE = timedelta(days=366)
MIN_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class Dateline:
    """What the opening of a story says about place, time and source."""

    city: str | None  # display case
    region: str | None  # as written
    credit: str | None  # as written
    date: date | None
    end: int  # offset in the parsed text where the body starts
    byline: str | None = None
    places: tuple[str, ...] = ()  # every city of "WASHINGTON/NEW YORK", display case


def split_header(text: str) -> tuple[date | None, str]:
    """Strip the seed layout's ` date YYYY-MM-DD ` header; an impossible date reads as None."""
    m = P.HEADER_RE.match(text)
    if not m:
        return None, text
    try:
        header = date.fromisoformat(m.group("date"))
    except ValueError:
        header = None
    return header, text[m.end() :]


def display_city(raw: str) -> str | None:
    """Title-case a one-case city ("SAN SALVADOR" → "San Salvador", "McALLEN" → "McAllen");
    keep mixed case as written ("New Delhi"); every city of "WASHINGTON/NEW YORK" alike."""
    places = display_places(raw)
    return "/".join(places) if places else None


def display_places(raw: str) -> tuple[str, ...]:
    """The cities of a dateline in display case: "WASHINGTON/NEW YORK" → Washington, New York."""
    found = (_display_one(part) for part in P.PLACES_SPLIT_RE.split(raw))
    return tuple(place for place in found if place)


def _display_one(raw: str) -> str | None:
    city = " ".join(raw.strip(" .-/").split())
    if not city or city.lower() in P.NO_CITY:
        return None
    words = city.split(" ")
    mixed = any(c.islower() for c in city) and any(c.isupper() for c in city)
    if mixed and not all(map(_one_case_word, words)):
        return city  # written in mixed case on purpose: "New Delhi", "St. Louis"
    out = []
    for i, word in enumerate(words):
        if prefixed := P.NAME_PREFIX_RE.match(word):
            out.append(prefixed.group("prefix") + prefixed.group("rest").capitalize())
            continue
        parts = [
            p.lower() if (i or j) and p.lower() in P.CITY_CONNECTORS else p.capitalize()
            for j, p in enumerate(word.upper().split("-"))
        ]
        out.append("-".join(_cap_apostrophe(p) for p in parts))
    return " ".join(out)


def _one_case_word(word: str) -> bool:
    """An upper-case word, or AP's "McALLEN" (one-case but for a name prefix)."""
    return not any(c.islower() for c in word) or P.NAME_PREFIX_RE.match(word) is not None


def _cap_apostrophe(word: str) -> str:
    """ "N'DJAMENA" → "N'Djamena", "D'ALENE" → "d'Alene" inside a name, "JOHN'S" → "John's"."""
    head, sep, tail = word.partition("'")
    if not sep or len(tail) <= 1:
        return word
    if len(head) == 1:
        return head + sep + tail.capitalize()
    return word


def resolve_date(
    month: int, day_text: str, year_text: str | None, reference: date | None
) -> date | None:
    """A full date for a dateline's month/day, reproducibly; None when it cannot be one.

    With no year in the dateline the year comes from the reference: the latest date that is
    at most MAX_DAYS_AFTER_REFERENCE days after it. Without a reference there is no year.
    """
    if not day_text.isdigit():
        return None
    day = int(day_text)
    if year_text is not None:
        return _explicit(year_text, month, day, reference)
    if reference is None:
        return None
    latest = reference + timedelta(days=MAX_DAYS_AFTER_REFERENCE)
    for year in (reference.year + 1, reference.year, reference.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= latest:
            return candidate if candidate >= MIN_DATE else None
    return None


def _explicit(year_text: str, month: int, day: int, reference: date | None) -> date | None:
    """A dateline year as given; two digits pivot near the reference, else POSIX 69/68."""
    year = int(year_text)
    if len(year_text) == 2:
        if reference is not None:
            century = reference.year - reference.year % 100
            year = min(
                (century - 100 + year, century + year, century + 100 + year),
                key=lambda y: abs(y - reference.year),
            )
        else:
            year += 1900 if year >= 69 else 2000
    candidate = _safe_date(year, month, day)
    ceiling = (reference or date.today()) + MAX_FUTURE
    if candidate is None or not MIN_DATE <= candidate <= ceiling:
        return None
    return candidate


def _safe_date(year: int, month: int, day: int) -> date | None:
    """date(...) that answers None for Feb 30 instead of raising."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_dateline(text: str, reference: date | None) -> Dateline | None:
    """The dateline (and any byline before it) at the start of `text`, or None."""
    byline: str | None = None
    start = 0
    if line := P.BYLINE_LINE_RE.match(text) or P.BYLINE_SPACED_RE.match(text):
        byline, start = " ".join(line.group("name").split()), line.end()
    elif glued := P.BYLINE_GLUED_RE.match(text):
        found = _match(text, glued.end(), reference)
        return _split_glued_byline(found) if found and found.city else None
    found = _match(text, start, reference)
    if (
        byline is None
        and (prefix := P.SOURCE_PREFIX_RE.match(text))
        and agency_code(prefix.group("source"))
    ):
        behind = _match(text, prefix.end(), reference)  # "Canadian Press - VANCOUVER (CP) -"
        if behind is not None and behind.city and (behind.date or agency_code(behind.credit)):
            credit = behind.credit or prefix.group("source")
            return replace(behind, credit=credit)
    if found is None:
        return Dateline(None, None, None, None, start, byline) if byline else None
    return replace(found, byline=byline)


def _split_glued_byline(found: Dateline) -> Dateline | None:
    """ "Sajjad Hussain Islamabad" → byline "Sajjad Hussain", city "Islamabad"."""
    words = (found.city or "").split()
    n_city = 2 if len(words) >= 3 and words[-2].lower() in P.CITY_PREFIXES else 1
    if len(words) <= n_city:
        return None
    city = " ".join(words[-n_city:])
    return replace(found, city=city, byline=" ".join(words[:-n_city]), places=(city,))


def _match(text: str, start: int, reference: date | None) -> Dateline | None:
    """One dateline match at `start`, validated so that ordinary prose is not a dateline."""
    window = text[start : start + P.DATELINE_WINDOW]
    if found := _cjk(window, start, reference) or _multi_city(text, start, reference):
        return found
    m = P.DATELINE_RE.match(window)
    if m is None:
        return _agency_only(window, start)
    groups = m.groupdict()
    city_raw = " ".join(groups["city"].split())
    credit = (
        groups["credit_d"] or groups["slash_d"] or groups["credit_c"] or groups["slash_c"]
    ) or groups["reuter"]
    region_p = groups["region_p"]
    if credit is None and region_p and agency_code(region_p):
        credit, region_p = region_p, None
    has_date = bool(groups["mon1"] or groups["mon2"] or groups["nodate"])
    has_region = bool(groups["region_b"] or region_p or groups["regions"])
    if not has_date and credit is None and agency_code(city_raw) and not has_region:
        return Dateline(None, None, city_raw, None, start + _skip_space(window, m.end()))
    city_raw, vague = unhedged(city_raw)
    if not _plausible(city_raw, groups, has_date, credit, has_region) or _headline_credit(m):
        return _agency_only(window, start)
    regions = [r.strip() for r in P.COMMA_SPLIT_RE.split(groups["regions"] or "") if r.strip()]
    region = ", ".join(r for r in (groups["region_b"], region_p, *regions) if r) or None
    if vague:  # "Somewhere in Ukraine": no city; what it names is the region
        city_raw, region = "", ", ".join(r for r in (city_raw, region) if r) or None
    end = start + _skip_space(window, m.end())
    after = L.TRAILING_CREDIT_RE.match(window[end - start :]) if credit is None else None
    if after is not None and agency_code(after["credit"]):  # "МОСКВА, 5 мар — РИА Новости."
        credit, end = after["credit"], end + after.end()
    places = display_places(city_raw)
    return Dateline(
        city=places[0] if places else None,
        places=places,
        region=region,
        credit=" ".join(credit.split()) if credit else None,
        date=_date_of(groups, reference),
        end=end,
    )


def unhedged(city: str) -> tuple[str, bool]:
    """A hedged place without its hedge, and whether the hedge was vague: "NEAR KHERSON" →
    ("KHERSON", False); "Somewhere in Ukraine" → ("Ukraine", True); "Paris" → ("Paris", False)."""
    if m := L.HEDGE_VAGUE_RE.match(city):
        return city[m.end() :].strip(), True
    if m := L.HEDGE_NEAR_RE.match(city):
        return city[m.end() :].strip(), False
    return city, False


def _cjk(window: str, start: int, reference: date | None) -> Dateline | None:
    """ "新华社北京3月5日电（记者张三）" → Beijing, March 5, 新华社; "【ワシントン共同】"."""
    m = L.CJK_DATELINE_RE.match(window)
    if m is None:
        return None
    city, credit = m["city"] or m["jcity"], m["credit"] or m["jcredit"]
    day = None
    if m["day"]:
        month = int(m["mon"]) if m["mon"] else (reference.month if reference else 0)
        day = resolve_date(month, m["day"], None, reference) if 1 <= month <= 12 else None
    return Dateline(city, None, credit, day, start + m.end(), places=(city,))


def _multi_city(text: str, start: int, reference: date | None) -> Dateline | None:
    """ "WEST PALM BEACH, Fla./WASHINGTON (Reuters) -": the first cities, each with its own
    region, before a dateline the ordinary grammar reads (the last city, a date, the credit);
    the dateline's city is the first one, its region the first one's."""
    window = text[start : start + P.DATELINE_WINDOW]
    m = L.MULTI_CITY_RE.match(window)
    if m is None or "," not in m["parts"]:
        return None
    rest = _match(text, start + m.end(), reference)
    if rest is None or rest.city is None or rest.credit is None:
        return None
    cities: list[str] = []
    regions: list[str | None] = []
    for part in P.PLACES_SPLIT_RE.split(m["parts"].rstrip(" /")):
        one = L.CITY_REGION_RE.match(part)
        if one is None or not _titled_words(one["city"], one["region"] or ""):
            return None
        city, vague = unhedged(one["city"])
        if vague or not (shown := display_places(city)):
            return None
        cities.append(shown[0])
        regions.append(one["region"])
    return replace(rest, city=cities[0], region=regions[0], places=(*cities, *rest.places))


def _titled_words(*texts: str) -> bool:
    """Every word capitalised or a connector: a place's name, not prose ("on Tuesday")."""
    words = " ".join(texts).split()
    return all(_titled(w) or w.lower() in P.CITY_CONNECTORS for w in words)


def _plausible(
    city: str, groups: dict[str, str | None], has_date: bool, credit: str | None, region: bool
) -> bool:
    """Reject prose that happens to fit the shape ("Apple said on March 5 -")."""
    words = city.split()
    if not words or len(words) > 8:
        return False
    upper = not any(c.islower() for c in city)
    titled = upper or all(_titled(w) or w.lower() in P.CITY_CONNECTORS for w in words)
    if has_date:
        return titled or "," in (groups["comma"] or "") or region
    if credit is not None and groups["dash_c"] and not (upper or agency_code(credit)):
        return False  # "Summary - (Aug 22, 2004) NASA's ...": a dash before a credit needs one
    if credit is not None:
        return titled and (credit[0].isupper() or credit[0].isdigit() or bool(agency_code(credit)))
    return len(words) <= 5 and (upper or (titled and _is_state(groups["regions"])))


def _titled(word: str) -> bool:
    """A capitalised word, or a word of a script without case ("بيروت", "北京")."""
    return word[0].isupper() or (word[0].isalpha() and not word[0].islower())


def _headline_credit(m: re.Match[str]) -> bool:
    """ "IBM Seeks To Have SCO Claims Dismissed (Reuters)" and a line break: a headline with
    its credit (AG News), not a dateline; an upper-case "LOS ANGELES (Reuters)" line stays one."""
    if not m.group("credit_c") or any(m.group(g) for g in ("mon1", "mon2", "nodate")):
        return False
    city = m.group("city")
    after = m.string[m.end("credit_c") + 1 : m.end()]
    return "\n" in after and any(c.islower() for c in city) and len(city.split()) > 2


def _is_state(regions: str | None) -> bool:
    """ ", Pa." / ", Fla" — a US state makes a mixed-case "Allentown, Pa. - " a dateline."""
    last = (regions or "").split(",")[-1].replace(".", "").strip().lower()
    return last in P.US_STATE_ABBREVS


def _agency_only(window: str, start: int) -> Dateline | None:
    """ "AFP - A group ..." or "(Reuters) - Former ..." → the credit, no city; only for credits
    in the agency table."""
    m = P.AGENCY_ONLY_RE.match(window)
    if m and agency_code(m.group("credit")):
        return Dateline(None, None, m.group("credit"), None, start + m.end())
    m = P.CREDIT_ONLY_RE.match(window)  # "(Reuters) - Former President ...", "(PTI) The ..."
    if m and agency_code(m.group("credit")):
        credit = " ".join(m.group("credit").split())
        return Dateline(None, None, credit, None, start + _skip_space(window, m.end()))
    return None


def _date_of(groups: dict[str, str | None], reference: date | None) -> date | None:
    """Resolve whichever date form matched ("March 23", "3 JAN 90", "NO DATE")."""
    month_text = groups["mon1"] or groups["mon2"]
    day_text = groups["day1"] or groups["day2"]
    if not month_text or not day_text:
        return None
    month = month_of(month_text)
    if month is None:
        return None
    return resolve_date(month, day_text, groups["year1"] or groups["year2"], reference)


def _skip_space(window: str, offset: int) -> int:
    """Offset of the first non-space character at or after `offset`."""
    while offset < len(window) and window[offset].isspace():
        offset += 1
    return offset


def month_of(word: str) -> int | None:
    """A month token's number: a month name of an agency language ("märz", "марта", "آذار"),
    else an English stem, typos included ("Marchg" → 3)."""
    return month_number(word) or P.MONTHS.get(word[:3].lower())
