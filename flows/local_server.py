"""A throwaway Prefect server on 127.0.0.1 for tests and benches that run real processes.

Against a running server a flow run costs ~2.5 s of fixed time instead of the 8-15 s of an
ephemeral one per process (../shared/PREFECT-NOTES.md), and subprocess flow runs can share it.
The server runs in its own process group with a private PREFECT_HOME and no telemetry, and is
always stopped (SIGTERM to the group, then SIGKILL after a grace period).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

OFFLINE_ENV = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL it after `grace` seconds (workers and servers
    started in the background may ignore SIGTERM)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def spawn_logged(args: list[str], log, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    """A background process in its own process group (`stop_process_group` stops all of it),
    its output appended to the open file `log`."""
    return subprocess.Popen(
        args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def healthy(api_url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(f"{api_url}/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def local_prefect_server(home: Path, timeout: float = 90.0) -> Iterator[dict[str, str]]:
    """Start `prefect server start` with PREFECT_HOME=home; yield the env to run flows with
    (PREFECT_API_URL set); the server's output goes to home/server.log."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **OFFLINE_ENV, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    port = free_port()
    prefect = str(Path(sys.executable).with_name("prefect"))
    with (home / "server.log").open("wb") as log:
        server = spawn_logged(
            [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)], log, env, home
        )
        try:
            url = f"http://127.0.0.1:{port}/api"
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        f"prefect server did not start: {(home / 'server.log').read_text()}"
                    )
                time.sleep(0.3)
            yield {**env, "PREFECT_API_URL": url}
        finally:
            stop_process_group(server)
