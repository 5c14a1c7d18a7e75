"""The data that flows through pre-review: uploads, decoded pages, OCR lines, defects.

Every stage (intake → decode → quality → OCR → classify → extract → rules → report) takes and
returns these plain dataclasses, so each one can be tested and replaced on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from PIL import Image


class DefectCode(StrEnum):
    """Defect codes of the public contract (extend, never rename)."""

    ID_NUMBER_INVALID = "id_number_invalid"
    DOCUMENT_EXPIRED = "document_expired"
    NAME_MISMATCH = "name_mismatch"
    ID_NUMBER_MISMATCH = "id_number_mismatch"
    USCC_INVALID = "uscc_invalid"
    MISSING_MATERIAL = "missing_material"
    LOW_QUALITY = "low_quality"
    WRONG_FILE_TYPE = "wrong_file_type"
    MISSING_SIGNATURE = "missing_signature"
    BLANK_REQUIRED_FIELD = "blank_required_field"
    UNRECOGNIZED_DOCUMENT = "unrecognized_document"
    # Extensions
    MISSING_SEAL = "missing_seal"
    FILE_UNREADABLE = "file_unreadable"
    RULE_VIOLATION = "rule_violation"
    FIELD_MISMATCH = "field_mismatch"
    SITUATION_MISMATCH = "situation_mismatch"  # a stated 情形 (the citizen's or a form's) the uploads contradict


class FileKind(StrEnum):
    """The real type of an upload, from its content (magic bytes), not its name."""

    JPEG = "jpeg"
    PNG = "png"
    PDF = "pdf"
    DOCX = "docx"
    HEIC = "heic"


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in page pixels (x0, y0) top-left, (x1, y1) bottom-right."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def center_y(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: Box) -> Box:
        """The smallest box holding both (a value continued on the line below)."""
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))

    def contains(self, other: Box) -> bool:
        """Whether `other` lies wholly inside this box."""
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1

    def as_list(self) -> list[int]:
        return [round(self.x0), round(self.y0), round(self.x1), round(self.y1)]


@dataclass(frozen=True)
class TextLine:
    """One line of text read from a page, with where it was and how sure the reader was.

    `source` says where it came from: "ocr", "pdf" (the PDF's text layer) or "docx".
    """

    text: str
    box: Box
    confidence: float = 1.0
    source: str = "ocr"
    slope: float = 0.0  # of its baseline (dy/dx): a phone photo's rows run at a slant


@dataclass
class Upload:
    """One file as the citizen sent it: bytes, the name they gave it, their material label."""

    filename: str
    data: bytes
    label: str | None = None


@dataclass
class Page:
    """One page of an upload, ready for OCR and checks.

    `image` is the rendered page (RGB, auto-rotated); `lines` is the text already known without
    OCR (a PDF text layer, a docx paragraph list) — empty when the page must be OCR'd. A Word
    document has no page image; its `pictures` (a pasted seal or signature, flattened onto
    white) are what the seal check looks at.
    """

    file: str
    number: int  # 1-based
    image: Image.Image | None
    lines: list[TextLine] = field(default_factory=list)
    dpi: float | None = None
    pictures: list[Image.Image] = field(default_factory=list)


# Stands for a picture in a docx paragraph's text (a pasted signature, a seal image).
PICTURE_MARK = "\u25a3"


@dataclass
class Evidence:
    """What was read and where, so the citizen and the clerk can see why a defect was raised."""

    text: str
    box: list[int] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "box": self.box}


@dataclass
class Defect:
    """One problem with one material, with the plain-language fix."""

    code: DefectCode
    material: str | None
    file: str | None
    page: int | None
    message: str
    fix: str = ""
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "material": self.material,
            "file": self.file,
            "page": self.page,
            "message": self.message,
            "fix": self.fix,
            "evidence": [e.as_dict() for e in self.evidence],
        }


class IntakeError(Exception):
    """An upload refused before decoding (wrong type, too big, a bomb, unreadable).

    Carries the defect to report; the other uploads of the same request are still reviewed.
    """

    def __init__(self, code: DefectCode, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fix = fix
