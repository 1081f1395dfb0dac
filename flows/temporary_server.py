"""Prefect's temporary server, started as the CLI's first step instead of inside the flow.

Why: with no PREFECT_API_URL, Prefect starts a uvicorn child process when the flow first asks
for a client, after the CLI has imported Prefect, the flow and Prefect's server package (~2.3 s
of CPU whose only use is to spawn that child), and the flow then waits for the child's own
start-up (~5 core-seconds, mostly imports). Started here, before the CLI imports Prefect
(~1.5 s), the child boots while the workers load and the CLI plans its head start, and the
CLI never imports the server package.

The child is the one Prefect would start (`prefect.server.api.server.SubprocessASGIServer`:
same command, same environment, on 127.0.0.1, no UI); it reads its settings from the same
environment, profile and files as the CLI. Which server to use is only known once Prefect's
settings are loaded, so the start is a guess, checked then (`use_server`): a PREFECT_API_URL
in the environment or the active profile means no child at all; any other setting that
names a server or turns the temporary one off (prefect.toml, .env) stops the child unused.
The flow reaches the child through PREFECT_API_URL, and it is stopped when the CLI process
ends, after Prefect's own exit handlers have sent their last logs. If it exits at start (its
port taken meanwhile), the flow starts Prefect's own; if it is still starting after
Prefect's start-up timeout, the run fails as it would with Prefect's.

Flow-run heartbeats are off on this server unless set explicitly: they let a server that
outlives a run mark it crashed when they stop, and this one stops with the run; stopping
them costs the flow up to a second at its end (Prefect's heartbeat thread sleeps in 1 s
steps and the flow joins it).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.local_server import free_port, healthy, stop_process_group

# What SubprocessASGIServer._run_uvicorn_command adds to the environment (prefect 3.x).
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}


@dataclass
class TemporaryServer:
    process: subprocess.Popen
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_healthy(self, timeout: float) -> bool:
        """Poll /health like Prefect does; False when the child exited or `timeout` passed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if healthy(self.api_url):
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        stop_process_group(self.process, grace=5.0)


def start_temporary_server() -> TemporaryServer | None:
    """Spawn the server the flow would otherwise start later, without importing Prefect;
    None when the environment or the active profile names a server (PREFECT_API_URL)."""
    if os.environ.get("PREFECT_API_URL") or _profile_api_url():
        return None
    prefect_dir = importlib.util.find_spec("prefect").submodule_search_locations[0]
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(prefect_dir).parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]
    env = {**os.environ, **SERVER_ENV}
    # Its own process group, as Prefect's is not: Ctrl-C reaches the CLI alone, whose exit
    # handlers still send their last logs to it before `stop` ends the whole group.
    server = TemporaryServer(subprocess.Popen(command, env=env, start_new_session=True), port)
    # Registered before the flow runs, so it runs after the exit handlers Prefect registers
    # during the run (atexit is last in, first out): those still reach the server.
    atexit.register(server.stop)
    return server


def _profile_api_url() -> str | None:
    """PREFECT_API_URL of the active profile (`prefect config set`, `prefect cloud login`),
    read as Prefect does: PREFECT_PROFILES_PATH or PREFECT_HOME/profiles.toml, the profile
    named by PREFECT_PROFILE or the file's `active`. Unreadable: None (Prefect decides)."""
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        profiles = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return None
    name = os.environ.get("PREFECT_PROFILE") or profiles.get("active")
    profile = profiles.get("profiles", {}).get(name, {})
    return profile.get("PREFECT_API_URL") if isinstance(profile, dict) else None


@contextlib.contextmanager
def use_server(server: TemporaryServer | None) -> Iterator[None]:
    """Run the body against `server` once it answers, with flow-run heartbeats off unless
    set explicitly. Without one, when Prefect's settings name another server or turn the
    temporary one off (the child is then stopped unused), or if it exited (its port taken
    meanwhile), Prefect decides as usual; one that is still starting after Prefect's own
    start-up timeout is an error, as it would be for Prefect's (a second server would migrate
    the same database beside it).

    The URL is set in the environment and the process-wide settings, not in a settings
    context of the calling thread: threads that do not copy the context (exit handlers
    sending the last events and logs) would otherwise see no API URL and start a second
    server.
    """
    from prefect.context import refresh_global_settings_context
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    settings = get_current_settings()
    if server is not None and (settings.api.url or not settings.server.ephemeral.enabled):
        server.stop()
        server = None
    if server is None:
        yield
        return
    timeout = settings.server.ephemeral.startup_timeout_seconds
    if not server.wait_healthy(timeout):
        if server.process.poll() is None:
            server.stop()
            raise RuntimeError(
                f"Prefect's temporary server on {server.api_url} did not answer within "
                f"{timeout} s (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
            )
        print("wire-etl: early Prefect server exited; Prefect starts its own", file=sys.stderr)
        yield
        return
    print(f"wire-etl: temporary Prefect server on {server.api_url}", file=sys.stderr)
    os.environ["PREFECT_API_URL"] = server.api_url
    refresh_global_settings_context()
    if "heartbeat_frequency" in get_current_settings().flows.model_fields_set:
        yield
    else:
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield
