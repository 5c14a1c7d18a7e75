"""From a planned document to uploaded files: choose how it looks (layout, fonts, by hand or
typed) and how it is captured (drawn, scanned, photographed, as PDF or Word), then draw it."""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass

from PIL import Image, ImageDraw

from tools.prereview_independent import capture, documents, fonts, forms
from tools.prereview_independent.draw import INK_BLACK, INK_BLUE, hand_text, paste_rgba, signature
from tools.prereview_independent.model import Doc


@dataclass
class OutFile:
    suffix: str  # file extension, with the dot
    data: bytes
    side: str  # main, front, back, page1, page2…
    what: str  # a short description for the notes


def style_for(rng: random.Random) -> dict:
    return {
        "title": fonts.pick(rng.choice(["song", "hei_bold", "kai"]), rng),
        "label": fonts.pick(rng.choice(["song", "hei", "song"]), rng),
        "value": fonts.pick(rng.choice(["song", "hei", "kai"]), rng),
        "body": fonts.pick(rng.choice(["song", "song", "hei"]), rng),
        "hei": fonts.pick("hei", rng),
        "hei_bold": fonts.pick("hei_bold", rng),
        "mono": fonts.pick("mono", rng),
        "hand": fonts.pick("hand", rng),
        "size": rng.choice([26, 28, 30, 32]),
        "title_size": rng.choice([46, 52, 56]),
        "ink": rng.choice([INK_BLUE, INK_BLACK, (20, 20, 90)]),
        "jitter": rng.uniform(0.7, 1.3),
        "spaced": rng.random() < 0.6,
    }


def present(doc: Doc, rng: random.Random) -> None:
    """Choose layout, medium and capture for a document (before defects may change them)."""
    def cap() -> str:
        r = rng.random()
        return "photo" if r < 0.33 else "glare" if r < 0.45 else "scan" if r < 0.75 else "digital"

    k = doc.kind
    if k == "id_card":
        doc.layout = rng.choices(["cards", "copy_stacked", "copy_side", "cards_photo"], [0.45, 0.3, 0.15, 0.1])[0]
        doc.medium = "image" if doc.layout != "copy_stacked" or rng.random() < 0.6 else "pdf_scan"
        doc.capture = "photo" if doc.layout == "cards_photo" else cap()
    elif k == "business_license":
        doc.layout = rng.choices(["original", "duplicate", "electronic"], [0.4, 0.4, 0.2])[0]
        doc.capture = "digital" if doc.layout == "electronic" else cap()
        doc.medium = "image" if doc.capture != "scan" or rng.random() < 0.5 else "pdf_scan"
    elif k == "lease":
        doc.layout = rng.choice(["clauses", "party_table", "fill_blank"])
        doc.medium = rng.choices(["pdf_scan", "pages", "docx"], [0.45, 0.35, 0.2 if doc.layout != "fill_blank" else 0])[0]
        doc.capture = "scan" if doc.medium == "pdf_scan" else rng.choice(["photo", "scan", "glare"])
    elif k in ("property_cert", "hukou", "marriage_cert"):
        doc.layout = {"property_cert": ["register_table", "spread", "list"], "hukou": ["resident_page", "two_page", "copy"],
                      "marriage_cert": ["inner", "spread", "copy"]}[k][rng.randrange(3)]
        doc.capture = "scan" if doc.layout == "copy" else cap()
        doc.medium = "pdf_scan" if doc.capture == "scan" and rng.random() < 0.4 else "image"
    elif k == "form":
        layouts = ["beside", "above", "grid"] + (["parties", "parties"] if doc.spec.get("parties") else [])
        doc.layout = rng.choice(layouts)
        doc.hand = rng.random() < 0.35
        if doc.hand:
            doc.medium = rng.choice(["image", "image", "pdf_scan"])
        else:
            doc.medium = rng.choices(["image", "pdf_scan", "pdf_text", "docx"], [0.35, 0.15, 0.2, 0.3])[0]
            if doc.medium == "pdf_text" and doc.layout in ("above", "parties"):
                doc.layout = rng.choice(["beside", "grid"])
        doc.capture = cap() if doc.medium == "image" else "scan"
    elif k in ("text", "plan", "design", "photo"):
        doc.medium = rng.choice(["image", "image", "pdf_scan"]) if k != "photo" else "image"
        doc.capture = rng.choice(["photo", "scan", "digital"]) if k != "photo" else "digital"
    elif k == "picture":
        doc.medium, doc.capture = "image", "digital"
    if doc.medium == "pdf_scan":
        doc.capture = "scan"
    elif doc.medium in ("docx", "pdf_text"):
        doc.capture = "digital"


