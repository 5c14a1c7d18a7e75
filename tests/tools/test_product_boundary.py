"""Development tools stay out of the product: no product module imports them, the wheel leaves them out."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("api", "banshi", "bot", "knowledge", "nlu", "prereview")
DEVELOPMENT = ("tools", "tests", "bench")


def _imported(path: Path) -> set[str]:
    """Every module a file imports (absolute imports; relative ones stay inside the product)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PRODUCT)
def test_no_product_module_imports_development_code(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(_imported(path))
        if name.split(".")[0] in DEVELOPMENT
    ]
    assert offenders == []


def test_the_wheel_packages_no_development_code() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packaged = find_namespace_packages(str(ROOT), include=include)
    assert "prereview" in packaged
    assert [name for name in packaged if name.split(".")[0] in DEVELOPMENT or "synthetic" in name] == []
