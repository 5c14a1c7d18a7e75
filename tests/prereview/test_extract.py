"""Field extraction over text boxes laid out the ways documents print them."""

import pytest

from knowledge.schema import DocumentType
from prereview.extract import name_of, read_fields
from prereview.layout import rows
from prereview.model import Box, TextLine
from prereview.reader import labels_for
from tests.prereview.numbers import id_number, uscc

NUMBER = id_number()


def line(text: str, x: float, y: float, w: float | None = None, h: float = 30) -> TextLine:
    return TextLine(text, Box(x, y, x + (w if w is not None else 28 * len(text)), y + h), 0.98)


def fields_of(lines: list[TextLine], doc_type: DocumentType) -> dict[str, str]:
    return {name: value.text for name, value in read_fields(rows(lines), 1, labels_for(doc_type)).items()}


ID_FRONT_GLUED = [  # OCR often returns label and value as one box
    line("姓名某晓明", 40, 40),
    line("性别男民族汉", 40, 100),
    line("出生1990年3月7日", 40, 160),
    line("住址江西省某市某区幸福路", 40, 220),
    line("88号3栋2单元", 130, 262),
    line(f"公民身份号码{NUMBER}", 40, 380),
]
ID_FRONT_BOXES = [  # or as separate boxes, in any order
    line(NUMBER, 300, 382),
    line("公民身份号码", 40, 380),
    line("姓名", 40, 40),
    line("某晓明", 130, 42),
    line("性别", 40, 100),
    line("男", 130, 100),
    line("民族", 240, 100),
    line("汉", 330, 100),
    line("出生", 40, 160),
    line("1990年3月7日", 130, 160),
    line("住址", 40, 220),
    line("江西省某市某区幸福路", 130, 220),
    line("88号3栋2单元", 130, 258),
]


@pytest.mark.parametrize("lines", [ID_FRONT_GLUED, ID_FRONT_BOXES], ids=["glued", "boxes"])
def test_id_card_front(lines: list[TextLine]) -> None:
    got = fields_of(lines, DocumentType.ID_CARD_FRONT)
    assert got["姓名"] == "某晓明"
    assert got["性别"] == "男"
    assert got["民族"] == "汉"
    assert got["出生"] == "1990年3月7日"
    assert got["住址"] == "江西省某市某区幸福路88号3栋2单元"
    assert got["公民身份号码"] == NUMBER


def test_a_copy_of_both_sides_side_by_side_keeps_the_number_apart_from_the_validity() -> None:
    """公民身份号码 | 有效期限 2011.02.24-2031.02.24 on one line, the number on the next."""
    lines = [line("姓名某锦书", 40, 40), line("签发机关", 640, 300), line("某市公安局", 800, 300),
             line("公民身份号码", 40, 360), line("有效期限", 640, 360), line("2011.02.24-2031.02.24", 800, 360),
             line(NUMBER, 40, 410)]
    assert fields_of(lines, DocumentType.ID_CARD_FRONT)["公民身份号码"] == NUMBER
    assert fields_of(lines, DocumentType.ID_CARD_BACK)["有效期限"] == "2011.02.24-2031.02.24"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([line("签发机关某市公安局某分局", 40, 300), line("有效期限2016.05.01-2036.05.01", 40, 360)], "2016.05.01-2036.05.01"),
        ([line("签发机关", 40, 300), line("某市公安局", 200, 300), line("有效期限", 40, 360), line("2016.05.01-长期", 200, 362)], "2016.05.01-长期"),
        ([line("有效期限：", 40, 360), line("2016.05.01-2036.05.01", 40, 400)], "2016.05.01-2036.05.01"),  # stacked
    ],
    ids=["glued", "boxes", "stacked"],
)
def test_id_card_back_validity(lines: list[TextLine], expected: str) -> None:
    assert fields_of(lines, DocumentType.ID_CARD_BACK)["有效期限"] == expected


def test_longest_label_wins_and_values_stop_at_the_next_label() -> None:
    lines = [line("新生儿姓名 某小禾 性别 女", 40, 40), line("母亲姓名 某丽", 40, 100), line(f"母亲身份证件号码 {NUMBER}", 40, 160)]
    got = fields_of(lines, DocumentType.BIRTH_CERT)
    assert got["新生儿姓名"] == "某小禾"
    assert got["性别"] == "女"
    assert got["母亲姓名"] == "某丽"
    assert got["母亲身份证件号码"] == NUMBER


