"""Re-running after a failed shard redoes only that shard; Prefect results live with the output.

The failure is real and not a story reject: the NER model (a pipeline directory whose custom
component raises on a marker token, see tests/poison_model.py) fails the whole shard task.
Shard retries are switched off here to keep the test fast (the flow keeps its IO retries).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import flows.wire_etl as wire
from flows import etl_tasks
from tests.etl_helpers import (
    RAW_SAMPLES,
    ROOT,
    accounting_holds,
    check_out_folder,
    manifests,
    snapshot,
)
from tests.poison_model import POISON_TOKEN, make_poison_model

pytestmark = pytest.mark.usefixtures("prefect_harness")

POISONED = "ap/zz-poisoned.txt"
STORY = (
    "NEW YORK, May 1 (AP) - City officials opened a new ferry terminal on Staten Island "
    'on Monday, the mayor\'s office said.{marker}\n\n"It will cut commutes," said Ann Lee.\n'
)


def _write_poisoned(raw: Path, poisoned: bool) -> None:
    marker = f" {POISON_TOKEN}" if poisoned else ""
    (raw / POISONED).write_text(STORY.format(marker=marker))


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    return str(make_poison_model(tmp_path_factory.mktemp("models") / "poison"))


@pytest.fixture
def no_shard_retries(monkeypatch):
    task = etl_tasks.stage_shard_task
    monkeypatch.setattr(etl_tasks, "stage_shard_task", task.with_options(retries=0))


def _kwargs(model: str) -> dict:
    return {
        "enrich": True,
        "model": model,
        "task_runner": "in-process",
        "shard_size": 4,
        "workers": 1,
    }


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    """One copy of data/raw for the module: the clean and the failing runs read the same bytes."""
    raw = tmp_path_factory.mktemp("samples") / "raw"
    shutil.copytree(RAW_SAMPLES, raw)
    return raw


@pytest.fixture(scope="module")
def clean(tmp_path_factory, prefect_harness, model, samples):
    raw = tmp_path_factory.mktemp("clean") / "raw"
    shutil.copytree(samples, raw)
    _write_poisoned(raw, poisoned=False)
    out = tmp_path_factory.mktemp("clean-out")
    m = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), **_kwargs(model))
    assert m["status"] == "completed" and accounting_holds(m)
    return snapshot(out), m


def _failed_run(tmp_path: Path, model: str, samples: Path) -> tuple[Path, Path, dict, object]:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(samples, raw)
    _write_poisoned(raw, poisoned=True)
    state = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), return_state=True, **_kwargs(model))
    assert state.is_failed()
    with pytest.raises(RuntimeError, match="shards failed"):
        state.result()
    (m,) = manifests(out)
    assert m["status"] == "failed" and accounting_holds(m)
    assert m["shards"]["committed"] == m["shards"]["planned"] - 1  # the others are committed
    assert 0 < m["inputs"]["failed"] <= 4 and "PoisonError" in m["failures"][0]
    check_out_folder(out)
    return raw, out, m, state


def test_fixed_input_rerun_processes_only_the_failed_shard(
    tmp_path, model, clean, samples, no_shard_retries
):
    reference, clean_m = clean
    raw, out, failed, _ = _failed_run(tmp_path, model, samples)
    _write_poisoned(raw, poisoned=False)  # fix the input

    m = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), **_kwargs(model))

    assert m["status"] == "completed" and accounting_holds(m)
    assert m["inputs"]["new"] == failed["inputs"]["failed"]  # only the failed shard's inputs
    assert m["shards"]["planned"] == 1
    assert m["inputs"]["unchanged"] == clean_m["inputs"]["seen"] - failed["inputs"]["failed"]
    check_out_folder(out)
    assert snapshot(out) == reference


def test_prefect_flow_run_retry_redoes_only_the_failed_shard(
    tmp_path, model, clean, samples, no_shard_retries
):
    """The operator command: `prefect flow-run retry <id> --entrypoint ...` (same flow run)."""
    from prefect.settings import PREFECT_API_URL

    reference, _ = clean
    raw, out, failed, state = _failed_run(tmp_path, model, samples)
    _write_poisoned(raw, poisoned=False)
    flow_run_id = str(state.state_details.flow_run_id)
    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "PYTHONPATH": str(ROOT),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    prefect = str(Path(sys.executable).parent / "prefect")
    done = subprocess.run(
        [
            prefect,
            "flow-run",
            "retry",
            flow_run_id,
            "--entrypoint",
            "tests/poison_model.py:wire_etl",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    runs = manifests(out)
    assert len(runs) == 2
    retry = next(m for m in runs if m["run_id"] != failed["run_id"])
    assert retry["status"] == "completed" and accounting_holds(retry)
    assert retry["inputs"]["new"] == failed["inputs"]["failed"]  # succeeded shards skipped
    assert retry["shards"]["planned"] == 1
    check_out_folder(out)
    assert snapshot(out) == reference


def test_results_persist_with_the_output_and_never_replace_the_work(tmp_path):
    """Shard results go to <out>/_prefect_results; a wiped ledger is rebuilt, not "cached".

    Regression: the cache key ignored the flow run, so after deleting the datasets and the
    ledger (results kept), a new run reported N stories written and wrote nothing.
    """
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    kw = {"enrich": False, "task_runner": "in-process", "shard_size": 4}
    first = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), **kw)
    before = snapshot(out)
    results = list((out / "_prefect_results").iterdir())
    assert len(results) == first["shards"]["planned"]
    for name in ("stories", "quotes", "entities", "rejects", "_dedup", "_ledger"):
        shutil.rmtree(out / name, ignore_errors=True)

    again = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), **kw)

    assert again["inputs"]["new"] == first["inputs"]["seen"]
    assert snapshot(out) == before
    check_out_folder(out)
