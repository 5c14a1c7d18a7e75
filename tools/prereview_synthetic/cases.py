"""Evaluation cases for pre-review: one application each, with the uploads and the known defects.

A case takes a knowledge-base item and one of its situations (情形 answers), asks the checklist
engine which materials that situation needs, invents one consistent set of people and companies
(the applicant's name and number identical on the ID card, the forms and the contract), renders
every required material as a citizen would upload it (phone photos, scans, exported PDFs, Word
forms, labelled by the material's name, an alias or not at all) and injects exactly one defect —
or none, for clean cases, which still get the mild blur, tilt and JPEG loss of real photos, so
false alarms are measured honestly. `expected` lists the injected defect for every material it
shows on; `manifest.json` also records what each file prints (the ground-truth fields).
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image

from knowledge.checklist.engine import find_target, step
from knowledge.checklist.model import ChecklistMaterial
from knowledge.checklist.scenarios import scenarios
from knowledge.checklist.situation import AskedQuestion
from knowledge.schema import Catalog, DocumentType, FormField, Material, SignatureRule
from prereview.labels import material_document_types
from prereview.model import DefectCode
from prereview.situation import stated_option
from tools.prereview_synthetic import degrade, hostile, render
from tools.prereview_synthetic.identities import (
    Birth,
    Company,
    Lease,
    Marriage,
    Person,
    PropertyRight,
    add_years,
    cn_date,
    make_birth,
    make_company,
    make_lease,
    make_marriage,
    make_person,
    make_property,
    other_valid_id_number,
    random_date,
    similar_name,
    with_expired_card,
    with_impossible_birth_date,
    with_wrong_check_char,
    with_wrong_uscc_check,
)
from tools.prereview_synthetic.render import Document, FormRow

log = logging.getLogger(__name__)

# The defects a case can carry, one per defective case (file_unreadable: bombs, broken files).
DEFECT_CODES: tuple[DefectCode, ...] = (
    DefectCode.ID_NUMBER_INVALID,
    DefectCode.DOCUMENT_EXPIRED,
    DefectCode.NAME_MISMATCH,
    DefectCode.ID_NUMBER_MISMATCH,
    DefectCode.USCC_INVALID,
    DefectCode.MISSING_MATERIAL,
    DefectCode.LOW_QUALITY,
    DefectCode.WRONG_FILE_TYPE,
    DefectCode.MISSING_SIGNATURE,
    DefectCode.BLANK_REQUIRED_FIELD,
    DefectCode.UNRECOGNIZED_DOCUMENT,
    DefectCode.MISSING_SEAL,
    DefectCode.FILE_UNREADABLE,
)
# Items with ID cards, licences, premises proofs, birth certificates and forms: drawn more often.
CORE_ITEMS = (
    "个体工商户设立登记", "结婚登记", "出生登记", "居民身份证申领换领补领", "食品经营许可", "公司设立登记",
    "离婚登记", "居住证申领", "出生医学证明签发", "公章刻制备案", "烟草专卖零售许可证核发", "存量房转移登记",
    "义务教育入学报名", "户口迁入登记", "公共场所卫生许可",
)
MANIFEST_VERSION = 1
# The manifest's "generator": its name from before the move to tools/, so folders written then
# are still known as ours (and their cases/ replaced) when generated again.
GENERATOR_TAG = "prereview.synthetic"
_IDENTITY_KINDS = ("id_card_front", "hukou")


# -- plans -----------------------------------------------------------------------------------------
@dataclass
class Cast:
    """Everyone and everything one application is about (all fictitious, all consistent)."""

    today: date
    applicant: Person
    spouse: Person | None = None
    child: Person | None = None
    birth: Birth | None = None
    marriage: Marriage | None = None
    landlord: Person | None = None
    seller: Person | None = None
    agent: Person | None = None
    other: Person | None = None
    company: Company | None = None
    employer: str = ""
    lease: Lease | None = None
    property: PropertyRight | None = None
    household: str = ""
    hukou_registered: date | None = None
    premises: str = "own"  # own | lease
    # The situation's questions with the options chosen: a form's field agrees with them.
    situation: tuple[tuple[AskedQuestion, frozenset[str]], ...] = ()

    def role(self, name: str) -> Person | None:
        """The person a form's words name (男方, 母亲, 经办人…); the applicant by default."""
        husband, wife = self.couple()
        return {
            "husband": husband, "wife": wife, "spouse": self.spouse, "child": self.child, "agent": self.agent,
            "contact": self.other, "relative": self.other, "seller": self.seller, "landlord": self.landlord,
            "mother": self.birth.mother if self.birth else wife, "father": self.birth.father if self.birth else husband,
            "guardian": self.applicant, "applicant": self.applicant,
        }.get(name, self.applicant)

    def couple(self) -> tuple[Person | None, Person | None]:
        if self.spouse is None:
            return (self.applicant, None) if self.applicant.sex == "男" else (None, self.applicant)
        return (self.applicant, self.spouse) if self.applicant.sex == "男" else (self.spouse, self.applicant)

    def people(self) -> list[tuple[str, Person]]:
        found = [("applicant", self.applicant), ("spouse", self.spouse), ("child", self.child), ("landlord", self.landlord),
                 ("seller", self.seller), ("agent", self.agent), ("other", self.other)]
        return [(role, p) for role, p in found if p is not None]


@dataclass
class DocPlan:
    """One document to render for a material, and what an injected defect changed on it."""

    kind: str  # id_card_front, id_card_back, hukou, marriage_cert, business_license, lease_contract,
    # property_cert, birth_cert, form, generic, photo, notice
    material: str
    person: Person | None = None
    title: str = ""
    rows: list[FormRow] = field(default_factory=list)
    row_people: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (id number, "name"|"id")
    required_fields: list[str] = field(default_factory=list)
    signers: list[tuple[str, bool]] = field(default_factory=list)
    seal_label: str | None = None
    sealed: bool = True
    seal_text: str = ""
    relation: str = "户主"
    lease_signed: tuple[bool, bool] = (True, True)
    paragraphs: list[str] = field(default_factory=list)
    swaps: dict[str, Person] = field(default_factory=dict)  # original id number → person printed instead


@dataclass
class FilePlan:
    """One uploaded file: the documents on it, how it was captured, its name and label."""

    material: str
    docs: list[DocPlan]
    layout: str  # photo | scan_png | scan_pdf | text_pdf | docx | copy_a4 | card_pdf
    label: str | None
    name: str = ""
    page: int | None = None  # one page of a multi-page document photographed on its own (1-based)
    pages_total: int | None = None
    degradations: list[tuple[str, float]] = field(default_factory=list)
    hostile: str | None = None
    parts: list[str] = field(default_factory=list)  # a multi-page document photographed page by page


@dataclass
class Injected:
    """The defect deliberately put into a case, and where."""

    code: DefectCode
    materials: list[str]
    file: FilePlan | None = None
    detail: str = ""
    value: str | None = None  # the wrong value printed (found in the rendered fields afterwards)


# -- the catalogue side --------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _sample_catalog(path: str) -> Catalog:
    from knowledge.files import read_catalog

    return read_catalog(path).catalog


def default_catalog() -> Catalog:
    """The sample knowledge base shipped with the project (inside the knowledge package)."""
    import knowledge

    return _sample_catalog(str(Path(knowledge.__file__).resolve().parent / "sample"))


def situations(catalog: Catalog, item_code: str, e_licenses: Sequence[str] | None) -> list[tuple[dict[str, list[str]], list[ChecklistMaterial]]]:
    """Every situation of the item the engine reaches (answers, materials), eligible ones only."""
    return _situations(id(catalog), catalog, item_code, tuple(e_licenses) if e_licenses is not None else None)


_SITUATIONS: dict[tuple[int, str, tuple[str, ...] | None], list[tuple[dict[str, list[str]], list[ChecklistMaterial]]]] = {}


def _situations(key: int, catalog: Catalog, item_code: str, e_licenses: tuple[str, ...] | None) -> list[tuple[dict[str, list[str]], list[ChecklistMaterial]]]:
    cache_key = (key, item_code, e_licenses)
    if cache_key not in _SITUATIONS:
        target = find_target(catalog, item_code)
        out = []
        for answers in scenarios(target):
            plain = {q: sorted(options) for q, options in answers.items()}
            result = step(catalog, target, plain, e_licenses)
            if result.checklist is None or not result.checklist.eligible or not result.checklist.materials:
                continue
            out.append((plain, result.checklist.materials))
        _SITUATIONS[cache_key] = out
    return _SITUATIONS[cache_key]


# -- the cast --------------------------------------------------------------------------------------
def _words(item_name: str, materials: Sequence[Material]) -> str:
    return item_name + "|" + "|".join(m.name + "|" + "|".join(f.name for f in m.fields) for m in materials)


