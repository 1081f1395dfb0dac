"""The training flow end to end on a handful of self-written sentences, then the ETL with the
trained model by path: real Prefect, real spaCy training, real Parquet read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pyarrow.dataset as ds
import pytest

from flows.train_ner import train_ner_flow
from flows.wire_etl import wire_etl
from tasks.settings import DEFAULT_MODEL
from tasks.version import model_version
from tests.conftest import RAW_SAMPLES, ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")

# CoNLL-2003 layout (IOB1, token POS chunk NER), -DOCSTART- at the end as in the shared copy.
TRAIN_CONLL = """\
Mallikarjun NNP I-NP I-PER
Kharge NNP I-NP I-PER
met VBD I-VP O
Narendra NNP I-NP I-PER
Modi NNP I-NP I-PER
in IN I-PP O
New NNP I-NP I-LOC
Delhi NNP I-NP I-LOC
on IN I-PP O
Monday NNP I-NP O
. . O O

The DT O O
Bharatiya NNP I-NP I-ORG
Janata NNP I-NP I-ORG
Party NNP I-NP I-ORG
won VBD O O
12 CD O O
seats NNS O O
in IN O O
Kerala NNP I-NP I-LOC
. . O O

Indian JJ O I-MISC
voters NNS O O
backed VBD O O
the DT O O
Samajwadi NNP O I-ORG
Party NNP O I-ORG
in IN O O
Lucknow NNP O I-LOC
. . O O

This DT O O
line NN O BAD-TAG
is VBZ O O
skipped VBN O O
. . O O

-DOCSTART- -X- O O
"""
DEV_JSONL = [
    {"text": "Rahul Gandhi spoke in Chennai.",
     "spans": [{"start": 0, "end": 12, "label": "PERSON"},
               {"start": 22, "end": 29, "label": "GPE"}]},
    {"text": "The Congress met in Mumbai.",
     "spans": [{"start": 4, "end": 12, "label": "ORG"},
               {"start": 20, "end": 26, "label": "GPE"}]},
    # overlapping spans: reported by line and left out
    {"text": "Amit Shah", "spans": [{"start": 0, "end": 9, "label": "PERSON"},
                                 {"start": 5, "end": 9, "label": "PERSON"}]},
]  # fmt: skip


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("train")
    (tmp / "train.conll").write_text(TRAIN_CONLL, encoding="utf-8")
    (tmp / "dev.jsonl").write_text("\n".join(json.dumps(d) for d in DEV_JSONL) + "\n")
    out = tmp / "model"
    summary = train_ner_flow(
        train_file=str(tmp / "train.conll"),
        dev_file=str(tmp / "dev.jsonl"),
        out_dir=str(out),
        max_minutes=2,
        max_epochs=4,
    )
    return tmp, out, summary


def test_model_directory_carries_a_version_from_data_and_config(trained):
    _, out, summary = trained
    meta = json.loads((out / "meta.json").read_text())
    assert meta["name"] == "wirecopy_ner"
    assert (
        summary["model_version"] == model_version(str(out)) == f"en_wirecopy_ner-{meta['version']}"
    )
    assert summary["model_version"] != model_version(DEFAULT_MODEL)
    assert summary["problems"] == 2  # the BAD-TAG sentence and the overlapping JSONL line
    assert summary["train_docs"] == 1 and summary["dev_docs"] == 2
    assert {r["label"] for r in summary["scores"]} == {"PERSON", "ORG", "GPE", "ALL"}
    assert [p["step"] for p in summary["curve"]] == sorted(p["step"] for p in summary["curve"])
    assert summary["epochs"] == 4 and summary["stopped_by"] == "max_epochs"
    # fine-tuned from the default pipeline: the rest of it ships too (the ETL's case
    # restorer reads the lemmatizer tables), and the base model's labels are all still there
    assert (out / "lemmatizer" / "lookups" / "lookups.bin").is_file()
    assert {"DATE", "MONEY", "PERSON", "GPE"} <= set(meta["labels"]["ner"])


def _rows(out, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


def test_etl_uses_the_model_by_path_and_redoes_only_what_the_old_model_enriched(trained, tmp_path):
    _, model_dir, summary = trained
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    first = wire_etl(raw_dir=str(raw), out_dir=str(out), task_runner="in-process")
    second = wire_etl(
        raw_dir=str(raw), out_dir=str(out), model=str(model_dir), task_runner="in-process"
    )
    # every story is re-enriched with the new model; the reject never reached a model
    assert second["inputs"]["new"] == first["inputs"]["stories"]
    assert second["inputs"]["unchanged"] == first["inputs"]["rejected"]
    stories = _rows(out, "stories")
    assert {r["model_version"] for r in stories} == {summary["model_version"]}
    assert {r["model_version"] for r in _rows(out, "entities")} == {summary["model_version"]}
    third = wire_etl(
        raw_dir=str(raw), out_dir=str(out), model=str(model_dir), task_runner="in-process"
    )
    assert third["inputs"]["new"] == 0


def test_environment_variable_selects_the_model_directory(trained):
    _, model_dir, summary = trained
    code = (
        "from tasks.settings import DEFAULT_MODEL; from tasks.version import model_version; "
        "print(model_version(DEFAULT_MODEL))"
    )
    env = {**os.environ, "WIRECOPY_SPACY_MODEL": str(model_dir), "PYTHONPATH": str(ROOT)}
    got = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert got.stdout.strip() == summary["model_version"]


def test_artifacts_carry_the_scores_and_the_curve(trained):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, _, summary = trained
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["train-ner-report", "train-ner-scores"])
            )
        )
    by_key = {a.key: a for a in arts}
    report = by_key["train-ner-report"]
    assert report.type == "markdown"
    for part in (summary["model_version"], "| PERSON |", "| GPE |", "Training curve", "(best)"):
        assert part in report.data, f"{part!r} missing from:\n{report.data}"
    assert by_key["train-ner-scores"].type == "table"


# A German model from scratch (no German base is installed): two sentences, JSONL spans.
GERMAN_JSONL = [
    {"text": "Olaf Scholz sprach am Montag in Hamburg.",
     "spans": [{"start": 0, "end": 11, "label": "PERSON"},
               {"start": 32, "end": 39, "label": "GPE"}]},
    {"text": "Die Bundesbank warnte in Frankfurt vor Risiken.",
     "spans": [{"start": 4, "end": 14, "label": "ORG"},
               {"start": 25, "end": 34, "label": "GPE"}]},
]  # fmt: skip
GERMAN_STORY = (
    "Hamburg (dpa) - Olaf Scholz hat am Montag in Hamburg mit der Bundesbank über die Risiken "
    "der Inflation gesprochen. Die Bundesbank warnte in Frankfurt vor neuen Belastungen."
)


def test_a_model_trained_for_another_language_plugs_into_the_registry(tmp_path):
    data = tmp_path / "de.jsonl"
    data.write_text("\n".join(json.dumps(d) for d in GERMAN_JSONL) + "\n", encoding="utf-8")
    out = tmp_path / "de-model"
    summary = train_ner_flow(
        train_file=str(data), dev_file=str(data), out_dir=str(out), lang="de",
        base=None, max_minutes=1, max_epochs=2,
    )  # fmt: skip
    meta = json.loads((out / "meta.json").read_text())
    assert meta["lang"] == "de" and summary["base"] == "blank"  # no German base: blank
    assert summary["model_version"] == model_version(str(out))
    assert summary["model_version"].startswith("de_wirecopy_ner-")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "de.txt").write_text(GERMAN_STORY, encoding="utf-8")
    shutil.copy(RAW_SAMPLES / "reuters" / "portland-sawmill.txt", raw / "en.txt")
    wire_etl(raw_dir=str(raw), out_dir=str(tmp_path / "out"), model=f"de={out}",
             task_runner="in-process")  # fmt: skip
    by_language = {r["language"]: r["model_version"] for r in _rows(tmp_path / "out", "stories")}
    # the German story is read by the German model, the English one by the default
    assert by_language == {"de": summary["model_version"], "en": model_version(DEFAULT_MODEL)}


def test_a_base_of_another_language_is_refused(tmp_path):
    with pytest.raises(ValueError, match="is a 'en' pipeline, not 'de'"):
        train_ner_flow(
            train_file="x", dev_file="x", out_dir=str(tmp_path), lang="de", base=DEFAULT_MODEL
        )
