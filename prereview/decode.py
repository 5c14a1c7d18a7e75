"""Decoding uploads into pages: images upright, PDF pages rendered with their text layer, docx text.

Pixel and page limits are checked from headers before anything is decoded, so a 100-megapixel
PNG or a 500-page PDF costs nothing. Every library failure becomes an IntakeError with a
plain message; nothing escapes to the citizen as a stack trace.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import logging
import math
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from prereview.intake import Limits
from prereview.model import PICTURE_MARK, Box, DefectCode, FileKind, IntakeError, Page, TextLine, Upload

log = logging.getLogger(__name__)

# Render PDF pages at about 200 dpi: 5-point print stays legible for OCR and clerks, and an A4
# page (3.9 megapixels) renders in about 0.1 s.
PDF_DPI = 200.0
# A text layer with fewer visible characters than this is a scan with a stray caption (a
# scanner app's watermark, a page number): the page is OCR'd instead.
MIN_TEXT_LAYER_CHARS = 20
# A page mostly covered by pictures with little text (a scanned certificate with a typed
# header) is a scan too: OCR reads both the picture and the header.
SCAN_IMAGE_COVERAGE = 0.5
MAX_CAPTION_CHARS = 200
# A text layer with this share of characters that have no Unicode meaning (fonts without a
# ToUnicode map print fine but extract as private-use or control codes) is garbage: OCR it.
MAX_GARBLED_SHARE = 0.1
# Deskew only small angles (a scanner's or a careful photo's); OCR handles the rest.
MAX_SKEW = 10.0

_EXIF_ORIENTATION = 0x0112
_UNREADABLE_FIX = "请重新导出、扫描或拍摄后上传"
# Pillow's plugin per sniffed kind: a sniffed JPEG is never handed to another decoder.
_PIL_FORMATS = {FileKind.JPEG: "JPEG", FileKind.PNG: "PNG", FileKind.HEIC: "HEIF"}

# PDFium is not thread-safe and pypdfium2 does not serialise calls: reviews run on a thread pool.
_pdfium_lock = threading.Lock()
_heif_lock = threading.Lock()
_heif_registered = False


def decode(upload: Upload, kind: FileKind, limits: Limits) -> list[Page]:
    """The upload's pages (1-based), or IntakeError when it cannot be read."""
    try:
        if kind is FileKind.PDF:
            return _pdf(upload, limits)
        if kind is FileKind.DOCX:
            return [_docx(upload, limits)]
        return [Page(upload.filename, 1, _image(upload, kind, limits))]
    except IntakeError:
        raise
    except MemoryError as exc:
        raise IntakeError(DefectCode.FILE_UNREADABLE, f"文件“{upload.filename}”太大，无法打开", "请缩小图片或减少页数后上传") from exc
    except Exception as exc:  # any decoder failure is the file's problem, reported plainly
        log.info("cannot decode %s (%s): %r", upload.filename, kind, exc)
        raise _unreadable(upload) from exc


def _unreadable(upload: Upload) -> IntakeError:
    return IntakeError(DefectCode.FILE_UNREADABLE, f"文件“{upload.filename}”已损坏或不完整，无法打开", _UNREADABLE_FIX)


# --- images ---------------------------------------------------------------------------------


def _image(upload: Upload, kind: FileKind, limits: Limits) -> Image.Image:
    """One upright RGB image; the pixel limit is checked on the header, before decoding."""
    if kind is FileKind.HEIC:
        _register_heif()
    with warnings.catch_warnings():
        # Image.open reads only the header. Our own limit below is the one that counts;
        # Pillow's bomb check (a warning, then an error at twice MAX_IMAGE_PIXELS) is a backstop.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(upload.data), formats=[_PIL_FORMATS[kind]])
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(upload, None, limits) from exc
        width, height = image.size
        if width * height > limits.max_pixels:
            raise _too_many_pixels(upload, (width, height), limits)
        if width < 1 or height < 1:
            raise _unreadable(upload)
        image.load()  # a truncated or corrupt body fails here (OSError), reported as unreadable
    return to_rgb(_upright(image, upload))


