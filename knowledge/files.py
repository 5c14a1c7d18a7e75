"""Reading and writing the knowledge base as YAML (a folder or one file) and JSON.

A YAML folder is what staff keep under version control: ``departments.yml``,
``materials/*.yml``, ``items/*.yml`` (one item per file), ``bundles/*.yml`` and
``synonyms.yml``. A single ``.yml``/``.json`` file holds the whole catalog under the keys
``departments, materials, items, bundles, synonyms``. Every problem is collected with its
file, entity and field before anything is raised, so one run reports them all. `read_catalog`
also reads Excel workbooks (knowledge.excel); every format goes through the same loader
(knowledge.entities).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from knowledge.entities import KEYS, SECTIONS, LoadedCatalog, empty_sections, parse_entities
from knowledge.excel import read_workbook
from knowledge.problems import CatalogError, Problem
from knowledge.schema import Catalog


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(str(path), "", where, f"not valid YAML: {reason}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), "", "", f"cannot read file: {exc}"))
    return None


def _as_list(data: Any, file: str, problems: list[Problem]) -> list[Any]:
    if data is None:
        return []
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    problems.append(Problem(file, "", "", "expected a list or a mapping at the top level"))
    return []


def _read_folder(root: Path, problems: list[Problem], loaded: LoadedCatalog) -> dict[str, list[BaseModel]]:
    sections = empty_sections()
    for kind in SECTIONS:
        files = sorted(root.glob(f"{kind}.yml")) + sorted(root.glob(f"{kind}.yaml"))
        files += sorted((root / kind).glob("*.yml")) + sorted((root / kind).glob("*.yaml"))
        for path in files:
            data = _read_yaml(path, problems)
            raws = _as_list(data, str(path), problems)
            sections[kind] += parse_entities(kind, raws, str(path), problems, loaded)
    if not any(sections.values()) and not problems:
        problems.append(
            Problem(str(root), "", "", "no knowledge-base files found (expected items/*.yml, materials/*.yml …)")
        )
    return sections


def _read_single(path: Path, problems: list[Problem], loaded: LoadedCatalog) -> dict[str, list[BaseModel]]:
    sections = empty_sections()
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), "", "", f"not valid JSON: {exc}"))
            return sections
    else:
        data = _read_yaml(path, problems)
    if data is None:
        return sections
    if not isinstance(data, dict):
        problems.append(Problem(str(path), "", "", "expected a mapping with keys " + ", ".join(SECTIONS)))
        return sections
    for key in data:
        if key not in SECTIONS:
            problems.append(Problem(str(path), "", key, f"unknown section; valid: {', '.join(SECTIONS)}"))
    for kind in SECTIONS:
        raws = _as_list(data.get(kind), str(path), problems)
        sections[kind] = parse_entities(kind, raws, str(path), problems, loaded)
    return sections


def read_catalog(path: str | Path) -> LoadedCatalog:
    """Read a YAML folder, a YAML file, a JSON file or an Excel workbook.

    Raises CatalogError listing every schema problem (semantic checks are in validate.py).
    """
    path = Path(path)
    problems: list[Problem] = []
    loaded = LoadedCatalog(Catalog())
    if not path.exists():
        raise CatalogError([Problem(str(path), "", "", "no such file or folder")])
    if path.is_dir():
        sections = _read_folder(path, problems, loaded)
    elif path.suffix.lower() == ".xlsx":
        sections = read_workbook(path, problems, loaded)
    elif path.suffix.lower() in {".yml", ".yaml", ".json"}:
        sections = _read_single(path, problems, loaded)
    else:
        raise CatalogError(
            [Problem(str(path), "", "", "unsupported file type; use a folder, .yml, .json or .xlsx")]
        )
    if problems:
        raise CatalogError(problems)
    loaded.catalog = Catalog.model_validate(
        {kind: [e.model_dump() for e in entities] for kind, entities in sections.items()}
    )
    return loaded


def catalog_to_plain(catalog: Catalog) -> dict[str, Any]:
    """JSON-ready dict without defaults, so exported files stay as short as the originals."""
    return catalog.model_dump(mode="json", exclude_defaults=True)


def canonical_plain(catalog: Catalog) -> dict[str, Any]:
    """Like catalog_to_plain, with every section sorted by its key: equal content, equal value."""
    plain = catalog_to_plain(catalog)
    for section, entities in plain.items():
        entities.sort(key=lambda e, key=KEYS[section]: str(e[key]))
    return plain


def write_json(catalog: Catalog, path: str | Path) -> None:
    Path(path).write_text(
        json.dumps(catalog_to_plain(catalog), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_yaml(catalog: Catalog, path: str | Path) -> None:
    """Write a folder (path without suffix) or a single file (path ending in .yml/.yaml)."""
    path = Path(path)
    plain = catalog_to_plain(catalog)
    if path.suffix.lower() in {".yml", ".yaml"}:
        path.write_text(_dump_yaml(plain), encoding="utf-8")
        return
    path.mkdir(parents=True, exist_ok=True)
    for kind in ("departments", "synonyms", "out_of_scope_examples"):
        (path / f"{kind}.yml").write_text(_dump_yaml(plain.get(kind, [])), encoding="utf-8")
    (path / "materials").mkdir(exist_ok=True)
    (path / "materials" / "all.yml").write_text(_dump_yaml(plain.get("materials", [])), encoding="utf-8")
    for kind in ("items", "bundles"):
        (path / kind).mkdir(exist_ok=True)
        for entity in plain.get(kind, []):
            name = f"{entity['code']}-{entity['name']}.yml".replace("/", "_")
            (path / kind / name).write_text(_dump_yaml(entity), encoding="utf-8")
