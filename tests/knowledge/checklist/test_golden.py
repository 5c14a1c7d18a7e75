"""Golden checklists: every situation of every sample bundle and item, in readable files.

Each file lists the base situation in full and every other situation as its differences from it
(knowledge.checklist.scenarios.audit). A change in the engine or the sample knowledge base that
changes any checklist shows up here; after reviewing the difference, regenerate with
`BANSHI_UPDATE_GOLDEN=1 pytest tests/knowledge/checklist/test_golden.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.checklist import find_target
from knowledge.checklist.scenarios import audit
from knowledge.files import read_catalog
from tests.conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden"
CATALOG = read_catalog(SAMPLE).catalog
TARGETS = [(b.code, b.name) for b in CATALOG.bundles] + [(i.code, i.name) for i in CATALOG.items if i.questions]


@pytest.mark.parametrize(("code", "name"), TARGETS, ids=[f"{c}-{n}" for c, n in TARGETS])
def test_checklists_match_the_golden_file(code: str, name: str) -> None:
    text = audit(CATALOG, find_target(CATALOG, code))
    golden = GOLDEN / f"{code}-{name}.txt"
    if os.environ.get("BANSHI_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with BANSHI_UPDATE_GOLDEN=1 and review it"
    assert text == golden.read_text(encoding="utf-8")


def test_every_golden_file_belongs_to_a_target() -> None:
    expected = {f"{code}-{name}.txt" for code, name in TARGETS}
    assert {p.name for p in GOLDEN.glob("*.txt")} == expected


def test_the_barber_shop_covers_all_eight_premises_situations() -> None:
    text = (GOLDEN / "YJS-003-开办理发店一件事.txt").read_text(encoding="utf-8")
    premises = [line for line in text.splitlines() if line.startswith("## ")]
    for option in ("own", "purchase", "lease", "village", "collective_land", "market_stall", "residential", "free_use"):
        assert any(f"premises={option} " in line for line in premises), option
