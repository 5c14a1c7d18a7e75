"""The checks on documents already read (no OCR): numbers, validity, people, forms, staff rules."""

from datetime import date

import pytest
from PIL import Image, ImageDraw

from knowledge.checklist.model import ChecklistMaterial
from knowledge.schema import Check, CheckOp, DocumentType, FormField
from prereview.classify import classify
from prereview.layout import rows
from prereview.model import PICTURE_MARK, Box, DefectCode, Page, TextLine
from prereview.reader import ReadDocument, ReadPage, extract
from prereview.rules import check_document, check_form, check_marks, check_people, check_staff_rules, people
from tests.prereview.numbers import id_number, uscc

TODAY = date(2026, 12, 4)
NUMBER = id_number()


def material(code: str = "M-ID-CARD", name: str = "居民身份证", signature: str = "无") -> ChecklistMaterial:
    return ChecklistMaterial(code, name, True, "原件", 1, "纸质", "申请人自备", False, False, False, signature, None, None, None, None, None)


def document(texts: list[str], doc_type: DocumentType, fields: list[FormField] | None = None, file: str = "a.jpg") -> ReadDocument:
    lines = [TextLine(t, Box(40, 40 + 60 * i, 40 + 30 * len(t), 80 + 60 * i), 0.99) for i, t in enumerate(texts)]
    page = ReadPage(Page(file, 1, None, lines), lines, rows(lines), classify("\n".join(texts)))
    doc = ReadDocument(file, doc_type, [page])
    extract(doc, fields or [])
    return doc


def codes(defects: list) -> list[str]:
    return [str(d.code) for d in defects]


@pytest.mark.parametrize(
    ("texts", "doc_type", "expected"),
    [
        (["姓名某晓明", f"公民身份号码{NUMBER}"], DocumentType.ID_CARD_FRONT, []),
        (["姓名某晓明", f"公民身份号码{id_number(valid=False)}"], DocumentType.ID_CARD_FRONT, ["id_number_invalid"]),
        (["姓名某晓明", f"公民身份号码{id_number(birth='19900230')}"], DocumentType.ID_CARD_FRONT, ["id_number_invalid"]),
        (["签发机关某市公安局", "有效期限2016.05.01-2036.05.01"], DocumentType.ID_CARD_BACK, []),
        (["签发机关某市公安局", "有效期限2006.05.01-长期"], DocumentType.ID_CARD_BACK, []),
        (["签发机关某市公安局", "有效期限2006.05.01-2016.05.01"], DocumentType.ID_CARD_BACK, ["document_expired"]),
        ([f"统一社会信用代码{uscc()}", "名称某某便利店", "营业期限长期"], DocumentType.BUSINESS_LICENSE, []),
        ([f"统一社会信用代码{uscc(valid=False)}", "名称某某便利店"], DocumentType.BUSINESS_LICENSE, ["uscc_invalid"]),
        (["名称某某便利店", "营业期限2015年1月1日至2025年12月31日"], DocumentType.BUSINESS_LICENSE, ["document_expired"]),
    ],
)
def test_document_checks(texts: list[str], doc_type: DocumentType, expected: list[str]) -> None:
    assert codes(check_document(material(), document(texts, doc_type), TODAY)) == expected


def test_invalid_number_is_masked_in_the_message() -> None:
    bad = id_number(valid=False)
    [defect] = check_document(material(), document([f"公民身份号码{bad}"], DocumentType.ID_CARD_FRONT), TODAY)
    assert bad not in defect.message and bad not in defect.evidence[0].text
    assert defect.evidence[0].box is not None


FORM_FIELDS = [FormField(name="经营者姓名"), FormField(name="公民身份号码"), FormField(name="联系电话"), FormField(name="备注", required=False)]


