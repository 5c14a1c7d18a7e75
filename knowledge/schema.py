"""The knowledge-base schema: what a 事项管理系统 exports, as typed, validated models.

Everything downstream (storage, search, answers, checklists) works on these models; the
database and the YAML/JSON/Excel files are only ways to persist them. Field names follow the
national exchange interface where one exists (see docs/knowledge-format.md for the mapping).
A field's ExcelColumn is its column in the Excel workbook (Chinese title, help for staff), so a
new field is added here, and in the sample data, and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


@dataclass(frozen=True)
class ExcelColumn:
    """How a field is a column of the Excel workbook staff fill in (knowledge/excel.py derives it).

    `title` is the Chinese header (written 材料编码(code)); in a model several fields hold, ``{}``
    stands for the holding field's title (法定时限 → 法定时限天数). `help` is shown on the 说明
    sheet. `kind` is given only where the type does not say how the cell is written: "code" for
    an identifier, "list" for words separated by 、 or lines (other lists are one per line).
    """

    title: str
    help: str = ""
    kind: Literal["code", "list"] | None = None


class _Model(BaseModel):
    """Strict base: unknown keys are errors, so a typo in a guide file is reported, not lost."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=False)


class ItemType(StrEnum):
    """事项类型."""

    LICENSING = "行政许可"
    BENEFIT = "行政给付"
    CONFIRMATION = "行政确认"
    LEVY = "行政征收"
    RULING = "行政裁决"
    OTHER_POWER = "其他行政权力"
    PUBLIC_SERVICE = "公共服务"


class Level(StrEnum):
    """行使层级."""

    NATIONAL = "国家级"
    PROVINCE = "省级"
    CITY = "市级"
    COUNTY = "县级"
    TOWNSHIP = "乡镇级"
    VILLAGE = "村级"


class HandlingType(StrEnum):
    """办件类型: 即办件 is done on the spot, 承诺件 within the promised time limit."""

    IMMEDIATE = "即办件"
    PROMISED = "承诺件"


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUSPENDED = "suspended"


class OriginalOrCopy(StrEnum):
    """材料类型."""

    ORIGINAL = "原件"
    COPY = "复印件"
    BOTH = "原件和复印件"


class MaterialForm(StrEnum):
    """材料形式."""

    PAPER = "纸质"
    ELECTRONIC = "电子"
    EITHER = "纸质或电子"


class MaterialSource(StrEnum):
    """来源渠道: only government-issued materials can be exempt (免提交) via 电子证照."""

    APPLICANT = "申请人自备"
    GOVERNMENT = "政府部门核发"
    INTERMEDIARY = "中介机构"
    OTHER = "其他"


class SignatureRule(StrEnum):
    """签字盖章要求."""

    NONE = "无"
    SIGN = "申请人签字"
    SEAL = "单位盖章"
    SIGN_AND_SEAL = "签字并盖章"


class Department(_Model):
    """实施主体 — the department that handles items."""

    code: Annotated[NonEmpty, ExcelColumn("部门编码", "统一社会信用代码或内部编码，不可重复", "code")] = Field(
        description="统一社会信用代码 or an internal code"
    )
    name: Annotated[NonEmpty, ExcelColumn("部门名称")]
    phone: Annotated[str | None, ExcelColumn("咨询电话")] = None
    address: Annotated[str | None, ExcelColumn("地址")] = None


class DocumentType(StrEnum):
    """The document types pre-review can recognise in an upload (see prereview/documents.py)."""

    ID_CARD_FRONT = "id_card_front"
    ID_CARD_BACK = "id_card_back"
    HUKOU = "hukou"
    MARRIAGE_CERT = "marriage_cert"
    BUSINESS_LICENSE = "business_license"
    LEASE_CONTRACT = "lease_contract"
    PROPERTY_CERT = "property_cert"
    BIRTH_CERT = "birth_cert"
    FORM = "form"


