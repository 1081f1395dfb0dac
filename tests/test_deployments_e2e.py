"""Scheduled deployments end to end: docs/scheduling.md "Run on a schedule", step by step.

A real `prefect server` on 127.0.0.1 (throwaway PREFECT_HOME and SQLite), `prefect deploy`
from the shipped prefect.yaml, a real process worker, a manual run and a run fired by a
schedule. The project directory (WIRECOPY_HOME) is a temp dir holding links to flows/ and
tasks/ plus a copy of data/raw, so the deployments' *relative* defaults (data/raw,
data/processed) are exercised as shipped and nothing is written under the repo's data/.

Each numbered step below is the same numbered step of the doc; only ports, directories, the
dashboard (off) and the worker's polling interval differ. Every process the test starts is
stopped at the end (process group + descendants, SIGTERM then SIGKILL: a busy worker may
ignore SIGTERM).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import psutil
import pyarrow.dataset as ds
import pytest

from flows.local_server import free_port, healthy
from tests.conftest import RAW_SAMPLES, ROOT

pytestmark = pytest.mark.slow

POOL = "wirecopy-local"
FLOW = "wire-etl"
INCREMENTAL = f"{FLOW}/wire-etl-incremental"
BACKFILL = f"{FLOW}/wire-etl-backfill"
SMOKE = f"{FLOW}/wire-etl-smoke"
SERVER_START_TIMEOUT = 90.0  # 11-23 s measured (fresh SQLite migrations on 2 busy cores)
CLI_TIMEOUT = 120.0  # a CLI call is ~3 s (imports) + its work
RUN_TIMEOUT = 180.0  # a parse-only run of the samples is ~15 s after the worker picks it up
SCHEDULE_TIMEOUT = 120.0  # 10 s interval + worker poll + run
STOP_GRACE = 8.0
UUID_RE = re.compile(r"UUID: ([0-9a-f-]{36})")

T = TypeVar("T")


class Stack:
    """The processes and directories of one throwaway Prefect installation.

    Why a class: teardown must reach every process started so far, whichever step failed,
    and every failure message should carry the server and worker logs.
    """

    def __init__(self, tmp: Path) -> None:
        self.home = tmp / "prefect-home"
        self.project = tmp / "project"
        self.logs = tmp / "logs"
        for d in (self.home, self.logs):
            d.mkdir(parents=True)
        self.port = 0
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.timings: dict[str, float] = {}
        self.upcoming: list[Any] = []  # incremental runs planned right after deploy
        self.schedule_id = ""  # the incremental deployment's cron schedule
        self.prefect = _prefect_executable()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def env(self) -> dict[str, str]:
        """Inherited env minus any PREFECT_* (no profile, key or API URL leaks in)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            DO_NOT_TRACK="1",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_HOME=str(self.home),
            PREFECT_API_URL=self.api_url,
            PREFECT_UI_ENABLED="false",  # no UI build copied into PREFECT_HOME: faster start
            WIRECOPY_HOME=str(self.project),
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        return env

    def start(self, name: str, *args: str, **extra_env: str) -> subprocess.Popen[bytes]:
        """Start a long-running `prefect ...` in its own session, output to logs/<name>.log."""
        log = (self.logs / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [self.prefect, *args],
            cwd=ROOT,
            env={**self.env(), **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stoppable as a whole
        )
        self.procs[name] = proc
        return proc

    def cli(self, *args: str, timeout: float = CLI_TIMEOUT) -> str:
        """Run one `prefect ...` command to completion from the repo root; fail loudly."""
        try:
            done = subprocess.run(
                [self.prefect, *args],
                cwd=ROOT,
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(
                f"`prefect {' '.join(args)}` timed out after {timeout:.0f}s\n"
                f"{exc.stdout}\n{exc.stderr}{self.diagnostics()}"
            )
        if done.returncode != 0:
            pytest.fail(
                f"`prefect {' '.join(args)}` exited {done.returncode}\n"
                f"{done.stdout}\n{done.stderr}{self.diagnostics()}"
            )
        return done.stdout

    def diagnostics(self) -> str:
        """Tails of every log the stack wrote: what a failure message needs."""
        parts = []
        for log in sorted(self.logs.glob("*.log")):
            text = log.read_text(errors="replace")
            parts.append(f"\n----- {log.name} (last 4000 chars) -----\n{text[-4000:]}")
        return "".join(parts)

    def stop(self) -> None:
        """SIGTERM each process group (and strays), then SIGKILL what is left after a grace.

        Flow runs live in their own process groups below the worker, so descendants are
        collected first and signalled too.
        """
        victims: list[psutil.Process] = []
        for proc in reversed(self.procs.values()):  # worker before server
            with contextlib.suppress(psutil.NoSuchProcess):
                victims += psutil.Process(proc.pid).children(recursive=True)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for v in victims:
            with contextlib.suppress(psutil.NoSuchProcess):
                v.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        _, alive = psutil.wait_procs(victims, timeout=max(0.1, deadline - time.monotonic()))
        for v in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                v.kill()


def _prefect_executable() -> str:
    """The `prefect` CLI of the interpreter running the tests (the project venv)."""
    beside = Path(sys.executable).with_name("prefect")
    return str(beside) if beside.exists() else shutil.which("prefect") or "prefect"


def _wait_for(
    what: str, probe: Callable[[], T | None], timeout: float, stack: Stack, every: float = 1.0
) -> T:
    """Poll `probe` until it returns something truthy; fail with the logs otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = probe()
        if got:
            return got
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}{stack.diagnostics()}")


@contextlib.contextmanager
def api(stack: Stack) -> Iterator[Any]:
    """A sync Prefect client on the stack's server, without touching os.environ."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: stack.api_url}), get_client(sync_client=True) as c:
        yield c


def _make_project(project: Path) -> None:
    """A checkout-shaped directory: the code by link, the raw samples by copy."""
    project.mkdir()
    for name in ("flows", "tasks", "prefect.toml"):
        (project / name).symlink_to(ROOT / name)
    shutil.copytree(RAW_SAMPLES, project / "data" / "raw")


def _step(stack: Stack, name: str, fn: Callable[[], T]) -> T:
    t0 = time.monotonic()
    out = fn()
    stack.timings[name] = round(time.monotonic() - t0, 1)
    return out


def _start_server(stack: Stack) -> None:
    """Step 1: `prefect server start --host 127.0.0.1 --port N`, then wait for /api/health."""
    for _attempt in range(2):  # a port taken between probe and bind: one more port
        stack.port = free_port()
        proc = stack.start(
            "server", "server", "start", "--host", "127.0.0.1", "--port", str(stack.port)
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline and proc.poll() is None:
            if healthy(stack.api_url):
                return
            time.sleep(0.5)
        if proc.poll() is None:
            break  # alive but never healthy: no point in another port
        del stack.procs["server"]  # exited already (and reaped by poll)
    pytest.fail(f"server not healthy on {stack.api_url}{stack.diagnostics()}")


def _deployment(client: Any, name: str) -> Any:
    return client.read_deployment_by_name(name)


def _runs(client: Any, deployment_id: Any, state: str) -> list[Any]:
    """Flow runs of one deployment in one state type (SCHEDULED, COMPLETED, ...)."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    return client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType[state]]))
        ),
    )


def _start_worker(stack: Stack) -> None:
    """Step 6: `prefect worker start --pool wirecopy-local`, polling every 2 s (default 10)."""
    stack.start(
        "worker",
        "worker",
        "start",
        "--pool",
        POOL,
        PREFECT_WORKER_QUERY_SECONDS="2",
        PREFECT_WORKER_PREFETCH_SECONDS="2",
    )
    log = stack.logs / "worker.log"
    _wait_for(
        "the worker to start",
        lambda: "started" in log.read_text(errors="replace"),
        60,
        stack,
        every=0.5,
    )


def _clear_of_quarter_hour(margin: float = 60.0) -> float:
    """Wait out a quarter hour (UTC) that would fall between deploy and pause (steps 3-5).

    Pausing removes only *future* planned runs: a quarter-hour run that came due in between
    would stay, and the worker would start it (with NER) next to the test's own runs.
    """
    to_next = 900 - time.time() % 900
    if to_next >= margin:
        return 0.0
    time.sleep(to_next + 2)
    return to_next + 2


def _report_timings(request: pytest.FixtureRequest, timings: dict[str, float]) -> None:
    """Print the step timings even when the test passed (outside pytest's capture)."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    line = "deployments e2e timings: " + ", ".join(f"{k} {v}s" for k, v in timings.items())
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\n{line}")


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Stack]:
    """Steps 1-6: server, work pool, deployments, smoke schedule, cron on hold, worker."""
    stack = Stack(tmp_path_factory.mktemp("e2e"))
    _make_project(stack.project)
    try:
        _step(stack, "server start", lambda: _start_server(stack))
        _step(
            stack,
            "work-pool create",
            lambda: stack.cli("work-pool", "create", POOL, "--type", "process"),
        )
        stack.timings["quarter-hour wait"] = _clear_of_quarter_hour()
        _step(stack, "deploy --all", lambda: stack.cli("--no-prompt", "deploy", "--all"))
        # Step 4: a 10-second schedule, one run at a time, to see the scheduler fire now.
        _step(
            stack,
            "smoke deploy",
            lambda: stack.cli(
                "--no-prompt",
                "deploy",
                "flows/wire_etl.py:wire_etl",
                "--name",
                "wire-etl-smoke",
                "--pool",
                POOL,
                "--interval",
                "10",
                "--concurrency-limit",
                "1",
                "--param",
                "enrich=false",
                "--param",
                "out_dir=data/smoke",
            ),
        )
        with api(stack) as client:
            dep = _deployment(client, INCREMENTAL)
            # The server plans a new deployment's runs a few seconds after deploy (5 s loop).
            stack.upcoming = _wait_for(
                "the server to plan incremental runs",
                lambda: _runs(client, dep.id, "SCHEDULED"),
                30,
                stack,
            )
        stack.schedule_id = str(dep.schedules[0].id)
        # Step 5: hold the cron while smoke-testing, so a quarter-hour cannot race the runs.
        _step(
            stack,
            "schedule pause",
            lambda: stack.cli("deployment", "schedule", "pause", INCREMENTAL, stack.schedule_id),
        )
        _step(stack, "worker start", lambda: _start_worker(stack))
        yield stack
    finally:
        stack.stop()
        _report_timings(request, stack.timings)


def test_deployments_are_as_prefect_yaml_declares(stack: Stack) -> None:
    with api(stack) as client:
        inc, back = _deployment(client, INCREMENTAL), _deployment(client, BACKFILL)
        still_planned = _runs(client, inc.id, "SCHEDULED")
    (schedule,) = inc.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("*/15 * * * *", "UTC")
    assert back.schedules == []
    assert all(r.expected_start_time.minute % 15 == 0 for r in stack.upcoming)
    assert still_planned == [], "pausing the schedule left quarter-hour runs planned"
    for dep in (inc, back):
        assert dep.work_pool_name == POOL
        assert dep.pull_steps == [
            {
                "prefect.deployments.steps.set_working_directory": {
                    "directory": str(stack.project.resolve())
                }
            }
        ]
        assert (dep.parameters["raw_dir"], dep.parameters["out_dir"]) == (
            "data/raw",
            "data/processed",
        )
        props = dep.parameter_openapi_schema["properties"]
        assert set(dep.parameters) <= set(props), "prefect.yaml sets parameters the flow lacks"
        assert props["out_dir"].get("description"), "the flow docstring no longer documents out_dir"
    assert "reprocess" in back.parameters
    assert inc.global_concurrency_limit.limit == 1
    assert inc.concurrency_options.collision_strategy == "CANCEL_NEW"


@pytest.fixture(scope="module")
def manual_run(stack: Stack) -> Any:
    """Step 7: a parse-only run of the incremental deployment, watched to completion."""
    out = _step(
        stack,
        "first run (run --watch)",
        lambda: stack.cli(
            "deployment",
            "run",
            INCREMENTAL,
            "-p",
            "enrich=false",
            "--watch",
            "--watch-timeout",
            str(int(RUN_TIMEOUT)),
            timeout=RUN_TIMEOUT + 30,
        ),
    )
    match = UUID_RE.search(out)
    assert match, f"no flow run id in:\n{out}"
    with api(stack) as client:
        return client.read_flow_run(match.group(1))


def test_manual_run_writes_parquet_under_the_project_dir(stack: Stack, manual_run: Any) -> None:
    assert manual_run.state.is_completed()
    out = stack.project / "data" / "processed"  # the relative default, via the pull step
    (manifest_file,) = (out / "_runs").glob("*.json")
    manifest = json.loads(manifest_file.read_text())
    stories = ds.dataset(out / "stories", format="parquet", partitioning="hive").to_table()
    assert stories.num_rows == manifest["inputs"]["stories"] > 0
    assert manifest["inputs"]["seen"] == manifest["inputs"]["new"] > 0
    new = manifest["inputs"]["new"]
    assert re.fullmatch(rf"wire-etl \d{{4}}-\d\d-\d\dT\d\d:\d\d \({new} new\)", manual_run.name), (
        manual_run.name
    )


def test_manual_run_publishes_artifacts_and_progress_logs(stack: Stack, manual_run: Any) -> None:
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
        LogFilter,
        LogFilterFlowRunId,
    )

    with api(stack) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[manual_run.id])
            )
        )
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[manual_run.id]))
        )

        def shard_logs() -> list[str]:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[manual_run.id]))
            )
            return [
                lg.message for lg in logs if re.match(r"shard \d+/\d+: \d+ stories", lg.message)
            ]

        _wait_for("per-shard progress logs", shard_logs, 30, stack)
    by_key = {a.key: a for a in arts}
    assert {"wire-etl-summary", "wire-etl-reconciliation", "wire-etl-rejects"} <= set(by_key)
    summary = by_key["wire-etl-summary"]
    assert summary.type == "markdown"
    for part in (
        "inputs seen",
        "Rejects by reason",
        "malformed_json",
        "Top entities",
        "Seconds per stage",
    ):
        assert part in summary.data, f"{part!r} missing from the summary:\n{summary.data}"
    assert "feeds/uni-mixed.jsonl" in by_key["wire-etl-rejects"].data
    assert any(re.fullmatch(r"shard \d+/\d+", t.name) for t in tasks), [t.name for t in tasks]


def test_a_short_schedule_fires_and_completes(stack: Stack, manual_run: Any) -> None:
    """Steps 8-9: the smoke schedule's run completed; remove it and put the cron back."""
    with api(stack) as client:
        smoke = _deployment(client, SMOKE)
        runs = _step(
            stack,
            "scheduled run done (after run)",
            lambda: _wait_for(
                "a scheduled smoke run to complete",
                lambda: _runs(client, smoke.id, "COMPLETED"),
                SCHEDULE_TIMEOUT,
                stack,
                every=2.0,
            ),
        )
    assert runs[0].auto_scheduled, "the completed smoke run was not created by the scheduler"
    assert (stack.project / "data" / "smoke" / "stories").is_dir()
    _step(stack, "smoke delete", lambda: stack.cli("deployment", "delete", SMOKE))
    _step(
        stack,
        "schedule resume",
        lambda: stack.cli("deployment", "schedule", "resume", INCREMENTAL, stack.schedule_id),
    )
    with api(stack) as client:
        assert _deployment(client, INCREMENTAL).schedules[0].active
