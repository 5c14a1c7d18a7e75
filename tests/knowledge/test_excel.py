"""Excel workbooks: exact round trip, the template, and every broken cell reported by sheet and cell."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from knowledge.excel import GUIDE, SHEETS, cell_location, model_columns, write_template, write_workbook
from knowledge.files import canonical_plain, read_catalog
from knowledge.problems import CatalogError, Problem
from knowledge.schema import (
    Bundle,
    BundleItem,
    Catalog,
    Department,
    Eligibility,
    ExcelColumn,
    Faq,
    Implication,
    Item,
    Material,
    MaterialOverride,
    MaterialRequirement,
    Option,
    OutOfScopeExample,
    Question,
    Rule,
    SharedQuestion,
    Synonym,
    TimeLimit,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "knowledge" / "sample"
GOLDEN_TEMPLATE = Path(__file__).parent / "golden" / "excel_template.txt"
BANSHI = Path(sys.executable).parent / "banshi"

ITEM: dict[str, Any] = {
    "code": "000105001000",
    "implement_code": "11360100MB0000001A1000105001000",
    "name": "测试证件申领",
    "aliases": ["办证", "补证"],
    "type": "行政确认",
    "department": "D-1",
    "level": "县级",
    "service_object": ["自然人", "法人"],
    "summary": "测试用事项。",
    "legal_basis": ["《测试法》第一条、第二条", "《测试条例》"],
    "conditions": "本市户籍居民。\n非本市户籍居民可异地办理。",
    "process": [{"name": "申请", "description": "到窗口申请：带齐材料"}, {"name": "领取"}],
    "legal_time_limit": {"days": 60, "unit": "自然日"},
    "promised_time_limit": {"days": 20, "unit": "自然日", "note": "加急7个自然日"},
    "handling_type": "承诺件",
    "fee": {
        "charged": True,
        "basis": "《收费通知》",
        "items": [
            {"name": "首次申领", "standard": "20元/证", "reduction": "低保对象免收"},
            {"name": "补领", "standard": "40元/证"},
        ],
    },
    "places": [
        {"name": "市民中心", "address": "政务大道88号", "hours": "工作日 9:00-17:00", "transport": "1路公交"},
        {"name": "派出所", "address": "户籍所在地", "hours": "工作日"},
    ],
    "phones": {"consult": "0123-86010001", "complaint": "12345"},
    "visits": 0,
    "online": {
        "available": True,
        "depth": 4,
        "url": "https://example.test/x",
        "logistics": True,
        "scope": "全市通办",
    },
    "result": {"name": "测试证", "type": "证照"},
    "faqs": [{"q": "要多久？", "a": "=20个自然日，加急7天"}, {"q": "收费吗？", "a": "20元。"}],
    "materials": [
        {
            "material": "M-HK",
            "source": "政府部门核发",
            "exempt": True,
            "standard": "户籍信息一致",
            "checks": [
                {"field": "姓名", "op": "not_empty", "message": "请上传户口簿本人页"},
                {"field": "户号", "op": "equals", "value": "000123", "message": "请上传本户的户口簿"},
            ],
        },
        {
            "material": "M-PHOTO",
            "required": False,
            "original_or_copy": "原件和复印件",
            "form": "纸质或电子",
            "copies": 2,
            "lenient": True,
            "promise": True,
            "signature": "签字并盖章",
            "paper_size": "A4",
            "blank_form": "https://example.test/blank.docx",
            "sample_form": "https://example.test/sample.pdf",
            "notes": "白底\n近期免冠",
            "basis": "《技术要求》",
        },
    ],
    "questions": [
        {
            "id": "kind",
            "text": "哪种情况？",
            "options": [
                {"id": "first", "text": "首次"},
                {"id": "lost", "text": "丢失"},
                {"id": "damaged", "text": "损坏"},
            ],
            "help": "选一项",
        },
        {
            "id": "docs",
            "text": "有哪些材料？",
            "multiple": True,
            "required": False,
            "show_if": {"kind": ["lost", "damaged"]},
            "options": [{"id": "hk", "text": "户口簿"}, {"id": "photo", "text": "照片"}],
        },
    ],
    "rules": [
        {
            "when": {"kind": ["lost"]},
            "add": [
                {
                    "material": "M-LOSS",
                    "source": "其他",
                    "signature": "申请人签字",
                    "checks": [
                        {"field": "丢失日期", "op": "date_after", "value": "today-1y", "message": "挂失须在一年内"},
                        {"field": "申请人姓名", "op": "same_as", "other": "M-ID.姓名", "message": "姓名须与身份证一致"},
                        {"field": "补领次数", "op": "range", "max": 3, "message": "补领次数过多，请到窗口办理"},
                    ],
                }
            ],
        },
        {
            "when": {"kind": ["damaged"], "docs": ["hk", "photo"]},
            "add": [{"material": "M-LOSS"}, {"material": "M-ID", "copies": 0}],
            "remove": ["M-PHOTO"],
            "override": [{"material": "M-HK", "required": False, "copies": 3, "notes": "可不带"}],
            "note": "损坏换领",
        },
        {"when": {"kind": ["first"]}, "note": "首次申领无额外材料"},
    ],
    "valid_from": "2024-01-01",
    "valid_to": "2030-12-31",
    "status": "draft",
    "version": 3,
}
ITEM_2: dict[str, Any] = {
    "code": "000105002000",
    "name": "测试出生登记",
    "type": "公共服务",
    "department": "D-1",
    "conditions": "新生儿。",
    "process": [{"name": "申请"}],
    "promised_time_limit": {"days": 1},
    "handling_type": "即办件",
    "places": [{"name": "派出所", "address": "户籍所在地", "hours": "工作日"}],
    "faqs": [{"q": "几天办好？", "a": "当场。"}],
    "materials": [{"material": "M-ID"}],
}
BUNDLE: dict[str, Any] = {
    "code": "B-BIRTH",
    "name": "测试出生一件事",
    "aliases": ["生娃一件事"],
    "summary": "出生后一次办好。",
    "department": "D-1",
    "items": [
        {"item": "000105002000"},
        {"item": "000105001000", "include_if": {"want_id": ["yes"]}, "note": "需要时"},
    ],
    "questions": [
        {
            "id": "want_id",
            "text": "要办证吗？",
            "options": [{"id": "yes", "text": "要"}, {"id": "no", "text": "不要"}],
        }
    ],
    "rules": [{"when": {"want_id": ["yes"]}, "remove": ["M-ID"]}],
    "eligibility": [{"when": {"want_id": ["no"]}, "message": "不办证时请分别办理"}],
    "promised_time_limit": {"days": 5},
    "places": [{"name": "市民中心", "address": "政务大道88号", "hours": "工作日"}],
    "online": {"available": True, "depth": 3},
    "faqs": [{"q": "一次办完吗？", "a": "是的。"}],
}
CATALOG = Catalog.model_validate(
    {
        "departments": [{"code": "D-1", "name": "测试市公安局", "phone": "12345", "address": "政务大道88号"}],
        "materials": [
            {
                "code": "M-ID",
                "name": "测试身份证",
                "aliases": ["身份证", "二代证"],
                "issuer": "公安机关",
                "e_license": True,
                "documents": ["id_card_front", "id_card_back"],
            },
            {"code": "M-HK", "name": "测试户口簿", "description": "户口簿首页和本人页", "documents": ["hukou"]},
            {"code": "M-PHOTO", "name": "测试照片"},
            {
                "code": "M-LOSS",
                "name": "测试挂失表",
                "documents": ["form"],
                "fields": [
                    {"name": "申请人姓名", "aliases": ["姓名"]},
                    {"name": "公民身份号码", "aliases": ["身份证号码", "身份证件号码"]},
                    {"name": "丢失日期"},
                    {"name": "补领次数"},
                    {"name": "备注", "required": False},
                ],
            },
        ],
        "items": [ITEM, ITEM_2],
        "bundles": [BUNDLE],
        "synonyms": [
            {"term": "社保", "canonical": ["社会保险", "社会保障"]},
            {"term": "娃", "canonical": ["新生儿"]},
        ],
    }
)


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.xlsx"
    write_workbook(CATALOG, path)
    return path


def _column(ws: Worksheet, key: str) -> int:
    for cell in ws[1]:
        if cell.value and str(cell.value).endswith(f"({key})"):
            return cell.column
    raise KeyError(key)


def _ref(ws: Worksheet, key: str, row: int) -> str:
    return f"{ws.title}!{get_column_letter(_column(ws, key))}{row} ({key})"


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    return caught.value.problems


# -- round trip -------------------------------------------------------------------------


def test_round_trip_of_a_catalog_using_every_feature(workbook_path: Path) -> None:
    loaded = read_catalog(workbook_path)
    assert canonical_plain(loaded.catalog) == canonical_plain(CATALOG)
    assert loaded.catalog.item("000105001000").valid_from == date(2024, 1, 1)  # type: ignore[union-attr]
    assert loaded.source("item", "000105001000") == str(workbook_path)
    assert loaded.source("bundle", "B-BIRTH") == str(workbook_path)


def test_round_trip_of_the_sample_catalogue(tmp_path: Path) -> None:
    original = read_catalog(SAMPLE).catalog
    if not original.items:
        pytest.skip("knowledge/sample has no loadable items yet")
    path = tmp_path / "sample.xlsx"
    write_workbook(original, path)
    assert canonical_plain(read_catalog(path).catalog) == canonical_plain(original)


def test_columns_are_found_by_key_in_any_order(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb["材料"]
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    ws.delete_rows(1, ws.max_row)
    for row in rows:
        ws.append(list(reversed(row)))
    wb.save(workbook_path)
    assert canonical_plain(read_catalog(workbook_path).catalog) == canonical_plain(CATALOG)


def _check(field: str, op: str, message: str, **parameters: Any) -> dict[str, Any]:
    empty = {"value": None, "min": None, "max": None, "other": None}
    return {"field": field, "op": op, **empty, "message": message, **parameters}


def _new_column(catalog: Catalog, sheet: str, key: str) -> Any:
    """The value a cell on row 2 of `sheet` feeds: material M-ID, or the first item's first requirement."""
    if sheet == "材料":
        return catalog.material("M-ID").model_dump(mode="json")[key]  # type: ignore[union-attr]
    item = catalog.item("000105001000")
    assert item is not None
    requirement = item.materials[0] if sheet == "事项材料" else item.rules[0].add[0]
    return requirement.model_dump(mode="json")[key]


