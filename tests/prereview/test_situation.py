"""The 情形 read from the uploads: inferred on positive evidence only, open otherwise (never the
first option by default), contradictions told as situation_mismatch."""

from __future__ import annotations

import pytest

from knowledge.checklist.engine import find_target
from knowledge.checklist.situation import Answers
from knowledge.files import read_catalog
from knowledge.schema import DocumentType as D
from prereview.situation import Seen, infer_situation, labelled_values, stated_option
from tests.conftest import SAMPLE

CATALOG = read_catalog(SAMPLE).catalog
GETIHU = find_target(CATALOG, "000112001000")  # 个体工商户设立登记
ID = [Seen("front.jpg", D.ID_CARD_FRONT), Seen("back.jpg", D.ID_CARD_BACK)]
FORM = Seen("form.pdf", D.FORM, form="M-SCJG-GTH-APP")
LEASE = Seen("lease.jpg", D.LEASE_CONTRACT)
DEED = Seen("deed.jpg", D.PROPERTY_CERT)


def _form(**written: str) -> Seen:
    return Seen("form.pdf", D.FORM, form="M-SCJG-GTH-APP", fields=written)


@pytest.mark.parametrize(
    ("uploads", "given", "inferred", "still_open"),
    [
        # nothing shows the premises: asked, not assumed
        ([*ID, FORM], {}, {}, {"premises", "applicant", "form"}),
        # a lease shows them (and only a lease explains it)
        ([*ID, FORM, LEASE], {}, {"premises": "lease"}, {"applicant", "form"}),
        ([*ID, FORM, LEASE, DEED], {}, {"premises": "lease"}, {"applicant"}),
        # a deed alone fits owning and leasing (the landlord's deed): still a question
        ([*ID, FORM, DEED], {}, {}, {"premises"}),
        # the form's own answer, by its field's name or by a value that is one option's text
        ([*ID, _form(经营场所使用情况="租赁")], {}, {"premises": "lease"}, {"applicant"}),
        ([*ID, _form(经营场所="☐自有 ☑租赁 ☐其他")], {}, {"premises": "lease"}, set()),
        ([*ID, _form(组成形式="家庭经营")], {}, {"form": "family"}, {"premises"}),
        # an agent's authorisation letter, labelled by the citizen
        ([*ID, FORM, Seen("letter.jpg", None, label="授权委托书")], {}, {"applicant": "agent"}, {"premises"}),
        # what the citizen answered is kept, not re-inferred
        ([*ID, FORM, LEASE], {"premises": frozenset({"lease"})}, {}, {"applicant"}),
    ],
)
def test_what_the_uploads_show(uploads: list[Seen], given: Answers, inferred: dict[str, str], still_open: set[str]) -> None:
    situation = infer_situation(CATALOG, GETIHU, given, uploads)
    assert {i.question: i.option for i in situation.inferred} == inferred
    assert still_open <= {q.question for q in situation.open}
    assert not set(inferred) & {q.question for q in situation.open}
    assert situation.mismatches == []


def test_materials_of_an_open_question_are_possible_not_required() -> None:
    situation = infer_situation(CATALOG, GETIHU, {}, [*ID, FORM])
    assert {m.code for m in situation.required} == {"M-SCJG-GTH-APP", "M-ID-CARD"}
    assert {"M-LEASE", "M-PROPERTY-CERT", "M-AGENT-AUTH"} <= {m.code for m in situation.possible}
    premises = next(q for q in situation.open if q.question == "premises")
    assert premises.adds["租赁他人场地"] == ["不动产权证书", "房屋租赁合同"]


def test_a_lease_makes_the_lease_and_the_landlords_deed_required() -> None:
    situation = infer_situation(CATALOG, GETIHU, {}, [*ID, FORM, LEASE])
    assert {"M-LEASE", "M-PROPERTY-CERT"} <= {m.code for m in situation.required}
    (why,) = situation.inferred
    assert why.source == "lease.jpg" and "租赁合同" in why.reason


@pytest.mark.parametrize(
    ("uploads", "given", "stated_by"),
    [
        ([*ID, FORM, LEASE], {"premises": frozenset({"own"})}, "您的回答"),
        ([*ID, _form(经营场所使用情况="自有房产"), LEASE], {}, "form.pdf"),
    ],
)
def test_a_stated_answer_the_uploads_contradict_is_a_mismatch(uploads: list[Seen], given: Answers, stated_by: str) -> None:
    (mismatch,) = infer_situation(CATALOG, GETIHU, given, uploads).mismatches
    assert mismatch.stated_by == stated_by and mismatch.shown == "租赁他人场地" and mismatch.file == "lease.jpg"


def test_a_lease_beside_a_complete_owned_application_contradicts_it() -> None:
    """自有 answered, the deed uploaded (complete), and a lease too: the lease says rented."""
    (mismatch,) = infer_situation(CATALOG, GETIHU, {"premises": frozenset({"own"})}, [*ID, FORM, DEED, LEASE]).mismatches
    assert (mismatch.file, mismatch.shown) == ("lease.jpg", "租赁他人场地")


def test_every_upload_that_contradicts_the_answer_is_told() -> None:
    """The citizen says 自有; the form says 租赁 and a lease is uploaded: both are told."""
    uploads = [*ID, _form(经营场所使用情况="租赁"), LEASE]
    mismatches = infer_situation(CATALOG, GETIHU, {"premises": frozenset({"own"})}, uploads).mismatches
    assert {(m.file, m.shown) for m in mismatches} == {("form.pdf", "租赁他人场地"), ("lease.jpg", "租赁他人场地")}


