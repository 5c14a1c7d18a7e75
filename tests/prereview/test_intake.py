"""Intake and decoding refuse what must not be opened, with a plain message, quickly."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from PIL import Image

from prereview.decode import decode
from prereview.intake import Limits, check, sniff
from prereview.model import DefectCode, FileKind, IntakeError, Upload
from tests.prereview import hostile


def png_bytes(size: tuple[int, int] = (64, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 32), orientation: int | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "white")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("个体工商户登记（备案）申请书")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "经营者姓名", "某晓明"
    table.cell(1, 0).text, table.cell(1, 1).text = "联系电话", ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [(png_bytes(), FileKind.PNG), (jpeg_bytes(), FileKind.JPEG), (hostile.pdf(1), FileKind.PDF), (docx_bytes(), FileKind.DOCX),
     (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 16, FileKind.HEIC), (hostile.renamed_executable(), None), (b"hello", None)],
)
def test_sniff_by_content(data: bytes, kind: FileKind | None) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("身份证.jpg", hostile.renamed_executable(), DefectCode.WRONG_FILE_TYPE, "可执行程序"),
        ("notes.pdf", "我的材料".encode(), DefectCode.WRONG_FILE_TYPE, "纯文本"),
        ("empty.png", b"", DefectCode.FILE_UNREADABLE, "空文件"),
        ("bomb.docx", hostile.zip_bomb_docx(60), DefectCode.FILE_UNREADABLE, "解压后异常巨大"),
    ],
)
def test_intake_refuses_with_a_plain_message(name: str, data: bytes, code: DefectCode, words: str) -> None:
    with pytest.raises(IntakeError) as error:
        check(Upload(name, data), Limits())
    assert error.value.code is code
    assert words in error.value.message and name in error.value.message
    assert error.value.fix


def test_extension_does_not_matter_when_the_content_is_fine() -> None:
    assert check(Upload("photo.jpg", png_bytes()), Limits()) is FileKind.PNG


def test_oversized_file() -> None:
    with pytest.raises(IntakeError, match="超过 1 MB"):
        check(Upload("big.png", png_bytes() + b"\x00" * (2 * 1024 * 1024)), Limits(max_bytes=1024 * 1024))


def test_a_100_megapixel_png_is_refused_without_decoding() -> None:
    data = hostile.huge_png()
    upload = Upload("huge.png", data)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(IntakeError, match="百万像素"):
        decode(upload, check(upload, Limits()), Limits())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # 100 megapixels would be 100 MB even at 8 bits
    assert elapsed < 5


@pytest.mark.parametrize(
    ("name", "data"),
    [("contract.pdf", hostile.truncated_pdf()), ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)],
)
def test_corrupt_files_are_reported_not_raised(name: str, data: bytes) -> None:
    upload = Upload(name, data)
    with pytest.raises(IntakeError) as error:
        decode(upload, check(upload, Limits()), Limits())
    assert error.value.code is DefectCode.FILE_UNREADABLE
    assert "损坏" in error.value.message


def test_too_many_pdf_pages() -> None:
    upload = Upload("long.pdf", hostile.pdf(5))
    with pytest.raises(IntakeError, match="超过 3 页"):
        decode(upload, FileKind.PDF, Limits(max_pages=3))


def test_pdf_pages_render_with_their_text_layer() -> None:
    pages = decode(Upload("c.pdf", hostile.pdf(2, "Lease contract of a test")), FileKind.PDF, Limits())
    assert [p.number for p in pages] == [1, 2]
    first = pages[0]
    assert first.image is not None and first.image.width > 1000  # about 200 dpi
    assert any("Lease contract" in line.text for line in first.lines)
    box = first.lines[0].box
    assert 0 <= box.x0 < box.x1 <= first.image.width and 0 <= box.y0 < box.y1 <= first.image.height / 4


@pytest.mark.parametrize(("orientation", "size"), [(None, (64, 32)), (6, (32, 64)), (8, (32, 64)), (3, (64, 32))])
def test_exif_rotation_is_applied(orientation: int | None, size: tuple[int, int]) -> None:
    [page] = decode(Upload("p.jpg", jpeg_bytes((64, 32), orientation)), FileKind.JPEG, Limits())
    assert page.image is not None and page.image.size == size


def test_docx_text_in_order() -> None:
    [page] = decode(Upload("form.docx", docx_bytes()), FileKind.DOCX, Limits())
    assert page.image is None
    assert [line.text for line in page.lines] == ["个体工商户登记（备案）申请书", "经营者姓名", "某晓明", "联系电话"]
    assert page.lines[1].box.center_y == page.lines[2].box.center_y  # one table row
