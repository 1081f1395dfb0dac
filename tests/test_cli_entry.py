"""`python -m flows.wire_etl` as a user runs it: Prefect is imported by the CLI process only.

Why it matters: the CLI's head start spawns the worker processes before anything imports
Prefect (2-4 s), and a spawned worker re-imports the main module; were that the flow module,
every worker would import Prefect too. `-X importtime` makes every process (workers
inherit the environment) log one "| prefect" line when it imports the package.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading

import pytest

from tests.conftest import RAW_SAMPLES, ROOT

PREFECT_IMPORTED = re.compile(r"^import time:.*\|\s+prefect$", re.M)
WORKERS_IMPORTED = re.compile(r"^import time:.*\|\s+tasks\.run\.workers$", re.M)


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


def test_help_does_not_import_prefect() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = _cli(["--help"], env)
    assert run.returncode == 0 and "--raw-dir" in run.stdout
    assert not PREFECT_IMPORTED.search(run.stderr)


def test_workers_do_not_import_prefect(prefect_harness, tmp_path) -> None:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_API_URL": PREFECT_API_URL.value()}
    args = ["--raw-dir", str(RAW_SAMPLES), "--out-dir", str(tmp_path / "out")]
    run = _cli([*args, "--no-enrich", "--workers", "2"], env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "stories written" in run.stdout
    # three processes imported the worker module (the CLI and its two workers) ...
    assert len(WORKERS_IMPORTED.findall(run.stderr)) == 3
    # ... and only the CLI imported Prefect
    assert len(PREFECT_IMPORTED.findall(run.stderr)) == 1


PREFECT_SERVER_PACKAGE = re.compile(r"^import time:.*\|\s+prefect\.server\.api\.server$", re.M)
OWN_SERVER = re.compile(r"wire-etl: temporary Prefect server on (http://127\.0\.0\.1:\d+/api)")


def test_without_a_server_the_cli_starts_prefects_temporary_one_first(tmp_path) -> None:
    """No PREFECT_API_URL: the CLI spawns the server Prefect would start (so it boots during
    the head start) without importing Prefect's server package, runs the flow on it, and stops
    it on exit; Prefect never starts a second one ("Starting temporary server")."""
    from flows.local_server import OFFLINE_ENV, healthy

    env = {**os.environ, **OFFLINE_ENV, "PYTHONPATH": str(ROOT)}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # a fresh home: migrations included
    # ... which take 15 s on a quiet 2-core machine: more than Prefect's default 20 s of
    # start-up timeout leaves on a busy one (the harness allows the same, tests/conftest.py)
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    env.pop("PREFECT_API_URL", None)
    args = ["--raw-dir", str(RAW_SAMPLES), "--out-dir", str(tmp_path / "out")]
    run = _cli([*args, "--no-enrich", "--workers", "1"], env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "stories written" in run.stdout
    url = OWN_SERVER.search(run.stderr)
    assert url, [line for line in run.stderr.splitlines() if "wire-etl" in line or "server" in line]
    assert "Starting temporary server" not in run.stdout + run.stderr
    assert not PREFECT_SERVER_PACKAGE.search(run.stderr)  # the CLI process never imported it
    assert not healthy(url.group(1))  # stopped with the CLI


@pytest.fixture
def no_configured_server(monkeypatch):
    """Settings as on a machine with no server configured: Prefect would start its temporary
    one (the session's test harness, if started, points this thread at its own API)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(
        {PREFECT_SERVER_EPHEMERAL_ENABLED: True}, restore_defaults={PREFECT_API_URL}
    ):
        yield
    from prefect.context import refresh_global_settings_context

    monkeypatch.undo()  # before the refresh: `use_server` may have set PREFECT_API_URL
    refresh_global_settings_context()


def _sleeper() -> subprocess.Popen:
    """A child that never answers HTTP, standing in for a server process."""
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )


def test_a_server_that_exited_leaves_prefect_to_start_its_own(no_configured_server) -> None:
    from flows.temporary_server import TemporaryServer, use_server

    # exits at once, as uvicorn does when its port was taken meanwhile
    dead = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"], start_new_session=True)
    with use_server(TemporaryServer(dead, 1)):
        assert "PREFECT_API_URL" not in os.environ


def test_a_server_still_starting_after_the_timeout_is_an_error(no_configured_server) -> None:
    """As for Prefect's own server; starting a second one would migrate the same database."""
    from prefect.settings import (
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    from flows.temporary_server import TemporaryServer, use_server

    silent = _sleeper()
    with (
        temporary_settings({PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: 1}),
        pytest.raises(RuntimeError, match="did not answer within 1 s"),
        use_server(TemporaryServer(silent, 1)),
    ):
        pass
    assert silent.poll() is not None  # stopped, not left behind
    assert "PREFECT_API_URL" not in os.environ


@pytest.mark.parametrize(
    "profiles, env",
    [
        # `prefect config set PREFECT_API_URL=...` writes it into the active profile
        ('active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://10.0.0.5:4200/api"\n', {}),
        # PREFECT_PROFILE chooses the profile, whatever the file calls active
        (
            'active = "local"\n[profiles.local]\n'
            '[profiles.work]\nPREFECT_API_URL = "http://10.0.0.5:4200/api"\n',
            {"PREFECT_PROFILE": "work"},
        ),
        ("", {"PREFECT_API_URL": "http://10.0.0.5:4200/api"}),  # the environment names one
    ],
)
def test_a_configured_server_means_no_temporary_one(monkeypatch, tmp_path, profiles, env) -> None:
    from flows.temporary_server import start_temporary_server

    (tmp_path / "profiles.toml").write_text(profiles)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert start_temporary_server() is None


def test_a_server_named_by_other_settings_stops_the_early_one_unused(no_configured_server):
    """The early start is a guess made before Prefect's settings load; a server named where
    only Prefect looks (prefect.toml, .env: here a settings context) wins, the guess is
    stopped, and the environment is left alone."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.temporary_server import TemporaryServer, use_server

    early = _sleeper()
    with (
        temporary_settings({PREFECT_API_URL: "http://10.0.0.5:4200/api"}),
        use_server(TemporaryServer(early, 1)),
    ):
        assert early.poll() is not None
        assert "PREFECT_API_URL" not in os.environ


def test_on_its_own_server_a_flow_sends_heartbeats_only_when_asked(monkeypatch, tmp_path):
    """Heartbeats serve a server that outlives the run; this one stops with it, and each flow
    would wait up to 1 s at its end for Prefect's heartbeat thread. An explicit setting wins.

    Checked in a fresh thread, as in the CLI: no settings context of the test session's."""
    from prefect.context import refresh_global_settings_context
    from prefect.settings import get_current_settings

    from flows.temporary_server import start_temporary_server, use_server

    def heartbeat_under(server) -> int | None:
        seen = {}

        def run() -> None:
            with use_server(server):
                seen["url"] = os.environ["PREFECT_API_URL"]
                seen["heartbeat"] = get_current_settings().flows.heartbeat_frequency

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        assert seen["url"] == server.api_url
        return seen["heartbeat"]

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    server = start_temporary_server()  # a real one: Prefect's server on a fresh database
    assert server is not None
    try:
        assert heartbeat_under(server) is None
        monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
        monkeypatch.delenv("PREFECT_API_URL")  # as a new CLI process would start
        refresh_global_settings_context()
        assert heartbeat_under(server) == 60
    finally:
        server.stop()
        monkeypatch.undo()
        refresh_global_settings_context()
