"""The model is loaded only when a segment misses the NER cache (re-processing never loads it).

Each test starts from a "fresh process" as far as tasks.enrich.entities knows: no pipeline
and no lexicon in memory, and its own per-user cache folder.
"""

from __future__ import annotations

import pytest

from tasks.enrich import entities
from tasks.enrich.cached_ner import SpanCache, model_identity
from tasks.enrich.truecase import Lexicon
from tasks.settings import DEFAULT_MODEL
from tasks.store import user_cache
from tests.conftest import SEED_STORY, require_corpus

# Upper-case copy (a wire "flash"): its cache keys are of the case-restored text, so a
# lexicon read from disk that differed from the model's would make these segments miss.
FLASH = (
    "NEW DELHI, MARCH 23 (ANI): CONGRESS PRESIDENT SONIA GANDHI MET PARTY LEADERS IN NEW DELHI\n\n"
    "THE TERRORISTS ATTACKED THE EMBASSY IN SAN SALVADOR YESTERDAY, THE MINISTRY SAID."
)


@pytest.fixture
def fresh_process(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(user_cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(entities, "_NLP", {})
    monkeypatch.setattr(entities, "_LEXICON", {})


def _texts() -> list[str]:
    require_corpus("seed", SEED_STORY.name)
    return [SEED_STORY.read_text(encoding="utf-8"), FLASH]


def _run(texts: list[str], cache: SpanCache) -> list[list[tuple]]:
    return [
        [(m.entity, m.label, m.start, m.end, m.display) for m in mentions]
        for mentions in entities.extract_mentions(texts, cache=cache)
    ]


def test_a_run_served_by_the_cache_never_loads_the_model(fresh_process, monkeypatch) -> None:
    texts = _texts()
    first = SpanCache(model_identity(DEFAULT_MODEL))
    expected = _run(texts, first)  # loads the model; its lexicon goes to the disk cache
    assert first.misses > 0 and entities._NLP

    monkeypatch.setattr(entities, "_NLP", {})  # a new worker process: same disk cache
    monkeypatch.setattr(entities, "_LEXICON", {})
    committed = dict(first.new)
    again = SpanCache(
        model_identity(DEFAULT_MODEL),
        fetch=lambda keys: {k: committed[k] for k in keys if k in committed},
    )
    assert _run(texts, again) == expected
    assert again.misses == 0 and again.hits == first.misses + first.reused  # every segment
    assert entities._NLP == {}  # ... and the model was never loaded


def test_a_miss_loads_the_model_after_all(fresh_process) -> None:
    texts = _texts()
    expected = _run(texts, SpanCache(model_identity(DEFAULT_MODEL)))
    entities._NLP.clear()
    entities._LEXICON.clear()
    cache = SpanCache(model_identity(DEFAULT_MODEL))  # nothing committed: every segment misses
    assert _run(texts, cache) == expected and cache.misses > 0
    assert DEFAULT_MODEL in entities._NLP


def test_the_lexicon_from_disk_is_the_models(fresh_process) -> None:
    entities.load_nlp(None)
    from_model = entities._LEXICON[DEFAULT_MODEL][1]
    entities._NLP.clear()
    entities._LEXICON.clear()
    from_disk = entities.lexicon(None)
    assert entities._NLP == {}  # read from the disk cache, the model not loaded
    for field in ("stop", "closed", "nouns", "adjectives", "verbs"):
        assert getattr(from_disk, field) == getattr(from_model, field), field
    # `seen` is the snapshot of the model's string store taken when it was loaded
    assert from_disk.seen.__self__ == from_model.seen.__self__


def test_without_a_cached_lexicon_the_model_is_loaded(fresh_process) -> None:
    lex = entities.lexicon(None)  # an empty cache folder: the model is loaded for it
    assert DEFAULT_MODEL in entities._NLP and entities._LEXICON[DEFAULT_MODEL][1] is lex


def test_a_damaged_lexicon_entry_is_rebuilt_once(fresh_process) -> None:
    entities.load_nlp(None)  # writes the entry
    path = entities._lexicon_file(DEFAULT_MODEL)
    path.write_bytes(b"not a pickle")  # a killed writer, a full disk
    entities._NLP.clear()
    entities._LEXICON.clear()
    entities.lexicon(None)  # unreadable: the model is loaded for the lists ...
    assert DEFAULT_MODEL in entities._NLP
    assert user_cache.read_cached(path, Lexicon) is not None  # ... and the entry rewritten