# What staff and citizens call each document type (Excel's 证件类型 column, pre-review messages).
DOCUMENT_NAMES = {
    DocumentType.ID_CARD_FRONT: "身份证人像面",
    DocumentType.ID_CARD_BACK: "身份证国徽面",
    DocumentType.HUKOU: "户口簿",
    DocumentType.MARRIAGE_CERT: "结婚证",
    DocumentType.BUSINESS_LICENSE: "营业执照",
    DocumentType.LEASE_CONTRACT: "租赁合同",
    DocumentType.PROPERTY_CERT: "不动产权证书",
    DocumentType.BIRTH_CERT: "出生医学证明",
    DocumentType.FORM: "申请表",
}


class FormField(_Model):
    """A field of an application form (申请表/申请书) that pre-review reads and checks."""

    name: NonEmpty = Field(description="the label printed on the form, e.g. 申请人姓名")
    aliases: list[NonEmpty] = []
    required: bool = True


class CheckOp(StrEnum):
    """The rule types used in practice for 受理标准 (staff pick one per check)."""

    NOT_EMPTY = "not_empty"
    EQUALS = "equals"
    CONTAINS = "contains"
    RANGE = "range"
    DATE_BEFORE = "date_before"
    DATE_AFTER = "date_after"
    SAME_AS = "same_as"


class Check(_Model):
    """One checkable acceptance rule on a field of this material, written by staff.

    Dates in `value` are ISO dates or `today`, `today+30d`, `today-1y`; `same_as` names another
    material's field as `<material code>.<field>` (cross-document equality).
    """

    field: NonEmpty
    op: CheckOp
    value: str | None = None
    min: float | None = None
    max: float | None = None
    other: str | None = None
    message: NonEmpty = Field(description="what the citizen is told to fix, in plain words")


_RELATIVE_DATE = re.compile(r"today(?:[+-]\d+[dmy])?")
DATE_SYNTAX = "an ISO date (2025-01-31), today, or today with days/months/years added, e.g. today+30d, today-6m, today-1y"


def is_check_date(value: str | None) -> bool:
    """Is `value` a date a check can compare with: ISO, `today`, `today+30d`, `today-6m`, `today-1y`?

    Used by the validator and the Excel reader; pre-review resolves it (prereview.dates).
    """
    if value is None:
        return False
    text = value.strip()
    if _RELATIVE_DATE.fullmatch(text):
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class Material(_Model):
    """申请材料 — modelled once, so bundles can deduplicate it across items."""

    code: Annotated[NonEmpty, ExcelColumn("材料编码", "如 M-ID-CARD，不可重复", "code")]
    name: Annotated[NonEmpty, ExcelColumn("材料名称", "不可重复")]
    aliases: Annotated[list[NonEmpty], ExcelColumn("别名", "群众的叫法，如 身份证、户口本")] = []
    description: Annotated[str | None, ExcelColumn("材料说明")] = None
    issuer: Annotated[str | None, ExcelColumn("出具单位", "如 公安机关")] = Field(
        default=None, description="who issues it, e.g. 公安机关"
    )
    e_license: Annotated[bool, ExcelColumn("电子证照", "有电子证照（可免提交）；空白=否")] = Field(
        default=False, description="available as 电子证照 (can be exempt)"
    )
    documents: Annotated[
        list[DocumentType],
        ExcelColumn("证件类型", "网上预审时，哪些证件可作为本材料（据此识别上传的文件）；不填表示预审不读取本材料"),
    ] = Field(default=[], description="document types that serve as this material (pre-review recognises them)")
    fields: Annotated[
        list[FormField],
        ExcelColumn("表单字段", "申请表（申请书）上印的栏目名，预审读取并检查是否填写；证件类型须含 form"),
    ] = Field(default=[], description="for forms: the fields pre-review reads")