@pytest.mark.parametrize(
    ("name", "value", "option"),
    [
        ("经营场所使用情况", "租赁", "lease"),
        ("经营场所使用情况", "自有", "own"),
        ("经营场所", "□自有 ■租赁", "lease"),
        ("经营场所使用情况", "房子", None),  # names no option
        ("联系电话", "13800000000", None),
        ("备注", "租赁", None),  # a field unlike the question, a value that is no option's whole text
    ],
)
def test_a_form_field_states_an_option(name: str, value: str, option: str | None) -> None:
    asked = GETIHU.question("premises")
    assert asked is not None
    assert stated_option(asked, name, value) == option


def test_labelled_values_of_a_form_text() -> None:
    text = "个体工商户登记申请书\n经营者姓名：王小明\n经营场所使用情况: 租赁\n本人承诺以上信息真实"
    assert labelled_values(text) == {"经营者姓名": "王小明", "经营场所使用情况": "租赁"}


@pytest.mark.parametrize(
    ("uploads", "given"),
    [
        # a 户口簿 beside a complete 个人经营 application is an extra document, not a family business
        ([*ID, _form(组成形式="个人经营"), LEASE, DEED, Seen("hukou.jpg", D.HUKOU)], {}),
        ([*ID, FORM, LEASE, DEED, Seen("hukou.jpg", D.HUKOU)], {"form": frozenset({"personal"})}),
        # nothing uploaded says anything about the premises: the form's 租赁 stands (the lease is missing)
        ([*ID, _form(经营场所使用情况="租赁")], {}),
        # an authorisation letter fits any premises: it says nothing against 自有 (the deed is missing)
        ([*ID, FORM, Seen("letter.jpg", D.FORM, form="M-AGENT-AUTH")], {"premises": frozenset({"own"})}),
    ],
)
def test_an_extra_document_beside_a_complete_situation_contradicts_nothing(uploads: list[Seen], given: Answers) -> None:
    assert infer_situation(CATALOG, GETIHU, given, uploads).mismatches == []


def test_a_deed_alone_where_the_form_says_leased_is_a_mismatch() -> None:
    (mismatch,) = infer_situation(CATALOG, GETIHU, {}, [*ID, _form(经营场所使用情况="租赁"), DEED]).mismatches
    assert (mismatch.stated, mismatch.shown, mismatch.file) == ("租赁他人场地", "自有房产，已办理不动产权证书（房产证）", "deed.jpg")


FOOD = find_target(CATALOG, "000112003000")  # 食品经营许可
FOOD_FORM = "M-SCJG-FOOD-APP"


@pytest.mark.parametrize(
    ("written", "given", "shown"),
    [
        ({"主体业态": "食品销售经营者"}, {"business": frozenset({"catering"})}, "食品销售（含散装食品、特殊食品或现场制售等）"),
        ({"经营项目": "☑餐饮服务 ☐食品销售"}, {"business": frozenset({"food_sales"})}, "餐饮服务（饭店、小吃店、奶茶店、咖啡店等）"),
    ],
)
def test_a_form_that_says_otherwise_than_the_citizen_is_a_mismatch_on_the_form(
    written: dict[str, str], given: Answers, shown: str
) -> None:
    form = Seen("apply.pdf", D.FORM, form=FOOD_FORM, fields=written)
    (mismatch,) = infer_situation(CATALOG, FOOD, given, [form]).mismatches
    assert (mismatch.stated_by, mismatch.shown, mismatch.file, mismatch.material) == ("您的回答", shown, "apply.pdf", FOOD_FORM)


@pytest.mark.parametrize(
    ("name", "value"),
    [("联系电话", "13800000000"), ("婚姻状况", "已婚"), ("经营者姓名", "某晓明"), ("经营场所", "桐江市某区某路8号")],
)
def test_a_persons_particulars_state_no_situation(name: str, value: str) -> None:
    assert all(stated_option(asked, name, value) is None for asked in [*GETIHU.questions, *FOOD.questions])


@pytest.mark.parametrize(
    ("name", "value", "option"),
    [
        ("承诺事项", "本人（单位）申请食品经营许可，承诺已符合法定许可条件，知悉承诺不实的法律后果。", None),  # a sentence
        ("主体业态", "食品销售经营者", "food_sales"),
    ],
)
def test_a_sentence_on_a_form_states_no_answer(name: str, value: str, option: str | None) -> None:
    asked = {q.id: q for q in FOOD.questions}
    found = {q: o for q, a in asked.items() if (o := stated_option(a, name, value)) is not None}
    assert found == ({} if option is None else {"business": option})


def test_a_form_states_no_situation_in_which_it_is_not_asked_for() -> None:
    """The 预包装 filing form exists only for 仅销售预包装食品: a field on it read as 食品销售 is a
    misreading of the form, not a statement against the citizen's answer."""
    filing = Seen("filing.pdf", D.FORM, form="M-SCJG-FOOD-FILING", fields={"主体业态": "食品销售经营者"})
    licence = Seen("licence.jpg", D.BUSINESS_LICENSE)
    situation = infer_situation(CATALOG, FOOD, {"business": frozenset({"prepackaged_only"})}, [filing, licence])
    assert situation.mismatches == []


RESIDENCE = find_target(CATALOG, "000105003000")  # 居住证申领


@pytest.mark.parametrize(
    ("name", "value", "option"),
    [
        ("申领事由", "就业", "job"),  # 事由 asks what 依据 asks; 就业 is the job option's own word
        ("申领事由", "在本市就业（务工）", "job"),
        ("申领事由", "在本市就读", "study"),
        ("申领事由", "租房居住", None),  # no option's own words
        ("备注", "就业", None),  # a field unlike the question states nothing by a shared word
    ],
)
def test_a_reason_field_names_the_option_by_its_own_words(name: str, value: str, option: str | None) -> None:
    asked = RESIDENCE.question("basis")
    assert asked is not None
    assert stated_option(asked, name, value) == option