def _form_data(doc: Doc) -> forms.FormData:
    spec = doc.spec
    fields = [forms.Field(k, spec["labels"][k], v, spec["parties"].get(k)) for k, v in doc.data.items()]
    fields += [forms.Field(k, k, v) for k, v in spec["extras"]]
    signers = [forms.Signer(s["label"], s["name"], s["signed"], s.get("seal_of"), s.get("fingerprint", False))
               for s in spec["signers"]]
    return forms.FormData(doc.material, spec["title"], fields, signers, spec["statement"], spec["date_text"], spec["subtitle"])


def _draw(doc: Doc, rng: random.Random, style: dict) -> documents.Pages:
    k = doc.kind
    if k == "business_license":
        return documents.business_license(doc.data, rng, doc.layout, style)
    if k == "lease":
        return documents.lease(doc.data, rng, doc.layout, style)
    if k == "property_cert":
        return documents.property_cert(doc.data, rng, doc.layout, style)
    if k == "hukou":
        pages = documents.hukou(doc.data, rng, "resident_page" if doc.layout == "copy" else doc.layout, style)
        if doc.layout == "copy":  # a copy certified by hand
            img = pages.images[0]
            hand_text(img, (700, 1580), "此复印件与原件一致", style["hand"], 34, rng, INK_BLUE)
            paste_rgba(img, signature(doc.data["姓名"], style["hand"], 44, rng, INK_BLUE), (820, 1630))
        return pages
    if k == "marriage_cert":
        return documents.marriage_cert(doc.data, rng, "inner" if doc.layout == "copy" else doc.layout, style)
    if k == "form":
        return forms.render(_form_data(doc), doc.layout, style, rng, doc.hand)
    if k == "photo":
        return documents.couple_photo(rng)
    if k == "plan":
        return documents.floor_plan(rng, style, doc.spec["name"])
    if k == "design":
        return documents.sign_design(rng, style, doc.spec["shop"], doc.spec["dims"])
    if k == "text":
        s = doc.spec
        return documents.text_page(s["title"], s["paragraphs"], rng, style, sign=s.get("sign"), seal_of=s.get("seal"),
                                   table=s.get("table"))
    if k == "picture":
        return documents.picture(doc.spec["picture"], rng, style)
    raise ValueError(k)


def _shoot(img: Image.Image, doc: Doc, rng: random.Random, pages: documents.Pages, page: int,
           capture_kind: str | None = None) -> Image.Image:
    how = capture_kind or doc.capture
    if doc.degrade and doc.degrade.startswith("glare:"):
        out, _ = capture.photo(img, rng, pages.boxes, page, glare=doc.degrade.split(":", 1)[1])
        return out
    if how == "photo":
        out, _ = capture.photo(img, rng)
    elif how == "glare":
        out, _ = capture.photo(img, rng, pages.boxes, page, glare="clear")
    elif how == "scan":
        out = capture.scan(img, rng, grey=rng.random() < 0.75)
    else:
        out = img
    if doc.degrade and not doc.degrade.startswith("glare:"):
        out = capture.degrade(out, rng, doc.degrade)
    return out


def _encode(img: Image.Image, doc: Doc, rng: random.Random, how: str) -> tuple[str, bytes]:
    if how in ("photo", "glare") or doc.degrade:
        return ".jpg", capture.jpeg(img, rng.randrange(60, 86))
    if how == "scan":
        return (".jpg", capture.jpeg(img, rng.randrange(75, 93))) if rng.random() < 0.7 else (".png", capture.png(img))
    return (".png", capture.png(img)) if rng.random() < 0.6 else (".jpg", capture.jpeg(img, 92))