def _upright(image: Image.Image, upload: Upload) -> Image.Image:
    """The photo turned as the camera's EXIF orientation says (phones store pixels sideways)."""
    try:
        if image.getexif().get(_EXIF_ORIENTATION, 1) in (0, 1):
            return image  # exif_transpose would copy even when there is nothing to turn
        return ImageOps.exif_transpose(image)
    except Exception as exc:  # broken EXIF: keep the pixels as stored rather than refuse the photo
        log.info("ignoring unreadable EXIF orientation of %s: %r", upload.filename, exc)
        return image


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels: transparency laid on white paper (not black), 16-bit and float scaled to 8 bits."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") else max(float(values.max()), 1.0)
        gray = np.clip(values * (255.0 / top), 0, 255).astype(np.uint8)
        return Image.fromarray(gray).convert("RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _too_many_pixels(upload: Upload, size: tuple[int, int] | None, limits: Limits) -> IntakeError:
    measured = f"有 {size[0]}×{size[1]} 像素（约 {size[0] * size[1] / 1e6:.0f} 百万像素），" if size else "像素过多，"
    return IntakeError(
        DefectCode.FILE_UNREADABLE,
        f"图片“{upload.filename}”{measured}超过了 {limits.max_pixels / 1e6:.0f} 百万像素的上限",
        "请用手机正常拍摄，或把图片缩小后上传",
    )


def _register_heif() -> None:
    """Teach Pillow HEIC (iPhone photos) on first use: pillow-heif loads libheif, which is slow."""
    global _heif_registered
    with _heif_lock:
        if not _heif_registered:
            from pillow_heif import register_heif_opener

            register_heif_opener()
            _heif_registered = True


# --- PDF ------------------------------------------------------------------------------------


def _pdf(upload: Upload, limits: Limits) -> list[Page]:
    with _pdfium_lock:
        return _pdf_locked(upload, limits)


def _pdf_locked(upload: Upload, limits: Limits) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(upload.data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise IntakeError(
                DefectCode.FILE_UNREADABLE,
                f"PDF“{upload.filename}”设置了打开密码，无法查看",
                "请去掉密码后重新导出 PDF 上传（不要加密）",
            ) from exc
        raise IntakeError(
            DefectCode.FILE_UNREADABLE,
            f"PDF“{upload.filename}”文件已损坏或不完整，无法打开",
            "文件已损坏或不完整，请重新导出/扫描后上传",
        ) from exc
    try:
        count = len(document)
        if count == 0:
            raise IntakeError(DefectCode.FILE_UNREADABLE, f"PDF“{upload.filename}”里没有页面", "请重新导出/扫描后上传")
        if count > limits.max_pages:
            raise IntakeError(
                DefectCode.FILE_UNREADABLE,
                f"PDF“{upload.filename}”有 {count} 页，超过了单个文件 {limits.max_pages} 页的上限",
                "请只上传本事项需要的材料页，或分成几个文件上传",
            )
        # Filled-in form fields and typed-on annotations are not page text: flattening them into
        # the page puts them in both the text layer and the picture.
        document.init_forms()
        return [_pdf_page(document, index, upload, limits) for index in range(count)]
    finally:
        document.close()


def _pdf_page(document: Any, index: int, upload: Upload, limits: Limits) -> Page:
    import pypdfium2.raw as pdfium_c

    page = document[index]
    try:
        # Raw call: pypdfium2's flatten() insists on a form environment, which a PDF with only
        # typed-on annotations (no form) does not get. Failure leaves the page as it is.
        if (
            pdfium_c.FPDFPage_GetAnnotCount(page) > 0
            and pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS
        ):
            page.close()
            page = document[index]
        width_pt, height_pt = page.get_size()  # after the page's /Rotate, like the rendering
        if not (width_pt > 0 and height_pt > 0):
            raise _unreadable(upload)
        scale = pdf_scale(width_pt, height_pt, limits.max_pixels)
        image = page.render(scale=scale).to_pil()
        image = to_rgb(image)
        lines = _text_layer(page, image.size)
        return Page(upload.filename, index + 1, image, lines, dpi=72.0 * scale)
    finally:
        page.close()


# A card-sized page (54 mm) at 200 dpi is 425 px: render small pages to at least this short side.
_MIN_PDF_SHORT_SIDE = 1000


def pdf_scale(width_pt: float, height_pt: float, max_pixels: int) -> float:
    """Points to pixels: PDF_DPI, raised for a small page (a card-sized PDF of an ID card must
    come out as large as a photo of it) and lowered for a huge one (under max_pixels)."""
    scale = max(PDF_DPI / 72.0, _MIN_PDF_SHORT_SIDE / max(min(width_pt, height_pt), 1.0))
    if width_pt * scale * height_pt * scale > max_pixels:
        scale = math.sqrt(max_pixels / (width_pt * height_pt)) * 0.999
    return scale


def _text_layer(page: Any, size: tuple[int, int]) -> list[TextLine]:
    """The page's text lines with boxes in image pixels; empty for a scan (OCR it instead).

    Lines are built from the characters (pdfium's own line breaks, split again at wide gaps so
    table cells stay apart). pdfium's text rectangles with `get_text_bounded` were tried first:
    with tight line spacing a rectangle also catches the descenders of the next line's text.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        chars = list(_chars(textpage))
        visible = [c for c in chars if c is not None and not c[2]]
        if len(visible) < MIN_TEXT_LAYER_CHARS:
            return []  # no text layer, or only a watermark; invisible text is a scanner's OCR
        garbled = sum(_garbled(c[0]) for c in visible)
        if garbled > MAX_GARBLED_SHARE * len(visible):
            return []
        if len(visible) < MAX_CAPTION_CHARS and _image_coverage(page) >= SCAN_IMAGE_COVERAGE:
            return []
        width, height = size
        lines: list[TextLine] = []
        for text, (left, bottom, right, top) in _group_lines(chars):
            x0, y0 = _to_device(page, pdfium_c, size, left, top)
            x1, y1 = _to_device(page, pdfium_c, size, right, bottom)
            box = Box(
                max(0.0, min(x0, x1)), max(0.0, min(y0, y1)), min(float(width), max(x0, x1)), min(float(height), max(y0, y1))
            )
            if box.x1 > box.x0 and box.y1 > box.y0:
                lines.append(TextLine(text, box, 1.0, "pdf"))
        return lines
    finally:
        textpage.close()


_Char = tuple[str, tuple[float, float, float, float], bool]


def _chars(textpage: Any) -> Iterator[_Char | None]:
    """Each character with its loose box and whether it is invisible; None at a line break."""
    import pypdfium2.raw as pdfium_c

    invisible_objects: dict[int | None, bool] = {}
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        char = chr(code) if 0 < code < 0x110000 else "\ufffd"
        if char in "\r\n":
            yield None
            continue
        if char.isspace():
            yield (" ", (0.0, 0.0, 0.0, 0.0), False)
            continue
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
        if key not in invisible_objects:
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) if obj else -1
            invisible_objects[key] = mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
        yield (char, textpage.get_charbox(index, loose=True), invisible_objects[key])


def _garbled(char: str) -> bool:
    code = ord(char)
    return char == "\ufffd" or 0xE000 <= code <= 0xF8FF or code < 0x20 or 0xD800 <= code <= 0xDFFF


def _group_lines(chars: list[_Char | None]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Runs of visible characters on one baseline, split at line breaks and wide gaps."""
    lines: list[tuple[str, tuple[float, float, float, float]]] = []
    text: list[str] = []
    box: list[float] = []

    def flush() -> None:
        joined = "".join(text).strip()
        if joined and box:
            lines.append((" ".join(joined.split()), (box[0], box[1], box[2], box[3])))
        text.clear()
        box.clear()

    for char in chars:
        if char is None:
            flush()
            continue
        value, (left, bottom, right, top), invisible = char
        if value == " ":
            if text:
                text.append(" ")
            continue
        if invisible:
            continue
        if box:
            line_height = max(box[3] - box[1], top - bottom, 1e-3)
            centre, line_centre = (bottom + top) / 2, (box[1] + box[3]) / 2
            # A new cell or column: far to the right, back to the left, or off the baseline.
            if left - box[2] > 1.5 * line_height or left < box[0] - 0.5 * line_height or abs(centre - line_centre) > 0.5 * line_height:
                flush()
        text.append(value)
        if box:
            box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        else:
            box[:] = [left, bottom, right, top]
    flush()
    return lines


def _to_device(page: Any, pdfium_c: Any, size: tuple[int, int], x: float, y: float) -> tuple[float, float]:
    """A point of the page (PDF units, origin bottom-left) in image pixels (origin top-left)."""
    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(page, 0, 0, size[0], size[1], 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
    return float(dx.value), float(dy.value)


def _image_coverage(page: Any) -> float:
    """The share of the page covered by pictures (their bounding boxes, capped at the page)."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_bbox()
    area = max((right - left) * (top - bottom), 1e-6)
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        x0, y0, x1, y1 = obj.get_bounds()
        covered += max(0.0, min(x1, right) - max(x0, left)) * max(0.0, min(y1, top) - max(y0, bottom))
    return min(covered / area, 1.0)


# --- docx -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PICTURES = ("{http://schemas.openxmlformats.org/drawingml/2006/main}blip", "{urn:schemas-microsoft-com:vml}imagedata")
# Synthetic layout of a docx (it has no pixels): one row every _ROW_STEP, characters _CHAR_W wide.
_ROW_HEIGHT = 20.0
_ROW_STEP = 30.0
_CHAR_W = 20.0
_CELL_GAP_W = 40.0


def _docx(upload: Upload, limits: Limits) -> Page:
    """Paragraphs and table rows as text lines, stacked top to bottom in document order.

    A paragraph is one line; a table row is one row of lines, one per non-empty cell, side by
    side at the same height (so the layout reads it as label and value). The body is walked
    directly, so text in content controls and text boxes is kept and merged cells are not
    repeated. A paragraph holding a picture ends with PICTURE_MARK (a signature may be one).
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(upload.data))
    except ValueError as exc:
        if "content type" not in str(exc):
            raise
        # A macro-enabled document (.docm) or a template (.dotx) renamed to .docx.
        raise IntakeError(
            DefectCode.WRONG_FILE_TYPE,
            f"文件“{upload.filename}”是带宏的 Word 文档或 Word 模板，不是普通的 Word 文档",
            "请在 Word 或 WPS 中“另存为”普通 Word 文档（docx）或 PDF 后上传",
        ) from exc
    body = document.element.body
    rows: list[_DocxRow] = []
    _blocks(body, rows, itertools.count())
    starts = _column_starts(rows)
    lines: list[TextLine] = []
    y = 0.0
    for row in rows:
        for column, _span, text in row.cells:
            x = starts[row.table][column] if row.table is not None else 0.0
            lines.append(TextLine(text, Box(x, y, x + _text_width(text), y + _ROW_HEIGHT), 1.0, "docx"))
        y += _ROW_STEP
    return Page(upload.filename, 1, None, lines, pictures=_docx_pictures(document, limits))


@dataclass
class _DocxRow:
    """A paragraph (table None) or a table row: its non-empty cells as (grid column, span, text).
    An empty cell keeps its column, so a value stands under its own header (权利人 | 义务人)."""

    cells: list[tuple[int, int, str]]
    table: int | None = None


def _text_width(text: str) -> float:
    return _CHAR_W * max(len(text), 2)


def _column_starts(rows: Sequence[_DocxRow]) -> dict[int, list[float]]:
    """Where each grid column of each table starts: every column as wide as its widest text."""
    widths: dict[int, dict[int, float]] = {}
    for row in rows:
        if row.table is None:
            continue
        columns = widths.setdefault(row.table, {})
        for column, span, text in row.cells:
            for c in range(column, column + span):
                columns.setdefault(c, _text_width(""))
            if span == 1:
                columns[column] = max(columns[column], _text_width(text))
    starts = {}
    for table, columns in widths.items():
        x, at = 0.0, []
        for c in range(max(columns) + 1 if columns else 0):
            at.append(x)
            x += columns.get(c, _text_width("")) + _CELL_GAP_W
        starts[table] = at
    return starts


_MAX_DOCX_PICTURES = 20


def _docx_pictures(document: Any, limits: Limits) -> list[Image.Image]:
    """The pictures embedded in the body, each flattened onto white paper and shrunk.

    A stamp pasted as a transparent PNG is red on nothing: on white it looks as it prints. A
    picture that is broken or over the pixel limit is skipped, not fatal: the text still counts.
    """
    pictures: list[Image.Image] = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/image"):
            continue
        if len(pictures) == _MAX_DOCX_PICTURES:
            break
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                opened = Image.open(io.BytesIO(rel.target_part.blob))
                if opened.width * opened.height > limits.max_pixels:
                    continue
                opened.draft("RGB", (800, 800))
                picture = opened.convert("RGBA")
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            log.info("skipped a picture in a Word document: %s", exc)
            continue
        picture.thumbnail((800, 800))
        paper = Image.new("RGB", picture.size, "white")
        paper.paste(picture, mask=picture.getchannel("A"))
        pictures.append(paper)
    return pictures


def _blocks(parent: Any, rows: list[_DocxRow], tables: Iterator[int]) -> None:
    """Append the text rows of the block-level children of `parent` (body, cell, content control)."""
    for child in parent:
        tag = child.tag
        if tag == f"{_W}p":
            text = _clean(_text(child))
            if any(True for _ in child.iter(*_PICTURES)):
                # Where a picture sits matters: a signature pasted after 申请人（签字）： signs the
                # form, a seal or logo elsewhere does not.
                text = f"{text} {PICTURE_MARK}".strip()
            if text:
                rows.append(_DocxRow([(0, 1, text)]))
        elif tag == f"{_W}tbl":
            _table(child, rows, tables)
        elif tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
            if content is not None:
                _blocks(content, rows, tables)


def _table(table: Any, rows: list[_DocxRow], tables: Iterator[int]) -> None:
    number = next(tables)
    for tr in _children(table, f"{_W}tr"):
        cells: list[tuple[int, int, str]] = []
        nested: list[_DocxRow] = []
        column = 0
        for tc in _children(tr, f"{_W}tc"):
            span = _grid_span(tc)
            texts = [_clean(_text(p)) for p in _children(tc, f"{_W}p")]
            text = " ".join(t for t in texts if t)
            if text:
                cells.append((column, span, text))
            column += span
            for inner in _children(tc, f"{_W}tbl"):
                _table(inner, nested, tables)
        if cells:
            rows.append(_DocxRow(cells, number))
        rows.extend(nested)


def _grid_span(tc: Any) -> int:
    """How many grid columns a cell spans (w:gridSpan), 1 by default."""
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    value = span.get(f"{_W}val") if span is not None else None
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Direct children with `tag`, also those wrapped in content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == f"{_W}customXml":
            yield from _children(child, tag)


def _text(element: Any) -> str:
    """The text of a paragraph: runs, hyperlinks, fields, inline content controls, text boxes."""
    parts: list[str] = []
    for node in element:
        tag = node.tag
        if tag == _MC_FALLBACK or tag == f"{_W}del":
            continue  # the same text box again for old readers; deleted tracked changes
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}p":
            parts.append(" " + _text(node) + " ")  # a paragraph inside a text box
        else:
            parts.append(_text(node))
    return "".join(parts)


def _clean(text: str) -> str:
    """Spaces collapsed (tabs kept: they separate a label from its value), ends stripped."""
    return "\t".join(" ".join(part.split()) for part in text.split("\t")).strip()


# --- deskew ---------------------------------------------------------------------------------

# Marks taller than this share of the page are shapes, not text (see estimate_skew).
_MAX_MARK_HEIGHT = 0.08
_SOLID_FILL = 0.3
_SKEW_WORK = 800  # measure the angle on this long side: enough for 0.1° on text rows
_MAX_INK_SHARE = 0.25  # more "ink" than this is a photo background, not text: do not guess


def estimate_skew(image: Image.Image, max_angle: float = MAX_SKEW) -> float:
    """The angle (degrees, counter-clockwise) the page's text rows are tilted by; 0 if unsure.

    Projection profile: the dark pixels' rows are most peaked when projected along the text's
    own direction. Coordinates of the ink are projected (no image is rotated), coarse then fine.
    """
    import cv2

    gray = np.asarray(image.convert("L"))
    factor = _SKEW_WORK / max(gray.shape)
    if factor < 1:
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # A tall solid shape (an ID card's portrait) peaks in some tilted projection of its own
    # and would turn a straight card: only text, rules and grids (thin, mostly empty boxes) count.
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(heights * widths, 1)
    solid = np.nonzero((heights > _MAX_MARK_HEIGHT * gray.shape[0]) & (fill > _SOLID_FILL))[0]
    solid = solid[solid != 0]
    if len(solid):
        ink[np.isin(labels, solid)] = 0
    ys, xs = np.nonzero(ink)
    if len(xs) < 200 or len(xs) > _MAX_INK_SHARE * ink.size:
        return 0.0
    xs_f = xs.astype(np.float32) - gray.shape[1] / 2
    ys_f = ys.astype(np.float32)
    offset = gray.shape[1] + gray.shape[0]

    def score(angle: float) -> float:
        radians = math.radians(angle)
        # A row tilted counter-clockwise by `angle` rises to the right: y + x·tan(angle) is constant on it.
        projected = (ys_f * math.cos(radians) + xs_f * math.sin(radians) + offset).astype(np.int32)
        profile = np.bincount(projected).astype(np.float64)
        return float(np.dot(profile, profile))

    coarse = np.arange(-max_angle, max_angle + 1e-6, 1.0)
    scores = [score(float(a)) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 1.0, best + 1.0 + 1e-6, 0.1)
    fine_scores = [score(float(a)) for a in fine]
    angle = float(fine[int(np.argmax(fine_scores))])
    flat = score(0.0)
    if max(fine_scores) < 1.02 * flat:  # no clear text rows (a photo, a blank page): leave it
        return 0.0
    return round(angle, 2)


def deskew(image: Image.Image, max_angle: float = MAX_SKEW) -> Image.Image:
    """Straighten a page tilted by a few degrees (±max_angle); larger turns are OCR's job.

    Costs about 30 ms on a 2-megapixel page (angle search on an 800-px copy, one warp); the corners uncovered by the turn take the colour
    of the page's border, so a photo's background does not grow white wedges.
    """
    angle = estimate_skew(image, max_angle)
    if abs(angle) < 0.3:
        return image
    import cv2

    pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    border = np.concatenate([pixels[[0, -1], :, :].reshape(-1, 3), pixels[:, [0, -1], :].reshape(-1, 3)])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    # Turn by -angle about the centre into a canvas big enough for the turned page (cv2: fast).
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width, new_height = int(round(height * sin + width * cos)), int(round(height * cos + width * sin))
    matrix[0, 2] += new_width / 2 - width / 2
    matrix[1, 2] += new_height / 2 - height / 2
    turned = cv2.warpAffine(pixels, matrix, (new_width, new_height), flags=cv2.INTER_LINEAR, borderValue=fill)
    return Image.fromarray(turned)
