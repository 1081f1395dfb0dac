"""Corpus building, process-tree RSS sampling and the bare-NER floor for bench/throughput.py.

Kept apart so the bench script reads as the list of measurements it takes.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STORIES_PER_FILE = 250  # a feed file: 2 files make one default shard

# Quiet, private, and a throwaway Prefect home (its migration is part of the fixed cost).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# A fresh home migrates its SQLite first; on two busy cores that can exceed the 20 s default.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


# --- corpus ----------------------------------------------------------------------------------


def base_stories() -> list[dict]:
    """Real stories: Reuters DATELINE + BODY (train files), indian-wire, the seed."""
    if not CORPUS.exists():
        sys.exit(f"needs the shared corpus at {CORPUS}")
    out: list[dict] = []
    for path in sorted(CORPUS.glob("reuters21578/reut2-0[01][0-9].sgm"))[:14]:
        sgml = path.read_text(encoding="latin-1")
        for doc in re.findall(r"<REUTERS.*?</REUTERS>", sgml, re.S):
            dl = re.search(r"<DATELINE>(.*?)</DATELINE>", doc, re.S)
            body = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
            if dl and body:
                text = CONTROL.sub("", html.unescape(dl.group(1) + body.group(1)))
                out.append({"text": text, "agency": "REUTERS"})
    for path in [CORPUS / "seed" / "ani-2022-03-23.txt", *sorted(CORPUS.glob("indian-wire/*.txt"))]:
        out.append({"text": path.read_text(encoding="utf-8")})
    return out


def build_corpus(n: int, dest: Path) -> int:
    """N stories as .jsonl feeds of STORIES_PER_FILE lines; returns the number of files."""
    base = base_stories()
    dest.mkdir(parents=True, exist_ok=True)
    files = 0
    for start in range(0, n, STORIES_PER_FILE):
        lines = []
        for i in range(start, min(n, start + STORIES_PER_FILE)):
            story = base[i % len(base)]
            lines.append(json.dumps({"id": f"bench-{i:07d}-r{i // len(base)}", **story}))
        sub = dest / f"feed-{start // 10_000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"wire-{start // STORIES_PER_FILE:05d}.jsonl").write_text("\n".join(lines) + "\n")
        files += 1
    return files


# --- memory sampling ---------------------------------------------------------------------------


class TreeRSS:
    """Peak RSS of this process + all descendants, sampled in a thread (psutil)."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._psutil, self.interval = psutil, interval
        self.peak, self.peak_parts = 0, {}
        self._cpu0: dict[int, float] = {}  # CPU seconds of each process when first seen
        self._cpu1: dict[int, float] = {}  # and when last seen
        self._started = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        me = self._psutil.Process()
        parts: dict[str, int] = {}
        for proc in [me, *me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
                cmd = " ".join(proc.cmdline())
                times = proc.cpu_times()  # own user + system only: reaped children's
                cpu = times.user + times.system  # times are counted as the children themselves
            except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                continue
            self._cpu0.setdefault(proc.pid, cpu if not self._started else 0.0)
            self._cpu1[proc.pid] = cpu
            role = (
                "this process"
                if proc.pid == me.pid
                else "prefect server"
                if "uvicorn" in cmd or "prefect.server" in cmd
                else "workers"
            )
            parts[role] = parts.get(role, 0) + rss
        self._started = True
        total = sum(parts.values())
        if total > self.peak:
            self.peak, self.peak_parts = total, parts

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    @property
    def cpu(self) -> float:
        """CPU seconds the tree spent while sampled (load-independent, unlike wall time)."""
        return sum(v - self._cpu0.get(pid, 0.0) for pid, v in self._cpu1.items())

    def __enter__(self) -> TreeRSS:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def describe(self) -> str:
        parts = ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sorted(self.peak_parts.items()))
        return f"{self.peak / 2**20:.0f} MB ({parts})"


# --- (a) the floor -----------------------------------------------------------------------------


def _floor_init(model: str) -> None:
    from tasks.enrich.entities import load_nlp

    load_nlp(model)


def _floor_chunk(model: str, texts: list[str]) -> int:
    from tasks.enrich.entities import load_nlp

    return sum(len(doc.ents) for doc in load_nlp(model).pipe(texts, batch_size=64))


def bench_floor(bodies: list[str], model: str, procs: int) -> dict:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with (
        TreeRSS() as rss,
        ProcessPoolExecutor(
            procs, mp_context=ctx, initializer=_floor_init, initargs=(model,)
        ) as pool,
    ):
        t0 = time.perf_counter()
        list(pool.map(time.sleep, [0.5] * procs))  # spawn every worker and load the model
        warm = time.perf_counter() - t0
        chunk = max(1, len(bodies) // (procs * 8))
        t0 = time.perf_counter()
        ents = sum(
            pool.map(
                _floor_chunk,
                [model] * len(range(0, len(bodies), chunk)),
                [bodies[i : i + chunk] for i in range(0, len(bodies), chunk)],
            )
        )
        secs = time.perf_counter() - t0
    return {"seconds": secs, "warmup": warm, "rss": rss, "ents": ents}


def reuters_stories(n: int) -> list[dict]:
    """The first N Reuters-21578 stories (DATELINE + BODY), no replication: real, distinct copy."""
    stories = [s for s in base_stories() if s.get("agency") == "REUTERS"][:n]
    if len(stories) < n:
        sys.exit(f"only {len(stories)} Reuters stories with a dateline and body under {CORPUS}")
    return stories


def build_txt_corpus(stories: list[dict], dest: Path) -> int:
    """One UTF-8 .txt file per story (the shape a user with a folder of files has)."""
    for i, story in enumerate(stories):
        sub = dest / f"batch-{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"reuters-{i:06d}.txt").write_text(story["text"], encoding="utf-8")
    return len(stories)


def build_jsonl_corpus(stories: list[dict], dest: Path) -> int:
    """The same stories as one .jsonl file (one day's feed as a new user would try it)."""
    dest.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": f"reuters-{i:06d}", **s}) for i, s in enumerate(stories)]
    (dest / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1
