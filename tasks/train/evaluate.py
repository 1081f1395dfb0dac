"""Exact-span precision / recall / F1 per label, in the dev file's own label scheme.

Why our own scorer and not `nlp.evaluate`: a fine-tuned pipeline still predicts labels the dev
file never marks (DATE, MONEY, ...), which spaCy would count as false positives; and a CoNLL
dev file is scored in CoNLL types (a predicted GPE, LOC or FAC is a LOC), so the numbers compare
with published CoNLL scores and with `bench/ner_eval.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tasks.train.annotations import Annotated
from tasks.train.labels import in_scheme

ALL = "ALL"  # micro average over every scored label


@dataclass
class LabelScore:
    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_row(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "precision": round(100 * self.precision, 2),
            "recall": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "support": self.tp + self.fn,
        }


def score_spans(
    gold: Iterable[Iterable[tuple[int, int, str]]],
    predicted: Iterable[Iterable[tuple[int, int, str]]],
    scheme: str,
) -> dict[str, LabelScore]:
    """Per-label counts over paired gold/predicted span lists (predicted in product labels).

    Only labels the gold data uses are scored: predictions of other labels are ignored.
    """
    pairs = [(set(g), list(p)) for g, p in zip(gold, predicted, strict=True)]
    labels = sorted({lab for g, _ in pairs for _, _, lab in g})
    scores = {lab: LabelScore(lab) for lab in labels}
    for g, p in pairs:
        mapped = {(s, e, in_scheme(lab, scheme)) for s, e, lab in p}
        mapped = {span for span in mapped if span[2] in scores}
        for span in g & mapped:
            scores[span[2]].tp += 1
        for span in mapped - g:
            scores[span[2]].fp += 1
        for span in g - mapped:
            scores[span[2]].fn += 1
    scores[ALL] = combine(scores.values(), ALL)
    return scores


def combine(parts: Iterable[LabelScore], label: str) -> LabelScore:
    """Micro average of several labels' counts ("PER+ORG+LOC")."""
    out = LabelScore(label)
    for part in parts:
        out.tp, out.fp, out.fn = out.tp + part.tp, out.fp + part.fp, out.fn + part.fn
    return out


def predict_spans(nlp: Any, texts: Iterable[str], batch_size: int = 64):
    """(start, end, label) char spans per text, in order."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def evaluate(
    nlp: Any, records: Sequence[Annotated], scheme: str, batch_size: int = 64
) -> dict[str, LabelScore]:
    """Scores of `nlp` on annotated records (run on raw text, as the ETL runs it)."""
    predicted = predict_spans(nlp, (r.text for r in records), batch_size)
    return score_spans((r.spans for r in records), predicted, scheme)
