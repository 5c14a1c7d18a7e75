"""The checklist engine on the sample knowledge base: questions asked, materials, bundles, totals."""

from __future__ import annotations

import pytest

from knowledge.checklist import AnswerError, TargetNotFound, find_target, step
from knowledge.checklist.scenarios import walk
from knowledge.checklist.situation import Answers
from knowledge.checklist.text import plain_text
from knowledge.files import read_catalog
from tests.conftest import SAMPLE

CATALOG = read_catalog(SAMPLE).catalog


def checklist_for(target: str, **answers: str):  # type: ignore[no-untyped-def]
    """The checklist after the given answers, every other question answered with its first option."""
    found = find_target(CATALOG, target)
    chosen: Answers = {k.replace("__", "."): frozenset(v.split(",")) for k, v in answers.items()}
    result = step(CATALOG, found, {k: sorted(v) for k, v in walk(found, chosen).items()})
    assert result.checklist is not None
    return result.checklist


def codes(checklist) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.code for m in checklist.materials}


SITUATIONS = [
    # (situation, target, answers, materials that must be there, materials that must not)
    ("出生登记 婚生", "出生登记", {"marital": "married"}, {"M-MARRIAGE-CERT", "M-BIRTH-CERT"}, {"M-NONMARITAL-BIRTH-STATEMENT"}),
    ("出生登记 非婚生随母", "出生登记", {"marital": "nonmarital", "follow": "mother"}, {"M-NONMARITAL-BIRTH-STATEMENT"}, {"M-MARRIAGE-CERT", "M-WJ-PATERNITY-TEST"}),
    ("出生登记 非婚生随父须亲子鉴定", "出生登记", {"marital": "nonmarital", "follow": "father"}, {"M-WJ-PATERNITY-TEST"}, {"M-MARRIAGE-CERT"}),
    ("出生登记 父母民族不同", "出生登记", {"ethnicity": "different"}, {"M-ETHNIC-APPLICATION"}, set()),
    ("出生登记 投靠祖父母", "出生登记", {"address": "grandparents"}, {"M-KINSHIP-PROOF"}, {"M-COLLECTIVE-HUKOU-CONSENT"}),
    ("出生登记 集体户", "出生登记", {"address": "collective"}, {"M-COLLECTIVE-HUKOU-CONSENT"}, {"M-KINSHIP-PROOF"}),
    ("身份证 丢失补领", "居民身份证申领换领补领", {"apply_type": "lost"}, {"M-ID-LOSS-STATEMENT"}, set()),
    ("身份证 未满16周岁", "居民身份证申领换领补领", {"age": "minor"}, {"M-GUARDIAN-PROOF"}, set()),
    ("公积金 租房提取", "住房公积金提取", {"reason": "rent", "lease_filed": "filed"}, {"M-LEASE", "M-GJJ-LEASE-FILING"}, {"M-GJJ-RETIRE-PROOF"}),
    ("公积金 退休提取", "住房公积金提取", {"reason": "retire"}, {"M-GJJ-RETIRE-PROOF"}, {"M-LEASE"}),
    ("公积金 配偶重疾", "住房公积金提取", {"reason": "illness", "patient": "spouse"}, {"M-MEDICAL-DIAGNOSIS", "M-MARRIAGE-CERT"}, set()),
    ("个体户 自有房产", "个体工商户设立登记", {"premises": "own"}, {"M-PROPERTY-CERT"}, {"M-PREMISES-PROOF", "M-LEASE"}),
    ("个体户 购房合同无证", "个体工商户设立登记", {"premises": "purchase"}, {"M-PREMISES-PURCHASE-CONTRACT"}, {"M-PROPERTY-CERT"}),
    ("个体户 租赁", "个体工商户设立登记", {"premises": "lease"}, {"M-LEASE", "M-PROPERTY-CERT"}, {"M-PREMISES-PROOF"}),
    ("个体户 村民自建房", "个体工商户设立登记", {"premises": "village"}, {"M-PREMISES-VILLAGE-PROOF"}, {"M-PROPERTY-CERT"}),
    ("结婚 一方持居住证", "结婚登记", {"identity": "mainland", "hukou": "resident"}, {"M-RESIDENCE-PERMIT"}, {"M-PASSPORT"}),
    ("结婚 涉港澳", "结婚登记", {"identity": "hk_mo"}, {"M-HKMO-RETURN-PERMIT", "M-NO-SPOUSE-CERT"}, set()),
    ("结婚 涉外", "结婚登记", {"identity": "foreign"}, {"M-PASSPORT", "M-NO-SPOUSE-CERT"}, set()),
    ("入学 随迁子女", "义务教育入学报名", {"hukou": "nonlocal"}, {"M-RESIDENCE-PERMIT", "M-RS-PAYMENT-CERT"}, set()),
    ("入学 租房", "义务教育入学报名", {"housing": "rent"}, {"M-LEASE"}, {"M-PROPERTY-CERT"}),
    ("入学 初中不交出生证明", "义务教育入学报名", {"stage": "junior"}, set(), {"M-BIRTH-CERT"}),
]


