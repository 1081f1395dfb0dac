"""A throwaway Dask cluster on 127.0.0.1 for tests and benches: `dask scheduler` and `dask
worker` processes, as a user starts them (README, Scale out), each in its own process group.

Workers inherit this process's environment (PYTHONPATH included, so a worktree's code wins)
unless told otherwise; `add_worker(project=False)` starts one that has every package of the
lock but not the project: the venv's site-packages on its path without their `.pth` files
(the editable install of the project is one), and no PYTHONPATH or current folder (`-I -S`).
`add_worker(hide=folder)` starts one that does not see `folder` (an empty tmpfs over it in a
mount namespace of its own, as a machine without that mount), where `can_hide_folders()`.
Every process is stopped at exit: SIGTERM to its group, then SIGKILL (flows.local_server).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import distributed

from flows.local_server import free_port, stop_process_group

DASK = str(Path(sys.executable).with_name("dask"))
SITE_PACKAGES = str(Path(distributed.__file__).resolve().parent.parent)
# `dask worker` without the project: site-packages appended by hand, so no .pth runs.
WORKER_WITHOUT_PROJECT = (
    f"import sys; sys.path.append({SITE_PACKAGES!r}); "
    "from distributed.cli.dask_worker import main; main()"
)


# `unshare` runs the worker in a private mount namespace, an empty tmpfs over the folder.
HIDING = ["unshare", "--mount", "--propagation", "private", "sh", "-c"]
HIDING += ['mount -t tmpfs none "$0" && exec "$@"']


def can_hide_folders() -> bool:
    """Whether this machine lets us start a process with a folder hidden (root, or CAP_SYS_ADMIN
    in a container that allows it)."""
    try:
        probe = subprocess.run([*HIDING, "/mnt", "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


class DaskProcesses:
    """`with DaskProcesses(logs) as cluster:` a scheduler; `cluster.add_worker()` per worker."""

    def __init__(self, logs: Path, env: dict[str, str] | None = None) -> None:
        self.logs, self.env = logs, {**os.environ, **(env or {})}
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.scheduler: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.client: distributed.Client | None = None

    def __enter__(self) -> DaskProcesses:
        self.logs.mkdir(parents=True, exist_ok=True)
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = self._start(
            "scheduler",
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            self.env,
        )
        self.client = distributed.Client(self.address, timeout=120, set_as_default=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close(timeout=10)
        for proc in [*self.workers, *filter(None, [self.scheduler])]:
            stop_process_group(proc, grace=5.0)

    def add_worker(
        self, nthreads: int = 1, project: bool = True, hide: Path | None = None
    ) -> subprocess.Popen:
        """Start one worker process (no nanny: the process we kill is the worker) and wait
        until the scheduler lists it."""
        args = [self.address, "--no-nanny", "--nthreads", str(nthreads), "--no-dashboard"]
        args += ["--memory-limit", "0", "--local-directory", str(self.logs / "scratch")]
        if project:
            cmd, env = [DASK, "worker", *args], self.env
        else:
            cmd = [sys.executable, "-I", "-S", "-c", WORKER_WITHOUT_PROJECT, *args]
            env = {k: v for k, v in self.env.items() if k != "PYTHONPATH"}
        if hide is not None:
            cmd = [*HIDING, str(hide), *cmd]
        before = set(self.worker_pids())
        proc = self._start(f"worker-{len(self.workers)}", cmd, env)
        self.workers.append(proc)
        deadline = time.monotonic() + 120
        while not set(self.worker_pids()) - before:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask worker did not start: see {self.logs}")
            time.sleep(0.2)
        return proc

    def worker_pids(self) -> dict[str, int]:
        """Address → pid of every worker the scheduler knows."""
        assert self.client is not None
        return self.client.run(os.getpid, on_error="ignore")

    def executing(self) -> dict[str, list[str]]:
        """Address → keys of the tasks each worker is running right now."""
        assert self.client is not None
        return self.client.run(
            lambda dask_worker: [str(ts.key) for ts in dask_worker.state.executing]
        )

    def kill(self, address: str) -> int:
        """SIGKILL the worker at `address` (as the OOM killer or a pulled plug would)."""
        pid = self.worker_pids()[address]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop_worker(self, proc: subprocess.Popen) -> None:
        stop_process_group(proc, grace=5.0)

    def _start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        with (self.logs / f"{name}.log").open("wb") as log:
            return subprocess.Popen(
                cmd,
                env=env,
                cwd=self.logs,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
