"""A throwaway Prefect installation for tests/test_deployments_e2e.py: server, pool, worker.

Why a class: teardown must reach every process started so far, whichever step failed, and
every failure message should carry the server and worker logs.
"""

from __future__ import annotations

import contextlib
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
import pytest

from flows.local_server import free_port, healthy
from tests.conftest import RAW_SAMPLES, ROOT

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
        self.prefect = prefect_executable()

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


def prefect_executable() -> str:
    """The `prefect` CLI of the interpreter running the tests (the project venv)."""
    beside = Path(sys.executable).with_name("prefect")
    return str(beside) if beside.exists() else shutil.which("prefect") or "prefect"


def wait_for(
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


def make_project(project: Path) -> None:
    """A checkout-shaped directory: the code by link, the raw samples by copy."""
    project.mkdir()
    for name in ("flows", "tasks", "prefect.toml"):
        (project / name).symlink_to(ROOT / name)
    shutil.copytree(RAW_SAMPLES, project / "data" / "raw")


def timed_step(stack: Stack, name: str, fn: Callable[[], T]) -> T:
    t0 = time.monotonic()
    out = fn()
    stack.timings[name] = round(time.monotonic() - t0, 1)
    return out


def start_server(stack: Stack) -> None:
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


def read_deployment(client: Any, name: str) -> Any:
    return client.read_deployment_by_name(name)


def flow_runs_in_state(client: Any, deployment_id: Any, state: str) -> list[Any]:
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


def start_worker(stack: Stack) -> None:
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
    wait_for(
        "the worker to start",
        lambda: "started" in log.read_text(errors="replace"),
        60,
        stack,
        every=0.5,
    )


def clear_of_quarter_hour(margin: float = 60.0) -> float:
    """Wait out a quarter hour (UTC) that would fall between deploy and pause (steps 3-5).

    Pausing removes only *future* planned runs: a quarter-hour run that came due in between
    would stay, and the worker would start it (with NER) next to the test's own runs.
    """
    to_next = 900 - time.time() % 900
    if to_next >= margin:
        return 0.0
    time.sleep(to_next + 2)
    return to_next + 2


def report_timings(request: pytest.FixtureRequest, timings: dict[str, float]) -> None:
    """Print the step timings even when the test passed (outside pytest's capture)."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    line = "deployments e2e timings: " + ", ".join(f"{k} {v}s" for k, v in timings.items())
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\n{line}")
