"""spaCy's own training loop (`train_while_improving`), bounded by wall time, keeping the best.

Why not `spacy.training.loop.train`: it stops on patience or step/epoch counts only, and saves
checkpoints to disk; a desk's training run must stop at a wall-clock budget and hand back the
weights of the best dev score seen, so we drive spaCy's step generator ourselves, evaluate at
every `eval_frequency` updates and at every epoch end, and snapshot the best NER in memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tasks.train.annotations import Annotated
from tasks.train.evaluate import ALL, LabelScore, evaluate

Log = Callable[[str], None]


@dataclass
class CurvePoint:
    """One dev evaluation during training."""

    step: int
    epoch: int
    seconds: float
    loss: float  # NER loss summed since the previous evaluation
    f1: float  # micro F1 over the dev labels, 0-100


@dataclass
class TrainResult:
    nlp: Any  # the trained NER pipeline, best checkpoint restored
    curve: list[CurvePoint] = field(default_factory=list)
    best: CurvePoint | None = None
    epochs: int = 0  # epochs started
    steps: int = 0  # updates made
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of this process (all threads): wall time on a busy box lies
    stopped_by: str = ""  # "time", "max_epochs", "max_steps", "patience"


def train_ner(
    config: Any,
    dev: Sequence[Annotated],
    scheme: str,
    max_minutes: float,
    log: Log = print,
) -> TrainResult:
    """Initialise from `config` (base model sourced or blank) and train until the budget ends."""
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import create_train_batches, train_while_improving
    from spacy.util import registry, resolve_dot_names
    from thinc.api import fix_random_seed

    t0, cpu0 = time.monotonic(), time.process_time()
    deadline = t0 + max_minutes * 60
    nlp = init_nlp(config)
    config = nlp.config.interpolate()
    fix_random_seed(config["training"]["seed"])
    T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    (train_corpus,) = resolve_dot_names(config, [T["train_corpus"]])
    optimizer = T["optimizer"]
    result = TrainResult(nlp)
    best_bytes: bytes | None = None

    def dev_score() -> tuple[float, dict[str, LabelScore]]:
        scores = evaluate(nlp, dev, scheme)
        return 100 * scores[ALL].f1, scores

    def checkpoint(step: int, epoch: int, loss: float, score: float | None) -> None:
        nonlocal best_bytes
        with nlp.use_params(optimizer.averages):
            if score is None:
                score = dev_score()[0]
            seconds = round(time.monotonic() - t0, 1)
            point = CurvePoint(step, epoch, seconds, round(loss, 3), round(score, 2))
            result.curve.append(point)
            if result.best is None or point.f1 > result.best.f1:
                result.best = point
                best_bytes = nlp.get_pipe("ner").to_bytes()

    steps = train_while_improving(
        nlp,
        optimizer,
        create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
        dev_score,
        dropout=T["dropout"],
        accumulate_gradient=T["accumulate_gradient"],
        patience=T["patience"],
        max_steps=T["max_steps"],
        eval_frequency=T["eval_frequency"],
        exclude=T["frozen_components"],
        annotating_components=T["annotating_components"],
        before_update=T["before_update"],
    )
    log(f"training {nlp.pipe_names} for at most {max_minutes:g} min; labels {_labels(nlp)}")
    epoch, step, loss, words = 0, 0, 0.0, 0
    result.stopped_by = "max_epochs" if T["max_epochs"] else "max_steps/patience"
    for _batch, info, _is_best in steps:
        if info["epoch"] != epoch:  # the update just made opened a new epoch
            checkpoint(step, epoch, loss, None)
            _log_epoch(log, result, epoch, words)
            epoch = info["epoch"]
        step, words = info["step"], info["words"]
        loss = float(info["losses"].get("ner", 0.0))  # summed since spaCy's last evaluation
        if info["score"] is not None and step:
            checkpoint(step, epoch, loss, info["score"])
        if time.monotonic() > deadline:
            result.stopped_by = "time"
            break
    if not result.curve or result.curve[-1].step != step:
        checkpoint(step, epoch, loss, None)
    _log_epoch(log, result, epoch, words, final=True)
    if best_bytes is not None:
        nlp.get_pipe("ner").from_bytes(best_bytes)
    result.epochs, result.steps = epoch + 1, step + 1
    result.seconds = round(time.monotonic() - t0, 1)
    result.cpu_seconds = round(time.process_time() - cpu0, 1)
    return result


def _labels(nlp: Any) -> list[str]:
    return sorted(nlp.get_pipe("ner").labels)


def _log_epoch(log: Log, result: TrainResult, epoch: int, words: int, final=False) -> None:
    last, best = result.curve[-1], result.best
    what = f"stopped ({result.stopped_by}) in epoch" if final else "epoch"
    log(
        f"{what} {epoch + 1}: step {last.step}, {words:,} words, dev F1 {last.f1:.2f} "
        f"(best {best.f1:.2f} at step {best.step}), {last.seconds:.0f} s wall, "
        f"{time.process_time():.0f} s CPU"
    )
