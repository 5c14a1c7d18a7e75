"""What citizens call the files they upload: the material's name, its code, their own words
(身份证正面, 租房合同, 营业执照副本, 申请表…) or nothing at all."""

from __future__ import annotations

import random

from tools.prereview_independent import catalog
from tools.prereview_independent.model import READABLE, Doc

WORDS = {
    "M-ID-CARD": ["身份证", "二代身份证", "我的身份证", "身份证照片", "身份证复印件"],
    "M-AGENT-ID": ["代办人身份证", "受托人身份证", "经办人身份证"],
    "M-LEASE": ["租房合同", "租赁合同", "房屋租赁协议", "合同", "门面租赁合同"],
    "M-PROPERTY-CERT": ["房产证", "房本", "不动产证", "产权证"],
    "M-BUSINESS-LICENSE": ["营业执照", "营业执照副本", "执照", "电子执照", "营业执照正本"],
    "M-HUKOU": ["户口本", "户口簿", "户口页", "户口本本人页"],
    "M-MARRIAGE-CERT": ["结婚证", "结婚证书"],
    "M-PHOTO": ["照片", "合影", "结婚照", "二寸合影"],
    "M-SCJG-FOOD-LAYOUT": ["平面图", "布局图", "厨房布局图", "设备布局"],
    "M-SCJG-FOOD-RULES": ["管理制度", "食品安全制度", "制度目录"],
    "M-CG-SIGN-DESIGN": ["效果图", "招牌效果图", "门头效果图"],
    "M-CG-OWNER-CONSENT": ["房东同意书", "业主同意书", "同意书"],
    "M-BDC-TAX-PROOF": ["完税证明", "税票", "契税完税"],
    "M-BDC-RESALE-CONTRACT": ["买卖合同", "二手房合同", "网签合同"],
    "M-BDC-GIFT-CONTRACT": ["赠与合同", "赠与协议"],
    "M-AGENT-AUTH": ["委托书", "授权书"],
    "M-PROMISE-LETTER": ["承诺书", "告知承诺书"],
    "M-BDC-MARITAL-STATEMENT": ["婚姻状况声明", "单身声明", "声明书"],
    "M-SCJG-INVESTOR-PROMISE": ["投资人承诺书", "全体投资人承诺书"],
    "M-SCJG-DEREG-APP": ["注销申请书", "申请书", "注销申请表"],
    "M-SCJG-GTH-APP": ["申请表", "申请书", "个体户申请表", "登记申请书"],
    "M-SCJG-FOOD-APP": ["申请表", "食品许可申请表", "申请书"],
    "M-SCJG-FOOD-FILING": ["备案表", "预包装备案表", "申请表"],
    "M-MARRIAGE-DECLARATION": ["声明书", "结婚声明", "声明"],
    "M-BDC-APP": ["申请表", "登记申请书", "过户申请表"],
    "M-YC-APP": ["申请表", "烟草证申请表", "申请书"],
    "M-CG-SIGN-APP": ["申请表", "招牌申请表", "店招申请表"],
    "M-RESIDENCE-PERMIT-FORM": ["申请表", "登记表", "居住证申请表", "办居住证的表"],
}
PERSON_WORDS = {
    "male": ["男方", "老公", "新郎", "男方的"], "female": ["女方", "老婆", "新娘", "女方的"],
    "seller": ["卖方", "卖家", "转让方"], "buyer": ["买方", "我的", "受让方"], "agent": ["代办人"],
    "landlord": ["房东"], "applicant": ["", "", "本人"],
}
SIDE_WORDS = {"front": ["正面", "人像面", "正面照"], "back": ["反面", "背面", "国徽面"]}


def words(doc: Doc, side: str, n_files: int, rng: random.Random) -> str:
    base = rng.choice(WORDS.get(doc.material, []) + catalog.materials().get(doc.material, {}).get("aliases", [])[:3]
                      or [catalog.materials()[doc.material]["name"]])
    who = rng.choice(PERSON_WORDS.get(doc.person or "", [""])) if doc.kind in ("id_card", "hukou", "marriage_cert", "form") else ""
    if doc.role == "property" and doc.material == "M-PROPERTY-CERT" and doc.person and doc.person != "applicant":
        who = ""
    if doc.kind == "id_card":
        if side in SIDE_WORDS and n_files > 1:
            return f"{who}身份证{rng.choice(SIDE_WORDS[side])}"
        if n_files == 1:
            return f"{who}{rng.choice(['身份证正反面', '身份证', '身份证复印件', '身份证两面'])}"
    if side.startswith("page") and n_files > 1:
        return f"{base}{rng.choice(['', '第' + side[4:] + '页', side[4:], '（' + side[4:] + '）'])}"
    return f"{who}{base}"


def choose(doc: Doc, side: str, n_files: int, rng: random.Random) -> str | None:
    if doc.label_policy == "fixed":
        return None if rng.random() < 0.7 else rng.choice(["其他", "补充材料", "材料"])
    name = catalog.materials()[doc.material]["name"]
    readable = doc.kind in READABLE or (doc.kind in ("badfile", "picture") and doc.spec.get("was") in READABLE)
    r = rng.random()
    if doc.label_policy == "identify":
        return name if r < 0.35 else doc.material if r < 0.5 else words(doc, side, n_files, rng)
    if readable:
        return None if r < 0.3 else name if r < 0.5 else doc.material if r < 0.62 else words(doc, side, n_files, rng)
    return name if r < 0.4 else doc.material if r < 0.52 else words(doc, side, n_files, rng)
