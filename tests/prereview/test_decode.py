"""Decoding: images upright and in RGB, PDF pages with their text layer, docx text in order,
limits checked before decoding, and every failure a plain IntakeError."""

from __future__ import annotations

import functools
import io
import json
import math
import random
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from prereview.decode import PDF_DPI, decode, deskew, estimate_skew
from prereview.intake import Limits, check
from prereview.model import PICTURE_MARK, Box, DefectCode, FileKind, IntakeError, Page, Upload

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
ROOT = Path(__file__).resolve().parents[2]


def need_font() -> None:
    if not Path(FONT).exists():
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")


# --- builders -------------------------------------------------------------------------------


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def marked_landscape() -> Image.Image:
    """A 200×100 landscape picture, red in its top-left corner, blue in its bottom-right."""
    image = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 39, 19), fill=(255, 0, 0))
    draw.rectangle((160, 80, 199, 99), fill=(0, 0, 255))
    return image


def noisy_picture() -> Image.Image:
    return Image.fromarray(np.random.default_rng(1).integers(0, 256, (120, 160, 3), dtype=np.uint8))


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.cache
def huge_png(width: int, height: int) -> bytes:
    """A valid 1-bit white PNG of width×height written row by row with zlib: tiny on disk."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def _zh_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    need_font()
    if "zh" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("zh", FONT, subfontIndex=0))
    return "zh"


def text_pdf(pages: int = 2, **canvas_options: object) -> bytes:
    """An A4 lease contract in Chinese with a real text layer (embedded TrueType font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _zh_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, **canvas_options)
    for number in range(1, pages + 1):
        pdf.setFont(font, 18)
        pdf.drawString(200, 780, f"房屋租赁合同（第{number}页）")
        pdf.setFont(font, 12)
        pdf.drawString(72, 700, "出租方（甲方）：")
        pdf.drawString(300, 700, "某晓明")
        for k in range(4):  # tight line spacing: 12 pt text every 12 pt
            pdf.drawString(72, 600 - 12 * k, f"第{k + 1}条 乙方应按时支付租金，不得转租。")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scan_pdf(pages: int = 1, caption: str = "", invisible_text: str = "") -> bytes:
    """Pages that are one big picture each (a scan), with an optional caption or hidden OCR text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    picture = Image.new("RGB", (620, 877), (250, 250, 248))
    ImageDraw.Draw(picture).rectangle((60, 60, 400, 90), fill=(30, 30, 30))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        pdf.drawInlineImage(picture, 0, 0, A4[0], A4[1])
        if caption:
            pdf.setFont(_zh_font(), 9)
            pdf.drawString(400, 20, caption)
        if invisible_text:
            text = pdf.beginText(72, 700)
            text.setTextRenderMode(3)
            text.setFont(_zh_font(), 12)
            text.textLine(invisible_text)
            pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def form_pdf() -> bytes:
    """A PDF form whose phone field was filled in (the value lives in a widget, not the page)."""
    from reportlab.pdfgen import canvas

    font = _zh_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(font, 14)
    pdf.drawString(72, 760, "个体工商户登记申请书 联系电话：")
    pdf.acroForm.textfield(name="phone", value="13800000000", x=300, y=700, width=200, height=22)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes(picture: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("个体工商户登记（备案）申请书")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "经营者姓名", "某晓明", "性别：男"
    table.cell(1, 0).text, table.cell(1, 1).text = "联系电话", ""
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    table.cell(2, 0).text, merged.text = "经营场所", "某市某区幸福路88号"
    document.add_paragraph("")  # empty paragraphs leave no line
    document.add_paragraph("申请人签字：\t张某")
    if picture:
        document.add_picture(io.BytesIO(encode(Image.new("RGB", (40, 20), "black"), "PNG")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def page_of_text(size: tuple[int, int] = (1240, 1754), rows: int = 30) -> Image.Image:
    need_font()
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 24)
    for i in range(rows):
        draw.text((100, 100 + i * 50), f"申请人承诺所填写内容真实有效，如有虚假愿承担法律责任。第{i + 1}条", font=font, fill="black")
    return image


def pixel(image: Image.Image | None, xy: tuple[int, int]) -> tuple[int, int, int]:
    assert image is not None and image.mode == "RGB"
    value = image.getpixel(xy)
    assert isinstance(value, tuple)
    return (int(value[0]), int(value[1]), int(value[2]))


def one(upload: Upload, kind: FileKind, limits: Limits | None = None) -> Page:
    [page] = decode(upload, kind, limits or Limits())
    return page


def refused(upload: Upload, limits: Limits | None = None) -> IntakeError:
    limits = limits or Limits()
    with pytest.raises(IntakeError) as error:
        decode(upload, check(upload, limits), limits)
    assert error.value.message and error.value.fix
    return error.value


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "data", "colour"),
    [
        ("jpeg", FileKind.JPEG, encode(marked_landscape(), "JPEG", quality=95), True),
        ("png", FileKind.PNG, encode(marked_landscape(), "PNG"), True),
        ("palette png", FileKind.PNG, encode(marked_landscape().convert("P"), "PNG"), True),
        ("grey png", FileKind.PNG, encode(marked_landscape().convert("L"), "PNG"), False),
        ("CMYK jpeg (scanner)", FileKind.JPEG, encode(marked_landscape().convert("CMYK"), "JPEG", quality=95), True),
    ],
)
def test_images_decode_to_rgb(name: str, kind: FileKind, data: bytes, colour: bool) -> None:
    page = one(Upload("p", data), kind)
    assert page.number == 1 and page.lines == [] and page.image is not None
    assert page.image.mode == "RGB" and page.image.size == (200, 100)
    red, green, blue = pixel(page.image, (10, 10))
    if colour:
        assert red > 180 and green < 80 and blue < 80, name
    else:
        assert red == green == blue and 40 < red < 120, name  # red in grey
    assert min(pixel(page.image, (100, 50))) > 230  # white paper


def test_heic_photo_decodes() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    try:
        data = encode(marked_landscape(), "HEIF", quality=90)
    except (OSError, ValueError, KeyError) as exc:  # no HEVC encoder in this build
        pytest.skip(f"cannot encode HEIC here: {exc}")
    upload = Upload("IMG_0001.HEIC", data)
    page = one(upload, check(upload, Limits()))
    assert page.image is not None and page.image.mode == "RGB" and page.image.size == (200, 100)
    assert pixel(page.image, (10, 10))[0] > 180


@pytest.mark.parametrize(
    ("orientation", "stored"),
    [
        (None, lambda im: im),
        (3, lambda im: im.transpose(Image.Transpose.ROTATE_180)),
        (6, lambda im: im.transpose(Image.Transpose.ROTATE_90)),  # camera held upright: pixels stored turned
        (8, lambda im: im.transpose(Image.Transpose.ROTATE_270)),
    ],
)
def test_exif_rotated_jpeg_comes_out_upright(orientation: int | None, stored: Callable[[Image.Image], Image.Image]) -> None:
    pixels = stored(marked_landscape())
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    data = encode(pixels, "JPEG", quality=95, exif=exif.tobytes())
    page = one(Upload("photo.jpg", data), FileKind.JPEG)
    assert page.image is not None and page.image.size == (200, 100)  # landscape again
    top_left, bottom_right = pixel(page.image, (10, 10)), pixel(page.image, (190, 90))
    assert top_left[0] > 180 and top_left[2] < 80  # red where it belongs
    assert bottom_right[2] > 180 and bottom_right[0] < 80


def test_transparent_png_lies_on_white_paper() -> None:
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((10, 10, 20, 20), fill=(0, 0, 0, 255))
    page = one(Upload("sig.png", encode(image, "PNG")), FileKind.PNG)
    assert page.image is not None
    assert pixel(page.image, (40, 40)) == (255, 255, 255) and pixel(page.image, (15, 15)) == (0, 0, 0)


def test_16_bit_png_is_scaled_to_8_bits() -> None:
    values = np.full((20, 30), 65535, dtype=np.uint16)
    values[:, :10] = 0
    data = encode(Image.fromarray(values), "PNG")
    page = one(Upload("scan.png", data), FileKind.PNG)
    assert page.image is not None and page.image.mode == "RGB"
    assert pixel(page.image, (25, 5)) == (255, 255, 255) and pixel(page.image, (5, 5)) == (0, 0, 0)


_MEASURE_HUGE = """
import json, re, sys, time
from prereview.decode import decode
from prereview.intake import Limits, check
from prereview.model import IntakeError, Upload
data = sys.stdin.buffer.read()
upload = Upload("huge.png", data)
started = time.perf_counter()
try:
    decode(upload, check(upload, Limits()), Limits())
    outcome = "decoded"
