import pytest

from knowledge.schema import DocumentType
from prereview.classify import FormTitle, classify
from tests.prereview.numbers import id_number, uscc

FORMS = [FormTitle("M-SCJG-GTH-APP", "个体工商户登记（备案）申请书"), FormTitle("M-X", "户外招牌设置申请表")]


# The register page of a 不动产权证书 as OCR reads it (generated text): a title and the grant.
COVER = ("中华人民共和国不动产权证书\n根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利\n"
         "人申请登记的本证所列不动产权利，经审查核实，准予登记，颁发此证。\n不2023年05月04日")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"姓名某晓明\n性别男 民族汉\n出生1990年3月7日\n住址某市某路1号\n公民身份号码{id_number()}", DocumentType.ID_CARD_FRONT),
        ("中华人民共和国\n居民身份证\n签发机关某市公安局\n有效期限2016.05.01-2036.05.01", DocumentType.ID_CARD_BACK),
        (f"常住人口登记卡\n姓名某晓明 户主或与户主关系 户主\n性别男 出生地某省某市\n民族汉 出生日期1990年3月7日\n公民身份号码{id_number()}", DocumentType.HUKOU),
        (f"营业执照\n统一社会信用代码{uscc()}\n名称某某便利店\n类型个体工商户\n经营者某晓明\n经营范围预包装食品销售\n登记机关某区市场监督管理局", DocumentType.BUSINESS_LICENSE),
        ("房屋租赁合同\n出租方（甲方）：某甲\n承租方（乙方）：某乙\n租赁期限自2025年1月1日至2027年12月31日\n租金每月3000元", DocumentType.LEASE_CONTRACT),
        ("不动产权证书\n权利人某甲\n共有情况单独所有\n坐落某区某路1号\n不动产单元号123\n权利类型国有建设用地使用权/房屋所有权", DocumentType.PROPERTY_CERT),
        ("出生医学证明\n新生儿姓名某小禾 性别女\n出生地点某市妇幼保健院\n母亲姓名某丽\n父亲姓名某强", DocumentType.BIRTH_CERT),
        ("结婚证\n持证人某晓明\n登记日期2020年5月20日\n结婚证字号J360402-2020-000123", DocumentType.MARRIAGE_CERT),
        ("个体工商户登记（备案）申请书\n经营者姓名某晓明\n联系电话", DocumentType.FORM),
        ("超市购物小票\n牛奶 2 件 合计 25.00 元\n谢谢惠顾", None),
        ("", None),
        # Pages that print only one or two of the usual field labels, as OCR reads them.
        # The register page of a 不动产权证书: its title and the grant, no particulars table.
        (COVER, DocumentType.PROPERTY_CERT),
        (COVER.replace("，", ","), DocumentType.PROPERTY_CERT),
        # A certificate letter names a birth date (出生), the one ID-card word it prints: not an ID card.
        ("在职证明\n兹证明某晓明，男，1990年3月7日出生，在我处办理相关事项。\n特此证明。\n某某有限公司\n2026年11月6日", None),
        ("出生医学证明遗失声明\n某小禾的出生医学证明不慎遗失，特此声明作废。", None),
        # One word of a type is not enough, however distinctive it is.
        ("居民户口簿", None),
        ("请携带营业执照原件办理", None),
    ],
)
def test_classify(text: str, expected: DocumentType | None) -> None:
    assert classify(text, FORMS).type == expected


def test_form_title_names_the_material_even_with_an_ocr_slip() -> None:
    result = classify("个体工商户登记(备案)申谙书\n经营者姓名 某晓明", FORMS)
    assert result.type is DocumentType.FORM
    assert result.form is not None and result.form.code == "M-SCJG-GTH-APP"


def test_both_sides_of_an_id_card_on_one_page() -> None:
    text = f"姓名某晓明\n性别男 民族汉\n出生1990年3月7日\n住址某市某路1号\n公民身份号码{id_number()}\n中华人民共和国\n居民身份证\n签发机关某市公安局\n有效期限2016.05.01-2036.05.01"
    result = classify(text)
    assert {result.type, *result.also} == {DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK}


def test_a_form_title_alone_names_the_form() -> None:
    result = classify("户外招牌设置申请表\n（以下空白）", FORMS)
    assert result.type is DocumentType.FORM and result.form is not None and result.form.code == "M-X"


def test_the_licence_a_form_applies_for_is_not_the_form() -> None:
    forms = [FormTitle("M-YC-APP", "烟草专卖零售许可证申请表")]
    licence = classify("烟草专卖零售许可证\n姓名：某晓明\n许可证相关信息见下。\n2026年11月13日", forms)
    assert licence.type is None and licence.form is None
    form = classify("烟草专卖零售许可证申请衣\n申请人 某晓明", forms)  # one OCR slip in the ending
    assert form.type is DocumentType.FORM and form.form is not None and form.form.code == "M-YC-APP"