def make_cast(rng: random.Random, today: date, item_name: str, answers: dict[str, list[str]], materials: Sequence[Material]) -> Cast:
    """The people and records this application needs, from the item's materials and form fields."""
    words = _words(item_name, materials)
    types = {t for m in materials for t in m.documents}
    age = (60, 85) if "老年" in item_name else (52, 59) if "退休" in item_name else (26, 45) if ("入学" in item_name or "出生" in words or "生育" in words) else (22, 58)
    applicant = make_person(rng, today, age=age)
    cast = Cast(today, applicant)
    region = applicant.region
    couple = any(w in words for w in ("男方", "女方", "配偶", "结婚", "离婚", "生育", "出生", "新生儿", "母亲", "父亲", "婚姻"))
    couple = couple or DocumentType.MARRIAGE_CERT in types or DocumentType.BIRTH_CERT in types
    if couple:
        other_sex = "女" if applicant.sex == "男" else "男"
        low = max(22, applicant.age_on(today) - 6)
        cast.spouse = make_person(rng, today, sex=other_sex, age=(low - 2 if other_sex == "女" else low, applicant.age_on(today) + 4), region=region)
    husband, wife = cast.couple()
    married = couple and husband is not None and wife is not None and "结婚登记" not in item_name
    child_needed = any(w in words for w in ("新生儿", "出生", "生育", "子女", "学生", "入学", "预防接种", "监护人")) or DocumentType.BIRTH_CERT in types
    if married and husband and wife:
        since = None
        if child_needed:
            since = random_date(rng, max(add_years(husband.birth, 22), add_years(wife.birth, 20)), today - timedelta(days=400 + (2555 if "入学" in item_name else 0)))
        cast.marriage = make_marriage(rng, today, husband, wife, since=since)
    if child_needed and husband and wife:
        born = add_years(today, -6) - timedelta(days=rng.randint(30, 200)) if ("入学" in item_name or "学生" in words) else None
        cast.birth = make_birth(rng, today, wife, husband, born=born)
        cast.child = cast.birth.child
    elif child_needed:
        cast.child = make_person(rng, today, age=(6, 7), region=region, surname=applicant.name[0])
    company_words = ("统一社会信用代码", "法定代表人", "经营者", "营业执照", "个体", "公司", "企业", "经营场所", "场所名称", "单位名称",
                     "纳税人", "设置单位", "用章单位")
    if DocumentType.BUSINESS_LICENSE in types or any(w in words for w in company_words):
        individual = "个体" in words or "经营者" in words or "字号" in words
        if "公司" in item_name or "企业" in item_name or "印章" in words or "法定代表人" in words and "经营者" not in words:
            individual = "个体" in item_name
        cast.company = make_company(rng, today, applicant, kind="individual" if individual else "company", region=region)
    chosen = {o for options in answers.values() for o in options}
    if chosen & {"lease", "rent"} or "租赁" in words:
        cast.premises = "lease"
    elif chosen & {"own", "purchase"}:
        cast.premises = "own"
    else:  # the situation does not say: both are common
        cast.premises = rng.choice(("own", "lease"))
    if DocumentType.LEASE_CONTRACT in types:
        cast.landlord = make_person(rng, today, age=(35, 70), region=region)
        address = cast.company.address if cast.company else applicant.residence
        cast.lease = make_lease(rng, today, cast.landlord, applicant, address, purpose="经营" if cast.company else "居住")
    if "义务人" in words or "存量房" in item_name:
        cast.seller = make_person(rng, today, age=(35, 70), region=region)
    if DocumentType.PROPERTY_CERT in types or "坐落" in words or "不动产" in words:
        owner = cast.seller or applicant
        address = cast.company.address if cast.company and not cast.seller else owner.address
        cast.property = make_property(rng, today, owner, address, commercial=bool(cast.company and not cast.seller))
    if any(w in words for w in ("经办人", "受托人", "代办")) or "agent" in chosen:
        cast.agent = make_person(rng, today, age=(22, 60), region=region)
    cast.other = make_person(rng, today, age=(25, 70), region=region)
    cast.employer = make_company(rng, today, cast.other, kind="company", region=region).name
    cast.household = f"{rng.randint(10**8, 10**9 - 1)}"
    cast.hukou_registered = random_date(rng, max(applicant.birth, date(2000, 1, 1)), today - timedelta(days=90))
    return cast


# -- form values ---------------------------------------------------------------------------------
_ROLE_WORDS = (
    ("男方", "husband"), ("女方", "wife"), ("母亲", "mother"), ("父亲", "father"), ("新生儿", "child"), ("子女", "child"),
    ("学生", "child"), ("配偶", "spouse"), ("对方", "spouse"), ("经办人", "agent"), ("受托人", "agent"), ("监护人", "guardian"),
    ("紧急联系人", "contact"), ("被投靠人", "relative"), ("义务人", "seller"), ("出租", "landlord"),
)
_CHOICES: dict[str, tuple[str, ...]] = {
    "与新生儿关系": ("父亲", "母亲"), "与被投靠人关系": ("子女", "配偶", "父母"), "婚姻状况": ("已婚", "未婚", "离异"),
    "申请类别": ("首次申领", "换领", "补领"), "申请类型": ("新办", "换领", "补办"), "申领事由": ("就业", "就学", "居住"),
    "申请事项": ("期满换证", "补证"), "登记事由": ("买卖", "抵押权首次登记"), "备案类型": ("异地长期居住", "临时外出就医"),
    "人员类别": ("城乡居民", "学生儿童", "灵活就业人员"), "户籍性质": ("城镇", "农村"), "缴费档次": ("每年500元", "每年1000元", "每年2000元"),
    "就业状态": ("失业", "灵活就业"), "文化程度": ("大学本科", "大学专科", "高中", "初中"), "准驾车型": ("C1", "C2", "B2"),
    "退休类别": ("正常退休", "特殊工种提前退休"), "还款方式": ("等额本息", "等额本金"), "提取原因": ("购买自住住房", "租赁自住住房", "偿还住房贷款本息"),
    "分娩方式": ("顺产", "剖宫产"), "胎数": ("单胎", "双胎"), "申领项目": ("生育津贴", "生育医疗费用"), "注销方式": ("简易注销", "普通注销"),
    "注销原因": ("决议解散", "经营期限届满"), "刻制原因": ("新设立单位刻制", "印章损坏重新刻制"), "刻制数量": ("1枚", "2枚", "3枚"),
    "印章名称": ("单位公章", "财务专用章", "合同专用章", "发票专用章"), "残疾类别": ("肢体残疾", "视力残疾", "听力残疾"), "残疾等级": ("二级", "三级", "四级"),
    "申请方式": ("告知承诺", "一般程序"), "使用性质": ("歌舞娱乐", "餐饮", "商场"), "主体业态": ("食品销售经营者", "餐饮服务经营者"),
    "经营业态": ("便利店", "食杂店", "超市"), "照明方式": ("内打光", "外投光", "无照明"), "材质": ("铝塑板", "亚克力", "不锈钢"),
    "发票种类": ("数电发票（增值税专用发票）", "数电发票（普通发票）"), "领用方式": ("网上申领", "窗口领取"), "结果领取方式": ("邮寄", "窗口领取"),
    "证明用途": ("就业", "出国（境）", "入学"), "查询期限": ("近五年", "近三年", "全部期间"), "组成形式": ("个人经营",),
    "致残原因": ("疾病", "意外伤害", "先天"), "申请理由": ("家庭收入低于当地最低生活保障标准", "因病致贫"), "迁移原因": ("购房", "投靠", "工作调动"),
    "解除劳动关系原因": ("劳动合同期满终止", "单位裁员"), "联办事项": ("出生登记、医保参保、社保卡申领",), "承诺事项": ("本人已知晓告知承诺的内容，承诺符合许可条件",),
    "申领事由（居住证）": ("就业",), "开户银行": ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行"), "评定机构": ("市第一人民医院残疾评定门诊",),
    "房产情况": ("无", "自有住房一套"), "机动车辆情况": ("无",), "存款及有价证券": ("3200元", "无"), "本次登记孩次": ("一孩", "二孩"),
    "现有子女数": ("0", "1"), "招牌内容": ("店名招牌",), "使用楼层": ("1层", "1-2层"), "设置期限": ("3年", "5年"),
    "丢失经过": ("外出时不慎遗失",), "撤回原因": ("申请人主动撤回",), "备注": ("无",),
}
_TODAYISH = ("申请日期", "申报日期", "声明日期", "承诺日期", "填表日期", "受理日期", "评定日期", "签订日期")


def _role_of(name: str) -> str | None:
    return next((role for word, role in _ROLE_WORDS if word in name), None)


