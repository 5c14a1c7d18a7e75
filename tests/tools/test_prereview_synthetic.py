"""The synthetic document generator: valid (and deliberately invalid) numbers, the ID-card validity
rule, reproducible renders, plausible pages, hostile files, and a manifest covering every defect."""

from __future__ import annotations

import io
import json
import random
import warnings
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps
from stdnum.cn import ric, uscc

from prereview.identifiers import id_check_char
from tools.prereview_synthetic import degrade, hostile, identities, render
from tools.prereview_synthetic.cases import DEFECT_CODES, CaseJob, build_case, build_cases
from tools.prereview_synthetic.identities import (
    id_card_period,
    make_company,
    make_person,
    validity_years,
    with_impossible_birth_date,
    with_wrong_check_char,
    with_wrong_uscc_check,
)

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _needs_font() -> None:
    try:
        render.find_font()
    except render.FontMissing:
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")


def people(count: int, seed: int = 1) -> list[identities.Person]:
    rng = random.Random(seed)
    return [make_person(rng, TODAY, age=(0, 80) if i % 3 else (18, 60)) for i in range(count)]


# -- numbers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_id_numbers_are_valid_and_match_the_person(seed: int) -> None:
    for person in people(60, seed):
        assert ric.is_valid(person.id_number), person
        assert ric.get_birth_date(person.id_number) == person.birth
        assert int(person.id_number[16]) % 2 == (1 if person.sex == "男" else 0)


@pytest.mark.parametrize(("name", "broken"), [("check character", with_wrong_check_char), ("impossible birth date", with_impossible_birth_date)])
def test_invalid_id_variants_fail_validation(name: str, broken: Callable[[str, random.Random], str]) -> None:
    rng = random.Random(4)
    for person in people(40):
        bad = broken(person.id_number, rng)
        assert bad != person.id_number and len(bad) == 18
        assert not ric.is_valid(bad), (name, bad)
        if broken is with_impossible_birth_date:
            assert bad[17] == id_check_char(bad[:17]), "only the date should be wrong"


def test_every_region_code_is_a_known_division() -> None:
    for region in identities.REGIONS:
        body = region.code + "19900101123"
        assert ric.is_valid(body + id_check_char(body)), region


@pytest.mark.parametrize("kind", ["individual", "company"])
def test_uscc_valid_and_wrong_check_character_invalid(kind: str) -> None:
    rng = random.Random(9)
    for person in people(30):
        company = make_company(rng, TODAY, person, kind=kind)
        assert uscc.is_valid(company.uscc), company.uscc
        assert company.uscc[:2] == ("92" if kind == "individual" else "91")
        assert not uscc.is_valid(with_wrong_uscc_check(company.uscc, rng))


# -- ID card validity (居民身份证法 第5条) -------------------------------------------------------
@pytest.mark.parametrize(
    ("age", "years"),
    [(0, 5), (10, 5), (15, 5), (16, 10), (20, 10), (25, 10), (26, 20), (40, 20), (45, 20), (46, None), (80, None)],
)
def test_validity_follows_age_at_issue(age: int, years: int | None) -> None:
    assert validity_years(age) == years


@pytest.mark.parametrize(
    ("birth", "issued", "end"),
    [
        (date(2000, 3, 1), date(2016, 2, 29), date(2021, 2, 28)),  # still 15: 5 years (29 Feb → 28 Feb)
        (date(2000, 3, 1), date(2016, 3, 1), date(2026, 3, 1)),  # 16: 10 years
        (date(1990, 7, 1), date(2016, 7, 1), date(2036, 7, 1)),  # 26: 20 years
        (date(1960, 1, 1), date(2010, 5, 5), None),  # 50: 长期
    ],
)
def test_card_period(birth: date, issued: date, end: date | None) -> None:
    assert id_card_period(birth, issued) == (issued, end)


def test_people_hold_cards_valid_today_that_follow_the_rule() -> None:
    for person in people(80, seed=5):
        if person.birth > TODAY.replace(year=TODAY.year - 1):
            continue  # newborns hold no card
        years = validity_years(person.age_on(person.id_valid_from))
        expected_end = None if years is None else identities.add_years(person.id_valid_from, years)
        assert person.id_valid_until == expected_end
        assert person.id_valid_until is None or person.id_valid_until > TODAY
        assert person.id_period.endswith("长期") == (person.id_valid_until is None)


def test_expired_card_ends_before_today() -> None:
    rng = random.Random(2)
    person = make_person(rng, TODAY, age=(30, 40))
    expired = identities.with_expired_card(person, rng, TODAY)
    assert expired.id_valid_until is not None and expired.id_valid_until < TODAY
    assert expired.id_number == person.id_number


