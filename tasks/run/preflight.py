"""Preflight: before any shard leaves this machine, every Dask worker shows it can stage one.

Why: a worker without the project, the model or the storage fails every shard it is given,
each with its own traceback ("Error during deserialization of the task graph", a path that
does not exist): N failures that all mean one thing. Instead the run sends each worker a tiny
probe (`tasks.run.probe`) and, when one falls short, stops before submitting anything, with
one message that names the workers, what they lack and the fix. The engine then writes an
honest manifest (nothing committed, every new input `failed`) and the run exits 1.

Checked on every worker: the project imports at this machine's version and code, the NER
model is installed at the version rows are stamped with, one of the run's raw inputs and the
out folder (the same storage, read and written) are reachable, and, for Prefect's task
runner, the Prefect API the task runs report to. Workers that join after the preflight are
not probed: a shard they fail is reported with its worker and stage, and a shard whose
worker could not see raw files this machine reads is failed rather than committed as
`vanished` rejects (`check_staged`; docs/scale-out.md).
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import logging
import secrets
import socket
import time
from urllib.parse import urlsplit

import fsspec

from tasks.run import probe
from tasks.run.shard import STAGE_NOTE, ShardSpec, Staged
from tasks.store.commit import discard_staging
from tasks.store.outdir import Store

log = logging.getLogger("wirecopy.run")

SCALE_OUT = "see README, Scale out"
CONNECT_TIMEOUT = 20.0  # seconds to reach the scheduler
WORKER_WAIT = 30.0  # seconds to wait for a first worker to join a scheduler that has none
PROBE_TIMEOUT = 180.0  # seconds for every worker to answer (imports, storage, API)
SHARD_MODULES = ("tasks.run.shard",)  # what staging a shard imports on a worker


class PreflightFailed(RuntimeError):
    """The cluster cannot stage this run's shards; nothing was submitted."""


class RawUnseen(RuntimeError):
    """A worker reported raw files gone that this machine still reads."""


