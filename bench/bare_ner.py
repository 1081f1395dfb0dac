"""The bare-NER floor as a whole process: read every story file, run the NER model on it.

What a user would write without this project: load the same NER-only pipeline, feed it the
raw text of every `.txt` / `.jsonl` story under a folder, count the entities. bench/throughput.py
runs it as a subprocess and compares wall time whole process against whole process with the
flow's CLI (`python -m flows.wire_etl`), so both pay their own start-up. Two variants:

- default: spaCy as shipped, `nlp.pipe(n_process=N)`;
- `--tuned`: the same script tuned like the project's workers, the best a user could do with
  this model: N spawned processes that each load the model once, with its matrix products on
  numpy's BLAS (`tasks.enrich.gemm.use_numpy_gemm`) and one BLAS thread per process.

Usage: .venv/bin/python bench/bare_ner.py RAW_DIR [--n-process 2] [--model NAME] [--tuned]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path

_NLP = None  # the tuned variant's model, one per worker process


def story_texts(raw: Path):
    """Every story's raw text: a .txt file is one story, a .jsonl line's `text` another."""
    for path in sorted(raw.rglob("*")):
        if path.suffix == ".txt":
            yield path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)["text"]


def _load(model: str, tuned: bool):
    import spacy

    from tasks.enrich.entities import EXCLUDED_PIPES

    nlp = spacy.load(model, exclude=EXCLUDED_PIPES)
    if tuned:
        from tasks.enrich.gemm import single_thread_blas, use_numpy_gemm

        use_numpy_gemm(nlp)
        single_thread_blas()
    return nlp


def _tuned_init(model: str) -> None:
    global _NLP
    _NLP = _load(model, tuned=True)


def _tuned_chunk(texts: list[str], batch_size: int) -> int:
    return sum(len(doc.ents) for doc in _NLP.pipe(texts, batch_size=batch_size))


def count_tuned(texts: list[str], model: str, procs: int, batch_size: int) -> int:
    """Chunks of the texts to `procs` spawned processes, in order, a few chunks each."""
    size = max(1, -(-len(texts) // (procs * 8)))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(procs, initializer=_tuned_init, initargs=(model,)) as pool:
        return sum(pool.starmap(_tuned_chunk, [(c, batch_size) for c in chunks]))


def main() -> None:
    t0 = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default=None)
    ap.add_argument("--tuned", action="store_true", help="numpy GEMM, one BLAS thread/process")
    args = ap.parse_args()
    from tasks.settings import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    texts = list(story_texts(args.raw_dir))
    if args.tuned:
        ents = count_tuned(texts, model, args.n_process, args.batch_size)
    else:
        nlp = _load(model, tuned=False)
        docs = nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size)
        ents = sum(len(doc.ents) for doc in docs)
    secs = time.perf_counter() - t0
    print(json.dumps({"stories": len(texts), "entities": ents, "seconds_in_process": secs}))


if __name__ == "__main__":
    main()
