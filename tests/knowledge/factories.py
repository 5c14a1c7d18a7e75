"""Factories for small, valid knowledge-base fragments that tests then break on purpose."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

DEPARTMENT = {"code": "D-1", "name": "测试市公安局"}
MATERIALS = [
    {"code": "M-ID", "name": "测试身份证件", "aliases": ["测试证"], "e_license": True},
    {"code": "M-HK", "name": "测试户口簿"},
    {"code": "M-LOSS", "name": "测试挂失申报表"},
]
ITEM: dict[str, Any] = {
    "code": "000000000001",
    "name": "测试证件补领",
    "aliases": ["补证"],
    "type": "行政确认",
    "department": "D-1",
    "conditions": "本市户籍居民。",
    "process": [{"name": "申请"}, {"name": "受理"}],
    "promised_time_limit": {"days": 5},
    "handling_type": "承诺件",
    "places": [{"name": "市民中心", "address": "测试市政务大道1号", "hours": "工作日 9:00-17:00"}],
    "faqs": [{"q": "要多久？", "a": "5个工作日。"}],
    "materials": [{"material": "M-ID", "source": "政府部门核发"}],
    "questions": [
        {"id": "kind", "text": "哪种情况？", "options": [{"id": "first", "text": "首次"}, {"id": "lost", "text": "丢失"}]},
        {
            "id": "where",
            "text": "户口在本市吗？",
            "show_if": {"kind": ["lost"]},
            "options": [{"id": "local", "text": "本市"}, {"id": "other", "text": "外地"}],
        },
    ],
    "rules": [{"when": {"kind": ["lost"]}, "add": [{"material": "M-LOSS"}]}],
}


def item(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(ITEM)
    data.update(changes)
    return data


def write_kb(root: Path, items: list[dict] | None = None, materials: list[dict] | None = None) -> Path:
    """A YAML folder with one department, the materials and the items (one file each)."""
    (root / "items").mkdir(parents=True, exist_ok=True)
    (root / "materials").mkdir(exist_ok=True)
    (root / "departments.yml").write_text(yaml.safe_dump([DEPARTMENT], allow_unicode=True), encoding="utf-8")
    (root / "materials" / "all.yml").write_text(
        yaml.safe_dump(MATERIALS if materials is None else materials, allow_unicode=True), encoding="utf-8"
    )
    for n, data in enumerate([item()] if items is None else items):
        (root / "items" / f"{n}-{data['code']}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root
