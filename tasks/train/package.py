"""Package a trained NER into a model directory the ETL loads by path (`--model DIR`).

From a base pipeline, the package is the base pipeline with its `ner` swapped for the trained
one: tagger, parser and lemmatizer tables stay, so the ETL's NER-only load and its case
restorer (which reads the lemmatizer tables) behave exactly as with the default model. The
directory is written beside the target and renamed into place, so a reader never sees half.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tasks.train.config import BLANK

MODEL_NAME = "wirecopy_ner"


def assemble(trained: Any, base: str) -> Any:
    """The pipeline to ship: the base pipeline with the trained `ner`, or `trained` itself."""
    if base == BLANK:
        return trained
    import spacy

    full = spacy.load(base)
    names = full.pipe_names
    at = names.index("ner") if "ner" in names else len(names)
    if "ner" in full.component_names:
        full.remove_pipe("ner")
    after = full.pipe_names[at:]
    full.add_pipe("ner", source=trained, before=after[0] if after else None)
    return full


def package(nlp: Any, out_dir: str | Path, version: str, extra: dict[str, Any]) -> Path:
    """Write `nlp` to `out_dir` with meta name/version set and our training record in meta."""
    out = Path(out_dir)
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": version,
            "description": "wirecopy NER fine-tuned/trained by flows.train_ner "
            f"(base: {extra.get('base', '?')}); see docs/training.md",
            "wirecopy": extra,
        }
    )
    tmp = out.with_name(out.name + ".tmp")
    old = out.with_name(out.name + ".old")
    for leftover in (tmp, old):
        shutil.rmtree(leftover, ignore_errors=True)
    nlp.to_disk(tmp)
    (tmp / "training.json").write_text(json.dumps(extra, indent=2, default=str) + "\n")
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return out
