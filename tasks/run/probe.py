"""The preflight probe that runs on each Dask worker: what this worker can and cannot do.

Why a module of its own, importing nothing of the project at the top: the probe must reach
the one worker that lacks the project and say so. `tasks.run.preflight` ships this module
*by value* (cloudpickle), takes plain values in and out, and imports the project inside the
probe only, so a worker without it answers "cannot import" instead of failing to unpickle.
The flow's machine runs the same functions to say what every worker must match.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import os
import socket
import sys
from pathlib import Path

PROJECT = "wirecopy"
CODE_SUFFIXES = (".py", ".cfg")  # what a wheel of the project holds (pyproject.toml)
API_TIMEOUT = 5.0  # seconds for the Prefect API's /health from a worker


def project_version() -> str:
    """The installed distribution's version, or pyproject.toml's beside a bare checkout."""
    from importlib import metadata

    try:
        return metadata.version(PROJECT)
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(importlib.import_module("tasks").__file__).parent.parent / "pyproject.toml"
    try:
        import tomllib

        return tomllib.loads(pyproject.read_text())["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"


def code_digest(packages: tuple[str, ...]) -> dict[str, str]:
    """sha256 of every source file of the imported packages, by path inside the package:
    the same build gives the same digest from a checkout, an editable install or a wheel."""
    digest: dict[str, str] = {}
    for name in packages:
        for root in importlib.import_module(name).__path__:
            base = Path(root)
            for path in sorted(base.rglob("*")):
                if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                    rel = f"{name}/{path.relative_to(base).as_posix()}"
                    digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return digest


def identity(expect: dict) -> dict:
    """What the project on this machine is: version, code, row versions, the model's version."""
    from tasks import version
    from tasks.enrich.canonical import CANONICAL_VERSION

    return {
        "version": project_version(),
        "parser_version": version.PARSER_VERSION,
        "canonical_version": CANONICAL_VERSION,
        "code": code_digest(tuple(expect["packages"])),
        "model_version": model_versions(expect["model"]) if expect["model"] else None,
    }


def model_versions(models: str) -> str:
    """What `tasks.run.engine.start_run` stamps for the run's model registry, as this machine
    sees it; or why a model is not usable here (not installed, another language)."""
    from tasks.enrich.registry import ModelRegistry

    registry = ModelRegistry.from_spec(models)
    try:
        registry.check()
    except ValueError as exc:
        return f"unusable ({exc})"
    return registry.versions()


def probe(expect: dict, nthreads: int | None = None) -> dict:
    """Check this worker against `expect` (built by `tasks.run.preflight.expectation`);
    return {"problems": {check: detail}, "host", "nthreads", ...}, never raise."""
    report: dict = {"host": socket.gethostname(), "pid": os.getpid(), "problems": {}}
    report["python"] = ".".join(map(str, sys.version_info[:2]))
    report["nthreads"] = nthreads
    problems = report["problems"]
    try:
        for module in expect["modules"]:
            importlib.import_module(module)
        mine = identity(expect)
    except Exception as exc:  # the one check the others depend on
        problems["import"] = _error(exc)
        return report
    for key in ("version", "parser_version", "canonical_version", "model_version"):
        if mine[key] != expect["identity"][key]:
            problems[key] = str(mine[key])
    differ = sorted(
        k
        for k in mine["code"].keys() | expect["identity"]["code"].keys()
        if mine["code"].get(k) != expect["identity"]["code"].get(k)
    )
    if differ:
        more = f" and {len(differ) - 5} more" if len(differ) > 5 else ""
        problems["code"] = ", ".join(differ[:5]) + more
    for check, fn in (("raw", _check_raw), ("out", _check_out), ("api", _check_api)):
        try:
            detail = fn(expect)
        except Exception as exc:
            detail = _error(exc)
        if detail:
            problems[check] = detail
    return report


async def probe_async(expect: dict, dask_worker=None) -> dict:
    """`probe` off the worker's event loop (imports and storage calls take seconds), run at
    once by `Client.run` (which passes `dask_worker`) even while the task threads are busy."""
    nthreads = dask_worker.state.nthreads if dask_worker is not None else None
    return await asyncio.get_running_loop().run_in_executor(None, probe, expect, nthreads)


def _check_raw(expect: dict) -> str | None:
    """The worker sees one of the run's raw inputs, at the size discovery saw."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(expect["raw_url"])
    size = fs.size(path)
    return None if size == expect["raw_size"] else f"{expect['raw_url']} has {size} bytes here"


def _check_out(expect: dict) -> str | None:
    """The worker reads the token this run wrote under the out folder's staging (the same
    storage, not a folder of the same name on its own disk) and writes beside it."""
    from tasks.store.outdir import Store

    store = Store(expect["out_url"])
    token = store.path(*expect["token_path"])
    with store.fs.open(token, "rb") as fh:
        if fh.read().decode() != expect["token"]:
            return f"{token} holds another run's token: not the same storage as this machine's"
    with store.fs.open(f"{token}-{socket.gethostname()}-{os.getpid()}", "wb") as fh:
        fh.write(b"ok")
    return None


def _check_api(expect: dict) -> str | None:
    """The Prefect API the flow's task runs report to answers from here."""
    import urllib.request

    if not expect["api_url"]:
        return None
    url = expect["api_url"].rstrip("/") + "/health"
    with urllib.request.urlopen(url, timeout=API_TIMEOUT) as response:
        return None if response.status == 200 else f"{url} answered HTTP {response.status}"


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