def test_people_agree_across_documents() -> None:
    card = document(["姓名某晓明", f"公民身份号码{NUMBER}"], DocumentType.ID_CARD_FRONT, file="id.jpg")
    form_m = material("M-FORM", "申请书", "申请人签字")
    good = document(["经营者姓名 某晓明", f"公民身份号码 {NUMBER}"], DocumentType.FORM, FORM_FIELDS, "form.jpg")
    renamed = document(["经营者姓名 某小明", f"公民身份号码 {NUMBER}"], DocumentType.FORM, FORM_FIELDS, "form.jpg")
    other_number = document(["经营者姓名 某晓明", f"公民身份号码 {id_number(sequence='456')}"], DocumentType.FORM, FORM_FIELDS, "form.jpg")
    names = {"M-ID-CARD": material(), "M-FORM": form_m}
    base = people(material(), card)
    assert check_people(base + people(form_m, good, FORM_FIELDS), names) == []
    [mismatch] = check_people(base + people(form_m, renamed, FORM_FIELDS), names)
    assert (mismatch.code, mismatch.material, mismatch.file) == (DefectCode.NAME_MISMATCH, "M-FORM", "form.jpg")
    [other] = check_people(base + people(form_m, other_number, FORM_FIELDS), names)
    assert (other.code, other.material) == (DefectCode.ID_NUMBER_MISMATCH, "M-FORM")


def test_required_form_fields_must_be_filled() -> None:
    doc = document(["经营者姓名 某晓明", f"公民身份号码 {NUMBER}", "联系电话", "备注"], DocumentType.FORM, FORM_FIELDS)
    found = check_form(material("M-FORM", "申请书"), doc, FORM_FIELDS)
    assert [(str(d.code), d.message) for d in found] == [("blank_required_field", "申请书的“联系电话”未填写")]


@pytest.mark.parametrize(
    ("check", "value", "failed"),
    [
        (Check(field="面积", op=CheckOp.RANGE, min=20, message="面积不少于20平方米"), "面积 15.5平方米", True),
        (Check(field="面积", op=CheckOp.RANGE, min=20, message="面积不少于20平方米"), "面积 35平方米", False),
        (Check(field="用途", op=CheckOp.CONTAINS, value="商业", message="须为商业用途"), "用途 住宅", True),
        (Check(field="用途", op=CheckOp.EQUALS, value="商业服务", message="须为商业服务"), "用途 商业服务", False),
        (Check(field="使用期限", op=CheckOp.DATE_AFTER, value="today+180d", message="剩余期限不足半年"), "使用期限 2000年1月1日至2027年1月1日止", True),
        (Check(field="使用期限", op=CheckOp.DATE_AFTER, value="today+180d", message="剩余期限不足半年"), "使用期限 2000年1月1日至2060年1月1日止", False),
        (Check(field="权利人", op=CheckOp.NOT_EMPTY, message="须写明权利人"), "权利人", True),
    ],
)
def test_staff_rules(check: Check, value: str, failed: bool) -> None:
    doc = document(["不动产权证书", "权利人 某甲" if check.field != "权利人" else value, value], DocumentType.PROPERTY_CERT)
    found = check_staff_rules(material("M-PROPERTY-CERT", "不动产权证书"), doc, [check], TODAY, {})
    assert bool(found) is failed
    if failed:
        assert check.message in found[0].message


def test_same_as_compares_across_materials() -> None:
    lease = document(["房屋租赁合同", "房屋坐落 某区幸福路88号"], DocumentType.LEASE_CONTRACT)
    form = document(["经营场所 某区幸福路 99号"], DocumentType.FORM, [FormField(name="经营场所")])
    check = Check(field="经营场所", op=CheckOp.SAME_AS, other="M-LEASE.房屋坐落", message="经营场所应与租赁合同地址一致")
    found = check_staff_rules(material("M-FORM", "申请书"), form, [check], TODAY, {"M-LEASE": lease.fields})
    assert codes(found) == ["field_mismatch"]
    form.fields["经营场所"] = lease.fields["房屋坐落"]
    assert check_staff_rules(material("M-FORM", "申请书"), form, [check], TODAY, {"M-LEASE": lease.fields}) == []


