"""Intake: the real type from the content, and plain refusals of what must not be opened."""

from __future__ import annotations

import functools
import io
import time
import zipfile

import pytest
from PIL import Image

from banshi.config import PrereviewConfig
from prereview.intake import Limits, check, sniff
from prereview.model import DefectCode, FileKind, IntakeError, Upload

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + bytes(range(256)) * 8
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 4


def png_bytes(size: tuple[int, int] = (64, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, "application form")
    page.showPage()
    page.save()
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("个体工商户登记（备案）申请书")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00\x00\x01\x00meta" + b"\x00" * 32


@functools.cache
def zeros_docx(expanded_mb: int) -> bytes:
    """A .docx-looking zip whose document.xml inflates to `expanded_mb` MB of zeros (written streaming)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("jpeg", jpeg_bytes(), FileKind.JPEG),
        ("png", png_bytes(), FileKind.PNG),
        ("pdf", pdf_bytes(), FileKind.PDF),
        ("pdf after 1000 bytes of junk", b"\x00" * 1000 + pdf_bytes(), FileKind.PDF),
        ("pdf after 2000 bytes of junk", b"\x00" * 2000 + pdf_bytes(), None),
        ("docx", docx_bytes(), FileKind.DOCX),
        ("heic (iPhone)", ftyp(b"heic", b"mif1", b"heic", b"miaf"), FileKind.HEIC),
        ("heix", ftyp(b"heix", b"mif1"), FileKind.HEIC),
        ("mif1 with heic", ftyp(b"mif1", b"heic"), FileKind.HEIC),
        ("msf1", ftyp(b"msf1", b"iso8"), FileKind.HEIC),
        ("avif", ftyp(b"avif", b"mif1", b"miaf"), None),
        ("mif1 avif", ftyp(b"mif1", b"avif"), None),
        ("mp4 video", ftyp(b"isom", b"iso2", b"mp41"), None),
        ("zip without word/", zip_bytes({"a.txt": b"hello"}), None),
        ("xlsx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}), None),
        ("ELF", ELF, None),
        ("text", "我的材料".encode(), None),
        ("empty", b"", None),
    ],
)
def test_sniff_by_content(name: str, data: bytes, kind: FileKind | None) -> None:
    assert sniff(data) == kind, name


ACCEPTED_TYPES = ("jpg", "png", "pdf", "docx", "heic")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("身份证.jpg", ELF, "可执行程序"),
        ("申请书.pdf", PE, "可执行程序"),
        ("photo.png", b"#!/bin/sh\nrm -rf /\n", "脚本"),
        ("材料.docx", zip_bytes({"a.txt": b"hello"}), "zip 压缩包"),
        ("材料.pdf", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64, "RAR 压缩包"),
        ("材料.jpg", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64, "7z 压缩包"),
        ("表.docx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}), "Excel"),
        ("旧版.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "旧版或加了密码的 Office 文档"),
        ("notes.pdf", "我的材料：身份证、户口本".encode(), "纯文本"),
        ("notes.jpg", "我的材料：身份证、户口本".encode("gbk"), "纯文本"),
        ("page.pdf", b"<!DOCTYPE html><html><body>hi</body></html>", "网页"),
        ("动图.jpg", b"GIF89a" + b"\x00" * 64, "GIF"),
        ("scan.png", bytes(range(256)) * 4, "无法识别"),
    ],
)
def test_wrong_type_says_what_the_content_is(name: str, data: bytes, words: str) -> None:
    with pytest.raises(IntakeError) as error:
        check(Upload(name, data), Limits())
    assert error.value.code is DefectCode.WRONG_FILE_TYPE
    assert words in error.value.message and name in error.value.message
    assert "扩展名" in error.value.message  # renaming the file does not help
    assert all(kind in error.value.fix for kind in ACCEPTED_TYPES)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.jpg", png_bytes(), FileKind.PNG),
        ("scan.pdf", jpeg_bytes(), FileKind.JPEG),
        ("form.docx", pdf_bytes(), FileKind.PDF),
        ("申请书", docx_bytes(), FileKind.DOCX),
        ("IMG_0001.JPG", ftyp(b"heic", b"mif1", b"heic"), FileKind.HEIC),
    ],
)
def test_the_extension_does_not_matter_when_the_content_is_fine(name: str, data: bytes, kind: FileKind) -> None:
    assert check(Upload(name, data), Limits()) is kind


@pytest.mark.parametrize(
    ("name", "data", "limits", "words", "fix"),
    [
        ("big.png", png_bytes() + b"\x00" * (21 * 1024 * 1024), Limits(), "超过了单个文件 20 MB", "压缩"),
        ("big.pdf", pdf_bytes() + b"\x00" * 2048, Limits(max_bytes=2048), "超过了单个文件 2 KB", "压缩"),
        ("cut.docx", docx_bytes()[:3000], Limits(), "已损坏或不完整", "重新保存"),
    ],
)
def test_unreadable_uploads(name: str, data: bytes, limits: Limits, words: str, fix: str) -> None:
    with pytest.raises(IntakeError) as error:
        check(Upload(name, data), limits)
    assert error.value.code is DefectCode.FILE_UNREADABLE
    assert words in error.value.message and name in error.value.message
    assert fix in error.value.fix


def test_an_empty_upload_is_no_file_type_at_all() -> None:
    with pytest.raises(IntakeError) as error:
        check(Upload("empty.png", b""), Limits())
    assert error.value.code is DefectCode.WRONG_FILE_TYPE
    assert "空文件" in error.value.message and "重新选择" in error.value.fix


def test_the_limits_are_the_configured_ones() -> None:
    """config.yml's `prereview:` section is their one source: the defaults are its defaults."""
    assert Limits() == Limits.from_config(PrereviewConfig())
    configured = Limits.from_config(PrereviewConfig(max_file_mb=1, max_pages=3, max_megapixels=8))
    assert (configured.max_bytes, configured.max_pages, configured.max_pixels) == (1024 * 1024, 3, 8_000_000)
    with pytest.raises(IntakeError, match="超过了单个文件 1 MB"):
        check(Upload("big.png", png_bytes() + b"\x00" * (1024 * 1024)), configured)


def test_a_file_exactly_at_the_size_limit_is_accepted() -> None:
    data = png_bytes()
    assert check(Upload("p.png", data), Limits(max_bytes=len(data))) is FileKind.PNG


@pytest.mark.parametrize(
    ("expanded_mb", "words"),
    [
        (200, "解压后异常巨大（200 MB"),  # over the 50 MB total
        (30, "解压后异常巨大（30 MB"),  # under the total, but 30 MB of zeros is a 1000× ratio
    ],
)
def test_zip_bomb_docx_is_refused_quickly(expanded_mb: int, words: str) -> None:
    data = zeros_docx(expanded_mb)
    assert len(data) < expanded_mb * 1024 * 1024 / 500  # deflate packs zeros about 1000:1
    assert sniff(data) is FileKind.DOCX
    started = time.perf_counter()
    with pytest.raises(IntakeError) as error:
        check(Upload("bomb.docx", data), Limits())
    assert time.perf_counter() - started < 0.5
    assert error.value.code is DefectCode.FILE_UNREADABLE
    assert words in error.value.message and "bomb.docx" in error.value.message
    assert error.value.fix


def test_a_small_repetitive_docx_part_is_not_a_bomb() -> None:
    """Highly compressible but small parts (styles, an empty table) are normal."""
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:p/>" * 100_000})
    assert check(Upload("form.docx", data), Limits()) is FileKind.DOCX


def test_docx_limits_are_configurable() -> None:
    data = docx_bytes()
    with pytest.raises(IntakeError, match="异常巨大"):
        check(Upload("form.docx", data), Limits(max_docx_uncompressed=1024))
