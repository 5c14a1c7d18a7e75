"""The independent pre-review evaluation set (tools/prereview_independent): deterministic, complete,
labelled with known codes and materials, and made of fictitious people. No OCR: the files are
checked by what they are, the ID numbers through the generator's truth.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from stdnum.cn import ric

from tools.prereview_independent import build, catalog, defects, fonts, people

COUNT = 24
SEED = 11

def _fonts_present() -> bool:
    try:
        fonts.available()
    except fonts.FontsMissing:
        return False
    return True


needs_fonts = pytest.mark.skipif(not _fonts_present(), reason=fonts.INSTALL_HINT)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _fonts_present():
        pytest.skip(fonts.INSTALL_HINT)
    out = tmp_path_factory.mktemp("indep") / "set"
    build.generate(out, SEED, COUNT, workers=2, log=lambda *_: None)
    return out


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _truth(out: Path) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads((out / "truth.json").read_text(encoding="utf-8"))}


def _digest(out: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(out)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@needs_fonts
def test_the_manifest_has_the_harness_format(generated: Path) -> None:
    m = _manifest(generated)
    assert m["today"] == "2026-12-07" and m["e_licenses"] == [] and m["generator"] == "independent" and m["seed"] == SEED
    assert len(m["cases"]) == COUNT
    ids = [c["id"] for c in m["cases"]]
    assert len(set(ids)) == COUNT
    for c in m["cases"]:
        assert set(c) == {"id", "target", "answers", "files", "expected", "defect", "split", "notes"}
        assert c["target"] in catalog.items()
        assert c["split"] in ("tune", "report")
        questions = catalog.questions(c["target"])
        for q, a in c["answers"].items():
            options = {o["id"] for o in questions[q]["options"]}
            assert (set(a) if isinstance(a, list) else {a}) <= options, (c["id"], q, a)
        for f in c["files"]:
            assert set(f) == {"path", "label"}
        assert (c["defect"] == "clean") == (c["expected"] == []), c["id"]
        assert c["defect"] == "clean" or c["defect"] in {e["code"] for e in c["expected"]}


@needs_fonts
def test_every_file_exists_and_expected_files_are_uploaded(generated: Path) -> None:
    for c in _manifest(generated)["cases"]:
        paths = {f["path"] for f in c["files"]}
        assert len(paths) == len(c["files"])
        for p in paths:
            assert (generated / p).is_file(), p
        for e in c["expected"]:
            assert e["file"] is None or e["file"] in paths, (c["id"], e)


@needs_fonts
def test_expected_defects_name_known_codes_and_catalogue_materials(generated: Path) -> None:
    materials = catalog.materials()
    for c in _manifest(generated)["cases"]:
        for e in c["expected"]:
            assert set(e) == {"code", "material", "file"}
            assert e["code"] in defects.CODES
            assert e["material"] is None or e["material"] in materials, e
            if e["code"] == "missing_material":
                assert e["material"] and e["file"] is None
                needed = catalog.required_materials(c["target"], _truth(generated)[c["id"]]["truth_answers"])
                assert needed[e["material"]].required
        for f in c["files"]:
            label = f["label"]
            if label and label.startswith("M-"):
                assert label in materials


@needs_fonts
def test_both_splits_contain_every_code(generated: Path) -> None:
    table = build.counts(_manifest(generated))
    for code in defects.CODES + ["clean"]:
        assert table.get(code, {}).get("tune", 0) >= 1, code
        assert table.get(code, {}).get("report", 0) >= 1, code


@needs_fonts
def test_id_numbers_are_valid_in_clean_cases_and_invalid_where_seeded(generated: Path) -> None:
    truth = _truth(generated)
    seen_invalid = 0
    for c in _manifest(generated)["cases"]:
        t = truth[c["id"]]
        codes = {e["code"] for e in c["expected"]}
        numbers = {p["id_number"] for p in t["people"].values()}
        printed = {v for d in t["documents"] for k, v in d["data"].items()
                   if v and ("身份号码" in k or "身份证件号" in k or k.endswith("证件号码"))}
        if c["defect"] == "clean":
            assert all(ric.is_valid(n) for n in numbers | printed), (c["id"], numbers | printed)
        if "id_number_invalid" in codes:
            assert any(not ric.is_valid(n) for n in numbers), c["id"]
            seen_invalid += 1
        if "id_number_invalid" not in codes:
            assert all(ric.is_valid(n) for n in printed), (c["id"], printed)
    assert seen_invalid >= 2


@needs_fonts
def test_clean_cases_upload_every_required_material(generated: Path) -> None:
    truth = _truth(generated)
    for c in _manifest(generated)["cases"]:
        if c["defect"] != "clean":
            continue
        t = truth[c["id"]]
        have = {d["material"] for d in t["documents"]}
        for code, req in catalog.required_materials(c["target"], t["truth_answers"]).items():
            if req.required:
                assert code in have or (code == "M-PREMISES-PROOF" and have & {"M-LEASE", "M-PROPERTY-CERT"}), (c["id"], code)


@needs_fonts
def test_people_are_fictitious(generated: Path) -> None:
    surnames, male, female = people.all_fictitious_names()
    given = set(male) | set(female)
    elsewhere = tuple(name for name, _ in people.ELSEWHERE)  # 居住证 applicants' home counties (fictitious)
    for t in _truth(generated).values():
        for p in t["people"].values():
            name = p["name"]
            assert name[0] in surnames and name[1:] in given, name
        for d in t["documents"]:
            for k, v in d["data"].items():
                if k.endswith("电话") and v:
                    assert v.startswith("0123-"), v  # the catalogue's fictitious area code
                if k in ("住址", "经营场所", "住所", "坐落", "房屋坐落", "居住地址") and v:
                    assert v.startswith("桐江市") or v.startswith(elsewhere), v


@needs_fonts
def test_files_are_what_they_claim(generated: Path) -> None:
    m = _manifest(generated)
    truth = _truth(generated)
    bad = {e["file"] for c in m["cases"] for e in c["expected"] if e["code"] == "wrong_file_type"}
    for c in m["cases"]:
        for f in c["files"]:
            data = (generated / f["path"]).read_bytes()
            if f["path"] in bad:
                continue
            if f["path"].endswith(".jpg"):
                assert data[:3] == b"\xff\xd8\xff", f["path"]
            elif f["path"].endswith(".png"):
                assert data[:8] == b"\x89PNG\r\n\x1a\n"
            elif f["path"].endswith(".pdf"):
                assert data[:5] == b"%PDF-"
            elif f["path"].endswith(".docx"):
                assert data[:2] == b"PK"
            else:
                pytest.fail(f"unexpected file {f['path']}")
    assert any(d["kind"] == "form" for t in truth.values() for d in t["documents"])


@needs_fonts
def test_the_generator_is_deterministic_for_a_seed(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build.generate(again, SEED, COUNT, workers=1, log=lambda *_: None)
    assert (again / "manifest.json").read_bytes() == (generated / "manifest.json").read_bytes()
    assert _digest(again) == _digest(generated)


def test_splits_are_balanced_per_main_code() -> None:
    cases = build.plan(SEED, 60)
    groups: dict[str, dict[str, int]] = {}
    for c in cases:
        groups.setdefault(c.main, {"tune": 0, "report": 0})[c.split] += 1
    for main, n in groups.items():
        assert abs(n["tune"] - n["report"]) <= 1, (main, n)
    again = build.plan(SEED, 60)
    assert [(c.id, c.split) for c in again] == [(c.id, c.split) for c in cases]


def test_check_digits_follow_the_standards() -> None:
    assert people.check_digit("36042619910101007") == "1"
    assert ric.is_valid("36042619910101007" + people.check_digit("36042619910101007"))
    assert people.uscc_check("91110108551385082") == "Q"
    import random

    rng = random.Random(1)
    for _ in range(50):
        p = people.make_person(rng)
        assert ric.is_valid(p.id_number)
        assert not ric.is_valid(people.corrupt_check_digit(p.id_number, rng))
        assert not ric.is_valid(people.impossible_date(p.id_number, rng))
        assert ric.is_valid(people.other_valid_number(p.id_number, rng))