@pytest.mark.parametrize(
    ("licence", "form", "mismatch"),
    [
        ("桐江市西岭区竹影巷136号商铺13", "桐江市西岭区竹影巷136号商铺13号", False),  # cut at the line's end
        ("桐江市西岭区竹影巷136号商铺13号", "桐江市西岭区竹影巷136号 商铺13号", False),
        ("桐江市西岭区竹影巷136号商铺13号", "桐江市西岭区竹影巷163号商铺13号", True),
        ("桐江市西岭区", "桐江市西岭区竹影巷136号商铺13号", True),  # a prefix too short to be the same place
    ],
)
def test_same_as_tolerates_a_value_cut_at_its_lines_end(licence: str, form: str, mismatch: bool) -> None:
    doc = document([f"经营场所 {form}"], DocumentType.FORM, [FormField(name="经营场所")])
    other = document(["营业执照", f"经营场所 {licence}"], DocumentType.BUSINESS_LICENSE)
    check = Check(field="经营场所", op=CheckOp.SAME_AS, other="M-BUSINESS-LICENSE.经营场所", message="不一致")
    found = check_staff_rules(material("M-FORM", "申请书"), doc, [check], TODAY, {"M-BUSINESS-LICENSE": other.fields})
    assert bool(found) is mismatch


@pytest.mark.parametrize(
    ("texts", "doc_type", "expected"),
    [
        (["结婚证", "持证人 某甲", "登记日期 2020年5月20日", "姓名 某甲 性别 男", f"身份证件号 {NUMBER}",
          "姓名 某乙 性别 女", f"身份证件号 {id_number(sequence='246')}"], DocumentType.MARRIAGE_CERT,
         [("某甲", NUMBER), ("某乙", id_number(sequence="246"))]),
        (["房屋租赁合同", "出租方（甲方）：某丙", f"身份证号：{id_number(sequence='135')}", "承租方（乙方）：某甲", f"证件号码：{NUMBER}"],
         DocumentType.LEASE_CONTRACT, [("某丙", id_number(sequence="135")), ("某甲", NUMBER)]),
        (["出生医学证明", "新生儿姓名 某小禾", "母亲姓名 某乙", f"有效身份证件号码 {id_number(sequence='246')}", "父亲姓名 某甲", f"有效身份证件号码 {NUMBER}"],
         DocumentType.BIRTH_CERT, [("某小禾", None), ("某乙", id_number(sequence="246")), ("某甲", NUMBER)]),
    ],
    ids=["marriage", "lease", "birth"],
)
def test_each_name_takes_the_number_printed_after_it(texts: list[str], doc_type: DocumentType, expected: list[tuple[str, str | None]]) -> None:
    found = people(material(), document(texts, doc_type))
    assert [(p.name, p.id_number) for p in found] == expected


def test_alike_names_on_one_document_are_two_people() -> None:
    """A father and son one character apart (某天浩, 某彬浩) on a birth certificate."""
    child = id_number(birth="20200722", sequence="133")
    father = id_number(birth="19780107", sequence="649")
    cert = document(["出生医学证明", "新生儿姓名 某彬浩", "父亲姓名 某天浩", f"有效身份证件号码 {father}"], DocumentType.BIRTH_CERT)
    form = document(["学生姓名 某彬浩", f"公民身份号码 {child}"], DocumentType.FORM, [FormField(name="学生姓名"), FormField(name="公民身份号码")])
    form_m = material("M-FORM", "登记表")
    names = {"M-ID-CARD": material(), "M-FORM": form_m}
    found = people(material(), cert) + people(form_m, form, [FormField(name="学生姓名"), FormField(name="公民身份号码")])
    assert check_people(found, names) == []


def test_two_forms_that_disagree_are_both_told() -> None:
    """No identity document to decide which name is right: each side is asked to check."""
    form_m, letter_m = material("M-FORM", "申请书"), material("M-LETTER", "承诺书")
    one = document(["经营者姓名 某泽军", f"公民身份号码 {NUMBER}"], DocumentType.FORM, FORM_FIELDS, "form.jpg")
    other = document(["经营者姓名 某泽君", f"公民身份号码 {NUMBER}"], DocumentType.FORM, FORM_FIELDS, "letter.jpg")
    found = check_people(people(form_m, one, FORM_FIELDS) + people(letter_m, other, FORM_FIELDS), {"M-FORM": form_m, "M-LETTER": letter_m})
    assert sorted((str(d.code), d.material) for d in found) == [("name_mismatch", "M-FORM"), ("name_mismatch", "M-LETTER")]


