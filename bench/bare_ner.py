"""The bare-NER floor as a whole process: read every story file, `nlp.pipe(n_process=N)`.

What a user would write without this project: load the same NER-only pipeline, feed it the
raw text of every `.txt` / `.jsonl` story under a folder, count the entities. bench/throughput.py
runs it as a subprocess and compares wall time whole process against whole process with the
flow's CLI (`python -m flows.wire_etl`), so both pay their own start-up.

Usage: .venv/bin/python bench/bare_ner.py RAW_DIR [--n-process 2] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def story_texts(raw: Path):
    """Every story's raw text: a .txt file is one story, a .jsonl line's `text` another."""
    for path in sorted(raw.rglob("*")):
        if path.suffix == ".txt":
            yield path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)["text"]


def main() -> None:
    t0 = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    import spacy

    from tasks.enrich.entities import EXCLUDED_PIPES
    from tasks.settings import DEFAULT_MODEL

    nlp = spacy.load(args.model or DEFAULT_MODEL, exclude=EXCLUDED_PIPES)
    texts = list(story_texts(args.raw_dir))
    ents = sum(
        len(doc.ents)
        for doc in nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size)
    )
    secs = time.perf_counter() - t0
    print(json.dumps({"stories": len(texts), "entities": ents, "seconds_in_process": secs}))


if __name__ == "__main__":
    main()
