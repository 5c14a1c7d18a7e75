"""Reading and writing the knowledge base as an Excel workbook (.xlsx) that staff fill in.

One sheet per kind of row, each with one header row of Chinese titles followed by the English
key in parentheses, e.g. ``事项编码(code)``. Columns are found by that key, so staff may reorder
them. An item (事项) is one row on 事项 with its scalar fields; its lists live on their own
sheets, linked by code: 事项材料 (material requirements), 常见问题, 情形问题, 情形选项 and
情形规则 (one row per rule action). Bundles (一件事) work the same way with 一件事, 一件事事项 and
一件事资格. ``write_template`` writes the empty workbook with a first sheet 说明 that explains
every sheet and column.

The columns come from the schema: each field's ExcelColumn (knowledge/schema.py) gives its
title and help, its type the kind of cell, and the models' field order the column order; this
module lays out the sheets (which model's rows go where, and the columns that link a child row
to its item or bundle) and says how each kind of cell is written and read. The pre-review keys are cells with one entry per line: 证件类型 and
表单字段 on 材料 (``id_card_front``; ``备注|可选|别名：附注``), 预审规则 on 事项材料 and 情形规则
(``字段|规则|参数|提示``, e.g. ``有效期限|date_after|today+30d|证件有效期不足30天，请先换领``).

Reading never raises on bad input: every wrong cell becomes a Problem whose field names the
sheet and cell, e.g. ``事项材料!F12 (copies)``. Rows are turned into the same plain dicts the
YAML files hold and validated by the same loader (``knowledge.entities``), and the schema's
own messages are mapped back to the cell they came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum, StrEnum
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from knowledge.entities import (
    SECTIONS,
    LoadedCatalog,
    Location,
    empty_sections,
    parse_entities,
    parse_location,
)
from knowledge.problems import Problem
from knowledge.schema import (
    DATE_SYNTAX,
    DOCUMENT_NAMES,
    Bundle,
    BundleItem,
    Catalog,
    Check,
    CheckOp,
    Department,
    DocumentType,
    Eligibility,
    ExcelColumn,
    Faq,
    FeeItem,
    FormField,
    Implication,
    Item,
    Material,
    MaterialOverride,
    MaterialRequirement,
    Option,
    OutOfScopeExample,
    Place,
    ProcessStep,
    Question,
    Rule,
    SharedQuestion,
    Synonym,
    is_check_date,
)

GUIDE = "说明"

# -- kinds of cell, columns and sheets ------------------------------------------------------

TEXT, CODE, BOOL, INT, DATE, ENUM, LINES, LIST = (
    "text",
    "code",
    "bool",
    "int",
    "date",
    "enum",
    "lines",
    "list",
)
PROCESS, FEES, PLACES, COND, ACTION = "process", "fees", "places", "cond", "action"
DOCUMENTS, FORM_FIELDS, CHECKS = "documents", "form_fields", "checks"

ACTIONS = {"add": "添加", "remove": "删除", "override": "修改"}
_ACTION_WORDS = {**{v: k for k, v in ACTIONS.items()}, **{k: k for k in ACTIONS}}
_TRUE = {"是", "true", "1", "y", "yes"}
_FALSE = {"否", "false", "0", "n", "no"}
_BOOL_ALLOWED = "是 or 否 (also true/false, 1/0, Y/N)"

# 证件类型: the DocumentType values, and the Chinese names staff may write instead (DOCUMENT_NAMES).
_DOCUMENT_WORDS = {**{t.value: t.value for t in DocumentType}, **{v: k.value for k, v in DOCUMENT_NAMES.items()}}
_DOCUMENTS_ALLOWED = "、".join(f"{t.value}（{DOCUMENT_NAMES[t]}）" for t in DocumentType)

# 表单字段: 字段名, then optional parts |可选 (or |必填) and |别名：甲、乙.
_OPTIONAL_WORDS = {"可选", "选填", "非必填", "optional"}
_REQUIRED_WORDS = {"必填", "required"}
_FIELD_SHAPE = "字段名, 字段名|可选 or 字段名|别名：甲、乙"

# 预审规则: 字段|规则|参数|提示, the rule an English CheckOp value or its Chinese word.
CHECK_WORDS = {
    CheckOp.NOT_EMPTY: "非空",
    CheckOp.EQUALS: "等于",
    CheckOp.CONTAINS: "包含",
    CheckOp.RANGE: "范围",
    CheckOp.DATE_BEFORE: "早于",
    CheckOp.DATE_AFTER: "晚于",
    CheckOp.SAME_AS: "一致",
}
_CHECK_OPS = {**{op.value: op.value for op in CheckOp}, **{v: k.value for k, v in CHECK_WORDS.items()}}
_CHECK_SHAPE = "字段|规则|参数|提示"
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
_RANGE = re.compile(rf"\s*({_NUMBER})?\s*[~～]\s*({_NUMBER})?\s*")


@dataclass(frozen=True)
class _Col:
    key: str
    title: str
    kind: str = TEXT
    help: str = ""
    enum: type[StrEnum] | None = None
    required: bool = False

    @property
    def header(self) -> str:
        return f"{self.title}({self.key})"

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    def choices(self) -> list[str]:
        if self.kind == ENUM and self.enum is not None:
            return [member.value for member in self.enum]
        if self.kind == BOOL:
            return ["是", "否"]
        if self.kind == ACTION:
            return list(ACTIONS.values())
        return []

    def allowed(self) -> str:
        """What may be written in the cell, in Chinese, for the 说明 sheet."""
        if self.kind in (ENUM, ACTION):
            return "、".join(self.choices())
        return {
            BOOL: "是 / 否（也可填 true/false、1/0、Y/N）",
            INT: "整数",
            DATE: "日期，如 2025-01-31",
            LINES: "每行一个（单元格内按 Alt+Enter 换行）",
            LIST: "每行一个，或用“、”分隔",
            PROCESS: "每行一步：名称：说明（“：”及说明可省略）",
            FEES: "每行一项：名称|收费标准|减免政策（减免可省略）",
            PLACES: "每行一处：名称|地址|办理时间|交通指引（交通可省略）",
            COND: "问题编号=选项编号,选项编号; 问题编号=选项编号",
            DOCUMENTS: "每行一个：" + _DOCUMENTS_ALLOWED,
            FORM_FIELDS: "每行一个字段：字段名；可选的字段加 |可选，别名加 |别名：甲、乙，"
            "如 公民身份号码|别名：身份证号码、身份证件号码 或 备注|可选",
            CHECKS: "每行一条：字段|规则|参数|提示。规则与参数：not_empty 非空（参数留空）；equals 等于、contains 包含"
            "（参数为文字）；range 范围（最小~最大，可只写一边，如 10~200、~30）；date_before 早于、date_after 晚于"
            "（参数为日期 2025-01-31 或 today、today+30d、today-6m、today-1y）；same_as 一致（参数为 材料编码.字段，"
            "如 M-LEASE.房屋坐落）。例：有效期限|date_after|today+30d|证件有效期不足30天，请先换领",
            CODE: "编码，不含空格",
        }.get(self.kind, "文字")


@dataclass(frozen=True)
class _Sheet:
    name: str
    help: str
    cols: tuple[_Col, ...]
    needed: tuple[str, ...]  # columns that must be present once the sheet has rows

    def col(self, key: str) -> _Col:
        return next(c for c in self.cols if c.key == key)

    def match(self, header: str) -> str | None:
        """The key a header cell names: the text in (the last) parentheses, or a bare key/title."""
        text = header.strip()
        found = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$", text)
        candidates = [found.group(1)] if found else [text]
        for candidate in candidates:
            for col in self.cols:
                if candidate in (col.key, col.title):
                    return col.key
        return None


# -- columns, derived from the schema (ExcelColumn on each field) -------------------------

# Lists of small models written one per line in one cell (the formats are in _format/_convert).
_CELL_LISTS: dict[Any, str] = {
    ProcessStep: PROCESS,
    FeeItem: FEES,
    Place: PLACES,
    DocumentType: DOCUMENTS,
    FormField: FORM_FIELDS,
    Check: CHECKS,
}


def _unwrap(annotation: Any) -> Any:
    """The type under Annotated and Optional: `TimeLimit | None` → TimeLimit."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType) and type(None) in get_args(annotation):
            rest = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _kind(where: str, annotation: Any, column: ExcelColumn) -> str:
    if column.kind is not None:
        return column.kind
    held = _unwrap(annotation)
    simple = {bool: BOOL, int: INT, date: DATE, str: TEXT}
    if held in simple:
        return simple[held]
    if isinstance(held, type) and issubclass(held, StrEnum):
        return ENUM
    if get_origin(held) is dict:
        return COND
    if get_origin(held) is list:
        item = _unwrap(get_args(held)[0])
        if item is str:
            return LINES
        if item in _CELL_LISTS:
            return _CELL_LISTS[item]
    raise TypeError(f"{where}: a cell cannot hold {annotation}; keep it on a sheet of its own or add a cell format")


