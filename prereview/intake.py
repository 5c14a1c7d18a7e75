"""Intake: what an upload really is (from its bytes, not its name) and whether to open it.

A renamed executable, a zip bomb, an empty or oversized file is refused here with a plain
message and fix, before any decoder touches it; the other files of the request go on.
The file name's extension is never trusted: a photo saved as .jpg that is really a PNG is
fine, an .exe renamed to .jpg is refused.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass

from banshi.config import PrereviewConfig
from prereview.model import DefectCode, FileKind, IntakeError, Upload

ACCEPTED = "jpg、png、pdf、docx（苹果手机照片 heic 也可）"
ACCEPTED_FIX = f"请上传 {ACCEPTED} 格式的材料照片、扫描件或文档"

# Readers such as Acrobat accept a PDF whose "%PDF-" header comes after up to 1 KB of junk
# (a mail gateway's preamble, a BOM); so do we.
_PDF_HEADER_WINDOW = 1024
# ISO BMFF brands of HEIF images with HEVC pictures (what iPhones save). "mif1"/"msf1" are the
# generic HEIF brands; as a major brand they are HEIC unless the file says it is AVIF.
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_GENERIC = frozenset({b"mif1", b"msf1"})
# A real .docx has a few dozen parts; tens of thousands of members is an attack on the parser.
_MAX_DOCX_MEMBERS = 10_000
# Members smaller than this are not judged by their compression ratio: a small, repetitive
# XML part (styles, an empty table) can compress 100× and is harmless.
_RATIO_MIN_BYTES = 1024 * 1024


# The configurable limits default to those of config.yml's `prereview:` section (one source).
_CONFIG_DEFAULTS = PrereviewConfig()


@dataclass(frozen=True)
class Limits:
    """Size limits for one upload: size, pages and pixels as configured under `prereview:` in
    config.yml (`from_config`); the docx bomb limits are fixed here."""

    max_bytes: int = _CONFIG_DEFAULTS.max_file_bytes
    max_pages: int = _CONFIG_DEFAULTS.max_pages
    max_pixels: int = _CONFIG_DEFAULTS.max_pixels
    max_docx_uncompressed: int = 50 * 1024 * 1024
    # A docx (or one of its big members) expanding more than this many times is a bomb, not a
    # document: Word's own files expand 3–20 times.
    max_compression_ratio: int = 100

    @classmethod
    def from_config(cls, config: PrereviewConfig) -> Limits:
        """The limits an operator set in config.yml (or the environment)."""
        return cls(max_bytes=config.max_file_bytes, max_pages=config.max_pages, max_pixels=config.max_pixels)


def sniff(data: bytes) -> FileKind | None:
    """The real file type from its magic bytes; None when it is none of the accepted ones."""
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if b"%PDF-" in data[: _PDF_HEADER_WINDOW + 5]:
        return FileKind.PDF
    if _is_heic(data):
        return FileKind.HEIC
    if data.startswith(b"PK\x03\x04") and "word/document.xml" in _zip_names(data):
        return FileKind.DOCX
    return None


def _is_heic(data: bytes) -> bool:
    """An ISO BMFF file whose `ftyp` box names a HEIC brand (major or compatible)."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[0:4], "big")
    box = data[8 : max(16, min(size, 256))]
    major = box[:4]
    compatible = {box[i : i + 4] for i in range(8, len(box) - 3, 4)}  # skip major and minor version
    brands = compatible | {major}
    if brands & _HEIC_BRANDS:
        return True
    return major in _HEIF_GENERIC and b"avif" not in brands and b"avis" not in brands


