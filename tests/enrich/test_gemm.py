"""tasks.enrich.gemm: numpy's BLAS for the model's matrix products, with the same entities."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import spacy

from tasks.enrich.entities import EXCLUDED_PIPES, load_nlp
from tasks.enrich.gemm import use_numpy_gemm
from tasks.settings import DEFAULT_MODEL
from tests.conftest import ROOT, SEED_STORY, require_corpus

BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def _real_texts() -> list[str]:
    """The seed story and the first 300 Reuters bodies: prose, tables, shouted headlines."""
    require_corpus("seed", SEED_STORY.name)
    sgml = require_corpus("reuters21578", "reut2-000.sgm").read_text(encoding="latin-1")
    bodies = [html.unescape(b) for b in BODY.findall(sgml)[:300]]
    return [SEED_STORY.read_text(encoding="utf-8"), *bodies]


def test_loaded_model_uses_numpy_gemm_and_finds_the_same_entities() -> None:
    nlp = load_nlp()
    layers = list(nlp.get_pipe("ner").model.walk())
    assert layers and not any(node.ops.use_blis for node in layers)
    default = spacy.load(DEFAULT_MODEL, exclude=EXCLUDED_PIPES)  # spaCy's own ops: BLIS
    assert all(node.ops.use_blis for node in default.get_pipe("ner").model.walk())
    texts = _real_texts()

    def ents(model) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in model.pipe(texts)]

    theirs, ours = ents(default), ents(nlp)
    assert sum(map(len, theirs)) > 3000  # the texts hold entities to compare
    assert ours == theirs


def test_use_numpy_gemm_skips_components_without_a_model() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # no thinc model: nothing to switch, nothing to break
    assert use_numpy_gemm(nlp) == 0


def test_single_thread_blas_limits_numpys_blas() -> None:
    """Run in a fresh process: the limit lasts for the process that sets it."""
    code = (
        "from tasks.enrich.gemm import single_thread_blas\n"
        "from threadpoolctl import threadpool_info\n"
        "single_thread_blas()\n"
        "blas = [i for i in threadpool_info() if i['user_api'] == 'blas']\n"
        "print(len(blas), max(i['num_threads'] for i in blas))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    libraries, most_threads = map(int, run.stdout.split())
    assert libraries >= 1  # numpy's OpenBLAS at least
    assert most_threads == 1