# -- rendering --------------------------------------------------------------------------------------
def _cast(seed: int = 3) -> dict:
    rng = random.Random(seed)
    a = make_person(rng, TODAY, sex="男", age=(28, 40))
    b = make_person(rng, TODAY, sex="女", age=(26, 38))
    landlord = make_person(rng, TODAY)
    company = make_company(rng, TODAY, a, kind="company")
    return {
        "person": a,
        "company": company,
        "lease": identities.make_lease(rng, TODAY, landlord, a, company.address),
        "property": identities.make_property(rng, TODAY, a, a.address),
        "marriage": identities.make_marriage(rng, TODAY, a, b),
        "birth": identities.make_birth(rng, TODAY, b, a),
    }


RENDERERS: dict[str, Callable[[dict, random.Random], render.Document]] = {
    "id_card_front": lambda c, rng: render.id_card_front(c["person"], rng),
    "id_card_back": lambda c, rng: render.id_card_back(c["person"], rng),
    "hukou": lambda c, rng: render.hukou(c["person"], rng, household="123456789", relation="户主", registered=date(2015, 3, 4)),
    "marriage_cert": lambda c, rng: render.marriage_cert(c["marriage"], c["person"], rng),
    "business_license": lambda c, rng: render.business_license(c["company"], rng),
    "lease_contract": lambda c, rng: render.lease_contract(c["lease"], rng),
    "property_cert": lambda c, rng: render.property_cert(c["property"], rng),
    "birth_cert": lambda c, rng: render.birth_cert(c["birth"], rng),
    "form": lambda c, rng: render.form(
        "个体工商户登记（备案）申请书",
        [render.FormRow("经营者姓名", "经营者姓名", c["person"].name), render.FormRow("公民身份号码", "公民身份号码", c["person"].id_number)],
        rng, seal_label="单位", sealed=True, seal_text=c["company"].name, filled_on=TODAY),
    "generic": lambda c, rng: render.generic_document("在职证明", ["兹证明某某系我单位职工。"], rng, seal_text="某某有限公司", dated=TODAY),
    "notice": lambda c, rng: render.unrelated_notice(rng, TODAY),
    "photo": lambda c, rng: render.portrait_photo(c["person"], rng),
}


@pytest.mark.parametrize("kind", sorted(RENDERERS))
def test_each_renderer_draws_a_plausible_page(kind: str) -> None:
    doc = RENDERERS[kind](_cast(), random.Random(11))
    page = doc.pages[0]
    image = render.rasterize(page, doc.dpi)
    expected = (round(page.width * doc.dpi / 25.4), round(page.height * doc.dpi / 25.4))
    assert image.size == expected
    assert min(image.size) >= 300 and max(image.size) <= 4000
    ink = float((np.asarray(image.convert("L")) < 100).mean())
    assert 0.002 < ink < 0.6, f"{kind}: {ink:.4f} of the page is dark"
    if doc.type is not None:
        assert doc.type.value == kind
        assert doc.fields and all(isinstance(v, str) for v in doc.fields.values())


def test_id_card_has_card_size_at_card_resolution() -> None:
    doc = render.id_card_front(_cast()["person"], random.Random(1))
    assert (doc.pages[0].width, doc.pages[0].height) == (85.6, 54.0)
    assert 300 <= doc.dpi <= 400


def test_same_seed_same_bytes() -> None:
    person = _cast()["person"]
    first = render.png_bytes(render.rasterize(render.id_card_front(person, random.Random(42)).pages[0], 300))
    second = render.png_bytes(render.rasterize(render.id_card_front(person, random.Random(42)).pages[0], 300))
    other = render.png_bytes(render.rasterize(render.id_card_front(person, random.Random(43)).pages[0], 300))
    assert first == second
    assert first != other


def test_text_pdf_has_a_text_layer_and_scans_do_not() -> None:
    import pypdfium2 as pdfium

    doc = RENDERERS["lease_contract"](_cast(), random.Random(2))
    text_pdf = pdfium.PdfDocument(render.pdf_bytes(doc.pages))
    assert len(text_pdf) == len(doc.pages) >= 2
    text = text_pdf[0].get_textpage().get_text_range()
    assert doc.fields["承租方证件号码"] in text and "房屋租赁合同" in text
    scan = pdfium.PdfDocument(render.image_pdf_bytes([render.rasterize(doc.pages[0], 100)], 100))
    assert scan[0].get_textpage().count_chars() == 0


def test_form_as_word_holds_the_fields_in_a_table() -> None:
    import docx

    doc = RENDERERS["form"](_cast(), random.Random(5))
    word = docx.Document(io.BytesIO(render.docx_bytes(doc, random.Random(5))))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    for name, value in doc.fields.items():
        assert name in cells and value in cells
    assert render.docx_bytes(doc, random.Random(5)) == render.docx_bytes(doc, random.Random(5))


