"""Score quotations and their speakers against the human-annotated news articles.

Prints numbers, it is not a test. Runs the product's own path (parse_story, then
enrich_stories with the real spaCy model) on ../shared/corpus/quotes-news and compares with
the annotators' `quotes` (direct ones only) and `sources`:

  quotes    precision / recall / F1 of our `quotation`s against the direct quotes; a pair
            matches when it shares at least half of each one's words (one-to-one, best first)
  speaker   of the matched pairs, the share whose resolved speaker (`speaker_entity`, else
            `speaker` as written) names the annotators' `reference`: the same name, or the
            reference's surname with no other word (`Trudeau` for `Justin Trudeau`)
  sources   per article, the people the story quotes (`stories.n_sources`: quotations and
            reported speech resolved to a PERSON) against the annotators' `sources`, pooled
            precision / recall with the same naming rule

The annotations are read with simple, independent code (no tasks.parse.patterns).

Held out: every third article by sorted id (`ids[2::3]`, 13 of the 40) was set aside before
issue 28's speaker work began and never read while tuning; `--split tune` scores the other 27,
`--split held` the 13, `--split all` (the default) both, each on its own line.

    .venv/bin/python bench/quotes.py [--show N] [--dir PATH] [--split all|tune|held]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tasks.enrich.entities import enrich_stories
from tasks.parse.records import ParsedStory
from tasks.parse.story import parse_story

ROOT = Path(__file__).resolve().parent.parent

CORPUS = ROOT.parent / "shared" / "corpus" / "quotes-news"
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower().replace("’", "'")))


def overlaps(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


def is_match(a: Counter[str], b: Counter[str]) -> bool:
    shared = overlaps(a, b)
    return shared * 2 >= sum(a.values()) and shared * 2 >= sum(b.values()) and shared > 0


def names(found: str | None, reference: str) -> bool:
    """`found` names `reference`: equal, or one is the other's surname alone."""
    if not found:
        return False
    f = [w for w in WORD.findall(found.lower().replace("’", "'")) if w != "the"]
    r = [w for w in WORD.findall(reference.lower().replace("’", "'")) if w != "the"]
    if not f or not r:
        return False
    return f == r or (len(f) == 1 and f[-1] == r[-1]) or (len(r) == 1 and r[-1] == f[-1])


@dataclass
class Pair:
    gold: dict
    ours: object | None


def align(gold: list[dict], ours: list) -> tuple[list[Pair], list]:
    """One-to-one matching, the pairs sharing most words first."""
    gw = [words(g["quote"]) for g in gold]
    ow = [words(q.quote) for q in ours]
    cands = [
        (overlaps(gw[i], ow[j]), i, j)
        for i in range(len(gold))
        for j in range(len(ours))
        if is_match(gw[i], ow[j])
    ]
    used_g: set[int] = set()
    used_o: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands, reverse=True):
        if i in used_g or j in used_o:
            continue
        used_g.add(i)
        used_o.add(j)
        pairs.append(Pair(gold[i], ours[j]))
    pairs += [Pair(g, None) for i, g in enumerate(gold) if i not in used_g]
    spurious = [q for j, q in enumerate(ours) if j not in used_o]
    return pairs, spurious


def split_ids(ids: list[str], split: str) -> list[str]:
    """The articles of one split: `held` is every third by sorted id, `tune` the rest."""
    ordered = sorted(ids)
    held = set(ordered[2::3])
    if split == "held":
        return [i for i in ordered if i in held]
    if split == "tune":
        return [i for i in ordered if i not in held]
    return ordered


def resolved(q) -> str | None:
    return q.speaker_entity or q.speaker


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=CORPUS)
    ap.add_argument("--show", type=int, default=0, help="print up to N failures of each kind")
    ap.add_argument("--split", choices=("all", "tune", "held"), default="all")
    args = ap.parse_args()
    if not (args.dir / "annotations.json").exists():
        sys.exit(f"needs the annotated articles at {args.dir}")
    notes = json.loads((args.dir / "annotations.json").read_text(encoding="utf-8"))
    splits = ("tune", "held") if args.split == "all" else (args.split,)
    for split in splits:
        print(f"== {split}: ", end="")
        score(args.dir, notes, split_ids(list(notes), split), args.show)


def score(folder: Path, notes: dict, ids: list[str], show: int) -> None:
    t0 = time.perf_counter()
    stories: list[ParsedStory] = [
        parse_story((folder / f"{i}.txt").read_text(encoding="utf-8")) for i in ids
    ]
    ents = enrich_stories(stories)
    seconds = time.perf_counter() - t0

    tp = n_gold = n_ours = 0
    right = 0
    src_tp_p = src_tp_r = src_ours = src_gold = 0
    misses: list[str] = []
    spurious_all: list[str] = []
    wrong: list[str] = []
    src_misses: list[str] = []
    for sid, story, ent in zip(ids, stories, ents, strict=True):
        gold = [q for q in notes[sid]["quotes"] if q["direct"]]
        ours = [q for q in story.quotes if getattr(q, "kind", "quotation") == "quotation"]
        pairs, spurious = align(gold, ours)
        n_gold += len(gold)
        n_ours += len(ours)
        for p in pairs:
            if p.ours is None:
                misses.append(f"{sid} MISS {p.gold['quote'][:100]!r}")
                continue
            tp += 1
            if names(resolved(p.ours), p.gold["reference"]):
                right += 1
            else:
                wrong.append(
                    f"{sid} got {resolved(p.ours)!r} (as written {p.ours.speaker!r}) want "
                    f"{p.gold['reference']!r} ({p.gold['speaker']!r}): {p.ours.quote[:70]!r}"
                )
        spurious_all += [f"{sid} EXTRA {q.quote[:100]!r} ({q.speaker!r})" for q in spurious]
        our_sources = set(ent.sources)
        gold_sources = set(notes[sid]["sources"])
        src_ours += len(our_sources)
        src_gold += len(gold_sources)
        src_tp_p += sum(any(names(s, g) for g in gold_sources) for s in our_sources)
        src_tp_r += sum(any(names(s, g) for s in our_sources) for g in gold_sources)
        for g in gold_sources:
            if not any(names(s, g) for s in our_sources):
                src_misses.append(f"{sid} source missed {g!r} (ours {sorted(our_sources)})")
        for s in our_sources:
            if not any(names(s, g) for g in gold_sources):
                src_misses.append(f"{sid} source extra {s!r}")

    p = tp / n_ours if n_ours else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"articles {len(ids)}  ({seconds:.1f} s parse + NER + speakers)")
    print(f"quotes   gold {n_gold}  ours {n_ours}  matched {tp}")
    print(f"         precision {100 * p:.1f}  recall {100 * r:.1f}  F1 {100 * f1:.1f}")
    print(f"speaker  accuracy {100 * right / tp if tp else 0:.1f}%  ({right}/{tp} matched quotes)")
    sp = src_tp_p / src_ours if src_ours else 0.0
    sr = src_tp_r / src_gold if src_gold else 0.0
    print(f"sources  precision {100 * sp:.1f}  recall {100 * sr:.1f}  (ours {src_ours}, "
          f"gold {src_gold})")  # fmt: skip
    if show:
        for group in (misses, spurious_all, wrong, src_misses):
            for line in group[:show]:
                print(line)


if __name__ == "__main__":
    main()
