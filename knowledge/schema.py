"""The knowledge-base schema: what a 事项管理系统 exports, as typed, validated models.

Everything downstream (storage, search, answers, checklists) works on these models; the
database and the YAML/JSON/Excel files are only ways to persist them. Field names follow the
national exchange interface where one exists (see docs/knowledge-format.md for the mapping).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


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

    code: NonEmpty = Field(description="统一社会信用代码 or an internal code")
    name: NonEmpty
    phone: str | None = None
    address: str | None = None


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

    code: NonEmpty
    name: NonEmpty
    aliases: list[NonEmpty] = []
    description: str | None = None
    issuer: str | None = Field(default=None, description="who issues it, e.g. 公安机关")
    e_license: bool = Field(default=False, description="available as 电子证照 (can be exempt)")
    documents: list[DocumentType] = Field(
        default=[], description="document types that serve as this material (pre-review recognises them)"
    )
    fields: list[FormField] = Field(default=[], description="for forms: the fields pre-review reads")


class MaterialRequirement(_Model):
    """The item→material link: how this item wants the material (必要性, 份数, 受理标准…)."""

    material: NonEmpty = Field(description="code of a canonical Material")
    required: bool = True
    original_or_copy: OriginalOrCopy = OriginalOrCopy.ORIGINAL
    form: MaterialForm = MaterialForm.PAPER
    copies: int = Field(default=1, ge=0)
    source: MaterialSource = MaterialSource.APPLICANT
    exempt: bool = Field(default=False, description="免提交: fetched as 电子证照 instead")
    lenient: bool = Field(default=False, description="容缺受理 allowed")
    promise: bool = Field(default=False, description="告知承诺 allowed")
    signature: SignatureRule = SignatureRule.NONE
    standard: str | None = Field(default=None, description="受理标准")
    paper_size: str | None = None
    blank_form: str | None = Field(default=None, description="空白表格 URL or path")
    sample_form: str | None = Field(default=None, description="示例样表 URL or path")
    notes: str | None = Field(default=None, description="填报须知")
    basis: str | None = Field(default=None, description="要求依据")
    checks: list[Check] = Field(default=[], description="pre-review rules beyond the built-in ones")


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
    id: NonEmpty
    text: NonEmpty


class Question(_Model):
    """情形 question ("选择题"), shown only when `show_if` matches earlier answers."""

    id: NonEmpty
    text: NonEmpty
    options: list[Option] = Field(min_length=2)
    multiple: bool = False
    required: bool = True
    show_if: Condition | None = None
    help: str | None = None


class Rule(_Model):
    """When the answers match `when`, transform the base material list."""

    when: Condition = Field(min_length=1)
    add: list[MaterialRequirement] = []
    remove: list[NonEmpty] = []
    override: list[MaterialOverride] = []
    note: str | None = None


class ProcessStep(_Model):
    name: NonEmpty
    description: str | None = None


class TimeLimit(_Model):
    days: int = Field(ge=0)
    unit: str = "工作日"
    note: str | None = None


class FeeItem(_Model):
    name: NonEmpty
    standard: NonEmpty
    reduction: str | None = None


class Fee(_Model):
    charged: bool = False
    basis: str | None = None
    items: list[FeeItem] = []


class Place(_Model):
    name: NonEmpty
    address: NonEmpty
    hours: NonEmpty
    transport: str | None = None


class Phones(_Model):
    consult: str | None = None
    complaint: str | None = None


class Online(_Model):
    """网上办理: depth 1–4 is 网办深度 (4 = 全程网办, no visit)."""

    available: bool = False
    depth: int | None = Field(default=None, ge=1, le=4)
    url: str | None = None
    logistics: bool = False
    appointment: bool = False
    scope: str | None = Field(default=None, description="通办范围, e.g. 全市通办")


class Result(_Model):
    name: NonEmpty
    type: str = "证照"
    sample: str | None = None


class Faq(_Model):
    q: NonEmpty
    a: NonEmpty


class Item(_Model):
    """办事指南 of one service item (事项)."""

    code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z-]{4,40}$")] = Field(
        description="基本编码"
    )
    implement_code: str | None = Field(default=None, description="实施编码")
    name: NonEmpty
    aliases: list[NonEmpty] = []
    phrasings: list[NonEmpty] = Field(default=[], description="相似问法: how citizens ask about it")
    type: ItemType
    department: NonEmpty = Field(description="code of a Department")
    level: Level = Level.CITY
    service_object: list[NonEmpty] = Field(default_factory=lambda: ["自然人"])
    summary: str | None = None
    legal_basis: list[NonEmpty] = []
    conditions: NonEmpty
    process: list[ProcessStep] = Field(min_length=1)
    legal_time_limit: TimeLimit | None = None
    promised_time_limit: TimeLimit
    handling_type: HandlingType
    fee: Fee = Fee()
    places: list[Place] = Field(min_length=1)
    phones: Phones = Phones()
    visits: int = Field(default=1, ge=0, description="到办事现场次数 (跑动次数)")
    online: Online = Online()
    result: Result | None = None
    faqs: list[Faq] = Field(min_length=1)
    materials: list[MaterialRequirement] = Field(min_length=1)
    questions: list[Question] = []
    rules: list[Rule] = []
    valid_from: date | None = None
    valid_to: date | None = None
    status: Status = Status.PUBLISHED
    version: int = Field(default=1, ge=1)


class BundleItem(_Model):
    item: NonEmpty = Field(description="code of an Item")
    include_if: Condition | None = None
    note: str | None = None


class Eligibility(_Model):
    """When `when` matches, the citizen is not eligible for the bundle, for `message`'s reason."""

    when: Condition = Field(min_length=1)
    message: NonEmpty


class Bundle(_Model):
    """一件事: items a citizen sees as one thing, with shared questions and one list.

    A bundle question whose id equals an item's question id answers that item's question too.
    """

    code: NonEmpty
    name: NonEmpty
    aliases: list[NonEmpty] = []
    phrasings: list[NonEmpty] = Field(default=[], description="相似问法: how citizens ask about it")
    summary: NonEmpty
    department: NonEmpty
    items: list[BundleItem] = Field(min_length=2)
    questions: list[Question] = []
    rules: list[Rule] = []
    eligibility: list[Eligibility] = []
    promised_time_limit: TimeLimit | None = None
    places: list[Place] = []
    online: Online = Online()
    faqs: list[Faq] = Field(min_length=1)
    status: Status = Status.PUBLISHED
    version: int = Field(default=1, ge=1)


class Synonym(_Model):
    """A colloquial or variant term and the canonical terms it stands for."""

    term: NonEmpty
    canonical: list[NonEmpty] = Field(min_length=1)


class OutOfScopeExample(_Model):
    """范围外问题: a question citizens ask that this catalogue does not answer.

    Staff collect them from real traffic (what the assistant could not answer); the search
    learns from them to say "not something I can answer here — call 12345" instead of
    offering the nearest wrong item.
    """

    q: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    topic: str | None = None


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