def test_a_second_reading_can_reconcile_names_but_not_invent_one() -> None:
    form_m = material("M-FORM", "申请书")
    card = document(["姓名某睿宇", f"公民身份号码{NUMBER}"], DocumentType.ID_CARD_FRONT, file="id.jpg")
    form = document(["经营者姓名 某書宇", f"公民身份号码 {NUMBER}"], DocumentType.FORM, FORM_FIELDS, "form.jpg")
    found = people(material(), card) + people(form_m, form, FORM_FIELDS)
    names = {"M-ID-CARD": material(), "M-FORM": form_m}
    assert check_people(found, names, lambda p, others: "某睿宇") == []
    assert codes(check_people(found, names, lambda p, others: "某别宇")) == ["name_mismatch"]


def test_a_second_reading_never_turns_the_majority_into_the_minority() -> None:
    """An ID card and a 户口簿 both read 某晨阳; a glyph comparison that prefers the form's
    某晨扬 for the card does not make the card agree with the form."""
    form_m, book_m = material("M-FORM", "申请书"), material("M-HUKOU", "居民户口簿")
    card = document(["姓名某晨阳", f"公民身份号码{NUMBER}"], DocumentType.ID_CARD_FRONT, file="id.jpg")
    book = document(["姓名某晨阳", f"公民身份号码{NUMBER}"], DocumentType.ID_CARD_FRONT, file="book.jpg")
    form = document(["经营者姓名 某晨扬", f"公民身份号码 {NUMBER}"], DocumentType.FORM, FORM_FIELDS, "form.jpg")
    found = people(material(), card) + people(book_m, book) + people(form_m, form, FORM_FIELDS)
    names = {"M-ID-CARD": material(), "M-HUKOU": book_m, "M-FORM": form_m}
    defects = check_people(found, names, lambda p, others: "某晨扬" if p.document is card else p.name)
    assert [(str(d.code), d.material) for d in defects] == [("name_mismatch", "M-FORM")]


def _ocr_read(doc: ReadDocument) -> ReadDocument:
    """The same document as if its text came from OCR (no text of its own)."""
    for page in doc.pages:
        page.page = Page(page.page.file, page.page.number, Image.new("RGB", (10, 10)), [])
    return doc


@pytest.mark.parametrize(
    ("texts", "typed", "expected"),
    [
        (["法定代表人姓名 某木晴"], True, ["name_mismatch"]),  # a typed form misspells the card's holder
        (["法定代表人姓名 某木晴"], False, []),  # OCR may misread one character: not told on a guess
        (["法定代表人姓名 某沐晴"], True, []),
        (["法定代表人姓名 某沐晴", f"公民身份号码 {NUMBER}", "子女姓名 某木晴"], True, []),  # two people on one form
        (["法定代表人姓名 某大海"], True, []),  # someone else
    ],
)
def test_a_typed_name_without_number_one_character_off_the_card(texts: list[str], typed: bool, expected: list[str]) -> None:
    fields = [FormField(name="法定代表人姓名"), FormField(name="公民身份号码"), FormField(name="子女姓名", required=False)]
    form_m = material("M-FORM", "申请书")
    card = document(["姓名某沐晴", f"公民身份号码{NUMBER}"], DocumentType.ID_CARD_FRONT, file="id.jpg")
    form = document(texts, DocumentType.FORM, fields, "form.docx")
    found = people(material(), card) + people(form_m, form if typed else _ocr_read(form), fields)
    assert codes(check_people(found, {"M-ID-CARD": material(), "M-FORM": form_m})) == expected


def _picture(colour: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), outline=colour, width=12)
    return image


@pytest.mark.parametrize(
    ("pictures", "missing"),
    [
        ([_picture((220, 30, 30))], False),  # an electronic seal pasted in
        ([], True),  # nothing pasted: the form was never stamped
        ([_picture((20, 20, 20))], True),  # a signature picture is no seal
    ],
)
def test_a_word_form_is_sealed_by_a_pasted_seal_picture(pictures: list[Image.Image], missing: bool) -> None:
    texts = ["承诺书", "申请单位名称：桐江某某科技有限公司", f"投资人（签字）：某晓明 {PICTURE_MARK}", "申请单位（盖章）："]
    doc = document(texts, DocumentType.FORM, [FormField(name="申请单位名称")], file="a.docx")
    doc.pages[0].page.pictures = pictures
    found = codes(check_marks(material("M-PROMISE", "承诺书", "签字并盖章"), doc))
    assert found == (["missing_seal"] if missing else [])


@pytest.mark.parametrize(
    ("place", "signed"),
    [
        ("男方（签名）：________________", False),  # the line to sign on, left as typed
        ("男方（签名）：林某峰", True),
        (f"男方（签名）： {PICTURE_MARK}", True),
    ],
)
def test_a_word_forms_signature_place_with_its_underline(place: str, signed: bool) -> None:
    doc = document(["申请结婚登记声明书", place], DocumentType.FORM, file="声明书.docx")
    found = codes(check_marks(material("M-DECLARATION", "申请结婚登记声明书", "申请人签字"), doc))
    assert found == ([] if signed else ["missing_signature"])


LEAVING_PROOF = ["离职证明", "兹证明某晓明自2020年3月1日至2026年10月31日在本单位工作，现已解除劳动关系。", "桐江某某科技有限公司", "2026年11月2日"]
OWNERS_CONSENT = ["同意设置户外招牌的书面意见", "本人某晓岚系该房屋的产权人，该房屋已出租给桐江某某食品有限公司使用。", "本人同意承租方设置户外招牌。",
                  "某晓岚", "产权人（签字）：", "日期：2026年12月01日"]


@pytest.mark.parametrize(
    ("texts", "doc_type", "expected"),
    [
        (LEAVING_PROOF, None, ["missing_seal"]),  # an organisation signs off: it seals, place printed or not
        (OWNERS_CONSENT, None, []),  # a person signs off (the company named in the text is not the issuer)
        (LEAVING_PROOF, DocumentType.FORM, []),  # a form with no place for a seal asks for none
    ],
)
def test_an_issued_proof_without_a_seal_place_still_needs_its_seal(texts: list[str], doc_type: DocumentType | None,
                                                                   expected: list[str]) -> None:
    lines = [TextLine(t, Box(40, 40 + 60 * i, 40 + 30 * len(t), 80 + 60 * i), 0.99) for i, t in enumerate(texts)]
    image = Image.new("RGB", (1200, 400), "white")
    page = ReadPage(Page("proof.jpg", 1, image, []), lines, rows(lines), classify("\n".join(texts)))
    doc = ReadDocument("proof.jpg", doc_type, [page])
    assert codes(check_marks(material("M-PROOF", "离职证明", "单位盖章"), doc)) == expected


@pytest.mark.parametrize(
    ("applicant", "seal_wanted"),
    [
        ("经营者姓名：某晓明", False),  # a person signs; a 签字并盖章 form asks a seal of organisations only
        ("个体工商户名称：桐江市某某小吃店", False),  # a 个体工商户 signs too
        ("申请单位名称：桐江某某餐饮管理有限公司", True),
        ("企业名称：桐江市某某农业专业合作社", True),
    ],
)
def test_a_sign_and_seal_form_wants_a_seal_from_an_organisation_only(applicant: str, seal_wanted: bool) -> None:
    fields = [FormField(name="经营者姓名"), FormField(name="个体工商户名称"), FormField(name="申请单位名称"), FormField(name="企业名称")]
    doc = document(["食品经营许可申请书", applicant, "申请人（签字/盖章）：某晓明"], DocumentType.FORM, fields)
    doc.pages[0].page.image = Image.new("RGB", (1200, 800), "white")
    found = codes(check_marks(material("M-FOOD-APP", "食品经营许可申请书", "签字并盖章"), doc))
    assert ("missing_seal" in found) == seal_wanted


