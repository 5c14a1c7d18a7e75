"""The document types pre-review recognises, their titles, cue words and named fields.

A knowledge-base material names the document types that can serve as it (`documents:` on a
material, e.g. 经营场所证明 → lease_contract or property_cert); classification picks the type
of an uploaded page from its text; extraction fills the type's fields. The field names are the
words printed on the document, so staff rules can name them (`field: 有效期限`).
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.schema import DocumentType, FormField


@dataclass(frozen=True)
class DocumentSpec:
    """What a document type looks like: its title, the words that give it away, its fields.

    `cues` are phrases printed on every such document; classification scores a page by how
    many it finds. `fields` are the labels whose values extraction reads. `name_fields` are
    the labels naming a person; the ID number that follows each (any of ID_LABELS or
    `id_number_fields`) is that person's, for the cross-document checks (the same person's
    name and number must agree everywhere).
    """

    type: DocumentType
    title: str
    cues: tuple[str, ...]
    fields: tuple[str, ...]
    name_fields: tuple[str, ...] = ()
    id_number_fields: tuple[str, ...] = ()
    uscc_fields: tuple[str, ...] = ()
    valid_until_field: str | None = None


# How documents label a person's ID number; every type reads these (a contract may print
# 身份证号 for one party and 证件号码 for the other).
ID_LABELS = ("公民身份号码", "公民身份证件编号", "身份证件号", "身份证件号码", "有效身份证件号码", "身份证号", "身份证号码", "证件号码")

# Labels printed on many documents that extraction does not read but must know, so that a
# value stops where the next label starts (出生医学证明: 母亲姓名 某乙 年龄 35 民族 汉).
GENERIC_LABELS = (
    "姓名", "性别", "民族", "年龄", "国籍", "出生日期", "籍贯", "职业", "文化程度", "婚姻状况", "联系电话", "电话",
    "手机", "住址", "地址", "编号", "证件类型", "日期", "签发机关", "工作单位", "邮编", "邮政编码", "备注",
    # Another person's name printed before the holder's (户口簿: the household head on the first
    # page, the member on the next) or an old one: never the 姓名 that is read.
    "户主姓名", "曾用名",
)

# The boxes every application form has, taken as required on a form whose fields the knowledge
# base does not list yet (授权委托书, 征信查询授权书…): a blank name or ID number is a defect on
# any form. Curators override this by listing the form's fields.
DEFAULT_FORM_FIELDS: tuple[FormField, ...] = (
    FormField(name="申请人姓名", aliases=["姓名", "委托人姓名"]),
    FormField(name="公民身份号码", aliases=["身份证号码", "身份证件号码", "身份证号"]),
    FormField(name="联系电话", aliases=["电话", "手机号码"]),
    FormField(name="住址", aliases=["地址", "联系地址"]),
)

SPECS: dict[DocumentType, DocumentSpec] = {
    spec.type: spec
    for spec in (
        DocumentSpec(
            DocumentType.ID_CARD_FRONT,
            "居民身份证（人像面）",
            ("姓名", "性别", "民族", "出生", "住址", "公民身份号码"),
            ("姓名", "性别", "民族", "出生", "住址", "公民身份号码"),
            name_fields=("姓名",),
            id_number_fields=("公民身份号码",),
        ),
        DocumentSpec(
            DocumentType.ID_CARD_BACK,
            "居民身份证（国徽面）",
            ("中华人民共和国", "居民身份证", "签发机关", "有效期限"),
            ("签发机关", "有效期限"),
            valid_until_field="有效期限",
        ),
        DocumentSpec(
            DocumentType.HUKOU,
            "居民户口簿",
            ("常住人口登记卡", "户主或与户主关系", "户口簿", "出生地", "籍贯", "户号", "登记日期"),
            ("姓名", "户主或与户主关系", "性别", "民族", "出生日期", "公民身份号码", "住址", "户号", "出生地", "籍贯"),
            name_fields=("姓名",),
            id_number_fields=("公民身份号码",),
        ),
        DocumentSpec(
            DocumentType.MARRIAGE_CERT,
            "结婚证",
            ("结婚证", "持证人", "登记日期", "结婚证字号", "婚姻登记"),
            ("持证人", "登记日期", "结婚证字号", "姓名", "性别", "国籍", "出生日期", "身份证件号",
             "男方姓名", "男方身份证件号", "女方姓名", "女方身份证件号"),
            name_fields=("姓名", "男方姓名", "女方姓名"),
            id_number_fields=("身份证件号", "男方身份证件号", "女方身份证件号"),
        ),
        DocumentSpec(
            DocumentType.BUSINESS_LICENSE,
            "营业执照",
            ("营业执照", "统一社会信用代码", "登记机关", "经营范围", "类型"),
            (
                "统一社会信用代码",
                "名称",
                "类型",
                "法定代表人",
                "经营者",
                "经营范围",
                "成立日期",
                "注册日期",
                "营业期限",
                "住所",
                "经营场所",
                "登记机关",
            ),
            uscc_fields=("统一社会信用代码",),
            valid_until_field="营业期限",
        ),
        DocumentSpec(
            DocumentType.LEASE_CONTRACT,
            "房屋租赁合同",
            ("租赁合同", "出租方", "承租方", "租赁期限", "租金", "甲方", "乙方"),
            ("出租方", "出租方证件号码", "承租方", "承租方证件号码", "房屋坐落", "租赁期限", "租金"),
            name_fields=("出租方", "承租方"),
            id_number_fields=("出租方证件号码", "承租方证件号码"),
            valid_until_field="租赁期限",
        ),
        DocumentSpec(
            DocumentType.PROPERTY_CERT,
            "不动产权证书",
            ("不动产权", "不动产权证书", "颁发此证", "权利人", "共有情况", "坐落", "不动产单元号", "权利类型", "权利性质"),
            ("权利人", "共有情况", "坐落", "不动产单元号", "权利类型", "权利性质", "用途", "面积", "使用期限"),
        ),
        DocumentSpec(
            DocumentType.BIRTH_CERT,
            "出生医学证明",
            ("出生医学证明", "新生儿姓名", "出生地点", "母亲姓名", "父亲姓名", "助产机构"),
            (
                "新生儿姓名",
                "性别",
                "出生时间",
                "出生地点",
                "母亲姓名",
                "母亲身份证件号码",
                "父亲姓名",
                "父亲身份证件号码",
                "出生证编号",
            ),
            name_fields=("新生儿姓名", "母亲姓名", "父亲姓名"),
            id_number_fields=("母亲身份证件号码", "父亲身份证件号码"),
        ),
        DocumentSpec(
            DocumentType.FORM,
            "申请表",
            ("申请表", "申请书", "登记表", "申请人", "签字", "签名", "填表日期"),
            ("公民身份号码", "联系电话"),
            name_fields=("申请人姓名", "姓名"),
            id_number_fields=("公民身份号码",),
        ),
    )
}