@pytest.mark.parametrize("relation", ["户主", "长女", "妻子"])
def test_a_relation_beside_the_name_is_no_second_person(relation: str) -> None:
    """户口簿: 姓名 | 某暖玉 | 户主 — the 与户主关系 cell is no one's name."""
    from prereview.rules import people
    from tests.prereview.test_rules import document, material

    doc = document(["居民户口簿 常住人口登记卡", f"姓名\u2003某暖玉\u2003{relation}", f"公民身份号码\u2003{NUMBER}"],
                   DocumentType.HUKOU, file="hukou.jpg")
    assert [(p.name, p.id_number) for p in people(material("M-HUKOU", "居民户口簿"), doc)] == [("某暖玉", NUMBER)]


def test_a_hukou_spread_names_the_member_not_the_household_head() -> None:
    """户主姓名 on the left page, the member's 姓名 on the right, on the same rows."""
    lines = [line("户主姓名", 40, 220), line("某逸舟", 160, 220), line("姓名", 590, 220), line("某念慈", 680, 220),
             line("曾用名", 590, 280), line(f"公民身份号码 {NUMBER}", 590, 340)]
    got = fields_of(lines, DocumentType.HUKOU)
    assert got["姓名"] == "某念慈"
    assert got["公民身份号码"] == NUMBER


def test_a_label_wrapped_in_its_cell_is_still_a_label() -> None:
    """户主或与户主关系 wraps in a narrow cell: 户主或与户主关 on the row, 系 below; the 姓名
    beside it is the name in the row below, not the label."""
    lines = [line("姓名", 40, 100), line("户主或与户主关", 400, 100), line("子", 620, 100),
             line("某浩川", 150, 130), line("系", 400, 130)]
    fields = read_fields(rows(lines), 1, labels_for(DocumentType.HUKOU))
    assert name_of(fields["姓名"]) == "某浩川"
    assert fields["户主或与户主关系"].text == "子"


def test_blank_form_field_is_read_as_empty() -> None:
    from knowledge.schema import FormField

    lines = [line("经营者姓名", 40, 40), line("某晓明", 250, 40), line("联系电话", 40, 100), line("经营场所", 40, 160), line("某区某路1号", 250, 160)]
    form_fields = [FormField(name="经营者姓名"), FormField(name="联系电话"), FormField(name="经营场所")]
    got = read_fields(rows(lines), 1, labels_for(DocumentType.FORM, form_fields))
    assert got["经营者姓名"].text == "某晓明"
    assert got["联系电话"].empty
    assert got["经营场所"].text == "某区某路1号"


def test_printed_hint_after_a_label_is_not_the_value() -> None:
    from knowledge.schema import FormField

    lines = [line("申请人（签字）：", 40, 40)]
    got = read_fields(rows(lines), 1, labels_for(DocumentType.FORM, [FormField(name="申请人")]))
    assert got["申请人"].empty


@pytest.mark.parametrize(
    ("label", "below", "value"),
    [
        ("住址：", "申请人对所填内容的真实性负责。", ""),  # a printed sentence
        ("设置期限：", "申请人（签字/盖章）：", ""),  # a label of its own, though not a field of the form
        ("声明日期:", "本人与对方均无配偶，没有直系血亲和三代以内旁系血亲关系，了解对方的身体健", ""),  # a date holds a date
        ("声明日期:", "2026年11月3日", "2026年11月3日"),
        ("住址：", "桐江市某区某路1号", "桐江市某区某路1号"),  # a value written below its label
    ],
)
def test_what_stands_below_a_blank_field_is_its_value_only_when_it_can_be(label: str, below: str, value: str) -> None:
    from knowledge.schema import FormField

    name = label.rstrip("：:")
    lines = [line(label, 40, 40), line(below, 60, 90)]
    got = read_fields(rows(lines), 1, labels_for(DocumentType.FORM, [FormField(name=name)]))
    assert got[name].text == value


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("某晓明", "某晓明"),
        ("某 晓 明", "某晓明"),
        ("某乙 年龄 35", "某乙"),
        ("☑某晓明", "某晓明"),
        ("阿依古丽•某某", "阿依古丽·某某"),
        ("3601**********0071", None),  # a number read where the name should be
        ("某", None),  # half a name
    ],
)
def test_name_of_reads_a_name_or_nothing(text: str, name: str | None) -> None:
    from prereview.extract import FieldValue, name_of

    box = Box(0, 0, 10, 10)
    assert name_of(FieldValue("姓名", text, 1, box, box)) == name