@pytest.mark.parametrize(
    ("texts", "seal_wanted"),
    [
        (["申请单位名称：桐江某某餐饮管理有限公司", "申请人（签字/盖章）："], True),
        (["申请单位名称：桐江某某餐饮管理有限公司", "企业（盖章）"], True),
        (["申请单位名称：桐江某某餐饮管理有限公司", "联系电话：0123-4567890"], False),  # a first page: no seal place
        (["申请单位名称：桐江某某餐饮管理有限公司", "本申请书自申请人签字（盖章）之日起生效，一式两份。", "申请人（签字）："], False),
        (["经营者姓名：某晓明", "申请人（签字/盖章）："], False),  # a person: 签字 or 盖章, the signature will do
        (["经营者姓名：某晓明", "申请单位（盖章）："], True),  # a line for the seal alone asks for one
    ],
)
def test_a_seal_is_asked_for_where_the_paper_has_a_place_for_it(texts: list[str], seal_wanted: bool) -> None:
    doc = document(["食品经营许可申请书", *texts], DocumentType.FORM, [FormField(name="申请单位名称")])
    doc.pages[0].page.image = Image.new("RGB", (1200, 800), "white")
    found = codes(check_marks(material("M-FOOD-APP", "食品经营许可申请书", "签字并盖章"), doc))
    assert ("missing_seal" in found) == seal_wanted


@pytest.mark.parametrize(
    ("landlord", "tenant", "seal_wanted"),
    [
        ("某晓明", "某丽华", False),  # two residents sign; neither has a seal
        ("阿不都·某某提", "某丽华", False),
        ("某市某某物业管理有限公司", "某丽华", True),
        ("某某便利店", "某丽华", True),
    ],
)
def test_a_lease_between_persons_needs_no_seal(landlord: str, tenant: str, seal_wanted: bool) -> None:
    texts = ["房屋租赁合同", f"出租方：{landlord}", f"承租方：{tenant}", "租赁期限：2026年1月1日至2028年12月31日",
             "出租方（签字/盖章）：", "承租方（签字/盖章）："]
    doc = document(texts, DocumentType.LEASE_CONTRACT)
    doc.pages[0].page.image = Image.new("RGB", (1200, 800), "white")
    found = codes(check_marks(material("M-LEASE", "房屋租赁合同", "签字并盖章"), doc))
    assert ("missing_seal" in found) == seal_wanted


def test_a_label_cut_short_by_a_seal_still_asks_for_the_signature() -> None:
    doc = document(["物业同意书", "申请人（签", "2026年12月1日"], DocumentType.FORM)
    doc.pages[0].page.image = Image.new("RGB", (1200, 800), "white")
    [defect] = check_marks(material("M-CONSENT", "同意书", "申请人签字"), doc)
    assert defect.code is DefectCode.MISSING_SIGNATURE and "“申请人（签字）”处未签字" in defect.message


@pytest.mark.parametrize(
    ("label", "signed"),
    [
        ("申请人（签字/盖章）：", False),  # the rest of the label is print, not a signature
        ("申请人（签字或盖章）：", False),
        ("申请人（签名并按手印）：", False),
        ("申请人（签字）：高秀兰", True),  # a name written in the label's own box
    ],
)
def test_the_rest_of_a_signature_label_is_not_a_signature(label: str, signed: bool) -> None:
    doc = document(["户外招牌设置申请表", label], DocumentType.FORM)
    doc.pages[0].page.image = Image.new("RGB", (1200, 800), "white")
    found = codes(check_marks(material("M-SIGN-APP", "户外招牌设置申请表", "申请人签字"), doc))
    assert ("missing_signature" in found) == (not signed)


@pytest.mark.parametrize(
    ("beside", "signed"),
    [
        ("龚晨日", True),  # a written name may hold 日 or 月: it is not a date
        ("李月明", True),
        ("年  月  日", False),  # an empty printed date line signs nothing
        ("2026年12月1日", False),
    ],
)
def test_a_name_in_its_own_box_beside_the_label_signs(beside: str, signed: bool) -> None:
    label = TextLine("投资人（签字）1：", Box(40, 100, 256, 142), 0.99)
    lines = [TextLine("全体投资人承诺书", Box(40, 20, 400, 60), 0.99), label,
             TextLine(beside, Box(268, 96, 268 + 40 * len(beside), 140), 0.9)]
    page = ReadPage(Page("a.jpg", 1, Image.new("RGB", (1200, 800), "white"), lines), lines, rows(lines), classify("全体投资人承诺书"))
    doc = ReadDocument("a.jpg", DocumentType.FORM, [page])
    found = codes(check_marks(material("M-PROMISE", "全体投资人承诺书", "申请人签字"), doc))
    assert ("missing_signature" in found) == (not signed)
