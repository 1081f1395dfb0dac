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
STAGES = ("store", "places", "ingest", "parse", "enrich", "dedup", "run", "train")
# settings, errors and version: shared by every stage, owned by none. More than that and a
# stage is hiding in the loose modules.
LOOSE_ALLOWED = 3
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


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports, lazy imports included. `from pkg import mod`
    imports the submodule `pkg.mod`; `from pkg import name` imports `pkg` itself (its
    `__init__`), as Python resolves them."""
    paths = sorted([*TASKS.rglob("*.py"), *(ROOT / "flows").rglob("*.py")])
    modules = {_module_name(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    deps.add(sub if sub in modules else node.module)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_two_modules_import_each_other_directly_or_in_a_loop() -> None:
    assert _cycles(_import_graph()) == []


def test_the_cycle_check_sees_a_loop() -> None:
    # a → b → c → a is one component; d only points into it
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_store_is_the_bottom_layer() -> None:
    """store/ owns paths, schemas, staging, the journal and the ledger: it imports no stage."""
    others = set(STAGES) - {"store"}
    offenders = {
        str(p.relative_to(ROOT)): sorted(
            n for n in _imported_modules(p) if n.startswith("tasks.") and n.split(".")[1] in others
        )
        for p in (TASKS / "store").rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


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
        for folder in ("tasks", "flows", "bench", "scripts", "tests")
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines: {big}"
