"""A spaCy pipeline that fails on a marker token: a real, non-reject shard failure.

`make_poison_model(dir)` saves a blank English pipeline plus the `wirecopy_poison` component,
which raises on any text containing POISON_TOKEN. The component factory is registered when
this module is imported, so it works in the test process (`in_process=True`) and as the
entrypoint of `prefect flow-run retry ... --entrypoint tests/poison_model.py:wire_etl`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.lang.en import English
from spacy.language import Language

from flows.wire_etl import wire_etl  # noqa: F401  (re-exported as the retry entrypoint)

POISON_TOKEN = "XPOISONX"


class PoisonError(RuntimeError):
    pass


@Language.component("wirecopy_poison")
def wirecopy_poison(doc):
    if POISON_TOKEN in doc.text:
        raise PoisonError(f"{POISON_TOKEN} in a story: this shard must fail")
    return doc


def make_poison_model(where: Path) -> Path:
    nlp = English()
    nlp.add_pipe("wirecopy_poison")
    nlp.meta.update(name="poison", version="0.0.1")
    nlp.to_disk(where)
    return where
