"""Application forms drawn from the catalogue's `fields`: as images in four layouts, as Word
documents and as typed PDFs.

Layouts: ``beside`` (label：value on one line, the value underlined), ``above`` (a box per field,
the label small above the value), ``grid`` (a table, label | value | label | value), and
``parties`` (a table with one column per party — 男方 | 女方, 权利人 | 义务人 — and one row per
field). A form "filled by hand" prints the labels and writes the values with a handwriting
font, each character jittered.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from tools.prereview_independent import fonts
from tools.prereview_independent.documents import A4, Pages
from tools.prereview_independent.draw import (
    INK_BLACK,
    Box,
    fingerprint,
    hand_text,
    paper,
    paste_rgba,
    seal,
    signature,
    text,
    wrap,
)

LONG = ("经营范围", "经营场所", "住所", "坐落", "设置地点", "户籍地址", "居住地址", "承诺事项", "经营项目", "招牌内容",
        "常住户口所在地", "场所地址", "注销原因")


@dataclass
class Field:
    key: str  # the catalogue's field name
    label: str  # what is printed (the name or one of its aliases)
    value: str
    party: str | None = None  # 男方 / 女方 / 权利人 / 义务人: the row label in the `parties` layout


@dataclass
class Signer:
    label: str  # 申请人（签字）：
    name: str
    signed: bool = True
    seal_of: str | None = None  # a unit's name: its seal beside the signature
    fingerprint: bool = False


@dataclass
class FormData:
    material: str
    title: str
    fields: list[Field]
    signers: list[Signer]
    statement: str = ""
    date_text: str = ""  # printed under the signatures (if the form has no date field of its own)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)


def _is_long(f: Field) -> bool:
    return any(k in f.key for k in LONG) or len(f.value) > 16


class _Writer:
    """Writes values printed or by hand, and records their boxes."""

    def __init__(self, img: Image.Image, pages: Pages, style: dict, rng: random.Random, hand: bool, page_no: int = 0):
        self.img, self.pages, self.style, self.rng, self.hand, self.page_no = img, pages, style, rng, hand, page_no
        self.d = ImageDraw.Draw(img)

    def label(self, xy, s, size=None):
        return text(self.d, xy, s, self.style["label"], size or self.style["size"], INK_BLACK)

    def value(self, key: str, xy, s: str, max_width: float, size=None) -> float:
        size = size or self.style["size"]
        if not s:
            return xy[1] + size * 1.3
        bx: Box | None = None
        if self.hand:
            bx = hand_text(self.img, (xy[0], xy[1] - 2), s, self.style["hand"], int(size * 1.12), self.rng,
                           self.style["ink"], max_width=max_width, jitter=self.style.get("jitter", 1.0))
        else:
            lines = wrap(s, self.style["value"], size, max_width)
            for k, line in enumerate(lines):
                b = text(self.d, (xy[0], xy[1] + k * size * 1.45), line, self.style["value"], size, INK_BLACK)
                bx = b if bx is None else (bx[0], bx[1], max(bx[2], b[2]), b[3])
        assert bx is not None
        self.pages.add(key, self.page_no, bx)
        return bx[3]


def _header(w: _Writer, form: FormData) -> float:
    tf = w.style["title"]
    ts = w.style.get("title_size", 52)
    tw = fonts.font(tf, ts).getlength(form.title)
    if tw > A4[0] - 160:
        ts = int(ts * (A4[0] - 160) / tw)
        tw = fonts.font(tf, ts).getlength(form.title)
    text(w.d, ((A4[0] - tw) / 2, 110), form.title, tf, ts, INK_BLACK)
    y = 110 + ts * 1.6
    if form.subtitle:
        sw = fonts.font(w.style["label"], 28).getlength(form.subtitle)
        text(w.d, ((A4[0] - sw) / 2, y), form.subtitle, w.style["label"], 28, INK_BLACK)
        y += 60
    return y + 20


def _signatures(w: _Writer, form: FormData, y: float) -> float:
    if form.statement:
        for line in wrap(form.statement, w.style["label"], w.style["size"] - 2, A4[0] - 220):
            text(w.d, (110, y), line, w.style["label"], w.style["size"] - 2, INK_BLACK)
            y += (w.style["size"] - 2) * 1.6
        y += 30
    y += 40
    n = len(form.signers)
    col = (A4[0] - 220) / max(1, min(n, 2))
    for i, s in enumerate(form.signers):
        x = 110 + (i % 2) * col
        yy = y + (i // 2) * 170
        bx = w.label((x, yy), s.label)
        if s.signed:
            sig = signature(s.name, w.style["hand"], int(w.style["size"] * 1.7), w.rng)
            paste_rgba(w.img, sig, (bx[2] + 8, yy - w.style["size"] * 0.9))
            w.pages.add(f"签名:{s.label}", w.page_no, (bx[2] + 8, int(yy - 30), bx[2] + 8 + sig.width, int(yy - 30 + sig.height)))
            if s.fingerprint:
                paste_rgba(w.img, fingerprint(w.rng, 60), (bx[2] + 20 + sig.width * 0.5, yy - 10))
        else:
            w.d.line((bx[2] + 8, bx[3] + 4, bx[2] + 250, bx[3] + 4), fill=(90, 90, 90), width=2)
            w.pages.add(f"签名:{s.label}", w.page_no, (bx[2] + 8, int(yy - 30), bx[2] + 250, int(yy + 50)))
        if s.seal_of and s.signed:
            paste_rgba(w.img, seal(s.seal_of, w.rng, 230, face=w.style["label"]), (bx[2] + 60, yy - 120))
    y += ((n + 1) // 2) * 170
    if form.date_text:
        w.label((A4[0] - 520, y), form.date_text)
        y += 60
    for note in form.notes:
        for line in wrap(note, w.style["label"], 22, A4[0] - 220):
            text(w.d, (110, y), line, w.style["label"], 22, (70, 70, 70))
            y += 34
    return y


def render(form: FormData, layout: str, style: dict, rng: random.Random, hand: bool) -> Pages:
    img = paper(*A4, rng)
    pages = Pages([img], fonts_used={style["label"].name, style["title"].name,
                                     (style["hand"] if hand else style["value"]).name})
    w = _Writer(img, pages, style, rng, hand)
    y = _header(w, form)
    size = style["size"]
    x0, x1 = 100, A4[0] - 100
    fields = form.fields
    if layout == "parties" and any(f.party for f in fields):
        parties: list[str] = []
        for f in fields:
            if f.party and f.party not in parties:
                parties.append(f.party)
        rows: list[str] = []
        for f in fields:
            if f.party:
                r = f.label.replace(f.party, "", 1) or f.label
                if r not in rows:
                    rows.append(r)
        lw = 250
        cw = (x1 - x0 - lw) / len(parties)
        ys = [int(y)]
        for k, p in enumerate(parties):
            w.label((x0 + lw + k * cw + cw / 2 - size, y + 18), p)
        ys.append(int(y + 70))
        for r in rows:
            top = ys[-1]
            hgt: float = 80
            for k, p in enumerate(parties):
                cell = next((f for f in fields if f.party == p and (f.label.replace(p, "", 1) or f.label) == r), None)
                if cell is not None:
                    lines = wrap(cell.value, style["value"], size, cw - 30) if cell.value else [""]
                    hgt = max(hgt, int(len(lines) * size * 1.5 + 36))
                    w.value(cell.key, (x0 + lw + k * cw + 14, top + 22), cell.value, cw - 30)
            for k, line in enumerate(wrap(r, style["label"], size - 2, lw - 24)):
                text(w.d, (x0 + 12, top + 20 + k * size * 1.3), line, style["label"], size - 2, INK_BLACK)
            ys.append(int(top + hgt))
        for yy in ys:
            w.d.line((x0, yy, x1, yy), fill=INK_BLACK, width=2)
        for xx in [x0, x0 + lw] + [x0 + lw + k * cw for k in range(1, len(parties))] + [x1]:
            w.d.line((xx, ys[0], xx, ys[-1]), fill=INK_BLACK, width=2)
        y = ys[-1] + 40
        rest = [f for f in fields if not f.party]
        for f in rest:
            bx = w.label((x0, y), f.label + "：")
            bottom = w.value(f.key, (bx[2] + 8, y), f.value, x1 - bx[2] - 20)
            w.d.line((bx[2] + 4, max(bx[3], bottom) + 6, x1, max(bx[3], bottom) + 6), fill=(120, 120, 120), width=1)
            y = max(y + size * 2.2, bottom + 30)
    elif layout == "above":
        row: list[Field] = []
        groups: list[list[Field]] = []
        for f in fields:
            if _is_long(f):
                if row:
                    groups.append(row)
                    row = []
                groups.append([f])
            else:
                row.append(f)
                if len(row) == 2:
                    groups.append(row)
                    row = []
        if row:
            groups.append(row)
        for g in groups:
            colw = (x1 - x0) / len(g)
            hgt = 0.0
            for f in g:
                lines = wrap(f.value, style["value"], size, colw - 40) if f.value else [""]
                hgt = max(hgt, 50 + len(lines) * size * 1.5 + 30)
            for k, f in enumerate(g):
                bx0 = x0 + k * colw
                w.d.rectangle((bx0 + 4, y, bx0 + colw - 4, y + hgt), outline=(110, 110, 110), width=2)
                text(w.d, (bx0 + 16, y + 10), f.label, style["label"], int(size * 0.75), (70, 70, 70))
                w.value(f.key, (bx0 + 18, y + 48), f.value, colw - 40)
            y += hgt + 18
    elif layout == "grid":
        lw = 210
        half = (x1 - x0) / 2
        ys = [int(y)]
        i = 0
        while i < len(fields):
            f = fields[i]
            top = ys[-1]
            pair = [f]
            if not _is_long(f) and i + 1 < len(fields) and not _is_long(fields[i + 1]):
                pair.append(fields[i + 1])
            hgt = 80
            for k, fld in enumerate(pair):
                vw = (half if len(pair) == 2 else x1 - x0) - lw - 30
                lines = wrap(fld.value, style["value"], size, vw) if fld.value else [""]
                hgt = max(hgt, len(lines) * size * 1.5 + 38)
                lx = x0 + k * half
                for j, line in enumerate(wrap(fld.label, style["label"], size - 4, lw - 20)):
                    text(w.d, (lx + 10, top + 18 + j * (size - 2)), line, style["label"], size - 4, INK_BLACK)
                w.value(fld.key, (lx + lw + 14, top + 22), fld.value, vw)
                w.d.line((lx + lw, top, lx + lw, top + hgt), fill=INK_BLACK, width=2)
                if k == 1:
                    w.d.line((lx, top, lx, top + hgt), fill=INK_BLACK, width=2)
            ys.append(int(top + hgt))
            i += len(pair)
        for yy in ys:
            w.d.line((x0, yy, x1, yy), fill=INK_BLACK, width=2)
        w.d.line((x0, ys[0], x0, ys[-1]), fill=INK_BLACK, width=2)
        w.d.line((x1, ys[0], x1, ys[-1]), fill=INK_BLACK, width=2)
        y = ys[-1] + 30
    else:  # beside
        for f in fields:
            bx = w.label((x0, y), f.label + "：")
            vx = max(bx[2] + 10, x0 + style.get("label_col", 0))
            bottom = w.value(f.key, (vx, y), f.value, x1 - vx - 10)
            line_y = max(bx[3], bottom) + 8
            w.d.line((vx - 4, line_y, x1, line_y), fill=(100, 100, 100), width=2)
            y = max(y + size * 2.3, line_y + size * 0.9)
    if y > A4[1] - 420:  # signatures on a second page
        img2 = paper(*A4, rng)
        pages.images.append(img2)
        w2 = _Writer(img2, pages, style, rng, hand, page_no=1)
        _signatures(w2, form, 160)
    else:
        _signatures(w, form, y + 10)
    return pages


# -- Word ---------------------------------------------------------------------------------------
def _fixed_zip(data: bytes) -> bytes:
    """The same .docx with fixed timestamps in the archive, so that a seed gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _png(img: Image.Image) -> io.BytesIO:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return buf


