"""stories rows carry the cleaning repairs and the geocoded dateline, through real Parquet."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tasks.enrich.rows import story_entity_columns
from tasks.ingest.records import RawRecord
from tasks.ingest.repair import repair_question_marks
from tasks.parse.rows import story_row
from tasks.parse.story import parse_story
from tasks.store.rows import RowBuffer, RunInfo
from tasks.store.schemas import STORIES

RUN = RunInfo("run1", datetime(2026, 12, 1, 3, 0, tzinfo=UTC), "1.1.0", None)


def _row(text: str) -> dict:
    cleaned, repairs = repair_question_marks(text)
    raw = RawRecord("x.txt", 0, cleaned, "utf-8", "0" * 64, repairs=tuple(repairs))
    return {**story_row(raw, parse_story(cleaned), RUN), **story_entity_columns(None, RUN)}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # damaged apostrophe + quotes: repaired text, the repairs listed, a placed dateline
        (
            "Amethi (UP), Jul 30 (PTI) ?It has been decided,? said India?s minister.",
            {"repairs": ["open_quote:?It", "close_quote:decided,?", "apostrophe:India?s"],
             "dateline_country": "IN", "dateline_admin1": "IN-UP", "n_quotes": 1},
        ),
        # multi-city dateline, credit, a capital's coordinates
        (
            "WASHINGTON/NEW YORK (Reuters) - Stocks fell.",
            {"repairs": [], "dateline_places": ["Washington", "New York"],
             "dateline_city": "Washington", "dateline_country": "US", "dateline_admin1": "US-DC"},
        ),
        # no dateline city: every place column null, lists empty
        (
            "(Reuters) - Former President Barack Obama spoke.",
            {"agency": "REUTERS", "dateline_places": [], "dateline_country": None,
             "dateline_lat": None, "dateline_geonameid": None},
        ),
    ],
)  # fmt: skip
def test_story_row_round_trips_through_parquet(tmp_path: Path, text: str, want: dict) -> None:
    buffer = RowBuffer(STORIES)
    buffer.append(_row(text))
    pq.write_table(buffer.to_table(), tmp_path / "s.parquet")
    [row] = pq.read_table(tmp_path / "s.parquet").to_pylist()
    assert {k: row[k] for k in want} == want
    assert (row["dateline_lat"] is None) == (row["dateline_geonameid"] is None)


def test_parse_and_enrich_fill_every_stories_column_exactly_once() -> None:
    raw = RawRecord("x.txt", 0, "LONDON (Reuters) - Stocks fell.", "utf-8", "0" * 64)
    parsed = story_row(raw, parse_story(raw.text), RUN)
    entities = story_entity_columns(None, RUN)
    assert not set(parsed) & set(entities)  # no column is filled by both stages
    assert sorted({**parsed, **entities}) == sorted(STORIES.names)  # none by neither
