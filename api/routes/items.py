"""GET /api/v1/items/{code} — a whole service guide (or bundle), materials resolved by name."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from api.deps import get_knowledge
from banshi.runtime import Knowledge

router = APIRouter(prefix="/api/v1", tags=["items"])


@router.get("/items/{code}")
def get_item(code: str, knowledge: Annotated[Knowledge, Depends(get_knowledge)]) -> dict[str, Any]:
    """The guide of one item or bundle by its code (search first to find codes)."""
    catalog = knowledge.catalog
    item = catalog.item(code)
    if item is not None:
        data = item.model_dump(mode="json")
        for req in data["materials"]:
            material = catalog.material(req["material"])
            req["material_name"] = material.name if material else req["material"]
        department = catalog.department(item.department)
        data["department_name"] = department.name if department else item.department
        return {"kind": "item", **data}
    bundle = catalog.bundle(code)
    if bundle is not None:
        data = bundle.model_dump(mode="json")
        for member in data["items"]:
            member_item = catalog.item(member["item"])
            member["name"] = member_item.name if member_item else member["item"]
        return {"kind": "bundle", **data}
    raise HTTPException(
        status_code=404,
        detail=f"没有编码为 {code!r} 的事项 (no item or bundle with this code); use POST /api/v1/search to find codes",
    )
