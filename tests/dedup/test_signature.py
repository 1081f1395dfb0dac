"""Text hash and MinHash signatures (tasks.dedup.signature), on real Reuters-21578 copies."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections import defaultdict

import pytest

from tasks.dedup.signature import (
    DedupSettings,
    from_bytes,
    jaccard,
    shingle_values,
    shingles,
    sign_texts,
    text_hash,
    tokens,
)
from tests.conftest import ROOT, require_corpus

BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


@pytest.fixture(scope="module")
def reuters_bodies() -> list[str]:
    """Bodies of reut2-000..002 (the SGML is latin-1), entities decoded."""
    folder = require_corpus("reuters21578")
    out = []
    for name in ("reut2-000.sgm", "reut2-001.sgm", "reut2-002.sgm"):
        text = (folder / name).read_text(encoding="latin-1")
        out += [html.unescape(b) for b in BODY.findall(text)]
    return out


@pytest.mark.parametrize(
    "a,b,same",
    [
        # wrapping, spacing and case never make two deliveries differ
        ("Oil prices rose\n  on Monday.", "oil prices rose on monday", True),
        # punctuation and SGML-decoded entities are not words
        ("Shr 1.20 dlrs vs 1.10 dlrs", "Shr 1 20 dlrs vs 1 10 dlrs", True),
        ("Kharge's remark", "Kharge s remark", True),
        # one changed word is another text
        ("Oil prices rose on Monday", "Oil prices fell on Monday", False),
        # word order matters
        ("rose oil prices", "oil prices rose", False),
    ],
)
def test_text_hash_is_over_normalised_words(a, b, same) -> None:
    assert (text_hash(tokens(a)) == text_hash(tokens(b))) is same


@pytest.mark.parametrize(
    "words,k,expected",
    [
        (["a", "b", "c", "d", "e", "f"], 5, [b"a b c d e", b"b c d e f"]),
        # shorter than a shingle: the whole text is one shingle, so two short copies match
        (["net", "loss"], 5, [b"net loss"]),
        ([], 5, [b""]),
    ],
)
def test_shingles(words, k, expected) -> None:
    assert shingles(words, k) == expected


def test_real_copies_hash_alike_and_minhash_to_one(reuters_bodies) -> None:
    groups = defaultdict(list)
    for body in reuters_bodies:
        if body.strip():
            groups[body].append(body)
    copies = [g for g in groups.values() if len(g) > 1]
    assert len(copies) >= 10  # Reuters-21578 re-sends stories: the files hold real copies
    for group in copies:
        sigs = sign_texts(group)
        assert len({s.text_hash for s in sigs}) == 1
        assert jaccard(sigs[0].minhash, sigs[1].minhash) == 1.0


def test_estimate_tracks_the_true_jaccard_on_real_edits(reuters_bodies) -> None:
    """Drop a real story's last paragraph (a typical edit): the estimate stays near the truth."""
    long = [b for b in reuters_bodies if len(b.split()) > 250][:40]
    assert long
    for body in long:
        edited = body[: int(len(body) * 0.8)]
        a, b = (set(shingles(tokens(t))) for t in (body, edited))
        truth = len(a & b) / len(a | b)
        sa, sb = sign_texts([body, edited])
        assert abs(jaccard(sa.minhash, sb.minhash) - truth) < 0.15  # 128 perms: σ ≈ 0.035


def test_no_false_near_duplicate_among_real_stories(reuters_bodies) -> None:
    """Every pair the estimate puts past 0.8 truly shares most shingles (real near-copies
    exist in these files: a re-sent story with a changed figure), and no unrelated pair does."""
    bodies = sorted({b for b in reuters_bodies if len(b.split()) > 100})[:200]
    sets = [set(shingles(tokens(b))) for b in bodies]
    sigs = sign_texts(bodies)
    for i in range(len(sigs)):
        for j in range(i + 1, len(sigs)):
            if jaccard(sigs[i].minhash, sigs[j].minhash) >= 0.8:
                truth = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
                assert truth > 0.6, (bodies[i][:80], bodies[j][:80], truth)


def test_signature_round_trips_through_bytes_for_datasketch() -> None:
    (sig,) = sign_texts(["the quick brown fox jumps over the lazy dog"])
    m = from_bytes(sig.minhash)
    assert len(sig.minhash) == DedupSettings().num_perm * 4
    assert m.jaccard(from_bytes(sig.minhash)) == 1.0


def test_signatures_do_not_depend_on_the_process() -> None:
    """crc32 tokens and a fixed seed: another process (another hash seed) signs alike."""
    text = "Shr 1.20 dlrs vs 1.10 dlrs Net 4.5 mln vs 4.1 mln Revs 120 mln vs 110 mln"
    here = sign_texts([text])[0].minhash.hex()
    code = (
        "from tasks.dedup.signature import sign_texts;"
        f"print(sign_texts([{text!r}])[0].minhash.hex())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    there = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert there.stdout.strip() == here


@pytest.mark.parametrize(
    "text",
    [
        "the quick brown fox jumps over the lazy dog",
        "net loss",  # shorter than a shingle: one value
        "",
        "a b c d e a b c d e",  # a repeated shingle gives a repeated value
    ],
)
def test_shingle_values_are_one_number_per_shingle(text) -> None:
    words = tokens(text)
    values = shingle_values(words)
    by_shingle = dict(zip(shingles(words), values.tolist(), strict=True))
    assert len(values) == len(shingles(words))
    assert len(set(by_shingle.values())) == len(by_shingle)  # distinct shingles, distinct values
