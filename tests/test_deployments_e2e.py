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

import json
import re
from collections.abc import Iterator
from typing import Any

import pyarrow.dataset as ds
import pytest

from tests.deploy_stack import (
    BACKFILL,
    INCREMENTAL,
    POOL,
    RUN_TIMEOUT,
    SCHEDULE_TIMEOUT,
    SMOKE,
    UUID_RE,
    Stack,
    api,
    clear_of_quarter_hour,
    flow_runs_in_state,
    make_project,
    read_deployment,
    report_timings,
    start_server,
    start_worker,
    timed_step,
    wait_for,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Stack]:
    """Steps 1-6: server, work pool, deployments, smoke schedule, cron on hold, worker."""
    stack = Stack(tmp_path_factory.mktemp("e2e"))
    make_project(stack.project)
    try:
        timed_step(stack, "server start", lambda: start_server(stack))
        timed_step(
            stack,
            "work-pool create",
            lambda: stack.cli("work-pool", "create", POOL, "--type", "process"),
        )
        stack.timings["quarter-hour wait"] = clear_of_quarter_hour()
        timed_step(stack, "deploy --all", lambda: stack.cli("--no-prompt", "deploy", "--all"))
        # Step 4: a 10-second schedule, one run at a time, to see the scheduler fire now.
        timed_step(
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
            dep = read_deployment(client, INCREMENTAL)
            # The server plans a new deployment's runs a few seconds after deploy (5 s loop).
            stack.upcoming = wait_for(
                "the server to plan incremental runs",
                lambda: flow_runs_in_state(client, dep.id, "SCHEDULED"),
                30,
                stack,
            )
        stack.schedule_id = str(dep.schedules[0].id)
        # Step 5: hold the cron while smoke-testing, so a quarter-hour cannot race the runs.
        timed_step(
            stack,
            "schedule pause",
            lambda: stack.cli("deployment", "schedule", "pause", INCREMENTAL, stack.schedule_id),
        )
        timed_step(stack, "worker start", lambda: start_worker(stack))
        yield stack
    finally:
        stack.stop()
        report_timings(request, stack.timings)


def test_deployments_are_as_prefect_yaml_declares(stack: Stack) -> None:
    with api(stack) as client:
        inc, back = read_deployment(client, INCREMENTAL), read_deployment(client, BACKFILL)
        still_planned = flow_runs_in_state(client, inc.id, "SCHEDULED")
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
    out = timed_step(
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

        wait_for("per-shard progress logs", shard_logs, 30, stack)
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
        smoke = read_deployment(client, SMOKE)
        runs = timed_step(
            stack,
            "scheduled run done (after run)",
            lambda: wait_for(
                "a scheduled smoke run to complete",
                lambda: flow_runs_in_state(client, smoke.id, "COMPLETED"),
                SCHEDULE_TIMEOUT,
                stack,
                every=2.0,
            ),
        )
    assert runs[0].auto_scheduled, "the completed smoke run was not created by the scheduler"
    assert (stack.project / "data" / "smoke" / "stories").is_dir()
    timed_step(stack, "smoke delete", lambda: stack.cli("deployment", "delete", SMOKE))
    timed_step(
        stack,
        "schedule resume",
        lambda: stack.cli("deployment", "schedule", "resume", INCREMENTAL, stack.schedule_id),
    )
    with api(stack) as client:
        assert read_deployment(client, INCREMENTAL).schedules[0].active