def _field_columns(
    model: type[BaseModel], name: str, prefix: tuple[str, ...], holder: str, required: bool
) -> list[_Col]:
    """The column of one field, or the columns of a nested model's fields (``field.child``).

    `holder` is the title of the field holding `model` (for ``{}`` in titles); `required` is
    False inside an optional nested model, where a blank cell means the whole part is absent.
    """
    info = model.model_fields[name]
    column = next((m for m in info.metadata if isinstance(m, ExcelColumn)), None)
    where = f"{model.__name__}.{name}"
    needed = required and info.is_required()
    nested = _unwrap(info.annotation)
    if isinstance(nested, type) and issubclass(nested, BaseModel):
        title = column.title if column else ""
        return [
            col for child in nested.model_fields for col in _field_columns(nested, child, (*prefix, name), title, needed)
        ]
    if column is None:
        raise TypeError(f"{where} has no ExcelColumn: give it a title and help in knowledge/schema.py")
    if "{}" in column.title and not holder:
        raise TypeError(f"{where}: the title {column.title!r} needs an ExcelColumn on the field holding it")
    help_text = column.help.replace("{}", holder)
    if info.is_required() and not required:
        help_text += "；不填表示无"
    kind = _kind(where, info.annotation, column)
    enum = _unwrap(info.annotation) if kind == ENUM else None
    key = ".".join((*prefix, name))
    return [_Col(key, column.title.replace("{}", holder), kind, help_text, enum, needed)]


def model_columns(
    model: type[BaseModel], skip: Iterable[str] = (), insert: dict[str, tuple[_Col, ...]] | None = None
) -> tuple[_Col, ...]:
    """The columns of `model`'s fields, in the schema's order, from their ExcelColumn.

    `skip` names the fields kept on other sheets; `insert` puts the workbook's own columns
    before a field (in its place when the field is skipped).
    """
    skip, insert = set(skip), insert or {}
    unknown = (skip | set(insert)) - set(model.model_fields)
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    cols: list[_Col] = []
    for name in model.model_fields:
        cols += insert.get(name, ())
        if name not in skip:
            cols += _field_columns(model, name, (), "", True)
    return tuple(cols)


_OVERRIDE_KEYS = set(MaterialOverride.model_fields)
_REQUIREMENT_COLS = model_columns(MaterialRequirement)


def _rule_requirement_cols() -> tuple[_Col, ...]:
    """The requirement's columns on 情形规则, where they serve both 添加 and 修改 rows.

    A 修改 row leaves blank cells unchanged, so help saying what a blank cell means (空白=…)
    says that instead; what a 修改 row cannot change (not in MaterialOverride) is marked.
    """
    cols = []
    for col in _REQUIREMENT_COLS:
        if col.key not in _OVERRIDE_KEYS:
            text = col.help + "；“修改”行不可填"
        elif "空白=" in col.help:
            text = "空白表示不修改"
        else:
            text = col.help
        cols.append(replace(col, help=text))
    return tuple(cols)


# Columns that tie a child sheet's rows to their item or bundle: the workbook's, not the schema's.
_OWNER = _Col("owner", "事项或一件事编码", CODE, required=True)
_BUNDLE = _Col("bundle", "一件事编码", CODE, required=True)
_ACTION = _Col("action", "操作", ACTION, "本行对材料做什么；只写条件和说明的行留空")