def docx(form: FormData, layout: str, style: dict, rng: random.Random) -> bytes:
    import datetime as dt

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    core = doc.core_properties
    core.author = "申请人"
    core.created = core.modified = dt.datetime(2026, 12, 1, 9, 0, 0)
    core.last_modified_by = ""
    font_name = rng.choice(["宋体", "仿宋", "微软雅黑", "楷体"])
    normal = doc.styles["Normal"]
    normal.font.name = font_name
    normal.font.size = Pt(rng.choice([11, 12, 10.5]))
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font_name)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(form.title)
    run.bold = True
    run.font.size = Pt(18)
    if form.subtitle:
        doc.add_paragraph(form.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    fields = form.fields
    if layout == "parties" and any(f.party for f in fields):
        parties: list[str] = []
        for f in fields:
            if f.party and f.party not in parties:
                parties.append(f.party)
        rows = []
        for f in fields:
            if f.party:
                r = f.label.replace(f.party, "", 1) or f.label
                if r not in rows:
                    rows.append(r)
        table = doc.add_table(rows=len(rows) + 1, cols=len(parties) + 1)
        table.style = "Table Grid"
        for k, p in enumerate(parties):
            table.cell(0, k + 1).text = p
        for i, r in enumerate(rows):
            table.cell(i + 1, 0).text = r
            for k, p in enumerate(parties):
                cell = next((f for f in fields if f.party == p and (f.label.replace(p, "", 1) or f.label) == r), None)
                table.cell(i + 1, k + 1).text = cell.value if cell else ""
        for f in fields:
            if not f.party:
                doc.add_paragraph(f"{f.label}：{f.value}")
    elif layout == "grid":
        cells: list[list[Field]] = []
        i = 0
        while i < len(fields):
            if not _is_long(fields[i]) and i + 1 < len(fields) and not _is_long(fields[i + 1]):
                cells.append([fields[i], fields[i + 1]])
                i += 2
            else:
                cells.append([fields[i]])
                i += 1
        table = doc.add_table(rows=len(cells), cols=4)
        table.style = "Table Grid"
        for ri, pair in enumerate(cells):
            table.cell(ri, 0).text = pair[0].label
            if len(pair) == 2:
                table.cell(ri, 1).text = pair[0].value
                table.cell(ri, 2).text = pair[1].label
                table.cell(ri, 3).text = pair[1].value
            else:
                merged = table.cell(ri, 1).merge(table.cell(ri, 3))
                merged.text = pair[0].value
    else:
        for f in fields:
            para = doc.add_paragraph()
            para.add_run(f"{f.label}：")
            v = para.add_run(f.value if f.value else "　" * 12)
            v.underline = True
    if form.statement:
        doc.add_paragraph(form.statement)
    for s in form.signers:
        para = doc.add_paragraph()
        para.add_run(s.label)
        if s.signed:
            sig = signature(s.name, style["hand"], 60, rng)
            flat = Image.new("RGB", sig.size, (255, 255, 255))
            flat.paste(sig, (0, 0), sig)
            para.add_run().add_picture(_png(flat), height=Cm(1.4))
            if s.seal_of:
                st = seal(s.seal_of, rng, 240, face=style["label"])
                flat2 = Image.new("RGB", st.size, (255, 255, 255))
                flat2.paste(st, (0, 0), st)
                para.add_run().add_picture(_png(flat2), height=Cm(3.2))
        else:
            para.add_run("________________")
    if form.date_text:
        doc.add_paragraph(form.date_text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in form.notes:
        doc.add_paragraph(note)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


# -- typed PDF (text, not a scan) -----------------------------------------------------------------
def pdf_text(form: FormData, layout: str, style: dict, rng: random.Random) -> bytes:
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    face = fonts.pick("song", rng, truetype_only=True)
    fname = "F-" + face.name
    if fname not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(fname, face.path, subfontIndex=face.index))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=RL_A4, invariant=1)
    c.setTitle(form.title)
    pw, ph = RL_A4
    c.setFont(fname, 18)
    c.drawCentredString(pw / 2, ph - 70, form.title)
    y = ph - 120
    size = 11.5
    c.setFont(fname, size)
    x0, x1 = 60, pw - 60

    def lines_of(s: str, width: float) -> list[str]:
        out, line = [], ""
        for ch in s:
            if pdfmetrics.stringWidth(line + ch, fname, size) > width and line:
                out.append(line)
                line = ch
            else:
                line += ch
        return out + [line]

    if layout == "grid":
        lw = 110
        for f in form.fields:
            ls = lines_of(f.value, x1 - x0 - lw - 12)
            hgt = 14 + 15 * len(ls)
            c.rect(x0, y - hgt, lw, hgt)
            c.rect(x0 + lw, y - hgt, x1 - x0 - lw, hgt)
            c.drawString(x0 + 6, y - 17, f.label)
            for k, ln in enumerate(ls):
                c.drawString(x0 + lw + 6, y - 17 - 15 * k, ln)
            y -= hgt
        y -= 20
    else:
        for f in form.fields:
            c.drawString(x0, y, f"{f.label}：")
            lx = x0 + pdfmetrics.stringWidth(f"{f.label}：", fname, size) + 4
            ls = lines_of(f.value, x1 - lx)
            for k, ln in enumerate(ls):
                c.drawString(lx, y - 16 * k, ln)
            c.line(lx, y - 4 - 16 * (len(ls) - 1), x1, y - 4 - 16 * (len(ls) - 1))
            y -= 16 * len(ls) + 14
    if form.statement:
        for ln in lines_of(form.statement, x1 - x0):
            c.drawString(x0, y, ln)
            y -= 16
        y -= 10
    y -= 30
    for s in form.signers:
        c.drawString(x0, y, s.label)
        lx = x0 + pdfmetrics.stringWidth(s.label, fname, size) + 6
        if s.signed:
            sig = signature(s.name, style["hand"], 60, rng)
            flat = Image.new("RGB", sig.size, (255, 255, 255))
            flat.paste(sig, (0, 0), sig)
            hh = 34
            c.drawImage(ImageReader(flat), lx, y - 12, width=hh * flat.width / flat.height, height=hh)
            if s.seal_of:
                st = seal(s.seal_of, rng, 240, face=style["label"])
                flat2 = Image.new("RGB", st.size, (255, 255, 255))
                flat2.paste(st, (0, 0), st)
                c.drawImage(ImageReader(flat2), lx + 60, y - 40, width=80, height=80 * flat2.height / flat2.width, mask=[250, 255, 250, 255, 250, 255])
        else:
            c.line(lx, y - 3, lx + 150, y - 3)
        y -= 50
    if form.date_text:
        c.drawRightString(x1, y, form.date_text)
    c.showPage()
    c.save()
    return buf.getvalue()