def _is_name_field(name: str) -> bool:
    return "姓名" in name or name in ("申请人", "经营者", "权利人", "义务人", "经办人", "紧急联系人", "被投靠人", "设置人")


def _is_id_field(name: str) -> bool:
    return any(w in name for w in ("身份号码", "身份证件号码", "身份证号", "证件号码", "身份证明号码"))


def form_rows(fields: Sequence[FormField], cast: Cast, rng: random.Random) -> tuple[list[FormRow], dict[str, tuple[str, str]]]:
    """The values a consistent applicant writes into the form's fields; which rows name whom."""
    rows: list[FormRow] = []
    people: dict[str, tuple[str, str]] = {}
    # A form with a 监护人 (guardian) line is about a child: its bare 姓名 is the child's.
    subject = cast.child if cast.child is not None and any("监护人" in f.name for f in fields) else cast.applicant
    current = subject
    company = cast.company
    for form_field in fields:
        name = form_field.name
        label = name if not form_field.aliases or rng.random() < 0.8 else rng.choice(form_field.aliases)
        role = _role_of(name)
        person = cast.role(role) if role else current
        value = ""
        if _is_name_field(name):
            person = cast.role(role) if role else subject
            if person is not None:
                current = person
                value = person.name
                people[name] = (person.id_number, "name")
        elif _is_id_field(name) and "统一社会" not in name:
            if person is not None:
                value = person.id_number
                people[name] = (person.id_number, "id")
        else:
            value = _other_value(name, person or cast.applicant, cast, company, rng)
        rows.append(FormRow(name, label, value))
    return rows, people


def _agreeing(name: str, values: Sequence[str], cast: Cast) -> Sequence[str]:
    """The values a consistent applicant may write in a field that answers a 情形 question: those
    that state no option the situation did not choose; else the chosen option's own words."""
    agreeing, owners = [], []
    for value in values:
        stated = [(asked, chosen, o) for asked, chosen in cast.situation if (o := stated_option(asked, name, value)) is not None]
        owners += [(asked, chosen) for asked, chosen, _ in stated]
        if all(o in chosen for _, chosen, o in stated):
            agreeing.append(value)
    if agreeing:
        return agreeing
    asked, chosen = owners[0]
    return [asked.option_text(o) for o in sorted(chosen)] or list(values)


def _other_value(name: str, person: Person, cast: Cast, company: Company | None, rng: random.Random) -> str:
    today = cast.today
    if "电话" in name:
        return person.phone
    if name in ("统一社会信用代码", "纳税人识别号"):
        return company.uscc if company else ""
    if name in _CHOICES:
        return rng.choice(_agreeing(name, _CHOICES[name], cast))
    if name == "性别":
        return person.sex
    if "民族" in name:
        return person.ethnicity
    if name == "出生日期":
        return cn_date(person.birth)
    if name == "出生时间" and cast.birth:
        t = cast.birth.time
        return f"{t.year}年{t.month}月{t.day}日{t.hour}时{t.minute}分"
    if name == "出生地点" and cast.birth:
        return cast.birth.place
    if name in ("结婚登记日期",) and cast.marriage:
        return cn_date(cast.marriage.registered)
    if name == "结婚证字号" and cast.marriage:
        return cast.marriage.number
    if name == "不动产单元号" and cast.property:
        return cast.property.unit_number
    if "坐落" in name or name in ("迁入地址",):
        return cast.property.address if cast.property else person.residence
    if name == "落户地址":
        return person.address
    if any(w in name for w in ("户籍地址", "户籍所在地", "户口所在地", "现户籍地址")):
        return person.address
    if any(w in name for w in ("居住地址", "常住地址", "通讯地址", "邮寄地址", "联系地址")):
        return person.residence
    if any(w in name for w in ("住所", "经营场所", "场所地址", "设置地点", "经营地址")):
        return company.address if company else person.residence
    if name in ("经营范围", "经营项目"):
        return company.scope if company else "日用百货零售"
    if name == "注册资本":
        return company.capital or "50万元人民币" if company else "50万元人民币"
    if name == "登记机关":
        return company.registrar if company else f"{person.region.city}{person.region.district}市场监督管理局"
    if name in ("原工作单位",) or (("单位名称" in name or name == "服务处所") and company is None):
        return cast.employer
    if any(w in name for w in ("名称", "设置单位", "字号")):
        return company.name if company else cast.employer
    if any(w in name for w in ("面积",)):
        return f"{round(rng.uniform(30, 300), 1)}平方米"
    if any(w in name for w in _TODAYISH) or name.endswith("日期"):
        if "备案开始" in name:
            return cn_date(today + timedelta(days=rng.randint(1, 20)))
        if "生育" in name or "解除" in name or "参加工作" in name:
            return cn_date(today - timedelta(days=rng.randint(30, 3000)))
        if "预产" in name:
            return cn_date(today + timedelta(days=rng.randint(30, 200)))
        return cn_date(today - timedelta(days=rng.randint(0, 10)))
    if "时间" in name:
        return f"{today.year - rng.randint(1, 20)}年{rng.randint(1, 12)}月"
    if "账号" in name or "卡号" in name:
        return "62" + "".join(str(rng.randint(0, 9)) for _ in range(17))
    if "金额" in name or "收入" in name or "限额" in name:
        return f"{rng.randrange(1000, 90000, 100)}元"
    if "人数" in name or "数量" in name or name.endswith("数"):
        return str(rng.randint(1, 8))
    if "期限" in name:
        return f"{rng.choice((5, 10, 20, 30))}年"
    if any(w in name for w in ("转出地", "转入地", "就医地")):
        return f"{rng.choice(('浙江省杭州市', '江苏省南京市', '广东省广州市', '四川省成都市'))}"
    if "规格" in name:
        return f"{rng.randint(2, 8)}米×{rng.choice(('0.8', '1', '1.2'))}米"
    if any(w in name for w in ("原因", "理由", "事由", "用途", "事项")):
        return rng.choice(("本人申请", "个人需要", "工作需要"))
    if "地" in name:
        return person.address
    return rng.choice(("无", "见附件", "按规定执行"))


# -- planning a case -------------------------------------------------------------------------------
def _id_people(code: str, cast: Cast, item_name: str) -> list[Person]:
    if code == "M-AGENT-ID":
        return [cast.agent or cast.other or cast.applicant]
    people = [cast.applicant]
    if cast.spouse is not None and any(w in item_name for w in ("结婚", "离婚", "生育", "出生", "婚姻")):
        people.append(cast.spouse)
    return people


def _form_defaults() -> list[FormField]:
    return [FormField(name=n) for n in ("申请人姓名", "公民身份号码", "联系电话", "住址")]


def plan_documents(material: Material, checklist: ChecklistMaterial, cast: Cast, item_name: str, rng: random.Random) -> list[list[DocPlan]]:
    """The documents for one material, grouped by the file each group would travel in."""
    code = material.code
    types = material_document_types(material)
    if DocumentType.ID_CARD_FRONT in types or DocumentType.ID_CARD_BACK in types:
        return [[DocPlan("id_card_front", code, person=p), DocPlan("id_card_back", code, person=p)] for p in _id_people(code, cast, item_name)]
    if DocumentType.HUKOU in types:
        pages = [DocPlan("hukou", code, person=cast.applicant, relation=rng.choice(("户主", "户主", "户主", "妻" if cast.applicant.sex == "女" else "子")))]
        if cast.child is not None and cast.birth is not None and cast.child.age_on(cast.today) >= 1:
            pages.append(DocPlan("hukou", code, person=cast.child, relation="子" if cast.child.sex == "男" else "女"))
        elif cast.spouse is not None and "结婚" not in item_name and rng.random() < 0.5:
            pages.append(DocPlan("hukou", code, person=cast.spouse, relation="妻" if cast.spouse.sex == "女" else "夫"))
        return [pages]
    if DocumentType.MARRIAGE_CERT in types and cast.marriage is not None:
        return [[DocPlan("marriage_cert", code, person=cast.applicant)]]
    if DocumentType.BUSINESS_LICENSE in types and cast.company is not None:
        return [[DocPlan("business_license", code)]]
    if DocumentType.BIRTH_CERT in types and cast.birth is not None:
        return [[DocPlan("birth_cert", code)]]
    if DocumentType.LEASE_CONTRACT in types and DocumentType.PROPERTY_CERT in types:
        kind = "lease_contract" if cast.lease is not None and (cast.premises == "lease" or cast.property is None) else "property_cert"
        return [[DocPlan(kind, code)]]
    if DocumentType.LEASE_CONTRACT in types and cast.lease is not None:
        return [[DocPlan("lease_contract", code)]]
    if DocumentType.PROPERTY_CERT in types and cast.property is not None:
        return [[DocPlan("property_cert", code)]]
    if DocumentType.FORM in types:
        fields = list(material.fields) or _form_defaults()
        rows, people = form_rows(fields, cast, rng)
        signers = [("申请人", True)]
        if any(r.name.startswith("男方") for r in rows) and any(r.name.startswith("女方") for r in rows):
            signers = [("男方", True), ("女方", True)]
        elif any("声明人" in r.name for r in rows):
            signers = [("声明人", True)]
        rule = SignatureRule(checklist.signature) if checklist.signature else SignatureRule.NONE
        wants_seal = rule in (SignatureRule.SEAL, SignatureRule.SIGN_AND_SEAL)
        optional_seal = not wants_seal and cast.company is not None and rng.random() < 0.25
        seal_label = rng.choice(("单位", "申请单位", "经营者")) if wants_seal or optional_seal else None
        seal_text = cast.company.name if cast.company else cast.employer
        return [[DocPlan("form", code, title=material.name, rows=rows, row_people=people, signers=signers, seal_label=seal_label,
                         sealed=True, seal_text=seal_text, required_fields=[f.name for f in fields if f.required])]]
    if code == "M-PHOTO":
        return [[DocPlan("photo", code, person=cast.applicant)]]
    return [[_generic_plan(material, checklist, cast, rng)]]


def _generic_plan(material: Material, checklist: ChecklistMaterial, cast: Cast, rng: random.Random) -> DocPlan:
    """A plausible one-page text for a material pre-review has no document type for."""
    name, person = material.name, cast.applicant
    org = cast.company.name if cast.company else cast.employer
    if "证明" in name:
        text = [f"兹证明{person.name}，{person.sex}，{cn_date(person.birth)}出生，{rng.choice(('系我单位职工', '在我处办理相关事项', '情况属实'))}。",
                f"特此证明，{material.name}所述情况真实有效。", "本证明仅用于办理相关政务服务事项，复印无效。"]
    elif any(w in name for w in ("合同", "协议")):
        text = [f"甲方：{person.name}    乙方：{(cast.other or person).name}", "经双方平等协商，就有关事项达成如下约定：",
                "一、双方应当诚实守信，全面履行本协议约定的义务。", "二、本协议未尽事宜由双方另行协商。", "三、本协议自双方签字之日起生效。"]
    elif any(w in name for w in ("声明", "承诺", "说明")):
        text = [f"本人{person.name}，郑重声明：", f"本人提交的{material.name}及相关材料内容真实、准确、完整，如有不实，愿意承担相应的法律责任。"]
    elif any(w in name for w in ("委托", "授权")):
        agent = cast.agent or cast.other or person
        text = [f"委托人：{person.name}", f"受托人：{agent.name}", "现委托受托人代为办理相关事项，受托人在委托权限内所签署的文件，委托人均予以承认。",
                f"委托期限：自{cn_date(cast.today - timedelta(days=3))}起三十日内。"]
    elif any(w in name for w in ("章程", "制度", "预案", "清单", "文件", "决议", "决定")):
        text = [f"第{n}条 " + rng.choice(("本单位应当建立健全管理制度，明确责任人。", "有关人员应当定期接受培训并做好记录。",
                                          "发现问题应当及时整改，并向有关部门报告。", "本制度由单位负责人组织实施，自发布之日起执行。"))
                for n in "一二三四五"]
    elif any(w in name for w in ("报告", "鉴定", "评价", "结论")):
        text = ["一、基本情况：受委托方委托，对有关事项进行了检测和评价。", "二、检测结果：各项指标符合有关标准要求。", "三、结论：合格。"]
    else:
        text = [f"姓名：{person.name}", f"{material.name}相关信息见下。", "以上情况属实。"]
    rule = SignatureRule(checklist.signature) if checklist.signature else SignatureRule.NONE
    signers = [("申请人", True)] if rule in (SignatureRule.SIGN, SignatureRule.SIGN_AND_SEAL) else []
    wants_seal = rule in (SignatureRule.SEAL, SignatureRule.SIGN_AND_SEAL) or ("证明" in name and rng.random() < 0.5)
    return DocPlan("generic", material.code, title=name, paragraphs=text, signers=signers, seal_label="（盖章）" if wants_seal else None,
                   sealed=True, seal_text=org)


_PHOTO_NAMES = ("IMG_{d:%Y%m%d}_{n:06d}.jpg", "微信图片_{d:%Y%m%d}{n:06d}.jpg", "mmexport{n:013d}.jpg", "{label}.jpg")
_SCAN_NAMES = ("扫描件_{n:04d}.{ext}", "scan_{d:%Y%m%d}_{n:04d}.{ext}", "{label}.{ext}", "CamScanner_{d:%m-%d-%Y}.{ext}")


def package(material: Material, groups: list[list[DocPlan]], label: str | None, rng: random.Random) -> list[FilePlan]:
    """How the citizen sends each group: photos, scans, exported PDFs, Word files."""
    files: list[FilePlan] = []
    for docs in groups:
        kind = docs[0].kind
        roll = rng.random()
        if kind == "id_card_front":
            if roll < 0.55:
                files += [FilePlan(material.code, [d], "photo", label) for d in docs]
            elif roll < 0.82:
                files.append(FilePlan(material.code, docs, "copy_a4", label))
            else:
                files.append(FilePlan(material.code, docs, "card_pdf", label))
        elif kind == "hukou":
            if len(docs) > 1 and roll < 0.4:
                files += [FilePlan(material.code, [d], "photo", label) for d in docs]
            else:
                files.append(FilePlan(material.code, docs, rng.choice(("photo", "scan_pdf", "scan_png")) if len(docs) == 1 else "scan_pdf", label))
        elif kind == "lease_contract":
            files.append(FilePlan(material.code, docs, "text_pdf" if roll < 0.35 else "scan_pdf" if roll < 0.7 else "pages", label))
        elif kind == "form":
            files.append(FilePlan(material.code, docs, "docx" if roll < 0.25 else "text_pdf" if roll < 0.55 else "scan_pdf" if roll < 0.75 else "photo", label))
        elif kind == "business_license":
            files.append(FilePlan(material.code, docs, "photo" if roll < 0.45 else "text_pdf" if roll < 0.65 else "scan_png" if roll < 0.85 else "scan_pdf", label))
        elif kind == "photo":
            files.append(FilePlan(material.code, docs, "plain_jpeg", label))
        elif kind == "generic":
            files.append(FilePlan(material.code, docs, "photo" if roll < 0.4 else "text_pdf" if roll < 0.75 else "scan_pdf", label))
        else:  # certificates: marriage, birth, property
            files.append(FilePlan(material.code, docs, "photo" if roll < 0.55 else "scan_png" if roll < 0.8 else "scan_pdf", label))
    return files


def choose_label(material: Material, ambiguous: bool, rng: random.Random) -> str | None:
    """What the citizen calls the file: the material's name, one of its aliases, or nothing."""
    roll = rng.random()
    if roll < 0.2 and material.documents and not ambiguous and material.code != "M-PHOTO":
        return None
    if roll < 0.45 and material.aliases:
        return rng.choice(material.aliases)
    return material.name


@dataclass
class CasePlan:
    """Everything decided about a case before any pixel is drawn."""

    item: str
    item_name: str
    answers: dict[str, list[str]]
    materials: list[ChecklistMaterial]
    cast: Cast
    files: list[FilePlan]
    defect: DefectCode | None = None
    injected: Injected | None = None


def plan_case(catalog: Catalog, item_code: str, answers: dict[str, list[str]], materials: list[ChecklistMaterial], rng: random.Random,
              today: date) -> CasePlan:
    """Cast, documents and files for every material the situation asks to upload."""
    item = catalog.item(item_code)
    assert item is not None
    wanted = [m for m in materials if not m.exempt and (m.required or rng.random() < 0.4)]
    catalog_materials = [catalog.material(m.code) for m in wanted]
    known = [m for m in catalog_materials if m is not None]
    cast = make_cast(rng, today, item.name, answers, known)
    cast.situation = tuple((asked, frozenset(answers.get(asked.id, ()))) for asked in find_target(catalog, item_code).questions)
    type_count: dict[DocumentType, int] = {}
    for m in known:
        for t in material_document_types(m):
            type_count[t] = type_count.get(t, 0) + 1
    files: list[FilePlan] = []
    for checklist_material in wanted:
        material = catalog.material(checklist_material.code)
        if material is None:
            continue
        ambiguous = any(type_count.get(t, 0) > 1 for t in material_document_types(material)) or not material_document_types(material)
        label = choose_label(material, ambiguous, rng)
        groups = plan_documents(material, checklist_material, cast, item.name, rng)
        files += package(material, groups, label, rng)
    return CasePlan(item_code, item.name, answers, wanted, cast, files)