def _zip_names(data: bytes) -> set[str]:
    """The member names from a zip's central directory (nothing is extracted); empty if broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError):
        return set()


def describe(data: bytes) -> str:
    """What a refused file looks like, in words a citizen understands."""
    if data.startswith(b"\x7fELF") or data.startswith(b"MZ"):
        return "一个可执行程序"
    if data[:4] in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return "一个可执行程序"
    if data.startswith(b"#!"):
        return "一个脚本程序"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        names = _zip_names(data)
        if any(name.startswith("xl/") for name in names):
            return "Excel 表格（xlsx）"
        if any(name.startswith("ppt/") for name in names):
            return "PowerPoint 演示文稿（pptx）"
        if "mimetype" in names and "content.xml" in names:
            return "WPS/OpenOffice 文档（odt 等）"
        return "一个 zip 压缩包"
    if data.startswith(b"Rar!\x1a\x07"):
        return "一个 RAR 压缩包"
    if data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "一个 7z 压缩包"
    if data.startswith(b"\x1f\x8b"):
        return "一个 gzip 压缩包"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "旧版或加了密码的 Office 文档（doc/xls/ppt）"
    if data.startswith(b"GIF8"):
        return "GIF 动图"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP 图片"
    if data.startswith(b"BM"):
        return "BMP 图片"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF 图片"
    if data[4:8] == b"ftyp":
        return "视频或 AVIF 图片"
    if data.startswith(b"{\\rtf"):
        return "RTF 文档"
    text = _as_text(data[:1024])
    if text is not None:
        head = text.lstrip().lower()
        if head.startswith(("<!doctype html", "<html")):
            return "一个网页（html）"
        return "纯文本"
    return "无法识别的格式"


def _as_text(head: bytes) -> str | None:
    """The start of the file as text when it reads as UTF-8/UTF-16/GB18030 text, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            # Not final: the window may cut a multi-byte character at its end.
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if text and printable / len(text) > 0.95:
            return text
    return None


def _mb(size: int) -> str:
    """A size as people say it: 20 MB, 2.5 MB, 300 KB."""
    if size < 1024 * 1024:
        return f"{max(size, 1024) // 1024} KB"
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def check(upload: Upload, limits: Limits) -> FileKind:
    """The upload's real type, or IntakeError saying what is wrong and what to do."""
    data = upload.data
    name = upload.filename
    if not data:
        # No content is no file type at all: the documented code for a file that is not a document.
        raise IntakeError(DefectCode.WRONG_FILE_TYPE, f"文件“{name}”是空文件（0 字节），可能上传中断了", "请重新选择文件上传")
    if len(data) > limits.max_bytes:
        raise IntakeError(
            DefectCode.FILE_UNREADABLE,
            f"文件“{name}”有 {_mb(len(data))}，超过了单个文件 {_mb(limits.max_bytes)} 的上限",
            "请把照片压缩后上传（手机“原图”不必勾选），或把扫描件分成几个文件上传",
        )
    kind = sniff(data)
    if kind is None and _broken_docx(data):
        raise IntakeError(
            DefectCode.FILE_UNREADABLE,
            f"Word 文档“{name}”已损坏或不完整（可能没有上传完），无法打开",
            "请用 Word 或 WPS 重新保存（或另存为 PDF）后上传",
        )
    if kind is None:
        raise IntakeError(
            DefectCode.WRONG_FILE_TYPE,
            f"文件“{name}”的内容是{describe(data)}，不是可以预审的材料（只看文件内容，改文件扩展名没有用）",
            ACCEPTED_FIX,
        )
    if kind is FileKind.DOCX:
        _check_docx(upload, limits)
    return kind


def _broken_docx(data: bytes) -> bool:
    """A zip whose local headers name Word parts but whose central directory is gone (cut short)."""
    return data.startswith(b"PK\x03\x04") and b"word/" in data and not _zip_names(data)


def _check_docx(upload: Upload, limits: Limits) -> None:
    """Refuse zip bombs by the central directory's declared sizes, before extracting anything.

    Python's zipfile (which python-docx uses) never inflates a member past its declared size,
    so the declared sizes bound what decoding can cost.
    """
    name = upload.filename
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError) as exc:
        raise IntakeError(
            DefectCode.FILE_UNREADABLE, f"Word 文档“{name}”已损坏或不完整，无法打开", "请用 Word 或 WPS 重新保存（或另存为 PDF）后上传"
        ) from exc
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    big_ratios = [m.file_size / max(m.compress_size, 1) for m in members if m.file_size >= _RATIO_MIN_BYTES]
    worst = max([total / max(packed, 1) if total >= _RATIO_MIN_BYTES else 0.0, *big_ratios])
    if len(members) > _MAX_DOCX_MEMBERS or total > limits.max_docx_uncompressed or worst > limits.max_compression_ratio:
        raise IntakeError(
            DefectCode.FILE_UNREADABLE,
            f"Word 文档“{name}”解压后异常巨大（{_mb(total)}，是原文件的 {total / max(len(upload.data), 1):.0f} 倍），"
            "不是正常的文档，为安全起见不予打开",
            "请用 Word 或 WPS 重新保存，或另存为 PDF 后上传",
        )