_SHEET_LIST = (
    _Sheet("部门", "实施主体：办理事项的部门，一行一个。", model_columns(Department), ("code",)),
    _Sheet(
        "材料",
        "申请材料（规范材料）：每种材料只登记一次，事项通过材料编码引用。",
        model_columns(Material),
        ("code",),
    ),
    _Sheet(
        "事项",
        "办事指南：一个事项一行。申请材料、常见问题和情形写在后面的工作表，用事项编码关联。",
        model_columns(Item, skip=("faqs", "materials", "questions", "rules", "shared")),
        ("code",),
    ),
    _Sheet(
        "事项材料",
        "事项的申请材料清单：一行一种材料。每个事项至少一行。",
        (
            _Col("item", "事项编码", CODE, "“事项”表中的事项编码", required=True),
            _Col("order", "序号", INT, "材料在清单中的顺序；空白按行的顺序"),
            *_REQUIREMENT_COLS,
        ),
        ("item", "material"),
    ),
    _Sheet(
        "常见问题",
        "常见问题：一行一问一答。每个事项、每件一件事至少一行。",
        (replace(_OWNER, help="“事项”或“一件事”表中的编码"), *model_columns(Faq)),
        ("owner",),
    ),
    _Sheet(
        "情形问题",
        "情形问题（选择题）：一行一个问题，按行的顺序提问；选项写在“情形选项”表。",
        (_OWNER, *model_columns(Question, skip=("options",))),
        ("owner", "id"),
    ),
    _Sheet(
        "情形选项",
        "情形问题的选项：一行一个选项，每个问题至少两个。",
        (
            _OWNER,
            _Col("question", "问题编号", CODE, "“情形问题”表中的问题编号", required=True),
            *model_columns(Option),
        ),
        ("owner", "question"),
    ),
    _Sheet(
        "情形规则",
        "情形规则：回答符合“条件”时调整材料清单。规则按序号依次执行；一条规则可有多行，每行一个操作："
        "添加 一种材料（填写材料的各列）、删除 一种材料（只填材料编码）或 修改 一种材料（只填要改的列，"
        "空白表示不改）。条件和规则说明填在规则的任一行即可，同一规则的多行不可矛盾。只有条件和说明、"
        "没有操作的规则也可以只写一行。",
        (
            _OWNER,
            _Col("rule", "规则序号", INT, "同一序号的行属于同一条规则", required=True),
            # add, remove and override are one row each: an 操作 column and the requirement's columns.
            *model_columns(
                Rule,
                skip=("add", "remove", "override"),
                insert={"add": (_ACTION, *_rule_requirement_cols())},
            ),
        ),
        ("owner", "rule"),
    ),
    _Sheet(
        "一件事",
        "一件事：群众眼中的“一件事”包含的多个事项，一件事一行。",
        model_columns(Bundle, skip=("items", "questions", "rules", "eligibility", "implications", "shared", "faqs")),
        ("code",),
    ),
    _Sheet(
        "一件事事项",
        "一件事包含的事项：一行一个事项，至少两个。",
        (_BUNDLE, *model_columns(BundleItem)),
        ("bundle",),
    ),
    _Sheet(
        "一件事资格",
        "一件事的办理资格：回答符合“条件”的群众不能办理，并看到“原因”。",
        (_BUNDLE, *model_columns(Eligibility)),
        ("bundle",),
    ),
    _Sheet(
        "一件事推定",
        "一件事的推定答案：回答符合“条件”时，“推定答案”随之确定，不再询问。",
        (_BUNDLE, *model_columns(Implication)),
        ("bundle",),
    ),
    _Sheet(
        "共用问题",
        "共用问题：问一次、同时回答意思相同的另一个问题（如一件事的“由谁来办理”回答各事项的同一问题；多选题“以下情况有符合的吗”回答几个是/否问题），一行对应一个被回答的问题。",
        (replace(_OWNER, help="“事项”或“一件事”表中的编码"), *model_columns(SharedQuestion)),
        ("owner",),
    ),
    _Sheet(
        "同义词",
        "同义词：群众的说法 → 指南中使用的规范说法，用于检索。",
        model_columns(Synonym),
        ("term",),
    ),
    _Sheet(
        "范围外问题",
        "范围外问题：群众常问、但本目录不能回答的问题（如天气、其他部门的事项），一行一问；检索据此学会如实说明“不在办事指南范围内”。",
        model_columns(OutOfScopeExample),
        ("q",),
    ),
)
SHEETS: dict[str, _Sheet] = {sheet.name: sheet for sheet in _SHEET_LIST}

_GENERAL_NOTES = (
    "本工作簿用于填写办事指南知识库。每个工作表第一行是表头，括号中的英文是程序识别列的依据："
    "列的顺序可以调整，括号内的英文不要修改；不需要的列可以删除。",
    "空白单元格表示“未填写”，按各列说明取默认值。“是/否”列可填 是/否、true/false、1/0、Y/N。",
    "一个单元格写多行时，在单元格内按 Alt+Enter 换行。编码请按文本填写，避免前面的 0 被删掉。",
    "事项的申请材料、常见问题、情形问题、选项和规则分别写在各自的工作表，用事项编码（或一件事编码）关联。",
    "条件写法：问题编号=选项编号,选项编号; 问题编号=选项编号。同一问题的多个选项为“或”，不同问题之间为“且”。",
    "网上预审：材料表的“证件类型”“表单字段”说明预审如何识别和读取材料；事项材料表的“预审规则”每行一条，"
    "写法为 字段|规则|参数|提示，如 有效期限|date_after|today+30d|证件有效期不足30天，请先换领。",
    "填好后运行 banshi kb validate 文件.xlsx 检查（会指出有问题的工作表和单元格），再运行 banshi kb import 文件.xlsx 导入。",
)


