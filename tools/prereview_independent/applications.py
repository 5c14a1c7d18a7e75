"""Clean applications, one builder per service item: who applies, for what situation, and the
documents that situation needs (e_licenses is empty, so nothing is 免提交)."""

from __future__ import annotations

import datetime as dt
import random

from tools.prereview_independent import catalog
from tools.prereview_independent.model import App, Doc
from tools.prereview_independent.people import (
    TODAY,
    Business,
    Person,
    add_years,
    cn_date,
    make_business,
    make_person,
    street_address,
)

ITEMS = {
    "000112001000": "个体工商户设立登记",
    "000112003000": "食品经营许可",
    "000106001000": "结婚登记",
    "000114001000": "存量房转移登记",
    "000116001000": "烟草专卖零售许可证核发",
    "000112005000": "企业简易注销登记",
    "000113001000": "户外招牌设置审批",
    "000105003000": "居住证申领",
}


def recent(rng: random.Random, lo: int = 1, hi: int = 20) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randrange(lo, hi))


# -- documents ------------------------------------------------------------------------------------
def id_doc(p: Person, role: str, material: str = "M-ID-CARD") -> Doc:
    data = {
        "姓名": p.name, "性别": p.sex, "民族": p.ethnic, "出生": p.birth, "住址": p.address,
        "公民身份号码": p.card_number, "签发机关": p.authority, "有效期限": p.valid_text,
    }
    return Doc(role=role, material=material, kind="id_card", data=data, person=role.split(":", 1)[-1])


def licence_doc(b: Business) -> Doc:
    data = {
        "统一社会信用代码": b.printed_uscc, "individual": b.individual, "名称": b.name, "类型": b.kind,
        "经营者": b.operator.name, "法定代表人": b.operator.name, "组成形式": b.form, "经营范围": b.scope,
        "注册日期": b.registered, "成立日期": b.registered, "注册资本": b.capital,
        "营业期限": f"{cn_date(b.registered)}至{cn_date(b.term_end) if b.term_end else '长期'}",
        "经营场所": b.address, "住所": b.address, "登记机关": b.authority, "签发日期": b.registered,
    }
    return Doc(role="licence", material="M-BUSINESS-LICENSE", kind="business_license", data=data)


def lease_period(rng: random.Random, valid: bool = True) -> tuple[dt.date, dt.date]:
    if valid:
        start = TODAY - dt.timedelta(days=rng.randrange(20, 900))
        years = rng.choice([2, 3, 3, 5])
        end = add_years(start, years) - dt.timedelta(days=1)
        while end < TODAY + dt.timedelta(days=200):
            years += 1
            end = add_years(start, years) - dt.timedelta(days=1)
    else:
        end = TODAY - dt.timedelta(days=rng.randrange(25, 320))
        years = rng.choice([1, 2, 3])
        start = add_years(end + dt.timedelta(days=1), -years)
    return start, end


def lease_doc(rng: random.Random, landlord: Person, tenant: Person, address: str, use: str, material: str = "M-LEASE",
              start: dt.date | None = None, end: dt.date | None = None) -> Doc:
    if start is None or end is None:
        start, end = lease_period(rng)
    rent = rng.choice([1200, 1800, 2500, 3200, 4500, 6800, 8000])
    data = {
        "出租方": landlord.name, "出租方证件号码": landlord.card_number, "承租方": tenant.name,
        "承租方证件号码": tenant.card_number, "房屋坐落": address,
        "租赁期限": f"自{cn_date(start)}起至{cn_date(end)}止",
        "租金": f"每月人民币{rent}元（大写：{_upper(rent)}），按{rng.choice(['月', '季度', '半年'])}支付",
        "用途": use, "面积": f"{rng.uniform(20, 160):.2f}", "编号": f"{start.year}{rng.randrange(1000, 9999)}",
        "签订日期": cn_date(start - dt.timedelta(days=rng.randrange(1, 20))), "甲方签字": True, "乙方签字": True,
        "start": start, "end": end,
    }
    return Doc(role="lease", material=material, kind="lease", data=data)


