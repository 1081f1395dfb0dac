"""parse_delivered: a story from an agency delivery format → ParsedStory.

The delivered structure wins where the format has the field (headline, byline, dateline
element, item date, provider); the text parsers run on the body as the fallback and to strip
a dateline the body repeats ("NEW YORK (AP) — "). A byline is split into people and desk
credits: only people's names go to `byline`, "By The Associated Press" is a credit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tasks.errors import InputRejected, Reason
from tasks.ingest.records import Delivered
from tasks.parse import patterns as P
from tasks.parse.body import split_paragraphs, strip_trailers
from tasks.parse.byline import split_byline
from tasks.parse.dateline import (
    Dateline,
    agency_code,
    display_city,
    display_places,
    month_of,
    parse_dateline,
    resolve_date,
)
from tasks.parse.lead import split_lead
from tasks.parse.records import ParsedStory
from tasks.places import geocode_dateline
from tasks.places.agencies import agency_in


def parse_delivered(text: str, d: Delivered) -> ParsedStory:
    """Structured fields first, text parsers second; raises InputRejected(NO_BODY). The
    language and quotes come after, from `tasks.parse.story.parse_story`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    person, by_credit = split_byline(d.byline, d.byline_title)
    head, _, rest = text.partition("\n\n")
    if P.BYLINE_PARAGRAPH_RE.match(head):  # Reuters repeats the byline as the first <p>
        text = rest
        if d.byline is None:
            person, by_credit = split_byline(head, None)
    lead = split_lead(text, headline=d.headline, reference=d.date, known=(*d.subjects, *d.names))
    text = lead.text
    if lead.byline and person is None and by_credit is None:
        person, by_credit = split_byline("By " + lead.byline, None)
    found = body_dateline(text, d.date)
    if found.byline and person is None and by_credit is None:
        person, by_credit = split_byline("By " + found.byline, None)
    body, trailer_credit = strip_trailers(text[found.end :])
    paragraphs = split_paragraphs(body)
    if not paragraphs:
        raise InputRejected(Reason.NO_BODY, "only a byline or dateline, no story text")
    element = element_dateline(d, d.date)
    if not element.city and (where := located(d.located)) is not None:
        element = replace(element, city=where.city, region=where.region, places=where.places)
    city = found.city or element.city
    region = found.region if found.city else element.region
    places = list(found.places) if found.city else list(element.places) or ([city] if city else [])
    credit = found.credit or element.credit or by_credit or trailer_credit or d.credit
    agency = (
        agency_code(found.credit)
        or agency_code(element.credit)
        or provider_code(d.agency)
        or agency_code(by_credit)
        or agency_code(d.credit)
    )
    return ParsedStory(
        header_date=d.date,
        date=found.date or element.date or d.date,
        agency=agency,
        agency_credit=credit,
        dateline_city=city,
        dateline_region=region,
        dateline_date=found.date or element.date,
        byline=person,
        headline=d.headline or lead.headline,
        lede=paragraphs[0],
        body="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        format=d.format,
        wire_id=d.wire_id,
        slugline=d.slugline,
        version=d.version or lead.version,
        urgency=d.urgency,
        ednote="\n".join(n for n in (d.ednote, *lead.notes) if n) or None,
        language_declared=d.language,
        subjects=list(d.subjects),
        dateline_places=places,
        place=geocode_dateline(city, region, agency),
        kicker=d.kicker,
        subhead=d.subhead,
        teaser=d.teaser,
    )


def body_dateline(text: str, reference: date | None) -> Dateline:
    """The body's own dateline: the usual forms, then agency-first and date-only ones."""
    found = parse_dateline(text, reference)
    if found is not None and found.city:
        return found
    # "(ANSA) - ROMA, 1 LUG -" opens with a credit: the text parser's credit-only reading must
    # not hide the agency-first dateline that follows it.
    if found is not None and found.credit and not P.AGENCY_FIRST_DATELINE_RE.match(text):
        return found
    if found is not None and found.credit:
        found = None
    start = found.end if found is not None else 0
    byline = found.byline if found is not None else None
    if m := P.AGENCY_FIRST_DATELINE_RE.match(text, start):
        day = (
            resolve_date(_month(m["mon"]) or 0, m["day"], None, reference)
            if _month(m["mon"])
            else None
        )
        return Dateline(display_city(m["city"]), None, m["credit"], day, m.end(), byline)
    if m := P.DATE_ONLY_DATELINE_RE.match(text, start):
        day = resolve_date(_month(m["mon"]) or 1, m["day"], None, reference)
        return Dateline(None, None, " ".join(m["credit"].split()), day, m.end(), byline)
    return found or Dateline(None, None, None, None, 0)


def _month(word: str) -> int | None:
    return month_of(word)


def element_dateline(d: Delivered, reference: date | None) -> Dateline:
    """A dateline element: a structured city (NITF), a full dateline (NewsML 1.2), a place
    name (STT "Helsinki"); a timestamp (Reuters G2) is no dateline."""
    none = Dateline(None, None, None, None, 0)
    if d.dateline_city:
        return Dateline(display_city(d.dateline_city), d.dateline_region, None, None, 0)
    raw = " ".join((d.dateline or "").split())
    if not raw or P.TIMESTAMP_RE.search(raw):
        return none
    probe = raw.rstrip(" -—–:") + " - x"
    found = body_dateline(probe, reference)
    if found.city or found.credit:
        return Dateline(found.city, found.region, found.credit, found.date, 0)
    words = raw.rstrip(" ,-—–").split()
    if 1 <= len(words) <= 4 and all(w[:1].isalpha() for w in words):
        return Dateline(display_city(" ".join(words)), None, None, None, 0)
    return none


def located(value: str | None) -> Dateline | None:
    """A `located` place as a dateline: "Milton Keynes"; "Grossetto, Italy" → city + region."""
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    if not parts or len(parts) > 3:
        return None
    places = display_places(parts[0])
    if not places:
        return None
    region = ", ".join(parts[1:]) or None
    return Dateline(places[0], region, None, None, 0, places=places)


def provider_code(provider: str | None) -> str | None:
    """An agency code from a provider as delivered: "reuters.com", "nprov:REUTERS", "dpa",
    "Australian Associated Press"; an unknown provider is kept upper-cased ("IPTC")."""
    if not provider or not provider.strip():
        return None
    value = provider.strip().rpartition(":")[2] if ":" in provider else provider.strip()
    host = value.lower().removeprefix("www.")
    if "." in host and " " not in host:
        value = host.split(".")[0]
    return agency_in(value) or " ".join(value.split()).upper() or None
