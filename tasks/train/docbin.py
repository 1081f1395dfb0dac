"""Annotated records → spaCy `DocBin`, in the product's labels.

Fine-tuning a pipeline on data that marks only some labels makes it forget the rest (a CoNLL
file never marks dates or amounts, so every DATE the base model knew becomes a training
error). With a base model as teacher, spans of the labels the data does not cover are taken
from the teacher where they do not touch a gold span ("pseudo-rehearsal"), and a coarse CoNLL
span (LOC, MISC) keeps the teacher's finer label when the teacher found exactly that span.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tasks.train.annotations import Annotated, Problem
from tasks.train.labels import CONLL, CONLL_TO_PRODUCT, FINER, covered_labels, product_label


@dataclass
class Conversion:
    """What went into a DocBin: counts for the run summary and the problems met."""

    docs: int = 0
    words: int = 0
    labels: Counter = field(default_factory=Counter)  # gold spans per product label
    refined: int = 0  # coarse spans given the teacher's finer label
    rehearsed: Counter = field(default_factory=Counter)  # teacher spans added, per label
    problems: list[Problem] = field(default_factory=list)


def to_docbin(
    records: Sequence[Annotated],
    scheme: str,
    nlp: Any,
    teacher: Any | None = None,
    batch_size: int = 64,
) -> tuple[Any, Conversion]:
    """DocBin of gold docs tokenised by `nlp` (the tokenizer the model will run with)."""
    from spacy.tokens import DocBin

    stats = Conversion()
    covered = covered_labels(scheme, {s[2] for r in records for s in r.spans})
    texts = [r.text for r in records]
    taught = teacher.pipe(texts, batch_size=batch_size) if teacher is not None else None
    out = DocBin(store_user_data=False)
    for record in records:
        guide = next(taught) if taught is not None else None
        doc = nlp.make_doc(record.text)
        gold = _gold_spans(doc, record, scheme, guide, stats)
        if gold is None:
            continue
        extra = _rehearsed(doc, guide, gold, covered) if guide is not None else []
        stats.rehearsed.update(s.label_ for s in extra)
        doc.set_ents(sorted(gold + extra, key=lambda s: s.start), default="outside")
        out.add(doc)
        stats.docs += 1
        stats.words += sum(not t.is_space for t in doc)
        stats.labels.update(s.label_ for s in gold)
    return out, stats


def _gold_spans(doc, record: Annotated, scheme: str, guide, stats: Conversion) -> list | None:
    """The record's spans as token spans of `doc`; None (and a problem) if one is not."""
    found = {(e.start_char, e.end_char): e.label_ for e in guide.ents} if guide else {}
    spans = []
    for start, end, label in record.spans:
        target = (CONLL_TO_PRODUCT[label] if scheme == CONLL else product_label(label)) or label
        finer = found.get((start, end))
        if scheme == CONLL and finer in FINER.get(label, ()) and finer != target:
            target = finer
            stats.refined += 1
        span = doc.char_span(start, end, label=target)
        if span is None:
            detail = f"{record.text[start:end]!r} [{start}:{end}] does not start/end on a token"
            stats.problems.append(Problem(record.line, "misaligned", detail))
            return None
        spans.append(span)
    return spans


def _rehearsed(doc, guide, gold: list, covered: frozenset[str]) -> list:
    """Teacher spans of labels the data does not cover that touch no gold token.

    `guide` and `doc` come from the same tokenizer, so token indices carry over.
    """
    from spacy.tokens import Span

    taken = {i for s in gold for i in range(s.start, s.end)}
    return [
        Span(doc, ent.start, ent.end, label=ent.label_)
        for ent in guide.ents
        if ent.label_ not in covered
        and ent.end <= len(doc)
        and not any(i in taken for i in range(ent.start, ent.end))
    ]
