"""tasks.train.annotations: CoNLL/IOB and JSONL spans read into text + char spans, bad
annotations reported by line and left out."""

from __future__ import annotations

import json

import pytest

from tasks.train.annotations import read_annotations, read_conll, read_jsonl
from tasks.train.labels import CONLL, PRODUCT


def _ents(rec) -> list[tuple[str, str]]:
    return [(rec.text[s:e], lab) for s, e, lab in rec.spans]


CONLL_CASES = [
    # IOB1 (CoNLL-2003 as shipped): I- starts an entity after O; B- only between two of a type
    (
        ["EU NNP I-NP I-ORG", "rejects VBZ I-VP O", "German JJ I-NP I-MISC", "call NN I-NP O"],
        [("EU", "ORG"), ("German", "MISC")],
    ),
    # IOB1 B-: two adjacent LOCs are two entities ("Paris" "London")
    (["Paris NNP I-LOC", "London NNP B-LOC"], [("Paris", "LOC"), ("London", "LOC")]),
    # IOB2: B- starts every entity, I- continues it
    (["Peter B-PER", "Blackburn I-PER", "said O"], [("Peter Blackburn", "PER")]),
    # a type change with I- tags alone still splits: "U.S. Treasury" ORG after a LOC
    (["Bonn I-LOC", "Treasury I-ORG"], [("Bonn", "LOC"), ("Treasury", "ORG")]),
    # IOBES / BILUO: S- and U- are single tokens, E-/L- close an entity
    (["Rahul B-PER", "Gandhi E-PER", "Delhi S-LOC", "Kerala U-LOC"],
     [("Rahul Gandhi", "PER"), ("Delhi", "LOC"), ("Kerala", "LOC")]),
]  # fmt: skip


@pytest.mark.parametrize("lines,expected", CONLL_CASES)
def test_conll_tags_become_char_spans(lines, expected):
    got = read_conll(lines)
    assert got.problems == []
    assert got.scheme == CONLL
    assert _ents(got.records[0]) == expected


def test_conll_documents_sentences_and_a_docstart_at_the_end():
    # The shared CoNLL copy keeps the first -DOCSTART- at the file's end: the file start is a
    # boundary too, and the trailing marker opens no empty document.
    lines = [
        "A I-PER",
        "",
        "B I-ORG",
        "-DOCSTART- -X- O O",
        "",
        "C I-LOC",
        "",
        "-DOCSTART- -X- O O",
    ]
    got = read_conll(lines)
    assert [r.text for r in got.records] == ["A\nB", "C"]
    assert [r.line for r in got.records] == [1, 6]
    assert [_ents(r) for r in got.records] == [[("A", "PER"), ("B", "ORG")], [("C", "LOC")]]


BAD_CONLL = [
    # unknown entity type: the sentence is left out, its neighbours are kept
    (["ok I-PER", "", "bad I-FOO", "x O", "", "fine I-ORG"], 3, "unknown_label"),
    # a tag that is not IOB at all
    (["ok I-PER", "", "bad PER", "", "fine I-ORG"], 3, "bad_tag"),
    # a token line without a tag column
    (["ok I-PER", "", "lonely", "", "fine I-ORG"], 3, "bad_line"),
    # "?" is not a tag either
    (["ok I-PER", "", "what ?", "", "fine I-ORG"], 3, "bad_tag"),
]


@pytest.mark.parametrize("lines,line,reason", BAD_CONLL)
def test_bad_conll_sentence_is_reported_by_line_and_skipped(lines, line, reason):
    got = read_conll(lines)
    assert [(p.line, p.reason) for p in got.problems] == [(line, reason)]
    assert got.records[0].text == "ok\nfine"


def test_iob_with_product_labels_is_read_in_the_product_scheme():
    got = read_conll(["Kharge B-PERSON", "in O", "Karnataka B-GPE"])
    assert got.scheme == PRODUCT
    assert _ents(got.records[0]) == [("Kharge", "PERSON"), ("Karnataka", "GPE")]


def _line(text: str, spans) -> str:
    return json.dumps({"text": text, "spans": spans})


BAD_JSONL = [
    ("{not json", "malformed_json"),
    (json.dumps({"spans": []}), "no_text"),
    # two spans sharing "Gandhi"
    (_line("Rahul Gandhi", [{"start": 0, "end": 12, "label": "PERSON"},
                            {"start": 6, "end": 12, "label": "PERSON"}]), "overlap"),
    # end past the text
    (_line("Modi", [{"start": 0, "end": 40, "label": "PERSON"}]), "out_of_range"),
    # start after end
    (_line("Modi", [{"start": 3, "end": 1, "label": "PERSON"}]), "out_of_range"),
    (_line("BJP", [{"start": 0, "end": 3, "label": "PARTY"}]), "unknown_label"),
    (_line("BJP", [{"start": "0", "end": 3, "label": "ORG"}]), "bad_span"),
    # Prodigy keeps rejected examples in its export: not training data
    (json.dumps({"text": "BJP", "spans": [], "answer": "reject"}), "not_accepted"),
]  # fmt: skip


@pytest.mark.parametrize("bad,reason", BAD_JSONL)
def test_bad_jsonl_line_is_reported_by_line_and_skipped(bad, reason):
    good = _line("Kharge met Modi", [{"start": 0, "end": 6, "label": "PERSON"}])
    got = read_jsonl([good, "", bad, good])
    assert [(p.line, p.reason) for p in got.problems] == [(3, reason)]
    assert [r.line for r in got.records] == [1, 4]


JSONL_CASES = [
    # Prodigy shape; CoNLL types are accepted and mapped to the product's labels
    ({"text": "Kharge in Bengaluru", "spans": [{"start": 0, "end": 6, "label": "PER"},
                                             {"start": 10, "end": 19, "label": "GPE"}]},
     [("Kharge", "PERSON"), ("Bengaluru", "GPE")]),
    # doccano shape: [start, end, label] triples under "label"
    ({"text": "The BJP won", "label": [[4, 7, "ORG"]]}, [("BJP", "ORG")]),
    # a span that took the neighbouring space along is trimmed to the name
    ({"text": "Meet Kharge today", "spans": [{"start": 4, "end": 12, "label": "PERSON"}]},
     [("Kharge", "PERSON")]),
    # no spans: a sentence without names is a valid (negative) example
    ({"text": "It rained.", "spans": []}, []),
]  # fmt: skip


@pytest.mark.parametrize("obj,expected", JSONL_CASES)
def test_jsonl_spans(obj, expected):
    got = read_jsonl([json.dumps(obj)])
    assert got.problems == []
    assert _ents(got.records[0]) == expected


@pytest.mark.parametrize(
    "name,content,scheme",
    [
        ("a.jsonl", _line("Modi", [{"start": 0, "end": 4, "label": "PERSON"}]) + "\n", PRODUCT),
        # the format is sniffed from the content, not the name
        ("a.txt", "\n" + _line("Modi", []) + "\n", PRODUCT),
        ("a.conll", "-DOCSTART- -X- O O\n\nModi NNP I-NP I-PER\n", CONLL),
    ],
)
def test_read_annotations_tells_the_formats_apart(tmp_path, name, content, scheme):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    got = read_annotations(path)
    assert got.scheme == scheme
    assert got.records[0].text == "Modi"
