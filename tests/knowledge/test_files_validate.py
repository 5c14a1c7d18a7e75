"""Reading catalogues and validating them: every problem reported with file, entity and field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.files import canonical_plain, read_catalog, write_json, write_yaml
from knowledge.problems import CatalogError
from knowledge.schema import is_check_date
from knowledge.validate import FORM_NAME, validate, validate_warnings
from tests.knowledge.factories import MATERIALS, item, write_kb

ITEM_NAMES = ["居民身份证申领换领补领", "出生登记", "居住证申领", "户口迁入登记", "普通护照签发", "往来港澳通行证及签注签发", "机动车驾驶证期满换证", "无犯罪记录证明开具", "结婚登记", "离婚登记", "老年人优待证办理", "最低生活保障申请", "残疾人证办理", "社会保障卡申领", "失业保险金申领", "城乡居民基本养老保险参保登记", "职工退休申请", "就业创业证申领", "基本养老保险关系转移接续", "城乡居民基本医疗保险参保登记", "异地就医备案", "生育保险待遇申领", "住房公积金提取", "住房公积金个人住房贷款", "出生医学证明签发", "生育登记", "预防接种证办理", "义务教育入学报名", "个体工商户设立登记", "公司设立登记", "食品经营许可", "市场主体变更登记", "企业简易注销登记", "户外招牌设置审批", "存量房转移登记", "不动产抵押登记", "公共场所卫生许可", "公众聚集场所投入使用营业前消防安全检查", "烟草专卖零售许可证核发", "发票申领", "公章刻制备案"]
BUNDLE_NAMES = ["出生一件事", "开办便利店一件事", "开办理发店一件事", "开办餐饮店一件事", "入学一件事", "退休一件事", "企业开办一件事"]


def problems_of(path: Path) -> list[str]:
    try:
        return [str(p) for p in validate(read_catalog(path))]
    except CatalogError as exc:
        return [str(p) for p in exc.problems]


def _checked(*checks: dict) -> dict:
    """The factory item with checks on its one material (the ID card)."""
    return item(materials=[{"material": "M-ID", "source": "政府部门核发", "checks": list(checks)}])


def test_sample_catalogue_is_valid_and_complete(sample_catalog) -> None:
    assert validate(sample_catalog) == []
    assert validate_warnings(sample_catalog) == []
    assert {i.name for i in sample_catalog.items} >= set(ITEM_NAMES)
    assert {b.name for b in sample_catalog.bundles} >= set(BUNDLE_NAMES)
    for entity in [*sample_catalog.items, *sample_catalog.bundles]:
        assert entity.faqs, entity.name


def test_a_valid_fragment_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(write_kb(tmp_path)) == []


def test_sample_forms_list_the_fields_printed_on_them(sample_catalog) -> None:
    forms = [m for m in sample_catalog.materials if FORM_NAME.search(m.name)]
    assert len(forms) >= 40
    for material in forms:
        assert [d.value for d in material.documents] == ["form"], material.code
        assert 4 <= len(material.fields) <= 8, material.code
    checks = [
        (item.code, check)
        for item in sample_catalog.items
        for req in [*item.materials, *(r for rule in item.rules for r in rule.add)]
        for check in req.checks
    ]
    assert 6 <= len(checks) <= 10
    assert len({code for code, _check in checks}) == len(checks)  # one per item, across items


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([item(materials=[{"material": "M-NOPE"}])], "item 000000000001:materials[0].material: unknown material 'M-NOPE'"),
        ([item(department="D-404")], "item 000000000001:department: unknown department 'D-404'"),
        ([item(), item(name="另一个")], "duplicate item code '000000000001'"),
        ([item(), item(code="000000000002")], "duplicate name '测试证件补领'"),
        (
            [item(rules=[{"when": {"kind": ["stolen"]}, "add": [{"material": "M-LOSS"}]}])],
            "unknown option 'stolen' of question 'kind' (options: first, lost)",
        ),
        (
            [item(rules=[{"when": {"size": ["big"]}, "remove": ["M-ID"]}])],
            "unknown question 'size'",
        ),
        (
            [item(rules=[{"when": {"kind": ["first"], "where": ["other"]}, "remove": ["M-ID"]}])],
            "rule can never fire",
        ),
        (
            [item(rules=[{"when": {"kind": ["lost"]}, "remove": ["M-HK"]}])],
            "material 'M-HK' is neither in the item's list nor added by a rule",
        ),
        (
            [item(materials=[{"material": "M-ID"}, {"material": "M-ID"}])],
            "material 'M-ID' is listed more than once",
        ),
        (
            [item(materials=[{"material": "M-HK", "exempt": True}])],
            "only 政府部门核发 materials can be exempt",
        ),
        ([item(fee={"charged": True})], "fee.charged is true but no fee items are listed"),
        ([item(online={"available": True})], "online.available is true but no url is given"),
        ([item(valid_from="2025-01-01", valid_to="2024-01-01")], "valid_to is before valid_from"),
        (
            [_checked({"field": "姓名", "op": "same_as", "other": "M-NOPE.姓名", "message": "不一致"})],
            "item 000000000001:materials[0].checks[0].other: unknown material 'M-NOPE' in 'M-NOPE.姓名'",
        ),
        (
            [_checked({"field": "姓名", "op": "same_as", "other": "M-HK", "message": "不一致"})],
            "checks[0].other: 'M-HK': same_as needs the other field as <material code>.<field>",
        ),
        (
            [_checked({"field": "姓名", "op": "same_as", "message": "不一致"})],
            "checks[0].other: None: same_as needs the other field",
        ),
        (
            [_checked({"field": "面积", "op": "range", "message": "面积不符"})],
            "materials[0].checks[0]: a range check needs min, max or both",
        ),
        (
            [_checked({"field": "面积", "op": "range", "min": 10, "max": 1, "message": "面积不符"})],
            "min 10 is greater than max 1",
        ),
        (
            [_checked({"field": "有效期限", "op": "date_after", "value": "下个月", "message": "请换领"})],
            "materials[0].checks[0].value: '下个月' is not a date",
        ),
        (
            [_checked({"field": "有效期限", "op": "date_before", "message": "请换领"})],
            "materials[0].checks[0].value: None is not a date",
        ),
        (
            [
                item(
                    rules=[
                        {
                            "when": {"kind": ["lost"]},
                            "add": [
                                {
                                    "material": "M-LOSS",
                                    "checks": [
                                        {"field": "日期", "op": "date_after", "value": "today+3w", "message": "过期"}
                                    ],
                                }
                            ],
                        }
                    ]
                )
            ],
            "rules[0].add[0].checks[0].value: 'today+3w' is not a date",
        ),
        (
            [_checked({"field": "名称", "op": "contains", "message": "名称不符"})],
            "a contains check needs a value",
        ),
    ],
)
def test_semantic_problems_name_file_item_and_field(tmp_path: Path, items: list[dict], expected: str) -> None:
    problems = problems_of(write_kb(tmp_path, items))
    assert any(expected in p for p in problems), problems
    assert all(str(tmp_path) in p for p in problems), problems


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2025-01-31", True),
        ("today", True),
        ("today+30d", True),
        ("today-6m", True),
        ("today-1y", True),
        (" today+180d ", True),
        ("today+1w", False),
        ("tomorrow", False),
        ("2025-02-30", False),
        ("2025年1月31日", False),
        ("", False),
        (None, False),
    ],
)
def test_check_date_values(value: str | None, ok: bool) -> None:
    assert is_check_date(value) is ok


FORM = {
    "code": "M-FORM",
    "name": "测试申请表",
    "documents": ["form"],
    "fields": [{"name": "申请人姓名", "aliases": ["姓名"]}, {"name": "公民身份号码"}, {"name": "备注", "required": False}],
}
ID_CARD = {**MATERIALS[0], "documents": ["id_card_front", "id_card_back"]}


def _on_form(check: dict, *others: dict) -> dict:
    return item(
        materials=[
            {"material": "M-ID", "source": "政府部门核发"},
            {"material": "M-FORM", "checks": [check]},
            *others,
        ]
    )


WARNING_CASES = [
    # materials, items, the warning (a fragment of "entity:field: message")
    (MATERIALS, None, "material M-LOSS:fields: '测试挂失申报表' looks like a form but lists no fields"),
    (
        [*MATERIALS, {"code": "M-X", "name": "测试承诺书"}],
        None,
        "material M-X:fields: '测试承诺书' looks like a form",
    ),
    (
        [*MATERIALS, {"code": "M-X", "name": "测试材料", "documents": ["form"]}],
        None,
        "material M-X:fields: '测试材料' looks like a form",
    ),
    (
        [*MATERIALS, {"code": "M-X", "name": "测试材料", "documents": ["hukou"], "fields": [{"name": "户号"}]}],
        None,
        "material M-X:documents: fields are read from documents of type form only",
    ),
    (
        [*MATERIALS, FORM],
        [_on_form({"field": "姓名", "op": "not_empty", "message": "请填写姓名"})],
        "materials[1].checks[0].field: '姓名' is an alias of field '申请人姓名' of M-FORM; name the field",
    ),
    (
        [*MATERIALS, FORM],
        [_on_form({"field": "住址", "op": "not_empty", "message": "请填写住址"})],
        "M-FORM has no field '住址' (its fields: 申请人姓名、公民身份号码、备注); the check never runs",
    ),
    (
        [*MATERIALS, FORM],
        [_on_form({"field": "申请人姓名", "op": "same_as", "other": "M-HK.姓名", "message": "姓名不一致"})],
        "materials[1].checks[0].other: M-HK is never on this item's list, so the comparison never runs",
    ),
    (
        [ID_CARD, *MATERIALS[1:], FORM],
        [_on_form({"field": "公民身份号码", "op": "same_as", "other": "M-ID.身份证号", "message": "号码不一致"})],
        None,  # M-ID is no form: its fields are the ID card's, not known here
    ),
    (
        [*MATERIALS, FORM],
        [item(materials=[{"material": "M-ID", "checks": [{"field": "姓名", "op": "not_empty", "message": "缺"}]}])],
        "materials[0].checks[0]: M-ID has no documents, so pre-review cannot read it",
    ),
]


@pytest.mark.parametrize(("materials", "items", "fragment"), WARNING_CASES)
def test_pre_review_warnings_do_not_block(
    tmp_path: Path, materials: list[dict], items: list[dict] | None, fragment: str | None
) -> None:
    loaded = read_catalog(write_kb(tmp_path, items, materials))
    assert validate(loaded) == []  # warnings are not errors: the import goes ahead
    warnings = [str(w) for w in validate_warnings(loaded)]
    if fragment is None:
        assert not [w for w in warnings if "M-FORM" in w or "M-ID" in w], warnings
    else:
        assert any(fragment in w for w in warnings), warnings
        assert all(str(tmp_path) in w for w in warnings), warnings


def test_a_label_naming_two_form_fields_is_an_error(tmp_path: Path) -> None:
    form = {**FORM, "fields": [{"name": "申请人姓名", "aliases": ["姓名"]}, {"name": "姓名"}]}
    problems = problems_of(write_kb(tmp_path, None, [*MATERIALS, form]))
    assert any("material M-FORM:fields: label '姓名' names more than one field" in p for p in problems), problems


def test_show_if_cycle_is_reported_and_questions_unreachable(tmp_path: Path) -> None:
    questions = [
        {"id": "a", "text": "A?", "show_if": {"b": ["y"]}, "options": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}]},
        {"id": "b", "text": "B?", "show_if": {"a": ["x"]}, "options": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}]},
    ]
    problems = problems_of(write_kb(tmp_path, [item(questions=questions, rules=[])]))
    assert any("show-if cycle: a → b → a" in p or "show-if cycle: b → a → b" in p for p in problems), problems
    assert any("can never be shown, so its options (x, y) are unreachable" in p for p in problems), problems


def test_option_behind_an_impossible_show_if_is_unreachable(tmp_path: Path) -> None:
    questions = [
        {"id": "kind", "text": "?", "options": [{"id": "first", "text": "首次"}, {"id": "lost", "text": "丢失"}]},
        {"id": "why", "text": "?", "show_if": {"kind": ["stolen"]}, "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]},
    ]
    problems = problems_of(write_kb(tmp_path, [item(questions=questions, rules=[])]))
    assert any("questions[1].show_if: unknown option 'stolen'" in p for p in problems), problems
    assert any("question 'why' can never be shown" in p for p in problems), problems


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", None, "name: Input should be a valid string"),
        ("type", "行政审批", "type: Input should be"),
        ("materials", [], "materials: List should have at least 1 item"),
        ("faqs", [], "faqs: List should have at least 1 item"),
        ("visits", -1, "visits: Input should be greater than or equal to 0"),
        ("colour", "red", "colour: Extra inputs are not permitted"),
    ],
)
def test_schema_problems_name_the_field(tmp_path: Path, field: str, value: object, message: str) -> None:
    data = item(**{field: value})
    if value is None:
        del data[field]
        message = f"{field}: Field required"
    problems = problems_of(write_kb(tmp_path, [data]))
    assert any(message in p and "item 000000000001" in p for p in problems), problems


def test_missing_required_field_is_reported(tmp_path: Path) -> None:
    data = item()
    del data["conditions"]
    problems = problems_of(write_kb(tmp_path, [data]))
    assert any("0-000000000001.yml:item 000000000001:conditions: Field required" in p for p in problems), problems


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    root = write_kb(tmp_path)
    (root / "items" / "broken.yml").write_text("code: '1\nname: [unclosed\n", encoding="utf-8")
    problems = problems_of(root)
    assert any("broken.yml" in p and "line" in p and "not valid YAML" in p for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad = [item(code="000000000001", department="D-404"), item(code="000000000002", name="B", materials=[{"material": "M-X"}])]
    problems = problems_of(write_kb(tmp_path, bad))
    assert len(problems) >= 2
    assert any("000000000001" in p and "department" in p for p in problems)
    assert any("000000000002" in p and "M-X" in p for p in problems)


def test_missing_path_and_unknown_type(tmp_path: Path) -> None:
    assert "no such file or folder" in problems_of(tmp_path / "nope")[0]
    other = tmp_path / "kb.txt"
    other.write_text("x")
    assert "unsupported file type" in problems_of(other)[0]


def test_yaml_folder_single_file_and_json_round_trip(sample_catalog, tmp_path: Path) -> None:
    def canonical(c) -> str:
        return json.dumps(canonical_plain(c), ensure_ascii=False, sort_keys=True)

    write_yaml(sample_catalog, tmp_path / "folder")
    write_yaml(sample_catalog, tmp_path / "one.yml")
    write_json(sample_catalog, tmp_path / "all.json")
    for path in ("folder", "one.yml", "all.json"):
        assert canonical(read_catalog(tmp_path / path).catalog) == canonical(sample_catalog), path


def test_cli_validate_reports_and_exits_non_zero(tmp_path: Path) -> None:
    root = write_kb(tmp_path, [item(materials=[{"material": "M-NOPE"}])])
    done = subprocess.run(
        [sys.executable, "-m", "banshi.cli", "kb", "validate", str(root)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "unknown material 'M-NOPE'" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("presets", "problem"),
    [
        ({"no_such_question": ["x"]}, "unknown question 'no_such_question'"),
        ({"000110001000.apply_type": ["fourth"]}, "unknown option 'fourth'"),
        ({"apply_type": ["first"]}, "unknown question 'apply_type'"),  # members ask it differently: prefixed
        ({"holder": ["adult", "minor"]}, "question 'holder' takes one answer, not 2"),
    ],
)
def test_bundle_presets_name_questions_as_the_bundle_asks_them(sample_catalog, presets: dict, problem: str) -> None:
    catalog = sample_catalog.model_copy(deep=True)
    birth = next(b for b in catalog.bundles if b.name == "出生一件事")
    birth.presets = presets
    found = [str(p) for p in validate(catalog) if p.field == "presets"]
    assert any(problem in p for p in found), found


@pytest.mark.parametrize(
    ("implications", "problem"),
    [
        ([{"when": {"timing": ["within"]}, "then": {"no_such": ["x"]}}], "unknown question 'no_such'"),
        (
            [{"when": {"timing": ["within"]}, "then": {"over_year": ["within"]}},
             {"when": {"channel": ["online"]}, "then": {"over_year": ["beyond"]}}],
            "contradicts implications[0] on 'over_year'",
        ),
        ([{"when": {"timing": ["within"]}, "then": {"holder": ["adult"]}}], "contradicts the preset of 'holder'"),
    ],
)
def test_bundle_implications_are_checked_for_contradictions(sample_catalog, implications: list, problem: str) -> None:
    from knowledge.schema import Implication

    catalog = sample_catalog.model_copy(deep=True)
    birth = next(b for b in catalog.bundles if b.name == "出生一件事")
    birth.implications = [Implication(**i) for i in implications]
    found = [str(p) for p in validate(catalog) if p.field.startswith("implications")]
    assert any(problem in p for p in found), found


def test_implications_whose_conditions_exclude_each_other_may_differ(sample_catalog) -> None:
    from knowledge.schema import Implication

    catalog = sample_catalog.model_copy(deep=True)
    birth = next(b for b in catalog.bundles if b.name == "出生一件事")
    birth.implications = [
        Implication(when={"timing": ["within"]}, then={"over_year": ["within"]}),
        Implication(when={"timing": ["over_year"]}, then={"over_year": ["beyond"]}),
    ]
    assert not [p for p in validate(catalog) if p.field.startswith("implications")]


@pytest.mark.parametrize(
    ("shared", "problem"),
    [
        ({"question": "nope", "answers": "000110001000.applicant", "options": {"mother": ["mother"]}}, "'nope' is not a question the bundle asks"),
        ({"question": "who", "answers": "nope", "options": {"mother": ["mother"]}}, "'nope' is not another question the bundle asks"),
        ({"question": "who", "answers": "who", "options": {"mother": ["mother"]}}, "'who' is not another question the bundle asks"),
        ({"question": "who", "answers": "000110001000.applicant", "options": {"aunt": ["mother"]}}, "unknown option 'aunt' of question 'who'"),
        ({"question": "who", "answers": "000110001000.applicant", "options": {"mother": ["father"]}}, "unknown option 'father' of question '000110001000.applicant'"),
        ({"question": "who", "answers": "000110001000.applicant", "options": {"mother": ["mother", "other"]}}, "takes one answer, but the mapping can give it several"),
        ({"question": "special", "answers": "000110001000.applicant", "options": {"nonmarital": ["mother"], "outside": ["other"]}}, "takes one answer, but the mapping can give it several"),
        ({"question": "who", "answers": "holder", "options": {"mother": ["adult"]}}, "'holder' is preset"),
        ({"question": "special", "answers": "marital", "options": {"nonmarital": ["nonmarital"]}, "otherwise": "single"}, "unknown option 'single' of question 'marital'"),
    ],
)
def test_shared_questions_map_known_options_onto_another_question(sample_catalog, shared: dict, problem: str) -> None:
    from knowledge.schema import SharedQuestion

    catalog = sample_catalog.model_copy(deep=True)
    birth = next(b for b in catalog.bundles if b.name == "出生一件事")
    birth.shared = [SharedQuestion(**shared)]
    found = [str(p) for p in validate(catalog) if p.field.startswith("shared")]
    assert any(problem in p for p in found), found


def test_one_question_answered_by_two_shared_questions_is_refused(sample_catalog) -> None:
    from knowledge.schema import SharedQuestion

    catalog = sample_catalog.model_copy(deep=True)
    birth = next(b for b in catalog.bundles if b.name == "出生一件事")
    birth.shared.append(SharedQuestion(question="channel", answers="000110001000.applicant", options={"online": ["mother"]}))
    assert any("answered by more than one shared question" in p.message for p in validate(catalog))


def test_look_alike_questions_a_bundle_asks_separately_are_flagged(sample_catalog) -> None:
    catalog = sample_catalog.model_copy(deep=True)
    birth = next(b for b in catalog.bundles if b.name == "出生一件事")
    birth.shared = [s for s in birth.shared if s.question != "who"]  # 由谁来办理 asked once per item again
    warned = [p.message for p in validate_warnings(catalog) if p.entity == "bundle YJS-001"]
    assert any("000110001000.applicant, 000110002000.applicant, 000110003000.applicant, 000108001000.applicant have the same text (由谁来办理？)" in w for w in warned), warned
    assert validate(catalog) == []  # advice, not an error
