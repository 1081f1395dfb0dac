"""parse_story end to end: the seed story, golden whole stories, furniture removal, rejects."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from tasks.errors import InputRejected, Reason
from tasks.parse.story import parse_story, split_paragraphs, strip_trailers
from tests.conftest import SEED_STORY, require_corpus

GOLDEN = sorted((Path(__file__).parent.parent / "golden").glob("*.json"))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def test_seed_story() -> None:
    require_corpus("seed", SEED_STORY.name)
    story = parse_story(SEED_STORY.read_text(encoding="utf-8"))
    assert (story.agency, story.dateline_city, story.dateline_region) == (
        "ANI",
        "New Delhi",
        "India",
    )
    assert story.dateline_date == date(2022, 3, 23) == story.date
    assert story.n_paragraphs == 9
    assert "(ANI)" not in story.body and story.body.endswith("in recent years.")
    direct = [q for q in story.quotes if q.kind != "reported"]
    assert [q.speaker for q in direct] == ["Kharge", "the Congress leader", "Khan"]
    # "Kharge said that Imran Khan is facing …" is reported speech, kept apart
    assert [q.speaker for q in story.quotes if q.kind == "reported"] == ["Kharge"]


def _load(source: dict[str, object]) -> tuple[str, date | None]:
    """Raw text of a golden story, rebuilt from the corpus the way the bench does."""
    path = require_corpus(*str(source["path"]).split("/"))
    if source["kind"] == "text":
        return path.read_text(encoding="utf-8"), None
    if source["kind"] == "muc":
        paragraphs = re.findall(r"<p>(.*?)</p>", path.read_text(encoding="utf-8"), re.S)
        return "\n\n".join(html.unescape(p) for p in paragraphs[1:]), None
    sgml = path.read_text(encoding="latin-1")
    doc = re.search(rf'NEWID="{source["newid"]}">.*?</REUTERS>', sgml, re.S)
    assert doc, source
    parts = [
        re.search(rf"<{tag}>(.*?)</{tag}>", doc.group(0), re.S) for tag in ("DATELINE", "BODY")
    ]
    raw = "".join(CONTROL.sub("", html.unescape(p.group(1))) for p in parts if p)
    stamp = re.search(r"<DATE>\s*(\d+)-([A-Z]+)-(\d{4})", doc.group(0))
    assert stamp
    return raw, datetime.strptime("-".join(stamp.groups()).title(), "%d-%b-%Y").date()


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.stem for g in GOLDEN])
def test_golden(golden: Path) -> None:
    spec = json.loads(golden.read_text(encoding="utf-8"))
    text, header_date = _load(spec["source"])
    story = parse_story(text, header_date=header_date)
    want = spec["expected"]
    as_date = {
        k: date.fromisoformat(want[k]) if want[k] else None
        for k in ("header_date", "date", "dateline_date")
    }
    for field in (
        "agency",
        "agency_credit",
        "dateline_city",
        "dateline_region",
        "byline",
        "headline",
    ):
        assert getattr(story, field) == want[field], field
    for field, value in as_date.items():
        assert getattr(story, field) == value, field
    assert story.n_paragraphs == want["n_paragraphs"]
    assert story.lede.startswith(want["lede_startswith"])
    assert story.body.endswith(want["body_endswith"])
    got = [(q.paragraph, q.speaker, q.quote) for q in story.quotes if q.kind != "reported"]
    assert len(got) == len(want["quotes"])
    for (para, speaker, quote), (w_para, w_speaker, w_start) in zip(
        got, want["quotes"], strict=True
    ):
        assert (para, speaker) == (w_para, w_speaker)
        assert quote.startswith(w_start)


@pytest.mark.parametrize(
    ("body", "expected", "credit"),
    [
        ("It rained. (ANI)", "It rained.", "ANI"),
        ("Markets fell.\n Reuter\n&#3;", "Markets fell.", "Reuter"),
        ("Markets fell.        REUTER", "Markets fell.", "REUTER"),  # same line, many spaces
        ("Trains ran late. -- IANS", "Trains ran late.", "IANS"),
        ("Trains ran late.--IANS", "Trains ran late.", "IANS"),
        ("Rain hit Delhi. PTI ABC XYZ", "Rain hit Delhi.", "PTI"),  # PTI desk initials
        ("He told Reuters.", "He told Reuters.", None),  # a real sentence, not a trailer
    ],
)
def test_strip_trailers(body: str, expected: str, credit: str | None) -> None:
    assert strip_trailers(body) == (expected, credit)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        (
            "Hard wrapped\nline one.\n    Indented starts\na new one.",
            ["Hard wrapped line one.", "Indented starts a new one."],
        ),
        (
            "One long line. Another sentence. Still one paragraph.",
            ["One long line. Another sentence. Still one paragraph."],
        ),
        ("  \n\n \n", []),
    ],
)
def test_split_paragraphs(body: str, expected: list[str]) -> None:
    assert split_paragraphs(body) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " date 2022-03-23 ",
        " date 2022-03-23 New Delhi [India], March 23 (ANI): ",
        "SAN SALVADOR, 3 JAN 90 -- [TEXT]",  # only FBIS tags after the dateline
        "New Delhi, Aug 2 (PTI) (PTI)",
    ],
)
def test_no_body_is_rejected(text: str) -> None:
    with pytest.raises(InputRejected) as info:
        parse_story(text)
    assert info.value.reason == Reason.NO_BODY


def test_header_date_argument_wins_and_header_is_stripped() -> None:
    story = parse_story(
        " date 2017-08-03 New Delhi, Aug 2 (PTI) Bomb squads came.", header_date=date(2017, 8, 5)
    )
    assert story.header_date == date(2017, 8, 5)
    assert story.dateline_date == date(2017, 8, 2)
    assert story.body == "Bomb squads came."


def test_no_dateline_is_still_a_story() -> None:
    story = parse_story("Germany and Brazil drew 1-1 on Wednesday.", agency_hint="reuters")
    assert (story.dateline_city, story.dateline_date, story.date) == (None, None, None)
    assert story.agency == "REUTERS" and story.agency_credit is None


@pytest.mark.parametrize(
    ("text", "headline", "body_start"),
    [
        # a short first line, no final full stop, blank line: a headline
        ("Kharge slams Imran Khan over PoK\n\nNew Delhi, March 23 (ANI): He spoke.",
         "Kharge slams Imran Khan over PoK", "He spoke."),
        # a question or exclamation ends a headline too
        ("Will oil prices lead to recession?\n\nNEW YORK (Reuters) - Oil rose.",
         "Will oil prices lead to recession?", "Oil rose."),
        ("Rains lash Mumbai again!\n\nMumbai, Jul 27 (PTI) Two persons died.",
         "Rains lash Mumbai again!", "Two persons died."),
        # a final abbreviation is not a full stop
        ("Storms batter the U.S.\n\n(Reuters) - Storms hit.", "Storms batter the U.S.",
         "Storms hit."),
        # the credit at the end of the headline (AG News layout)
        ("Intuit posts wider loss after charge (Reuters)\n\nReuters - Intuit Inc. said.",
         "Intuit posts wider loss after charge (Reuters)", "Intuit Inc. said."),
        # a first sentence ending in a full stop is body
        ("It rained all day.\n\nThen it stopped.", None, "It rained all day."),
        # no blank line after the first line: body
        ("Kharge slams Imran Khan\nover PoK in a speech.", None, "Kharge slams"),
        # a dateline line is never a headline
        ("WASHINGTON (Reuters)\n\nStocks fell.", None, "Stocks fell."),
        # one word is a slug, not a headline
        ("URGENT\n\nStocks fell.", None, "URGENT"),
    ],
)  # fmt: skip
def test_headline_from_plain_text(text: str, headline: str | None, body_start: str) -> None:
    story = parse_story(text)
    assert story.headline == headline
    assert story.body.startswith(body_start)


@pytest.mark.parametrize(
    ("text", "agency", "body"),
    [
        ("(Reuters) - Former President Barack Obama spoke.", "REUTERS",
         "Former President Barack Obama spoke."),
        ("(AP) — The storm hit Texas.", "AP", "The storm hit Texas."),
        ("(PTI) The ruling party won.", "PTI", "The ruling party won."),
        # after a byline line
        ("By John Smith\n(Reuters) - Stocks fell.", "REUTERS", "Stocks fell."),
    ],
)  # fmt: skip
def test_credit_only_opening_sets_agency_and_leaves_the_body(
    text: str, agency: str, body: str
) -> None:
    story = parse_story(text)
    assert (story.agency, story.dateline_city, story.body) == (agency, None, body)


def test_multi_city_dateline_keeps_every_city() -> None:
    story = parse_story("WASHINGTON/NEW YORK (Reuters) - Stocks fell.")
    assert story.dateline_city == "Washington"
    assert story.dateline_places == ["Washington", "New York"]
    assert story.agency == "REUTERS" and story.body == "Stocks fell."


def test_headline_is_split_conservatively() -> None:
    story = parse_story("Kharge slams Imran Khan over PoK\n\nNew Delhi, March 23 (ANI): He spoke.")
    assert story.headline == "Kharge slams Imran Khan over PoK"
    assert story.dateline_city == "New Delhi" and story.body == "He spoke."
    # a first sentence followed by a blank line is body, not a headline
    assert parse_story("It rained all day.\n\nThen it stopped.").headline is None


def test_invalid_header_date_is_none() -> None:
    story = parse_story(" date 2022-02-30 Some text here.")
    assert story.header_date is None and story.body == "Some text here."
