"""Prefect's temporary server, started at the top of the CLI instead of inside the flow.

Why: with no PREFECT_API_URL, Prefect starts a uvicorn child process when the flow first asks
for a client, after the CLI has imported Prefect, the flow and Prefect's server package (~2.3 s
of CPU whose only use is to spawn that child), and the flow then waits for the child's own
start-up (~4-5 s of CPU). Started here, the child boots while the CLI plans its head start and
imports the flow, and the CLI never imports the server package.

The child is the one Prefect would start (`prefect.server.api.server.SubprocessASGIServer`:
same command, same environment, on 127.0.0.1, no UI); the flow reaches it through
PREFECT_API_URL, and it is stopped when the CLI process ends, after Prefect's own exit
handlers have sent their last logs. If it exits at start (its port taken meanwhile), the
flow starts Prefect's own; if it is still starting after Prefect's start-up timeout, the run
fails as it would with Prefect's.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import time
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
    """Spawn the server the flow would otherwise start later; None when the settings name a
    server (PREFECT_API_URL, a profile) or disable the temporary one."""
    import prefect
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        return None
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(prefect.__file__).parent.parent),
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
    env = {**os.environ, **SERVER_ENV, **settings.to_environment_variables(exclude_unset=True)}
    # Its own process group, as Prefect's is not: Ctrl-C reaches the CLI alone, whose exit
    # handlers still send their last logs to it before `stop` ends the whole group.
    server = TemporaryServer(subprocess.Popen(command, env=env, start_new_session=True), port)
    # Registered before the flow runs, so it runs after the exit handlers Prefect registers
    # during the run (atexit is last in, first out): those still reach the server.
    atexit.register(server.stop)
    return server


def use_server(server: TemporaryServer | None) -> None:
    """Point this process (every thread, and the processes it starts) at `server` once it
    answers. Without one, or if it exited (its port taken meanwhile), Prefect starts its own
    as usual; one that is still starting after Prefect's own start-up timeout is an error, as
    it would be for Prefect's (a second server would migrate the same database beside it).

    Set in the environment and the process-wide settings, not in a settings context of the
    calling thread: threads that do not copy the context (exit handlers sending the last
    events and logs) would otherwise see no API URL and start a second server.
    """
    from prefect.context import refresh_global_settings_context
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    if server is None:
        return
    timeout = PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
    if not server.wait_healthy(timeout):
        if server.process.poll() is None:
            server.stop()
            raise RuntimeError(
                f"Prefect's temporary server on {server.api_url} did not answer within "
                f"{timeout} s (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
            )
        print("wire-etl: early Prefect server exited; Prefect starts its own", file=sys.stderr)
        return
    print(f"wire-etl: temporary Prefect server on {server.api_url}", file=sys.stderr)
    os.environ["PREFECT_API_URL"] = server.api_url
    refresh_global_settings_context()