def _upper(n: int) -> str:
    digits = "零壹贰叁肆伍陆柒捌玖"
    units = [("万", 10000), ("仟", 1000), ("佰", 100), ("拾", 10)]
    out = ""
    zero = False
    for unit, v in units:
        q = (n // v) % 10
        if q:
            if zero and out:
                out += "零"
            out += digits[q] + unit
            zero = False
        elif out:
            zero = True
    if n % 10:
        out += ("零" if zero else "") + digits[n % 10]
    return out + "元整"


def property_doc(rng: random.Random, owner: Person, address: str, commercial: bool, material: str = "M-PROPERTY-CERT",
                 role: str = "property", co_owner: Person | None = None) -> Doc:
    reg = TODAY - dt.timedelta(days=rng.randrange(200, 365 * 12))
    area = rng.uniform(25, 180)
    unit = f"3601{rng.randrange(10, 99)} {rng.randrange(100, 999)}{rng.randrange(100, 999)} GB{rng.randrange(10000, 99999)} F{rng.randrange(10000000, 99999999)}"
    land_end = add_years(reg, 40 if commercial else 70) - dt.timedelta(days=rng.randrange(100, 3000))
    data = {
        "证号": f"桐（{reg.year}）桐江市不动产权第{rng.randrange(1, 9999999):07d}号",
        "证号序": f"3601{rng.randrange(10000000, 99999999)}",
        "权利人": owner.name if co_owner is None else f"{owner.name}、{co_owner.name}",
        "共有情况": "单独所有" if co_owner is None else "共同共有",
        "坐落": address, "不动产单元号": unit,
        "权利类型": "国有建设用地使用权/房屋所有权",
        "权利性质": "出让/市场化商品房" if not commercial else "出让/自建房",
        "用途": "商务金融用地/商业服务" if commercial else "城镇住宅用地/住宅",
        "面积": f"共有宗地面积{rng.uniform(800, 9000):.2f}㎡/房屋建筑面积{area:.2f}㎡",
        "使用期限": f"国有建设用地使用权 {cn_date(add_years(land_end, -40 if commercial else -70))}起{cn_date(land_end)}止",
        "权利其他状况": f"专有建筑面积{area * 0.82:.2f}㎡，分摊建筑面积{area * 0.18:.2f}㎡；房屋结构：钢筋混凝土结构；总层数：{rng.randrange(5, 33)}层",
        "登记日期": reg,
    }
    return Doc(role=role, material=material, kind="property_cert", data=data, person=owner.name)


def _head_name(rng: random.Random, p: Person) -> str:
    from tools.prereview_independent.people import GIVEN_FEMALE, GIVEN_MALE

    return p.name[0] + rng.choice(GIVEN_MALE + GIVEN_FEMALE)


def hukou_doc(rng: random.Random, p: Person, role: str, relation: str, married: str = "未婚",
              material: str = "M-HUKOU") -> Doc:
    data = {
        "户别": "家庭户", "户主": p.name if relation == "户主" else p.extra.get("head") or _head_name(rng, p),
        "户号": f"{rng.randrange(100000000, 999999999)}", "住址": p.address,
        "姓名": p.name, "户主或与户主关系": relation, "性别": p.sex, "出生地": "桐江市" if p.region.startswith("3601") else "江右省",
        "民族": p.ethnic, "籍贯": "桐江市", "出生日期": p.birth, "公民身份号码": p.card_number,
        "身高": rng.randrange(152, 186), "血型": rng.choice(["A型", "B型", "O型", "AB型", "不明"]),
        "文化程度": rng.choice(["大学本科", "大学专科", "高中", "初中", "硕士研究生"]), "婚姻状况": married,
        "兵役状况": rng.choice(["未服兵役", "预备役"]) if p.sex == "男" else "未服兵役", "服务处所": "",
        "职业": rng.choice(["职员", "个体经营", "自由职业", "教师", "工人"]),
        "迁来": "" if rng.random() < 0.6 else f"{rng.randrange(1998, 2020)}年{rng.randrange(1, 13)}月由桐江市{rng.choice(['东湖区', '南浦区'])}迁来",
        "登记机关": f"桐江市公安局{p.district[:-1]}分局{rng.choice(['青石', '临江', '望湖', '杏花'])}派出所",
        "签发日期": TODAY - dt.timedelta(days=rng.randrange(300, 3000)),
        "登记日期": TODAY - dt.timedelta(days=rng.randrange(300, 6000)),
    }
    return Doc(role=role, material=material, kind="hukou", data=data, person=role.split(":", 1)[-1])


def form_doc(material: str, values: dict[str, str], signers: list[dict], rng: random.Random, *, role: str = "form",
             extras: list[tuple[str, str]] | None = None, statement: str = "", date_text: str = "",
             parties: dict[str, str] | None = None, subtitle: str = "", alias_rate: float = 0.3) -> Doc:
    """A form from the catalogue's fields. values: catalogue field → value; extras: printed rows
    that are not catalogue fields; parties: field → party (the `parties` layout)."""
    fields = catalog.form_fields(material)
    labels = {}
    for f in fields:
        aliases = [a for a in f.get("aliases", []) if len(a) >= 2]
        labels[f["name"]] = rng.choice(aliases) if aliases and rng.random() < alias_rate else f["name"]
    data = {f["name"]: values.get(f["name"], "") for f in fields}
    spec = {
        "title": catalog.materials()[material]["name"], "labels": labels, "extras": extras or [],
        "signers": signers, "statement": statement, "date_text": date_text, "parties": parties or {},
        "subtitle": subtitle, "required": {f["name"]: f["required"] for f in fields},
    }
    return Doc(role=role, material=material, kind="form", data=data, spec=spec)


def text_doc(role: str, material: str, kind: str, spec: dict) -> Doc:
    return Doc(role=role, material=material, kind=kind, spec=spec)


def signer(label: str, name: str, seal_of: str | None = None, fp: bool = False) -> dict:
    return {"label": label, "name": name, "seal_of": seal_of, "fingerprint": fp, "signed": True}


def agent_docs(rng: random.Random, principal: str, principal_id: str, matter: str, used: set[str]) -> tuple[Person, list[Doc]]:
    agent = make_person(rng, used_names=used)
    letter = text_doc("agent_auth", "M-AGENT-AUTH", "text", {
        "title": "授权委托书",
        "paragraphs": [
            f"委托人：{principal}    身份证号码：{principal_id}",
            f"受托人：{agent.name}    身份证号码：{agent.card_number}",
            f"现委托{agent.name}代为办理{matter}相关事宜，包括提交申请材料、领取相关文书等。委托期限自签署之日起三个月。",
            "受托人在委托权限内签署的有关文件，委托人均予以承认。",
        ],
        "sign": ("委托人（签字）：", principal, f"日期：{cn_date(recent(rng, 3, 30))}"),
    })
    return agent, [id_doc(agent, "id:agent", "M-AGENT-ID"), letter]


# -- the builders ---------------------------------------------------------------------------------
def _choose(rng: random.Random, forced: dict, key: str, options: list[str], weights: list[float] | None = None) -> str:
    if key in forced:
        return forced[key]
    return rng.choices(options, weights=weights)[0]


def build_gth(rng: random.Random, forced: dict) -> App:
    """个体工商户设立登记."""
    used: set[str] = set()
    form = _choose(rng, forced, "form", ["personal", "family"], [0.7, 0.3])
    trade = _choose(rng, forced, "trade_name", ["yes", "no"], [0.6, 0.4])
    premises = _choose(rng, forced, "premises", ["lease", "own"], [0.6, 0.4])
    applicant = _choose(rng, forced, "applicant", ["self", "agent"], [0.85, 0.15])
    op = make_person(rng, used_names=used, min_age=20, max_age=60)
    biz = make_business(rng, op, True, rng.choice(["catering", "retail", "food_sales"]), with_name=trade == "yes")
    biz.form = "个人经营" if form == "personal" else "家庭经营"
    app = App("000112001000", {"form": form, "trade_name": trade, "premises": premises, "pre_approval": "no",
                               "applicant": applicant}, [], business=biz)
    app.people["applicant"] = op
    app.docs.append(id_doc(op, "id:applicant"))
    extras = []
    if form == "family":
        spouse = make_person(rng, sex="女" if op.sex == "男" else "男", used_names=used)
        extras.append(("参加经营的家庭成员", f"{spouse.name}（配偶）"))
        op.extra["head"] = op.name
        app.docs.append(hukou_doc(rng, op, "hukou:applicant", "户主", married="已婚"))
        app.people["spouse"] = spouse
    usage = "租赁" if premises == "lease" else "自有"
    if rng.random() < 0.6:
        extras.append(("经营场所使用情况", usage))
        app.variant["usage_line"] = True
    values = {
        "经营者姓名": op.name, "公民身份号码": op.card_number, "联系电话": op.phone, "个体工商户名称": biz.name,
        "经营场所": biz.address, "经营范围": biz.scope, "组成形式": biz.form,
    }
    app.docs.append(form_doc("M-SCJG-GTH-APP", values, [signer("经营者（签字）：", op.name, fp=rng.random() < 0.4)], rng,
                             extras=extras, date_text=f"申请日期：{cn_date(recent(rng))}", subtitle="（设立登记）"))
    if premises == "lease":
        landlord = make_person(rng, used_names=used, min_age=35, max_age=70)
        app.people["landlord"] = landlord
        app.docs.append(lease_doc(rng, landlord, op, biz.address, "商业经营"))
        app.docs.append(property_doc(rng, landlord, biz.address, True))
    else:
        app.docs.append(property_doc(rng, op, biz.address, True))
    if applicant == "agent":
        agent, docs = agent_docs(rng, op.name, op.card_number, "个体工商户设立登记", used)
        app.people["agent"] = agent
        app.docs.extend(docs)
    return app


FOOD_FORMS = {
    "catering": ("餐饮服务经营者", ["热食类食品制售", "冷食类食品制售", "自制饮品制售", "热食类食品制售；自制饮品制售"]),
    "food_sales": ("食品销售经营者", ["散装食品销售（含散装熟食）；预包装食品销售", "散装食品销售（不含散装熟食）", "预包装食品销售（含冷藏冷冻食品）；散装食品销售"]),
    "prepackaged_only": ("食品销售经营者", ["预包装食品销售（不含冷藏冷冻食品）", "预包装食品销售（含冷藏冷冻食品）"]),
}


def build_food(rng: random.Random, forced: dict) -> App:
    """食品经营许可."""
    used: set[str] = set()
    business = _choose(rng, forced, "business", ["catering", "food_sales", "prepackaged_only"], [0.5, 0.25, 0.25])
    applicant = _choose(rng, forced, "applicant", ["self", "agent"], [0.85, 0.15])
    truth: dict[str, str | list[str]] = {"business": business}
    promise = "no"
    if business != "prepackaged_only":
        truth["apply_type"] = "new"
        promise = _choose(rng, forced, "promise", ["yes", "no"], [0.35, 0.65])
        truth["promise"] = promise
    truth["applicant"] = applicant
    op = make_person(rng, used_names=used)
    individual = forced.get("individual", rng.random() < 0.6)
    biz = make_business(rng, op, individual, business, with_name=True, term_valid=True)
    app = App("000112003000", truth, [], business=biz)
    app.people["applicant"] = op
    app.docs.append(licence_doc(biz))
    kind, projects = FOOD_FORMS[business]
    name_label = "经营者姓名" if individual else "法定代表人姓名"
    seal_of = None if individual else biz.name
    if business == "prepackaged_only":
        values = {"经营者名称": biz.name, "统一社会信用代码": biz.uscc, "法定代表人姓名": op.name, "经营场所": biz.address,
                  "主体业态": kind, "经营项目": rng.choice(projects), "联系电话": op.phone}
        doc = form_doc("M-SCJG-FOOD-FILING", values, [signer("申请人（签字）：", op.name, seal_of)], rng,
                       date_text=f"填报日期：{cn_date(recent(rng))}")
        doc.spec["labels"]["法定代表人姓名"] = name_label
        app.docs.append(doc)
    else:
        values = {"经营者名称": biz.name, "统一社会信用代码": biz.uscc, "法定代表人姓名": op.name,
                  "身份证件号码": op.card_number, "经营场所": biz.address, "主体业态": kind,
                  "经营项目": rng.choice(projects), "经营场所面积": f"{rng.uniform(30, 300):.1f}平方米"}
        doc = form_doc("M-SCJG-FOOD-APP", values, [signer("申请人（签字/盖章）：", op.name, seal_of or biz.name)], rng,
                       extras=[("联系电话", op.phone)], date_text=f"申请日期：{cn_date(recent(rng))}", subtitle="（新办）")
        doc.spec["labels"]["法定代表人姓名"] = name_label
        app.docs.append(doc)
        app.docs.append(text_doc("layout", "M-SCJG-FOOD-LAYOUT", "plan", {"name": biz.name}))
        app.docs.append(text_doc("rules", "M-SCJG-FOOD-RULES", "text", {
            "title": "食品安全规章制度目录清单",
            "paragraphs": [f"经营者：{biz.name}"] + [f"{k + 1}. {t}" for k, t in enumerate(
                ["从业人员健康管理制度", "食品安全自查制度", "进货查验记录制度", "食品贮存管理制度", "餐用具清洗消毒制度",
                 "食品添加剂使用管理制度", "食品安全事故处置方案", "食品安全培训制度", "场所及设施设备清洗维护制度"])],
        }))
        if promise == "yes":
            pv = {"申请人姓名": op.name, "公民身份号码": op.card_number, "统一社会信用代码": biz.uscc, "联系电话": op.phone,
                  "承诺事项": "本人（单位）申请食品经营许可，承诺已符合法定许可条件，所提交材料真实、有效，知悉承诺不实的法律后果并愿意承担相应责任。",
                  "承诺日期": cn_date(recent(rng))}
            app.docs.append(form_doc("M-PROMISE-LETTER", pv, [signer("承诺人（签字/盖章）：", op.name, seal_of or biz.name)],
                                     rng, role="promise", subtitle="（食品经营许可告知承诺书）"))
    if applicant == "agent":
        agent, docs = agent_docs(rng, op.name, op.card_number, "食品经营许可", used)
        app.people["agent"] = agent
        app.docs.extend(docs)
    return app


def build_marriage(rng: random.Random, forced: dict) -> App:
    """结婚登记: both parties' ID cards and 户口簿, a photo, the two-party declaration."""
    used: set[str] = set()
    male = make_person(rng, sex="男", min_age=23, max_age=42, used_names=used)
    female = make_person(rng, sex="女", min_age=21, max_age=40, used_names=used)
    app = App("000106001000", {"identity": "mainland", "hukou": "local", "history": ["never"]}, [])
    app.people["male"], app.people["female"] = male, female
    for key, p in (("male", male), ("female", female)):
        app.docs.append(id_doc(p, f"id:{key}"))
    for key, p in (("male", male), ("female", female)):
        rel = rng.choice(["户主", "子" if p.sex == "男" else "女"])
        app.docs.append(hukou_doc(rng, p, f"hukou:{key}", rel))
    app.docs.append(text_doc("photo", "M-PHOTO", "photo", {}))
    d = recent(rng, 0, 3)
    values = {"男方姓名": male.name, "男方身份证件号码": male.card_number, "男方常住户口所在地": male.address,
              "女方姓名": female.name, "女方身份证件号码": female.card_number, "女方常住户口所在地": female.address,
              "声明日期": cn_date(d)}
    parties = {k: ("男方" if k.startswith("男方") else "女方") for k in values if k != "声明日期"}
    statement = ("本人与对方均无配偶，没有直系血亲和三代以内旁系血亲关系，了解对方的身体健康状况，"
                 "现依照《中华人民共和国民法典》的规定，自愿结为夫妻。本人上述声明完全真实，如有虚假，愿承担法律责任。")
    app.docs.append(form_doc("M-MARRIAGE-DECLARATION", values,
                             [signer("男方（签名）：", male.name, fp=True), signer("女方（签名）：", female.name, fp=True)], rng,
                             statement=statement, parties=parties, alias_rate=0))
    return app


def build_transfer(rng: random.Random, forced: dict) -> App:
    """存量房转移登记 (买卖 or 赠与)."""
    used: set[str] = set()
    ttype = _choose(rng, forced, "transfer_type", ["sale", "gift"], [0.75, 0.25])
    t_mar = _choose(rng, forced, "transferor_marital", ["married", "single"], [0.6, 0.4])
    b_mar = _choose(rng, forced, "buyer_marital", ["married", "unmarried"], [0.5, 0.5])
    seller = make_person(rng, used_names=used, min_age=30, max_age=70)
    buyer = make_person(rng, used_names=used, min_age=24, max_age=60,
                        surname=seller.name[0] if ttype == "gift" else None)
    app = App("000114001000", {"transfer_type": ttype, "transferor_marital": t_mar, "buyer_marital": b_mar,
                               "mortgage": "no", "applicant": "self"}, [])
    app.people["seller"], app.people["buyer"] = seller, buyer
    house = street_address(rng, rng.choice(["东湖区", "西岭区", "南浦区", "北塘区"]))
    prop = property_doc(rng, seller, house, False)
    app.docs.append(id_doc(seller, "id:seller"))
    app.docs.append(id_doc(buyer, "id:buyer"))
    app.docs.append(prop)
    reason = "转移登记（买卖）" if ttype == "sale" else "转移登记（赠与）"
    values = {"权利人姓名": buyer.name, "权利人身份证件号码": buyer.card_number, "义务人姓名": seller.name,
              "义务人身份证件号码": seller.card_number, "坐落": house, "不动产单元号": prop.data["不动产单元号"],
              "登记事由": reason, "联系电话": buyer.phone}
    parties = {"权利人姓名": "权利人", "权利人身份证件号码": "权利人", "义务人姓名": "义务人", "义务人身份证件号码": "义务人"}
    app.docs.append(form_doc("M-BDC-APP", values, [signer("权利人（签章）：", buyer.name, fp=True),
                                                   signer("义务人（签章）：", seller.name, fp=True)], rng,
                             parties=parties, date_text=f"申请日期：{cn_date(recent(rng))}"))
    price = rng.randrange(60, 400) * 10000
    if ttype == "sale":
        app.docs.append(text_doc("contract", "M-BDC-RESALE-CONTRACT", "text", {
            "title": "桐江市存量房买卖合同",
            "paragraphs": [f"合同编号：TJCL{TODAY.year}{rng.randrange(100000, 999999)}",
                           f"出卖人（甲方）：{seller.name}    证件号码：{seller.card_number}",
                           f"买受人（乙方）：{buyer.name}    证件号码：{buyer.card_number}",
                           f"第一条 甲方将其所有的位于{house}的房屋（不动产权证号：{prop.data['证号']}）出售给乙方。",
                           f"第二条 成交价格为人民币{price}元，乙方按约定方式付款。",
                           "第三条 甲方应于过户登记完成后三十日内将房屋交付乙方，并结清交付前的水、电、燃气、物业等费用。",
                           "第四条 双方共同向不动产登记机构申请办理转移登记，税费按国家规定各自承担。"],
            "sign": ("乙方（签字）：", buyer.name, f"签订日期：{cn_date(recent(rng, 10, 60))}"),
        }))
    else:
        app.docs.append(text_doc("contract", "M-BDC-GIFT-CONTRACT", "text", {
            "title": "房屋赠与合同",
            "paragraphs": [f"赠与人：{seller.name}    证件号码：{seller.card_number}",
                           f"受赠人：{buyer.name}    证件号码：{buyer.card_number}",
                           f"赠与人自愿将其所有的位于{house}的房屋无偿赠与受赠人，受赠人同意接受。",
                           "双方共同申请办理不动产转移登记，相关税费由受赠人承担。"],
            "sign": ("赠与人（签字）：", seller.name, f"日期：{cn_date(recent(rng, 5, 40))}"),
        }))
    app.docs.append(text_doc("tax", "M-BDC-TAX-PROOF", "text", {
        "title": "中华人民共和国税收完税证明",
        "paragraphs": [f"填发日期：{cn_date(recent(rng, 1, 10))}    税务机关：国家税务总局桐江市税务局",
                       f"纳税人名称：{buyer.name}    纳税人识别号：{buyer.card_number[:6]}**********"],
        "table": [["税种", "品目名称", "实缴（退）金额"], ["契税", "房屋买卖" if ttype == "sale" else "房屋赠与", f"¥{price * 0.015:.2f}"],
                  ["印花税", "产权转移书据", f"¥{price * 0.0005:.2f}"]],
        "seal": "国家税务总局桐江市税务局",
    }))
    for who, person, status in (("seller", seller, t_mar), ("buyer", buyer, b_mar)):
        if status == "married":
            spouse = make_person(rng, sex="女" if person.sex == "男" else "男", used_names=used)
            app.people[f"{who}_spouse"] = spouse
            male, female = (person, spouse) if person.sex == "男" else (spouse, person)
            reg = TODAY - dt.timedelta(days=rng.randrange(400, 7000))
            app.docs.append(Doc(role=f"marriage:{who}", material="M-MARRIAGE-CERT", kind="marriage_cert", data={
                "持证人": person.name, "登记日期": cn_date(reg), "结婚证字号": f"J{person.region}-{reg.year}-{rng.randrange(1, 9999):06d}",
                "男方姓名": male.name, "男方身份证件号": male.card_number, "男方出生日期": cn_date(male.birth),
                "女方姓名": female.name, "女方身份证件号": female.card_number, "女方出生日期": cn_date(female.birth),
                "登记机关": f"桐江市{person.district}民政局",
            }, person=who))
        else:
            values = {"声明人姓名": person.name, "公民身份号码": person.card_number, "婚姻状况": "未婚",
                      "声明日期": cn_date(recent(rng))}
            app.docs.append(form_doc("M-BDC-MARITAL-STATEMENT", values, [signer("声明人（签字）：", person.name, fp=True)], rng,
                                     role=f"marital:{who}", statement="本人郑重声明：以上婚姻状况属实，如有隐瞒或虚假，愿承担由此产生的一切法律责任。"))
    return app


def build_tobacco(rng: random.Random, forced: dict) -> App:
    """烟草专卖零售许可证核发 (新办)."""
    used: set[str] = set()
    premises = _choose(rng, forced, "premises", ["lease", "own"], [0.6, 0.4])
    applicant = _choose(rng, forced, "applicant", ["self", "agent"], [0.85, 0.15])
    op = make_person(rng, used_names=used)
    individual = forced.get("individual", rng.random() < 0.75)
    biz = make_business(rng, op, individual, "retail", with_name=True)
    app = App("000116001000", {"apply_type": "new", "premises": premises, "applicant": applicant}, [], business=biz)
    app.people["applicant"] = op
    app.docs.append(licence_doc(biz))
    app.docs.append(id_doc(op, "id:applicant"))
    shop_kind = next((k for k in ("便利店", "食杂店", "超市") if k in biz.name), "便利店")
    values = {"经营者姓名": op.name, "公民身份号码": op.card_number, "字号名称": biz.name, "统一社会信用代码": biz.uscc,
              "经营场所": biz.address, "经营业态": shop_kind, "联系电话": op.phone}
    app.docs.append(form_doc("M-YC-APP", values, [signer("申请人（签字/盖章）：", op.name, biz.name)], rng,
                             date_text=f"申请日期：{cn_date(recent(rng))}", subtitle="（新办）"))
    if premises == "lease":
        landlord = make_person(rng, used_names=used, min_age=35, max_age=70)
        app.people["landlord"] = landlord
        app.docs.append(lease_doc(rng, landlord, op, biz.address, "商业经营"))
    else:
        app.docs.append(property_doc(rng, op, biz.address, True))
    if applicant == "agent":
        agent, docs = agent_docs(rng, op.name, op.card_number, "烟草专卖零售许可证", used)
        app.people["agent"] = agent
        app.docs.extend(docs)
    return app


def build_dereg(rng: random.Random, forced: dict) -> App:
    """企业简易注销登记."""
    used: set[str] = set()
    op = make_person(rng, used_names=used, min_age=26)
    biz = make_business(rng, op, False, rng.choice(["catering", "retail", "food_sales"]), term_valid=True)
    tax = _choose(rng, forced, "tax_status", ["none", "invoices"])
    app = App("000112005000", {"tax_status": tax, "license_lost": "have", "applicant": "self"}, [], business=biz)
    app.people["applicant"] = op
    investors = [op]
    if rng.random() < 0.4:
        other = make_person(rng, used_names=used)
        app.people["investor2"] = other
        investors.append(other)
    app.docs.append(licence_doc(biz))
    app.docs.append(id_doc(op, "id:applicant"))
    values = {"企业名称": biz.name, "统一社会信用代码": biz.uscc, "法定代表人姓名": op.name, "注销方式": "简易注销",
              "注销原因": rng.choice(["股东决定解散", "股东会决议解散", "经营期间未开展经营活动，决定解散"]), "联系电话": op.phone}
    app.docs.append(form_doc("M-SCJG-DEREG-APP", values, [signer("法定代表人（签字）：", op.name, biz.name)], rng,
                             date_text=f"{cn_date(recent(rng))}"))
    pv = {"企业名称": biz.name, "统一社会信用代码": biz.uscc, "登记机关": biz.authority, "承诺日期": cn_date(recent(rng))}
    statement = ("本企业申请简易注销登记，全体投资人承诺：企业不存在未结清清偿费用、职工工资、社会保险费用、法定补偿金、"
                 "应缴纳税款（滞纳金、罚款），不存在未了结的债权债务，不存在法律法规规定不得适用简易注销的情形。如违法失信，"
                 "全体投资人依法承担相应的法律后果和责任。")
    app.docs.append(form_doc("M-SCJG-INVESTOR-PROMISE", pv,
                             [signer(f"投资人（签字）{'' if len(investors) == 1 else k + 1}：", p.name) for k, p in enumerate(investors)]
                             + [signer("企业（盖章）：", op.name, biz.name)],
                             rng, role="promise", statement=statement))
    app.docs[-1].spec["signers"][-1]["name"] = op.name
    return app


def build_sign(rng: random.Random, forced: dict) -> App:
    """户外招牌设置审批."""
    used: set[str] = set()
    premises = _choose(rng, forced, "premises", ["lease", "own"], [0.6, 0.4])
    promise = _choose(rng, forced, "promise", ["yes", "no"], [0.4, 0.6])
    op = make_person(rng, used_names=used)
    individual = forced.get("individual", rng.random() < 0.6)
    biz = make_business(rng, op, individual, rng.choice(["catering", "retail"]), with_name=True)
    app = App("000113001000", {"premises": premises, "sign_scale": "standard", "shared_parts": "no", "promise": promise,
                               "applicant": "self"}, [], business=biz)
    app.people["applicant"] = op
    app.docs.append(licence_doc(biz))
    lease_end = None
    if premises == "lease":
        landlord = make_person(rng, used_names=used, min_age=35, max_age=70)
        app.people["landlord"] = landlord
        lease = lease_doc(rng, landlord, op, biz.address, "商业经营")
        lease_end = lease.data["end"]
        app.docs.append(lease)
        app.docs.append(text_doc("consent", "M-CG-OWNER-CONSENT", "text", {
            "title": "同意设置户外招牌的书面意见",
            "paragraphs": [f"本人{landlord.name}（身份证号码：{landlord.card_number}）系{biz.address}房屋的产权人，"
                           f"该房屋已出租给{biz.name}使用。本人同意承租方在该房屋外立面一层门楣处设置户外招牌，"
                           "招牌设置应符合本市户外招牌设置技术规范，确保安全牢固。"],
            "sign": ("产权人（签字）：", landlord.name, f"日期：{cn_date(recent(rng, 5, 60))}"),
        }))
    else:
        app.docs.append(property_doc(rng, op, biz.address, True))
    start = dt.date(TODAY.year + 1, 1, 1)
    end = add_years(start, 3) - dt.timedelta(days=1)
    if lease_end and end > lease_end:
        end = lease_end
    length = rng.choice([4.0, 5.5, 6.0, 7.2, 8.0])
    height = rng.choice([0.8, 0.9, 1.0, 1.2])
    short = biz.name.replace("桐江市", "").replace("有限公司", "")
    for d in ("东湖区", "西岭区", "南浦区", "北塘区", "桐溪县"):
        short = short.replace(d, "")
    values = {"设置单位": biz.name, "联系电话": op.phone, "设置地点": biz.address, "招牌内容": short,
              "招牌规格": f"长{length}米×高{height}米，面积{length * height:.2f}平方米",
              "材质": rng.choice(["铝塑板底板+亚克力发光字", "不锈钢字+钢结构底架", "镀锌钢板喷绘"]),
              "照明方式": rng.choice(["内透光", "外打光", "不设照明", "LED发光字"]),
              "设置期限": f"{cn_date(start)}至{cn_date(end)}"}
    app.docs.append(form_doc("M-CG-SIGN-APP", values, [signer("申请人（签字/盖章）：", op.name, None if individual else biz.name)], rng,
                             date_text=f"申请日期：{cn_date(recent(rng))}"))
    app.docs.append(text_doc("design", "M-CG-SIGN-DESIGN", "design", {"shop": short, "dims": f"{length}m × {height}m"}))
    if promise == "yes":
        pv = {"申请人姓名": op.name, "公民身份号码": op.card_number, "统一社会信用代码": biz.uscc, "联系电话": op.phone,
              "承诺事项": "本人（单位）设置的户外招牌符合本市户外招牌设置技术规范，设置安全牢固，并承担招牌的安全管理责任。",
              "承诺日期": cn_date(recent(rng))}
        app.docs.append(form_doc("M-PROMISE-LETTER", pv, [signer("承诺人（签字/盖章）：", op.name, None if individual else biz.name)],
                                 rng, role="promise", subtitle="（户外招牌设置告知承诺书）"))
    return app


def build_residence(rng: random.Random, forced: dict) -> App:
    """居住证申领 (首次, 以合法稳定住所)."""
    used: set[str] = set()
    housing = _choose(rng, forced, "housing", ["rent", "own"], [0.65, 0.35])
    p = make_person(rng, used_names=used, elsewhere=True, min_age=18, max_age=55)
    app = App("000105003000", {"apply_type": "first", "basis": "housing", "housing": housing, "applicant": "self"}, [])
    app.people["applicant"] = p
    app.docs.append(id_doc(p, "id:applicant"))
    district = rng.choice(["东湖区", "西岭区", "南浦区", "北塘区"])
    home = street_address(rng, district)
    values = {"姓名": p.name, "性别": p.sex, "公民身份号码": p.card_number, "户籍地址": p.address, "居住地址": home,
              "申领事由": "居住（合法稳定住所）", "服务处所": "" if rng.random() < 0.5 else f"桐江{rng.choice(['禾丰', '鹿鸣', '拾光'])}商贸有限公司",
              "联系电话": p.phone}
    app.docs.append(form_doc("M-RESIDENCE-PERMIT-FORM", values, [signer("申请人（签字）：", p.name, fp=rng.random() < 0.3)], rng,
                             date_text=f"填表日期：{cn_date(recent(rng))}"))
    if housing == "rent":
        landlord = make_person(rng, used_names=used, min_age=35, max_age=72)
        app.people["landlord"] = landlord
        app.docs.append(lease_doc(rng, landlord, p, home, "居住"))
    else:
        app.docs.append(property_doc(rng, p, home, False))
    return app


BUILDERS = {
    "000112001000": build_gth,
    "000112003000": build_food,
    "000106001000": build_marriage,
    "000114001000": build_transfer,
    "000116001000": build_tobacco,
    "000112005000": build_dereg,
    "000113001000": build_sign,
    "000105003000": build_residence,
}


def missing_required(app: App) -> list[str]:
    """Required materials of the true situation that no document serves (a clean app has none)."""
    need = catalog.required_materials(app.item, app.truth)
    have = {d.material for d in app.docs}
    # the premises proof is served by a lease or a property certificate
    alias = {"M-PREMISES-PROOF": {"M-LEASE", "M-PROPERTY-CERT"}}
    return [code for code, r in need.items() if r.required and code not in have and not (alias.get(code, set()) & have)]
