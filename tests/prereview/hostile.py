"""Bad uploads as bytes for tests: thin wrappers over the fixtures generator's hostile files."""

from __future__ import annotations

import io
import random
import tempfile
from pathlib import Path

from tools.prereview_synthetic import hostile


def renamed_executable() -> bytes:
    return hostile.renamed_executable(random.Random(0), "elf")


def zip_bomb_docx(expanded_mb: int = 200) -> bytes:
    """A .docx-looking zip whose document.xml expands to `expanded_mb` MB of zeros."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.docx"
        hostile.write_zip_bomb_docx(path, expanded_bytes=expanded_mb << 20)
        return path.read_bytes()


def huge_png(width: int = 10000, height: int = 10000) -> bytes:
    """A valid PNG of width×height pixels, tiny on disk."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge.png"
        hostile.write_huge_png(path, width, height)
        return path.read_bytes()


def pdf(pages: int = 2, text: str = "房屋租赁合同") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        page.drawString(72, 760, f"{text} page {number + 1}")
        page.showPage()
    page.save()
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    return hostile.truncated_pdf(pdf(3))
