"""Resolution from state, batch after batch, on corpora the rules of issues 27 and 28 act on.

First names ("Rahul" → "Rahul Gandhi"), teams' nicknames ("Giants") and one place in several
languages ("Wien", "Vienne") read keys that the touched ones reach through a lone word: the
full names such a word reads are context (tasks.enrich.neighbours.closure), promoted when a
group reaches them. Each corpus is delivered in five batches, in story order and shuffled,
through the real inbox and state on Parquet; after every batch the catalog must be what
resolving every committed row gives (tests.enrich.test_resolve_state._oracle).
"""

from __future__ import annotations

import random

import pytest

from tests.enrich.test_neighbours import NEW_RULES, _random_corpus_27_28
from tests.enrich.test_resolve_state import _catalog, _deliver, _oracle, _resolve
from tests.enrich.test_resolve_state import store as store


def _batches(rows: list[dict], n: int, seed: int | None) -> list[list[dict]]:
    """The rows in `n` batches of whole stories: in story order, or shuffled with `seed`."""
    stories = sorted({r["story_id"] for r in rows})
    if seed is not None:
        random.Random(seed).shuffle(stories)
    of = {sid: i * n // len(stories) for i, sid in enumerate(stories)}
    return [[r for r in rows if of[r["story_id"]] == b] for b in range(n)]


CORPORA = {
    **NEW_RULES,
    "random-5": _random_corpus_27_28(5),
    "random-6": _random_corpus_27_28(6, stories=120),
}


@pytest.mark.parametrize("order", [None, 7], ids=["in-order", "shuffled"])
@pytest.mark.parametrize("name", list(CORPORA))
def test_batch_after_batch_equals_resolving_every_row(store, name, order) -> None:
    committed: list[dict] = []
    for batch in _batches(CORPORA[name], 5, order):
        if not batch:
            continue
        _deliver(store, batch)
        committed += batch
        _resolve(store)
        assert _catalog(store) == _oracle(committed), name


def test_new_rules_resolve_every_stored_key_once(store, monkeypatch) -> None:
    """The rules' code changed between runs (an upgrade): the next run resolves every key
    from the stored evidence, links computed afresh, and its catalog is what resolving every
    row gives; the run after is incremental again."""
    import tasks.enrich.entity_state as entity_state
    import tasks.enrich.resolve as resolve

    committed: list[dict] = []
    rows = CORPORA["random-6"]
    batches = _batches(rows, 3, 11)
    for batch in batches[:2]:
        _deliver(store, batch)
        committed += batch
        _resolve(store)
    upgraded = "new-rules"
    monkeypatch.setattr(entity_state, "rules_version", lambda: upgraded)
    monkeypatch.setattr(resolve, "rules_version", lambda: upgraded)
    _deliver(store, batches[2])
    committed += batches[2]
    summary = _resolve(store)
    assert summary["rebuilt"] == "every key resolved again: the resolution rules changed"
    assert _catalog(store) == _oracle(committed)
    assert _resolve(store)["rebuilt"] == ""  # stamped with the new rules: nothing to redo
