"""Read and validate annotation files: CoNLL-2003 / IOB and JSONL spans.

Both formats become `Annotated` records (text + char-offset spans), so one conversion path
serves both. Bad annotations never stop a run: each becomes a `Problem` with its line number
and the offending record (a JSONL line, a CoNLL sentence) is left out, never half-kept, since a
record with a dropped span would teach the model that the name is not an entity.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from tasks.train.labels import CONLL, CONLL_TYPES, PRODUCT, product_label

Span = tuple[int, int, str]  # (start, end, label) char offsets; label in the file's scheme

# IOB prefixes we accept: IOB1/IOB2 (B, I) and IOBES/BILUO (E/L end, S/U single-token).
_BEGIN, _INSIDE, _END, _SINGLE = frozenset("B"), frozenset("I"), frozenset("EL"), frozenset("SU")


@dataclass(frozen=True)
class Annotated:
    """One training/dev record: a document (CoNLL) or a line (JSONL)."""

    text: str
    spans: tuple[Span, ...]
    line: int  # 1-based line of the record's start in its file


@dataclass(frozen=True)
class Problem:
    """An annotation left out, with where it was and why."""

    line: int
    reason: str  # malformed_json, no_text, bad_span, out_of_range, overlap, unknown_label, ...
    detail: str


@dataclass
class AnnotationSet:
    path: str
    scheme: str  # labels.CONLL or labels.PRODUCT
    records: list[Annotated] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def n_spans(self) -> int:
        return sum(len(r.spans) for r in self.records)

    @property
    def labels(self) -> set[str]:
        return {s[2] for r in self.records for s in r.spans}


def read_annotations(path: str | Path) -> AnnotationSet:
    """CoNLL/IOB or JSONL, told apart by the first non-blank line (`{` starts JSONL)."""
    path = Path(path)
    with path.open(encoding="utf-8", errors="replace") as fh:
        first = next((line for line in fh if line.strip()), "")
    with path.open(encoding="utf-8", errors="replace") as fh:
        if first.lstrip().startswith("{"):
            return read_jsonl(fh, str(path))
        return read_conll(fh, str(path))


# --- CoNLL / IOB --------------------------------------------------------------------------

Token = tuple[str, str, int]  # (token, tag, line number)


def read_conll(lines: Iterable[str], path: str = "<conll>") -> AnnotationSet:
    """Token per line, tag in the last column, blank line between sentences, `-DOCSTART-`
    between documents; the file start is a boundary too (some copies keep the first
    `-DOCSTART-` at the end of the file)."""
    out = AnnotationSet(path, CONLL)
    for sentences in _documents(lines, out.problems):
        record = _conll_record(sentences, out.problems)
        if record is not None:
            out.records.append(record)
    if any(lab not in CONLL_TYPES for lab in out.labels):
        out.scheme = PRODUCT  # IOB with product labels (B-PERSON, I-GPE, ...)
        out.records = [_to_product(r) for r in out.records]
    return out


def _to_product(rec: Annotated) -> Annotated:
    spans = tuple((s, e, product_label(lab) or lab) for s, e, lab in rec.spans)
    return Annotated(rec.text, spans, rec.line)


def _documents(lines: Iterable[str], problems: list[Problem]) -> Iterator[list[list[Token]]]:
    sentences: list[list[Token]] = []
    sent: list[Token] = []
    for no, raw in enumerate(lines, start=1):
        cols = raw.split()
        if not cols or cols[0] == "-DOCSTART-":
            if sent:
                sentences.append(sent)
            sent = []
            if cols and sentences:
                yield sentences
                sentences = []
            continue
        if len(cols) < 2:
            problems.append(Problem(no, "bad_line", f"no tag column: {raw.strip()[:60]!r}"))
            sent.append(("", "", no))  # no tag: the sentence is left out (reported here)
            continue
        sent.append((cols[0], cols[-1], no))
    if sent:
        sentences.append(sent)
    if sentences:
        yield sentences


def _conll_record(sentences: list[list[Token]], problems: list[Problem]) -> Annotated | None:
    """Sentences joined by "\\n", tokens by " " (how wire copy keeps lines apart)."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for sent in sentences:
        found = _sentence_spans(sent, problems)
        if found is None:
            continue
        if parts:
            parts.append("\n")
            pos += 1
        offsets = []
        for i, (tok, _, _) in enumerate(sent):
            if i:
                parts.append(" ")
                pos += 1
            offsets.append(pos)
            parts.append(tok)
            pos += len(tok)
        for first, last, label in found:
            spans.append((offsets[first], offsets[last] + len(sent[last][0]), label))
    if not parts:
        return None
    return Annotated("".join(parts), tuple(spans), sentences[0][0][2])


