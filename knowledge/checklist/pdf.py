"""The checklist as a PDF 一次性告知单: A4, the Chinese font embedded (a TrueType subset, so it
prints the same on any reader), the citizen's answers, the materials table, the totals and a
QR code back to the checklist's page."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from knowledge.checklist.model import Checklist
from knowledge.checklist.text import (
    HOTLINE_LINE,
    answer_text,
    fees_text,
    material_flags,
    online_text,
    time_limit_text,
)

FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
]
FONT_NAME = "BanshiCJK"


class FontMissing(RuntimeError):
    """No font with Chinese glyphs to embed."""


def find_cjk_font() -> Path:
    """BANSHI_CJK_FONT, else the first Debian CJK font found; FontMissing says how to get one."""
    configured = os.environ.get("BANSHI_CJK_FONT")
    if configured:
        if Path(configured).is_file():
            return Path(configured)
        raise FontMissing(
            f"BANSHI_CJK_FONT={configured} does not exist: set it to a TTF/TTC with Chinese glyphs, "
            "or unset it and install Debian's fonts-wqy-zenhei (sudo apt-get install fonts-wqy-zenhei)"
        )
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    raise FontMissing(
        "no Chinese font to embed in the PDF: install Debian's fonts-wqy-zenhei "
        "(sudo apt-get install fonts-wqy-zenhei, or scripts/install-fonts.sh), "
        "or set BANSHI_CJK_FONT to a TTF/TTC with Chinese glyphs"
    )


def _register(font_path: Path) -> str:
    name = f"{FONT_NAME}-{abs(hash(str(font_path)))}"
    if name not in pdfmetrics.getRegisteredFontNames():
        sub = {"subfontIndex": 0} if font_path.suffix.lower() == ".ttc" else {}
        pdfmetrics.registerFont(TTFont(name, str(font_path), **sub))
    return name


def render_pdf(checklist: Checklist, link: str, font_path: Path | None = None) -> bytes:
    """The PDF bytes; the same checklist and link give the same document."""
    font = _register(font_path or find_cjk_font())
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=colors.HexColor("#52606d"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=24, spaceAfter=2)
    heading = ParagraphStyle("heading", parent=body, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=3, textColor=colors.HexColor("#1d4ed8"))

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list = [p("一次性告知单", title), p(f"{checklist.target['name']}（{checklist.target['code']}）")]
    if checklist.answers:
        story.append(p("您的情形", heading))
        story += [p(f"· {answer_text(a)}") for a in checklist.answers]
    if not checklist.eligible:
        story.append(p("暂不能办理", heading))
        story += [p(reason) for reason in checklist.ineligible_reasons]
    else:
        if checklist.target["kind"] == "bundle":
            story.append(p("需要办理的事项", heading))
            story += [p(f"· {i['name']}") for i in checklist.items]
            story += [p(f"· 不需办理：{s['name']}（{s['reason']}）", small) for s in checklist.skipped_items]
        story.append(p(f"需要准备的材料（共{len(checklist.materials)}项）", heading))
        story.append(_materials_table(checklist, cell, small))
        if checklist.notes:
            story.append(p("提示", heading))
            story += [p(f"· {n.text}", small) for n in checklist.notes]
        story.append(p("办理信息", heading))
        story.append(p(f"跑动次数：最多{checklist.visits}次"))
        story += [p(f"办理地点：{pl['name']}，{pl['address']}（{pl['hours']}）") for pl in checklist.places]
        story.append(p(f"承诺时限：{time_limit_text(checklist)}"))
        story.append(p(f"收费：{fees_text(checklist)}"))
        story.append(p(f"网上办理：{online_text(checklist)}"))
    story += [Spacer(1, 4 * mm), _qr(link), p(f"扫码查看清单：{link}", small), p(HOTLINE_LINE, small)]

    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm, bottomMargin=14 * mm,
        title=f"一次性告知单 {checklist.target['name']}", author="办事通", invariant=1,
    )  # fmt: skip
    doc.build(story)
    return out.getvalue()


def _materials_table(checklist: Checklist, cell: ParagraphStyle, small: ParagraphStyle) -> Table:
    def c(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    rows = [[c("序号"), c("材料名称"), c("要求"), c("标注"), c("受理标准"), c("为何需要")]]
    for n, m in enumerate(checklist.materials, 1):
        rows.append(
            [
                c(str(n)),
                c(m.name),
                c(f"{m.original_or_copy} {m.copies}份\n{m.form}"),
                c(" ".join(material_flags(m)) or "—"),
                c(m.standard or "—", small),
                c(m.reason, small),
            ]
        )
    widths = [9 * mm, 32 * mm, 22 * mm, 22 * mm, 52 * mm, 45 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _qr(link: str, size: float = 30 * mm) -> Drawing:
    widget = QrCodeWidget(link)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing
