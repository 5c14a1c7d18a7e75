"""Plain dicts → schema entities, every problem located: the one loader behind every format.

The YAML/JSON reader (knowledge.files) and the Excel reader (knowledge.excel) both turn their
input into the plain dicts the YAML files hold and validate them here, so a catalog means the
same whatever file it came from. `LoadedCatalog` remembers where each entity came from, for the
locations of semantic problems (knowledge.validate).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge.problems import Problem
from knowledge.schema import Bundle, Catalog, Department, Item, Material, OutOfScopeExample, Synonym

SECTIONS: dict[str, type[BaseModel]] = {
    "departments": Department,
    "materials": Material,
    "items": Item,
    "bundles": Bundle,
    "synonyms": Synonym,
    "out_of_scope_examples": OutOfScopeExample,
}
KEYS = {"departments": "code", "materials": "code", "items": "code", "bundles": "code", "synonyms": "term", "out_of_scope_examples": "q"}

Location = tuple[str | int, ...]


@dataclass
class LoadedCatalog:
    """A catalog and, for every entity, the file it came from (for validator locations)."""

    catalog: Catalog
    sources: dict[str, str] = field(default_factory=dict)

    def source(self, kind: str, code: str) -> str:
        return self.sources.get(f"{kind}:{code}", "")


def entity_key(kind: str, code: str) -> str:
    return f"{kind}:{code}"


def format_location(loc: Sequence[int | str]) -> str:
    """A pydantic error location as a Problem's field: ``materials[0].copies``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_location(text: str) -> Location:
    """The inverse of `format_location`, for readers that map a field back to where it was written."""
    return tuple(
        int(m.group(1)) if m.group(1) is not None else m.group(2)
        for m in re.finditer(r"\[(\d+)\]|([^.\[\]]+)", text)
    )


def _entity_label(kind: str, raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("code", "term", "name", "q"):
            if raw.get(key):
                return f"{kind[:-1]} {raw[key]}"
    return f"{kind[:-1]} #{index + 1}"


def parse_entities(
    kind: str, raws: Iterable[Any], file: str, problems: list[Problem], loaded: LoadedCatalog
) -> list[BaseModel]:
    """Validate the plain dicts of one section; bad ones become problems, good ones are recorded in `loaded`."""
    model = SECTIONS[kind]
    out: list[BaseModel] = []
    for index, raw in enumerate(raws):
        label = _entity_label(kind, raw, index)
        if not isinstance(raw, dict):
            problems.append(Problem(file, label, "", f"expected a mapping, got {type(raw).__name__}"))
            continue
        try:
            entity = model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(Problem(file, label, format_location(err["loc"]), err["msg"]))
            continue
        code = str(getattr(entity, KEYS[kind]))
        loaded.sources.setdefault(entity_key(kind[:-1], code), file)
        out.append(entity)
    return out


def empty_sections() -> dict[str, list[BaseModel]]:
    return {kind: [] for kind in SECTIONS}

