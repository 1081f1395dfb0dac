"""Training flow: annotated stories → a spaCy NER model directory the ETL uses by path.

    python -m flows.train_ner --train FILE --dev FILE --out DIR [--lang LANG] [--base MODEL|blank]
                              [--max-minutes N] [--seed N]

Tasks: read + validate annotations → DocBin → train → evaluate on dev → package (meta.json
version from data + config hashes) → Prefect artifacts (per-label P/R/F, training curve).
Orchestration only; the logic is in `tasks/train/`. Guide: docs/training.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from tasks.settings import DEFAULT_MODEL
from tasks.train.annotations import AnnotationSet, read_annotations
from tasks.train.config import (
    BLANK,
    TrainSpec,
    base_for,
    build_config,
    check_base_language,
    trained_version,
)
from tasks.train.docbin import Conversion, to_docbin
from tasks.train.evaluate import LabelScore, evaluate
from tasks.train.loop import TrainResult, train_ner
from tasks.train.package import assemble, package
from tasks.train.report import (
    MAX_PROBLEMS_SHOWN,
    markdown_report,
    problem_lines,
    score_rows,
)
from tasks.version import model_version


@task(name="read-annotations", cache_policy=NO_CACHE)
def read_and_validate(path: str) -> AnnotationSet:
    """Parse one annotation file; every bad record is logged by line and left out."""
    logger = get_run_logger()
    found = read_annotations(path)
    lines = problem_lines(found, found.problems)
    for line in lines[:MAX_PROBLEMS_SHOWN]:
        logger.warning("%s", line)
    logger.info(
        "%s: %d records, %d spans (%s), %d problems skipped",
        path,
        len(found.records),
        found.n_spans,
        found.scheme,
        len(found.problems),
    )
    if not found.records:
        raise ValueError(f"{path}: no usable annotated records")
    return found


@task(name="convert-to-docbin", cache_policy=NO_CACHE)
def convert(
    data: AnnotationSet, base: str, dest: str, rehearse: bool, lang: str = "en"
) -> Conversion:
    """DocBin on disk; with a base model, rehearse its labels the data does not cover."""
    import spacy

    from tasks.enrich.entities import load_nlp

    teacher = load_nlp(base) if base != BLANK else None
    tokenizer = teacher if teacher is not None else spacy.blank(lang)
    docbin, stats = to_docbin(data.records, data.scheme, tokenizer, teacher if rehearse else None)
    docbin.to_disk(dest)
    for line in problem_lines(data, stats.problems)[:MAX_PROBLEMS_SHOWN]:
        get_run_logger().warning("%s", line)
    get_run_logger().info(
        "%s → %s: %d docs, %d words, labels %s, %d refined, rehearsed %s",
        data.path,
        dest,
        stats.docs,
        stats.words,
        dict(stats.labels),
        stats.refined,
        dict(stats.rehearsed),
    )
    return stats


@task(name="train-ner", cache_policy=NO_CACHE)
def train(spec: TrainSpec, train_spacy: str, dev_spacy: str, dev: AnnotationSet) -> TrainResult:
    config = build_config(spec, Path(train_spacy), Path(dev_spacy))
    logger = get_run_logger()
    return train_ner(config, dev.records, dev.scheme, spec.max_minutes, log=logger.info)


@task(name="evaluate-ner", cache_policy=NO_CACHE)
def evaluate_dev(nlp: Any, dev: AnnotationSet) -> dict[str, LabelScore]:
    scores = evaluate(nlp, dev.records, dev.scheme)
    for row in score_rows(scores):
        get_run_logger().info("dev %(label)s P %(precision).2f R %(recall).2f F1 %(f1).2f", row)
    return scores


@task(name="package-model", cache_policy=NO_CACHE)
def package_model(
    spec: TrainSpec, nlp: Any, out: str, train_spacy: str, dev_spacy: str, extra: dict
) -> str:
    """Write the model directory; returns the `model_version` rows enriched with it will carry."""
    version = trained_version(spec, build_config(spec, Path(train_spacy), Path(dev_spacy)))
    package(assemble(nlp, spec.base), out, version, extra)
    return model_version(str(Path(out)))


@flow(name="train-ner")
def train_ner_flow(
    train_file: str,
    dev_file: str,
    out_dir: str,
    base: str | None = DEFAULT_MODEL,
    max_minutes: float = 30.0,
    seed: int = 0,
    max_epochs: int = 0,
    rehearse: bool = True,
    lang: str = "en",
) -> dict:
    """Train a NER model from annotated stories and package it for `flows.wire_etl --model`.

    Args:
        train_file: CoNLL-2003/IOB or JSONL-spans annotations to learn from.
        dev_file: annotations (either format) to pick the best checkpoint and report scores on.
        out_dir: model directory to write (replaced atomically if it exists).
        base: spaCy pipeline whose NER is fine-tuned, or `blank` to train from scratch; empty:
            the ETL's default model of `lang`, or blank when it has none (German).
        max_minutes: wall-clock budget of the training loop; the best dev checkpoint is kept.
        seed: random seed (same data + config + seed give the same model version).
        max_epochs: stop after this many epochs (0: only the time budget stops training).
        rehearse: with a base model, keep its labels the data does not cover (DATE, MONEY…).
        lang: the language the model reads (`de`, `fr`); register it with
            `--model LANG=<out_dir>` (docs/training.md).
    """
    lang = lang.strip().lower()
    base = base_for(lang, base)
    check_base_language(lang, base)
    spec = TrainSpec(train_file, dev_file, base, seed, max_minutes, max_epochs, lang)
    train_set = read_and_validate(train_file)
    dev_set = read_and_validate(dev_file)
    with tempfile.TemporaryDirectory(prefix="wirecopy-train-") as tmp:
        train_spacy, dev_spacy = f"{tmp}/train.spacy", f"{tmp}/dev.spacy"
        train_stats = convert(train_set, base, train_spacy, rehearse, lang)
        convert(dev_set, base, dev_spacy, False, lang)
        result = train(spec, train_spacy, dev_spacy, dev_set)
        scores = evaluate_dev(result.nlp, dev_set)
        summary = {
            "lang": lang,
            "base": base if base == BLANK else model_version(base),
            "seed": seed,
            "train_file": str(train_file),
            "dev_file": str(dev_file),
            "train_docs": train_stats.docs,
            "train_words": train_stats.words,
            "dev_docs": len(dev_set.records),
            "problems": len(train_set.problems) + len(dev_set.problems) + len(train_stats.problems),
            "epochs": result.epochs,
            "steps": result.steps,
            "seconds": result.seconds,
            "cpu_seconds": result.cpu_seconds,
            "stopped_by": result.stopped_by,
            "scores": score_rows(scores),
            "curve": [asdict(p) for p in result.curve],
        }
        version = package_model(spec, result.nlp, out_dir, train_spacy, dev_spacy, summary)
    summary |= {"model_dir": str(Path(out_dir).resolve()), "model_version": version}
    create_markdown_artifact(
        markdown_report(summary["model_dir"], version, scores, result, summary),
        key="train-ner-report",
        description="dev P/R/F per label and the training curve",
    )
    create_table_artifact(
        summary["scores"], key="train-ner-scores", description="dev P/R/F per label"
    )
    get_run_logger().info("model %s written to %s", version, summary["model_dir"])
    return summary


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m flows.train_ner",
        description="Train a NER model from annotated stories (CoNLL/IOB or JSONL spans) "
        "into a directory `python -m flows.wire_etl --model DIR` uses.",
    )
    p.add_argument("--train", required=True, help="training annotations (.conll/IOB or .jsonl)")
    p.add_argument("--dev", required=True, help="dev annotations, same formats")
    p.add_argument("--out", required=True, help="model directory to write")
    p.add_argument(
        "--lang",
        default="en",
        help="language the model reads (default en); run the ETL with --model LANG=OUT",
    )
    p.add_argument(
        "--base",
        default=None,
        help=f"pipeline whose NER is fine-tuned, or `blank` (default: the ETL's model of "
        f"--lang, {DEFAULT_MODEL} for English; blank for a language without one)",
    )
    p.add_argument("--max-minutes", type=float, default=30.0, help="training budget (30)")
    p.add_argument("--seed", type=int, default=0, help="random seed (0)")
    p.add_argument("--max-epochs", type=int, default=0, help="epoch cap (0 = time only)")
    p.add_argument(
        "--no-rehearse",
        action="store_true",
        help="do not keep the base model's labels the data does not mark (DATE, MONEY...)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        summary = train_ner_flow(
            train_file=args.train,
            dev_file=args.dev,
            out_dir=args.out,
            base=args.base,
            lang=args.lang,
            max_minutes=args.max_minutes,
            seed=args.seed,
            max_epochs=args.max_epochs,
            rehearse=not args.no_rehearse,
        )
    except Exception as exc:
        print(f"train-ner FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"model: {summary['model_dir']} ({summary['model_version']})")
    print(f"use it: python -m flows.wire_etl --model {summary['lang']}={summary['model_dir']}")
    for row in summary["scores"]:
        print("dev {label:8} P {precision:6.2f} R {recall:6.2f} F1 {f1:6.2f}".format(**row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
