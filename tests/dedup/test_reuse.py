"""Exact copies are enriched once (tasks.dedup.reuse)."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.dedup.reuse import enrich_once_per_text
from tasks.parse.records import ParsedStory, Quote


def _story(body: str, city: str = "Portland", speaker: str | None = "Smith") -> ParsedStory:
    quotes = [Quote(0, "We will reopen", speaker)] if speaker else []
    return ParsedStory(
        date(1987, 2, 26), date(1987, 2, 26), "REUTERS", "Reuter", city, "Ore.",
        date(1987, 2, 26), None, None, body, body, [body], quotes,
    )  # fmt: skip


class _CountingEnrich:
    """Stands in for NER: records which bodies it was asked about, names each speaker."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, batch: list[ParsedStory]) -> list[str]:
        self.seen += [s.body for s in batch]
        for s in batch:
            s.quotes[:] = [Quote(q.paragraph, q.quote, q.speaker, "John Smith") for q in s.quotes]
        return [f"entities of {s.body}" for s in batch]


@pytest.mark.parametrize(
    "stories,calls,reused",
    [
        # two deliveries of one text: one NER call
        ([_story("Mill shuts."), _story("Mill shuts.")], ["Mill shuts."], 1),
        # a different dateline place can change a label (Chennai as GPE): not a copy
        ([_story("Mill shuts."), _story("Mill shuts.", city="Salem")], ["Mill shuts."] * 2, 0),
        ([_story("Mill shuts."), _story("Mill opens.")], ["Mill shuts.", "Mill opens."], 0),
        ([], [], 0),
    ],
)
def test_ner_runs_once_per_distinct_text(stories, calls, reused) -> None:
    enrich = _CountingEnrich()
    results, n = enrich_once_per_text(stories, enrich)
    assert enrich.seen == calls and n == reused
    assert results == [f"entities of {s.body}" for s in stories]


def test_a_copy_gets_the_quote_speakers_resolved_on_the_first() -> None:
    first, copy = _story("Mill shuts."), _story("Mill shuts.")
    enrich_once_per_text([first, copy], _CountingEnrich())
    assert [q.speaker_entity for q in copy.quotes] == ["John Smith"]