@pytest.mark.slow
def test_ocr_reads_name_and_number_from_a_clean_id_card() -> None:
    rapidocr = pytest.importorskip("rapidocr")
    person = _cast(seed=8)["person"]
    doc = render.id_card_front(person, random.Random(8))
    image = render.rasterize(doc.pages[0], doc.dpi)
    text = "".join(rapidocr.RapidOCR()(np.asarray(image)).txts or ())
    assert person.id_number in text.replace(" ", "")
    assert person.name in text


# -- degradations ------------------------------------------------------------------------------------
def _page() -> Image.Image:
    return render.rasterize(render.id_card_front(_cast()["person"], random.Random(1)).pages[0], 300)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_rotated_jpeg_turns_back_upright(orientation: int) -> None:
    page = _page()
    stored = Image.open(io.BytesIO(degrade.exif_rotated_jpeg(page, orientation)))
    assert stored.getexif()[degrade.EXIF_ORIENTATION_TAG] == orientation
    upright = ImageOps.exif_transpose(stored)
    assert upright.size == page.size
    diff = np.abs(np.asarray(upright.convert("L"), dtype=np.int16) - np.asarray(page.convert("L"), dtype=np.int16))
    assert diff.mean() < 6


@pytest.mark.parametrize(
    ("name", "change", "check"),
    [
        ("blur", lambda im: degrade.blur(im, 4), lambda a, b: b.std() < a.std()),
        ("dark", lambda im: degrade.darken(im, 0.75), lambda a, b: np.percentile(b, 99) < 110),
        ("overexposed", lambda im: degrade.overexpose(im, 0.75), lambda a, b: np.percentile(b, 1) > 150),
        ("small", lambda im: degrade.downscale(im, 300), lambda a, b: min(b.shape) == 300),
        ("skew", lambda im: degrade.skew(im, 5), lambda a, b: b.shape[0] > a.shape[0]),
        ("turn", lambda im: degrade.rotate(im, 1), lambda a, b: b.shape == a.shape[::-1]),
        ("photo", lambda im: degrade.photo_of_document(im, random.Random(1), 1.0), lambda a, b: b.shape[0] > a.shape[0]),
    ],
)
def test_degradations(name: str, change: Callable[[Image.Image], Image.Image], check: Callable[[np.ndarray, np.ndarray], bool]) -> None:
    page = _page()
    after = change(page)
    assert check(np.asarray(page.convert("L"), dtype=np.float32), np.asarray(after.convert("L"), dtype=np.float32)), name


# -- hostile files ----------------------------------------------------------------------------------
def test_zip_bomb_declares_a_gigabyte_but_is_small(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    size = hostile.write_zip_bomb_docx(path)
    assert hostile.declared_size(path) >= 1e9
    assert size < 5e6
    with zipfile.ZipFile(path) as archive:
        assert "word/document.xml" in archive.namelist()


def test_huge_png_header_says_100_megapixels(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    size = hostile.write_huge_png(path)
    assert hostile.png_dimensions(path.read_bytes()) == (10_000, 10_000)
    assert size < 200_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:  # the header is valid: Pillow reads the size without decoding
            assert image.size == (10_000, 10_000)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("elf", lambda rng: hostile.renamed_executable(rng, "elf")),
        ("pe", lambda rng: hostile.renamed_executable(rng, "pe")),
        ("corrupt jpeg", hostile.corrupt_jpeg),
        ("truncated pdf", lambda rng: hostile.truncated_pdf(render.pdf_bytes(RENDERERS["form"](_cast(), rng).pages))),
        ("empty", lambda rng: hostile.empty_file()),
        *[(kind, lambda rng, kind=kind: hostile.foreign_file(rng, kind)) for kind in hostile.FOREIGN_KINDS],
    ],
)
def test_hostile_files_are_not_readable_documents(name: str, data: Callable[[random.Random], bytes]) -> None:
    content = data(random.Random(3))
    with pytest.raises(Exception):  # noqa: B017 - any decoder failure is the point
        Image.open(io.BytesIO(content)).load()
    if name == "truncated pdf":
        import pypdfium2 as pdfium

        assert content.startswith(b"%PDF-") and b"%%EOF" not in content
        with pytest.raises(pdfium.PdfiumError):
            pdfium.PdfDocument(content)
    if name in ("elf", "pe"):
        assert content[:4] in (b"\x7fELF",) or content[:2] == b"MZ"


# -- cases and the manifest --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    try:
        render.find_font()
    except render.FontMissing:
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")
    out = tmp_path_factory.mktemp("fixtures")
    built = build_cases(out, seed=3, per_code=1, clean=3, today=TODAY, jobs=2)
    return out, built