NEW_COLUMN_CASES = [
    # sheet, column key, the cell as staff write it, what it reads as, the cell as written back
    ("材料", "documents", "id_card_front\nid_card_back", ["id_card_front", "id_card_back"],
     "id_card_front\nid_card_back"),
    ("材料", "documents", "户口簿、申请表", ["hukou", "form"], "hukou\nform"),
    ("材料", "documents", " Business_License ", ["business_license"], "business_license"),
    ("材料", "documents", None, [], None),
    ("材料", "fields", "公民身份号码", [{"name": "公民身份号码", "aliases": [], "required": True}], "公民身份号码"),
    ("材料", "fields", "备注|可选", [{"name": "备注", "aliases": [], "required": False}], "备注|可选"),
    (
        "材料",
        "fields",
        "公民身份号码｜别名：身份证号码、身份证件号码\n电子邮箱 | 选填 | 别名:邮箱\n联系电话|必填",
        [
            {"name": "公民身份号码", "aliases": ["身份证号码", "身份证件号码"], "required": True},
            {"name": "电子邮箱", "aliases": ["邮箱"], "required": False},
            {"name": "联系电话", "aliases": [], "required": True},
        ],
        "公民身份号码|别名：身份证号码、身份证件号码\n电子邮箱|可选|别名：邮箱\n联系电话",
    ),
    (
        "事项材料",
        "checks",
        "有效期限|date_after|today+30d|证件有效期不足30天，请先换领",
        [_check("有效期限", "date_after", "证件有效期不足30天，请先换领", value="today+30d")],
        "有效期限|date_after|today+30d|证件有效期不足30天，请先换领",
    ),
    (
        "事项材料",
        "checks",
        "出生|早于|2019-08-31|未到入学年龄\n姓名|非空|请填写姓名\n住址|not_empty||请填写住址",
        [
            _check("出生", "date_before", "未到入学年龄", value="2019-08-31"),
            _check("姓名", "not_empty", "请填写姓名"),
            _check("住址", "not_empty", "请填写住址"),
        ],
        "出生|date_before|2019-08-31|未到入学年龄\n姓名|not_empty||请填写姓名\n住址|not_empty||请填写住址",
    ),
    (
        "事项材料",
        "checks",
        "面积|range|10~200|营业面积须在10至200平方米之间\n年限|范围|～30|最长30年\n比例|RANGE|2.5~|不低于2.5",
        [
            _check("面积", "range", "营业面积须在10至200平方米之间", min=10, max=200),
            _check("年限", "range", "最长30年", max=30),
            _check("比例", "range", "不低于2.5", min=2.5),
        ],
        "面积|range|10~200|营业面积须在10至200平方米之间\n年限|range|~30|最长30年\n比例|range|2.5~|不低于2.5",
    ),
    (
        "事项材料",
        "checks",
        "名称|包含|便利店|名称须含“便利店”\n类型|equals|个体工商户|须为个体工商户",
        [
            _check("名称", "contains", "名称须含“便利店”", value="便利店"),
            _check("类型", "equals", "须为个体工商户", value="个体工商户"),
        ],
        "名称|contains|便利店|名称须含“便利店”\n类型|equals|个体工商户|须为个体工商户",
    ),
    (
        "事项材料",
        "checks",
        "房屋坐落|一致|M-LOSS.经营场所|地址不一致|请核对",
        [_check("房屋坐落", "same_as", "地址不一致|请核对", other="M-LOSS.经营场所")],
        "房屋坐落|same_as|M-LOSS.经营场所|地址不一致|请核对",
    ),
    (
        "情形规则",
        "checks",
        "丢失日期|date_after|2024-01-01|挂失日期过早",
        [_check("丢失日期", "date_after", "挂失日期过早", value="2024-01-01")],
        "丢失日期|date_after|2024-01-01|挂失日期过早",
    ),
    ("事项材料", "checks", None, [], None),
]


