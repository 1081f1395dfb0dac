"""Version markers: which delivery of a story is the later one (tasks.dedup.versions)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tasks.dedup.versions import (
    headline_version,
    numeric_version,
    slug_key,
    slug_version,
    version_of,
)


@pytest.mark.parametrize(
    "headline,rank,marker,base",
    [
        # Reuters prefixes, from real wire headlines (the G2 sample in the shared corpus)
        ("UPDATE 2-Primeira Liga Results", 20, "UPDATE 2", "Primeira Liga Results"),
        ("UPDATE 1-Fed holds rates steady", 10, "UPDATE 1", "Fed holds rates steady"),
        # a bare UPDATE is the first update (the second version)
        ("UPDATE-Oil jumps on supply fears", 10, "UPDATE", "Oil jumps on supply fears"),
        # a refile re-sends a version: between it and the next update
        ("REFILE-UPDATE 1-Fed holds rates", 11, "REFILE-UPDATE 1", "Fed holds rates"),
        ("CORRECTED-Toyota recalls cars", 1, "CORRECTED", "Toyota recalls cars"),
        # a label that is not a version: no rank, but stripped from the base headline
        ("INSIGHT-Why miners are selling", None, "INSIGHT", "Why miners are selling"),
        # an ordinary headline: no marker; a hyphenated word is not a prefix
        ("BAHIA COCOA REVIEW", None, None, "BAHIA COCOA REVIEW"),
        ("Self-driving cars arrive", None, None, "Self-driving cars arrive"),
        (None, None, None, ""),
    ],
)
def test_headline_version(headline, rank, marker, base) -> None:
    assert headline_version(headline) == (rank, marker, base)


@pytest.mark.parametrize(
    "slug,rank,marker",
    [
        # AP ANPA take keys (wire-formats/README.md: "1stLd-Writethru")
        ("BC-CA--Earthquake, 1st Ld-Writethru", 10, "1st Ld-Writethru"),
        ("BC-LT--Argentina-Cancer 1stLd-Writethru 11-13", 10, "1stLd-Writethru"),
        ("BC-EU--Greece-Debt,2ndLd", 20, "2ndLd"),
        ("BC-US--Storm, 3rd Ld-Writethru,0654", 30, "3rd Ld-Writethru"),
        # a write-through without a lead number is the first re-write
        ("BC-Quake, Writethru", 10, "Writethru"),
        # Bjt: the first take of a budgeted story, outranked by every lead
        ("BC-US--Quake,Bjt", 0, "Bjt"),
        # Reuters keyword slug with the version in parentheses
        ("USA-QUAKE/ (UPDATE 2)", 20, "UPDATE 2"),
        # a correction of a lead sits just above it
        ("BC-Quake, 2nd Ld-Writethru, Correction", 21, "2nd Ld-Writethru+Correction"),
        ("BC-Quake", None, None),
        (None, None, None),
    ],
)
def test_slug_version(slug, rank, marker) -> None:
    assert slug_version(slug) == (rank, marker)


@pytest.mark.parametrize(
    "slug,key",
    [
        ("BC-US--Earthquake,1stLd-Writethru,0412", "BC-US--Earthquake"),
        ("BC-US--Earthquake,Bjt", "BC-US--Earthquake"),
        ("BC-US--Earthquake", "BC-US--Earthquake"),
        ("", None),
    ],
)
def test_slug_key_drops_the_take_key(slug, key) -> None:
    assert slug_key(slug) == key


@pytest.mark.parametrize(
    "value,number",
    [("3", 3), (3, 3), (" 10 ", 10), ("0", None), ("v2", None), (None, None), (True, None)],
)
def test_numeric_version(value, number) -> None:
    assert numeric_version(value) == number


@dataclass
class _Story:
    headline: str | None
    version: object = None
    slugline: str | None = None


@pytest.mark.parametrize(
    "story,rank,marker",
    [
        # the format's version number wins over any text marker (ninjs "version": "2")
        (_Story("UPDATE 3-Oil", version="2"), 10, "v2"),
        # a slug take key wins over the headline
        (_Story("Quake hits", slugline="BC-Quake, 2ndLd"), 20, "2ndLd"),
        (_Story("UPDATE 2-Oil falls"), 20, "UPDATE 2"),
        (_Story("Oil falls"), None, None),
    ],
)
def test_version_of_prefers_format_then_slug_then_headline(story, rank, marker) -> None:
    v = version_of(story)
    assert (v.rank, v.marker) == (rank, marker)


def test_headline_key_ignores_prefixes_and_case() -> None:
    # two versions of one story name it alike, whatever their markers
    a = version_of(_Story("UPDATE 2-Oil prices rise on OPEC cut"))
    b = version_of(_Story("oil prices rise on OPEC cut"))
    assert a.headline_key == b.headline_key == "oil prices rise on opec cut"
    # too short to identify a story
    assert version_of(_Story("Results")).headline_key is None