def test_manifest_covers_every_defect_and_clean_cases_expect_none(manifest: tuple[Path, dict]) -> None:
    out, built = manifest
    assert json.loads((out / "manifest.json").read_text()) == built
    cases = built["cases"]
    assert len(cases) == len(DEFECT_CODES) + 3
    found = {e["code"] for case in cases for e in case["expected"]}
    assert found == {str(code) for code in DEFECT_CODES}
    for case in cases:
        if case["kind"] == "clean":
            assert case["expected"] == [] and case["defect"] is None
        else:
            assert case["expected"] and {e["code"] for e in case["expected"]} == {case["defect"]}, case["id"]
            codes = {m["code"] for m in case["materials"]}
            assert all(e["material"] in codes for e in case["expected"])
            for entry in case["expected"]:
                assert entry["file"] is None or (out / entry["file"]).is_file(), entry
                if case["defect"] != "missing_material":
                    assert entry["file"], entry  # the evaluator must be able to point at the file


def test_every_file_exists_with_a_known_label(manifest: tuple[Path, dict]) -> None:
    from banshi.config import PROJECT_ROOT
    from knowledge.files import read_catalog

    out, built = manifest
    catalog = read_catalog(PROJECT_ROOT / "knowledge" / "sample").catalog
    for case in built["cases"]:
        for file in case["files"]:
            assert (out / file["path"]).is_file(), file["path"]
            material = catalog.material(file["material"])
            assert material is not None
            assert file["label"] in (None, material.name, *material.aliases)
            for doc in file["documents"]:  # every recognisable document says what it prints (on its fields page)
                assert doc["type"] is None or doc["fields"] or doc.get("part"), (file["path"], doc)


def test_clean_cases_print_valid_and_consistent_numbers(manifest: tuple[Path, dict]) -> None:
    _, built = manifest
    for case in (c for c in built["cases"] if c["kind"] == "clean"):
        names = {p["id_number"]: p["name"] for p in case["people"]}
        for file in case["files"]:
            for doc in file["documents"]:
                for label, value in doc["fields"].items():
                    if ric.is_valid(value) or (len(value) == 18 and value[:6].isdigit() and "号码" in label):
                        assert ric.is_valid(value), (case["id"], label, value)
                    if label == "统一社会信用代码":
                        assert uscc.is_valid(value), (case["id"], value)
                if doc["type"] == "id_card_front":
                    number = doc["fields"]["公民身份号码"]
                    assert names.get(number, doc["fields"]["姓名"]) == doc["fields"]["姓名"]


def test_same_seed_same_case_files(tmp_path: Path) -> None:
    job = CaseJob(5, 11, None, TODAY, (), str(tmp_path / "a"), None)
    first = build_case(job)
    second = build_case(CaseJob(5, 11, None, TODAY, (), str(tmp_path / "b"), None))
    assert first == second
    for file in first["files"]:
        assert (tmp_path / "a" / file["path"]).read_bytes() == (tmp_path / "b" / file["path"]).read_bytes(), file["path"]


# -- the command line --------------------------------------------------------------------------------
def test_cli_refuses_a_folder_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tools.prereview_synthetic.__main__ import main

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main([str(blocker / "out"), "--per-code", "0", "--clean", "0"]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_missing_font_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "_draws_chinese", lambda path: False)
    render.find_font.cache_clear()
    try:
        with pytest.raises(render.FontMissing, match="fonts-wqy-zenhei"):
            render.find_font()
    finally:
        monkeypatch.undo()
        render.find_font.cache_clear()


def test_forms_state_the_situation_the_case_answered() -> None:
    """A clean application's form never contradicts its own 情形 answers (提取原因 of a purchase
    is no 偿还住房贷款本息): otherwise the development set counts the reviewer's correct
    situation_mismatch as a false alarm."""
    from banshi.config import PROJECT_ROOT
    from knowledge.checklist.engine import find_target
    from knowledge.files import read_catalog
    from prereview.situation import stated_option
    from tools.prereview_synthetic.cases import plan_case, situations

    catalog = read_catalog(PROJECT_ROOT / "knowledge" / "sample").catalog
    checked = 0
    for item in catalog.items:
        questions = find_target(catalog, item.code).questions
        for seed, (answers, materials) in enumerate(situations(catalog, item.code, None)):
            plan = plan_case(catalog, item.code, answers, materials, random.Random(seed), TODAY)
            for file in plan.files:
                for doc in file.docs:
                    for row in doc.rows or ():
                        for asked in questions:
                            option = stated_option(asked, row.name, row.value)
                            if option is not None:
                                checked += 1
                                assert option in answers.get(asked.id, ()), (item.name, answers, row)
    assert checked > 20  # the catalogue's forms do answer questions