@pytest.mark.parametrize(
    ("sheet", "key", "cell", "expected", "written"),
    NEW_COLUMN_CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(NEW_COLUMN_CASES)],
)
def test_pre_review_columns_read_and_write_back(
    workbook_path: Path, tmp_path: Path, sheet: str, key: str, cell: str | None, expected: Any, written: str | None
) -> None:
    wb = load_workbook(workbook_path)
    ws = wb[sheet]
    ws.cell(row=2, column=_column(ws, key)).value = cell
    wb.save(workbook_path)
    catalog = read_catalog(workbook_path).catalog
    assert _new_column(catalog, sheet, key) == expected
    again = tmp_path / "again.xlsx"
    write_workbook(catalog, again)
    ws = load_workbook(again)[sheet]
    assert ws.cell(row=2, column=_column(ws, key)).value == written
    assert canonical_plain(read_catalog(again).catalog) == canonical_plain(catalog)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("true", True),
        ("FALSE", False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("Y", True),
        ("n", False),
        (True, True),
        (None, False),
    ],
)
def test_boolean_spellings(workbook_path: Path, cell: object, expected: bool) -> None:
    wb = load_workbook(workbook_path)
    ws = wb["材料"]
    ws.cell(row=2, column=_column(ws, "e_license")).value = cell
    wb.save(workbook_path)
    assert read_catalog(workbook_path).catalog.material("M-ID").e_license is expected  # type: ignore[union-attr]


