"""Government documents drawn from scratch: 居民身份证 (both sides), 营业执照, 房屋租赁合同,
不动产权证书, 居民户口簿, 结婚证, and the materials pre-review does not read (photos, plans,
lists, letters), plus pictures that are no document at all.

Every function returns the page images and, for the fields a check needs, their boxes
(``{field: (page, (x0, y0, x1, y1))}``) so captures can keep glare off them — or put it on them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tools.prereview_independent import fonts
from tools.prereview_independent.draw import (
    INK_BLACK,
    INK_BLUE,
    Box,
    emblem,
    fingerprint,
    grid_lines,
    guilloche,
    hand_text,
    paper,
    paste_rgba,
    portrait,
    qr_like,
    seal,
    signature,
    text,
    wrap,
)
from tools.prereview_independent.people import cn_date

A4 = (1240, 1754)
A4_LAND = (1754, 1240)


@dataclass
class Pages:
    images: list[Image.Image]
    boxes: dict[str, tuple[int, Box]] = field(default_factory=dict)
    fonts_used: set[str] = field(default_factory=set)

    def add(self, name: str, page: int, box: Box) -> None:
        self.boxes.setdefault(name, (page, box))


def spaced(label: str) -> str:
    """A two-character label printed with a wide gap (名　　称)."""
    return label[0] + "　　" + label[1] if len(label) == 2 else label


# -- 居民身份证 ----------------------------------------------------------------------------------
CARD = (1200, 756)


def _card_background(rng: random.Random, front: bool) -> Image.Image:
    w, h = CARD
    img = Image.new("RGB", CARD, (246, 248, 246))
    d = ImageDraw.Draw(img)
    tint = (222, 236, 240) if front else (238, 236, 222)
    for y in range(h):
        t = y / h
        d.line((0, y, w, y), fill=tuple(int(a * (1 - t) + b * t) for a, b in zip((250, 250, 248), tint, strict=True)))
    guilloche(d, (0, int(h * 0.05), w, int(h * 0.95)), (214, 226, 232) if front else (230, 222, 206), rng, lines=18)
    return img


def id_front(p: dict, rng: random.Random, style: dict) -> Pages:
    img = _card_background(rng, True)
    d = ImageDraw.Draw(img)
    w, h = CARD
    lab = style["hei"]
    val = style["value"]
    mono = style["mono"]
    pages = Pages([img], fonts_used={lab.name, val.name, mono.name})
    lc = (70, 110, 160)
    ls, vs = 34, 40
    x_l, x_v = int(w * 0.065), int(w * 0.175)
    text(d, (x_l, h * 0.11), "姓  名", lab, ls, lc)
    pages.add("姓名", 0, text(d, (x_v, h * 0.10), p["姓名"], val, vs + 4, INK_BLACK))
    text(d, (x_l, h * 0.25), "性  别", lab, ls, lc)
    pages.add("性别", 0, text(d, (x_v, h * 0.245), p["性别"], val, vs, INK_BLACK))
    text(d, (w * 0.33, h * 0.25), "民  族", lab, ls, lc)
    text(d, (w * 0.44, h * 0.245), p["民族"], val, vs, INK_BLACK)
    b: dt.date = p["出生"]
    text(d, (x_l, h * 0.39), "出  生", lab, ls, lc)
    x = x_v
    for part, unit in ((str(b.year), "年"), (str(b.month), "月"), (str(b.day), "日")):
        bb = text(d, (x, h * 0.385), part, val, vs, INK_BLACK)
        x = bb[2] + 8
        ub = text(d, (x, h * 0.39), unit, lab, ls, lc)
        x = ub[2] + 22
    pages.add("出生", 0, (x_v, int(h * 0.385), x, int(h * 0.385 + vs * 1.3)))
    text(d, (x_l, h * 0.53), "住  址", lab, ls, lc)
    y = h * 0.525
    boxes = []
    for line in wrap(p["住址"], val, vs - 2, w * 0.43)[:3]:
        boxes.append(text(d, (x_v, y), line, val, vs - 2, INK_BLACK))
        y += (vs - 2) * 1.32
    pages.add("住址", 0, (boxes[0][0], boxes[0][1], max(bx[2] for bx in boxes), boxes[-1][3]))
    text(d, (x_l, h * 0.84), "公民身份号码", lab, ls, lc)
    pages.add("公民身份号码", 0, text(d, (w * 0.36, h * 0.825), p["公民身份号码"], mono, 50, INK_BLACK, spacing=5))
    ph = portrait(rng, p["性别"], int(w * 0.29), int(h * 0.62), background=(244, 246, 248))
    img.paste(ph, (int(w * 0.65), int(h * 0.1)))
    return pages


def id_back(p: dict, rng: random.Random, style: dict) -> Pages:
    img = _card_background(rng, False)
    d = ImageDraw.Draw(img)
    w, h = CARD
    pages = Pages([img], fonts_used={style["hei"].name, style["value"].name, style["title"].name})
    paste_rgba(img, emblem(int(h * 0.3)), (w * 0.07, h * 0.08))
    text(d, (w * 0.36, h * 0.12), "中华人民共和国", style["title"], 62, INK_BLACK, spacing=10)
    text(d, (w * 0.3, h * 0.3), "居民身份证", style["hei_bold"], 100, INK_BLACK, spacing=26)
    lc = (60, 60, 60)
    text(d, (w * 0.2, h * 0.69), "签发机关", style["hei"], 34, lc)
    pages.add("签发机关", 0, text(d, (w * 0.36, h * 0.685), p["签发机关"], style["value"], 38, INK_BLACK))
    text(d, (w * 0.2, h * 0.81), "有效期限", style["hei"], 34, lc)
    pages.add("有效期限", 0, text(d, (w * 0.36, h * 0.805), p["有效期限"], style["value"], 38, INK_BLACK))
    return pages


def round_corners(card: Image.Image, radius: int = 40) -> Image.Image:
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, card.width - 1, card.height - 1), radius=radius, fill=255)
    out = card.convert("RGBA")
    out.putalpha(mask)
    return out


def id_copy_page(front: Pages, back: Pages, rng: random.Random, arrangement: str, watermark: str | None,
                 style: dict) -> Pages:
    """Both sides photocopied on one A4 page (stacked) or side by side (landscape)."""
    if arrangement == "stacked":
        page = paper(*A4, rng)
        scale = rng.uniform(0.62, 0.7)
        cw, ch = int(CARD[0] * scale), int(CARD[1] * scale)
        x = (A4[0] - cw) // 2 + rng.randrange(-40, 40)
        positions = [(x, int(A4[1] * 0.1)), (x, int(A4[1] * 0.1) + ch + rng.randrange(80, 200))]
    else:
        page = paper(*A4_LAND, rng)
        scale = rng.uniform(0.64, 0.7)
        cw, ch = int(CARD[0] * scale), int(CARD[1] * scale)
        y = (A4_LAND[1] - ch) // 2 + rng.randrange(-60, 60)
        positions = [(70, y), (70 + cw + rng.randrange(40, 90), y)]
    out = Pages([page], fonts_used=front.fonts_used | back.fonts_used)
    for side, pos in zip((front, back), positions, strict=True):
        card = round_corners(side.images[0].resize((cw, ch), Image.Resampling.LANCZOS))
        page.paste(card, pos, card)
        for name, (_, bx) in side.boxes.items():
            out.add(name, 0, (int(pos[0] + bx[0] * scale), int(pos[1] + bx[1] * scale),
                              int(pos[0] + bx[2] * scale), int(pos[1] + bx[3] * scale)))
    if watermark:  # 仅供…使用 written across the copy, faint
        layer = Image.new("L", page.size, 0)
        ld = ImageDraw.Draw(layer)
        f = style["hei"]
        for k in range(3):
            ld.text((page.width * 0.12, page.height * (0.18 + 0.3 * k)), watermark, font=fonts.font(f, 46), fill=90)
        layer = layer.rotate(rng.uniform(12, 22), resample=Image.Resampling.BILINEAR)
        page.paste((120, 120, 160), (0, 0), layer)
    return out


# -- 营业执照 ------------------------------------------------------------------------------------
def _licence_fields(biz: dict) -> list[tuple[str, str]]:
    rows = [("统一社会信用代码", biz["统一社会信用代码"])]
    if biz["individual"]:
        rows += [("名称", biz["名称"] or ""), ("类型", "个体工商户"), ("经营者", biz["经营者"]),
                 ("组成形式", biz["组成形式"]), ("经营范围", biz["经营范围"]), ("注册日期", cn_date(biz["注册日期"])),
                 ("经营场所", biz["经营场所"])]
    else:
        rows += [("名称", biz["名称"]), ("类型", biz["类型"]), ("法定代表人", biz["法定代表人"]),
                 ("经营范围", biz["经营范围"]), ("注册资本", biz["注册资本"]), ("成立日期", cn_date(biz["成立日期"])),
                 ("营业期限", biz["营业期限"]), ("住所", biz["住所"])]
    return rows


def business_license(biz: dict, rng: random.Random, layout: str, style: dict) -> Pages:
    if layout == "electronic":
        return _licence_electronic(biz, rng, style)
    land = layout == "original"
    size = A4_LAND if land else A4
    img = paper(*size, rng, tint=(253, 251, 246))
    d = ImageDraw.Draw(img)
    w, h = size
    pages = Pages([img], fonts_used={style["title"].name, style["value"].name, style["label"].name})
    border = (176, 70, 52)
    for k in range(3):
        d.rectangle((24 + k * 9, 24 + k * 9, w - 24 - k * 9, h - 24 - k * 9), outline=border, width=3 if k != 1 else 1)
    guilloche(d, (40, 40, w - 40, 60), (200, 120, 100), rng, lines=2)
    guilloche(d, (40, h - 62, w - 40, h - 42), (200, 120, 100), rng, lines=2)
    em = emblem(150 if land else 160)
    paste_rgba(img, em, ((w - em.width) / 2, 70))
    title = "营 业 执 照"
    f_title = style["title"]
    tw = fonts.font(f_title, 104).getlength(title) + 4 * 30
    text(d, ((w - tw) / 2, 240), title, f_title, 104, INK_BLACK, spacing=30)
    if layout == "duplicate":
        text(d, (w / 2 - 70, 380), "（副  本）", style["label"], 40, INK_BLACK)
    lab, val = style["label"], style["value"]
    ls, vs = (32, 32) if land else (34, 34)
    text(d, (90, 110), "统一社会信用代码", lab, 28, INK_BLACK)
    pages.add("统一社会信用代码", 0, text(d, (90, 150), biz["统一社会信用代码"], style["mono"], 36, INK_BLACK, spacing=2))
    qr = qr_like(rng, 170)
    img.paste(qr, (w - 270, 90))
    note = "扫描二维码登录“国家企业信用信息公示系统”了解更多登记、备案、许可、监管信息"
    y: float = 270
    for line in wrap(note, lab, 16, 210):
        text(d, (w - 285, y), line, lab, 16, (80, 80, 80))
        y += 20
    rows = [r for r in _licence_fields(biz)[1:]]
    spaced_labels = style.get("spaced", True)
    if land:
        left = [r for r in rows if r[0] in ("名称", "类型", "经营者", "法定代表人", "经营范围")]
        right = [r for r in rows if r not in left]
        cols = [(left, 130, 330, 520), (right, 930, 1130, 500)]
        y0 = 430
    else:
        cols = [(rows, 140, 390, 720)]
        y0 = 480
    for col, xl, xv, wmax in cols:
        y = y0
        for label, value in col:
            shown = spaced(label) if spaced_labels and len(label) == 2 else label
            text(d, (xl, y), shown, lab, ls, INK_BLACK)
            lines = wrap(value, val, vs, wmax) if value else [""]
            if label == "经营范围":
                lines = lines[:5]
            first_box = None
            yy = float(y)
            for line in lines:
                bx = text(d, (xv, yy), line, val, vs, INK_BLACK)
                first_box = first_box or bx
                yy += vs * 1.45
            if value and first_box:
                pages.add(label, 0, (first_box[0], first_box[1], xv + int(wmax), int(yy)))
            y = max(y + ls * 2.2, yy + vs * 0.75)
    # 登记机关 and seal
    yb = h - (260 if land else 330)
    xb = w - (620 if land else 600)
    text(d, (xb, yb), "登记机关", lab, ls + 4, INK_BLACK)
    st = seal(biz["登记机关"], rng, 230, bottom="", face=style["label"])
    paste_rgba(img, st, (xb + 130, yb - 130))
    reg = biz["签发日期"]
    text(d, (xb + 80, yb + 120), f"{reg.year}  年  {reg.month:02d}  月  {reg.day:02d}  日", val, 30, INK_BLACK)
    pages.add("登记机关", 0, (xb, yb - 130, xb + 400, yb + 170))
    text(d, (90, h - 110), "国家企业信用信息公示系统网址：", lab, 20, (90, 90, 90))
    text(d, (w / 2 - 120, h - 82), "国家市场监督管理总局监制", lab, 20, (90, 90, 90))
    return pages


def _licence_electronic(biz: dict, rng: random.Random, style: dict) -> Pages:
    w, h = 900, 1900
    img = Image.new("RGB", (w, h), (242, 244, 247))
    d = ImageDraw.Draw(img)
    pages = Pages([img], fonts_used={style["label"].name, style["value"].name})
    d.rectangle((0, 0, w, 70), fill=(30, 30, 30))
    text(d, (40, 18), f"{rng.randrange(8, 21)}:{rng.randrange(10, 59)}", style["label"], 30, (255, 255, 255))
    d.rectangle((0, 70, w, 190), fill=(196, 38, 42))
    text(d, (w / 2 - 150, 100), "电子营业执照", style["label"], 50, (255, 255, 255))
    d.rounded_rectangle((30, 220, w - 30, h - 180), radius=24, fill=(255, 253, 248), outline=(210, 180, 160), width=3)
    em = emblem(120)
    paste_rgba(img, em, ((w - 120) / 2, 250))
    text(d, (w / 2 - 170, 390), "营业执照", style["title"], 84, INK_BLACK, spacing=8)
    y = 520
    for label, value in _licence_fields(biz):
        text(d, (80, y), label, style["label"], 28, (130, 100, 90))
        y += 40
        first = None
        for line in (wrap(value, style["value"], 32, w - 170) if value else [""])[:4]:
            bx = text(d, (80, y), line, style["value"], 32, INK_BLACK)
            first = first or bx
            y += 44
        if value and first:
            pages.add(label, 0, (first[0], first[1], w - 80, y))
        y += 22
    d.rounded_rectangle((120, h - 150, w - 120, h - 70), radius=40, fill=(196, 38, 42))
    text(d, (w / 2 - 90, h - 132), "亮照亮证", style["label"], 40, (255, 255, 255))
    return pages


# -- 房屋租赁合同 ---------------------------------------------------------------------------------
CLAUSES = [
    "甲方保证对出租房屋享有合法的出租权，房屋权属清楚，无查封、抵押等影响乙方使用的情形。",
    "乙方应按约定用途合理使用房屋及其附属设施，不得擅自改变房屋结构和用途；需要装修的，应事先征得甲方书面同意。",
    "租赁期内，房屋及附属设施的自然损坏由甲方负责维修；因乙方使用不当造成损坏的，由乙方负责修复或赔偿。",
    "租赁期内的水费、电费、燃气费、物业管理费及经营产生的各项费用由乙方承担，房屋租赁涉及的税费按有关规定承担。",
    "乙方应遵守国家法律法规和物业管理规定，依法经营，做好防火、防盗等安全工作，不得利用房屋从事违法活动。",
    "未经甲方书面同意，乙方不得将房屋转租、转借给他人使用。",
    "租赁期满，乙方如需续租，应提前一个月书面通知甲方，同等条件下乙方享有优先承租权。",
    "任何一方违反本合同约定的，应向对方支付相当于一个月租金的违约金；给对方造成损失的，还应赔偿损失。",
    "本合同未尽事宜，双方可另行协商签订补充协议，补充协议与本合同具有同等法律效力。",
    "因本合同发生争议的，双方协商解决；协商不成的，可向房屋所在地人民法院提起诉讼。",
    "本合同一式两份，甲乙双方各执一份，自双方签字（盖章）之日起生效。",
]


def _sign_block(img: Image.Image, d: ImageDraw.ImageDraw, y: float, parties: list[tuple[str, str, bool, bool]],
                style: dict, rng: random.Random, date_text: str, pages: Pages, page_no: int) -> float:
    """parties: (label, name, signed, sealed-or-fingerprint). Returns the y below the block."""
    x = 110
    col = (A4[0] - 220) / max(1, len(parties))
    for i, (label, name, signed, mark) in enumerate(parties):
        xx = x + i * col
        bx = text(d, (xx, y), label, style["body"], 32, INK_BLACK)
        if signed:
            sig = signature(name, style["hand"], 54, rng)
            paste_rgba(img, sig, (bx[2] + 10, y - 30))
            pages.add(f"签名:{label}", page_no, (bx[2] + 10, int(y - 30), bx[2] + 10 + sig.width, int(y - 30 + sig.height)))
            if mark:
                paste_rgba(img, fingerprint(rng, 64), (bx[2] + 20 + sig.width * 0.6, y - 20))
        else:
            pages.add(f"签名:{label}", page_no, (bx[2] + 10, int(y - 30), bx[2] + 260, int(y + 50)))
        text(d, (xx, y + 110), date_text, style["body"], 28, INK_BLACK)
    return y + 180


def lease(data: dict, rng: random.Random, layout: str, style: dict) -> Pages:
    """Two or three A4 pages; layouts: clauses, party_table, fill_blank (values by hand)."""
    pages = Pages([], fonts_used={style["body"].name, style["title"].name, style["hand"].name})
    hand = layout == "fill_blank"
    body, title_f = style["body"], style["title"]
    bs = style.get("size", 30)
    p1 = paper(*A4, rng)
    d = ImageDraw.Draw(p1)
    pages.images.append(p1)
    tw = fonts.font(title_f, 60).getlength("房屋租赁合同") + 5 * 12
    text(d, ((A4[0] - tw) / 2, 110), "房屋租赁合同", title_f, 60, INK_BLACK, spacing=12)
    text(d, (A4[0] - 430, 210), f"合同编号：TJZL-{data['编号']}", body, 24, (60, 60, 60))
    y = 280.0

    def value(x: float, yy: float, s: str, name: str, wmax: float = 760) -> float:
        number = s.isascii()
        bx: Box | None = None
        if hand:
            bx = hand_text(p1, (x, yy - 4), s, style["hand"], bs + (0 if number else 4), rng, INK_BLUE,
                           max_width=None if number else wmax)
            d.line((x - 6, bx[3] - 8, x + max(wmax * 0.6, bx[2] - x + 20), bx[3] - 8), fill=(50, 50, 50), width=2)
        else:
            lines = wrap(s, body, bs, wmax)
            for k, line in enumerate(lines):
                b2 = text(d, (x, yy + k * bs * 1.5), line, body, bs, INK_BLACK)
                bx = b2 if bx is None else (bx[0], bx[1], max(bx[2], b2[2]), b2[3])
        assert bx is not None
        if s:
            pages.add(name, 0, bx)
        return bx[3]

    lessor, lessee = data["出租方"], data["承租方"]
    if layout == "party_table":
        rows = [("出租方（甲方）", lessor, "证件号码", data["出租方证件号码"]),
                ("承租方（乙方）", lessee, "证件号码", data["承租方证件号码"])]
        cols = [90, 330, 560, 730, 1150]
        rys = [int(y)]
        for a, b, c, e in rows:
            yy = rys[-1]
            text(d, (cols[0] + 12, yy + 24), a, body, 26, INK_BLACK)
            pages.add({"出租方（甲方）": "出租方", "承租方（乙方）": "承租方"}[a], 0, text(d, (cols[1] + 12, yy + 22), b, body, bs, INK_BLACK))
            text(d, (cols[2] + 12, yy + 24), c, body, 26, INK_BLACK)
            pages.add(a[:3] + "证件号码", 0, text(d, (cols[3] + 8, yy + 24), e, style["mono"], 26, INK_BLACK))
            rys.append(yy + 80)
        for label, key in (("房屋坐落", "房屋坐落"), ("租赁期限", "租赁期限"), ("租　　金", "租金")):
            yy = rys[-1]
            text(d, (cols[0] + 12, yy + 24), label, body, 26, INK_BLACK)
            lines = wrap(data[key], body, bs, cols[-1] - cols[1] - 30)
            for k, line in enumerate(lines[:2]):
                bx = text(d, (cols[1] + 12, yy + 20 + k * bs * 1.4), line, body, bs, INK_BLACK)
                if k == 0:
                    pages.add(key, 0, bx)
            rys.append(yy + (80 if len(lines) == 1 else 120))
        grid_lines(d, rys, [cols[0], cols[1], cols[-1]], w=2)
        for r in range(2):
            d.line((cols[2], rys[r], cols[2], rys[r + 1]), fill=(40, 40, 40), width=2)
            d.line((cols[3], rys[r], cols[3], rys[r + 1]), fill=(40, 40, 40), width=2)
        y = rys[-1] + 40
        intro = "甲乙双方根据《中华人民共和国民法典》及有关规定，在平等、自愿、协商一致的基础上，就房屋租赁事宜订立本合同。"
    else:
        for label, key, idkey in (("出租方（甲方）：", "出租方", "出租方证件号码"), ("承租方（乙方）：", "承租方", "承租方证件号码")):
            bx = text(d, (100, y), label, body, bs, INK_BLACK)
            value(bx[2] + 6, y, data[key], key, 230)
            bx2 = text(d, (620, y), "证件号码：", body, bs - 2, INK_BLACK)
            value(bx2[2] + 4, y, data[idkey], idkey, A4[0] - bx2[2] - 90)
            y += bs * 2.1
        intro = "甲乙双方经协商一致，就下列房屋租赁事宜订立本合同，共同遵守。"
        y += 10
    for line in wrap(intro, body, bs - 2, A4[0] - 200):
        text(d, (100, y), line, body, bs - 2, INK_BLACK)
        y += (bs - 2) * 1.6
    y += 14
    if layout != "party_table":
        for num, label, key in (("第一条", "房屋坐落：", "房屋坐落"), ("第二条", "租赁期限：", "租赁期限"), ("第三条", "租金：", "租金")):
            bx = text(d, (100, y), f"{num} {label}", body, bs, INK_BLACK)
            bottom = value(bx[2] + 6, y, data[key], key, A4[0] - bx[2] - 130)
            y = max(y + bs * 1.9, bottom + 16)
        text(d, (100, y), f"第四条 房屋用途：{data['用途']}；建筑面积{data['面积']}平方米。", body, bs, INK_BLACK)
        y += bs * 2
        clause_no = 5
    else:
        text(d, (100, y), f"第一条 房屋用途为{data['用途']}，建筑面积{data['面积']}平方米。", body, bs, INK_BLACK)
        y += bs * 2
        clause_no = 2
    nums = "一二三四五六七八九十"
    page_no = 0
    page = p1
    for clause in CLAUSES:
        label = f"第{nums[clause_no - 1] if clause_no <= 10 else '十' + nums[clause_no - 11]}条 "
        lines = wrap(label + clause, body, bs - 2, A4[0] - 200)
        if y + len(lines) * (bs - 2) * 1.6 > A4[1] - 160:
            text(d, (A4[0] / 2 - 40, A4[1] - 90), f"第 {page_no + 1} 页", body, 22, (90, 90, 90))
            page = paper(*A4, rng)
            d = ImageDraw.Draw(page)
            pages.images.append(page)
            page_no += 1
            y = 140.0
        for line in lines:
            text(d, (100, y), line, body, bs - 2, INK_BLACK)
            y += (bs - 2) * 1.6
        y += 8
        clause_no += 1
    if y > A4[1] - 520:
        text(d, (A4[0] / 2 - 40, A4[1] - 90), f"第 {page_no + 1} 页", body, 22, (90, 90, 90))
        page = paper(*A4, rng)
        d = ImageDraw.Draw(page)
        pages.images.append(page)
        page_no += 1
        y = 160.0
        text(d, (100, y), "（以下无正文，为签署页）", body, 28, INK_BLACK)
        y += 120
    y += 60
    _sign_block(page, d, y, [("甲方（签字）：", lessor, data["甲方签字"], True), ("乙方（签字）：", lessee, data["乙方签字"], True)],
                style, rng, f"签订日期：{data['签订日期']}", pages, page_no)
    text(d, (A4[0] / 2 - 40, A4[1] - 90), f"第 {page_no + 1} 页", body, 22, (90, 90, 90))
    return pages


# -- 不动产权证书 ---------------------------------------------------------------------------------
PROPERTY_ROWS = ["权利人", "共有情况", "坐落", "不动产单元号", "权利类型", "权利性质", "用途", "面积", "使用期限", "权利其他状况"]


def property_cert(data: dict, rng: random.Random, layout: str, style: dict) -> Pages:
    body, title = style["body"], style["title"]
    if layout == "spread":
        img = paper(*A4_LAND, rng, tint=(250, 248, 240))
        ox = A4_LAND[0] // 2
    else:
        img = paper(*A4, rng, tint=(250, 248, 240))
        ox = 0
    d = ImageDraw.Draw(img)
    pages = Pages([img], fonts_used={body.name, title.name})
    if layout == "spread":  # the left page: the registration authority's seal
        d.line((ox, 40, ox, A4_LAND[1] - 40), fill=(200, 190, 170), width=3)
        text(d, (150, 180), "中华人民共和国", title, 44, INK_BLACK, spacing=6)
        text(d, (130, 250), "不动产权证书", title, 70, INK_BLACK, spacing=8)
        lines = wrap("根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利人申请登记的本证所列不动产权利，经审查核实，准予登记，颁发此证。", body, 26, 620)
        y: float = 420
        for line in lines:
            text(d, (110, y), line, body, 26, INK_BLACK)
            y += 42
        paste_rgba(img, seal("桐江市不动产登记局", rng, 250, bottom="登记专用章", face=body), (330, 640))
        text(d, (320, 930), "登记机构（章）", body, 28, INK_BLACK)
        text(d, (300, 990), cn_date(data["登记日期"]).replace("年", " 年 ").replace("月", " 月 ").replace("日", " 日"), body, 28, INK_BLACK)
        text(d, (110, 1120), f"编号 NO {data['证号序']}", style["mono"], 26, (160, 40, 40))
    w = (A4_LAND[0] // 2) if layout == "spread" else A4[0]
    y = 90 if layout == "spread" else 120
    x0 = ox + (50 if layout == "spread" else 90)
    x1 = ox + w - (40 if layout == "spread" else 90)
    if layout != "spread":
        tw = fonts.font(title, 54).getlength("不动产权证书") + 5 * 10
        text(d, (ox + (w - tw) / 2, y), "不动产权证书", title, 54, INK_BLACK, spacing=10)
        y += 100
    pages.add("证号", 0, text(d, (x0, y), data["证号"], body, 30, INK_BLACK))
    y += 70.0
    lw = 200 if layout != "spread" else 170
    vs = 28 if layout != "spread" else 24
    if layout == "list":
        for row in PROPERTY_ROWS:
            bx = text(d, (x0, y), f"{row}：", body, vs + 2, INK_BLACK)
            yy = float(y)
            first = None
            for line in wrap(data[row], body, vs, x1 - bx[2] - 10):
                b2 = text(d, (bx[2] + 6, yy), line, body, vs, INK_BLACK)
                first = first or b2
                yy += vs * 1.45
            if first:
                pages.add(row, 0, (first[0], first[1], x1, int(yy)))
            y = max(y + vs * 2.1, yy + 14)
        text(d, (x0, y + 20), "附记：", body, vs, INK_BLACK)
    else:
        rows = [int(y)]
        for row in PROPERTY_ROWS:
            lines = wrap(data[row], body, vs, x1 - x0 - lw - 30)
            hgt = int(max(70, len(lines) * vs * 1.45 + 30))
            top = rows[-1]
            text(d, (x0 + 14, top + (hgt - vs) / 2), row, body, vs if len(row) < 6 else vs - 4, INK_BLACK)
            first = None
            for k, line in enumerate(lines):
                b2 = text(d, (x0 + lw + 14, top + 15 + k * vs * 1.45), line, body, vs, INK_BLACK)
                first = first or b2
            if first:
                pages.add(row, 0, (first[0], first[1], x1, top + hgt))
            rows.append(top + hgt)
        grid_lines(d, rows, [x0, x0 + lw, x1], w=2)
        text(d, (x0, rows[-1] + 30), "附记", body, vs, INK_BLACK)
    return pages


# -- 居民户口簿 -----------------------------------------------------------------------------------
def hukou(data: dict, rng: random.Random, layout: str, style: dict) -> Pages:
    body, title = style["body"], style["title"]
    vf = style["value"]
    two = layout == "two_page"
    size = A4_LAND if two else A4
    img = paper(*size, rng, tint=(246, 249, 246))
    d = ImageDraw.Draw(img)
    pages = Pages([img], fonts_used={body.name, title.name, vf.name})
    pw = size[0] // 2 if two else size[0]
    ox = pw if two else 0
    if two:  # 户主页 on the left
        d.line((pw, 30, pw, size[1] - 30), fill=(190, 200, 190), width=3)
        text(d, (pw / 2 - 150, 110), "居 民 户 口 簿", title, 50, INK_BLACK)
        head_rows = [("户别", data["户别"]), ("户主姓名", data["户主"]), ("户号", data["户号"]), ("住址", data["住址"])]
        y = 260
        for label, value in head_rows:
            text(d, (90, y), label, body, 30, INK_BLACK)
            lines = wrap(value, vf, 30, pw - 320)
            for k, line in enumerate(lines):
                bx = text(d, (260, y + k * 44), line, vf, 30, INK_BLACK)
                if k == 0 and label in ("户号", "住址"):
                    pages.add(label, 0, bx)
            y += 44 * len(lines) + 50
        paste_rgba(img, seal(data["登记机关"], rng, 240, bottom="户口专用章", face=body), (200, y + 20))
        text(d, (140, y + 300), f"签发日期  {cn_date(data['签发日期'])}", body, 26, INK_BLACK)
    x0, x1 = ox + 60, ox + pw - 60
    y = 110
    tw = fonts.font(title, 48).getlength("常住人口登记卡") + 6 * 8
    text(d, (ox + (pw - tw) / 2, y), "常住人口登记卡", title, 48, INK_BLACK, spacing=8)
    y += 110
    cells = [
        [("姓名", data["姓名"]), ("户主或与户主关系", data["户主或与户主关系"])],
        [("曾用名", ""), ("性别", data["性别"])],
        [("出生地", data["出生地"]), ("民族", data["民族"])],
        [("籍贯", data["籍贯"]), ("出生日期", cn_date(data["出生日期"]))],
        [("本市（县）其他住址", "")],
        [("宗教信仰", ""), ("公民身份号码", data["公民身份号码"])],
        [("身高", f"{data['身高']}厘米"), ("血型", data["血型"])],
        [("文化程度", data["文化程度"]), ("婚姻状况", data["婚姻状况"])],
        [("兵役状况", data["兵役状况"]), ("服务处所", data["服务处所"])],
        [("职业", data["职业"]), ("户号", data["户号"])],
        [("何时由何地迁来本市（县）", data["迁来"])],
        [("住址", data["住址"])],
    ]
    vs = 24 if two else 28
    lw = int((x1 - x0) * 0.19)
    half = (x1 - x0) // 2
    rows = [y]
    d2 = d
    for row in cells:
        top = rows[-1]
        hgt = 66
        if len(row) == 1:
            label, value = row[0]
            lines = wrap(value, vf, vs, x1 - x0 - lw * 1.6)
            hgt = max(66, int(len(lines) * vs * 1.4 + 26))
            for k, ln in enumerate(wrap(label, body, vs - 6, lw * 1.5)):
                text(d2, (x0 + 8, top + 10 + k * (vs - 2)), ln, body, vs - 6, INK_BLACK)
            for k, line in enumerate(lines):
                bx = text(d2, (x0 + lw * 1.6 + 10, top + 14 + k * vs * 1.4), line, vf, vs, INK_BLACK)
                if k == 0 and value:
                    pages.add(label, 0, bx)
            d2.line((x0 + lw * 1.6, top, x0 + lw * 1.6, top + hgt), fill=(60, 60, 60), width=2)
        else:
            for c, (label, value) in enumerate(row):
                cx = x0 + c * half
                for k, ln in enumerate(wrap(label, body, vs - 6, lw - 12)):
                    text(d2, (cx + 8, top + 10 + k * (vs - 3)), ln, body, vs - 6, INK_BLACK)
                f = style["mono"] if label == "公民身份号码" else vf
                fs = vs
                while fs > 12 and fonts.font(f, fs).getlength(value) > half - lw - 16:
                    fs -= 1
                bx = text(d2, (cx + lw + 8, top + 18), value, f, fs, INK_BLACK)
                if value:
                    pages.add(label, 0, bx)
                d2.line((cx + lw, top, cx + lw, top + hgt), fill=(60, 60, 60), width=2)
            d2.line((x0 + half, top, x0 + half, top + hgt), fill=(60, 60, 60), width=2)
        rows.append(top + hgt)
    for yy in rows:
        d2.line((x0, yy, x1, yy), fill=(60, 60, 60), width=2)
    d2.line((x0, rows[0], x0, rows[-1]), fill=(60, 60, 60), width=2)
    d2.line((x1, rows[0], x1, rows[-1]), fill=(60, 60, 60), width=2)
    yb = rows[-1] + 40
    text(d2, (x0, yb), "承办人签章：", body, 24, INK_BLACK)
    text(d2, (x0 + half, yb), f"登记日期：{cn_date(data['登记日期'])}", body, 24, INK_BLACK)
    if not two:
        paste_rgba(img, seal(data["登记机关"], rng, 210, bottom="户口专用章", face=body), (x0 + half - 60, yb - 100))
    return pages


# -- 结婚证 ---------------------------------------------------------------------------------------
def marriage_cert(data: dict, rng: random.Random, layout: str, style: dict) -> Pages:
    body, vf = style["body"], style["value"]
    spread = layout == "spread"
    size = A4_LAND if spread else A4
    img = paper(*size, rng, tint=(252, 246, 240))
    d = ImageDraw.Draw(img)
    pages = Pages([img], fonts_used={body.name, vf.name})
    pw = size[0] // 2 if spread else size[0]
    if spread:
        d.line((pw, 30, pw, size[1] - 30), fill=(200, 170, 160), width=3)
        text(d, (pw / 2 - 170, 150), "结  婚  证", style["title"], 80, (170, 30, 30))
        paste_rgba(img, seal(data["登记机关"], rng, 260, bottom="婚姻登记专用章", face=body), (pw / 2 - 130, 420))
        text(d, (110, 800), "登记机关", body, 30, INK_BLACK)
    ox = pw if spread else 0
    x0 = ox + 80
    y = 80 if spread else 120
    for label, key in (("持证人", "持证人"), ("登记日期", "登记日期"), ("结婚证字号", "结婚证字号")):
        text(d, (x0, y), label, body, 30, INK_BLACK)
        pages.add(key, 0, text(d, (x0 + 200, y - 2), data[key], vf, 32, INK_BLACK))
        y += 56 if spread else 70
    text(d, (x0, y), "备注", body, 30, INK_BLACK)
    y += 56 if spread else 80
    step = 38 if spread else 50
    ph = Image.new("RGB", (int(pw * (0.36 if spread else 0.5)), int(pw * (0.24 if spread else 0.34))), (200, 30, 40))
    for k, sex in enumerate(("男", "女")):
        face = portrait(rng, sex, ph.width // 2, ph.height, background=(200, 30, 40))
        ph.paste(face, (k * ph.width // 2, 0))
    img.paste(ph, (int(ox + (pw - ph.width) / 2), int(y)))
    y += ph.height + (30 if spread else 50)
    for who in ("男方", "女方"):
        rows_of: list[tuple[str, str | None]] = [("姓名", f"{who}姓名"), ("性别", None), ("国籍", None), ("出生日期", None),
                                                  ("身份证件号", f"{who}身份证件号")]
        for label, fkey in rows_of:
            value = data[fkey] if fkey else {"性别": "男" if who == "男方" else "女", "国籍": "中国", "出生日期": data[f"{who}出生日期"]}[label]
            text(d, (x0, y), label, body, 28, INK_BLACK)
            f = style["mono"] if label == "身份证件号" else vf
            bx = text(d, (x0 + 190, y - 2), value, f, 30, INK_BLACK)
            if fkey:
                pages.add(fkey, 0, bx)
            y += step
        y += 14 if spread else 30
    if not spread:
        paste_rgba(img, seal(data["登记机关"], rng, 220, bottom="婚姻登记专用章", face=body), (pw - 360, 160))
    return pages


# -- materials pre-review does not read -------------------------------------------------------------
def couple_photo(rng: random.Random) -> Pages:
    w, h = 700, 490
    img = Image.new("RGB", (w, h), (205, 28, 38))
    for k, sex in enumerate(("男", "女")):
        img.paste(portrait(rng, sex, w // 2, h, background=(205, 28, 38)), (k * w // 2, 0))
    return Pages([img])


def text_page(title: str, paragraphs: list[str], rng: random.Random, style: dict, sign: tuple[str, str, str] | None = None,
              seal_of: str | None = None, table: list[list[str]] | None = None) -> Pages:
    img = paper(*A4, rng)
    d = ImageDraw.Draw(img)
    body, tf = style["body"], style["title"]
    pages = Pages([img], fonts_used={body.name, tf.name})
    tw = fonts.font(tf, 50).getlength(title)
    text(d, ((A4[0] - tw) / 2, 120), title, tf, 50, INK_BLACK)
    y = 240.0
    for para in paragraphs:
        for line in wrap(para, body, 30, A4[0] - 220):
            text(d, (110, y), line, body, 30, INK_BLACK)
            y += 48
        y += 16
    if table:
        cols = [110, 110 + (A4[0] - 220) * 0.3, 110 + (A4[0] - 220) * 0.65, A4[0] - 110]
        rows = [int(y)]
        for r in table:
            for c, cell in enumerate(r[:3]):
                text(d, (cols[c] + 10, rows[-1] + 16), cell, body, 26, INK_BLACK)
            rows.append(rows[-1] + 60)
        grid_lines(d, rows, [int(c) for c in cols])
        y = rows[-1] + 40
    if sign:
        bx = text(d, (A4[0] - 560, y + 60), sign[0], body, 30, INK_BLACK)
        paste_rgba(img, signature(sign[1], style["hand"], 54, rng), (bx[2] + 10, y + 30))
        text(d, (A4[0] - 560, y + 160), sign[2], body, 28, INK_BLACK)
    if seal_of:
        paste_rgba(img, seal(seal_of, rng, 240, face=body), (A4[0] - 420, y + 20))
    return pages


def floor_plan(rng: random.Random, style: dict, name: str) -> Pages:
    img = paper(*A4_LAND, rng)
    d = ImageDraw.Draw(img)
    body = style["body"]
    text(d, (120, 70), f"{name} 经营场所平面布局图", style["title"], 44, INK_BLACK)
    x0, y0, x1, y1 = 140, 180, 1250, 1080
    d.rectangle((x0, y0, x1, y1), outline=INK_BLACK, width=6)
    rooms = ["粗加工区", "切配区", "烹饪区", "备餐区", "餐用具清洗消毒区", "库房", "就餐区", "更衣室"]
    rng.shuffle(rooms)
    xs = [x0, x0 + (x1 - x0) * rng.uniform(0.3, 0.4), x0 + (x1 - x0) * rng.uniform(0.6, 0.7), x1]
    ys = [y0, y0 + (y1 - y0) * rng.uniform(0.4, 0.55), y1]
    k = 0
    for i in range(3):
        for j in range(2):
            d.rectangle((xs[i], ys[j], xs[i + 1], ys[j + 1]), outline=INK_BLACK, width=3)
            area = rng.uniform(4, 30)
            text(d, (xs[i] + 20, ys[j] + 30), rooms[k], body, 30, INK_BLACK)
            text(d, (xs[i] + 20, ys[j] + 75), f"{area:.1f}㎡", body, 26, (60, 60, 60))
            k += 1
    y = 200
    text(d, (1300, y), "主要设备设施", style["title"], 32, INK_BLACK)
    for item in ["冷藏冷冻柜 2台", "消毒柜 1台", "油烟净化器 1套", "防蝇帘 3处", "灭蝇灯 2个", "洗手池 2个", "留样柜 1台"]:
        y += 56
        text(d, (1300, y), "· " + item, body, 28, INK_BLACK)
    text(d, (1300, 1000), "比例 1:100", body, 26, INK_BLACK)
    return Pages([img], fonts_used={body.name})


def sign_design(rng: random.Random, style: dict, shop: str, dims: str) -> Pages:
    img = Image.new("RGB", A4_LAND, (205, 215, 225))
    d = ImageDraw.Draw(img)
    for y in range(0, A4_LAND[1]):
        d.line((0, y, A4_LAND[0], y), fill=(190 - y // 20, 205 - y // 25, 225 - y // 30))
    d.rectangle((200, 360, 1550, 1240), fill=(200, 196, 188))
    for k in range(4):
        d.rectangle((260 + k * 330, 700, 520 + k * 330, 1100), fill=(120, 140, 160), outline=(80, 80, 80), width=4)
    color = rng.choice([(180, 30, 40), (20, 70, 140), (30, 110, 60)])
    d.rectangle((230, 420, 1520, 620), fill=color)
    sf = style["title"]
    label = shop[-10:] if len(shop) > 10 else shop
    tw = fonts.font(sf, 110).getlength(label)
    text(d, ((A4_LAND[0] - tw) / 2, 455), label, sf, 110, (255, 255, 255))
    text(d, (230, 640), f"← {dims} →", style["body"], 34, INK_BLACK)
    text(d, (60, 60), "招牌设计效果图", style["title"], 52, INK_BLACK)
    text(d, (60, 140), "材质：铝塑板底板+亚克力发光字  照明：内透光", style["body"], 32, INK_BLACK)
    return Pages([img], fonts_used={sf.name})


# -- no document at all ---------------------------------------------------------------------------
def picture(kind: str, rng: random.Random, style: dict) -> Pages:
    w, h = (1200, 900) if kind != "chat" else (720, 1440)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    if kind == "cat":
        d.rectangle((0, 0, w, h), fill=(150, 120, 95))
        d.rectangle((0, h * 0.65, w, h), fill=(110, 80, 60))
        fur = rng.choice([(230, 150, 60), (90, 90, 90), (240, 240, 235), (60, 50, 45)])
        cx, cy = w * rng.uniform(0.4, 0.6), h * 0.6
        d.ellipse((cx - 260, cy - 120, cx + 260, cy + 180), fill=fur)
        d.ellipse((cx - 170, cy - 330, cx + 90, cy - 90), fill=fur)
        d.polygon([(cx - 160, cy - 260), (cx - 140, cy - 400), (cx - 70, cy - 300)], fill=fur)
        d.polygon([(cx + 10, cy - 300), (cx + 70, cy - 400), (cx + 80, cy - 250)], fill=fur)
        for ex in (cx - 100, cx + 10):
            d.ellipse((ex - 22, cy - 250, ex + 22, cy - 200), fill=(120, 190, 80))
            d.ellipse((ex - 6, cy - 245, ex + 6, cy - 205), fill=(10, 10, 10))
        d.polygon([(cx - 55, cy - 175), (cx - 35, cy - 175), (cx - 45, cy - 160)], fill=(230, 120, 130))
        for s in (-1, 1):
            for k in range(3):
                d.line((cx - 45, cy - 160, cx - 45 + s * 170, cy - 190 + k * 30), fill=(250, 250, 250), width=2)
        d.arc((cx + 150, cy - 50, cx + 420, cy + 220), 200, 340, fill=fur, width=40)
    elif kind == "landscape":
        for y in range(h):
            t = y / h
            d.line((0, y, w, y), fill=(int(120 + 100 * t), int(170 + 60 * t), int(235 - 20 * t)))
        d.ellipse((w * 0.75, 80, w * 0.75 + 110, 190), fill=(255, 230, 150))
        for k, col in enumerate([(110, 130, 150), (80, 110, 90), (60, 90, 60)]):
            pts: list[tuple[float, float]] = [(0, h)]
            for x in range(0, w + 60, 60):
                pts.append((x, h * (0.35 + 0.12 * k) + 80 * math.sin(x / (150 + 40 * k) + rng.uniform(0, 0.3) + k)))
            pts.append((w, h))
            d.polygon(pts, fill=col)
        d.rectangle((0, h * 0.8, w, h), fill=(70, 120, 160))
    elif kind == "food":
        d.rectangle((0, 0, w, h), fill=(120, 85, 60))
        d.ellipse((200, 120, 1000, 820), fill=(245, 245, 240))
        d.ellipse((300, 220, 900, 720), fill=(200, 120, 60))
        for _k in range(60):
            fx, fy = rng.uniform(340, 860), rng.uniform(260, 680)
            d.arc((fx - 60, fy - 20, fx + 60, fy + 20), rng.uniform(0, 180), rng.uniform(180, 360), fill=(250, 220, 150), width=6)
        for _k in range(12):
            fx, fy = rng.uniform(360, 840), rng.uniform(280, 660)
            d.ellipse((fx - 14, fy - 14, fx + 14, fy + 14), fill=(60, 150, 60))
    elif kind == "flower":
        d.rectangle((0, 0, w, h), fill=(70, 120, 60))
        for _k in range(7):
            cx, cy = rng.uniform(150, w - 150), rng.uniform(150, h - 150)
            col = rng.choice([(230, 80, 120), (250, 200, 60), (240, 240, 250), (200, 60, 60)])
            for a in range(0, 360, 60):
                r = math.radians(a)
                d.ellipse((cx + 50 * math.cos(r) - 45, cy + 50 * math.sin(r) - 45, cx + 50 * math.cos(r) + 45, cy + 50 * math.sin(r) + 45), fill=col)
            d.ellipse((cx - 30, cy - 30, cx + 30, cy + 30), fill=(250, 210, 60))
    else:  # chat: a phone screenshot of a conversation
        d.rectangle((0, 0, w, 110), fill=(237, 237, 237))
        text(d, (w / 2 - 60, 40), "家人群(5)", style["body"], 32, INK_BLACK)
        d.rectangle((0, 110, w, h), fill=(245, 245, 245))
        y = 150
        lines = ["明天几点出发？", "八点半吧，先去市民中心", "记得带材料", "好的👌", "晚上一起吃饭吗", "我订了桌，六点", "收到"]
        for k, line in enumerate(lines):
            mine = k % 2 == 1
            tw = fonts.font(style["body"], 30).getlength(line) + 40
            x = int(w - tw - 120) if mine else 120
            d.rounded_rectangle((x, y, x + tw, y + 70), radius=12, fill=(149, 236, 105) if mine else (255, 255, 255))
            text(d, (x + 20, y + 16), line.replace("👌", ""), style["body"], 30, INK_BLACK)
            d.rectangle((w - 100 if mine else 20, y, w - 30 if mine else 90, y + 70), fill=(150, 170, 200) if mine else (220, 180, 140))
            y += 120
    grain = np.random.default_rng(rng.randrange(2**32)).normal(128, 18, (img.size[1], img.size[0], 1)).clip(0, 255)
    noise = Image.fromarray(np.repeat(grain, 3, axis=2).astype(np.uint8))
    img = Image.blend(img, noise, 0.06) if kind != "chat" else img
    return Pages([img.filter(ImageFilter.GaussianBlur(1.0 if kind != "chat" else 0.4))], fonts_used={style["body"].name})