def connect(address: str):
    """A client of the scheduler at `address`, or PreflightFailed saying how to start one."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise PreflightFailed(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc}): "
            f"start `dask scheduler` there, or fix --dask-address ({SCALE_OUT})"
        ) from None


def check_workers(
    client, specs: list[ShardSpec], modules: tuple[str, ...] = SHARD_MODULES, api_url=None
) -> list[str]:
    """Probe every worker of `client`'s cluster for the run of `specs`; raise PreflightFailed
    with one actionable message when any falls short; return warnings worth a log line."""
    t0 = time.perf_counter()
    _wait_for_a_worker(client)
    spec = specs[0]
    store, token = Store(spec.out_url), secrets.token_hex(8)
    token_path = ("_staging", f"_preflight-{spec.run.run_id}", "token")
    expect = expectation(spec, modules, api_url, token_path, token)
    _write_token(store, token_path, token)
    try:
        reports = _run_probe(client, expect)
    finally:
        store.fs.rm(store.path(*token_path[:2]), recursive=True)
    failures, warnings = judge(reports, expect)
    if failures:
        raise PreflightFailed("; ".join(failures))
    log.info(
        "preflight: %d workers ready (wirecopy %s%s; raw and out reachable%s) in %.1f s",
        len(reports),
        expect["identity"]["version"],
        f", model {spec.run.model_version}" if expect["model"] else "",
        ", Prefect API reachable" if api_url else "",
        time.perf_counter() - t0,
    )
    for warning in warnings:
        log.warning("preflight: %s", warning)
    return warnings


def check_staged(spec: ShardSpec, outcome: Staged | BaseException) -> Staged | BaseException:
    """The outcome to commit, or an error when the worker reported raw files `vanished` that
    this machine still reads at their discovered size: that worker does not see the raw
    storage (it joined after the preflight, or lost a mount). Committed, those stories would
    be rejects the ledger keeps; failed, the shard is redone by the next run."""
    if isinstance(outcome, BaseException):
        return outcome
    summary = outcome[1]
    inputs = {item.input.source_path: item.input for item in spec.items}
    unseen = [
        r["source_path"]
        for r in summary.reject_samples
        if r["reason"] == "vanished" and _readable_here(inputs.get(r["source_path"]))
    ]
    if not unseen:
        return outcome
    discard_staging(Store(spec.out_url), spec.commit_id)
    error = RawUnseen(
        f"its worker (pid {summary.worker_pid}) found no {', '.join(unseen[:3])}, which this "
        f"machine reads: put raw on storage every worker reaches ({SCALE_OUT})"
    )
    error.add_note(f"{STAGE_NOTE}read")
    return error


def _readable_here(input) -> bool:
    if input is None:
        return False
    try:
        fs, path = fsspec.core.url_to_fs(input.url)
        return fs.size(path) == input.size
    except OSError:
        return False


def expectation(
    spec: ShardSpec, modules: tuple[str, ...], api_url: str | None, token_path, token: str
) -> dict:
    """What every worker must match, as plain values (a worker may lack our classes)."""
    first = spec.items[0].input
    packages = tuple(sorted({m.split(".")[0] for m in modules} & {"tasks", "flows"}))
    expect = {
        "modules": list(modules),
        "packages": list(packages),
        "model": spec.ner_model,
        "raw_url": first.url,
        "raw_size": first.size,
        "out_url": spec.out_url,
        "token_path": list(token_path),
        "token": token,
        "api_url": api_url,
        "host": socket.gethostname(),
    }
    expect["identity"] = probe.identity(expect)
    expect["identity"]["model_version"] = spec.run.model_version if spec.ner_model else None
    return expect


def judge(reports: dict[str, dict | BaseException], expect: dict) -> tuple[list[str], list[str]]:
    """One sentence per kind of problem, naming the workers that have it; and warnings."""
    by_problem: dict[tuple[str, str], list[str]] = {}
    threads: dict[int, list[str]] = {}
    for worker, report in sorted(reports.items()):
        if isinstance(report, BaseException):
            problems = {"probe": f"{type(report).__name__}: {report}"[:300]}
        else:
            problems = report["problems"]
            if (report.get("nthreads") or 1) > 1:
                threads.setdefault(report["nthreads"], []).append(worker)
        for check, detail in problems.items():
            by_problem.setdefault((check, detail), []).append(worker)
    failures = [
        f"workers at {', '.join(workers)} {_sentence(check, detail, expect)} ({SCALE_OUT})"
        for (check, detail), workers in sorted(by_problem.items(), key=_order)
    ]
    warnings = [
        f"workers at {', '.join(workers)} run {n} threads each: a shard holds the GIL most of "
        f"the time (spaCy), so start one process per core (`dask worker ... --nworkers N "
        f"--nthreads 1`)"
        for n, workers in sorted(threads.items())
    ]
    return failures, warnings


CHECK_ORDER = ("probe", "import", "version", "code", "parser_version", "canonical_version")


def _order(item: tuple[tuple[str, str], list[str]]) -> tuple[int, str, str]:
    check, detail = item[0]
    rank = CHECK_ORDER.index(check) if check in CHECK_ORDER else len(CHECK_ORDER)
    return rank, check, detail


def _sentence(check: str, detail: str, expect: dict) -> str:
    mine = expect["identity"]
    version = f"wirecopy {mine['version']}"
    same_build = (
        "install the same build on every worker (a `make dist` wheel, or `make install` of "
        "the same checkout)"
    )
    shared = (
        "put raw and out on storage every worker reaches: an s3:// URL (credentials in the "
        "workers' environment) or a mount at the same path on every machine"
    )
    if check == "probe":
        return (
            f"could not run the preflight probe ({detail}): run the same Python and packages "
            "(requirements.lock) on every worker"
        )
    if check == "import":
        return f"cannot import {version} ({detail}): install the project on every worker"
    if check == "version":
        return f"run wirecopy {detail}, this machine {mine['version']}: {same_build}"
    if check == "code":
        return f"run other code than this machine under {version} ({detail} differ): {same_build}"
    if check in ("parser_version", "canonical_version"):
        return f"have {check} {detail}, this machine {mine[check]}: {same_build}"
    if check == "model_version":
        return (
            f"cannot load the NER models {mine['model_version']} (found {detail}): install "
            "them on every worker (requirements.lock pins them), or give --model directories "
            "every worker reaches at the same path"
        )
    if check == "raw":
        return f"cannot read the raw input {expect['raw_url']} ({detail}): {shared}"
    if check == "out":
        return f"cannot reach the output storage {expect['out_url']} ({detail}): {shared}"
    if check == "api":
        return f"cannot reach the Prefect API at {expect['api_url']} ({detail}): {_api_fix(expect)}"
    return f"failed the {check} check ({detail})"


def _api_fix(expect: dict) -> str:
    host = urlsplit(expect["api_url"]).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return (
            "this run reports to a Prefect server on this machine's loopback (with no "
            "PREFECT_API_URL, Prefect's temporary server), which other machines cannot reach: "
            "start `prefect server start --host 0.0.0.0` and set PREFECT_API_URL="
            "http://<that host>:4200/api on this machine and every worker"
        )
    return "open that port to the workers, or set PREFECT_API_URL to an address they reach"


def _wait_for_a_worker(client) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except TimeoutError:
        raise PreflightFailed(
            f"the Dask scheduler at {client.scheduler.address} has no workers after "
            f"{WORKER_WAIT:.0f} s: start `dask worker {client.scheduler.address}` on each "
            f"machine ({SCALE_OUT})"
        ) from None


def _write_token(store: Store, token_path, token: str) -> None:
    path = store.path(*token_path)
    store.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    store.fs.pipe(path, token.encode())


def _run_probe(client, expect: dict) -> dict[str, dict | BaseException]:
    """`probe.probe_async` on every worker, shipped by value; one answer per worker."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(probe)
    pool = concurrent.futures.ThreadPoolExecutor(1)
    try:
        answer = pool.submit(client.run, probe.probe_async, expect, on_error="return")
        return answer.result(timeout=PROBE_TIMEOUT)
    except concurrent.futures.TimeoutError:
        raise PreflightFailed(
            f"workers of {client.scheduler.address} did not answer the preflight probe within "
            f"{PROBE_TIMEOUT:.0f} s: check their logs and that they reach the storage "
            f"({SCALE_OUT})"
        ) from None
    finally:
        cloudpickle.unregister_pickle_by_value(probe)
        pool.shutdown(wait=False)
