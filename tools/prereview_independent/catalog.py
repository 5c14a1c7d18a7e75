"""The sample catalogue (knowledge/sample), read as plain YAML: materials with their names,
aliases, document types and form fields; items with their base materials, questions and rules.

`required_materials` applies an item's rules to a situation the way docs/knowledge-format.md
describes (remove, then add, then override, rule by rule in file order) and, as the manifest's
empty `e_licenses` says, counts no material as 免提交.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "knowledge" / "sample"


@dataclass(frozen=True)
class Requirement:
    material: str
    required: bool
    lenient: bool
    promise: bool
    signature: str


@lru_cache(maxsize=1)
def materials() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((SAMPLE / "materials").glob("*.yml")):
        for m in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out[m["code"]] = m
    return out


@lru_cache(maxsize=1)
def items() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((SAMPLE / "items").glob("*.yml")):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[str(item["code"])] = item
    return out


def form_fields(material: str) -> list[dict]:
    return [dict(f, required=f.get("required", True)) for f in materials()[material].get("fields", [])]


def _req(d: dict) -> Requirement:
    return Requirement(d["material"], bool(d.get("required", False)), bool(d.get("lenient", False)),
                       bool(d.get("promise", False)), str(d.get("signature", "无")))


def _matches(when: dict, answers: dict[str, list[str]]) -> bool:
    return all(any(o in answers.get(q, []) for o in opts) for q, opts in when.items())


def required_materials(item_code: str, answers: dict[str, str | list[str]]) -> dict[str, Requirement]:
    """The material requirements of an item in a situation (full answers), in checklist order."""
    item = items()[item_code]
    norm = {q: ([a] if isinstance(a, str) else list(a)) for q, a in answers.items()}
    entries: dict[str, Requirement] = {r["material"]: _req(r) for r in item["materials"]}
    for rule in item.get("rules") or []:
        if not _matches(rule["when"], norm):
            continue
        for code in rule.get("remove") or []:
            entries.pop(code, None)
        for add in rule.get("add") or []:
            entries[add["material"]] = _req(add)
        for change in rule.get("override") or []:
            old = entries.get(change["material"])
            if old is None:
                continue
            entries[change["material"]] = Requirement(
                old.material,
                bool(change.get("required", old.required)),
                bool(change.get("lenient", old.lenient)),
                bool(change.get("promise", old.promise)),
                str(change.get("signature", old.signature)),
            )
    return entries


def questions(item_code: str) -> dict[str, dict]:
    return {q["id"]: q for q in items()[item_code].get("questions") or []}