# -- injecting one defect --------------------------------------------------------------------------
def _shows(doc: DocPlan, cast: Cast) -> list[Person]:
    """The persons a document prints with both name and ID number."""
    if doc.kind in ("id_card_front", "hukou") and doc.person is not None:
        return [doc.person]
    if doc.kind == "marriage_cert" and cast.marriage:
        return [cast.marriage.husband, cast.marriage.wife]
    if doc.kind == "lease_contract" and cast.lease:
        return [cast.lease.landlord, cast.lease.tenant]
    if doc.kind == "birth_cert" and cast.birth:
        return [cast.birth.mother, cast.birth.father]
    if doc.kind == "form":
        names = {pid for pid, what in doc.row_people.values() if what == "name"}
        ids = {pid for pid, what in doc.row_people.values() if what == "id"}
        everyone = {p.id_number: p for _, p in cast.people()}
        if cast.birth:
            everyone.update({cast.birth.mother.id_number: cast.birth.mother, cast.birth.father.id_number: cast.birth.father})
        return [everyone[pid] for pid in sorted(names & ids) if pid in everyone]
    return []


def _all_docs(plan: CasePlan) -> list[tuple[FilePlan, DocPlan]]:
    return [(f, d) for f in plan.files for d in f.docs]


def _alter_person(doc: DocPlan, person: Person, changed: Person) -> None:
    """Print `changed` instead of `person` on this one document (forms: edit the rows)."""
    if doc.kind == "form":
        for i, row in enumerate(doc.rows):
            who = doc.row_people.get(row.name)
            if who and who[0] == person.id_number:
                value = changed.name if who[1] == "name" else changed.id_number
                doc.rows[i] = replace(row, value=value)
    else:
        doc.swaps[person.id_number] = changed


def inject(plan: CasePlan, code: DefectCode, rng: random.Random) -> Injected | None:
    """Put exactly one defect of this kind into the case; None when the case has no place for it."""
    injector = _INJECTORS[code]
    return injector(plan, rng)


def _inject_mismatch(plan: CasePlan, rng: random.Random, what: str) -> Injected | None:
    docs = _all_docs(plan)
    appearances: dict[str, int] = {}
    for _, doc in docs:
        for p in _shows(doc, plan.cast):
            appearances[p.id_number] = appearances.get(p.id_number, 0) + 1
    candidates = [(f, d, p) for f, d in docs if d.kind not in _IDENTITY_KINDS for p in _shows(d, plan.cast) if appearances[p.id_number] >= 2]
    if not candidates:
        return None
    applicant_first = [c for c in candidates if c[2].id_number == plan.cast.applicant.id_number]
    file, doc, person = rng.choice(applicant_first if applicant_first and rng.random() < 0.7 else candidates)
    if what == "name":
        changed = replace(person, name=similar_name(person.name, rng))
        _alter_person(doc, person, changed)
        return Injected(DefectCode.NAME_MISMATCH, [doc.material], file, f"{person.name} → {changed.name}", changed.name)
    changed = replace(person, id_number=other_valid_id_number(person.id_number, rng))
    _alter_person(doc, person, changed)
    return Injected(DefectCode.ID_NUMBER_MISMATCH, [doc.material], file, f"{person.id_number} → {changed.id_number}", changed.id_number)


def _inject_invalid_id(plan: CasePlan, rng: random.Random) -> Injected | None:
    docs = _all_docs(plan)
    shown: dict[str, list[tuple[FilePlan, DocPlan, Person]]] = {}
    for f, d in docs:
        for p in _shows(d, plan.cast):
            shown.setdefault(p.id_number, []).append((f, d, p))
        if d.kind == "form":  # an ID number alone on a form (no name next to it) is still checked
            for row in d.rows:
                who = d.row_people.get(row.name)
                if who and who[1] == "id" and who[0] not in shown:
                    person = next((p for _, p in plan.cast.people() if p.id_number == who[0]), None)
                    if person is not None:
                        shown.setdefault(who[0], []).append((f, d, person))
    if not shown:
        return None
    broken = rng.choice((with_wrong_check_char, with_wrong_check_char, with_impossible_birth_date))
    detail = "check character" if broken is with_wrong_check_char else "impossible birth date"
    once = [v[0] for v in shown.values() if len(v) == 1]
    if once and rng.random() < 0.8:
        file, doc, person = rng.choice(once)
        changed = replace(person, id_number=broken(person.id_number, rng))
        _alter_person(doc, person, changed)
        return Injected(DefectCode.ID_NUMBER_INVALID, [doc.material], file, f"{detail} on one document", changed.id_number)
    # The same wrong number on every document of one person (how they wrote it everywhere).
    number = rng.choice(sorted(shown))
    bad = with_wrong_check_char(number, rng)
    for _, doc, person in shown[number]:
        _alter_person(doc, person, replace(person, id_number=bad))
    materials = list(dict.fromkeys(doc.material for _, doc, _ in shown[number]))
    return Injected(DefectCode.ID_NUMBER_INVALID, materials, None, "check character on every document", bad)


def _inject_expired(plan: CasePlan, rng: random.Random) -> Injected | None:
    cast = plan.cast
    options: list[tuple[str, list[DocPlan]]] = []
    backs: dict[str, list[DocPlan]] = {}
    for _, d in _all_docs(plan):
        if d.kind == "id_card_back" and d.person is not None:
            backs.setdefault(d.person.id_number, []).append(d)
        if d.kind == "business_license" and cast.company and cast.company.kind == "company":
            options.append(("license", [d]))
        if d.kind == "lease_contract":
            options.append(("lease", [d]))
    options += [("card", v) for v in backs.values()]
    if not options:
        return None
    kind, docs = rng.choice(options)
    if kind == "card":
        person = docs[0].person
        assert person is not None
        try:
            changed = with_expired_card(person, rng, cast.today)
        except ValueError:
            return None
        for d in docs:
            d.swaps[person.id_number] = changed
        return Injected(DefectCode.DOCUMENT_EXPIRED, [d.material for d in docs], None, "ID card 有效期限 ended", changed.id_period)
    if kind == "license" and cast.company:
        expired = make_company(rng, cast.today, cast.company.representative, kind="company", region=cast.company.region, expired=True)
        cast.company = replace(cast.company, founded=expired.founded, term_until=expired.term_until)
        return Injected(DefectCode.DOCUMENT_EXPIRED, [docs[0].material], None, "营业期限 ended", cast.company.term)
    assert cast.lease is not None
    old = make_lease(rng, cast.today, cast.lease.landlord, cast.lease.tenant, cast.lease.address, purpose=cast.lease.purpose, expired=True)
    cast.lease = replace(cast.lease, start=old.start, end=old.end)
    return Injected(DefectCode.DOCUMENT_EXPIRED, [docs[0].material], None, "租赁期限 ended", cast.lease.period)


def _inject_uscc(plan: CasePlan, rng: random.Random) -> Injected | None:
    cast = plan.cast
    if cast.company is None:
        return None
    shows = [d for _, d in _all_docs(plan) if d.kind == "business_license"
             or (d.kind == "form" and any(r.value == cast.company.uscc for r in d.rows))]
    if not shows:
        return None
    bad = with_wrong_uscc_check(cast.company.uscc, rng)
    for d in shows:
        if d.kind == "form":
            d.rows = [replace(r, value=bad) if r.value == cast.company.uscc else r for r in d.rows]
    cast.company = replace(cast.company, uscc=bad)
    return Injected(DefectCode.USCC_INVALID, list(dict.fromkeys(d.material for d in shows)), None, "check character", bad)


def _inject_missing(plan: CasePlan, rng: random.Random) -> Injected | None:
    droppable = [m for m in plan.materials if m.required and not m.lenient and not m.exempt and any(f.material == m.code for f in plan.files)]
    if not droppable:
        return None
    material = rng.choice(droppable)
    separate_backs = [f for f in plan.files if f.material == material.code and f.layout == "photo" and f.docs[0].kind == "id_card_back"]
    if separate_backs and rng.random() < 0.3:
        back = separate_backs[0]
        plan.files.remove(back)
        return Injected(DefectCode.MISSING_MATERIAL, [material.code], None, "ID card 国徽面 not uploaded")
    plan.files = [f for f in plan.files if f.material != material.code]
    return Injected(DefectCode.MISSING_MATERIAL, [material.code], None, "material not uploaded")


def _inject_low_quality(plan: CasePlan, rng: random.Random) -> Injected | None:
    if not plan.files:
        return None
    file = rng.choice(plan.files)
    if file.layout in ("docx", "text_pdf", "pages"):  # no pixels to judge, or several files: one photo or scan instead
        file.layout = "scan_pdf" if file.docs[0].kind in ("lease_contract", "property_cert") else "photo"
    problem = rng.choice(("blur", "dark", "bright", "small"))
    strength = {"blur": rng.uniform(3.5, 6.0), "dark": rng.uniform(0.72, 0.85), "bright": rng.uniform(0.72, 0.85),
                "small": float(rng.randint(200, 380))}[problem]
    file.degradations = [(problem, strength)]
    _labelled(plan, file)
    return Injected(DefectCode.LOW_QUALITY, [file.material], file, problem)


