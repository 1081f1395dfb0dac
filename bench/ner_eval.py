"""Exact-span NER scores on CoNLL-2003: the bare model vs our canonical layer.

Why this shape: the pipeline's value claim is "better spans than a bare `nlp.pipe`", so both
sides see exactly the same text and are scored by the same exact-span typed micro P/R/F1.

Text rebuild (documented choice): a document is its sentences joined by "\n", each sentence its
tokens joined by " ". Newlines keep headlines, bylines and sports-table rows apart the way real
wire copy has them on separate lines; joining by spaces lets spaCy glue a headline onto the
first sentence. Documents split at -DOCSTART-, and the file start is a boundary too (in this
copy the first -DOCSTART- sits at the end of the file).

Char → token mapping: a predicted span becomes the tokens it overlaps (first token containing
its start, last token containing its end - 1). Spans that do not sit on token boundaries are
counted under `misaligned`; snapping is applied to both systems alike.

Table skip (issue 16): the pipeline does not run the model on paragraphs that are only a table
of figures ("Net profit 20.318 vs 22.828"); the last table scores the documents holding such
lines, sentences as paragraphs, with the model on every line and with the skip (dF1 = 0 means
the skip loses nothing).

Usage: .venv/bin/python bench/ner_eval.py [--file eng.train] [--docs N]
"""

from __future__ import annotations

import argparse
import bisect
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from tasks.enrich.cached_ner import SpanCache, model_identity
from tasks.enrich.entities import extract_mentions, load_nlp
from tasks.enrich.segments import is_figures_line
from tasks.settings import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent

CONLL = ROOT.parent / "shared" / "corpus" / "conll2003"
# spaCy OntoNotes labels → CoNLL types; anything else (DATE, CARDINAL, ...) is dropped.
LABEL_MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    **{lab: "MISC" for lab in ("NORP", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "WORK_OF_ART")},
}
TYPES = ("PER", "ORG", "LOC", "MISC")

Span = tuple[int, int, str]  # (first token, last token exclusive, CoNLL type)


