"""A deployment run against the CLI on the same running Prefect server, same corpus.

What the 15-minute schedule runs is a deployment: a process worker picks the flow run up and
starts the flow in a subprocess of its own. Both go through the same flow, so a deployment
run should cost what a CLI run costs (target: at most 1.10x). Measured here: the CLI as a
whole process against the server, then the prefect.yaml deployment `wire-etl-backfill` (no
schedule; with `reprocess` unset it is an ordinary incremental run) run by a real
`prefect worker`, timed from the worker's pickup (the run's Pending state) to its end, so
the worker's polling interval is not counted.

Used by bench/throughput.py --shapes (part `deploy`).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from flows.local_server import local_prefect_server, spawn_logged, stop_process_group

ROOT = Path(__file__).resolve().parent.parent
PREFECT = str(Path(sys.executable).with_name("prefect"))
DEPLOYMENT = "wire-etl/wire-etl-backfill"
UUID_RE = re.compile(r"UUID: ([0-9a-f-]{36})")


def _prefect(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PREFECT, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(
            f"`prefect {' '.join(args)}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return done.stdout


def _states(env: dict, flow_run_id: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def read() -> list:
        async with get_client() as client:
            return await client.read_flow_run_states(flow_run_id)

    with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
        return asyncio.run(read())


def _wait_done(env: dict, flow_run_id: str, timeout: float = 1800.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = _states(env, flow_run_id)
        if states and states[-1].is_final():
            return states
        time.sleep(1.0)
    sys.exit(f"deployment run {flow_run_id} did not finish in {timeout:.0f} s")


def deployment_vs_cli(raw: Path, tmp: Path, workers: int, timed_cli) -> dict:
    """Seconds of a CLI run and of a deployment run of `raw` on one running server."""
    with local_prefect_server(tmp / "prefect-server-deploy") as env:
        env = {**env, "WIRECOPY_HOME": str(ROOT), "PREFECT_WORKER_QUERY_SECONDS": "1"}
        cli = timed_cli(raw, tmp / "out-cli-server", env, workers)
        _prefect(env, "work-pool", "create", "wirecopy-local", "--type", "process")
        _prefect(env, "--no-prompt", "deploy", "--name", "wire-etl-backfill")
        log = (tmp / "worker.log").open("wb")
        worker = spawn_logged(
            [PREFECT, "worker", "start", "--pool", "wirecopy-local"], log, env, ROOT
        )
        try:
            out = tmp / "out-deployment"
            started = _prefect(
                env,
                "deployment",
                "run",
                DEPLOYMENT,
                "-p",
                f"raw_dir={raw}",
                "-p",
                f"out_dir={out}",
                "-p",
                f"workers={workers}",
            )
            flow_run_id = UUID_RE.search(started).group(1)
            states = _wait_done(env, flow_run_id)
        finally:
            stop_process_group(worker)
            log.close()
    if not states[-1].is_completed():
        sys.exit(f"deployment run ended {states[-1].type}: see {tmp / 'worker.log'}")
    pending = next(s for s in states if s.type.value == "PENDING").timestamp
    end = states[-1].timestamp
    return {"cli": cli, "deployment_seconds": (end - pending).total_seconds(), "out": out}


if __name__ == "__main__":  # a quick look: python bench/deployment_run.py RAW WORKDIR
    from throughput_shapes import _flow

    got = deployment_vs_cli(Path(sys.argv[1]), Path(sys.argv[2]), os.cpu_count() or 1, _flow)
    print(f"CLI {got['cli']['seconds']:.1f} s, deployment {got['deployment_seconds']:.1f} s")
