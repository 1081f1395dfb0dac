"""The dedup bench's case for later versions without a marker (issue 28), on Reuters-21578.

Two sets of pairs, each scored as "kept together" (one cluster) after the whole corpus plus the
pairs are clustered in one batch by the flow's own functions:

- made: every story of 40–120 words gets a later version written the way the real ones in
  the corpus are (reut2-015 #15432 → #15483, reut2-012 #12369 → #12392): a word of the lede
  dropped ("today", "that has occurred") and a paragraph added after the first one (a real
  news sentence from AG News, so the addition ties the version to no other story). The later
  version has no version marker and a rewritten headline, so only its text can tie it to the
  first; its Jaccard to the first lands at 0.45–0.85, under the 0.8 threshold.
- real: pairs the corpus itself holds: the same headline within two days, the shorter body
  40–120 words, Jaccard 0.4–0.8, the longer grown by a paragraph (10 shingles) and holding
  ≥ 80% of the shorter's shingles (exact sets). Scored with headlines withheld. Pairs under
  0.4 are left out: a brief inside a story four times its length shares under 0.3 of it,
  and merging it would be a false merge by the precision rule above.

The made pairs are scored twice: all of them, and those in the class as issue 28 describes
it (exact Jaccard 0.6–0.85: a short story whose later version rewords the lede and adds a
paragraph); pairs under 0.6 (a long paragraph added to a 40-word story) are harder.

Files reut2-014 … reut2-017 are the corpus's kept-back files: they were held out of tuning;
every figure is printed for the tuned-on files and the held-out files apart.
"""

from __future__ import annotations

import csv
import html
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from tasks.dedup.signature import shingles, tokens

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
HELD_OUT = ("reut2-014", "reut2-015", "reut2-016", "reut2-017")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"'])\.\s+(?=[A-Z\"])")


def split_of(story_id: str) -> str:
    return "held-out" if story_id.startswith(HELD_OUT) else "tuned-on"


def _first_sentence(text: str) -> str:
    para = text.split("\n\n", 1)[0]
    m = _SENTENCE_END.search(para)
    return para[: m.start() + 1] if m else para


def later_version(body: str, added: str) -> str:
    """A word of the lede dropped, a paragraph inserted after the first paragraph."""
    paras = body.split("\n\n")
    lede = paras[0].split(" ")
    if len(lede) > 6:
        del lede[len(lede) // 2]
    return "\n\n".join([" ".join(lede), added, *paras[1:]])


def added_paragraphs() -> list[str]:
    """News sentences of 12–40 words from AG News descriptions (another source, other years)."""
    out = []
    with (CORPUS / "agnews" / "test.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            text = " ".join(html.unescape(row[2].replace("#36;", "$").replace("\\", " ")).split())
            for sentence in _SENTENCE_END.split(text):
                if 12 <= len(sentence.split()) <= 40:
                    out.append(sentence.rstrip(".") + ".")
    return sorted(set(out), key=out.index)


def made_pairs(
    ids: list[str], stories: list, copied: set[str] = frozenset()
) -> list[tuple[str, object]]:
    """(id of the first version, the later version as a parsed story) for 40–120-word stories.

    Stories in `copied` (in a cluster of copies already) get none: two later versions of one
    story, each adding its own paragraph, belong together but share under 0.3 of their text,
    and would read as a false merge."""
    extra = added_paragraphs()
    out = []
    seen: set[str] = set()  # one later version per text: copies of a story share it
    for sid, story in zip(ids, stories, strict=True):
        words = tokens(story.body)
        key = " ".join(words)
        if not 40 <= len(words) <= 120 or len(out) >= len(extra) or key in seen or sid in copied:
            continue
        seen.add(key)
        body = later_version(story.body, extra[len(out)])  # each pair its own sentence
        out.append((sid, replace(story, body=body, headline=None)))
    return out


def _exact(a: str, b: str) -> tuple[float, float, int, int]:
    sa, sb = set(shingles(tokens(a))), set(shingles(tokens(b)))
    inter = len(sa & sb)
    return inter / len(sa | sb), inter / min(len(sa), len(sb)), len(sa), len(sb)


def real_pairs(ids: list[str], stories: list, by_id: dict) -> list[tuple[str, str]]:
    """Same headline within two days, the shorter 40–120 words, grown and contained."""
    by_title: dict[str, list[int]] = defaultdict(list)
    for n, sid in enumerate(ids):
        by_title[by_id[sid]["title"].strip()].append(n)
    out = []
    for title, group in by_title.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                da, db = by_id[ids[a]]["date"], by_id[ids[b]]["date"]
                if not title or not da or not db or abs((da - db).days) > 2:
                    continue
                ta, tb = stories[a].body, stories[b].body
                short = min(len(tokens(ta)), len(tokens(tb)))
                if not 40 <= short <= 120:
                    continue
                j, c, na, nb = _exact(ta, tb)
                if 0.4 <= j < 0.8 and c >= 0.8 and max(na, nb) >= min(na, nb) + 10:
                    out.append((ids[a], ids[b]))
    return out


def in_class(first: str, later: str) -> bool:
    """Exact Jaccard 0.6–0.85: the later versions issue 28 describes."""
    return 0.6 <= _exact(first, later)[0] < 0.85


def report(cluster: dict[str, str], pairs: list[tuple[str, str]], label: str) -> None:
    """Kept-together share per split (a pair belongs to its first story's file)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in pairs:
        t = tally[split_of(a)]
        t[0] += cluster[a] == cluster[b]
        t[1] += 1
    for split in ("tuned-on", "held-out"):
        kept, n = tally[split]
        share = f"{100 * kept / n:.1f}%" if n else "n/a"
        print(f"  {label} {split}: kept together {kept}/{n} = {share}")