def _sentence_spans(sent: list[Token], problems: list[Problem]) -> list[Span] | None:
    """Token spans (first, last inclusive, type) of one sentence; None if a tag is bad."""
    spans: list[Span] = []
    start, cur = -1, None
    for i, (tok, tag, no) in enumerate(sent):
        if not tag:  # a line without a tag column, already reported
            return None
        prefix, _, kind = tag.partition("-")
        if tag == "O":
            prefix, kind = "O", ""
        elif not kind or prefix not in "BIESLU" or len(prefix) != 1:
            problems.append(Problem(no, "bad_tag", f"{tok!r} has tag {tag!r}"))
            return None
        elif product_label(kind) is None:
            problems.append(Problem(no, "unknown_label", f"{tok!r} has label {kind!r}"))
            return None
        # IOB1: I-X continues an X; after O or another type it starts one. B/S always start.
        begins = prefix != "O" and (kind != cur or prefix in _BEGIN | _SINGLE)
        if cur is not None and (prefix == "O" or begins):
            spans.append((start, i - 1, cur))
            cur = None
        if begins:
            start, cur = i, kind
        if cur is not None and prefix in _END | _SINGLE:
            spans.append((start, i, cur))
            cur = None
    if cur is not None:
        spans.append((start, len(sent) - 1, cur))
    return spans


# --- JSONL spans --------------------------------------------------------------------------


def read_jsonl(lines: Iterable[str], path: str = "<jsonl>") -> AnnotationSet:
    """`{"text": ..., "spans": [{"start", "end", "label"}]}` per line (Prodigy's shape); also
    doccano's `"label"`/`"entities"`: `[[start, end, label], ...]`."""
    out = AnnotationSet(path, PRODUCT)
    for no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        record, problem = _jsonl_record(raw, no)
        if problem is not None:
            out.problems.append(problem)
        if record is not None:
            out.records.append(record)
    return out


def _jsonl_record(raw: str, no: int) -> tuple[Annotated | None, Problem | None]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, Problem(no, "malformed_json", str(exc))
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"]:
        return None, Problem(no, "no_text", "a JSON object with a non-empty 'text' is needed")
    if obj.get("answer") in ("reject", "ignore"):
        return None, Problem(no, "not_accepted", f"annotator answer {obj['answer']!r}")
    text: str = obj["text"]
    raw_spans = obj.get("spans", obj.get("entities", obj.get("label", [])))
    if not isinstance(raw_spans, list):
        return None, Problem(no, "bad_span", "'spans' must be a list")
    spans: list[Span] = []
    for item in raw_spans:
        span, why = _one_span(item, text)
        if span is None:
            return None, Problem(no, *why)
        spans.append(span)
    spans.sort()
    for (s1, e1, l1), (s2, e2, l2) in pairwise(spans):
        if s2 < e1:
            detail = f"{text[s1:e1]!r} {l1} [{s1}:{e1}] overlaps {text[s2:e2]!r} {l2} [{s2}:{e2}]"
            return None, Problem(no, "overlap", detail)
    mapped = tuple((s, e, product_label(lab) or lab) for s, e, lab in spans)
    return Annotated(text, mapped, no), None


def _one_span(item: object, text: str) -> tuple[Span | None, tuple[str, str]]:
    if isinstance(item, dict):
        start, end, label = item.get("start"), item.get("end"), item.get("label")
    elif isinstance(item, list | tuple) and len(item) == 3:
        start, end, label = item
    else:
        return None, ("bad_span", f"not a span: {str(item)[:60]}")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
        return None, ("bad_span", f"start/end must be integers, label a string: {item}")
    if not 0 <= start < end <= len(text):
        return None, ("out_of_range", f"[{start}:{end}] outside a text of {len(text)} chars")
    if product_label(label) is None:
        return None, ("unknown_label", f"{label!r} on {text[start:end]!r}")
    # Annotation tools often take a neighbouring space along: trim it, the name is the same.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None, ("out_of_range", f"span of whitespace only at [{item}]")
    return (start, end, label), ("", "")