except IntakeError as error:
    outcome = error.message
# VmHWM: this process's peak resident memory (ru_maxrss would include the forking parent's).
with open("/proc/self/status") as status:
    peak_kb = int(re.search(r"VmHWM:\\s*(\\d+)", status.read()).group(1))
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started, "peak_mb": peak_kb / 1024}))
"""


def test_a_100_megapixel_png_is_refused_without_decoding() -> None:
    data = huge_png(10_000, 10_000)
    assert len(data) < 200_000
    upload = Upload("huge.png", data)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(IntakeError) as error:
        decode(upload, check(upload, Limits()), Limits())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.value.code is DefectCode.FILE_UNREADABLE
    assert "10000×10000" in error.value.message and "40 百万像素" in error.value.message
    assert elapsed < 2 and peak < 20 * 1024 * 1024
    # tracemalloc does not see Pillow's C allocations: a fresh process's peak resident memory does.
    if not Path("/proc/self/status").exists():
        return
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE_HUGE], input=data, capture_output=True, cwd=ROOT, timeout=60, check=True
    )
    result = json.loads(measured.stdout)
    assert "百万像素" in result["outcome"]
    assert result["seconds"] < 2 and result["peak_mb"] < 200, result  # decoding would need 100–400 MB


def test_an_image_over_pillows_own_bomb_limit_is_refused_plainly() -> None:
    error = refused(Upload("bomb.png", huge_png(20_000, 10_000)))  # 200 MP: Pillow raises on open
    assert error.code is DefectCode.FILE_UNREADABLE and "百万像素" in error.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cut.jpg", half(encode(noisy_picture(), "JPEG", quality=90))),
        ("cut.png", half(encode(noisy_picture(), "PNG"))),
        ("noise.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20),
        ("header-only.png", b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 10, 10, 8, 2, 0, 0, 0))),
        ("bad-heic.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64),
    ],
)
def test_corrupt_images_are_reported_not_raised(name: str, data: bytes) -> None:
    error = refused(Upload(name, data))
    assert error.code is DefectCode.FILE_UNREADABLE
    assert "损坏或不完整" in error.message and name in error.message


# --- PDF ------------------------------------------------------------------------------------


def ink_inside(image: Image.Image, box: Box) -> float:
    x0, y0, x1, y1 = box.as_list()
    return float((np.asarray(image.convert("L").crop((x0, y0, x1, y1))) < 128).mean())


def test_a_text_pdf_gives_its_lines_with_boxes_on_the_ink() -> None:
    pages = decode(Upload("合同.pdf", text_pdf(2)), FileKind.PDF, Limits())
    assert [p.number for p in pages] == [1, 2]
    first = pages[0]
    assert first.image is not None and first.image.mode == "RGB"
    assert first.dpi == pytest.approx(PDF_DPI)
    assert first.image.size == (round(595.28 * PDF_DPI / 72), round(841.89 * PDF_DPI / 72))
    texts = [line.text for line in first.lines]
    assert texts[0] == "房屋租赁合同（第1页）"
    assert "出租方（甲方）：" in texts and "某晓明" in texts  # far apart on one row: two lines
    # Tight line spacing: each clause once, nothing of the next line caught.
    assert [t for t in texts if t.startswith("第") and "条" in t] == [f"第{k}条 乙方应按时支付租金，不得转租。" for k in range(1, 5)]
    assert all(line.source == "pdf" and line.confidence == 1.0 for line in first.lines)
    width, height = first.image.size
    for line in first.lines:
        box = line.box
        assert 0 <= box.x0 < box.x1 <= width and 0 <= box.y0 < box.y1 <= height
        assert ink_inside(first.image, box) > 0.03, line  # the box sits on the rendered text
    title = first.lines[0].box
    assert title.y1 < height * 0.15  # drawn near the top of the page (PDF y points up)
    label, value = (next(line for line in first.lines if line.text == t) for t in ("出租方（甲方）：", "某晓明"))
    assert abs(label.box.center_y - value.box.center_y) < 3 and label.box.x1 < value.box.x0
    assert "第2页" in pages[1].lines[0].text


def test_text_boxes_follow_a_rotated_page() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _zh_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setPageRotation(90)
    pdf.setFont(font, 16)
    pdf.drawString(72, 400, "横向页面上的文字内容示例：本页旋转九十度显示，文字框应落在渲染后的文字上")
    pdf.showPage()
    pdf.save()
    page = one(Upload("r.pdf", buffer.getvalue()), FileKind.PDF)
    assert page.image is not None and page.lines
    for line in page.lines:
        assert ink_inside(page.image, line.box) > 0.03


def test_filled_form_fields_are_part_of_the_text() -> None:
    page = one(Upload("form.pdf", form_pdf()), FileKind.PDF)
    assert page.image is not None
    texts = [line.text for line in page.lines]
    assert "13800000000" in texts
    phone = next(line for line in page.lines if line.text == "13800000000")
    assert ink_inside(page.image, phone.box) > 0.03  # and drawn in the picture


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan only", lambda: scan_pdf(2)),
        ("scanner app watermark", lambda: scan_pdf(1, caption="扫描全能王 创建")),
        ("hidden OCR text of the scanner", lambda: scan_pdf(1, invisible_text="营业执照 统一社会信用代码 名称 类型 法定代表人 经营范围")),
    ],
)
def test_a_scanned_pdf_has_no_lines_and_is_left_to_ocr(name: str, data: Callable[[], bytes]) -> None:
    pages = decode(Upload("scan.pdf", data()), FileKind.PDF, Limits())
    assert pages and all(p.lines == [] and p.image is not None for p in pages), name
    assert all(p.image.size[0] > 1500 for p in pages if p.image is not None)


def test_too_many_pages_are_refused_before_rendering() -> None:
    error = refused(Upload("long.pdf", text_pdf(5)), Limits(max_pages=3))
    assert error.code is DefectCode.FILE_UNREADABLE and "5 页" in error.message and "3 页" in error.message


def test_a_huge_page_is_rendered_under_the_pixel_limit() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(5000, 5000))  # 69 inches square: 97 MP at 200 dpi
    pdf.drawString(100, 4900, "site plan")
    pdf.showPage()
    pdf.save()
    page = one(Upload("plan.pdf", buffer.getvalue()), FileKind.PDF, Limits(max_pixels=4_000_000))
    assert page.image is not None and page.image.width * page.image.height <= 4_000_000
    assert page.dpi is not None and page.dpi < PDF_DPI


def test_a_truncated_pdf_is_unreadable() -> None:
    whole = text_pdf(2)
    error = refused(Upload("合同.pdf", whole[: len(whole) // 2]))
    assert error.code is DefectCode.FILE_UNREADABLE
    assert "已损坏或不完整" in error.message and "合同.pdf" in error.message
    assert "重新导出/扫描" in error.fix


def test_a_password_protected_pdf_says_so() -> None:
    from reportlab.lib import pdfencrypt

    data = text_pdf(1, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    error = refused(Upload("加密.pdf", data))
    assert error.code is DefectCode.FILE_UNREADABLE and "密码" in error.message and "密码" in error.fix


def test_decoding_a_5_page_pdf_is_quick() -> None:
    data = text_pdf(5)
    decode(Upload("warm.pdf", text_pdf(1)), FileKind.PDF, Limits())
    started = time.perf_counter()
    pages = decode(Upload("five.pdf", data), FileKind.PDF, Limits())
    elapsed = time.perf_counter() - started
    assert len(pages) == 5 and all(p.lines for p in pages)
    assert elapsed < 5, elapsed  # about 0.4 s on 2 cores


# --- docx -----------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_rows_come_out_in_order() -> None:
    page = one(Upload("申请书.docx", docx_bytes()), FileKind.DOCX)
    assert page.image is None and page.number == 1 and not any(PICTURE_MARK in line.text for line in page.lines)
    assert [line.text for line in page.lines] == [
        "个体工商户登记（备案）申请书",
        "经营者姓名", "某晓明", "性别：男",
        "联系电话",  # the blank value leaves no line: the label stands alone on its row
        "经营场所", "某市某区幸福路88号",  # a merged cell once, not repeated
        "申请人签字：\t张某",
    ]  # fmt: skip
    assert all(line.source == "docx" for line in page.lines)
    by_text = {line.text: line.box for line in page.lines}
    row = [by_text[t] for t in ("经营者姓名", "某晓明", "性别：男")]
    assert len({b.center_y for b in row}) == 1 and row[0].x1 < row[1].x0 < row[1].x1 < row[2].x0  # one row, left to right
    tops = [by_text[t].y0 for t in ("个体工商户登记（备案）申请书", "经营者姓名", "联系电话", "经营场所", "申请人签字：\t张某")]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # stacked top to bottom


def test_docx_table_cells_keep_their_columns_when_a_cell_is_empty() -> None:
    """权利人 | 义务人, then a row whose 权利人 cell is empty: the 义务人's number stands under
    义务人, not under 权利人 (an empty cell is a column, not nothing). A merged cell starts at
    its first column."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, values in enumerate([("", "权利人", "义务人"), ("姓名", "林某峰", "魏某远"), ("证件号码", "", "360121199202254050")]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    merged = table.cell(3, 0).merge(table.cell(3, 1))
    merged.text = "备注"
    table.cell(3, 2).text = "无"
    buffer = io.BytesIO()
    document.save(buffer)
    page = one(Upload("申请书.docx", buffer.getvalue()), FileKind.DOCX)
    box = {line.text: line.box for line in page.lines}

    def under(text: str, header: str) -> bool:
        return box[text].x0 == box[header].x0  # both start at their column

    assert under("魏某远", "义务人") and under("360121199202254050", "义务人") and under("林某峰", "权利人")
    assert box["360121199202254050"].x0 > box["权利人"].x1
    assert box["备注"].x0 == box["姓名"].x0 and box["无"].x0 == box["义务人"].x0