def test_two_parties_side_by_side_are_two_people() -> None:
    """A 结婚登记 declaration prints 男方 and 女方 in two columns of one table: each row holds
    both parties' values; neither number is glued to the other (no 36-digit "number")."""
    from prereview.extract import pair_people, read_occurrences

    his, hers = id_number(), id_number(birth="19920512", sequence="246")
    lines = [
        line("男方", 300, 40), line("女方", 700, 40),
        line("姓名", 40, 100), line("某立新", 300, 100), line("某晓雯", 700, 100),
        line("公民身份号码", 40, 160), line(his, 300, 160), line(hers, 700, 160),
    ]  # fmt: skip
    labels = labels_for(DocumentType.FORM)
    occurrences = read_occurrences(rows(lines), 1, labels)
    people = pair_people(occurrences, {"姓名"}, {"公民身份号码"})
    assert [(name.text, number.text if number else None) for name, number in people] == [("某立新", his), ("某晓雯", hers)]


def test_one_person_after_another_keeps_each_number_with_its_name() -> None:
    from prereview.extract import pair_people, read_occurrences

    first, second = id_number(), id_number(birth="19920512", sequence="246")
    lines = [
        line("姓名", 40, 100), line("某立新", 300, 100),
        line("公民身份号码", 40, 160), line(first, 300, 160),
        line("姓名", 40, 220), line("某晓雯", 300, 220),
        line("公民身份号码", 40, 280), line(second, 300, 280),
    ]  # fmt: skip
    occurrences = read_occurrences(rows(lines), 1, labels_for(DocumentType.FORM))
    people = pair_people(occurrences, {"姓名"}, {"公民身份号码"})
    assert [(name.text, number.text if number else None) for name, number in people] == [("某立新", first), ("某晓雯", second)]


def test_an_address_over_two_cells_stays_one_value() -> None:
    lines = [line("住址", 40, 100), line("江西省某市某区", 300, 100), line("幸福路88号", 600, 100)]
    assert fields_of(lines, DocumentType.ID_CARD_FRONT)["住址"] == "江西省某市某区 幸福路88号"


def test_a_number_goes_to_the_latest_name_when_one_column_holds_everyone() -> None:
    """出租方 without a number on the form, then 承租方 with one: the number is the 承租方's."""
    from prereview.extract import pair_people, read_occurrences

    number = id_number()
    lines = [
        line("姓名", 40, 100), line("某立新", 300, 100),
        line("姓名", 40, 160), line("某晓雯", 300, 160),
        line("公民身份号码", 40, 220), line(number, 300, 220),
    ]  # fmt: skip
    people = pair_people(read_occurrences(rows(lines), 1, labels_for(DocumentType.FORM)), {"姓名"}, {"公民身份号码"})
    assert [(name.text, n.text if n else None) for name, n in people] == [("某立新", None), ("某晓雯", number)]


def test_a_party_table_gives_each_party_its_own_fields() -> None:
    """权利人 | 义务人 over 姓名 | 林某 | 魏某: the form's 权利人姓名 and 义务人姓名."""
    from prereview.extract import read_party_table

    lines = [
        line("权利人", 300, 40), line("义务人", 700, 40),
        line("姓名", 40, 100), line("林某峰", 300, 100), line("魏某远", 700, 100),
        line("联系电话", 40, 160), line("0123-86495154", 700, 160),  # one value, under 义务人
        line("身份证件号码", 40, 220), line("0123", 540, 220),  # between the columns: whose is unknown
    ]  # fmt: skip
    fields = ["权利人姓名", "义务人姓名", "权利人联系电话", "义务人联系电话", "权利人身份证件号码", "义务人身份证件号码"]
    found = {f.name: f.text for f in read_party_table(rows(lines), 1, fields)}
    assert found == {"权利人姓名": "林某峰", "义务人姓名": "魏某远", "义务人联系电话": "0123-86495154"}


