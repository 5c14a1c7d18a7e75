"""Decoding uploads into pages: images upright, PDF pages rendered with their text layer, docx text.

Pixel and page limits are checked from headers before anything is decoded, so a 100-megapixel
PNG or a 500-page PDF costs nothing. Every library failure becomes an IntakeError with a
plain message; nothing escapes to the citizen as a stack trace.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from prereview.intake import Limits
from prereview.model import Box, DefectCode, FileKind, IntakeError, Page, TextLine, Upload

log = logging.getLogger(__name__)

# Render PDF pages at about 200 dpi: enough for OCR of 5-point print, cheap enough for 2 cores.
_PDF_DPI = 200
# A text layer with fewer characters than this is a scan with a stray caption: OCR it.
_MIN_TEXT_LAYER_CHARS = 20
# Deskew only small angles (a scanner's or a careful photo's); OCR handles the rest.
_MAX_SKEW = 10.0

_heif_registered = False


def decode(upload: Upload, kind: FileKind, limits: Limits) -> list[Page]:
    """The upload's pages (1-based), or IntakeError when it cannot be read."""
    try:
        if kind is FileKind.PDF:
            return _pdf(upload, limits)
        if kind is FileKind.DOCX:
            return _docx(upload)
        return [Page(upload.filename, 1, _image(upload, limits, kind))]
    except IntakeError:
        raise
    except Exception as exc:  # any decoder failure is the file's problem, reported plainly
        log.info("cannot decode %s: %r", upload.filename, exc)
        raise IntakeError(DefectCode.FILE_UNREADABLE, f"文件“{upload.filename}”已损坏或不完整，无法打开", "请重新拍摄、扫描或导出后上传") from exc


def _image(upload: Upload, limits: Limits, kind: FileKind) -> Image.Image:
    if kind is FileKind.HEIC:
        _register_heif()
    with warnings.catch_warnings():
        # Opening reads only the header; the pixel limit below is ours, Pillow's is a backstop.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(upload.data))
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(upload, None, limits) from exc
        except UnidentifiedImageError as exc:
            raise _unreadable(upload, exc) from exc
        if image.size[0] * image.size[1] > limits.max_pixels:
            raise _too_many_pixels(upload, image.size, limits)
        try:
            image.load()
        except (OSError, SyntaxError) as exc:
            raise _unreadable(upload, exc) from exc
    upright = ImageOps.exif_transpose(image) or image
    return upright.convert("RGB")


def _too_many_pixels(upload: Upload, size: tuple[int, int] | None, limits: Limits) -> IntakeError:
    measured = f"有 {size[0]}×{size[1]} 像素（{size[0] * size[1] / 1e6:.0f} 百万像素），" if size else "像素过多，"
    return IntakeError(
        DefectCode.FILE_UNREADABLE,
        f"图片“{upload.filename}”{measured}超过 {limits.max_pixels / 1e6:.0f} 百万像素的上限",
        "请用手机正常拍摄或把图片缩小后上传",
    )


def _unreadable(upload: Upload, exc: BaseException) -> IntakeError:
    log.info("unreadable image %s: %r", upload.filename, exc)
    return IntakeError(DefectCode.FILE_UNREADABLE, f"图片“{upload.filename}”已损坏或不完整，无法打开", "请重新拍摄或重新导出图片后上传")


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


def _pdf(upload: Upload, limits: Limits) -> list[Page]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(upload.data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise IntakeError(DefectCode.FILE_UNREADABLE, f"PDF“{upload.filename}”设置了密码，无法打开", "请去掉密码后重新导出上传") from exc
        raise IntakeError(DefectCode.FILE_UNREADABLE, f"PDF“{upload.filename}”已损坏或不完整，无法打开", "请重新导出或扫描后上传") from exc
    try:
        count = len(document)
        if count == 0:
            raise IntakeError(DefectCode.FILE_UNREADABLE, f"PDF“{upload.filename}”没有页面", "请重新导出后上传")
        if count > limits.max_pages:
            raise IntakeError(
                DefectCode.FILE_UNREADABLE,
                f"PDF“{upload.filename}”有 {count} 页，超过 {limits.max_pages} 页的上限",
                "请只上传本事项需要的材料页",
            )
        pages = []
        for index in range(count):
            page = document[index]
            width_pt, height_pt = page.get_size()
            scale = _PDF_DPI / 72
            if width_pt * height_pt * scale * scale > limits.max_pixels:
                scale = (limits.max_pixels / (width_pt * height_pt)) ** 0.5
            image = page.render(scale=scale).to_pil().convert("RGB")
            lines = _text_layer(page, scale, height_pt)
            pages.append(Page(upload.filename, index + 1, image, lines, dpi=72 * scale))
        return pages
    finally:
        document.close()


def _text_layer(page: Any, scale: float, height_pt: float) -> list[TextLine]:
    """The page's text lines with boxes in image pixels (PDF origin is bottom-left)."""
    textpage = page.get_textpage()
    try:
        if textpage.count_chars() < _MIN_TEXT_LAYER_CHARS:
            return []
        lines = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if text:
                box = Box(left * scale, (height_pt - top) * scale, right * scale, (height_pt - bottom) * scale)
                lines.append(TextLine(text.replace("\r", "").replace("\n", ""), box, 1.0, "pdf"))
        return lines
    finally:
        textpage.close()


def _docx(upload: Upload) -> list[Page]:
    """Paragraphs and table rows as text lines, stacked in document order."""
    import docx
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document: DocxDocument = docx.Document(io.BytesIO(upload.data))
    lines: list[TextLine] = []
    y = 0.0

    def add(text: str) -> None:
        nonlocal y
        lines.append(TextLine(text, Box(0, y, 20.0 * max(len(text), 1), y + 20), 1.0, "docx"))
        y += 30

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                add(block.text.strip())
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                x = 0.0
                for text in cells:
                    width = 20.0 * max(len(text), 4)
                    lines.append(TextLine(text or " ", Box(x, y, x + width, y + 20), 1.0, "docx"))
                    x += width + 40
                y += 30
    has_images = bool(document.inline_shapes)
    return [Page(upload.filename, 1, None, [line for line in lines if line.text.strip()], has_images=has_images)]


def deskew(image: Image.Image) -> Image.Image:
    """Straighten a page tilted by a few degrees (cheap: angle from the dark pixels' spread)."""
    import cv2

    gray = np.asarray(image.convert("L"))
    scale = 600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def score(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, matrix, (ink.shape[1], ink.shape[0]))
        return float(np.var(rotated.sum(axis=1, dtype=np.float64)))  # text rows line up: a peaky profile

    coarse = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 1.0), key=lambda a: score(float(a)))
    best_angle = float(max(np.arange(coarse - 0.75, coarse + 0.76, 0.25), key=lambda a: score(float(a))))
    if abs(best_angle) < 0.5:
        return image
    return image.rotate(best_angle, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