class MaterialRequirement(_Model):
    """The item→material link: how this item wants the material (必要性, 份数, 受理标准…)."""

    material: Annotated[NonEmpty, ExcelColumn("材料编码", "“材料”表中的材料编码", "code")] = Field(
        description="code of a canonical Material"
    )
    required: Annotated[bool, ExcelColumn("是否必要", "必要性；空白=是")] = True
    original_or_copy: Annotated[OriginalOrCopy, ExcelColumn("材料类型", "空白=原件")] = OriginalOrCopy.ORIGINAL
    copies: Annotated[int, ExcelColumn("份数", "空白=1；0 表示无需提交纸质份数")] = Field(default=1, ge=0)
    form: Annotated[MaterialForm, ExcelColumn("材料形式", "空白=纸质")] = MaterialForm.PAPER
    source: Annotated[MaterialSource, ExcelColumn("来源渠道", "空白=申请人自备")] = MaterialSource.APPLICANT
    exempt: Annotated[
        bool, ExcelColumn("免提交", "可通过电子证照免提交；仅限政府部门核发的材料；空白=否")
    ] = Field(default=False, description="免提交: fetched as 电子证照 instead")
    lenient: Annotated[bool, ExcelColumn("容缺受理", "空白=否")] = Field(default=False, description="容缺受理 allowed")
    promise: Annotated[bool, ExcelColumn("告知承诺", "空白=否")] = Field(default=False, description="告知承诺 allowed")
    signature: Annotated[SignatureRule, ExcelColumn("签字盖章要求", "空白=无")] = SignatureRule.NONE
    standard: Annotated[str | None, ExcelColumn("受理标准", "材料的受理标准")] = None
    checks: Annotated[
        list[Check],
        ExcelColumn(
            "预审规则",
            "把受理标准写成可自动检查的规则，网上预审时逐条检查上传的材料；提示是告诉群众怎么改的话",
        ),
    ] = Field(default=[], description="pre-review rules beyond the built-in ones")
    paper_size: Annotated[str | None, ExcelColumn("纸张规格", "如 A4")] = None
    blank_form: Annotated[str | None, ExcelColumn("空白表格", "空白表格的网址或路径")] = Field(
        default=None, description="空白表格 URL or path"
    )
    sample_form: Annotated[str | None, ExcelColumn("示例样表", "示例样表的网址或路径")] = Field(
        default=None, description="示例样表 URL or path"
    )
    notes: Annotated[str | None, ExcelColumn("填报须知", "填写材料时的注意事项")] = None
    basis: Annotated[str | None, ExcelColumn("要求依据", "提交该材料的依据")] = None


class MaterialOverride(_Model):
    """A rule's change to an existing requirement; unset fields stay as they are."""

    material: NonEmpty
    required: bool | None = None
    original_or_copy: OriginalOrCopy | None = None
    form: MaterialForm | None = None
    copies: int | None = Field(default=None, ge=0)
    source: MaterialSource | None = None
    exempt: bool | None = None
    lenient: bool | None = None
    promise: bool | None = None
    signature: SignatureRule | None = None
    standard: str | None = None
    notes: str | None = None


Condition = dict[str, list[str]]
"""question id → accepted option ids. Options of one question are OR-ed, questions AND-ed."""


class Option(_Model):
    id: Annotated[NonEmpty, ExcelColumn("选项编号", "在同一问题内不重复，如 first", "code")]
    text: Annotated[NonEmpty, ExcelColumn("选项文字")]


class Question(_Model):
    """情形 question ("选择题"), shown only when `show_if` matches earlier answers."""

    id: Annotated[NonEmpty, ExcelColumn("问题编号", "在同一事项内不重复，如 apply_type", "code")]
    text: Annotated[NonEmpty, ExcelColumn("问题")]
    options: list[Option] = Field(min_length=2)
    multiple: Annotated[bool, ExcelColumn("可多选", "空白=否")] = False
    required: Annotated[bool, ExcelColumn("必答", "空白=是")] = True
    show_if: Annotated[Condition | None, ExcelColumn("显示条件", "前面问题的回答符合时才显示；空白=总是显示")] = None
    help: Annotated[str | None, ExcelColumn("帮助说明")] = None


class Rule(_Model):
    """When the answers match `when`, transform the base material list."""

    when: Annotated[Condition, ExcelColumn("条件", "同一问题的选项之间为“或”，不同问题之间为“且”")] = Field(
        min_length=1
    )
    add: list[MaterialRequirement] = []
    remove: list[NonEmpty] = []
    override: list[MaterialOverride] = []
    note: Annotated[str | None, ExcelColumn("规则说明", "向群众和工作人员说明原因")] = None


class ProcessStep(_Model):
    name: NonEmpty
    description: str | None = None


class TimeLimit(_Model):
    days: Annotated[int, ExcelColumn("{}天数", "{}的天数")] = Field(ge=0)
    unit: Annotated[str, ExcelColumn("{}单位", "工作日 或 自然日；空白=工作日")] = "工作日"
    note: Annotated[str | None, ExcelColumn("{}说明", "如 加急、异地办理的时限")] = None


class FeeItem(_Model):
    name: NonEmpty
    standard: NonEmpty
    reduction: str | None = None


class Fee(_Model):
    charged: Annotated[bool, ExcelColumn("是否收费", "空白=否")] = False
    basis: Annotated[str | None, ExcelColumn("收费依据")] = None
    items: Annotated[list[FeeItem], ExcelColumn("收费项目")] = []


class Place(_Model):
    name: NonEmpty
    address: NonEmpty
    hours: NonEmpty
    transport: str | None = None


class Phones(_Model):
    consult: Annotated[str | None, ExcelColumn("咨询电话")] = None
    complaint: Annotated[str | None, ExcelColumn("投诉电话")] = None


class Online(_Model):
    """网上办理: depth 1–4 is 网办深度 (4 = 全程网办, no visit)."""

    available: Annotated[bool, ExcelColumn("是否网办", "空白=否")] = False
    depth: Annotated[int | None, ExcelColumn("网办深度", "1–4，4 为全程网办")] = Field(default=None, ge=1, le=4)
    url: Annotated[str | None, ExcelColumn("网办地址", "网上办理的网址")] = None
    logistics: Annotated[bool, ExcelColumn("支持物流", "结果可邮寄；空白=否")] = False
    appointment: Annotated[bool, ExcelColumn("支持预约", "空白=否")] = False
    scope: Annotated[str | None, ExcelColumn("通办范围", "如 全市通办、全国通办")] = Field(
        default=None, description="通办范围, e.g. 全市通办"
    )


class Result(_Model):
    name: Annotated[NonEmpty, ExcelColumn("结果名称", "办理结果（证照、批文）名称")]
    type: Annotated[str, ExcelColumn("结果类型", "空白=证照")] = "证照"
    sample: Annotated[str | None, ExcelColumn("结果样本", "样本的网址或路径")] = None
    validity: Annotated[str | None, ExcelColumn("结果有效期", "如 10年、长期；空白=指南未公布")] = None
    collection: Annotated[str | None, ExcelColumn("领取方式", "如 窗口领取、免费邮寄；空白=指南未公布")] = None


class Faq(_Model):
    q: Annotated[NonEmpty, ExcelColumn("问题")]
    a: Annotated[NonEmpty, ExcelColumn("回答")]


# Items and bundles are published and versioned alike.
StatusField = Annotated[
    Status, ExcelColumn("状态", "draft 草稿 / published 已发布 / suspended 暂停；空白=published")
]
VersionField = Annotated[int, Field(ge=1), ExcelColumn("版本", "从 1 开始；空白=1")]


