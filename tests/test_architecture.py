"""The tree tells the story: stage subpackages, imports only downward, no Prefect in tasks/.

A stage may import the loose modules and the stages before it in the data flow; `flows/`
is the only place that imports Prefect. Module size is capped so no file becomes a grab-bag.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

TASKS = ROOT / "tasks"
# The data flow, lowest stage first: a module may import its own stage and those before it.
STAGES = ("places", "ingest", "parse", "enrich", "dedup", "store", "run", "train")
# settings, errors, version and derived_cache (used by parse and enrich alike): shared by every
# stage, owned by none. More than that and a stage is hiding in the loose modules.
LOOSE_ALLOWED = 4
MAX_LINES = 400


def _imported_modules(path: Path) -> set[str]:
    """Every absolute module a file imports, lazy (function-level) imports included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _stage_modules() -> list[tuple[str, Path]]:
    return [(p.relative_to(TASKS).parts[0], p) for p in sorted(TASKS.glob("*/**/*.py"))]


def test_tasks_is_split_into_stage_subpackages() -> None:
    subpackages = sorted(p.parent.name for p in TASKS.glob("*/__init__.py"))
    assert len(subpackages) >= 4, subpackages
    assert set(subpackages) <= set(STAGES), f"unknown stage: {set(subpackages) - set(STAGES)}"
    loose = sorted(p.name for p in TASKS.glob("*.py") if p.name != "__init__.py")
    assert len(loose) <= LOOSE_ALLOWED, loose


@pytest.mark.parametrize("stage,path", _stage_modules(), ids=lambda v: str(v)[-40:])
def test_a_stage_imports_only_lower_stages(stage: str, path: Path) -> None:
    rank = STAGES.index(stage)
    upward = sorted(
        name
        for name in _imported_modules(path)
        if name.startswith("tasks.")
        and name.split(".")[1] in STAGES
        and STAGES.index(name.split(".")[1]) > rank
    )
    assert not upward, f"{path.relative_to(ROOT)} imports a later stage: {upward}"


def test_no_prefect_import_under_tasks() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in TASKS.rglob("*.py")
        if any(n == "prefect" or n.startswith("prefect.") for n in _imported_modules(p))
    ]
    assert not offenders


def test_every_stage_says_what_it_takes_and_gives() -> None:
    for init in TASKS.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 2, f"{init} needs a docstring"


def test_no_module_over_the_size_cap() -> None:
    big = {
        str(p.relative_to(ROOT)): n
        for folder in ("tasks", "flows", "bench", "scripts")
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines: {big}"
