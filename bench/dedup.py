"""Dedup on the shared Reuters-21578 files: copies found, near groups, precision, speed, memory.

Prints numbers, it is not a test. Each document is rebuilt as a raw story (TITLE line, then
DATELINE + BODY), cleaned and parsed by the pipeline's own code, signed, and clustered in one
batch by the same functions the flow's clustering step uses. The answer key for copies is
read independently: documents whose raw `<BODY>` is byte-identical must share a cluster.

The case for later versions without a marker (issue 28) is in `bench/dedup_versions.py`;
files reut2-014 … reut2-017 (the corpus's kept-back files) are reported apart as held-out.

    .venv/bin/python bench/dedup.py [--files 'reut2-0[0-1]*.sgm'] [--scale 100000]
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from dedup_versions import in_class, made_pairs, real_pairs, split_of
from dedup_versions import report as report_versions

from tasks.dedup.candidates import Matcher, new_edges
from tasks.dedup.cluster import assign
from tasks.dedup.clustering import CHUNK
from tasks.dedup.index import signature_of_row, signature_row
from tasks.dedup.records import Member, StorySignature, sign_stories
from tasks.dedup.signature import DedupSettings, shingles, tokens
from tasks.errors import InputRejected
from tasks.ingest.decode import clean_text
from tasks.parse.story import parse_story
from tasks.store.rows import RunInfo
from tasks.store.schemas import DEDUP_INDEX

ROOT = Path(__file__).resolve().parent.parent

REUTERS = ROOT.parent / "shared" / "corpus" / "reuters21578"
DOC = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)


def _tag(text: str, tag: str) -> str:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.S)
    return m.group(1) if m else ""


def load(pattern: str) -> list[dict]:
    docs = []
    for path in sorted(REUTERS.glob(pattern)):
        for m in DOC.finditer(path.read_text(encoding="latin-1")):
            text = _tag(m.group(2), "TEXT") or m.group(2)
            when = _tag(m.group(2), "DATE").strip()
            try:
                day = datetime.strptime(when.split(".")[0], "%d-%b-%Y %H:%M:%S").date()
            except ValueError:
                day = None
            docs.append(
                {
                    "id": f"{path.name}#{m.group(1)}",
                    "title": _tag(text, "TITLE"),
                    "raw_body": _tag(text, "BODY"),
                    "dateline": _tag(text, "DATELINE"),
                    "date": day,
                }
            )
    return docs


def parse_all(docs: list[dict]) -> tuple[list[str], list, dict[str, dict]]:
    ids, stories, by_id = [], [], {}
    for d in docs:
        if not d["raw_body"].strip():
            continue
        raw = f"{d['title']}\n\n{d['dateline']}{d['raw_body']}"
        try:
            story = parse_story(clean_text(raw), header_date=d["date"])
        except InputRejected:
            continue
        ids.append(d["id"])
        stories.append(story)
        by_id[d["id"]] = d
    return ids, stories, by_id


def cluster_all(sigs: list[StorySignature], settings: DedupSettings):
    matcher = Matcher(sigs, settings)
    edges = new_edges(matcher)
    members = {s.story_id: Member(s, first_seen=0) for s in sigs}
    return assign(members, edges, set()), edges


def exact_jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def report_quality(ids, stories, by_id, assignments, settings) -> None:
    cluster = {a.story_id: a.cluster_id for a in assignments}
    kinds = Counter(a.duplicate_kind for a in assignments if a.duplicate_kind)
    members = defaultdict(list)
    for a in assignments:
        members[a.cluster_id].append(a.story_id)
    multi = {c: m for c, m in members.items() if len(m) > 1}
    # Answer key: byte-identical <BODY> ⇒ the same story.
    same_body = defaultdict(list)
    for sid in ids:
        same_body[by_id[sid]["raw_body"]].append(sid)
    key_groups = [g for g in same_body.values() if len(g) > 1]
    key_extra = sum(len(g) - 1 for g in key_groups)
    split = [g for g in key_groups if len({cluster[s] for s in g}) > 1]
    print(f"stories parsed: {len(ids):,}; clusters: {len(members):,}; multi-member: {len(multi):,}")
    print(f"rows by duplicate_kind: {dict(kinds)} (primaries: {len(members):,})")
    print(
        f"exact-copy answer key (identical raw BODY): {len(key_groups)} groups, {key_extra} "
        f"extra copies; kept together: {len(key_groups) - len(split)}/{len(key_groups)} groups"
    )
    print(f"extra copies marked exact (same cleaned text): {kinds.get('exact', 0)}")
    edited = [
        m for m in multi.values() if any(_kind(assignments, s) in ("near", "version") for s in m)
    ]
    print(f"groups with a near/version member (near groups): {len(edited)}")
    text = dict(zip(ids, stories, strict=True))
    sh = {
        sid: set(shingles(tokens(text[sid].body), settings.shingle))
        for c in multi.values()
        for sid in c
    }
    worst = []
    for c, m in multi.items():
        low = min(exact_jaccard(sh[a], sh[b]) for i, a in enumerate(m) for b in m[i + 1 :])
        worst.append((low, c, m))
    worst.sort()
    bad = [w for w in worst if w[0] < 0.3]
    print(
        f"precision: clusters whose members share < 30% of shingles (any pair, exact Jaccard): "
        f"{len(bad)} of {len(multi)}; lowest pair in any cluster: {worst[0][0]:.3f}"
        if worst
        else "precision: no multi-member clusters"
    )
    for split in ("tuned-on", "held-out"):
        n_bad = sum(any(split_of(s) == split for s in m) for _, _, m in bad)
        n_multi = sum(any(split_of(s) == split for s in m) for m in multi.values())
        print(f"  false merges ({split} files): {n_bad} of {n_multi} multi-member clusters")
    for low, _, m in worst[:3]:
        heads = [(text[s].headline or text[s].lede)[:60] for s in m[:3]]
        print(f"  lowest {low:.3f}: {len(m)} members, e.g. {heads}")


_KIND: dict[int, dict] = {}


def _kind(assignments, sid: str) -> str | None:
    table = _KIND.setdefault(id(assignments), {a.story_id: a.duplicate_kind for a in assignments})
    return table[sid]


def signing_speed(stories, settings: DedupSettings) -> None:
    ids = [str(n) for n in range(len(stories))]
    t0 = time.process_time()
    sign_stories(ids, stories, settings)
    cpu = time.process_time() - t0
    words = sum(len(s.body.split()) for s in stories) / len(stories)
    print(
        f"signature speed (num_perm={settings.num_perm}, one core, CPU time): "
        f"{len(stories) / cpu:,.0f} stories/s ({words:.0f} words/story on average)"
    )


def scaled(sigs: list[StorySignature], n: int) -> list[StorySignature]:
    """`n` distinct stories from the real ones: new ids, MinHash values re-keyed per copy."""
    out = []
    for k in range(n):
        s = sigs[k % len(sigs)]
        salt = np.uint32((k // len(sigs)) * 2654435761 % 2**32)
        values = (np.frombuffer(s.minhash, dtype="<u4") ^ salt).astype("<u4")
        out.append(replace(s, story_id=f"x{k:08d}", text_hash=f"{k:032x}", minhash=values.tobytes(),
                           headline_key=None, slug_key=None))  # fmt: skip
    return out


def memory(sigs: list[StorySignature], n: int, settings: DedupSettings, tmp: Path) -> None:
    """What one run holds, measured on `n` stories and scaled to a million.

    The committed index is on disk and streamed a file at a time; in memory a run holds the
    state scan (a few small columns per committed story), one chunk of new stories' LSH
    (CHUNK at most) and the new stories' signatures.
    """
    big = scaled(sigs, n)
    rows = [signature_row(s, RUN) for s in big]
    table = pa.Table.from_pylist(rows, schema=DEDUP_INDEX)
    path = tmp / "dedup.parquet"
    pq.write_table(table, path, compression="zstd")
    disk = path.stat().st_size / n
    state = (
        pa.table(
            {
                "story_id": [s.story_id for s in big],
                "date": pa.array([s.date for s in big], pa.date32()),
                "cluster_id": [s.story_id for s in big],
                "is_primary": [True] * n,
                "duplicate_kind": pa.nulls(n, pa.string()),
                "similarity": [1.0] * n,
                "day": pa.array([s.date for s in big], pa.date32()),
            }
        ).nbytes
        / n
    )
    chunk = min(n, CHUNK)
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    matcher = Matcher(big[:chunk], settings)
    built = time.perf_counter() - t0
    lsh = tracemalloc.get_traced_memory()[0] / chunk
    tracemalloc.stop()
    del matcher
    small = Matcher(scaled(sigs[::7], 1000), settings)  # an incremental run: 1,000 new stories
    t0 = time.perf_counter()
    kept = 0
    for start in range(0, n, 50_000):
        batch = table.slice(start, 50_000)
        for row in batch.filter(pa.array(small.prefilter(batch))).to_pylist():
            kept += 1
            small.match(signature_of_row(row))
    stream = time.perf_counter() - t0
    print(f"memory, from {n:,} stories (per million = x {1e6 / n:g}):")
    print(
        f"  _dedup index on disk (zstd): {disk:.0f} B/story = "
        f"{disk * 1e6 / 2**20:,.0f} MiB per million"
    )
    print(
        f"  state scan held in a run: {state:.0f} B/story = "
        f"{state * 1e6 / 2**20:,.0f} MiB per million"
    )
    print(
        f"  LSH of new stories (tracemalloc, {chunk:,}-story chunk): {lsh / 1024:.1f} KiB/story; "
        f"a chunk holds at most {CHUNK:,} = {lsh * CHUNK / 2**20:,.0f} MiB, whatever the corpus"
    )
    print(f"  signatures of pending stories: ~{len(rows[0]['minhash']) + 200} B/story")
    print(
        f"streaming {n:,} committed signatures past 1,000 new ones: {stream:.1f}s "
        f"({n / stream:,.0f}/s, ≈ {1e6 / (n / stream):,.0f} s per million; {kept} rows queried)"
    )
    print(f"LSH build (under tracemalloc): {chunk / built:,.0f} stories/s")


RUN = RunInfo("bench", datetime(2026, 12, 1, tzinfo=UTC), "bench", None)


def unmarked_versions(ids, stories, by_id, settings: DedupSettings, copied: set[str]) -> None:
    """Later versions without a marker: the corpus, headlines withheld, plus made versions."""
    made = made_pairs(ids, stories, copied)
    real = real_pairs(ids, stories, by_id)
    bare = [replace(s, headline=None) for s in stories]
    later_ids = [f"later:{sid}" for sid, _ in made]
    all_ids = ids + later_ids
    sigs = sign_stories(all_ids, bare + [later for _, later in made], settings)
    t0 = time.perf_counter()
    assignments, edges = cluster_all(sigs, settings)
    print(
        f"later versions without a marker: {len(made):,} made, {len(real)} real pairs; corpus "
        f"+ made, headlines withheld, clustered in {time.perf_counter() - t0:.1f}s, "
        f"edges {dict(Counter(e.how for e in edges))}"
    )
    cluster = {a.story_id: a.cluster_id for a in assignments}
    report_versions(cluster, [(sid, f"later:{sid}") for sid, _ in made], "made, all")
    text = dict(zip(ids, stories, strict=True))
    issue = [(sid, f"later:{sid}") for sid, v in made if in_class(text[sid].body, v.body)]
    report_versions(cluster, issue, "made, J 0.6-0.85")
    report_versions(cluster, real, "real")
    texts = dict(zip(ids, bare, strict=True)) | dict(
        zip(later_ids, [v for _, v in made], strict=True)
    )
    members = defaultdict(list)
    for a in assignments:
        members[a.cluster_id].append(a.story_id)
    bad = []
    for m in members.values():
        if len(m) < 2:
            continue
        sh = [set(shingles(tokens(texts[s].body), settings.shingle)) for s in m]
        if min(exact_jaccard(x, y) for i, x in enumerate(sh) for y in sh[i + 1 :]) < 0.3:
            bad.append(m)
    print(f"  false merges in that clustering (a pair under 0.3 Jaccard): {len(bad)}")
    for m in bad[:3]:
        print(f"    e.g. {len(m)} members: {[texts[s].body[:50] for s in m[:4]]}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", default="reut2-*.sgm", help="glob under the Reuters folder")
    p.add_argument("--scale", type=int, default=100_000, help="stories for the memory run")
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--num-perm", type=int, default=128)
    p.add_argument(
        "--containment", type=float, default=DedupSettings.containment,
        help="containment rule's share (above 1: the rule off, as before issue 28)",
    )  # fmt: skip
    args = p.parse_args()
    if not REUTERS.exists():
        sys.exit(f"skipped: {REUTERS} is absent (the shared corpus)")
    settings = DedupSettings(
        threshold=args.threshold, num_perm=args.num_perm, containment=args.containment
    )
    docs = load(args.files)
    t0 = time.perf_counter()
    ids, stories, by_id = parse_all(docs)
    seconds = time.perf_counter() - t0
    print(f"{len(docs):,} documents, {len(ids):,} with a body parsed in {seconds:.1f}s")
    signing_speed(stories, settings)
    sigs = sign_stories(ids, stories, settings)
    t0 = time.perf_counter()
    assignments, edges = cluster_all(sigs, settings)
    print(
        f"clustering {len(sigs):,} stories in one batch: {time.perf_counter() - t0:.1f}s, "
        f"edges {dict(Counter(e.how for e in edges))}"
    )
    report_quality(ids, stories, by_id, assignments, settings)
    sizes = Counter(a.cluster_id for a in assignments)
    copied = {a.story_id for a in assignments if sizes[a.cluster_id] > 1}
    unmarked_versions(ids, stories, by_id, settings, copied)
    if args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            memory(sigs, args.scale, settings, Path(tmp))


if __name__ == "__main__":
    main()