class SharedQuestion(_Model):
    """共用问题: a question asked once, mapped onto another question that means the same
    (出生一件事's 由谁来办理 → 出生医学证明 母亲本人/代办, 生育登记 夫妻一方/代办 …), so the
    citizen answers "who applies" once, not once per item; with `otherwise`, the options of one
    multiple-choice "tick what applies" question answer several yes/no questions (an item's
    uncommon situations, or a bundle's)."""

    question: Annotated[
        NonEmpty, ExcelColumn("共用问题编号", "问一次的问题（一件事的：它自己的问题或某个成员事项的问题）", "code")
    ]
    answers: Annotated[
        NonEmpty, ExcelColumn("被回答问题编号", "随之回答的问题，按一件事的叫法（事项编码.问题编号 或 问题编号）", "code")
    ]
    options: Annotated[
        Condition,
        ExcelColumn("选项对应", "共用问题选项=成员问题选项; …；没有对应的选项，成员问题照常询问"),
    ] = Field(min_length=1)
    otherwise: Annotated[
        str | None, ExcelColumn("未选时", "对应的选项一个也没选时成员问题的答案（多选题“勾选符合的情况”用）；空白=照常询问")
    ] = None


class Item(_Model):
    """办事指南 of one service item (事项)."""

    code: Annotated[
        str,
        StringConstraints(pattern=r"^[0-9A-Za-z-]{4,40}$"),
        ExcelColumn("事项编码", "基本编码，4–40 位字母、数字或“-”，不可重复", "code"),
    ] = Field(description="基本编码")
    implement_code: Annotated[str | None, ExcelColumn("实施编码", kind="code")] = None
    name: Annotated[NonEmpty, ExcelColumn("事项名称")]
    aliases: Annotated[list[NonEmpty], ExcelColumn("别名", "群众的说法，如 办身份证")] = []
    phrasings: Annotated[
        list[NonEmpty], ExcelColumn("相似问法", "群众常见的问法，一行一个，如 身份证丢了怎么补")
    ] = Field(default=[], description="相似问法: how citizens ask about it")
    type: Annotated[ItemType, ExcelColumn("事项类型")]
    department: Annotated[NonEmpty, ExcelColumn("实施主体编码", "“部门”表中的部门编码", "code")] = Field(
        description="code of a Department"
    )
    level: Annotated[Level, ExcelColumn("行使层级", "空白=市级")] = Level.CITY
    service_object: Annotated[
        list[NonEmpty], ExcelColumn("服务对象", "自然人、法人、其他组织；空白=自然人", "list")
    ] = Field(default_factory=lambda: ["自然人"])
    summary: Annotated[str | None, ExcelColumn("事项简介", "一段话说明事项用途")] = None
    legal_basis: Annotated[list[NonEmpty], ExcelColumn("设定依据", "每条依据一行")] = []
    conditions: Annotated[NonEmpty, ExcelColumn("受理条件")]
    process: Annotated[list[ProcessStep], ExcelColumn("办理流程", "至少一步")] = Field(min_length=1)
    legal_time_limit: Annotated[TimeLimit | None, ExcelColumn("法定时限")] = None
    promised_time_limit: Annotated[TimeLimit, ExcelColumn("承诺时限")]
    handling_type: Annotated[HandlingType, ExcelColumn("办件类型")]
    fee: Fee = Fee()
    places: Annotated[list[Place], ExcelColumn("办理地点", "至少一处")] = Field(min_length=1)
    phones: Phones = Phones()
    visits: Annotated[int, ExcelColumn("到现场次数", "跑动次数，0=零跑动；空白=1")] = Field(
        default=1, ge=0, description="到办事现场次数 (跑动次数)"
    )
    online: Online = Online()
    result: Result | None = None
    faqs: list[Faq] = Field(min_length=1)
    materials: list[MaterialRequirement] = Field(min_length=1)
    questions: list[Question] = []
    rules: list[Rule] = []
    shared: list[SharedQuestion] = []
    valid_from: Annotated[date | None, ExcelColumn("生效日期")] = None
    valid_to: Annotated[date | None, ExcelColumn("失效日期")] = None
    status: StatusField = Status.PUBLISHED
    version: VersionField = 1


class BundleItem(_Model):
    item: Annotated[NonEmpty, ExcelColumn("事项编码", "“事项”表中的事项编码", "code")] = Field(
        description="code of an Item"
    )
    include_if: Annotated[
        Condition | None, ExcelColumn("办理条件", "按一件事的情形问题回答决定是否包含；空白=总是包含")
    ] = None
    note: Annotated[str | None, ExcelColumn("说明")] = None