class Doc:
    """One CoNLL document rebuilt as text, with token char offsets and gold spans."""

    def __init__(self, sentences: list[list[tuple[str, str]]], sep: str = "\n") -> None:
        self.sentences = sentences
        self.starts: list[int] = []
        self.ends: list[int] = []
        tags: list[str] = []
        parts: list[str] = []
        pos = 0
        for sent in sentences:
            if parts:
                parts.append(sep)
                pos += len(sep)
            for i, (tok, tag) in enumerate(sent):
                if i:
                    parts.append(" ")
                    pos += 1
                self.starts.append(pos)
                parts.append(tok)
                pos += len(tok)
                self.ends.append(pos)
                tags.append(tag)
        self.text = "".join(parts)
        self.n_words = len(tags)
        self.gold = _iob1_spans(tags)

    def to_tokens(self, start: int, end: int) -> tuple[int, int, bool]:
        """Token span overlapped by chars [start, end), and whether it was exactly aligned."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_left(self.ends, end)
        first = max(first, 0)
        last = min(last, len(self.ends) - 1)
        aligned = self.starts[first] == start and self.ends[last] == end
        return first, last + 1, aligned


def _iob1_spans(tags: list[str]) -> set[Span]:
    """IOB1: I-X continues an entity of type X, B-X starts a new one right after another X."""
    spans: set[Span] = set()
    start, cur = None, None
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag != "O" else None
        begins = kind is not None and (kind != cur or tag.startswith("B-"))
        if cur is not None and (kind != cur or begins):
            spans.add((start, i, cur))
            cur = None
        if begins:
            start, cur = i, kind
    return spans


def read_conll(path: Path) -> list[Doc]:
    docs: list[Doc] = []
    sentences: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            if sent:
                sentences.append(sent)
            sent = []
        elif cols[0] == "-DOCSTART-":
            if sent:
                sentences.append(sent)
            sent = []
            if sentences:
                docs.append(Doc(sentences))
            sentences = []
        else:
            sent.append((cols[0], cols[-1]))
    if sent:
        sentences.append(sent)
    if sentences:
        docs.append(Doc(sentences))
    return docs


def to_spans(doc: Doc, spans: Iterable[tuple[int, int, str]], stats: Counter) -> set[Span]:
    out: set[Span] = set()
    for start, end, label in spans:
        kind = LABEL_MAP.get(label)
        if kind is None or start >= end:
            continue
        first, last, aligned = doc.to_tokens(start, end)
        stats["misaligned"] += not aligned
        out.add((first, last, kind))
    return out


def score(gold: list[set[Span]], pred: list[set[Span]]) -> dict[str, tuple[float, float, float]]:
    groups = {t: {t} for t in TYPES} | {"PER+ORG+LOC": {"PER", "ORG", "LOC"}, "all": set(TYPES)}
    res = {}
    for name, kinds in groups.items():
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            g2 = {s for s in g if s[2] in kinds}
            p2 = {s for s in p if s[2] in kinds}
            tp += len(g2 & p2)
            fp += len(p2 - g2)
            fn += len(g2 - p2)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        res[name] = (100 * prec, 100 * rec, 100 * f1)
    return res


def run_bare(docs: list[Doc], batch_size: int) -> tuple[list[set[Span]], float, Counter]:
    nlp = load_nlp()
    stats: Counter = Counter()
    t0 = time.perf_counter()
    ents = [
        [(e.start_char, e.end_char, e.label_) for e in d.ents]
        for d in nlp.pipe((d.text for d in docs), batch_size=batch_size)
    ]
    dt = time.perf_counter() - t0
    return [to_spans(d, e, stats) for d, e in zip(docs, ents, strict=True)], dt, stats


def run_ours(
    docs: list[Doc], batch_size: int, skip_tables: bool = True
) -> tuple[list[set[Span]], float, Counter]:
    stats: Counter = Counter()
    cache = SpanCache(model_identity(DEFAULT_MODEL), skip_tables=skip_tables)
    t0 = time.perf_counter()
    ments = list(extract_mentions((d.text for d in docs), batch_size=batch_size, cache=cache))
    dt = time.perf_counter() - t0
    spans = [
        to_spans(d, ((m.start, m.end, m.label) for m in ms), stats)
        for d, ms in zip(docs, ments, strict=True)
    ]
    return spans, dt, stats


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default="eng.testa", help="file under conll2003/ (eng.train = dev)")
    ap.add_argument("--docs", type=int, default=0, help="score only the first N documents")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)
    docs = read_conll(CONLL / args.file)
    if args.docs:
        docs = docs[: args.docs]
    words = sum(d.n_words for d in docs)
    load_nlp()  # load outside the timed region
    gold = [d.gold for d in docs]
    bare, t_bare, s_bare = run_bare(docs, args.batch_size)
    ours, t_ours, s_ours = run_ours(docs, args.batch_size)
    rb, ro = score(gold, bare), score(gold, ours)
    print(f"{args.file}: {len(docs)} docs, {words} words, {sum(map(len, gold))} gold spans")
    print(f"{'':12} {'bare P/R/F1':>20}   {'ours P/R/F1':>20}   dF1")
    for name in rb:
        b, o = rb[name], ro[name]
        print(
            f"{name:12} {b[0]:6.1f} {b[1]:6.1f} {b[2]:6.1f}   "
            f"{o[0]:6.1f} {o[1]:6.1f} {o[2]:6.1f}   {o[2] - b[2]:+5.1f}"
        )
    _table_skip_report(docs, args.batch_size)
    print(f"misaligned spans: bare {s_bare['misaligned']}, ours {s_ours['misaligned']}")
    wb, wo = words / t_bare, words / t_ours
    print(f"words/s: bare {wb:,.0f}  ours {wo:,.0f}  ratio {wo / wb:.2f}")


def _table_skip_report(docs: list[Doc], batch_size: int) -> None:
    """F1 with and without skipping tables of figures, sentences as paragraphs.

    The model skips a paragraph made only of table lines ("Net profit 20.318 vs 22.828"); in
    this rebuild a document is one paragraph, so the skip is measured on a second rebuild with
    a blank line between sentences (how wire bodies set table lines apart), over the
    documents that hold a table line (the others get the same segments either way).
    """
    with_tables = [
        Doc(d.sentences, sep="\n\n")
        for d in docs
        if any(is_figures_line(line) for line in d.text.split("\n"))
    ]
    if not with_tables:
        print("table-of-figures paragraphs: none in these documents")
        return
    skipped = sum(is_figures_line(line) for d in with_tables for line in d.text.split("\n\n"))
    gold = [d.gold for d in with_tables]
    every = score(gold, run_ours(with_tables, batch_size, skip_tables=False)[0])
    skip = score(gold, run_ours(with_tables, batch_size)[0])
    print(
        f"table skip: {len(with_tables)} docs with {skipped} table-of-figures lines "
        "(sentences as paragraphs)"
    )
    print(f"{'':12} {'model on every line':>20}   {'tables skipped':>20}   dF1")
    for name in every:
        e, k = every[name], skip[name]
        print(
            f"{name:12} {e[0]:6.1f} {e[1]:6.1f} {e[2]:6.1f}   "
            f"{k[0]:6.1f} {k[1]:6.1f} {k[2]:6.1f}   {k[2] - e[2]:+5.2f}"
        )


if __name__ == "__main__":
    main()
