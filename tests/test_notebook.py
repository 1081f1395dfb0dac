"""notebooks/quickstart.ipynb runs top to bottom on the flow's output and draws its chart.

The kernel is ipykernel's native spec only (no user or system kernelspecs), which launches
`sys.executable`: the venv's Python that runs the tests, so the notebook sees the same
pandas/DuckDB as the pipeline. The executed copy stays in memory; the repo is not touched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from tests.analyst_data import build_out
from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


@pytest.fixture(scope="module")
def analyst_out(prefect_harness, tmp_path_factory) -> Path:
    return build_out(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def executed(analyst_out) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))
    assert km.kernel_spec.argv[0] == sys.executable, km.kernel_spec.argv
    env = {**os.environ, "WIRECOPY_OUT": str(analyst_out)}
    env.pop("WIRECOPY_ENTITY", None)
    client = NotebookClient(
        nb, km=km, timeout=60, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute(env=env)  # raises CellExecutionError (with the traceback) if a cell fails
    return nb


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_notebook_runs_and_shows_the_chart(executed, analyst_out):
    outs = _outputs(executed)
    assert not [o for o in outs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outs), "no chart displayed"
    printed = "".join(o.get("text", "") for o in outs if o.output_type == "stream")
    assert f"reading {analyst_out}" in printed  # WIRECOPY_OUT wins over the repo default


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)


# Where the setup cell looks without WIRECOPY_OUT: Jupyter started at the repo root, or in
# notebooks/ (Jupyter's cwd is the notebook's folder). Executed in-process: no kernel needed.
@pytest.mark.parametrize("cwd", [ROOT, ROOT / "notebooks"], ids=["repo-root", "notebooks"])
def test_setup_cell_finds_data_processed(cwd, monkeypatch):
    monkeypatch.delenv("WIRECOPY_OUT", raising=False)
    monkeypatch.chdir(cwd)
    setup = next(
        c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"
    )
    ns: dict = {}
    exec(compile(setup, "quickstart-setup", "exec"), ns)
    assert ns["OUT"] == (ROOT / "data" / "processed").resolve()