def _inject_wrong_type(plan: CasePlan, rng: random.Random) -> Injected | None:
    if not plan.files:
        return None
    file = rng.choice(plan.files)
    kind = rng.choice(("elf", "pe", "elf", "pe", *hostile.FOREIGN_KINDS))
    file.hostile = kind
    _labelled(plan, file)
    return Injected(DefectCode.WRONG_FILE_TYPE, [file.material], file, kind)


def _inject_unreadable(plan: CasePlan, rng: random.Random) -> Injected | None:
    if not plan.files:
        return None
    file = rng.choice(plan.files)
    kind = rng.choice(("zip_bomb", "huge_png", "truncated_pdf", "corrupt_jpeg", "empty"))
    file.hostile = kind
    _labelled(plan, file)
    # An empty upload has no content of any type: the documented wrong_file_type, not a broken file.
    code = DefectCode.WRONG_FILE_TYPE if kind == "empty" else DefectCode.FILE_UNREADABLE
    return Injected(code, [file.material], file, kind)


def _signature_rule(plan: CasePlan, code: str) -> SignatureRule:
    material = next((m for m in plan.materials if m.code == code), None)
    return SignatureRule(material.signature) if material and material.signature else SignatureRule.NONE


def _inject_unsigned(plan: CasePlan, rng: random.Random) -> Injected | None:
    candidates = []
    for f, d in _all_docs(plan):
        rule = _signature_rule(plan, d.material)
        contract = d.kind == "lease_contract"  # both parties sign a contract whatever the item says
        if contract or (d.kind in ("form", "generic") and d.signers and rule in (SignatureRule.SIGN, SignatureRule.SIGN_AND_SEAL)):
            candidates.append((f, d))
    if not candidates:
        return None
    file, doc = rng.choice(candidates)
    if doc.kind == "lease_contract":
        which = rng.randrange(2)
        doc.lease_signed = (which != 0, which != 1)
        who = "甲方" if which == 0 else "乙方"
    else:
        which = rng.randrange(len(doc.signers))
        who = doc.signers[which][0]
        doc.signers[which] = (who, False)
    return Injected(DefectCode.MISSING_SIGNATURE, [doc.material], file, f"{who} did not sign")


def _inject_blank(plan: CasePlan, rng: random.Random) -> Injected | None:
    candidates = [(f, d) for f, d in _all_docs(plan) if d.kind == "form" and any(r.name in d.required_fields and r.value for r in d.rows)]
    if not candidates:
        return None
    file, doc = rng.choice(candidates)
    index = rng.choice([i for i, r in enumerate(doc.rows) if r.name in doc.required_fields and r.value])
    blanked = doc.rows[index]
    doc.rows[index] = replace(blanked, value="")
    return Injected(DefectCode.BLANK_REQUIRED_FIELD, [doc.material], file, blanked.name)


def _inject_unsealed(plan: CasePlan, rng: random.Random) -> Injected | None:
    candidates = [(f, d) for f, d in _all_docs(plan) if d.kind in ("form", "generic") and d.seal_label
                  and _signature_rule(plan, d.material) in (SignatureRule.SEAL, SignatureRule.SIGN_AND_SEAL)]
    if not candidates:
        return None
    file, doc = rng.choice(candidates)
    doc.sealed = False
    return Injected(DefectCode.MISSING_SEAL, [doc.material], file, "no seal")


def _inject_unrecognized(plan: CasePlan, rng: random.Random) -> Injected | None:
    candidates = [f for f in plan.files if f.docs[0].kind not in ("generic", "photo")]
    if not candidates:
        return None
    file = rng.choice(candidates)
    siblings = [f for f in plan.files if f.material == file.material]
    for sibling in siblings:
        if sibling is not file:
            plan.files.remove(sibling)
    own = {d.kind for d in file.docs} | ({"id_card_front", "id_card_back"} if file.docs[0].kind.startswith("id_card") else set())
    others = [k for k in ("id_card_front", "hukou") if k not in own]
    if others and rng.random() < 0.3:
        kind = rng.choice(others)
        file.docs = [DocPlan(kind, file.material, person=plan.cast.applicant)]
        detail = f"a {kind} labelled as this material"
    else:
        file.docs = [DocPlan("notice", file.material)]
        detail = "an unrelated notice or receipt"
    file.layout = "photo"
    _labelled(plan, file)
    return Injected(DefectCode.UNRECOGNIZED_DOCUMENT, [file.material], file, detail)


def _labelled(plan: CasePlan, file: FilePlan) -> None:
    """A file whose defect hides what it is must say which material it is meant to be."""
    if file.label is None:
        file.label = next(m.name for m in plan.materials if m.code == file.material)


_INJECTORS: dict[DefectCode, Callable[[CasePlan, random.Random], Injected | None]] = {
    DefectCode.ID_NUMBER_INVALID: _inject_invalid_id,
    DefectCode.DOCUMENT_EXPIRED: _inject_expired,
    DefectCode.NAME_MISMATCH: lambda plan, rng: _inject_mismatch(plan, rng, "name"),
    DefectCode.ID_NUMBER_MISMATCH: lambda plan, rng: _inject_mismatch(plan, rng, "id"),
    DefectCode.USCC_INVALID: _inject_uscc,
    DefectCode.MISSING_MATERIAL: _inject_missing,
    DefectCode.LOW_QUALITY: _inject_low_quality,
    DefectCode.WRONG_FILE_TYPE: _inject_wrong_type,
    DefectCode.MISSING_SIGNATURE: _inject_unsigned,
    DefectCode.BLANK_REQUIRED_FIELD: _inject_blank,
    DefectCode.UNRECOGNIZED_DOCUMENT: _inject_unrecognized,
    DefectCode.MISSING_SEAL: _inject_unsealed,
    DefectCode.FILE_UNREADABLE: _inject_unreadable,
}


def add_mild_degradations(plan: CasePlan, rng: random.Random, share: float = 0.45) -> None:
    """Real photos are never perfect: slight tilt, JPEG loss, a phone's EXIF turn, soft focus."""
    for file in plan.files:
        if file.degradations or file.hostile or file.layout in ("docx", "text_pdf") or rng.random() > share:
            continue
        choice = rng.choice(("skew", "skew", "jpeg", "exif", "soft", "dim", "bright", "turn"))
        value = {"skew": rng.uniform(1.0, 3.0) * rng.choice((-1, 1)), "jpeg": float(rng.randint(55, 75)),
                 "exif": float(rng.choice((6, 8, 3))), "soft": rng.uniform(0.3, 0.7), "dim": rng.uniform(0.15, 0.3),
                 "bright": rng.uniform(0.08, 0.2), "turn": float(rng.choice((1, 3)))}[choice]
        if choice in ("exif", "turn") and file.layout not in ("photo", "plain_jpeg"):
            choice, value = "skew", rng.uniform(0.8, 2.5)
        file.degradations.append((choice, value))


# -- rendering a plan to files ---------------------------------------------------------------------
def render_doc(doc: DocPlan, cast: Cast, rng: random.Random) -> Document:
    """Draw one planned document (with whatever a defect swapped or blanked on it)."""
    def who(person: Person) -> Person:
        return doc.swaps.get(person.id_number, person)

    if doc.kind == "id_card_front" and doc.person:
        return render.id_card_front(who(doc.person), rng)
    if doc.kind == "id_card_back" and doc.person:
        return render.id_card_back(who(doc.person), rng)
    if doc.kind == "hukou" and doc.person:
        registered = cast.hukou_registered or cast.today - timedelta(days=900)
        if doc.person.birth > registered:
            registered = doc.person.birth + timedelta(days=rng.randint(10, 60))
        return render.hukou(who(doc.person), rng, household=cast.household, relation=doc.relation, registered=registered,
                            head_address=cast.applicant.address)
    if doc.kind == "marriage_cert" and cast.marriage:
        m = cast.marriage
        marriage = replace(m, husband=who(m.husband), wife=who(m.wife))
        holder = marriage.husband if cast.applicant.id_number == m.husband.id_number else marriage.wife
        return render.marriage_cert(marriage, holder, rng)
    if doc.kind == "business_license" and cast.company:
        company = replace(cast.company, representative=who(cast.company.representative))
        return render.business_license(company, rng)
    if doc.kind == "lease_contract" and cast.lease:
        lease = replace(cast.lease, landlord=who(cast.lease.landlord), tenant=who(cast.lease.tenant))
        return render.lease_contract(lease, rng, signed=doc.lease_signed)
    if doc.kind == "property_cert" and cast.property:
        return render.property_cert(replace(cast.property, owner=who(cast.property.owner)), rng)
    if doc.kind == "birth_cert" and cast.birth:
        b = cast.birth
        return render.birth_cert(replace(b, mother=who(b.mother), father=who(b.father)), rng)
    if doc.kind == "form":
        filled = cast.today - timedelta(days=rng.randint(0, 6))
        return render.form(doc.title, doc.rows, rng, signers=doc.signers, seal_label=doc.seal_label, sealed=doc.sealed,
                           seal_text=doc.seal_text, filled_on=filled)
    if doc.kind == "generic":
        signer = doc.signers[0][0] if doc.signers else None
        signed = doc.signers[0][1] if doc.signers else True
        return render.generic_document(doc.title, doc.paragraphs, rng, signer=signer, signed=signed,
                                       seal_text=doc.seal_text if doc.seal_label else None, sealed=doc.sealed,
                                       dated=cast.today - timedelta(days=rng.randint(1, 30)))
    if doc.kind == "photo" and doc.person:
        return render.portrait_photo(doc.person, rng)
    if doc.kind == "notice":
        return render.unrelated_notice(rng, cast.today)
    raise ValueError(f"cannot render {doc.kind} for {doc.material}: the case has no data for it")