def render(doc: Doc, rng: random.Random) -> list[OutFile]:
    style = style_for(rng)
    doc.notes.append("fonts: " + ", ".join(sorted({style[k].name for k in ("title", "label", "value", "body", "hand")})))
    if doc.kind == "badfile":
        return [_bad_file(doc.spec["bad"], rng)]
    if doc.kind == "id_card":
        return _id_card(doc, rng, style)
    if doc.kind == "form" and doc.medium == "docx":
        return [OutFile(".docx", forms.docx(_form_data(doc), doc.layout, style, rng), "main", f"Word form, {doc.layout}")]
    if doc.kind == "form" and doc.medium == "pdf_text":
        return [OutFile(".pdf", forms.pdf_text(_form_data(doc), doc.layout, style, rng), "main", f"typed PDF form, {doc.layout}")]
    if doc.kind == "lease" and doc.medium == "docx":
        return [OutFile(".docx", _lease_docx(doc, rng, style), "main", "Word lease")]
    pages = _draw(doc, rng, style)
    what = f"{doc.kind} {doc.layout}{' by hand' if doc.hand else ''}".strip()
    if doc.medium == "pdf_scan":
        shots = [_shoot(im, doc, rng, pages, i, "scan") for i, im in enumerate(pages.images)]
        return [OutFile(".pdf", capture.pdf_of_images(shots, rng), "main", f"{what}, scanned PDF {len(shots)}p")]
    if doc.medium == "pages" and len(pages.images) > 1:
        out = []
        for i, im in enumerate(pages.images):
            if doc.degrade and i > 0:  # only the first page (its fields) is unreadable
                saved, doc.degrade = doc.degrade, None
                shot = _shoot(im, doc, rng, pages, i)
                doc.degrade = saved
            else:
                shot = _shoot(im, doc, rng, pages, i)
            suffix, data = _encode(shot, doc, rng, doc.capture)
            out.append(OutFile(suffix, data, f"page{i + 1}", f"{what}, page {i + 1}, {doc.capture}"))
        return out
    shot = _shoot(pages.images[0], doc, rng, pages, 0)
    suffix, data = _encode(shot, doc, rng, doc.capture)
    return [OutFile(suffix, data, "main", f"{what}, {doc.capture}{', ' + doc.degrade if doc.degrade else ''}")]


def _id_card(doc: Doc, rng: random.Random, style: dict) -> list[OutFile]:
    front = documents.id_front(doc.data, rng, style)
    back = documents.id_back(doc.data, rng, style)
    if doc.layout == "cards":
        out = []
        for side, pages in (("front", front), ("back", back)):
            img = documents.round_corners(pages.images[0])
            flat = Image.new("RGB", (img.width + 60, img.height + 60), (255, 255, 255) if doc.capture == "digital" else (236, 236, 236))
            flat.paste(img, (30, 30), img)
            shifted = documents.Pages([flat], {k: (0, (b[0] + 30, b[1] + 30, b[2] + 30, b[3] + 30)) for k, (_, b) in pages.boxes.items()})
            degrade = doc.degrade
            if side == "back":  # the fields a degraded card hides are on the front
                doc.degrade = None
            shot = _shoot(flat, doc, rng, shifted, 0)
            doc.degrade = degrade
            suffix, data = _encode(shot, doc, rng, doc.capture)
            out.append(OutFile(suffix, data, side, f"ID card {side}, {doc.capture}{', ' + degrade if degrade and side == 'front' else ''}"))
        return out
    if doc.layout == "cards_photo":  # both cards on a table in one photo
        w = documents.CARD[0] * 2 + 120
        sheet = Image.new("RGB", (w, documents.CARD[1] + 80), (240, 240, 240))
        boxes = {}
        for i, pages in enumerate((front, back)):
            card = documents.round_corners(pages.images[0])
            x = 40 + i * (documents.CARD[0] + 40)
            sheet.paste(card, (x, 40), card)
            for k2, (_, b) in pages.boxes.items():
                boxes[k2] = (0, (b[0] + x, b[1] + 40, b[2] + x, b[3] + 40))
        shot = _shoot(sheet, doc, rng, documents.Pages([sheet], boxes), 0, "photo" if doc.capture not in ("photo", "glare") else None)
        return [OutFile(".jpg", capture.jpeg(shot, rng.randrange(60, 86)), "front", "ID card both sides in one photo")]
    watermark = None
    if rng.random() < 0.5:
        watermark = rng.choice(["仅供办理登记使用 他用无效", "仅供本次申请使用", "复印无效"])
    arrangement = "stacked" if doc.layout == "copy_stacked" else "side"
    page = documents.id_copy_page(front, back, rng, arrangement, watermark, style)
    if doc.medium == "pdf_scan":
        shot = _shoot(page.images[0], doc, rng, page, 0, "scan")
        return [OutFile(".pdf", capture.pdf_of_images([shot], rng), "front", f"ID card copy ({arrangement}) scanned PDF")]
    shot = _shoot(page.images[0], doc, rng, page, 0)
    suffix, data = _encode(shot, doc, rng, doc.capture)
    return [OutFile(suffix, data, "front", f"ID card copy ({arrangement}){', watermark' if watermark else ''}, {doc.capture}")]