def test_a_value_wrapped_in_its_party_cell_continues_below() -> None:
    """男方 | 女方: the 18th character of a number (X) and the end of an address wrap to the line
    below, under their own column; the declaration's date below the table is no continuation."""
    from prereview.extract import read_party_table

    number = "36012219860218687X"
    lines = [
        line("男方", 300, 40), line("女方", 800, 40),
        line("身份证件号码", 40, 100), line(number[:17], 300, 100), line(NUMBER, 800, 100),
        line("X", 300, 128),
        line("常住户口所在地", 40, 180), line("桐江市某区长乐路364", 300, 180), line("桐江市某县青石路52", 800, 180),
        line("号16栋2单元1601室", 300, 208), line("号19栋1单元2702室", 800, 208),
        line("声明日期：2026年12月06日", 300, 260),
    ]  # fmt: skip
    fields = ["男方身份证件号码", "女方身份证件号码", "男方常住户口所在地", "女方常住户口所在地"]
    found = {f.name: f.text for f in read_party_table(rows(lines), 1, fields)}
    assert found == {
        "男方身份证件号码": number,
        "女方身份证件号码": NUMBER,
        "男方常住户口所在地": "桐江市某区长乐路364号16栋2单元1601室",
        "女方常住户口所在地": "桐江市某县青石路52号19栋1单元2702室",
    }


def test_a_party_tables_rows_are_not_read_again_as_one_persons_fields() -> None:
    """姓名 林某 魏某 gives 男方姓名 and 女方姓名, not also a 姓名 holding both (that pairs one
    party's name with the other's number)."""
    from knowledge.schema import FormField
    from prereview.classify import Classification
    from prereview.model import Page
    from prereview.reader import ReadDocument, ReadPage, extract

    lines = [line("男方", 300, 40), line("女方", 800, 40), line("姓名", 40, 100), line("林某峰", 300, 100),
             line("魏某远", 800, 100), line("身份证件号码", 40, 160), line(NUMBER, 300, 160),
             line(id_number(sequence="456"), 800, 160)]
    page = ReadPage(Page("声明书.docx", 1, None, lines), lines, rows(lines), Classification(DocumentType.FORM, 1.0))
    doc = ReadDocument("声明书.docx", DocumentType.FORM, [page])
    extract(doc, [FormField(name=n) for n in ("男方姓名", "女方姓名", "男方身份证件号码", "女方身份证件号码")])
    assert "姓名" not in doc.fields and "身份证件号码" not in doc.fields
    assert {o.name for o in doc.occurrences} == {"男方姓名", "女方姓名", "男方身份证件号码", "女方身份证件号码"}


def test_a_partys_number_goes_with_the_same_partys_name_wherever_the_cells_are() -> None:
    """A Word form's cells carry no real position: 女方身份证件号码 pairs with 女方姓名 by name."""
    from prereview.extract import FieldValue, pair_people

    box = Box(0, 0, 100, 30)  # every cell at the same place, as a Word table gives them
    occurrences = [FieldValue(name, text, 1, box, box) for name, text in
                   [("男方姓名", "林某峰"), ("女方姓名", "魏某远"), ("男方身份证件号码", NUMBER), ("女方身份证件号码", id_number(sequence="456"))]]
    pairs = pair_people(occurrences, {"男方姓名", "女方姓名"}, {"男方身份证件号码", "女方身份证件号码"})
    assert [(n.text, i.text if i else None) for n, i in pairs] == [("林某峰", NUMBER), ("魏某远", id_number(sequence="456"))]