def test_docx_content_controls_are_read() -> None:
    """Text inside content controls (w:sdt), common in government templates, is not skipped."""
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode()
    control = '<w:sdt><w:sdtContent><w:p><w:r><w:t>身份证号码：</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>110101199003071234</w:t></w:r></w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>'
    parts["word/document.xml"] = xml.replace("<w:sectPr", control + "<w:sectPr", 1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    page = one(Upload("form.docx", buffer.getvalue()), FileKind.DOCX)
    assert page.lines[-1].text == "身份证号码：110101199003071234"


def test_a_broken_docx_is_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>not xml")
    error = refused(Upload("坏.docx", buffer.getvalue()))
    assert error.code is DefectCode.FILE_UNREADABLE and "坏.docx" in error.message


def test_a_macro_enabled_word_file_is_the_wrong_type() -> None:
    """A .docm (or template) renamed to .docx: python-docx refuses it; the citizen is told why."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    error = refused(Upload("宏.docx", buffer.getvalue()))
    assert error.code is DefectCode.WRONG_FILE_TYPE and "带宏" in error.message and "另存为" in error.fix


# --- deskew ---------------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [5.0, -5.0, 2.5, -8.0])
def test_deskew_recovers_a_small_tilt(angle: float) -> None:
    page = page_of_text()
    tilted = page.rotate(angle, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    assert abs(estimate_skew(tilted) - angle) < 1.0
    straight = deskew(tilted)
    assert straight.mode == "RGB"
    assert abs(estimate_skew(straight)) < 0.5


@pytest.mark.parametrize("seed", [20, 26, 32])
def test_a_straight_id_card_is_not_turned_by_its_portrait(seed: int) -> None:
    """Generated cards whose portrait silhouette (a tall solid shape) peaked in a tilted
    projection and made the skew estimate turn a straight card by 2–6°."""
    from datetime import date

    from tools.prereview_synthetic import render
    from tools.prereview_synthetic.identities import make_person

    need_font()
    rng = random.Random(seed)
    document = render.id_card_front(make_person(rng, date(2026, 12, 4), age=(20, 60)), rng)
    assert abs(estimate_skew(render.rasterize(document.pages[0], document.dpi))) < 0.3


def test_docx_picture_is_marked_where_it_sits() -> None:
    page = one(Upload("signed.docx", docx_bytes(picture=True)), FileKind.DOCX)
    assert page.image is None and [line.text for line in page.lines][-1] == PICTURE_MARK
    assert not any(PICTURE_MARK in line.text for line in page.lines[:-1])


def test_docx_pictures_are_kept_flattened_onto_white() -> None:
    """A seal pasted as a transparent PNG is red on white paper, as it prints."""
    import docx

    from prereview.marks import has_seal

    stamp = Image.new("RGBA", (200, 200), (0, 0, 0, 0))  # transparent: black if the alpha were dropped
    ImageDraw.Draw(stamp).ellipse((10, 10, 190, 190), outline=(220, 30, 30, 255), width=12)
    document = docx.Document()
    document.add_paragraph("申请单位（盖章）：").add_run().add_picture(io.BytesIO(encode(stamp, "PNG")))
    buffer = io.BytesIO()
    document.save(buffer)
    [picture] = one(Upload("sealed.docx", buffer.getvalue()), FileKind.DOCX).pictures
    assert picture.mode == "RGB" and picture.getpixel((100, 100)) == (255, 255, 255)
    assert has_seal(picture)
    assert one(Upload("plain.docx", docx_bytes()), FileKind.DOCX).pictures == []


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("straight", lambda: page_of_text((600, 800), 10)),
        ("blank", lambda: Image.new("RGB", (600, 800), "white")),
        ("dark photo", lambda: Image.new("RGB", (600, 800), (40, 40, 40))),
    ],
)
def test_deskew_leaves_straight_and_textless_pages_alone(name: str, make: Callable[[], Image.Image]) -> None:
    image = make()
    assert deskew(image) is image, name


def test_deskew_is_cheap_on_a_2_megapixel_page() -> None:
    tilted = page_of_text((1200, 1700)).rotate(5, expand=True, fillcolor="white")
    assert 2_000_000 < tilted.width * tilted.height < 2_600_000
    deskew(tilted)  # warm up (cv2 import)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        deskew(tilted)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.15, timings  # about 40 ms; leaves margin for a busy machine
    assert math.isclose(estimate_skew(tilted), 5.0, abs_tol=1.0)