def _lease_docx(doc: Doc, rng: random.Random, style: dict) -> bytes:
    d = doc.data
    fields = [
        forms.Field("出租方", "出租方（甲方）", d["出租方"]), forms.Field("出租方证件号码", "出租方证件号码", d["出租方证件号码"]),
        forms.Field("承租方", "承租方（乙方）", d["承租方"]), forms.Field("承租方证件号码", "承租方证件号码", d["承租方证件号码"]),
        forms.Field("房屋坐落", "房屋坐落", d["房屋坐落"]), forms.Field("租赁期限", "租赁期限", d["租赁期限"]),
        forms.Field("租金", "租金", d["租金"]), forms.Field("用途", "房屋用途", d["用途"]),
    ]
    statement = "\n".join(f"第{k + 1}条 {c}" for k, c in enumerate(documents.CLAUSES))
    signers = [forms.Signer("甲方（签字）：", d["出租方"], d["甲方签字"]), forms.Signer("乙方（签字）：", d["承租方"], d["乙方签字"])]
    form = forms.FormData("M-LEASE", "房屋租赁合同", fields, signers, statement, f"签订日期：{d['签订日期']}")
    return forms.docx(form, "grid" if doc.layout == "party_table" else "beside", style, rng)


def _bad_file(kind: str, rng: random.Random) -> OutFile:
    if kind == "txt_as_jpg":
        return OutFile(".jpg", "身份证号码和地址我写在这里了，照片手机拍不清楚，麻烦工作人员看一下。\n".encode() * 3, "main", "a text file named .jpg")
    if kind == "exe_as_jpg":
        stub = b"MZ" + b"\x90\x00" * 29 + b"\x80\x00\x00\x00" + b"\x00" * 64
        stub += b"This program cannot be run in DOS mode.\r\r\n$" + bytes(rng.randrange(256) for _ in range(2048))
        return OutFile(".jpg", stub, "main", "a Windows program (MZ header) named .jpg")
    if kind == "empty_jpg":
        return OutFile(".jpg", b"", "main", "an empty .jpg")
    if kind == "empty_pdf":
        return OutFile(".pdf", b"", "main", "an empty .pdf")
    if kind == "plain_txt":
        return OutFile(".txt", "申请材料清单：身份证、申请书、租赁合同。\n".encode("gbk"), "main", "a .txt file (GBK)")
    if kind == "zip_of_images":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            info = zipfile.ZipInfo("材料/IMG_0001.jpg", date_time=(2026, 12, 1, 9, 0, 0))
            img = Image.new("RGB", (64, 64), (200, 200, 200))
            ImageDraw.Draw(img).rectangle((10, 10, 50, 50), outline="black")
            z.writestr(info, capture.jpeg(img, 80))
        return OutFile(".zip", buf.getvalue(), "main", "a .zip archive")
    if kind == "html_as_pdf":
        return OutFile(".pdf", "<!DOCTYPE html><html><head><meta charset='utf-8'><title>下载失败</title></head><body>文件下载失败，请重试</body></html>".encode(), "main", "an HTML page named .pdf")
    # xlsx_as_pdf: an office archive named .pdf
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=(2026, 12, 1, 9, 0, 0)), "<Types/>")
        z.writestr(zipfile.ZipInfo("xl/workbook.xml", date_time=(2026, 12, 1, 9, 0, 0)), "<workbook/>")
    return OutFile(".pdf", buf.getvalue(), "main", "a spreadsheet archive named .pdf")