def test_labels_side_by_side_over_their_values_take_their_own_columns() -> None:
    """设置单位 | 联系电话 over 某某公司 | 电话; 材质 | 照明方式 over one value, under 照明方式:
    材质 was left blank."""
    from knowledge.schema import FormField

    lines = [line("设置单位", 100, 100), line("联系电话", 700, 100), line("桐江某某科技有限公司", 100, 140), line("0123-89682901", 700, 140),
             line("材质", 100, 200), line("照明方式", 700, 200), line("LED发光字", 700, 240)]
    labels = labels_for(DocumentType.FORM, [FormField(name=n) for n in ("设置单位", "联系电话", "材质", "照明方式")])
    got = {name: value.text for name, value in read_fields(rows(lines), 1, labels).items()}
    assert got["设置单位"] == "桐江某某科技有限公司" and got["联系电话"] == "0123-89682901"
    assert got["材质"] == "" and got["照明方式"] == "LED发光字"


def test_a_bare_number_label_after_a_party_on_its_line_is_that_partys() -> None:
    """出租方（甲方）：某云峰  证件号码：… — the lease's 出租方证件号码, and the tenant's likewise."""
    from prereview.classify import Classification
    from prereview.model import Page
    from prereview.reader import ReadDocument, ReadPage, extract

    landlord, tenant = id_number(sequence="111"), id_number(sequence="222")
    lines = [
        line("房屋租赁合同", 300, 40),
        line(f"出租方（甲方）：某云峰\u2003证件号码：{landlord}", 40, 100),
        line(f"承租方（乙方）：某诗涵\u2003证件号码：{tenant}", 40, 160),
        line("第一条 房屋坐落：桐江市南浦区清泉路102号", 40, 220),
    ]
    page = ReadPage(Page("lease.jpg", 1, None, lines), lines, rows(lines), Classification(DocumentType.LEASE_CONTRACT, 1.0))
    doc = ReadDocument("lease.jpg", DocumentType.LEASE_CONTRACT, [page])
    extract(doc)
    assert {name: doc.fields[name].text for name in ("出租方", "出租方证件号码", "承租方", "承租方证件号码")} == {
        "出租方": "某云峰", "出租方证件号码": landlord, "承租方": "某诗涵", "承租方证件号码": tenant,
    }


def test_the_parties_column_heads_are_no_blank_fields() -> None:
    """权利人 | 义务人 heads a table (here OCR grouped the next rows badly): the heads are not a
    blank 权利人姓名 that hides the name read further down."""
    from knowledge.schema import FormField
    from prereview.classify import Classification
    from prereview.model import Page
    from prereview.reader import ReadDocument, ReadPage, extract

    fields = [FormField(name="权利人姓名", aliases=["权利人"]), FormField(name="义务人姓名", aliases=["义务人"])]
    lines = [line("不动产登记申请书", 300, 0),
             line("权利人", 300, 40), line("义务人", 700, 40),
             line("权利人", 40, 100), line("某安澜", 300, 100),
             line("姓名", 40, 160), line("某子谦", 700, 160)]
    page = ReadPage(Page("apply.jpg", 1, None, lines), lines, rows(lines), Classification(DocumentType.FORM, 1.0))
    doc = ReadDocument("apply.jpg", DocumentType.FORM, [page])
    extract(doc, fields)
    assert doc.fields["权利人姓名"].text == "某安澜"


@pytest.mark.parametrize(
    ("row", "read"),
    [
        (uscc(), True),  # the code alone in its cell, its small label not read
        (uscc(valid=False), True),  # read whatever its check character: checking is the rules' part
        (id_number(), False),  # eighteen digits may be a person's number
        (f"联系电话 0123-8{uscc()[:6]}", False),  # part of a longer line is not the code
    ],
)
def test_a_code_alone_on_its_row_without_its_label_is_the_credit_code(row: str, read: bool) -> None:
    from knowledge.schema import FormField
    from prereview.classify import Classification
    from prereview.model import Page
    from prereview.reader import ReadDocument, ReadPage, extract

    lines = [line("企业注销登记申请书", 300, 0), line("企业名称\u2003桐江某某服饰有限公司", 40, 60), line(row, 40, 120)]
    page = ReadPage(Page("apply.jpg", 1, None, lines), lines, rows(lines), Classification(DocumentType.FORM, 1.0))
    doc = ReadDocument("apply.jpg", DocumentType.FORM, [page])
    extract(doc, [FormField(name="企业名称")])
    found = [o.text for o in doc.occurrences if o.name == "统一社会信用代码"]
    assert found == ([row] if read else [])
