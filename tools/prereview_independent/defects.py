"""Seeding defects into a clean application. Each seeder changes what is drawn (or which files
are uploaded, or the answers) and says what the reviewer should find; it returns False when the
application offers no place for that defect (or only places another defect already uses).

Conventions decided here (see README.md):
- a value wrong on several documents (the same invalid ID number on the card and the form, an
  invalid credit code on the licence and the forms) is expected once per document carrying it;
- a mismatch is expected on the document that disagrees with the ID card (or with the licence);
- a file that replaces a material (an unreadable photo, a renamed .exe, a cat) is expected as that
  file's defect only, not also as a missing material; such a file is labelled with the material;
- missing_material is seeded only on materials that are required, not 容缺 and not 告知承诺 in
  the situation, and the answers that make the material necessary are given;
- situation_mismatch: the form's own answer (or an upload) contradicts the stated answers or
  the uploads; only situation_mismatch is expected, not the materials the contradicting reading
  would also need.
"""

from __future__ import annotations

import datetime as dt
import random

from tools.prereview_independent import catalog
from tools.prereview_independent.applications import hukou_doc, lease_period
from tools.prereview_independent.model import App, Doc, Expected
from tools.prereview_independent.people import (
    TODAY,
    add_years,
    card_dates,
    cn_date,
    corrupt_check_digit,
    corrupt_uscc,
    dot_date,
    impossible_date,
    other_valid_number,
    variant_name,
)

CODES = [
    "id_number_invalid", "document_expired", "name_mismatch", "id_number_mismatch", "uscc_invalid",
    "missing_material", "low_quality", "wrong_file_type", "missing_signature", "blank_required_field",
    "unrecognized_document", "situation_mismatch",
]

ID_FIELDS = ("公民身份号码", "身份证件号码", "出租方证件号码", "承租方证件号码", "男方身份证件号码", "女方身份证件号码",
             "权利人身份证件号码", "义务人身份证件号码", "男方身份证件号")
NAME_FIELDS = ("姓名", "经营者姓名", "法定代表人姓名", "申请人姓名", "男方姓名", "女方姓名", "权利人姓名", "义务人姓名",
               "声明人姓名", "出租方", "承租方", "经营者", "法定代表人", "权利人")


def _free(app: App, *roles: str) -> bool:
    return not any(r in app.touched for r in roles)


def _expect(app: App, code: str, doc: Doc | None, side: str = "main", material: str | None = None) -> None:
    app.expected.append(Expected(code, material if doc is None else doc.material, doc.role if doc else None, side))


def _docs_with_value(app: App, value: str) -> list[tuple[Doc, str]]:
    out = []
    for d in app.docs:
        for k, v in d.data.items():
            if v == value:
                out.append((d, k))
    return out


def _set_everywhere(app: App, old: str, new: str) -> list[Doc]:
    docs = []
    for d, k in _docs_with_value(app, old):
        d.data[k] = new
        if d not in docs:
            docs.append(d)
    for d in app.docs:  # numbers inside letters and contracts drawn as text
        paras = d.spec.get("paragraphs")
        if paras:
            d.spec["paragraphs"] = [p.replace(old, new) for p in paras]
    return docs


def id_number_invalid(app: App, rng: random.Random) -> bool:
    people = [k for k, p in app.people.items() if _docs_with_value(app, p.card_number)]
    rng.shuffle(people)
    for key in people:
        p = app.people[key]
        carriers = [d for d, _ in _docs_with_value(app, p.card_number) if d.kind in ("id_card", "form", "lease", "hukou", "marriage_cert")]
        if not carriers or not _free(app, *[d.role for d in carriers]):
            continue
        bad = corrupt_check_digit(p.card_number, rng) if rng.random() < 0.7 else impossible_date(p.card_number, rng)
        docs = _set_everywhere(app, p.card_number, bad)
        for d in docs:
            if d.kind in ("id_card", "form", "lease", "hukou", "marriage_cert"):
                _expect(app, "id_number_invalid", d, "front" if d.kind == "id_card" else "main")
            app.touched.add(d.role)
        app.notes.append(f"{key}'s ID number {bad} is invalid ({'check digit' if bad[:17] == p.card_number[:17] else 'birth date'}) on {len(docs)} document(s)")
        p.card_number = bad
        return True
    return False


