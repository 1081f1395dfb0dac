"""tasks.train.config: the repo's config filled in, and a version that follows every input."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy

from tasks.train.config import BLANK, TrainSpec, build_config, config_hash, trained_version


@pytest.fixture
def spec(tmp_path) -> TrainSpec:
    for name in ("train.conll", "dev.conll"):
        (tmp_path / name).write_text("Modi NNP I-NP I-PER\n", encoding="utf-8")
    return TrainSpec(str(tmp_path / "train.conll"), str(tmp_path / "dev.conll"))


def _version(spec: TrainSpec, tmp_path, run: str = "a") -> str:
    config = build_config(spec, tmp_path / run / "train.spacy", tmp_path / run / "dev.spacy")
    return trained_version(spec, config)


def test_same_inputs_same_version_whatever_the_scratch_paths(spec, tmp_path):
    assert _version(spec, tmp_path, "a") == _version(spec, tmp_path, "b")


@pytest.mark.parametrize(
    "change",
    [
        lambda s, p: replace(s, seed=1),
        lambda s, p: replace(s, base=BLANK),
        lambda s, p: replace(s, max_epochs=3),
        # one more annotated token in the training file
        lambda s, p: (p / "train.conll").write_text("Modi NNP I-NP I-PER\nin IN O O\n") and s,
    ],
)
def test_any_input_change_changes_the_version(spec, tmp_path, change):
    before = _version(spec, tmp_path)
    assert _version(change(spec, tmp_path), tmp_path) != before


def test_base_model_sources_ner_and_blank_builds_it(spec, tmp_path):
    base = build_config(spec, tmp_path / "t", tmp_path / "d")
    blank = build_config(replace(spec, base=BLANK), tmp_path / "t", tmp_path / "d")
    assert base["components"]["ner"] == {"source": spec.base}
    assert blank["components"]["ner"]["factory"] == "ner"
    assert base["paths"]["train"] == str(tmp_path / "t")
    assert config_hash(base) != config_hash(blank)


def test_a_base_whose_ner_listens_to_a_shared_tok2vec_is_refused(spec, tmp_path):
    # the ETL loads NER only (tasks.enrich.entities excludes tok2vec): such a model could
    # not run there, so training it is refused up front with the reason
    base = spacy.blank("en")
    base.add_pipe("tok2vec")
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}
    base.add_pipe("ner", config={"model": {**NER_MODEL, "tok2vec": listener}})
    base.initialize()
    base.to_disk(tmp_path / "listener-base")
    with pytest.raises(ValueError, match="listens to the shared 'tok2vec'"):
        build_config(replace(spec, base=str(tmp_path / "listener-base")), tmp_path, tmp_path)


NER_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 8,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
}
