"""Uploads that are not documents at all: renamed programs, zip bombs, giant or broken images.

Pre-review must refuse each one from its bytes, before a decoder spends memory or time on it.
The big ones are built streaming (a 1 GB zip bomb and a 100-megapixel PNG cost a few MB and
never sit in memory whole).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

# Magic bytes of files that are not an accepted upload type (jpg, png, pdf, docx).
_FOREIGN_HEADERS = {
    "gif": b"GIF89a\x10\x00\x10\x00\x80\x00\x00",
    "bmp": b"BM" + struct.pack("<IHHI", 70, 0, 0, 54),
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16,
    "rar": b"Rar!\x1a\x07\x01\x00",
    "html": b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>scan</title></head><body>",
}


def renamed_executable(rng: random.Random, kind: str = "elf", size: int = 8192) -> bytes:
    """A program (Linux ELF or Windows PE header, then junk) a citizen might send named `.jpg`."""
    if kind == "elf":
        header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
    elif kind == "pe":
        header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + struct.pack("<I", 0x80)
        header += b"\x00" * (0x80 - len(header)) + b"PE\x00\x00\x4c\x01"
    else:
        raise ValueError(f"kind must be 'elf' or 'pe', got {kind!r}")
    return header + rng.randbytes(max(size - len(header), 0))


def foreign_file(rng: random.Random, kind: str) -> bytes:
    """A file of a type pre-review does not take (gif, bmp, webp, old .doc, rar, html), any name."""
    if kind not in _FOREIGN_HEADERS:
        raise ValueError(f"kind must be one of {sorted(_FOREIGN_HEADERS)}, got {kind!r}")
    body = "<p>营业执照扫描件</p></body></html>".encode() if kind == "html" else rng.randbytes(4096)
    return _FOREIGN_HEADERS[kind] + body


FOREIGN_KINDS = tuple(sorted(_FOREIGN_HEADERS))


def write_zip_bomb_docx(path: Path, expanded_bytes: int = 1 << 30, chunk: int = 1 << 20) -> int:
    """A valid zip that looks like a .docx ([Content_Types].xml, word/document.xml) whose document
    expands to `expanded_bytes` of zeros (1 GiB by default) while the file stays around 1 MB.
    Returns the size on disk.

    Deflating a gigabyte takes seconds; but after a full flush a deflate stream starts afresh, so
    one compressed chunk of zeros can be written again and again. The archive is therefore
    assembled by hand (local header, repeated chunk, central directory), streaming, in a fraction
    of a second and a few MB of memory. Sizes stay under 4 GiB, so no zip64 records are needed.
    """
    if expanded_bytes >= 1 << 32:
        raise ValueError("expanded_bytes must stay under 4 GiB (no zip64 records are written)")
    zeros = b"\x00" * chunk
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(expanded_bytes, chunk)
    tail = compressor.compress(zeros[:rest]) + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(whole):
        crc = zlib.crc32(zeros, crc)
    crc = zlib.crc32(zeros[:rest], crc)
    content_types = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    members = [("[Content_Types].xml", content_types, zlib.crc32(content_types), len(content_types), 0)]
    compressed_size = len(block) * whole + len(tail)
    directory = []
    with path.open("wb") as out:
        for name, data, member_crc, size, _ in members:
            directory.append((name, out.tell(), member_crc, len(data), size, 0))
            out.write(_local_header(name, member_crc, len(data), size, 0) + data)
        name = "word/document.xml"
        directory.append((name, out.tell(), crc, compressed_size, expanded_bytes, 8))
        out.write(_local_header(name, crc, compressed_size, expanded_bytes, 8))
        for _ in range(whole):
            out.write(block)
        out.write(tail)
        start = out.tell()
        for name, offset, member_crc, packed, size, method in directory:
            encoded = name.encode()
            out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x5821, member_crc, packed, size,
                                  len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        end = out.tell()
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), end - start, start, 0))
    return path.stat().st_size


def _local_header(name: str, crc: int, packed: int, size: int, method: int) -> bytes:
    """A zip local file header (stored or deflated, fixed 2024-01-01 timestamp)."""
    encoded = name.encode()
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5821, crc, packed, size, len(encoded), 0) + encoded


def declared_size(path: Path) -> int:
    """The total uncompressed size a zip's directory declares (what a careful reader checks first)."""
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def write_huge_png(path: Path, width: int = 10_000, height: int = 10_000, colour: tuple[int, int, int] = (250, 250, 250)) -> int:
    """A valid single-colour PNG of width × height pixels (100 megapixels by default), a few kB:
    1-bit palette rows, deflated and written row by row. Returns the size on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter 0, palette index 0 everywhere
    compressor = zlib.compressobj(9)
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 3, 0, 0, 0)))
        out.write(chunk(b"PLTE", bytes(colour)))
        pending = b""
        for _ in range(height):
            pending += compressor.compress(row)
            if len(pending) > 1 << 16:
                out.write(chunk(b"IDAT", pending))
                pending = b""
        pending += compressor.flush()
        out.write(chunk(b"IDAT", pending))
        out.write(chunk(b"IEND", b""))
    return path.stat().st_size


def png_dimensions(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR header, without decoding anything."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def truncated_pdf(pdf: bytes, keep: float = 0.5) -> bytes:
    """A real PDF cut off part way (an interrupted upload or download): header present, no xref."""
    return pdf[: max(16, int(len(pdf) * keep))]


def corrupt_jpeg(rng: random.Random, size: int = 20_000) -> bytes:
    """JPEG start-of-image and an APP0 marker, then random bytes: looks like a JPEG, decodes as nothing."""
    return b"\xff\xd8\xff\xe0" + rng.randbytes(size)


def empty_file() -> bytes:
    """Zero bytes (a failed upload from a phone)."""
    return b""


def zip_member_sizes(data: bytes) -> list[tuple[str, int, int]]:
    """(name, uncompressed, compressed) per member of an in-memory zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, i.file_size, i.compress_size) for i in archive.infolist()]
