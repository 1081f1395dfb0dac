"""Later versions without a marker: containment as well as Jaccard, and its guards (issue 28).

Texts are real Reuters-21578 copy: a story (reut2-000 NEWID 2), the daily Fed repurchase
report (reut2-000 #522 and reut2-001 #1125, the same template a day apart) and a brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tasks.dedup.candidates import Matcher, new_edges
from tasks.dedup.cluster import assign
from tasks.dedup.records import Member, sign_stories
from tasks.dedup.signature import DedupSettings, containment

STORY = (
    "Standard Oil Co and BP North America Inc said they plan to form a venture to manage "
    "the money market borrowing and investment activities of both companies.\n\n"
    "BP North America is a subsidiary of British Petroleum Co Plc, which also owns a 55 pct "
    "interest in Standard Oil.\n\n"
    "The venture will be called BP/Standard Financial Trading and will be operated by "
    "Standard Oil under the oversight of a joint management committee."
)
ADDED = (
    "The companies said the venture would start operating on April 1 and would handle "
    "about two billion dlrs of short-term funds for both groups."
)
# The later version: a word of the lede dropped ("both" → gone), a paragraph added after it.
LATER = STORY.replace("of both companies", "of the companies").replace(
    "\n\nBP North", f"\n\n{ADDED}\n\nBP North", 1
)
FED_MONDAY = (
    "The Federal Reserve entered the U.S. Government securities market to arrange 1.5 "
    "billion dlrs of customer repurchase agreements, a Fed spokesman said.\n\n"
    "Dealers said Federal funds were trading at 6-3/16 pct when the Fed began its temporary "
    "and indirect supply of reserves to the banking system."
)
FED_TUESDAY = FED_MONDAY.replace("6-3/16", "6-1/4")
BRIEF = "Standard Oil Co and BP North America Inc said they plan to form a venture."


@dataclass
class _Story:
    body: str
    date: date | None = date(1987, 2, 26)
    agency: str | None = "REUTERS"
    headline: str | None = None


def _together(a: _Story, b: _Story) -> bool:
    sigs = sign_stories(["a", "b"], [a, b])
    edges = new_edges(Matcher(sigs))
    members = {s.story_id: Member(s, 1) for s in sigs}
    got = {x.story_id: x.cluster_id for x in assign(members, edges, set())}
    return got["a"] == got["b"]


@pytest.mark.parametrize(
    ("first", "later", "together"),
    [
        # the class: lede reworded, a paragraph added, no marker, a new headline;
        # Jaccard ~0.7, under the 0.8 near-copy threshold
        (_Story(STORY, headline="BP, STANDARD OIL FORM VENTURE"), _Story(LATER), True),
        # ... the later one delivered the next day: still the same story
        (_Story(STORY), _Story(LATER, date=date(1987, 2, 27)), True),
        # ... a week later: the wire repeats templates, not stories, that far apart
        (_Story(STORY), _Story(LATER, date=date(1987, 3, 5)), False),
        # ... another agency's text holding ours is not our later version
        (_Story(STORY), _Story(LATER, agency="AP"), False),
        # the Fed's daily report a day apart, one figure changed: the same length, so
        # containment says no more than Jaccard (0.77): two stories
        (_Story(FED_MONDAY), _Story(FED_TUESDAY, date=date(1987, 2, 27)), False),
        # a brief inside a longer story: too short to tell a version from a template
        (_Story(BRIEF), _Story(STORY), False),
        # an undated delivery: no way to tell a version from a repeat
        (_Story(STORY, date=None), _Story(LATER), False),
    ],
)
def test_containment_keeps_later_versions_and_not_templates(first, later, together) -> None:
    assert _together(first, later) is together


@pytest.mark.parametrize(
    ("j", "n_a", "n_b", "expected"),
    [
        (1.0, 50, 50, 1.0),  # the same set
        (0.5, 50, 100, 1.0),  # the smaller wholly inside the larger
        (0.5, 100, 100, 2 / 3),  # equal sizes: C = 2J / (1 + J)
        (0.0, 40, 60, 0.0),
        (0.3, 0, 10, 0.0),  # an empty text contains nothing
    ],
)
def test_containment_from_jaccard_and_sizes(j, n_a, n_b, expected) -> None:
    assert containment(j, n_a, n_b) == pytest.approx(expected)


def test_the_rule_can_be_switched_off() -> None:
    """Containment above 1 never holds: only Jaccard ≥ 0.8 and version keys merge (as before)."""
    off = DedupSettings(containment=1.01)
    sigs = sign_stories(["a", "b"], [_Story(STORY), _Story(LATER)])
    assert new_edges(Matcher(sigs, off)) == []


def _clusters(out) -> dict[str, tuple]:
    import pyarrow.dataset as ds

    table = ds.dataset(str(out / "stories"), format="parquet", partitioning="hive").to_table(
        columns=["source_path", "cluster_id", "is_primary", "duplicate_kind"]
    )
    return {r["source_path"]: tuple(r.values())[1:] for r in table.to_pylist()}


def test_a_later_version_in_a_later_run_joins_the_committed_story(tmp_path) -> None:
    """The run engine end to end (parse only): the committed story is found through the
    clustering state's prints, as by a from-scratch run, and its cluster keeps its id."""
    from tests.etl_helpers import run_in_process

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(f" date 1987-02-26 NEW YORK, Feb 26 - {STORY}\n Reuter\n")
    run_in_process(raw, tmp_path / "incremental", enrich=False)
    first = _clusters(tmp_path / "incremental")["a.txt"]
    (raw / "b.txt").write_text(f" date 1987-02-26 NEW YORK, Feb 26 - {LATER}\n Reuter\n")
    run_in_process(raw, tmp_path / "incremental", enrich=False)
    run_in_process(raw, tmp_path / "at-once", enrich=False)
    got = _clusters(tmp_path / "incremental")
    assert got == _clusters(tmp_path / "at-once")
    assert got["a.txt"] == (first[0], False, "version")  # the original keeps the cluster's id
    assert got["b.txt"] == (first[0], True, None)  # ... and the later version is its primary