# -- template ---------------------------------------------------------------------------


def test_template_has_every_sheet_no_data_and_the_guide(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames == [GUIDE, *SHEETS]
    guide_text = "\n".join(str(v) for row in wb[GUIDE].iter_rows(values_only=True) for v in row if v)
    for name, sheet in SHEETS.items():
        ws = wb[name]
        assert ws.max_row == 1, name
        assert [c.value for c in ws[1]] == [col.header for col in sheet.cols]
        assert name in guide_text
        for col in sheet.cols:
            assert col.header in guide_text
    for allowed in (
        "原件和复印件",
        "纸质或电子",
        "政府部门核发",
        "签字并盖章",
        "行政许可",
        "乡镇级",
        "承诺件",
        "添加、删除、修改",
        "id_card_front（身份证人像面）",
        "字段|规则|参数|提示",
        "date_after 晚于",
        "M-LEASE.房屋坐落",
        "|别名：",
    ):
        assert allowed in guide_text
    assert read_catalog(path).catalog == Catalog()


def _describe(path: Path) -> str:
    """The template as text: every row of 说明, then each sheet's headers with their drop-down lists."""
    wb = load_workbook(path)
    lines = [f"## {GUIDE}"]
    rows = wb[GUIDE].iter_rows(values_only=True)
    lines += [" | ".join("" if v is None else str(v) for v in row).rstrip() for row in rows]
    for ws in wb.worksheets[1:]:
        lists = {
            str(ref).split(":")[0].rstrip("0123456789"): v.formula1
            for v in ws.data_validations.dataValidation
            for ref in v.sqref.ranges
        }
        lines.append(f"## {ws.title}")
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            choices = lists.get(cell.column_letter)
            lines.append(f"{cell.value}  width={width:g}" + (f"  list={choices}" if choices else ""))
    return "\n".join(lines) + "\n"


def test_template_matches_the_golden_file(tmp_path: Path) -> None:
    """Headers, help and drop-downs must not drift silently; regenerate with BANSHI_UPDATE_GOLDEN=1 after review."""
    path = tmp_path / "template.xlsx"
    write_template(path)
    text = _describe(path)
    if os.environ.get("BANSHI_UPDATE_GOLDEN") == "1":
        GOLDEN_TEMPLATE.parent.mkdir(exist_ok=True)
        GOLDEN_TEMPLATE.write_text(text, encoding="utf-8")
    assert text == GOLDEN_TEMPLATE.read_text(encoding="utf-8")


# -- columns come from the schema ------------------------------------------------------

# What each sheet holds: the models whose fields are its columns, the fields kept on other
# sheets (lists of rows), and the columns that link a child row to its owner (not schema fields).
SHEET_MODELS: dict[str, tuple[type[BaseModel], ...]] = {
    "部门": (Department,),
    "材料": (Material,),
    "事项": (Item,),
    "事项材料": (MaterialRequirement,),
    "常见问题": (Faq,),
    "情形问题": (Question,),
    "情形选项": (Option,),
    "情形规则": (Rule, MaterialRequirement),
    "一件事": (Bundle,),
    "一件事事项": (BundleItem,),
    "一件事资格": (Eligibility,),
    "一件事推定": (Implication,),
    "共用问题": (SharedQuestion,),
    "同义词": (Synonym,),
    "范围外问题": (OutOfScopeExample,),
}
ON_OTHER_SHEETS: dict[type[BaseModel], set[str]] = {
    Item: {"materials", "faqs", "questions", "rules", "shared"},
    Bundle: {"items", "faqs", "questions", "rules", "eligibility", "implications", "shared"},
    Question: {"options"},
    Rule: {"add", "remove", "override"},
}
LINK_COLUMNS = {
    "事项材料": {"item", "order"},
    "常见问题": {"owner"},
    "情形问题": {"owner"},
    "情形选项": {"owner", "question"},
    "情形规则": {"owner", "rule", "action"},
    "一件事事项": {"bundle"},
    "一件事资格": {"bundle"},
    "一件事推定": {"bundle"},
    "共用问题": {"owner"},
}


def _nested(annotation: Any) -> type[BaseModel] | None:
    """The model of a field holding one model (optional or not), not a list of them."""
    options = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    found = [t for t in options if isinstance(t, type) and issubclass(t, BaseModel)]
    return found[0] if found else None


def _schema_keys(model: type[BaseModel]) -> list[str]:
    keys = []
    for name, info in model.model_fields.items():
        if name in ON_OTHER_SHEETS.get(model, set()):
            continue
        nested = _nested(info.annotation)
        keys += [f"{name}.{key}" for key in _schema_keys(nested)] if nested else [name]
    return keys


@pytest.mark.parametrize("sheet", SHEET_MODELS)
def test_every_schema_field_is_a_column_and_every_column_a_schema_field(sheet: str) -> None:
    keys = [col.key for col in SHEETS[sheet].cols if col.key not in LINK_COLUMNS.get(sheet, set())]
    expected = [key for model in SHEET_MODELS[sheet] for key in _schema_keys(model)]
    assert sorted(keys) == sorted(expected)


def test_every_list_of_rows_has_a_sheet() -> None:
    placed = {model for models in SHEET_MODELS.values() for model in models}
    for name, info in Catalog.model_fields.items():
        (model,) = get_args(info.annotation)
        assert model in placed, f"Catalog.{name}"
    for model, names in ON_OTHER_SHEETS.items():
        for name in names:
            (item,) = get_args(model.model_fields[name].annotation)
            if item is MaterialOverride:  # a 修改 row of 情形规则, in the requirement's columns
                assert set(MaterialOverride.model_fields) <= set(MaterialRequirement.model_fields)
            elif isinstance(item, type) and issubclass(item, BaseModel):
                assert item in placed, f"{model.__name__}.{name}"


def test_a_new_schema_field_is_a_new_column() -> None:
    """Adding a field to the schema, with its ExcelColumn, is all a new column needs."""

    class WithFax(Department):
        fax: Annotated[str | None, ExcelColumn("传真", "部门的传真号码")] = None
        hours: Annotated[TimeLimit | None, ExcelColumn("答复时限")] = None

    cols = {col.key: col for col in model_columns(WithFax)}
    assert list(cols)[: len(Department.model_fields)] == [c.key for c in SHEETS["部门"].cols]
    fax = cols["fax"]
    assert (fax.header, fax.help, fax.kind, fax.required) == ("传真(fax)", "部门的传真号码", "text", False)
    days = cols["hours.days"]
    assert (days.header, days.help, days.kind, days.required) == (
        "答复时限天数(hours.days)",
        "答复时限的天数；不填表示无",
        "int",
        False,
    )
    assert cols["hours.unit"].header == "答复时限单位(hours.unit)"


def test_a_field_without_an_excel_column_is_refused() -> None:
    class Untitled(Department):
        fax: str | None = None

    with pytest.raises(TypeError, match=r"Untitled\.fax has no ExcelColumn"):
        model_columns(Untitled)


# -- broken cells -----------------------------------------------------------------------

CELL_CASES = [
    # sheet, key, row, value, message fragment
    ("事项材料", "required", 2, "也许", "use 是 or 否"),
    ("事项材料", "copies", 2, -1, "greater than or equal to 0"),
    ("事项材料", "copies", 3, "两份", "not a whole number"),
    ("事项材料", "original_or_copy", 2, "影印件", "原件、复印件、原件和复印件"),
    ("事项材料", "material", 2, None, "Field required"),
    ("事项", "type", 2, "行政审批", "行政许可"),
    ("事项", "visits", 2, "两次", "not a whole number"),
    ("事项", "valid_from", 2, "明年", "not a date"),
    ("事项", "online.depth", 2, 5, "less than or equal to 4"),
    ("事项", "promised_time_limit.days", 3, None, "Field required"),
    ("事项", "fee.items", 2, "首次申领", "名称|收费标准|减免政策"),
    ("事项", "places", 3, "派出所|户籍所在地", "名称|地址|办理时间|交通指引"),
    ("情形问题", "show_if", 3, "kind", "not a condition"),
    ("情形规则", "action", 3, "替换", "添加、删除、修改"),
    ("情形规则", "when", 2, None, "Field required"),
    ("材料", "e_license", 2, "可能", "use 是 or 否"),
    ("一件事", "status", 2, "已发布", "draft、published、suspended"),
    ("同义词", "canonical", 2, None, "Field required"),
    ("材料", "documents", 2, "passport", "not a document type"),
    ("材料", "fields", 2, "公民身份号码\n备注|也许", "line 2 '备注|也许': '也许' is not understood"),
    ("材料", "fields", 2, "|可选", "the field name is empty"),
    ("事项材料", "checks", 2, "有效期限|date_after|today", "字段|规则|参数|提示"),
    ("事项材料", "checks", 2, "有效期限|date_after|下个月|请换领", "'下个月' is not a date"),
    ("事项材料", "checks", 2, "有效期限|date_after|today+1w|请换领", "today+30d"),
    ("事项材料", "checks", 2, "面积|range|~|面积不符", "not a range; write min~max"),
    ("事项材料", "checks", 2, "面积|range|大~小|面积不符", "not a range"),
    ("事项材料", "checks", 2, "面积|bigger|10|面积不符", "'bigger' is not a rule"),
    ("事项材料", "checks", 2, "房屋坐落|same_as|M-LEASE|地址不符", "材料编码.字段"),
    ("事项材料", "checks", 2, "名称|contains||名称不符", "contains needs a value"),
    ("事项材料", "checks", 2, "姓名|not_empty|张三|请填写", "not_empty takes no parameter"),
    ("事项材料", "checks", 2, "姓名|not_empty||", "the message (提示) is empty"),
    ("事项材料", "checks", 2, "|not_empty||请填写", "the field is empty"),
    ("情形规则", "checks", 2, "丢失日期|晚于|昨天|请核对", "not a date"),
    ("情形规则", "checks", 6, "户号|not_empty||请填写", "a 修改 row cannot change 预审规则"),
]


@pytest.mark.parametrize(("sheet", "key", "row", "value", "fragment"), CELL_CASES)
def test_a_broken_cell_is_reported_with_sheet_and_cell(
    workbook_path: Path, sheet: str, key: str, row: int, value: object, fragment: str
) -> None:
    wb = load_workbook(workbook_path)
    ws = wb[sheet]
    ws.cell(row=row, column=_column(ws, key)).value = value
    wb.save(workbook_path)
    where = _ref(ws, key, row)
    problems = _problems(workbook_path)
    found = [p for p in problems if p.field == where]
    assert len(found) == 1, (where, problems)
    assert fragment in found[0].message
    assert found[0].file == str(workbook_path)
    assert found[0].entity


def test_cell_references_name_sheet_column_and_field(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb["事项材料"]
    ws["F2"] = -1
    ws["E3"] = "影印件"
    ws["D2"] = "也许"
    wb.save(workbook_path)
    fields = {p.field: p for p in _problems(workbook_path)}
    assert fields["事项材料!F2 (copies)"].entity == "item 000105001000"
    assert "原件" in fields["事项材料!E3 (original_or_copy)"].message
    assert "是" in fields["事项材料!D2 (required)"].message


@pytest.mark.parametrize(
    ("field", "location"),
    [
        ("事项材料!F2 (copies)", {"sheet": "事项材料", "row": 2, "column": "F", "key": "copies"}),
        ("事项材料!1:1 (item)", {"sheet": "事项材料", "row": 1, "column": None, "key": "item"}),
        ("事项!AB1", {"sheet": "事项", "row": 1, "column": "AB", "key": None}),
        ("一件事事项 (items)", {"sheet": "一件事事项", "row": None, "column": None, "key": "items"}),
        ("常见问题", {"sheet": "常见问题", "row": None, "column": None, "key": None}),
        ("杂项!A1 (x)", None),  # not one of the workbook's sheets
        ("materials[0].copies", None),  # a field of a YAML/JSON entity
    ],
)
def test_a_problems_field_gives_back_its_cell(field: str, location: dict | None) -> None:
    """What the API answers a submitted workbook's problems with (api.routes.knowledge_changes)."""
    assert cell_location(field) == location


def _unknown_sheet(wb: Workbook) -> str:
    wb.create_sheet("杂项")["A1"] = "x"
    return "杂项"


def _unknown_column(wb: Workbook) -> str:
    ws = wb["事项"]
    column = ws.max_column + 1
    ws.cell(row=1, column=column, value="颜色(color)")
    return f"事项!{get_column_letter(column)}1 (color)"


def _unknown_item(wb: Workbook) -> str:
    ws = wb["事项材料"]
    ws.append({_column(ws, "item"): "999999999999", _column(ws, "material"): "M-ID"})
    return f"事项材料!A{ws.max_row} (item)"


def _unknown_owner(wb: Workbook) -> str:
    ws = wb["常见问题"]
    ws.append({_column(ws, "owner"): "NO-SUCH", _column(ws, "q"): "问？", _column(ws, "a"): "答。"})
    return f"常见问题!A{ws.max_row} (owner)"


def _missing_column(wb: Workbook) -> str:
    wb["事项材料"].delete_cols(1)
    return "事项材料!1:1 (item)"


def _unknown_question(wb: Workbook) -> str:
    ws = wb["情形选项"]
    ws.cell(row=2, column=_column(ws, "question"), value="nope")
    return _ref(ws, "question", 2)


def _conflicting_rule(wb: Workbook) -> str:
    ws = wb["情形规则"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=_column(ws, "rule")).value == 2]
    ws.cell(row=rows[1], column=_column(ws, "when"), value="kind=lost")
    return _ref(ws, "when", rows[1])


def _too_few_options(wb: Workbook) -> str:
    ws = wb["情形选项"]
    last = [
        r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=_column(ws, "question")).value == "docs"
    ]
    ws.delete_rows(last[-1])
    return _ref(wb["情形问题"], "id", 3)


