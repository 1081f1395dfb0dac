"""tasks.train.package: a model directory the ETL loads by path, its version read from disk."""

from __future__ import annotations

import json

import spacy

from tasks.enrich.entities import load_nlp
from tasks.settings import DEFAULT_MODEL
from tasks.train.config import BLANK
from tasks.train.package import MODEL_NAME, assemble, package
from tasks.version import model_version


def _blank_ner():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("PERSON")
    nlp.initialize()
    return nlp


def test_retraining_into_the_same_directory_gives_a_new_version_and_a_reload(tmp_path):
    out = tmp_path / "model"
    package(_blank_ner(), out, "aaaaaaaaaaaa", {"base": BLANK})
    first, first_nlp = model_version(str(out)), load_nlp(str(out))
    package(_blank_ner(), out, "bbbbbbbbbbbb", {"base": BLANK})
    assert first == f"en_{MODEL_NAME}-aaaaaaaaaaaa"
    assert model_version(str(out)) == f"en_{MODEL_NAME}-bbbbbbbbbbbb"
    # a long-lived process (tests, a notebook, in-process shards) loads the new weights
    assert load_nlp(str(out)) is not first_nlp
    assert json.loads((out / "training.json").read_text()) == {"base": BLANK}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no .tmp / .old left


def test_assemble_swaps_the_ner_into_the_base_pipeline():
    trained = _blank_ner()
    full = assemble(trained, DEFAULT_MODEL)
    base = spacy.load(DEFAULT_MODEL)
    assert full.pipe_names == base.pipe_names and full.component_names == base.component_names
    assert full.get_pipe("ner").labels == ("PERSON",)
    assert assemble(trained, BLANK) is trained
