"""A problem found in knowledge-base input, located precisely enough for staff to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One defect: which file, which item/bundle/material, which field, and what is wrong."""

    file: str
    entity: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ":".join(part for part in (self.file, self.entity, self.field) if part)
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "entity": self.entity, "field": self.field, "message": self.message}


class CatalogError(Exception):
    """Raised when input cannot become a valid catalog; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        lines = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge base:\n{lines}{more}")