def _no_faqs(wb: Workbook) -> str:
    ws = wb["常见问题"]
    for r in reversed(range(2, ws.max_row + 1)):
        if ws.cell(row=r, column=_column(ws, "owner")).value == "000105002000":
            ws.delete_rows(r)
    return "常见问题 (faqs)"


STRUCTURE_CASES: list[tuple[Callable[[Workbook], str], str]] = [
    (_unknown_sheet, "valid sheets: 部门、材料、事项"),
    (_unknown_column, "valid columns: 事项编码(code)"),
    (_unknown_item, "no item with code '999999999999'"),
    (_unknown_owner, "no item or bundle with code 'NO-SUCH'"),
    (_missing_column, "missing column 事项编码(item)"),
    (_unknown_question, "no question 'nope'"),
    (_conflicting_rule, "differs from"),
    (_too_few_options, "情形选项"),
    (_no_faqs, "add rows for 000105002000 on sheet 常见问题"),
]


@pytest.mark.parametrize(
    ("breaker", "fragment"), STRUCTURE_CASES, ids=[c[0].__name__ for c in STRUCTURE_CASES]
)
def test_a_broken_sheet_is_reported(
    workbook_path: Path, breaker: Callable[[Workbook], str], fragment: str
) -> None:
    wb = load_workbook(workbook_path)
    where = breaker(wb)
    wb.save(workbook_path)
    problems = _problems(workbook_path)
    assert any(p.field == where and fragment in p.message for p in problems), (where, problems)


@pytest.mark.parametrize("content", [b"hello, not a workbook", b"PK\x03\x04broken zip", b""])
def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0].file == str(path)
    assert "not a valid Excel workbook" in problems[0].message


def test_cli_validate_reports_the_cell_and_fails(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    wb["事项材料"]["F2"] = -1
    wb.save(workbook_path)
    banshi = str(BANSHI) if BANSHI.exists() else "banshi"
    result = subprocess.run(
        [banshi, "kb", "validate", str(workbook_path)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "事项材料!F2 (copies)" in result.stdout
    assert "item 000105001000" in result.stdout


def test_cli_template_then_validate(tmp_path: Path) -> None:
    banshi = str(BANSHI) if BANSHI.exists() else "banshi"
    path = tmp_path / "t.xlsx"
    made = subprocess.run(
        [banshi, "kb", "template", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [banshi, "kb", "validate", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert checked.returncode == 0, checked.stdout
