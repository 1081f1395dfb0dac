"""parse_story: one cleaned wire story → ParsedStory (pure; no I/O, no Prefect).

Order matters: the header is split off first (it sits on the dateline's line), then a
headline, then byline + dateline, then FBIS tags and trailers, and only then paragraphs, so
that no furniture ever leaks into the body, the lede or the quotes.
"""

from __future__ import annotations

from datetime import date

from tasks.errors import InputRejected, Reason
from tasks.ingest.records import Delivered
from tasks.parse import patterns as P
from tasks.parse.body import split_paragraphs, strip_trailers
from tasks.parse.byline import split_byline
from tasks.parse.dateline import Dateline, agency_code, parse_dateline, split_header
from tasks.parse.delivered import parse_delivered
from tasks.parse.language import story_language
from tasks.parse.lead import split_lead
from tasks.parse.records import ParsedStory
from tasks.parse.reported import story_quotes
from tasks.places import geocode_dateline

# A headline is a short first line; longer first lines are body text.
MAX_HEADLINE_CHARS = 120
MAX_HEADLINE_WORDS = 20


def parse_story(
    text: str,
    *,
    header_date: date | None = None,
    agency_hint: str | None = None,
    delivered: Delivered | None = None,
    fmt: str = "text",
) -> ParsedStory:
    """Structured fields of one story; raises InputRejected(NO_BODY) when there is no body.

    A story from an agency delivery format (`delivered`) takes its fields from the structure
    first (tasks.parse.delivered); plain text goes through the text parsers alone. Then its
    language (declared or detected), which decides how its quotes are read.
    """
    if delivered is not None:
        story = parse_delivered(text, delivered)
    else:
        story = parse_text(text, header_date=header_date, agency_hint=agency_hint, fmt=fmt)
    story.language = story_language(story.headline, story.body, story.language_declared)
    story.quotes = story_quotes(story.paragraphs, story.language)
    return story


def parse_text(
    text: str, *, header_date: date | None, agency_hint: str | None, fmt: str
) -> ParsedStory:
    """A plain-text story's fields (no language or quotes yet: `parse_story` adds them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = P.HTML_BREAK_RE.sub("\n\n", text)  # "<p></p><p> By Deborah Cohen</p><p> CHICAGO"
    text_date, text = split_header(text)
    header = header_date if header_date is not None else text_date
    headline, text = split_headline(text)
    lead = split_lead(text, headline=headline, reference=header)
    headline, text = headline or lead.headline, lead.text
    dateline = parse_dateline(text, header) or Dateline(None, None, None, None, 0)
    body, trailer_credit = strip_trailers(strip_fbis_tags(text[dateline.end :]))
    paragraphs = split_paragraphs(body)
    if not paragraphs:
        raise InputRejected(Reason.NO_BODY, "nothing left after header, dateline and trailer")
    credit = dateline.credit or trailer_credit
    agency = agency_code(credit) or _hint_code(agency_hint)
    written = dateline.byline or lead.byline
    byline = split_byline("By " + written, None)[0] if written else None
    return ParsedStory(
        header_date=header,
        date=dateline.date or header,
        agency=agency,
        agency_credit=credit,
        dateline_city=dateline.city,
        dateline_region=dateline.region,
        dateline_date=dateline.date,
        byline=byline,
        headline=headline,
        lede=paragraphs[0],
        body="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        format=fmt,
        version=lead.version,
        ednote="\n".join(lead.notes) or None,
        dateline_places=list(dateline.places),
        place=geocode_dateline(dateline.city, dateline.region, agency),
    )


def _hint_code(hint: str | None) -> str | None:
    """An agency given outside the text: its table code, else the hint upper-cased."""
    if hint is None or not hint.strip():
        return None
    return agency_code(hint) or " ".join(hint.split()).upper()


def split_headline(text: str) -> tuple[str | None, str]:
    """A first short line without final punctuation, followed by a blank line, is a headline.

    Deliberately conservative: a missed headline stays in the body (harmless), while a wrong
    one would cut the lede.
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    if not sep or not P.BLANK_LINE_RE.match("\n" + rest) or not rest.strip():
        return None, text
    line = " ".join(first.split())
    words = line.split()
    if (
        len(words) < 2
        or len(line) > MAX_HEADLINE_CHARS
        or len(words) > MAX_HEADLINE_WORDS
        or P.HEADLINE_END_RE.search(line)
        or line.startswith("By ")
        or _reads_as_dateline(line, rest)
    ):
        return None, text
    return line, rest


def _reads_as_dateline(line: str, rest: str) -> bool:
    """A first line that opens like a dateline is one, unless it has neither credit nor date
    and the next paragraph opens with a dateline that has one: "EU: Coke Deal Not Set in
    Stone" over "BRUSSELS (Reuters) - ..." is a headline."""
    first = parse_dateline(line + "\n\nx", None)
    if first is None:
        return False
    if first.credit or first.date:
        return True
    below = parse_dateline(rest.lstrip(), None)
    return below is None or not (below.credit or below.date)


def strip_fbis_tags(body: str) -> str:
    """Drop leading FBIS tags up to the last [TEXT]-like marker; keep speaker labels after it."""
    offset, cut = 0, 0
    while m := P.FBIS_TAG_RE.match(body, offset):
        offset = m.end()
        if " ".join(m.group("tag").split()).upper() in P.FBIS_MARKERS:
            cut = offset
    return body[cut:]