def id_number_mismatch(app: App, rng: random.Random) -> bool:
    options = []
    for key, p in app.people.items():
        card = app.doc(f"id:{key}")
        if card is None or not _free(app, card.role):
            continue
        for d, field in _docs_with_value(app, p.card_number):
            if d.kind in ("form", "lease") and _free(app, d.role):
                options.append((key, d, field, card))
    if not options:
        return False
    key, d, field, card = rng.choice(options)
    other = other_valid_number(app.people[key].card_number, rng)
    d.data[field] = other
    _expect(app, "id_number_mismatch", d)
    app.touched.update({d.role, card.role})
    app.notes.append(f"{field} on {d.role} is {other}, the ID card says {app.people[key].card_number}")
    return True


def name_mismatch(app: App, rng: random.Random) -> bool:
    options = []
    for key, p in app.people.items():
        ref = app.doc(f"id:{key}") or (app.doc("licence") if app.business and app.business.operator is p else None)
        if ref is None or not _free(app, ref.role):
            continue
        for d, field in _docs_with_value(app, p.name):
            if d is not ref and d.kind in ("form", "lease") and field in NAME_FIELDS and _free(app, d.role):
                options.append((key, d, field, ref))
    if not options:
        return False
    key, d, field, ref = rng.choice(options)
    other = variant_name(app.people[key].name, rng)
    d.data[field] = other
    _expect(app, "name_mismatch", d)
    app.touched.update({d.role, ref.role})
    app.notes.append(f"{field} on {d.role} is {other}, {ref.role} says {app.people[key].name}")
    return True


def document_expired(app: App, rng: random.Random) -> bool:
    options: list[tuple[str, Doc]] = []
    for d in app.docs:
        if not _free(app, d.role):
            continue
        if d.kind == "id_card":
            options.append(("id", d))
        elif d.kind == "lease":
            options.append(("lease", d))
        elif d.kind == "business_license" and not d.data["individual"]:
            options.append(("licence", d))
    if not options:
        return False
    what, d = rng.choice(options)
    if what == "id":
        p = app.people[d.person or ""]
        try:
            issue, expiry = card_dates(rng, p.birth, valid=False)
        except RuntimeError:  # no expired card fits this age
            return False
        assert expiry is not None
        d.data["有效期限"] = f"{dot_date(issue)}-{dot_date(expiry)}"
        _expect(app, "document_expired", d, "back")
        app.notes.append(f"{d.role} valid until {expiry}")
    elif what == "lease":
        start, end = lease_period(rng, valid=False)
        d.data["租赁期限"] = f"自{cn_date(start)}起至{cn_date(end)}止"
        d.data["签订日期"] = cn_date(start - dt.timedelta(days=rng.randrange(1, 20)))
        d.data["start"], d.data["end"] = start, end
        _expect(app, "document_expired", d)
        app.notes.append(f"lease ended {end}")
    else:
        end = TODAY - dt.timedelta(days=rng.randrange(20, 400))
        reg = add_years(end, -rng.choice([5, 10])) + dt.timedelta(days=1)
        d.data["营业期限"] = f"{cn_date(reg)}至{cn_date(end)}"
        d.data["成立日期"] = d.data["注册日期"] = d.data["签发日期"] = reg
        _expect(app, "document_expired", d)
        app.notes.append(f"licence term ended {end}")
    app.touched.add(d.role)
    return True


def uscc_invalid(app: App, rng: random.Random) -> bool:
    if app.business is None:
        return False
    code = app.business.uscc
    carriers = [d for d, _ in _docs_with_value(app, code)]
    if not carriers:
        return False
    forms = [d for d in carriers if d.kind == "form" and _free(app, d.role)]
    if forms and (rng.random() < 0.4 or not _free(app, *[d.role for d in carriers])):
        d = rng.choice(forms)
        bad = corrupt_uscc(code, rng)
        for k, v in d.data.items():
            if v == code:
                d.data[k] = bad
        _expect(app, "uscc_invalid", d)
        app.touched.add(d.role)
        app.notes.append(f"credit code on {d.role} typed as {bad} (check character wrong; the licence has {code})")
        return True
    if not _free(app, *[d.role for d in carriers]):
        return False
    bad = corrupt_uscc(code, rng)
    docs = _set_everywhere(app, code, bad)
    for d in docs:
        _expect(app, "uscc_invalid", d)
        app.touched.add(d.role)
    app.business.uscc = bad
    app.notes.append(f"credit code {bad} invalid on {len(docs)} document(s)")
    return True


