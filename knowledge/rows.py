"""Schema entities as rows of knowledge.db and back, derived from the models and the tables.

A field is a column when the row has a column of its name (or of the name `renamed` gives it,
department → department_code); a field holding child entities is the relationship of the same
name; every other field goes to the row's one JSON column (`rest`), in the plain form of the
YAML/JSON files. Nothing here names those other fields, so a new field of an item needs no
column, no migration and no code: only the schema and the sample data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from banshi.db import Base
from knowledge.db import (
    BundleItemRow,
    BundleRow,
    DepartmentRow,
    FaqRow,
    ItemMaterialRow,
    ItemRow,
    MaterialRow,
    OutOfScopeRow,
    SynonymRow,
)
from knowledge.schema import (
    Bundle,
    BundleItem,
    Department,
    Faq,
    Item,
    Material,
    MaterialRequirement,
    OutOfScopeExample,
    Synonym,
)


@dataclass(frozen=True)
class RowShape:
    """How one kind of entity is stored: which fields are columns, which child rows, the rest JSON."""

    model: type[BaseModel]
    row: type[Base]
    renamed: Mapping[str, str] = field(default_factory=dict)
    children: Mapping[str, RowShape] = field(default_factory=dict)
    rest: str | None = None
    columns: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        table = self.row.__table__.columns
        where = f"{self.model.__name__} in {self.row.__name__}"
        if self.rest is not None and (self.rest not in table or self.rest in self.model.model_fields):
            raise TypeError(f"{where}: the JSON column {self.rest!r} must be a column and not a field")
        columns = {
            name: self.renamed.get(name, name)
            for name in self.model.model_fields
            if name not in self.children and self.renamed.get(name, name) in table
        }
        stray = set(self.renamed) - set(columns)
        if stray:
            raise TypeError(f"{where}: renamed fields without their column: {', '.join(sorted(stray))}")
        lost = set(self.model.model_fields) - set(columns) - set(self.children)
        if self.rest is None and lost:
            raise TypeError(
                f"{where}: no column for {', '.join(sorted(lost))}; add one (and a migration) or a JSON column"
            )
        object.__setattr__(self, "columns", columns)

    def to_row(self, entity: BaseModel, **links: Any) -> Base:
        """A new row of `entity` and its children; `links` are row-only columns such as position."""
        values = {column: _column_value(getattr(entity, name)) for name, column in self.columns.items()}
        if self.rest is not None:
            values[self.rest] = entity.model_dump(mode="json", exclude={*self.columns, *self.children})
        row = self.row(**values, **links)
        for name, child in self.children.items():
            setattr(row, name, [child.to_row(e, position=i) for i, e in enumerate(getattr(entity, name))])
        return row

    def to_plain(self, row: Base) -> dict[str, Any]:
        """The entity's plain dict, ready for model validation."""
        data: dict[str, Any] = dict(getattr(row, self.rest)) if self.rest is not None else {}
        data.update({name: getattr(row, column) for name, column in self.columns.items()})
        for name, child in self.children.items():
            data[name] = [child.to_plain(r) for r in getattr(row, name)]
        return data


def _column_value(value: Any) -> Any:
    """The value as the YAML files write it (enums by value), but dates stay dates: SQL has a type for them."""
    return value if isinstance(value, date) else to_jsonable_python(value)


FAQ = RowShape(Faq, FaqRow, renamed={"q": "question", "a": "answer"})
REQUIREMENT = RowShape(
    MaterialRequirement, ItemMaterialRow, renamed={"material": "material_code"}, rest="details"
)
MEMBER = RowShape(BundleItem, BundleItemRow, renamed={"item": "item_code"}, rest="details")

# Every section of a Catalog, in an order that inserts rows after the rows they point at.
SHAPES: dict[str, RowShape] = {
    "departments": RowShape(Department, DepartmentRow),
    "materials": RowShape(Material, MaterialRow, rest="details"),
    "items": RowShape(
        Item,
        ItemRow,
        renamed={"department": "department_code"},
        children={"materials": REQUIREMENT, "faqs": FAQ},
        rest="guide",
    ),
    "bundles": RowShape(
        Bundle,
        BundleRow,
        renamed={"department": "department_code"},
        children={"items": MEMBER, "faqs": FAQ},
        rest="guide",
    ),
    "synonyms": RowShape(Synonym, SynonymRow),
    "out_of_scope_examples": RowShape(OutOfScopeExample, OutOfScopeRow, renamed={"q": "question"}),
}


def rows_children_first() -> list[type[Base]]:
    """Every row type of the knowledge base, each after the rows that point at it (for deleting)."""
    out: list[type[Base]] = []
    for shape in reversed(SHAPES.values()):
        for row in [*(child.row for child in shape.children.values()), shape.row]:
            if row not in out:
                out.append(row)
    return out