def _apply(image: Image.Image, degradations: Sequence[tuple[str, float]], rng: random.Random) -> tuple[Image.Image, int | None, int]:
    """Apply the degradations; returns the image, an EXIF orientation to write, a JPEG quality."""
    orientation, quality = None, rng.randint(82, 93)
    for name, value in degradations:
        if name == "skew":
            image = degrade.skew(image, value)
        elif name == "jpeg":
            quality = int(value)
        elif name == "exif":
            orientation = int(value)
        elif name in ("soft", "blur"):
            image = degrade.blur(image, value)
        elif name in ("dim", "dark"):
            image = degrade.darken(image, value, rng)
        elif name == "bright":
            image = degrade.overexpose(image, value)
        elif name == "small":
            image = degrade.downscale(image, int(value))
        elif name == "turn":
            image = degrade.rotate(image, int(value))
    return image, orientation, quality


def _hostile_bytes(kind: str, rng: random.Random, out_dir: Path, sample_pdf: bytes) -> bytes | Path:
    if kind in ("elf", "pe"):
        return hostile.renamed_executable(rng, kind, rng.randint(4096, 60000))
    if kind in hostile.FOREIGN_KINDS:
        return hostile.foreign_file(rng, kind)
    if kind in ("zip_bomb", "huge_png"):
        cached = out_dir / f".{kind}.cache"
        if not cached.exists():
            tmp = cached.with_suffix(f".tmp{os.getpid()}")
            if kind == "zip_bomb":
                hostile.write_zip_bomb_docx(tmp)
            else:
                hostile.write_huge_png(tmp)
            tmp.replace(cached)
        return cached
    if kind == "truncated_pdf":
        return hostile.truncated_pdf(sample_pdf, rng.uniform(0.3, 0.7))
    if kind == "corrupt_jpeg":
        return hostile.corrupt_jpeg(rng, rng.randint(8000, 60000))
    if kind == "empty":
        return hostile.empty_file()
    raise ValueError(f"unknown hostile kind {kind}")


_HOSTILE_EXT = {"zip_bomb": "docx", "huge_png": "png", "truncated_pdf": "pdf", "corrupt_jpeg": "jpg"}


def _file_name(file: FilePlan, ext: str, material_name: str, rng: random.Random, today: date) -> str:
    label = re.sub(r"[\\/:*?\"<>|\s（）()、，]", "", file.label or material_name)[:24] or "材料"
    n = rng.randint(1, 999999)
    pattern = rng.choice(_PHOTO_NAMES if ext == "jpg" else _SCAN_NAMES)
    if ext == "docx":
        pattern = rng.choice(("{label}.docx", "{label}（已填）.docx", "申请表.docx"))
    suffix = ""
    if file.page is not None:
        suffix = f"_{file.page}"
    elif len(file.docs) == 1 and file.docs[0].kind in ("id_card_front", "id_card_back"):
        suffix = "正面" if file.docs[0].kind == "id_card_front" else "反面"
    base = pattern.format(d=today - timedelta(days=rng.randint(0, 5)), n=n, label=label + suffix, ext=ext)
    return base


def write_case(plan: CasePlan, case_id: str, out_dir: Path, rng: random.Random) -> dict[str, Any]:
    """Render and write every file of the case; returns its manifest entry."""
    folder = out_dir / "cases" / case_id
    folder.mkdir(parents=True, exist_ok=True)
    names = {m.code: m.name for m in plan.materials}
    entries: list[dict[str, Any]] = []
    used: set[str] = set()
    expanded: list[FilePlan] = []
    rendered: dict[int, list[Document]] = {}
    for file in plan.files:
        docs = [render_doc(d, plan.cast, rng) for d in file.docs]
        several = len(docs) == 1 and len(docs[0].pages) > 1
        if (file.layout == "pages" or (file.layout == "photo" and several)) and not file.hostile:
            pages = docs[0].pages
            for number in range(1, len(pages) + 1):
                part = FilePlan(file.material, file.docs, "page_photo", file.label, page=number, pages_total=len(pages),
                                degradations=list(file.degradations))
                part.parts = file.parts  # shared: the original learns its parts' names
                expanded.append(part)
                rendered[id(part)] = docs
            continue
        if file.layout == "pages":
            file.layout = "scan_pdf"
        expanded.append(file)
        rendered[id(file)] = docs
    sample_pdf = b""
    for file in expanded:
        docs = rendered[id(file)]
        material_name = names.get(file.material, file.material)
        data, ext, documents, text_layer, page_count = _encode(file, docs, rng)
        produced: bytes | Path = data
        if file.hostile:
            if not sample_pdf:
                sample_pdf = render.pdf_bytes(docs[0].pages)
            produced = _hostile_bytes(file.hostile, rng, out_dir, sample_pdf)
            ext = _HOSTILE_EXT.get(file.hostile, ext)
            documents, text_layer = [], False
        name = _file_name(file, ext, material_name, rng, plan.cast.today)
        while name in used:
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}_{rng.randint(2, 99)}{dot}{suffix}"
        used.add(name)
        file.name = f"cases/{case_id}/{name}"
        if file.page is not None:
            file.parts.append(file.name)
        target = out_dir / file.name
        if isinstance(produced, Path):
            shutil.copyfile(produced, target)
        else:
            target.write_bytes(produced)
        entries.append({
            "path": file.name,
            "label": file.label,
            "material": file.material,
            "material_name": material_name,
            "format": file.hostile or ext,
            "pages": 0 if file.hostile else page_count,
            "text_layer": text_layer,
            "layout": file.layout,
            "degradations": [{"name": n, "value": round(v, 3)} for n, v in file.degradations],
            "hostile": file.hostile,
            "documents": documents,
        })
    expected = _expected(plan, entries)
    cast = plan.cast
    return {
        "id": case_id,
        "target": {"code": plan.item, "name": plan.item_name, "kind": "item"},
        "answers": plan.answers,
        "kind": "defect" if plan.injected else "clean",
        "defect": str(plan.injected.code) if plan.injected else None,
        "detail": plan.injected.detail if plan.injected else None,
        "materials": [{"code": m.code, "name": m.name, "required": m.required, "lenient": m.lenient, "signature": m.signature,
                       "uploaded": any(e["material"] == m.code for e in entries)} for m in plan.materials],
        "people": [_person_entry(role, p) for role, p in cast.people()],
        "companies": [_company_entry(cast.company)] if cast.company else [],
        "files": entries,
        "expected": expected,
    }