# which answers make a material necessary (so that a missing one is known to be missing)
TRIGGERS = {
    ("000112001000", "M-LEASE"): {"premises"},
    ("000112001000", "M-PROPERTY-CERT"): {"premises"},
    ("000112001000", "M-HUKOU"): {"form"},
    ("000112003000", "M-SCJG-FOOD-APP"): {"business"},
    ("000112003000", "M-SCJG-FOOD-FILING"): {"business"},
    ("000112003000", "M-SCJG-FOOD-LAYOUT"): {"business", "apply_type"},
    ("000112003000", "M-SCJG-FOOD-RULES"): {"business", "apply_type"},
    ("000112003000", "M-PROMISE-LETTER"): {"business", "apply_type", "promise"},
    ("000112003000", "M-BUSINESS-LICENSE"): {"business"},
    ("000114001000", "M-BDC-RESALE-CONTRACT"): {"transfer_type"},
    ("000114001000", "M-BDC-GIFT-CONTRACT"): {"transfer_type"},
    ("000114001000", "M-MARRIAGE-CERT"): {"transferor_marital", "buyer_marital"},
    ("000114001000", "M-BDC-MARITAL-STATEMENT"): {"transferor_marital", "buyer_marital"},
    ("000116001000", "M-PROPERTY-CERT"): {"apply_type", "premises"},
    ("000112005000", "M-BUSINESS-LICENSE"): {"license_lost"},
    ("000113001000", "M-PROPERTY-CERT"): {"premises"},
    ("000113001000", "M-LEASE"): {"premises"},
    ("000113001000", "M-CG-OWNER-CONSENT"): {"premises"},
    ("000113001000", "M-PROMISE-LETTER"): {"sign_scale", "promise"},
    ("000105003000", "M-PROPERTY-CERT"): {"apply_type", "housing"},
}


def missing_material(app: App, rng: random.Random) -> bool:
    if "situation" in app.touched:
        return False
    need = catalog.required_materials(app.item, app.truth)
    options = []
    for code, r in need.items():
        if not r.required or r.lenient or r.promise:
            continue
        docs = [d for d in app.docs if d.material == code and not d.extra]
        if not docs:
            continue
        if len(docs) > 1:  # one person's ID card, 户口簿, one of two statements: drop one
            docs = [rng.choice(docs)]
        if not _free(app, *[d.role for d in docs]):
            continue
        # a document whose values another document is compared with stays (mismatch seeded there)
        options.append((code, docs))
    if not options:
        return False
    code, docs = rng.choice(options)
    for d in docs:
        app.docs.remove(d)
        app.touched.add(d.role)
    app.touched.add("situation")
    app.must_answer |= TRIGGERS.get((app.item, code), set())
    app.expected.append(Expected("missing_material", code, None))
    app.notes.append(f"{code} not uploaded ({', '.join(d.role for d in docs)})")
    return True


def low_quality(app: App, rng: random.Random) -> bool:
    options = [d for d in app.docs if d.kind in ("id_card", "business_license", "lease", "property_cert", "hukou", "form", "marriage_cert")
               and _free(app, d.role)]
    if not options:
        return False
    d = rng.choice(options)
    how = rng.choice(["blur", "tiny", "dark", "motion", "glare"])
    if how == "glare":
        target = {"id_card": "公民身份号码", "business_license": "统一社会信用代码"}.get(d.kind)
        if target is None:
            how = "blur"
        else:
            how = f"glare:{target}"
            d.capture = "glare"
    d.degrade = how
    d.label_policy = "identify"
    if d.medium in ("docx", "pdf_text"):  # degraded as a photo of the printout
        d.medium, d.capture = "image", "photo"
    side = "front" if d.kind == "id_card" else "page1" if d.kind == "lease" else "main"
    _expect(app, "low_quality", d, side)
    app.touched.add(d.role)
    app.notes.append(f"{d.role} degraded: {how}")
    return True


BAD_FILES = ["txt_as_jpg", "exe_as_jpg", "empty_jpg", "empty_pdf", "plain_txt", "zip_of_images", "html_as_pdf", "xlsx_as_pdf"]


def wrong_file_type(app: App, rng: random.Random) -> bool:
    bad = rng.choice(BAD_FILES)
    replace = [d for d in app.docs if _free(app, d.role) and d.kind not in ("badfile", "picture") and not d.extra]
    if replace and rng.random() < 0.55:
        d = rng.choice(replace)
        new = Doc(role=d.role, material=d.material, kind="badfile", spec={"bad": bad, "was": d.kind},
                  label_policy="identify", person=d.person)
        app.docs[app.docs.index(d)] = new
        _expect(app, "wrong_file_type", new)
        app.notes.append(f"{d.role} uploaded as a {bad} file")
        app.touched.add(d.role)
    else:
        new = Doc(role="bad:extra", material="", kind="badfile", spec={"bad": bad}, label_policy="fixed", extra=True)
        app.docs.append(new)
        app.expected.append(Expected("wrong_file_type", None, new.role))
        app.notes.append(f"an extra {bad} file, no label")
        app.touched.add(new.role)
    return True


def missing_signature(app: App, rng: random.Random) -> bool:
    need = catalog.required_materials(app.item, app.truth)
    options = []
    for d in app.docs:
        if not _free(app, d.role):
            continue
        req = need.get(d.material)
        if req is None or req.signature == "无":
            continue
        if d.kind == "form" and d.spec["signers"] or d.kind == "lease":
            options.append(d)
    if not options:
        return False
    d = rng.choice(options)
    if d.kind == "lease":
        key = rng.choice(["甲方签字", "乙方签字"])
        d.data[key] = False
        app.notes.append(f"lease: {key} line left empty")
    else:
        signers = [s for s in d.spec["signers"] if s["name"]]
        s = rng.choice(signers)
        s["signed"] = False
        app.notes.append(f"{d.role}: signature '{s['label']}' left empty")
    _expect(app, "missing_signature", d)
    app.touched.add(d.role)
    return True


SAFE_BLANK = ["联系电话", "经营范围", "声明日期", "承诺日期", "经营场所面积", "注销原因", "招牌规格", "材质", "照明方式",
              "设置期限", "户籍地址", "登记机关", "不动产单元号", "经营业态", "婚姻状况", "承诺事项", "男方常住户口所在地",
              "女方常住户口所在地", "性别", "招牌内容", "经营项目", "注销方式"]


def blank_required_field(app: App, rng: random.Random) -> bool:
    options = []
    for d in app.docs:
        if d.kind != "form" or not _free(app, d.role):
            continue
        for f, value in d.data.items():
            if value and d.spec["required"].get(f, False) and f in SAFE_BLANK:
                options.append((d, f))
    if not options:
        return False
    d, f = rng.choice(options)
    d.data[f] = ""
    _expect(app, "blank_required_field", d)
    app.touched.add(d.role)
    app.notes.append(f"{d.role}: required field {f} left blank")
    return True


PICTURES = ["cat", "landscape", "food", "flower", "chat"]


def unrecognized_document(app: App, rng: random.Random) -> bool:
    kind = rng.choice(PICTURES)
    replace = [d for d in app.docs if _free(app, d.role) and d.kind in ("lease", "property_cert", "hukou", "form", "text", "plan", "design", "photo", "business_license")
               and not d.extra]
    if replace and rng.random() < 0.5:
        d = rng.choice(replace)
        new = Doc(role=d.role, material=d.material, kind="picture", spec={"picture": kind}, label_policy="identify")
        app.docs[app.docs.index(d)] = new
        _expect(app, "unrecognized_document", new)
        app.touched.add(d.role)
        app.notes.append(f"a picture ({kind}) uploaded as {d.material}")
    else:
        new = Doc(role="picture:extra", material="", kind="picture", spec={"picture": kind}, label_policy="fixed", extra=True)
        app.docs.append(new)
        app.expected.append(Expected("unrecognized_document", None, new.role))
        app.touched.add(new.role)
        app.notes.append(f"an extra picture ({kind}), no label")
    return True