# -- writing ------------------------------------------------------------------------------


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _format(col: _Col, value: Any) -> Any:
    """A schema value as the cell content staff read and write."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    kind = col.kind
    if kind == BOOL:
        return "是" if value else "否"
    if kind in (INT, DATE):
        return value
    if kind == LINES:
        return "\n".join(value) or None
    if kind == LIST:
        return "、".join(value) or None
    if kind == PROCESS:
        lines = [s["name"] + ("" if s.get("description") is None else "：" + s["description"]) for s in value]
        return "\n".join(lines) or None
    if kind == FEES:
        parts = [
            [f["name"], f["standard"]] + ([] if f.get("reduction") is None else [f["reduction"]])
            for f in value
        ]
        return "\n".join("|".join(p) for p in parts) or None
    if kind == PLACES:
        parts = [
            [p["name"], p["address"], p["hours"]] + ([] if p.get("transport") is None else [p["transport"]])
            for p in value
        ]
        return "\n".join("|".join(p) for p in parts) or None
    if kind == COND:
        return "; ".join(f"{q}={','.join(options)}" for q, options in value.items()) or None
    if kind == ACTION:
        return ACTIONS[value]
    if kind == DOCUMENTS:
        return "\n".join(d.value if isinstance(d, Enum) else str(d) for d in value) or None
    if kind == FORM_FIELDS:
        return "\n".join(_format_form_field(f) for f in value) or None
    if kind == CHECKS:
        return "\n".join(_format_check(c) for c in value) or None
    return str(value)


def _format_form_field(form_field: dict[str, Any]) -> str:
    parts = [form_field["name"]]
    if not form_field.get("required", True):
        parts.append("可选")
    if form_field.get("aliases"):
        parts.append("别名：" + "、".join(form_field["aliases"]))
    return "|".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _format_check(check: dict[str, Any]) -> str:
    op = check["op"].value if isinstance(check["op"], Enum) else check["op"]
    if op == CheckOp.RANGE:
        parameter = f"{_number(check.get('min'))}~{_number(check.get('max'))}"
    elif op == CheckOp.SAME_AS:
        parameter = check.get("other") or ""
    elif op == CheckOp.NOT_EMPTY:
        parameter = ""
    else:
        parameter = check.get("value") or ""
    return "|".join([check["field"], op, parameter, check["message"]])


def _dump(model: BaseModel, **extra: Any) -> dict[str, Any]:
    return {**extra, **model.model_dump()}


def _sheet_rows(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SHEETS}
    rows["部门"] = [d.model_dump() for d in catalog.departments]
    rows["材料"] = [m.model_dump() for m in catalog.materials]
    rows["同义词"] = [s.model_dump() for s in catalog.synonyms]
    rows["范围外问题"] = [e.model_dump() for e in catalog.out_of_scope_examples]
    owners = [(i.code, i) for i in catalog.items] + [(b.code, b) for b in catalog.bundles]
    for item in catalog.items:
        rows["事项"].append(item.model_dump())
        for n, req in enumerate(item.materials, 1):
            rows["事项材料"].append(_dump(req, item=item.code, order=n))
    for bundle in catalog.bundles:
        rows["一件事"].append(bundle.model_dump())
        rows["一件事事项"] += [_dump(bi, bundle=bundle.code) for bi in bundle.items]
        rows["一件事资格"] += [_dump(e, bundle=bundle.code) for e in bundle.eligibility]
        rows["一件事推定"] += [_dump(i, bundle=bundle.code) for i in bundle.implications]
    for code, owner in owners:
        rows["常见问题"] += [_dump(faq, owner=code) for faq in owner.faqs]
        rows["共用问题"] += [_dump(q, owner=code) for q in owner.shared]
        for question in owner.questions:
            rows["情形问题"].append({**question.model_dump(exclude={"options"}), "owner": code})
            rows["情形选项"] += [_dump(o, owner=code, question=question.id) for o in question.options]
        for n, rule in enumerate(owner.rules, 1):
            actions: list[dict[str, Any]] = [_dump(r, action="add") for r in rule.add]
            actions += [{"action": "remove", "material": code_} for code_ in rule.remove]
            actions += [_dump(o, action="override") for o in rule.override]
            first = {"owner": code, "rule": n, "when": rule.when, "note": rule.note}
            rows["情形规则"].append({**first, **actions[0]} if actions else first)
            rows["情形规则"] += [{"owner": code, "rule": n, **a} for a in actions[1:]]
    return rows


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTHS = {
    BOOL: 10,
    INT: 10,
    DATE: 12,
    ENUM: 14,
    ACTION: 10,
    CODE: 18,
    LIST: 20,
    COND: 28,
    LINES: 30,
    DOCUMENTS: 18,
    FORM_FIELDS: 30,
    CHECKS: 50,
}
_VALIDATION_ROWS = 5000


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _write_sheet(ws: Worksheet, sheet: _Sheet, rows: list[dict[str, Any]]) -> None:
    for ci, col in enumerate(sheet.cols, 1):
        cell = ws.cell(row=1, column=ci, value=col.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        letter = get_column_letter(ci)
        width = _WIDTHS.get(col.kind, 40 if col.kind in (TEXT, PROCESS, FEES, PLACES) else 16)
        ws.column_dimensions[letter].width = max(width, min(len(col.header) * 2, 30))
        if col.kind in (TEXT, CODE, LINES, LIST, COND, PROCESS, FEES, PLACES, DOCUMENTS, FORM_FIELDS, CHECKS):
            ws.column_dimensions[letter].number_format = "@"
        choices = col.choices()
        if choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=col.title,
                error="可填：" + "、".join(choices),
            )
            validation.add(f"{letter}2:{letter}{_VALIDATION_ROWS}")
            ws.add_data_validation(validation)
    for ri, data in enumerate(rows, 2):
        for ci, col in enumerate(sheet.cols, 1):
            value = _cell_value(_format(col, _get(data, col.path)))
            if value is None:
                continue
            cell = ws.cell(row=ri, column=ci, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a text starting with "=" stays text, not a formula
                cell.number_format = "@"
                if "\n" in value or len(value) > 40:
                    cell.alignment = _WRAP
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "B2"


def _write_guide(ws: Worksheet) -> None:
    ws.append(["办事指南知识库填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for note in _GENERAL_NOTES:
        ws.append([note])
    ws.append([])
    ws.append(["工作表", "列（表头）", "必填", "说明", "可填的值"])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for sheet in SHEETS.values():
        ws.append([sheet.name, "", "", sheet.help, ""])
        ws.cell(row=ws.max_row, column=1).font = _HEADER_FONT
        for col in sheet.cols:
            ws.append([sheet.name, col.header, "是" if col.required else "", col.help, col.allowed()])
    for letter, width in zip("ABCDE", (12, 30, 6, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP


def _workbook(catalog: Catalog | None) -> Workbook:
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE
    _write_guide(guide)
    rows = _sheet_rows(catalog) if catalog is not None else {}
    for sheet in SHEETS.values():
        _write_sheet(wb.create_sheet(sheet.name), sheet, rows.get(sheet.name, []))
    return wb


def write_workbook(catalog: Catalog, path: str | Path) -> None:
    """Write the whole catalog as a workbook that `read_workbook` reads back unchanged."""
    _workbook(catalog).save(Path(path))


def write_template(path: str | Path) -> None:
    """Write the empty workbook: every sheet with its header row, and the 说明 sheet first."""
    _workbook(None).save(Path(path))


# -- reading: cell conversion ---------------------------------------------------------------


class _CellError(ValueError):
    pass


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _text(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise _CellError(f"{_text(value)!r} is not a yes/no value; use {_BOOL_ALLOWED}")


def _to_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise _CellError(f"{_text(value)!r} is not a whole number; write digits only, e.g. 1")


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).strip()
    found = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if found:
        try:
            return date(*(int(part) for part in found.groups()))
        except ValueError:
            pass
    raise _CellError(f"{text!r} is not a date; write it as 2025-01-31")


def _to_enum(value: Any, col: _Col) -> str:
    text = _text(value).strip()
    choices = col.choices()
    if text not in choices:
        raise _CellError(f"{text!r} is not allowed; use one of: {'、'.join(choices)}")
    return text


def _to_action(value: Any) -> str:
    text = _text(value).strip()
    action = _ACTION_WORDS.get(text.lower()) or _ACTION_WORDS.get(text)
    if action is None:
        raise _CellError(f"{text!r} is not an action; use one of: {'、'.join(ACTIONS.values())}")
    return action


def _split_parts(line: str, n: int, optional_last: bool, shape: str, number: int) -> list[str | None]:
    parts = [part.strip() for part in re.split(r"[|｜]", line)]
    if not (len(parts) == n or (optional_last and len(parts) == n - 1)):
        raise _CellError(f"line {number} {line!r}: expected {shape} (separated by |)")
    return parts + [None] * (n - len(parts))


def _to_process(value: Any) -> list[dict[str, Any]]:
    steps = []
    for line in _lines(value):
        name, sep, description = line.partition("：")
        if not sep:
            name, sep, description = line.partition(":")
        steps.append({"name": name.strip(), "description": description.strip() if sep else None})
    return steps


def _to_fees(value: Any) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(_lines(value), 1):
        name, standard, reduction = _split_parts(line, 3, True, "名称|收费标准|减免政策", number)
        out.append({"name": name, "standard": standard, "reduction": reduction})
    return out


def _to_places(value: Any) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(_lines(value), 1):
        name, address, hours, transport = _split_parts(line, 4, True, "名称|地址|办理时间|交通指引", number)
        out.append({"name": name, "address": address, "hours": hours, "transport": transport})
    return out


def _to_condition(value: Any) -> dict[str, list[str]]:
    condition: dict[str, list[str]] = {}
    for clause in re.split(r"[;；\n]", _text(value)):
        if not clause.strip():
            continue
        question, sep, options = re.sub("＝", "=", clause).partition("=")
        question = question.strip()
        if not sep or not question:
            raise _CellError(
                f"{clause.strip()!r} is not a condition; write question=option,option; question=option"
            )
        if question in condition:
            raise _CellError(
                f"question {question!r} appears twice; list all its options once: {question}=a,b"
            )
        condition[question] = [o.strip() for o in re.split(r"[,，、]", options) if o.strip()]
    return condition


def _to_documents(value: Any) -> list[str]:
    out = []
    for line in _lines(value):
        for word in (w.strip() for w in re.split(r"[、,，]", line)):
            if not word:
                continue
            found = _DOCUMENT_WORDS.get(word.lower()) or _DOCUMENT_WORDS.get(word)
            if found is None:
                raise _CellError(f"{word!r} is not a document type; use one per line: {_DOCUMENTS_ALLOWED}")
            out.append(found)
    return out


def _to_form_fields(value: Any) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(_lines(value), 1):
        name, *rest = (part.strip() for part in re.split(r"[|｜]", line))
        if not name:
            raise _CellError(f"line {number} {line!r}: the field name is empty; write {_FIELD_SHAPE}")
        form_field: dict[str, Any] = {"name": name, "aliases": [], "required": True}
        for part in filter(None, rest):
            aliases = re.fullmatch(r"别名\s*[:：=]\s*(.*)", part)
            if part.lower() in _OPTIONAL_WORDS:
                form_field["required"] = False
            elif part.lower() in _REQUIRED_WORDS:
                form_field["required"] = True
            elif aliases:
                form_field["aliases"] = [a.strip() for a in re.split(r"[、,，]", aliases.group(1)) if a.strip()]
            else:
                raise _CellError(f"line {number} {line!r}: {part!r} is not understood; write {_FIELD_SHAPE}")
        out.append(form_field)
    return out


def _to_check(line: str, number: int) -> dict[str, Any]:
    parts = [part.strip() for part in re.split(r"[|｜]", line, maxsplit=3)]
    op = (_CHECK_OPS.get(parts[1].lower()) or _CHECK_OPS.get(parts[1])) if len(parts) > 1 else None
    if len(parts) == 3 and op == CheckOp.NOT_EMPTY:
        parts.insert(2, "")  # 字段|not_empty|提示: the empty parameter may be left out
    if len(parts) != 4:
        raise _CellError(f"line {number} {line!r}: expected {_CHECK_SHAPE} (separated by |)")
    field_name, word, parameter, message = parts
    where = f"line {number} {line!r}"
    if op is None:
        rules = "、".join(f"{rule.value}（{CHECK_WORDS[rule]}）" for rule in CheckOp)
        raise _CellError(f"{where}: {word!r} is not a rule; use one of: {rules}")
    if not field_name:
        raise _CellError(f"{where}: the field is empty; write {_CHECK_SHAPE}")
    if not message:
        raise _CellError(f"{where}: the message (提示) is empty; say what the citizen should fix")
    check: dict[str, Any] = {"field": field_name, "op": op, "message": message}
    if op == CheckOp.NOT_EMPTY:
        if parameter:
            raise _CellError(f"{where}: not_empty takes no parameter; write 字段|not_empty||提示")
    elif op == CheckOp.RANGE:
        bounds = _RANGE.fullmatch(parameter)
        if bounds is None or bounds.groups() == (None, None):
            raise _CellError(f"{where}: {parameter!r} is not a range; write min~max, e.g. 10~200, 10~ or ~200")
        check["min"], check["max"] = (None if b is None else float(b) for b in bounds.groups())
    elif op in (CheckOp.DATE_BEFORE, CheckOp.DATE_AFTER):
        if not is_check_date(parameter):
            raise _CellError(f"{where}: {parameter!r} is not a date; write {DATE_SYNTAX}")
        check["value"] = parameter
    elif op == CheckOp.SAME_AS:
        code, dot, other_field = parameter.partition(".")
        if not (code.strip() and dot and other_field.strip()):
            raise _CellError(f"{where}: {parameter!r}: name the other field as 材料编码.字段, e.g. M-LEASE.房屋坐落")
        check["other"] = parameter
    else:
        if not parameter:
            raise _CellError(f"{where}: {op} needs a value to compare with")
        check["value"] = parameter
    return check


def _to_checks(value: Any) -> list[dict[str, Any]]:
    return [_to_check(line, number) for number, line in enumerate(_lines(value), 1)]


def _convert(col: _Col, value: Any) -> Any:
    kind = col.kind
    if kind == TEXT:
        return _text(value)
    if kind == CODE:
        return _text(value).strip()
    if kind == BOOL:
        return _to_bool(value)
    if kind == INT:
        return _to_int(value)
    if kind == DATE:
        return _to_date(value)
    if kind == ENUM:
        return _to_enum(value, col)
    if kind == ACTION:
        return _to_action(value)
    if kind == LINES:
        return _lines(value)
    if kind == LIST:
        return [part.strip() for line in _lines(value) for part in line.split("、") if part.strip()]
    if kind == PROCESS:
        return _to_process(value)
    if kind == FEES:
        return _to_fees(value)
    if kind == PLACES:
        return _to_places(value)
    if kind == COND:
        return _to_condition(value)
    if kind == DOCUMENTS:
        return _to_documents(value)
    if kind == FORM_FIELDS:
        return _to_form_fields(value)
    if kind == CHECKS:
        return _to_checks(value)
    raise AssertionError(kind)


# -- reading: rows and entities -------------------------------------------------------------


@dataclass
class _Row:
    sheet: str
    num: int
    values: dict[str, Any]
    letters: dict[str, str]

    def where(self, key: str) -> str:
        letter = self.letters.get(key)
        cell = f"{letter}{self.num}" if letter else f"{self.num}:{self.num}"
        return f"{self.sheet}!{cell} ({key})"

    def given(self, key: str) -> bool:
        return not _blank(self.values.get(key))


# A Problem's field as the reader writes it: ``事项材料!F12 (copies)``, ``事项!12:12 (code)`` (the
# row, when the column is missing), ``事项!C1`` (a header cell) or ``事项材料 (materials)``.
_WHERE = re.compile(
    r"^(?P<sheet>[^!()]+?)(?:!(?:(?P<column>[A-Z]+)(?P<row>\d+)|(?P<line>\d+):\d+))?(?: \((?P<key>[^()]+)\))?$"
)


def cell_location(where: str) -> dict[str, Any] | None:
    """The sheet, row, column (letter) and column key a workbook Problem's field names, or None
    when it names no sheet; row, column and key are None when the field does not say them."""
    found = _WHERE.match(where)
    if found is None or found["sheet"] not in SHEETS:
        return None
    row = found["row"] or found["line"]
    return {
        "sheet": found["sheet"],
        "row": int(row) if row else None,
        "column": found["column"],
        "key": found["key"],
    }


@dataclass
class _Entity:
    kind: str
    code: str
    label: str
    row: _Row
    raw: dict[str, Any] = field(default_factory=dict)
    paths: dict[Location, str] = field(default_factory=dict)
    hints: dict[Location, str] = field(default_factory=dict)
    questions: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    rules: dict[int, list[_Row]] = field(default_factory=dict)


def _set(target: dict[str, Any], path: Iterable[str], value: Any) -> None:
    *parents, last = path
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value



class _Reader:
    def __init__(self, path: Path, problems: list[Problem], loaded: LoadedCatalog) -> None:
        self.file = str(path)
        self.problems = problems
        self.loaded = loaded
        self.rows: dict[str, list[_Row]] = {name: [] for name in SHEETS}
        self.bad: set[tuple[str, str]] = set()
        self.entities: dict[str, dict[str, _Entity]] = {}

    def report(self, entity: str, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, entity, where, message))
        self.bad.add((entity, where))

    # sheets and headers
    def load(self, path: Path) -> bool:
        try:
            wb = load_workbook(path, data_only=True)
        except Exception as exc:  # any failure here means the file is not a workbook we can read
            reason = str(exc) or type(exc).__name__
            self.report("", "", f"not a valid Excel workbook (.xlsx): {reason}")
            return False
        seen: set[str] = set()
        for ws in wb.worksheets:
            name = ws.title.strip()
            if name == GUIDE:
                continue
            sheet = SHEETS.get(name)
            if sheet is None:
                valid = "、".join(SHEETS)
                self.report(
                    "",
                    name,
                    f"unknown sheet {ws.title!r}; valid sheets: {valid} (and {GUIDE}, which is ignored)",
                )
                continue
            if name in seen:
                self.report("", name, f"sheet {name} appears twice; only the first one is read")
                continue
            seen.add(name)
            self.rows[name] = self.read_sheet(sheet, list(ws.iter_rows(values_only=True)))
        return True

    def read_sheet(self, sheet: _Sheet, table: list[tuple[Any, ...]]) -> list[_Row]:
        if not table:
            return []
        header, data = table[0], table[1:]
        columns: dict[str, int] = {}
        for ci, text in enumerate(header):
            letter = get_column_letter(ci + 1)
            if _blank(text):
                if any(ci < len(r) and not _blank(r[ci]) for r in data):
                    self.report(
                        "",
                        f"{sheet.name}!{letter}1",
                        "this column has values but no header; give it one of "
                        "the sheet's headers or delete it",
                    )
                continue
            key = sheet.match(_text(text))
            if key is None:
                found = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$", _text(text).strip())
                name = found.group(1) if found else _text(text).strip()
                valid = ", ".join(col.header for col in sheet.cols)
                self.report(
                    "",
                    f"{sheet.name}!{letter}1 ({name})",
                    f"unknown column {_text(text)!r}; valid columns: {valid}",
                )
            elif key in columns:
                first = get_column_letter(columns[key] + 1)
                self.report(
                    "",
                    f"{sheet.name}!{letter}1 ({key})",
                    f"column {key} appears twice (also column {first}); only the first is read",
                )
            else:
                columns[key] = ci
        rows = []
        for num, values in enumerate(data, 2):
            if all(_blank(v) for v in values):
                continue
            rows.append(
                _Row(
                    sheet.name,
                    num,
                    {key: values[ci] for key, ci in columns.items() if ci < len(values)},
                    {key: get_column_letter(ci + 1) for key, ci in columns.items()},
                )
            )
        missing = [key for key in sheet.needed if key not in columns]
        if rows and missing:
            for key in missing:
                self.report(
                    "",
                    f"{sheet.name}!1:1 ({key})",
                    f"missing column {sheet.col(key).header}; "
                    "the rows of this sheet cannot be read without it",
                )
            return []
        return rows

    # cells
    def value(self, row: _Row, col: _Col, entity: str) -> Any:
        """The converted cell, or None when it is empty or wrong (wrong cells are reported)."""
        raw = row.values.get(col.key)
        if _blank(raw):
            return None
        try:
            return _convert(col, raw)
        except _CellError as exc:
            self.report(entity, row.where(col.key), str(exc))
            return None

    def fill(
        self, row: _Row, cols: Iterable[_Col], entity: _Entity, target: dict[str, Any], prefix: Location
    ) -> None:
        for col in cols:
            where = row.where(col.key)
            entity.paths[prefix + col.path] = where
            entity.paths.setdefault(prefix + col.path[:1], where)
            value = self.value(row, col, entity.label)
            if value is not None:
                _set(target, col.path, value)

    # main sheets
    def main(self, sheet_name: str, kind: str, key: str) -> dict[str, _Entity]:
        sheet = SHEETS[sheet_name]
        word = kind[:-1]
        out: dict[str, _Entity] = {}
        for row in self.rows[sheet_name]:
            code = self.value(row, sheet.col(key), f"{word} (row {row.num})")
            if not code:
                self.report(f"{word} (row {row.num})", row.where(key), f"{key} is empty; every row needs one")
                continue
            code = code.strip()
            label = f"{word} {code}"
            if code in out:
                self.report(
                    label,
                    row.where(key),
                    f"duplicate {word} {code!r}: already on {out[code].row.where(key)}; this row is ignored",
                )
                continue
            entity = _Entity(kind, code, label, row)
            entity.paths[()] = row.where(key)
            self.fill(row, sheet.cols, entity, entity.raw, ())
            out[code] = entity
        self.entities[kind] = out
        return out

    def owner(self, row: _Row, key: str, kinds: tuple[str, ...]) -> _Entity | None:
        sheet = SHEETS[row.sheet]
        what = " or ".join(kind[:-1] for kind in kinds)
        code = self.value(row, sheet.col(key), f"{row.sheet} row {row.num}")
        if not code:
            self.report(
                f"{row.sheet} row {row.num}", row.where(key), f"empty: which {what} does this row belong to?"
            )
            return None
        found = [self.entities[kind][code] for kind in kinds if code in self.entities.get(kind, {})]
        if not found:
            sheets = " or ".join({"items": "事项", "bundles": "一件事"}[kind] for kind in kinds)
            self.report(f"{what} {code}", row.where(key), f"no {what} with code {code!r} on sheet {sheets}")
            return None
        if len(found) > 1:
            self.report(
                f"{what} {code}",
                row.where(key),
                f"code {code!r} is both an item and a bundle; give them different codes",
            )
            return None
        return found[0]

    # child sheets
    def requirements(self) -> None:
        sheet = SHEETS["事项材料"]
        grouped: dict[str, list[tuple[int | None, int, _Row]]] = {}
        for row in self.rows["事项材料"]:
            entity = self.owner(row, "item", ("items",))
            if entity is not None:
                order = self.value(row, sheet.col("order"), entity.label)
                grouped.setdefault(entity.code, []).append((order, row.num, row))
        cols = [c for c in sheet.cols if c.key not in ("item", "order")]
        for code, rows in grouped.items():
            entity = self.entities["items"][code]
            rows.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1]))
            for i, (_order, _num, row) in enumerate(rows):
                req: dict[str, Any] = {}
                entity.paths[("materials", i)] = row.where("material")
                self.fill(row, cols, entity, req, ("materials", i))
                entity.raw.setdefault("materials", []).append(req)

    def simple_children(
        self, sheet_name: str, owner_key: str, kinds: tuple[str, ...], list_key: str, first: str
    ) -> None:
        sheet = SHEETS[sheet_name]
        cols = [c for c in sheet.cols if c.key != owner_key]
        for row in self.rows[sheet_name]:
            entity = self.owner(row, owner_key, kinds)
            if entity is None:
                continue
            target = entity.raw.setdefault(list_key, [])
            child: dict[str, Any] = {}
            entity.paths[(list_key, len(target))] = row.where(first)
            self.fill(row, cols, entity, child, (list_key, len(target)))
            target.append(child)

    def questions(self) -> None:
        sheet = SHEETS["情形问题"]
        for row in self.rows["情形问题"]:
            entity = self.owner(row, "owner", ("items", "bundles"))
            if entity is None:
                continue
            qid = self.value(row, sheet.col("id"), entity.label)
            if not qid:
                self.report(entity.label, row.where("id"), "the question id is empty")
                continue
            if qid in entity.questions:
                self.report(
                    entity.label, row.where("id"), f"duplicate question id {qid!r} for {entity.label}"
                )
                continue
            target = entity.raw.setdefault("questions", [])
            qi = len(target)
            question: dict[str, Any] = {}
            self.fill(row, [c for c in sheet.cols if c.key != "owner"], entity, question, ("questions", qi))
            question["id"], question["options"] = qid, []
            entity.paths[("questions", qi)] = entity.paths[("questions", qi, "options")] = row.where("id")
            entity.hints[("questions", qi, "options")] = (
                f" (add at least 2 rows for question {qid} of {entity.code} on sheet 情形选项)"
            )
            entity.questions[qid] = (qi, question)
            target.append(question)
        sheet = SHEETS["情形选项"]
        for row in self.rows["情形选项"]:
            entity = self.owner(row, "owner", ("items", "bundles"))
            if entity is None:
                continue
            qid = self.value(row, sheet.col("question"), entity.label)
            if qid not in entity.questions:
                message = (
                    f"no question {qid!r} for {entity.code} on sheet 情形问题"
                    if qid
                    else "the question id is empty"
                )
                self.report(entity.label, row.where("question"), message)
                continue
            qi, question = entity.questions[qid]
            prefix = ("questions", qi, "options", len(question["options"]))
            option: dict[str, Any] = {}
            entity.paths[prefix] = row.where("id")
            self.fill(row, [sheet.col("id"), sheet.col("text")], entity, option, prefix)
            question["options"].append(option)

    def rules(self) -> None:
        sheet = SHEETS["情形规则"]
        owners: list[_Entity] = []
        for row in self.rows["情形规则"]:
            entity = self.owner(row, "owner", ("items", "bundles"))
            if entity is None:
                continue
            number = self.value(row, sheet.col("rule"), entity.label)
            if number is None:
                if not row.given("rule"):
                    self.report(entity.label, row.where("rule"), "the rule number is empty")
                continue
            if not entity.rules:
                owners.append(entity)
            entity.rules.setdefault(number, []).append(row)
        req_cols = [c for c in sheet.cols if c.key in {c.key for c in _REQUIREMENT_COLS}]
        for entity in owners:
            for ri, number in enumerate(sorted(entity.rules)):
                self.rule(entity, ri, entity.rules[number], req_cols)

    def rule(self, entity: _Entity, ri: int, rows: list[_Row], req_cols: list[_Col]) -> None:
        sheet = SHEETS["情形规则"]
        rule: dict[str, Any] = {}
        entity.paths[("rules", ri)] = rows[0].where("rule")
        entity.paths[("rules", ri, "when")] = rows[0].where("when")
        origin: dict[str, str] = {}
        for row in rows:
            for key in ("when", "note"):
                value = self.value(row, sheet.col(key), entity.label)
                if value is None:
                    continue
                if key in rule and rule[key] != value:
                    self.report(
                        entity.label,
                        row.where(key),
                        f"rule {row.values.get('rule')}: differs from "
                        f"{origin[key]}; write the {key} once or the same on every row of the rule",
                    )
                    continue
                rule[key], origin[key] = value, row.where(key)
                entity.paths[("rules", ri, key)] = row.where(key)
            action = self.value(row, sheet.col("action"), entity.label)
            given = [c for c in req_cols if row.given(c.key)]
            if action is None:
                if given and not row.given("action"):
                    self.report(
                        entity.label,
                        row.where("action"),
                        "what should the rule do with the material? "
                        f"use one of: {'、'.join(ACTIONS.values())}",
                    )
                continue
            target = rule.setdefault(action, [])
            prefix: Location = ("rules", ri, action, len(target))
            entity.paths[prefix] = row.where("material")
            if action == "remove":
                for col in given:
                    if col.key != "material":
                        self.report(
                            entity.label,
                            row.where(col.key),
                            "a 删除 row uses only 材料编码; leave this cell empty",
                        )
                code = self.value(row, sheet.col("material"), entity.label)
                if not code:
                    self.report(
                        entity.label,
                        row.where("material"),
                        "which material should be removed? 材料编码 is empty",
                    )
                    continue
                target.append(code)
                continue
            cols = req_cols
            if action == "override":
                cols = [c for c in req_cols if c.key in _OVERRIDE_KEYS]
                for col in given:
                    if col.key not in _OVERRIDE_KEYS:
                        allowed = "、".join(c.title for c in cols)
                        self.report(
                            entity.label,
                            row.where(col.key),
                            f"a 修改 row cannot change {col.title}; it can change: {allowed}",
                        )
            requirement: dict[str, Any] = {}
            self.fill(row, cols, entity, requirement, prefix)
            target.append(requirement)
        entity.raw.setdefault("rules", []).append(rule)

    # validation
    def finish(self, kind: str) -> list[BaseModel]:
        out: list[BaseModel] = []
        for entity in self.entities.get(kind, {}).values():
            found: list[Problem] = []
            out += parse_entities(kind, [entity.raw], self.file, found, self.loaded)
            for problem in found:
                path = parse_location(problem.field)
                n = next(n for n in range(len(path), -1, -1) if path[:n] in entity.paths)
                where = entity.paths[path[:n]]
                if (problem.entity, where) in self.bad:
                    continue
                self.problems.append(
                    Problem(
                        problem.file, problem.entity, where, problem.message + entity.hints.get(path[:n], "")
                    )
                )
        return out

    def read(self) -> dict[str, list[BaseModel]]:
        self.main("部门", "departments", "code")
        self.main("材料", "materials", "code")
        self.main("同义词", "synonyms", "term")
        self.main("范围外问题", "out_of_scope_examples", "q")
        items = self.main("事项", "items", "code")
        bundles = self.main("一件事", "bundles", "code")
        for entity in items.values():
            for key, sheet in (("materials", "事项材料"), ("faqs", "常见问题")):
                entity.paths[(key,)] = f"{sheet} ({key})"
                entity.hints[(key,)] = f" (add rows for {entity.code} on sheet {sheet})"
        for entity in bundles.values():
            for key, sheet in (("items", "一件事事项"), ("faqs", "常见问题")):
                entity.paths[(key,)] = f"{sheet} ({key})"
                entity.hints[(key,)] = f" (add rows for {entity.code} on sheet {sheet})"
        self.requirements()
        self.simple_children("常见问题", "owner", ("items", "bundles"), "faqs", "q")
        self.questions()
        self.rules()
        self.simple_children("一件事事项", "bundle", ("bundles",), "items", "item")
        self.simple_children("一件事资格", "bundle", ("bundles",), "eligibility", "when")
        self.simple_children("一件事推定", "bundle", ("bundles",), "implications", "when")
        self.simple_children("共用问题", "owner", ("items", "bundles"), "shared", "question")
        return {
kind: self.finish(kind) for kind in SECTIONS
        }


def read_workbook(path: Path, problems: list[Problem], loaded: LoadedCatalog) -> dict[str, list[BaseModel]]:
    """Read a workbook written by `write_workbook` or filled in from `write_template`.

    Returns the entities of each section (departments, materials, items, bundles, synonyms,
    out-of-scope examples);
    every defect is appended to `problems` with the sheet and cell it is in.
    """
    reader = _Reader(Path(path), problems, loaded)
    if not reader.load(Path(path)):
        return empty_sections()
    return reader.read()
