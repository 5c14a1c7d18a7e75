"""Intake: what an upload really is (from its bytes, not its name) and whether to open it.

A renamed executable, a zip bomb, an empty or oversized file is refused here with a plain
message and fix, before any decoder touches it; the other files of the request go on.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from prereview.model import DefectCode, FileKind, IntakeError, Upload

ACCEPTED = "jpg、png、pdf、docx（苹果手机照片 heic 也可）"
_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


@dataclass(frozen=True)
class Limits:
    """Size limits for one upload (configurable under `prereview:` in config.yml)."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 20
    max_pixels: int = 40_000_000
    max_docx_uncompressed: int = 50 * 1024 * 1024
    # A docx member expanding more than this many times is a bomb, not a document.
    max_compression_ratio: int = 100


def sniff(data: bytes) -> FileKind | None:
    """The real file type from its magic bytes; None when it is none of the accepted ones."""
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if b"%PDF-" in data[:1024]:
        return FileKind.PDF
    if data[4:8] == b"ftyp" and data[8:12] in _HEIC_BRANDS:
        return FileKind.HEIC
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return FileKind.DOCX
        except zipfile.BadZipFile:
            return None
    return None


def describe(data: bytes) -> str:
    """What a refused file looks like, in words a citizen understands."""
    if data.startswith(b"\x7fELF") or data.startswith(b"MZ"):
        return "一个可执行程序"
    if data.startswith(b"PK\x03\x04"):
        return "一个压缩包"
    if data.startswith(b"Rar!") or data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "一个压缩包"
    if data.startswith(b"GIF8"):
        return "GIF 动图"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP 图片"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "旧版 Office 文档（doc/xls）"
    head = data[:512]
    try:
        head.decode("utf-8")
        return "纯文本"
    except UnicodeDecodeError:
        return "无法识别的格式"


def check(upload: Upload, limits: Limits) -> FileKind:
    """The upload's type, or IntakeError saying what is wrong and what to do."""
    data = upload.data
    if not data:
        raise IntakeError(DefectCode.FILE_UNREADABLE, f"文件“{upload.filename}”是空文件", "请重新选择文件上传")
    if len(data) > limits.max_bytes:
        raise IntakeError(
            DefectCode.FILE_UNREADABLE,
            f"文件“{upload.filename}”有 {len(data) / 1024 / 1024:.1f} MB，超过 {limits.max_bytes // 1024 // 1024} MB 的上限",
            "请压缩图片或分页扫描后再上传",
        )
    kind = sniff(data)
    if kind is None:
        raise IntakeError(
            DefectCode.WRONG_FILE_TYPE,
            f"文件“{upload.filename}”的内容是{describe(data)}，不是可预审的文件（与文件扩展名无关）",
            f"请上传 {ACCEPTED} 格式的材料照片或扫描件",
        )
    if kind is FileKind.DOCX:
        _check_docx(upload, limits)
    return kind


def _check_docx(upload: Upload, limits: Limits) -> None:
    """Refuse zip bombs by their declared sizes, before extracting anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise IntakeError(DefectCode.FILE_UNREADABLE, f"文件“{upload.filename}”已损坏，无法打开", "请重新保存或导出后上传") from exc
    total = sum(m.file_size for m in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members), default=0.0)
    if total > limits.max_docx_uncompressed or worst > limits.max_compression_ratio:
        raise IntakeError(
            DefectCode.FILE_UNREADABLE,
            f"文件“{upload.filename}”解压后异常巨大（{total / 1024 / 1024:.0f} MB），不是正常的 Word 文档",
            "请另存为 PDF 或重新导出 Word 文档后上传",
        )