def _encode(file: FilePlan, docs: list[Document], rng: random.Random) -> tuple[bytes, str, list[dict[str, Any]], bool, int]:
    """The file's bytes, extension, ground-truth documents per page, whether it has a text layer, pages."""
    truth: list[dict[str, Any]] = []

    def record(doc: Document, first_page: int) -> None:
        """The document starts on first_page of the file; its fields are on its fields_page."""
        truth.append({"type": str(doc.type) if doc.type else None, "title": doc.title, "page": first_page + doc.fields_page - 1,
                      "fields": dict(doc.fields), "labels": dict(doc.labels), "signed": doc.signed, "sealed": doc.sealed})

    layout = file.layout
    if layout == "docx":
        record(docs[0], 1)
        return render.docx_bytes(docs[0], rng), "docx", truth, True, 1
    if layout == "text_pdf":
        pages = [p for d in docs for p in d.pages]
        number = 1
        for d in docs:
            record(d, number)
            number += len(d.pages)
        return render.pdf_bytes(pages), "pdf", truth, True, len(pages)
    if layout == "copy_a4":
        front, back = docs[0], docs[1]
        copy = render.id_card_copy(front, back, rng)
        image = degrade.scan(render.rasterize(copy.pages[0], copy.dpi), rng, rng.uniform(0.5, 1.2))
        image, orientation, quality = _apply(image, file.degradations, rng)
        record(front, 1)
        record(back, 1)
        fmt = rng.choice(("png", "pdf", "jpg"))
        if fmt == "pdf":
            return render.image_pdf_bytes([image], copy.dpi, quality), "pdf", truth, False, 1
        if fmt == "png":
            return render.png_bytes(image), "png", truth, False, 1
        return _jpeg(image, orientation, quality), "jpg", truth, False, 1
    if layout == "card_pdf":
        images = []
        for number, d in enumerate(docs, 1):
            image, _, quality = _apply(degrade.scan(render.rasterize(d.pages[0], 300), rng, 0.6), file.degradations, rng)
            images.append(image)
            record(d, number)
        return render.image_pdf_bytes(images, 300, quality), "pdf", truth, False, len(images)
    if layout == "scan_pdf" or (layout == "scan_png" and sum(len(d.pages) for d in docs) > 1):
        images, number = [], 1
        quality = 85
        for d in docs:
            record(d, number)
            for page in d.pages:
                image = degrade.scan(render.rasterize(page, d.dpi), rng, rng.uniform(0.5, 1.3))
                image, _, quality = _apply(image, file.degradations, rng)
                images.append(image)
                number += 1
        return render.image_pdf_bytes(images, docs[0].dpi, quality), "pdf", truth, False, len(images)
    if layout == "scan_png":
        d = docs[0]
        image, _, _ = _apply(degrade.scan(render.rasterize(d.pages[0], d.dpi), rng, rng.uniform(0.5, 1.2)), file.degradations, rng)
        record(d, 1)
        return render.png_bytes(image), "png", truth, False, 1
    # Photos: one page per file, usually taken on a desk.
    d = docs[0]
    page_index = (file.page or 1) - 1
    image = render.rasterize(d.pages[page_index], d.dpi)
    if layout != "plain_jpeg" and rng.random() < 0.6:
        image = degrade.photo_of_document(image, rng, rng.uniform(0.3, 1.0))
    image, orientation, quality = _apply(image, file.degradations, rng)
    if file.page is None:
        record(d, 1)
    else:
        truth.append({"type": str(d.type) if d.type else None, "title": d.title, "page": 1, "part": [file.page, file.pages_total],
                      "fields": dict(d.fields) if file.page == d.fields_page else {}, "labels": dict(d.labels),
                      "signed": d.signed if file.page == file.pages_total else None, "sealed": d.sealed})
    return _jpeg(image, orientation, quality), "jpg", truth, False, 1


def _jpeg(image: Image.Image, orientation: int | None, quality: int) -> bytes:
    if orientation:
        return degrade.exif_rotated_jpeg(image, orientation, quality)
    return render.jpeg_bytes(image, quality)


def _expected(plan: CasePlan, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The injected defect, once per material it shows on (value defects: where the value is printed)."""
    injected = plan.injected
    if injected is None:
        return []
    code = str(injected.code)
    if injected.value is not None:
        hits: dict[str, str] = {}
        for entry in entries:
            for doc in entry["documents"]:
                if any(_prints(str(v), injected.value) for v in doc["fields"].values()):
                    hits.setdefault(entry["material"], entry["path"])
        if hits:
            return [{"code": code, "material": m, "file": path, "detail": injected.detail} for m, path in hits.items()]
    file = None
    if injected.file is not None:
        parts = injected.file.parts
        # A document sent page by page: the signature is on its last page, everything else on its first.
        file = injected.file.name or (parts[-1] if injected.code is DefectCode.MISSING_SIGNATURE else parts[0] if parts else None)
    return [{"code": code, "material": m, "file": file, "detail": injected.detail} for m in dict.fromkeys(injected.materials)]


def _prints(value: str, wanted: str) -> bool:
    """A field shows the injected value: equal, or containing it when it is long (a number, a period)."""
    return value == wanted or (len(wanted) >= 15 and wanted in value)


def _person_entry(role: str, p: Person) -> dict[str, Any]:
    return {"role": role, "name": p.name, "sex": p.sex, "ethnicity": p.ethnicity, "birth": p.birth.isoformat(),
            "id_number": p.id_number, "address": p.address, "id_valid": p.id_period}


def _company_entry(c: Company) -> dict[str, Any]:
    return {"name": c.name, "kind": c.kind, "type": c.type, "uscc": c.uscc, "representative": c.representative.name,
            "address": c.address, "founded": c.founded.isoformat(), "term": c.term}


# -- building the whole set ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseJob:
    """What one worker needs to build one case (picklable)."""

    index: int
    seed: int
    code: str | None
    today: date
    e_licenses: tuple[str, ...] | None
    out_dir: str
    knowledge: str | None


def _catalog_for(knowledge: str | None) -> Catalog:
    return _sample_catalog(knowledge) if knowledge else default_catalog()


def _item_pool(catalog: Catalog) -> list[tuple[str, int]]:
    """(item code, weight): items whose materials are documents pre-review knows weigh more."""
    pool = []
    for item in catalog.items:
        typed = sum(1 for req in item.materials if (m := catalog.material(req.material)) is not None and m.documents)
        weight = 4 if item.name in CORE_ITEMS else 1 + min(typed, 2)
        pool.append((item.code, weight))
    return pool


def build_case(job: CaseJob) -> dict[str, Any]:
    """One case: pick an item and situation that has room for the defect, plan, inject, render, write."""
    catalog = _catalog_for(job.knowledge)
    rng = random.Random(f"prereview-synthetic:{job.seed}:{job.index}")
    code = DefectCode(job.code) if job.code else None
    pool = _item_pool(catalog)
    codes, weights = [c for c, _ in pool], [w for _, w in pool]
    for _attempt in range(80):
        item_code = rng.choices(codes, weights)[0]
        options = situations(catalog, item_code, job.e_licenses)
        if not options:
            continue
        answers, materials = rng.choice(options)
        plan = plan_case(catalog, item_code, answers, materials, rng, job.today)
        if not plan.files:
            continue
        if code is not None:
            injected = inject(plan, code, rng)
            if injected is None:
                continue
            plan.injected = injected
        add_mild_degradations(plan, rng, 0.45 if code is None else 0.3)
        return write_case(plan, f"case-{job.index:04d}", Path(job.out_dir), rng)
    raise RuntimeError(f"no item of the catalogue has room for a {code} defect (tried 80 situations)")


def build_cases(out_dir: Path, *, seed: int = 7, per_code: int = 20, clean: int = 60, today: date | None = None,
                e_licenses: Sequence[str] | None = (), codes: Sequence[DefectCode] = DEFECT_CODES, knowledge: Path | None = None,
                jobs: int | None = None, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Generate every case into out_dir and write out_dir/manifest.json; returns the manifest.

    e_licenses: materials this evaluation treats as fetched 电子证照 (the default, none, makes the
    citizen upload everything required; None uses the catalogue's own marks). The evaluator must
    review with the same setting and `today`.
    """
    today = today or date.today()
    render.find_font()  # fail before any work when no Chinese font is installed
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = out_dir / "manifest.json"
    if previous.exists() and (out_dir / "cases").is_dir():
        try:
            owned = json.loads(previous.read_text()).get("generator") == GENERATOR_TAG
        except (OSError, ValueError):
            owned = False
        if owned:
            shutil.rmtree(out_dir / "cases")
    plan_codes: list[str | None] = [str(c) for c in codes for _ in range(per_code)] + [None] * clean
    case_jobs = [CaseJob(i + 1, seed, c, today, tuple(e_licenses) if e_licenses is not None else None, str(out_dir),
                         str(knowledge) if knowledge else None) for i, c in enumerate(plan_codes)]
    workers = max(1, jobs if jobs is not None else min(os.cpu_count() or 1, 8))
    results: list[dict[str, Any]] = []
    if workers == 1 or len(case_jobs) < 4:
        for number, job in enumerate(case_jobs, 1):
            results.append(build_case(job))
            if progress:
                progress(number, len(case_jobs))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for number, result in enumerate(pool.map(build_case, case_jobs, chunksize=2), 1):
                results.append(result)
                if progress:
                    progress(number, len(case_jobs))
    for cache in out_dir.glob(".*.cache"):
        cache.unlink()
    manifest = {
        "generator": GENERATOR_TAG,
        "version": MANIFEST_VERSION,
        "seed": seed,
        "today": today.isoformat(),
        "e_licenses": list(e_licenses) if e_licenses is not None else None,
        "defect_codes": [str(c) for c in codes],
        "note": "All people, ID numbers, companies and documents are fictitious.",
        "cases": results,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest
