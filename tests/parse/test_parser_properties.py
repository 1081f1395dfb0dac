"""Properties that hold for every input string: no crash but NO_BODY, and consistent fields."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.errors import InputRejected, Reason
from tasks.parse.records import ParsedStory
from tasks.parse.story import parse_story

# Wire furniture mixed with arbitrary text, so datelines, headers and quotes are exercised.
PIECES = st.sampled_from(
    [
        " date 2022-03-23 ", " date 2022-02-30 ", "New Delhi [India], March 23 (ANI): ",
        "By Sajjad Hussain Islamabad, Jul 31 (PTI) ", "SAN SALVADOR, 3 JAN 90 (EFE) -- [TEXT] ",
        "    PORTLAND, Ore., Feb 30 - ", "WASHINGTON (Reuters) - ", "AFP - ", '"', "“", "”",
        ' said Kharge.', "\n", "\n\n", "    ", "(ANI)", "\n Reuter\n&#3;", "-- IANS", "[TEXT] ",
        "Kharge said, ", "March 99 ", "31 DEC 99 ", "?",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=12).map("".join)
DATES = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def _check(story: ParsedStory) -> None:
    assert story.paragraphs and all(p.strip() == p and p for p in story.paragraphs)
    assert story.body == "\n\n".join(story.paragraphs)
    assert story.lede == story.paragraphs[0]
    assert story.n_words == len(story.body.split())
    for quote in story.quotes:
        assert 0 <= quote.paragraph < story.n_paragraphs
        assert quote.quote
    for value in (story.date, story.dateline_date, story.header_date):
        assert value is None or isinstance(value, date)
    assert story.date == (story.dateline_date or story.header_date)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, header_date=DATES, hint=st.none() | st.sampled_from(["PTI", "reuters", " "]))
def test_any_text_parses_or_is_no_body(
    text: str, header_date: date | None, hint: str | None
) -> None:
    try:
        story = parse_story(text, header_date=header_date, agency_hint=hint)
    except InputRejected as exc:
        assert exc.reason == Reason.NO_BODY
        return
    _check(story)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    try:
        _check(parse_story(text))
    except InputRejected as exc:
        assert exc.reason == Reason.NO_BODY
