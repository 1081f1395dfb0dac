"""Shared fixtures: where the real corpus lives, and a skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# No telemetry from any test or anything it starts, however pytest is invoked (the Makefile
# exports the same; `pytest` run by hand would not): before any test imports prefect.
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SEED_STORY = SHARED_CORPUS / "seed" / "ani-2022-03-23.txt"


def require_corpus(*parts: str) -> Path:
    """Path inside ../shared/corpus, or skip the test with a clear reason when absent."""
    path = SHARED_CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared corpus at {path} (clone with ../shared beside it)")
    return path


RAW_SAMPLES = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def prefect_harness():
    """One throwaway Prefect API (temp SQLite) for every flow test in the session."""
    import os

    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
