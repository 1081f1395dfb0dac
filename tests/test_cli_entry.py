"""`python -m flows.wire_etl` as a user runs it: a real process, Prefect's own server.

Why it matters: the CLI is a documented entry point, and it runs the one flow. With no
server configured, Prefect starts its temporary server from the CLI's process, once; the
worker processes that stage shards start before Prefect is imported and never import it
(tasks.run.pool): `-X importtime` makes every process log one "| prefect" line when it does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from flows.local_server import OFFLINE_ENV
from tasks.run.request import request_fields
from tests.conftest import RAW_SAMPLES, ROOT

TEMPORARY_SERVER = "Starting temporary server"


PREFECT_IMPORTED = re.compile(r"^import time:.*\|\s+prefect$", re.M)
# imported by a process the first time it spawns one (the pool's worker processes)
SPAWNED = re.compile(r"^import time:.*\|\s+multiprocessing\.popen_spawn_posix$", re.M)


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flows.wire_etl", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _fresh_prefect_home(tmp_path) -> dict[str, str]:
    env = {**os.environ, **OFFLINE_ENV, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    # migrations of a fresh database take ~15 s on a quiet 2-core machine: more than
    # Prefect's default start-up timeout leaves on a busy one (as the test harness allows)
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    return env


def test_help_offers_every_option_of_the_run_request() -> None:
    run = _cli(["--help"], dict(os.environ))
    assert run.returncode == 0
    assert not PREFECT_IMPORTED.search(run.stderr)  # answered before Prefect is imported
    for f in request_fields():
        flag = "--no-enrich" if f.name == "enrich" else "--" + f.name.replace("_", "-")
        assert flag in run.stdout, flag


def test_a_run_on_prefects_temporary_server_with_worker_processes(tmp_path) -> None:
    """One temporary server, Prefect's, for the CLI and both worker processes; none of
    them when nothing is new."""
    env = _fresh_prefect_home(tmp_path)
    args = ["--raw-dir", str(RAW_SAMPLES), "--out-dir", str(tmp_path / "out")]
    run = _cli([*args, "--no-enrich", "--workers", "2", "--shard-size", "4"], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-4000:]
    assert "12 new, 0 unchanged: 11 stories written, 1 rejected" in run.stdout
    assert f"output: {tmp_path / 'out'}" in run.stdout
    assert log.count(TEMPORARY_SERVER) == 1, log[-4000:]
    assert "shard 3/3: " in log  # the engine's own log lines reach the flow run's log
    assert len(PREFECT_IMPORTED.findall(run.stderr)) == 1  # the CLI, not its two workers
    assert SPAWNED.search(run.stderr)  # (the check below sees worker processes start)

    # Nothing new: no worker process is started, no corpus step runs (no datasketch).
    again = _cli([*args, "--no-enrich", "--workers", "2", "--shard-size", "4"], env)
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    assert "0 new, 12 unchanged" in again.stdout
    assert not SPAWNED.search(again.stderr), "a run with nothing new started worker processes"
    assert not re.search(r"^import time:.*\|\s+datasketch$", again.stderr, re.M)


def test_a_failed_run_exits_1_with_the_reason(tmp_path) -> None:
    env = _fresh_prefect_home(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the out folder should be")
    run = _cli(["--raw-dir", str(RAW_SAMPLES), "--out-dir", str(blocked), "--no-enrich"], env)
    assert run.returncode == 1
    assert "wire-etl FAILED" in run.stderr


def test_a_bad_combination_is_a_usage_error_before_any_work() -> None:
    run = _cli(["--task-runner", "dask"], dict(os.environ))
    assert run.returncode == 2
    assert "dask_address" in run.stderr and TEMPORARY_SERVER not in run.stdout + run.stderr


@pytest.mark.parametrize(
    ("updates", "expected"),
    [
        # Prefect's temporary server stops with the run: no heartbeats for it
        ({}, None),
        # a server that outlives the run: Prefect's default stays
        ({"api.url": "http://127.0.0.1:4200/api"}, 180),
        # set explicitly: kept, whatever the server
        ({"flows.heartbeat_frequency": 60}, 60),
        # no temporary server at all: Prefect decides as usual
        ({"server.ephemeral.enabled": False}, 180),
    ],
    ids=["temporary", "running-server", "explicit", "ephemeral-off"],
)
def test_heartbeats_only_for_a_server_that_outlives_the_run(updates, expected):
    from prefect.settings import get_current_settings, temporary_settings

    from flows.wire_etl import heartbeats_for_this_server

    # no server named, the temporary one allowed (prefect.toml's setting; other tests may run
    # inside a server's settings), then the case's
    base = {"server.ephemeral.enabled": True}
    with (
        temporary_settings(restore_defaults=["api.url"], updates=base),
        temporary_settings(updates=updates),
        heartbeats_for_this_server(),
    ):
        # what Prefect's flow engine reads to start (or not) its heartbeat thread
        assert get_current_settings().flows.heartbeat_frequency == expected
