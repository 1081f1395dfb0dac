"""The training report: per-label scores and the training curve as Markdown and table rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tasks.train.annotations import AnnotationSet, Problem
from tasks.train.evaluate import LabelScore
from tasks.train.loop import TrainResult

MAX_PROBLEMS_SHOWN = 50


def score_rows(scores: dict[str, LabelScore]) -> list[dict[str, Any]]:
    return [s.as_row() for s in scores.values()]


def problem_lines(annotations: AnnotationSet, problems: Iterable[Problem]) -> list[str]:
    """`FILE:LINE reason: detail`, the form editors and CI logs make clickable."""
    return [f"{annotations.path}:{p.line} {p.reason}: {p.detail}" for p in problems]


def markdown_report(
    model_dir: str,
    version: str,
    scores: dict[str, LabelScore],
    result: TrainResult,
    summary: dict[str, Any],
) -> str:
    lines = [
        f"# NER model `{version}`",
        "",
        f"Model directory: `{model_dir}` (use it with `python -m flows.wire_etl --model "
        f"{model_dir}` or `WIRECOPY_SPACY_MODEL={model_dir}`).",
        "",
        f"Base `{summary['base']}`, seed {summary['seed']}; {summary['train_docs']} training "
        f"records ({summary['train_words']:,} words), {summary['dev_docs']} dev records; "
        f"{summary['problems']} annotation problems skipped.",
        f"Trained {result.epochs} epochs / {result.steps} updates in {result.seconds:.0f} s "
        f"wall, {result.cpu_seconds:.0f} s CPU (stopped by {result.stopped_by}); "
        f"best dev F1 {result.best.f1:.2f} at step {result.best.step}.",
        "",
        "## Dev scores (exact spans)",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in score_rows(scores):
        lines.append(
            f"| {row['label']} | {row['precision']:.2f} | {row['recall']:.2f} | "
            f"{row['f1']:.2f} | {row['support']} |"
        )
    lines += [
        "",
        "## Training curve",
        "",
        "| step | epoch | seconds | loss | dev F1 |",
        "|---:|---:|---:|---:|---:|",
    ]
    for p in result.curve:
        mark = " (best)" if p is result.best else ""
        lines.append(
            f"| {p.step} | {p.epoch + 1} | {p.seconds:.0f} | {p.loss:.1f} | {p.f1:.2f}{mark} |"
        )
    return "\n".join(lines) + "\n"
