"""The furniture before a story's text: notes, By lines, metadata, style sheets, service lines."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.ingest.records import Delivered
from tasks.parse.lead import split_lead
from tasks.parse.story import parse_story

REF = date(2017, 11, 3)


@pytest.mark.parametrize(
    "text,notes,version,byline,starts",
    [
        # Reuters correction note before the dateline (issue 28)
        ("(This version of the Nov. 2 story corrects paragraph 7 to show the vote was 51-49)"
         "\n\nWASHINGTON (Reuters) - The Senate ...",
         ("This version of the Nov. 2 story corrects paragraph 7 to show the vote was 51-49",),
         "correction", None, "WASHINGTON (Reuters)"),
        ("(Refiles to add dropped word in headline)\n\nBy Jeff Mason\n\n"
         "WASHINGTON (Reuters) - U.S. President ...",
         ("Refiles to add dropped word in headline",), "refile", "Jeff Mason", "WASHINGTON"),
        ("By Jeff Mason and Steve Holland\n\n(Corrects paragraph 7 spelling of name)\n\n"
         "WASHINGTON (Reuters) - U.S. President ...",
         ("Corrects paragraph 7 spelling of name",), "correction", "Jeff Mason and Steve Holland",
         "WASHINGTON"),
        ("(Repeats story first published on Friday)\n\nLONDON (Reuters) - ...",
         ("Repeats story first published on Friday",), "repeat", None, "LONDON"),
        ("(Updates with comments from minister)\n\nPARIS (Reuters) - ...",
         ("Updates with comments from minister",), "update", None, "PARIS"),
        # dpa's German correction note
        ("(Berichtigung: Uhrzeit korrigiert)\n\nBerlin (dpa) - Der ...",
         ("Berichtigung: Uhrzeit korrigiert",), "correction", None, "Berlin (dpa)"),
        # a bracketed sentence that is story text is not a note
        ("(The Senate voted 51-49.)\n\nMore text.", (), None, None, "(The Senate"),
        ("WASHINGTON (Reuters) - (Corrects nothing) The ...", (), None, None, "WASHINGTON"),
    ],
)  # fmt: skip
def test_notes_and_by_lines_before_the_dateline(
    text: str, notes: tuple[str, ...], version: str | None, byline: str | None, starts: str
) -> None:
    lead = split_lead(text, reference=REF)
    assert (lead.notes, lead.version, lead.byline) == (notes, version, byline)
    assert lead.text.startswith(starts)


@pytest.mark.parametrize(
    "text,headline,starts,found_headline",
    [
        # dpa NewsML-G2: subjects, keywords, time stamp and genre before the story (one line)
        ("Politik / Deutschland / Bundestag / 12.03.2019 09:15 / Zusammenfassung\n\n"
         "Berlin (dpa) - Der Bundestag ...", "Bundestag beschließt", "Berlin (dpa)", None),
        # ... or a line each
        ("Politik\nDeutschland\n12.03.2019 09:15\nZusammenfassung\n\nBerlin (dpa) - Der ...",
         "Bundestag beschließt", "Berlin (dpa)", None),
        # a syndicated sports item: the service name and the headline repeated, then the dateline
        ("Sports Xchange\n\nCubs beat Cardinals 5-3\n\nCHICAGO -- Kris Bryant hit ...",
         "Cubs beat Cardinals 5-3", "CHICAGO --", None),
        # a press release: its CSS, an empty headline, the title line before the dateline
        (".bwalignc {text-align: center} .bwuline {text-decoration: underline}\n\n"
         "Acme Corp Reports Record Third Quarter\n\n"
         "SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp. today announced ...",
         None, "SAN FRANCISCO--", "Acme Corp Reports Record Third Quarter"),
        # CSS glued to the first paragraph
        ("p {margin: 0} NEW YORK--(BUSINESS WIRE)--Acme ...", None, "NEW YORK--", None),
        # a long first paragraph is story text even when a dateline-like line follows
        ("The minister said on Tuesday that the plan, agreed last week by all parties, was "
         "now in doubt.\n\nTOKYO - More", None, "The minister", None),
    ],
)  # fmt: skip
def test_metadata_css_and_service_lines_never_reach_the_text(
    text: str, headline: str | None, starts: str, found_headline: str | None
) -> None:
    lead = split_lead(text, headline=headline, reference=REF)
    assert lead.text.startswith(starts)
    assert lead.headline == found_headline


def test_a_reuters_story_with_a_note_and_a_by_line_keeps_its_dateline_and_agency() -> None:
    text = (
        "Senate passes tax bill\n\n(Corrects paragraph 2 to say 51 votes)\n\nBy Jeff Mason\n\n"
        "WEST PALM BEACH, Fla./WASHINGTON (Reuters) - The U.S. Senate passed ...\n\nMore."
    )
    story = parse_story(text, header_date=REF)
    assert (story.agency, story.dateline_city, story.dateline_places) == (
        "REUTERS", "West Palm Beach", ["West Palm Beach", "Washington"]
    )  # fmt: skip
    assert (story.byline, story.version) == ("Jeff Mason", "correction")
    assert story.ednote == "Corrects paragraph 2 to say 51 votes"
    assert story.lede.startswith("The U.S. Senate") and "Corrects" not in story.body


def test_delivered_metadata_lines_stay_out_of_body_and_dateline() -> None:
    d = Delivered("newsml-g2", headline="Bundestag beschließt Gesetz", date=date(2019, 3, 12))
    text = "Politik / Deutschland / 12.03.2019 09:15 / Zusammenfassung\n\nBerlin (dpa) - Der Text."
    story = parse_story(text, delivered=d)
    assert (story.dateline_city, story.agency, story.lede) == ("Berlin", "DPA", "Der Text.")


def test_delivered_subject_and_keyword_names_on_lines_of_their_own_are_metadata() -> None:
    # dpa NewsML-G2: the subject and keyword names, one per line, then the time stamp
    d = Delivered(
        "newsml-g2", headline="Bundestag beschließt Gesetz", names=("Politik", "Bundestag")
    )
    text = "Politik\n\nBundestag\n\n12.03.2019 09:15\n\nBerlin (dpa) - Der Text.\n\nMehr."
    story = parse_story(text, delivered=d)
    assert (story.dateline_city, story.lede) == ("Berlin", "Der Text.")
    assert "Politik" not in story.body and "09:15" not in story.body
