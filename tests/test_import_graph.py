"""The product's modules import one another one way: no cycles, not even through a lazy import.

A cycle hidden inside a function (``def f(): from x import y``) still ties the two modules
together, so every import statement counts, wherever it is. Only modules of the product
packages are nodes; third-party imports are ignored.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("api", "banshi", "bot", "knowledge", "nlu", "prereview")

# Known cycles outside knowledge/ that someone else is untangling: pairs of modules whose
# imports of each other are ignored. Remove a pair once it no longer is a cycle (a test says so).
ALLOWED_CYCLES: set[frozenset[str]] = set()

Graph = dict[str, set[str]]


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imported(module: str, path: Path, known: set[str]) -> set[str]:
    """The product modules `module` imports anywhere in its file (relative imports resolved)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join([*parts, *([node.module] if node.module else [])])
            # `from package import module` imports the module; `from module import name` the module.
            names += [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    out = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.add(name)
    return out


@cache
def import_graph() -> Graph:
    modules = _modules()
    known = set(modules)
    return {module: _imported(module, path, known) for module, path in modules.items()}


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _without_allowed(graph: Graph) -> Graph:
    return {a: {b for b in targets if frozenset((a, b)) not in ALLOWED_CYCLES} for a, targets in graph.items()}


def _describe(graph: Graph, component: list[str]) -> str:
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a]) if b in component]
    return "\n  ".join(edges)


def test_product_modules_import_each_other_one_way() -> None:
    graph = _without_allowed(import_graph())
    found = cycles(graph)
    assert not found, "import cycles:\n  " + "\n  ".join(_describe(graph, c) for c in found)


def test_every_allowed_cycle_still_exists() -> None:
    graph = import_graph()
    for pair in ALLOWED_CYCLES:
        a, b = sorted(pair)
        assert b in graph[a] or a in graph[b], f"{a} and {b} no longer import each other; drop the pair"
        assert any(set(pair) <= set(c) for c in cycles(graph)), f"{a} and {b} are no longer in a cycle"


def test_the_graph_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from . import a\n")
    (package / "a.py").write_text("def f():\n    from pkg.b import g\n    return g\n")
    (package / "b.py").write_text("from .a import f\n")
    known = {"pkg", "pkg.a", "pkg.b"}
    graph = {name: _imported(name, path, known) for name, path in (
        ("pkg", package / "__init__.py"), ("pkg.a", package / "a.py"), ("pkg.b", package / "b.py")
    )}
    assert graph == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