class Eligibility(_Model):
    """When `when` matches, the citizen is not eligible for the bundle, for `message`'s reason."""

    when: Annotated[Condition, ExcelColumn("条件")] = Field(min_length=1)
    message: Annotated[NonEmpty, ExcelColumn("原因")]


class Implication(_Model):
    """An answer that settles another (推定): when `when` holds, the answers in `then` follow and
    are not asked (出生一件事: born within the year ⇒ 出生医学证明 not over a year late)."""

    when: Annotated[Condition, ExcelColumn("条件", "按一件事的问题编号书写（成员事项各自的问题写作 事项编码.问题编号）")]
    then: Annotated[Condition, ExcelColumn("推定答案", "条件成立时推定的答案，不再询问")] = Field(min_length=1)


class Bundle(_Model):
    """一件事: items a citizen sees as one thing, with shared questions and one list.

    A bundle question whose id equals an item's question id answers that item's question too.
    """

    code: Annotated[NonEmpty, ExcelColumn("一件事编码", "不可与事项编码重复", "code")]
    name: Annotated[NonEmpty, ExcelColumn("名称")]
    aliases: Annotated[list[NonEmpty], ExcelColumn("别名")] = []
    phrasings: Annotated[list[NonEmpty], ExcelColumn("相似问法", "群众常见的问法，一行一个")] = Field(
        default=[], description="相似问法: how citizens ask about it"
    )
    summary: Annotated[NonEmpty, ExcelColumn("简介")]
    department: Annotated[NonEmpty, ExcelColumn("牵头部门编码", "“部门”表中的部门编码", "code")]
    items: list[BundleItem] = Field(min_length=2)
    presets: Annotated[
        Condition,
        ExcelColumn("预设答案", "本一件事本身已确定的情形答案（如出生一件事：出生医学证明为首次签发），不再询问"),
    ] = Field(default={}, description="answers the bundle's meaning implies, by public question id: never asked")
    questions: list[Question] = []
    rules: list[Rule] = []
    eligibility: list[Eligibility] = []
    implications: list[Implication] = []
    shared: list[SharedQuestion] = []
    promised_time_limit: Annotated[TimeLimit | None, ExcelColumn("承诺时限")] = None
    places: Annotated[list[Place], ExcelColumn("办理地点")] = []
    online: Online = Online()
    faqs: list[Faq] = Field(min_length=1)
    status: StatusField = Status.PUBLISHED
    version: VersionField = 1


class Synonym(_Model):
    """A colloquial or variant term and the canonical terms it stands for."""

    term: Annotated[NonEmpty, ExcelColumn("说法", "群众的叫法，如 社保")]
    canonical: Annotated[list[NonEmpty], ExcelColumn("规范说法", "如 社会保险；多个用“、”分隔或换行", "list")] = Field(
        min_length=1
    )


class OutOfScopeExample(_Model):
    """范围外问题: a question citizens ask that this catalogue does not answer.

    Staff collect them from real traffic (what the assistant could not answer); the search
    learns from them to say "not something I can answer here — call 12345" instead of
    offering the nearest wrong item.
    """

    q: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
        ExcelColumn("问题", "群众的原话"),
    ]
    topic: Annotated[str | None, ExcelColumn("主题", "如 天气、驾驶证考试")] = None


class Catalog(_Model):
    """A whole knowledge base, as loaded from files or the database."""

    departments: list[Department] = []
    materials: list[Material] = []
    items: list[Item] = []
    bundles: list[Bundle] = []
    synonyms: list[Synonym] = []
    out_of_scope_examples: list[OutOfScopeExample] = []

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def bundle(self, code: str) -> Bundle | None:
        return next((b for b in self.bundles if b.code == code), None)

    def material(self, code: str) -> Material | None:
        return next((m for m in self.materials if m.code == code), None)

    def department(self, code: str) -> Department | None:
        return next((d for d in self.departments if d.code == code), None)