@pytest.mark.parametrize(("situation", "target", "answers", "present", "absent"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_the_situation_decides_the_materials(situation: str, target: str, answers: dict, present: set, absent: set) -> None:
    got = codes(checklist_for(target, **answers))
    assert present <= got, f"{situation}: missing {present - got}"
    assert not (absent & got), f"{situation}: should not list {absent & got}"


def test_a_question_that_cannot_change_the_list_is_not_asked() -> None:
    """随父/随母 matters only for 非婚生 (亲子鉴定): a married couple is not asked it."""
    married = checklist_for("出生登记", marital="married")
    assert "follow" not in {a["question"] for a in married.answers}
    unmarried = checklist_for("出生登记", marital="nonmarital")
    assert "follow" in {a["question"] for a in unmarried.answers}


def test_a_question_hidden_by_show_if_is_not_asked_and_a_stale_answer_is_ignored() -> None:
    target = find_target(CATALOG, "住房公积金提取")
    result = step(CATALOG, target, {"reason": "retire", "lease_filed": "filed"})
    assert result.ignored_answers == ["lease_filed"]
    assert result.next_question is None or result.next_question.id != "lease_filed"


@pytest.mark.parametrize(
    ("answers", "message_part"),
    [
        ({"premises": "shop"}, "premises"),
        ({"不存在的问题": "x"}, "可以回答的问题"),
        ({"entity": ""}, "entity"),
        ({"entity": "individual,company"}, "只能选一个"),
    ],
    ids=["not an option", "no such question", "empty answer", "two answers to a single choice"],
)
def test_invalid_answers_are_rejected_with_the_valid_choices(answers: dict, message_part: str) -> None:
    target = find_target(CATALOG, "开办理发店一件事")
    with pytest.raises(AnswerError) as err:
        step(CATALOG, target, answers)
    assert message_part in str(err.value)
    if "premises" in answers:
        assert "lease" in str(err.value) and "租赁他人的商铺或场地" in str(err.value)
        assert {c["id"] for c in err.value.choices} >= {"own", "lease", "market_stall"}


def test_an_option_can_be_given_by_its_text() -> None:
    target = find_target(CATALOG, "开办理发店一件事")
    by_text = step(CATALOG, target, {"entity": "公司（有限责任公司）"})
    by_id = step(CATALOG, target, {"entity": "company"})
    assert by_text.as_dict() == by_id.as_dict()
    assert by_text.answered == 1


def test_an_unknown_target_is_reported() -> None:
    with pytest.raises(TargetNotFound):
        find_target(CATALOG, "开办宇宙飞船一件事")


def test_a_bundle_lists_a_shared_material_once_with_the_strictest_requirement() -> None:
    checklist = checklist_for("出生一件事")
    names = [m.code for m in checklist.materials]
    assert names.count("M-ID-CARD") == 1
    id_card = next(m for m in checklist.materials if m.code == "M-ID-CARD")
    assert len(id_card.for_items) > 1
    wanted = [req for item in checklist.items for req in CATALOG.item(item["code"]).materials if req.material == "M-ID-CARD"]
    assert id_card.copies == max(r.copies for r in wanted)
    assert id_card.exempt == all(r.exempt for r in wanted)
    if {r.original_or_copy.value for r in wanted} >= {"原件", "复印件"}:
        assert id_card.original_or_copy == "原件和复印件"


def test_a_bundle_skips_the_items_the_situation_excludes_and_says_why() -> None:
    small = checklist_for("开办理发店一件事", area="small")
    large = checklist_for("开办理发店一件事", area="large")
    fire = "000115001000"
    assert fire not in {i["code"] for i in small.items}
    skipped = next(s for s in small.skipped_items if s["code"] == fire)
    assert "面积" in skipped["reason"]
    assert fire in {i["code"] for i in large.items}


def test_eligibility_failure_stops_the_questions_and_explains() -> None:
    target = find_target(CATALOG, "开办理发店一件事")
    result = step(CATALOG, target, {"operator": "restricted"})
    assert result.next_question is None and result.checklist is not None
    assert result.checklist.eligible is False
    assert "公务员" in result.checklist.ineligible_reasons[0]
    assert result.checklist.materials == [] and result.checklist.items == []


def test_totals_for_planning() -> None:
    checklist = checklist_for("开办理发店一件事", channel="window")
    assert checklist.visits == max(CATALOG.item(i["code"]).visits for i in checklist.items)
    assert checklist.time_limit is not None and checklist.time_limit["days"] == 5
    assert checklist.time_limit["longest_item"]["days"] == max(CATALOG.item(i["code"]).promised_time_limit.days for i in checklist.items)
    assert checklist.fees["charged"] is False
    assert checklist.places and all(p["hours"] for p in checklist.places)
    assert {r["code"] for r in checklist.online["items"]} == {i["code"] for i in checklist.items}


def test_each_material_says_why_it_is_there() -> None:
    checklist = checklist_for("出生登记", marital="nonmarital", follow="father")
    test = next(m for m in checklist.materials if m.code == "M-WJ-PATERNITY-TEST")
    assert "非婚生" in test.reason and "随父落户" in test.reason
    triggers = {(t.question, t.option) for r in test.reasons for t in r.triggers}
    assert triggers == {("marital", "nonmarital"), ("follow", "father")}


def test_e_licenses_are_configurable() -> None:
    target = find_target(CATALOG, "出生登记")
    answers = {k: sorted(v) for k, v in walk(target, {}).items()}
    default = step(CATALOG, target, answers).checklist
    none = step(CATALOG, target, answers, e_licenses=[]).checklist
    assert default is not None and none is not None
    assert any(m.exempt for m in default.materials)
    assert not any(m.exempt for m in none.materials)


# -- presets: answers a bundle's own meaning implies ------------------------------------------
@pytest.mark.parametrize(
    ("bundle", "preset", "option_text"),
    [
        ("出生一件事", "000110001000.apply_type", "首次签发"),  # the newborn's first 出生医学证明
        ("出生一件事", "holder", "未满16周岁"),  # the 社保卡 is the newborn's
        ("开办理发店一件事", "000110004000.venue_type", "美容美发"),
    ],
)
def test_a_preset_is_never_asked_and_shows_as_set_by_the_bundle(bundle: str, preset: str, option_text: str) -> None:
    target = find_target(CATALOG, bundle)
    answers = walk(target, {})
    assert preset not in answers  # the walk answered every question the engine asked
    result = step(CATALOG, target, {k: sorted(v) for k, v in answers.items()})
    assert result.checklist is not None
    row = next(r for r in result.checklist.answers if r["question"] == preset)
    assert row.get("preset") is True and option_text in "".join(row["option_texts"])
    assert f"{row['question_text']}：{'、'.join(row['option_texts'])}（由本一件事确定）" in plain_text(result.checklist)


def test_an_answer_against_a_preset_is_ignored_and_said_so() -> None:
    target = find_target(CATALOG, "出生一件事")
    answers = {k: sorted(v) for k, v in walk(target, {}).items()} | {"000110001000.apply_type": ["reissue"]}
    result = step(CATALOG, target, answers)
    assert "000110001000.apply_type" in result.ignored_answers
    assert result.checklist is not None
    row = next(r for r in result.checklist.answers if r["question"] == "000110001000.apply_type")
    assert row["options"] == ["first"]


# -- implications: an answer that settles another ---------------------------------------------
def test_an_implied_answer_is_not_asked_and_shows_as_derived() -> None:
    target = find_target(CATALOG, "出生一件事")
    answers = walk(target, {"timing": frozenset({"within"})})
    assert "over_year" not in answers  # 出生医学证明's "over a year?" follows from "within a month"
    result = step(CATALOG, target, {k: sorted(v) for k, v in answers.items()})
    assert result.checklist is not None
    row = next(r for r in result.checklist.answers if r["question"] == "over_year")
    assert row.get("derived") is True and row["options"] == ["within"]
    assert "（由您的回答推定）" in plain_text(result.checklist)


def test_an_implication_never_replaces_the_citizens_own_answer() -> None:
    target = find_target(CATALOG, "出生一件事")
    settled = target.settled({"timing": frozenset({"within"}), "over_year": frozenset({"beyond"})})
    assert settled["over_year"] == frozenset({"beyond"})


# -- shared questions: asked once, answering each item's question that means the same -----------
@pytest.mark.parametrize(
    ("who", "mapped"),
    [
        ("mother", {"000110001000.applicant": "mother", "000110002000.applicant": "couple", "000105002000.applicant": "parent"}),
        ("father", {"000110001000.applicant": "other", "000110002000.applicant": "couple", "000108001000.applicant": "self"}),
        ("relative", {"000110001000.applicant": "other", "000110003000.applicant": "other", "000105002000.applicant": "agent"}),
    ],
)
def test_who_applies_is_asked_once_for_every_item(who: str, mapped: dict[str, str]) -> None:
    target = find_target(CATALOG, "出生一件事")
    answers = walk(target, {"who": frozenset({who})})
    assert not any(k.endswith(".applicant") for k in answers)  # no item asks its own 由谁来办理
    result = step(CATALOG, target, {k: sorted(v) for k, v in answers.items()})
    assert result.checklist is not None
    rows = {r["question"]: r for r in result.checklist.answers}
    for question, option in mapped.items():
        assert rows[question]["options"] == [option] and rows[question].get("derived") is True
    assert ("M-AGENT-AUTH" in codes(result.checklist)) == (who != "mother")  # 出生医学证明: only the mother in person


def test_the_member_question_waits_for_its_shared_question() -> None:
    target = find_target(CATALOG, "出生一件事")
    asked = []
    answers: Answers = {}
    while (q := step(CATALOG, target, {k: sorted(v) for k, v in answers.items()}).next_question) is not None:
        asked.append(q.id)
        last = q.id in {"special", "who"}  # 以上都没有, 委托亲属代办
        answers[q.id] = frozenset({q.question.options[-1 if last else 0].id})
    assert "who" in asked and "special" in asked
    assert not {"marital", "birth_place", "fertility_reg", "remarried", "ethnicity"} & set(asked)


@pytest.mark.parametrize(
    ("ticked", "settled"),
    [
        ({"none"}, {"marital": "married", "birth_place": "hospital", "fertility_reg": "not_done", "ethnicity": "same"}),
        ({"nonmarital", "ethnic"}, {"marital": "nonmarital", "birth_place": "hospital", "ethnicity": "different"}),
        ({"outside", "reg_done"}, {"marital": "married", "birth_place": "outside", "fertility_reg": "done"}),
    ],
)
def test_one_tick_list_answers_several_yes_no_questions(ticked: set[str], settled: dict[str, str]) -> None:
    target = find_target(CATALOG, "出生一件事")
    answers = target.settled({"special": frozenset(ticked)})
    assert {q: sorted(answers[q]) for q in settled} == {q: [o] for q, o in settled.items()}


def test_a_shared_answer_never_replaces_the_citizens_own() -> None:
    target = find_target(CATALOG, "出生一件事")
    settled = target.settled({"special": frozenset({"none"}), "marital": frozenset({"nonmarital"})})
    assert settled["marital"] == frozenset({"nonmarital"})


# -- order: what can end the list first, what decides other questions next ---------------------
@pytest.mark.parametrize(
    ("bundle", "first"),
    [
        ("开办便利店一件事", "operator"),  # a 公务员 is told at once that they cannot open a shop
        ("开办理发店一件事", "operator"),
        ("出生一件事", "timing"),  # eligibility: over a year old is not 出生一件事
    ],
)
def test_a_bundle_asks_what_can_end_the_list_first(bundle: str, first: str) -> None:
    result = step(CATALOG, find_target(CATALOG, bundle), {})
    assert result.next_question is not None and result.next_question.id == first


def test_an_items_questions_keep_the_order_its_editor_wrote() -> None:
    target = find_target(CATALOG, "普通护照签发")
    result = step(CATALOG, target, {})
    assert result.next_question is not None and result.next_question.id == target.questions[0].id


def test_questions_behind_a_question_that_cannot_be_shown_are_not_asked() -> None:
    # 入学一件事: the vaccination item depends on a question shown for primary school only, so a
    # junior-school pupil is never asked the vaccination card's questions.
    target = find_target(CATALOG, "入学一件事")
    answers = walk(target, {"stage": frozenset({"junior"})})
    assert not [k for k in answers if k.startswith("000110003000.") or k in {"has_old_card", "record_found", "vaccine_card"}]
    primary = walk(target, {"stage": frozenset({"primary"}), "vaccine_card": frozenset({"outside"})})
    assert "has_old_card" in primary  # the same questions where they can matter