def situation_mismatch(app: App, rng: random.Random) -> bool:
    if "situation" in app.touched:
        return False
    form = app.doc("form")
    item = app.item
    variants = []
    if form is not None and _free(app, "form"):
        if item == "000112001000":
            variants += ["gth_form_kind"]
            if app.variant.get("usage_line") and app.truth["premises"] == "own":
                variants.append("gth_usage_line")
        if item == "000112003000" and app.truth["business"] in ("catering", "food_sales"):
            variants.append("food_kind")
        if item == "000114001000":
            variants.append("bdc_reason")
        if item == "000105003000":
            variants.append("jzz_reason")
    if item == "000112001000" and app.truth["premises"] == "lease" and _free(app, "lease", "property"):
        variants.append("gth_answer_own")
    if not variants:
        return False
    v = rng.choice(variants)
    given: dict[str, str | list[str]] = {}
    if v == "gth_form_kind":
        assert form is not None
        stated = app.truth["form"]
        form.data["组成形式"] = "家庭经营" if stated == "personal" else "个人经营"
        form.spec["extras"] = [e for e in form.spec["extras"] if e[0] != "参加经营的家庭成员"]
        if app.doc("hukou:applicant") is None:  # uploads fit both readings: the 户口簿 is there
            app.docs.append(hukou_doc(rng, app.people["applicant"], "hukou:applicant", "户主"))
        given["form"] = stated
        _expect(app, "situation_mismatch", form)
        app.notes.append(f"answers say form={stated}, the form says 组成形式：{form.data['组成形式']}")
    elif v == "gth_usage_line":
        assert form is not None
        form.spec["extras"] = [(k, "租赁" if k == "经营场所使用情况" else val) for k, val in form.spec["extras"]]
        app.never_answer.add("premises")
        _expect(app, "situation_mismatch", form)
        app.notes.append("the form says 经营场所使用情况：租赁; only the applicant's own 不动产权证书 is uploaded, no lease; premises not answered")
    elif v == "food_kind":
        assert form is not None
        stated = app.truth["business"]
        if stated == "catering":
            form.data["主体业态"] = "食品销售经营者"
            form.data["经营项目"] = rng.choice(["预包装食品销售（不含冷藏冷冻食品）；散装食品销售", "散装食品销售（不含散装熟食）"])
        else:
            form.data["主体业态"] = "餐饮服务经营者"
            form.data["经营项目"] = rng.choice(["热食类食品制售", "热食类食品制售；冷食类食品制售"])
        given["business"] = stated
        _expect(app, "situation_mismatch", form)
        app.notes.append(f"answers say business={stated}, the form says 主体业态：{form.data['主体业态']}")
    elif v == "bdc_reason":
        assert form is not None
        stated = app.truth["transfer_type"]
        form.data["登记事由"] = "转移登记（赠与）" if stated == "sale" else "转移登记（买卖）"
        given["transfer_type"] = stated
        _expect(app, "situation_mismatch", form)
        app.notes.append(f"answers say transfer_type={stated}, the form says 登记事由：{form.data['登记事由']}")
    elif v == "jzz_reason":
        assert form is not None
        form.data["申领事由"] = rng.choice(["就业", "在本市就业（务工）"])
        given["basis"] = "housing"
        given["housing"] = app.truth["housing"]
        _expect(app, "situation_mismatch", form)
        app.notes.append(f"answers say basis=housing, the form says 申领事由：{form.data['申领事由']}")
    else:  # gth_answer_own: answers say own, a lease with the applicant as tenant is uploaded
        given["premises"] = "own"
        lease = app.doc("lease")
        _expect(app, "situation_mismatch", lease)
        app.notes.append("answers say premises=own, but a lease (the applicant as tenant) and the landlord's certificate are uploaded")
        app.touched.update({"lease", "property"})
    for q, a in given.items():
        app.must_answer.add(q)
        app.given = dict(app.given or {}, **{q: a})
    app.touched.update({"form", "situation"})
    return True


SEEDERS = {
    "id_number_invalid": id_number_invalid,
    "document_expired": document_expired,
    "name_mismatch": name_mismatch,
    "id_number_mismatch": id_number_mismatch,
    "uscc_invalid": uscc_invalid,
    "missing_material": missing_material,
    "low_quality": low_quality,
    "wrong_file_type": wrong_file_type,
    "missing_signature": missing_signature,
    "blank_required_field": blank_required_field,
    "unrecognized_document": unrecognized_document,
    "situation_mismatch": situation_mismatch,
}

# items that can carry each code (the planner draws from these)
ITEMS_FOR = {
    "id_number_invalid": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000105003000", "000113001000"],
    "document_expired": ["000112001000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000", "000112003000"],
    "name_mismatch": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000105003000"],
    "id_number_mismatch": ["000112001000", "000106001000", "000114001000", "000116001000", "000105003000"],
    "uscc_invalid": ["000112003000", "000116001000", "000112005000", "000113001000"],
    "missing_material": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000"],
    "low_quality": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000"],
    "wrong_file_type": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000"],
    "missing_signature": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000"],
    "blank_required_field": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000"],
    "unrecognized_document": ["000112001000", "000112003000", "000106001000", "000114001000", "000116001000", "000112005000", "000113001000", "000105003000"],
    "situation_mismatch": ["000112001000", "000112003000", "000114001000", "000105003000"],
}
