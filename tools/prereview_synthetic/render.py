"""Renderers of fictitious Chinese documents: ID cards, 户口簿, 结婚证, 营业执照, contracts, forms…

Each renderer lays its document out as pages of simple drawing primitives in millimetres
(text, lines, boxes, pen strokes, red seals). The same pages become pixels (PNG/JPEG, at any
dpi), a PDF with a real text layer (reportlab), or — for forms — a Word document; so a
"scan" and an "exported PDF" of one document print exactly the same words. Layout details
(separators, font sizes, margins, value offsets, line spacing, table or lines) vary per
document from the seeded `random.Random`, so an extractor cannot learn one fixed layout.

Field labels are the ones in `prereview.documents.SPECS`; every renderer returns the values
it printed (`Document.fields`), the ground truth pre-review should read back.
"""

from __future__ import annotations

import io
import math
import os
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from knowledge.schema import DocumentType
from tools.prereview_synthetic.identities import (
    REGIONS,
    Birth,
    Company,
    Lease,
    Marriage,
    Person,
    PropertyRight,
    cn_date,
)

RGB = tuple[int, int, int]
INK: RGB = (25, 25, 28)
WHITE: RGB = (255, 255, 255)
SEAL_RED: RGB = (214, 36, 42)
PEN_BLUE: RGB = (22, 36, 120)
PEN_BLACK: RGB = (24, 24, 30)
MM_PER_PT = 25.4 / 72

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)
_CJK_NAME_HINTS = ("wqy", "cjk", "uming", "ukai", "hei", "song", "kai", "fang", "simsun", "droidsansfallback")


class FontMissing(RuntimeError):
    """No font with Chinese glyphs: documents cannot be drawn."""


@lru_cache(maxsize=1)
def find_font() -> Path:
    """BANSHI_CJK_FONT, a known Debian CJK font, or any CJK-looking font under /usr/share/fonts."""
    configured = os.environ.get("BANSHI_CJK_FONT")
    candidates = [Path(configured)] if configured else []
    candidates += [Path(p) for p in FONT_CANDIDATES]
    for root in (Path("/usr/share/fonts"), Path.home() / ".fonts", Path("/usr/local/share/fonts")):
        if root.is_dir():
            candidates += sorted(p for p in root.rglob("*") if p.suffix.lower() in (".ttc", ".ttf", ".otf")
                                 and any(h in p.name.lower() for h in _CJK_NAME_HINTS))
    for path in candidates:
        if path.is_file() and _draws_chinese(path):
            return path
    raise FontMissing(
        "no Chinese (CJK) font found to draw the documents: install one with "
        "`sudo apt-get install fonts-wqy-zenhei` (or scripts/install-fonts.sh), or point "
        "BANSHI_CJK_FONT at a .ttc/.ttf/.otf file with Chinese glyphs"
    )


def _draws_chinese(path: Path) -> bool:
    try:
        font = ImageFont.truetype(str(path), 40)
    except OSError:
        return False
    box = font.getbbox("证")
    return box[2] - box[0] > 10


@lru_cache(maxsize=256)
def _pil_font(size_px: int, index: int) -> ImageFont.FreeTypeFont:
    path = find_font()
    try:
        return ImageFont.truetype(str(path), max(size_px, 4), index=index)
    except OSError:  # a single-face font has no index 1
        return ImageFont.truetype(str(path), max(size_px, 4))


def text_width(text: str, size: float, font: int = 0, spacing: float = 0.0) -> float:
    """Width in mm of text drawn `size` mm high (em size), with extra `spacing` mm between characters."""
    return _pil_font(200, font).getlength(text) / 200 * size + spacing * max(len(text) - 1, 0)


# -- primitives (millimetres, origin top-left, y down) ---------------------------------------
@dataclass(frozen=True)
class Text:
    """A run of text; (x, y) is the baseline point at the left, middle or right (anchor l/m/r)."""

    x: float
    y: float
    text: str
    size: float
    color: RGB = INK
    anchor: str = "l"
    font: int = 0
    bold: bool = False
    spacing: float = 0.0


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.25
    color: RGB = INK


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    outline: RGB | None = INK
    fill: RGB | None = None
    width: float = 0.25


@dataclass(frozen=True)
class Ellipse:
    x0: float
    y0: float
    x1: float
    y1: float
    outline: RGB | None = None
    fill: RGB | None = INK
    width: float = 0.25


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    color: RGB = INK
    width: float = 0.2
    fill: RGB | None = None  # closed and filled when set


@dataclass(frozen=True)
class Stroke:
    """One pen stroke of a handwritten signature: a smooth path, thinner at its ends."""

    points: tuple[tuple[float, float], ...]
    width: float
    color: RGB


@dataclass(frozen=True)
class Stamp:
    """A red seal: ring, five-pointed star, the organisation's name on the arc, a line below."""

    cx: float
    cy: float
    radius: float
    text: str
    center_text: str = ""
    color: RGB = SEAL_RED
    seed: int = 0


@dataclass(frozen=True, eq=False)
class Picture:
    """A raster image placed in a box (a card on a photocopy, an ID photo)."""

    x0: float
    y0: float
    x1: float
    y1: float
    image: Image.Image


Item = Text | Line | Rect | Ellipse | Polyline | Stroke | Stamp | Picture


@dataclass
class PageSpec:
    """One page: its size in mm, paper colour and primitives, drawn in order."""

    width: float
    height: float
    items: list[Item] = field(default_factory=list)
    background: RGB = WHITE
    corner: float = 0.0  # rounded corners (cards), the surround shows outside them
    surround: RGB = (246, 246, 244)


@dataclass(frozen=True)
class FormRow:
    """One field of a form: its canonical name, the label printed, the value written ("" blank)."""

    name: str
    label: str
    value: str


@dataclass
class FormContent:
    """What a form says, independent of layout (for the Word version)."""

    title: str
    rows: list[FormRow]
    signers: list[tuple[str, bool]]
    seal_label: str | None
    sealed: bool
    seal_text: str
    date_label: str
    date_value: str
    notes: list[str] = field(default_factory=list)
    columns: int = 2


@dataclass
class Document:
    """A rendered document: its type, pages, the values it prints and its marks.

    `fields` are the printed values by field name (the ground truth), `labels` the printed
    label when it differs from the name (an alias on a form). `signed`/`sealed` are None when
    the document has no place for a signature or seal.
    """

    type: DocumentType | None
    title: str
    pages: list[PageSpec]
    fields: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    dpi: int = 200
    signed: bool | None = None
    sealed: bool | None = None
    form: FormContent | None = None
    fields_page: int = 1  # the page (1-based) that prints the fields (a certificate's register page comes first)


# -- page composition -------------------------------------------------------------------------
class Sheet:
    """A page being laid out: adds primitives, measures and wraps text."""

    def __init__(self, width: float, height: float, background: RGB = WHITE, corner: float = 0.0) -> None:
        self.page = PageSpec(width, height, background=background, corner=corner)

    @property
    def items(self) -> list[Item]:
        return self.page.items

    def add(self, *items: Item) -> None:
        self.page.items.extend(items)

    def text(self, x: float, y: float, text: str, size: float, *, color: RGB = INK, anchor: str = "l", font: int = 0,
             bold: bool = False, spacing: float = 0.0) -> float:
        """Draw text; returns the x where it ends."""
        if text:
            self.add(Text(x, y, text, size, color, anchor, font, bold, spacing))
        width = text_width(text, size, font, spacing)
        return {"l": x + width, "m": x + width / 2, "r": x}[anchor]

    def fit(self, text: str, size: float, width: float, font: int = 0) -> float:
        """The font size, at most `size`, at which text fits in `width`."""
        measured = text_width(text, size, font)
        return size if measured <= width else size * width / measured

    def paragraph(self, x: float, y: float, width: float, text: str, size: float, leading: float, *, indent: float = 0.0,
                  color: RGB = INK, font: int = 0) -> float:
        """Wrapped text starting with its first baseline at y; returns the next baseline."""
        for i, line in enumerate(wrap(text, width, size, font, first_indent=indent)):
            self.text(x + (indent if i == 0 else 0), y, line, size, color=color, font=font)
            y += leading
        return y


def wrap(text: str, width: float, size: float, font: int = 0, first_indent: float = 0.0) -> list[str]:
    """Split text into lines no wider than width (character by character, as Chinese wraps)."""
    lines: list[str] = []
    current = ""
    limit = width - first_indent
    for char in text:
        if char == "\n":
            lines.append(current)
            current, limit = "", width
            continue
        if current and text_width(current + char, size, font) > limit:
            # Do not start a line with closing punctuation.
            if char in "，。、；：）》”！？" and len(current) > 1:
                lines.append(current[:-1])
                current = current[-1] + char
            else:
                lines.append(current)
                current = char
            limit = width
        else:
            current += char
    if current:
        lines.append(current)
    return lines or [""]


# -- marks: seals, signatures, photos ---------------------------------------------------------
def _catmull_rom(points: Sequence[tuple[float, float]], steps: int = 10) -> list[tuple[float, float]]:
    """A smooth curve through the points (a pen does not draw corners)."""
    if len(points) < 3:
        return list(points)
    padded = [points[0], *points, points[-1]]
    out: list[tuple[float, float]] = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(  # type: ignore[arg-type]
                0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                       + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3)
                for k in (0, 1)
            ))
    out.append(points[-1])
    return out


def scribble(rng: random.Random, x: float, y: float, width: float, height: float, color: RGB | None = None) -> list[Stroke]:
    """A handwritten-looking signature in the box, never legible text: usually two or three
    character-like clusters of quick, joined strokes (how Chinese names are signed), sometimes a
    looping cursive run; both end in a flourish."""
    color = color or rng.choice((PEN_BLUE, PEN_BLACK, (30, 30, 90)))
    pen = rng.uniform(0.35, 0.55)
    if rng.random() < 0.85:
        strokes, last = _hanzi_like(rng, x, y, width, height, color, pen)
    else:
        strokes, last = _cursive(rng, x, y, width, height, color, pen)
    # The flourish: a long sweep from the last stroke, under or through the name.
    end_x = x + width * rng.uniform(0.88, 1.0)
    sweep = [last, ((last[0] + end_x) / 2, y + height * rng.uniform(0.75, 1.0)), (end_x, y + height * rng.uniform(0.35, 0.7))]
    if rng.random() < 0.5:
        sweep.append((end_x - width * 0.12, y + height * rng.uniform(0.65, 0.95)))
    strokes.append(Stroke(tuple(_catmull_rom(sweep, steps=10)), pen * 0.85, color))
    return strokes


# Stroke shapes of hand-written characters, in a unit cell: 横 竖 撇 捺 折 点 钩.
_STROKE_SHAPES = (
    ((0.1, 0.35), (0.5, 0.3), (0.9, 0.27)),
    ((0.5, 0.1), (0.52, 0.5), (0.5, 0.92)),
    ((0.7, 0.15), (0.5, 0.5), (0.15, 0.85)),
    ((0.35, 0.3), (0.6, 0.6), (0.95, 0.85)),
    ((0.15, 0.3), (0.8, 0.25), (0.7, 0.85)),
    ((0.45, 0.1), (0.55, 0.22)),
    ((0.6, 0.1), (0.62, 0.8), (0.45, 0.7)),
)


def _hanzi_like(rng: random.Random, x: float, y: float, width: float, height: float, color: RGB, pen: float) -> tuple[list[Stroke], tuple[float, float]]:
    """Clusters of joined strokes shaped like a quickly signed two- or three-character name."""
    strokes: list[Stroke] = []
    glyphs = rng.choice((2, 3, 3))
    cell = width * rng.uniform(0.7, 0.85) / glyphs
    slant = rng.uniform(0.05, 0.35)
    last = (x, y + height / 2)
    for g in range(glyphs):
        scale = rng.uniform(1.0, 1.25) if g == 0 else rng.uniform(0.75, 1.0)  # the surname is signed bigger
        cx0, cy0 = x + g * cell + rng.uniform(-0.1, 0.1) * cell, y + height * (1 - scale) / 2
        path: list[tuple[float, float]] = []
        for _ in range(rng.randint(3, 6)):
            shape = rng.choice(_STROKE_SHAPES)
            points = [(cx0 + (u + rng.uniform(-0.12, 0.12)) * cell * scale - slant * (v - 0.5) * height,
                       cy0 + (v + rng.uniform(-0.1, 0.1)) * height * scale) for u, v in shape]
            if path and rng.random() < 0.6:
                path += points  # written without lifting the pen
            else:
                if len(path) > 1:
                    strokes.append(Stroke(tuple(_catmull_rom(path, 6)), pen * rng.uniform(0.85, 1.15), color))
                path = points
        if len(path) > 1:
            strokes.append(Stroke(tuple(_catmull_rom(path, 6)), pen * rng.uniform(0.85, 1.15), color))
            last = path[-1]
    return strokes, last


def _cursive(rng: random.Random, x: float, y: float, width: float, height: float, color: RGB, pen: float) -> tuple[list[Stroke], tuple[float, float]]:
    """One or two looping runs (a trochoid: the pen circles while moving right, sizes drifting)."""
    strokes: list[Stroke] = []
    mid = y + height / 2
    slant = rng.uniform(0.1, 0.45)
    runs = rng.choice((1, 2))
    span = width * rng.uniform(0.7, 0.85)
    start = x
    last = (x, mid)
    for _run in range(runs):
        run_w = span / runs * rng.uniform(0.8, 1.1)
        turns = rng.randint(2, 5)
        step = run_w / turns
        knots = [(rng.uniform(0.15, 0.5), rng.uniform(0.1, 0.75)) for _ in range(5)]
        points = []
        samples = turns * 18 + 2
        for i in range(samples):
            t = i / (samples - 1)
            k = t * (len(knots) - 1)
            j = min(int(k), len(knots) - 2)
            f = k - j
            amp_y = (knots[j][0] * (1 - f) + knots[j + 1][0] * f) * height
            loop = (knots[j][1] * (1 - f) + knots[j + 1][1] * f) * step
            angle = 2 * math.pi * turns * t
            px = start + run_w * t + loop * math.cos(angle + math.pi / 2)
            py = mid - amp_y * math.sin(angle + math.pi / 2) * (1.0 if math.sin(angle) > -0.3 else 0.7)
            points.append((px - slant * (py - mid), py))
        strokes.append(Stroke(tuple(points), pen * rng.uniform(0.85, 1.15), color))
        last = points[-1]
        start = max(start + run_w * rng.uniform(0.9, 1.1), last[0] + step * 0.4)
    return strokes, last


def signature_image(rng: random.Random, width_px: int = 480, height_px: int = 160) -> Image.Image:
    """A scribble on white (the picture a citizen pastes into a Word form)."""
    sheet = Sheet(width_px / 10, height_px / 10)
    sheet.add(*scribble(rng, 2, 2, width_px / 10 - 4, height_px / 10 - 4))
    return rasterize(sheet.page, 254)


def _star(cx: float, cy: float, outer: float, rotation: float = 0.0) -> tuple[tuple[float, float], ...]:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else outer * 0.382
        a = math.radians(-90 + 36 * i + rotation)
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return tuple(points)


def stamp_image(stamp: Stamp, px_per_mm: float) -> Image.Image:
    """The seal as an RGBA image with uneven ink (a real stamp never prints evenly)."""
    r = stamp.radius * px_per_mm
    size = int(2 * r + 8)
    c = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(2, int(r * 0.065))
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=ring)
    draw.polygon(_star(c, c - r * 0.02, r * 0.3), fill=255)
    n = len(stamp.text)
    if n:
        char_px = r * (0.27 if n <= 12 else 0.22 if n <= 18 else 0.18)
        text_r = r - ring - char_px * 0.62
        step = min(char_px * 1.08 / text_r, math.radians(250) / max(n - 1, 1))
        font = _pil_font(int(char_px), 0)
        for i, char in enumerate(stamp.text):
            angle = (i - (n - 1) / 2) * step
            tile = Image.new("L", (int(char_px * 1.5), int(char_px * 1.5)), 0)
            ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), char, font=font, fill=255, anchor="mm",
                                      stroke_width=max(1, int(char_px / 28)), stroke_fill=255)
            rotated = tile.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC, expand=True)
            px = c + text_r * math.sin(angle) - rotated.width / 2
            py = c - text_r * math.cos(angle) - rotated.height / 2
            mask.paste(255, (int(px), int(py)), rotated)
    if stamp.center_text:
        font = _pil_font(int(r * 0.2), 0)
        draw.text((c, c + r * 0.52), stamp.center_text, font=font, fill=255, anchor="mm")
    # Uneven ink: low-frequency pressure and a few starved specks.
    gen = np.random.default_rng(stamp.seed)
    coarse = gen.uniform(0.55, 1.0, (6, 6)).astype(np.float32)
    pressure = np.asarray(Image.fromarray((coarse * 255).astype(np.uint8)).resize((size, size), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    specks = gen.random((size, size)) > 0.08
    alpha = np.asarray(mask, dtype=np.float32) / 255 * pressure * specks * 0.92
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[..., 0], rgba[..., 1], rgba[..., 2] = stamp.color
    rgba[..., 3] = np.clip(alpha * 255, 0, 255).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA").filter(ImageFilter.GaussianBlur(0.5))


def seal(cx: float, cy: float, radius: float, text: str, rng: random.Random, center_text: str = "") -> Stamp:
    """A seal slightly off-red, at the given centre (mm)."""
    red = (rng.randint(195, 230), rng.randint(20, 55), rng.randint(30, 60))
    return Stamp(cx + rng.uniform(-1.5, 1.5), cy + rng.uniform(-1.5, 1.5), radius, text, center_text, red, rng.randrange(1 << 30))


def portrait(x0: float, y0: float, x1: float, y1: float, sex: str, rng: random.Random, background: RGB | None = None) -> list[Item]:
    """A neutral silhouette standing in for a photo (no real face)."""
    w, h = x1 - x0, y1 - y0
    bg = background or rng.choice(((236, 240, 246), (210, 225, 245), (255, 255, 255)))
    skin = rng.choice(((232, 200, 178), (224, 188, 160), (240, 210, 190)))
    hair = rng.choice(((30, 28, 28), (45, 35, 30), (20, 20, 25)))
    cloth = rng.choice(((40, 50, 70), (70, 70, 75), (230, 230, 230), (30, 30, 35)))
    cx = x0 + w / 2
    items: list[Item] = [Rect(x0, y0, x1, y1, outline=None, fill=bg)]
    items.append(Ellipse(cx - w * 0.46, y0 + h * 0.68, cx + w * 0.46, y0 + h * 1.25, fill=cloth))
    items.append(Rect(cx - w * 0.09, y0 + h * 0.55, cx + w * 0.09, y0 + h * 0.72, outline=None, fill=skin))
    hair_long = sex == "女"
    if hair_long:
        items.append(Ellipse(cx - w * 0.27, y0 + h * 0.14, cx + w * 0.27, y0 + h * 0.78, fill=hair))
    items.append(Ellipse(cx - w * 0.2, y0 + h * 0.2, cx + w * 0.2, y0 + h * 0.64, fill=skin))
    items.append(Ellipse(cx - w * 0.22, y0 + h * 0.15, cx + w * 0.22, y0 + h * 0.36, fill=hair))
    return _clip(items, y1)


def _clip(items: list[Item], bottom: float) -> list[Item]:
    """Keep shapes inside the photo: shoulders are cut at the frame's bottom edge."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Ellipse) and item.y1 > bottom:
            # Approximate the cut ellipse by a polygon of its part above the bottom.
            cx, cy = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
            rx, ry = (item.x1 - item.x0) / 2, (item.y1 - item.y0) / 2
            pts = [(cx + rx * math.cos(a), min(cy + ry * math.sin(a), bottom)) for a in np.linspace(0, 2 * math.pi, 48)]
            out.append(Polyline(tuple(pts), color=item.fill or INK, width=0.01, fill=item.fill))
        else:
            out.append(item)
    return out


def _fake_code(x: float, y: float, size: float, rng: random.Random) -> list[Item]:
    """A square of black modules with three corner markers (looks like a 2-D code, encodes nothing)."""
    n = 25
    m = size / n
    items: list[Item] = [Rect(x, y, x + size, y + size, outline=None, fill=WHITE)]
    for i in range(n):
        for j in range(n):
            corner = (i < 8 and j < 8) or (i < 8 and j >= n - 8) or (i >= n - 8 and j < 8)
            if not corner and rng.random() < 0.48:
                items.append(Rect(x + j * m, y + i * m, x + (j + 1) * m, y + (i + 1) * m, outline=None, fill=INK))
    for ox, oy in ((0, 0), (n - 7, 0), (0, n - 7)):
        items.append(Rect(x + ox * m, y + oy * m, x + (ox + 7) * m, y + (oy + 7) * m, outline=None, fill=INK))
        items.append(Rect(x + (ox + 1) * m, y + (oy + 1) * m, x + (ox + 6) * m, y + (oy + 6) * m, outline=None, fill=WHITE))
        items.append(Rect(x + (ox + 2) * m, y + (oy + 2) * m, x + (ox + 5) * m, y + (oy + 5) * m, outline=None, fill=INK))
    return items


def _waves(sheet: Sheet, rng: random.Random, color: RGB, count: int = 14) -> None:
    """Fine wavy background lines (the anti-copy guilloche of cards and certificates)."""
    w, h = sheet.page.width, sheet.page.height
    for i in range(count):
        base = h * (i + 0.5) / count
        amp, period, phase = rng.uniform(1.0, 3.0), rng.uniform(12, 30), rng.uniform(0, 6.3)
        pts = tuple((x, base + amp * math.sin(x / period * 2 * math.pi + phase)) for x in np.linspace(0, w, 60))
        sheet.add(Polyline(pts, color=color, width=0.12))


# -- ID card (居民身份证) --------------------------------------------------------------------
CARD_W, CARD_H = 85.6, 54.0
_CARD_LABEL: RGB = (58, 112, 160)


def _card(rng: random.Random) -> Sheet:
    tint = rng.choice(((232, 238, 240), (236, 240, 236), (238, 236, 232), (230, 236, 242)))
    sheet = Sheet(CARD_W, CARD_H, background=tint, corner=3.2)
    _waves(sheet, rng, (min(tint[0] + 8, 255) - 20, tint[1] - 10, tint[2] - 4), count=rng.randint(8, 16))
    return sheet


def id_card_front(person: Person, rng: random.Random) -> Document:
    """居民身份证人像面: 姓名, 性别, 民族, 出生, 住址, 公民身份号码 and a photo."""
    sheet = _card(rng)
    jitter = lambda: rng.uniform(-0.6, 0.6)  # noqa: E731
    label_size = rng.uniform(2.1, 2.5)
    value_size = rng.uniform(2.7, 3.1)
    lx = 5.5 + jitter()
    vx = lx + label_size * 2 + rng.uniform(2.2, 3.4)
    y = 9.5 + jitter()
    step = rng.uniform(6.0, 6.8)
    sheet.text(lx, y, "姓名", label_size, color=_CARD_LABEL)
    sheet.text(vx, y, person.name, value_size + 0.5, bold=True)
    y += step
    sheet.text(lx, y, "性别", label_size, color=_CARD_LABEL)
    sheet.text(vx, y, person.sex, value_size)
    ex = vx + rng.uniform(11, 14)
    sheet.text(ex, y, "民族", label_size, color=_CARD_LABEL)
    sheet.text(ex + label_size * 2 + rng.uniform(2, 3), y, person.ethnicity, value_size)
    y += step
    sheet.text(lx, y, "出生", label_size, color=_CARD_LABEL)
    x = sheet.text(vx, y, str(person.birth.year), value_size)
    for number, unit in ((None, "年"), (person.birth.month, "月"), (person.birth.day, "日")):
        if number is not None:
            x = sheet.text(x + 1.4, y, str(number), value_size)
        x = sheet.text(x + 1.0, y, unit, label_size, color=_CARD_LABEL)
    y += step
    sheet.text(lx, y, "住址", label_size, color=_CARD_LABEL)
    for line in wrap(person.address, rng.uniform(33, 37), value_size)[:3]:
        sheet.text(vx, y, line, value_size)
        y += value_size * rng.uniform(1.3, 1.45)
    number_y = CARD_H - 6.8 + jitter() / 2
    sheet.text(lx, number_y, "公民身份号码", label_size, color=_CARD_LABEL)
    number_x = lx + text_width("公民身份号码", label_size) + rng.uniform(3.5, 6.0)
    sheet.text(number_x, number_y, person.id_number, rng.uniform(3.1, 3.5), font=1, spacing=rng.uniform(0.25, 0.45), bold=True)
    px0 = CARD_W - 29 + jitter()
    sheet.add(*portrait(px0, 7.5, px0 + 24, 38.5, person.sex, rng, background=sheet.page.background))
    fields = {"姓名": person.name, "性别": person.sex, "民族": person.ethnicity, "出生": cn_date(person.birth),
              "住址": person.address, "公民身份号码": person.id_number}
    return Document(DocumentType.ID_CARD_FRONT, "居民身份证", [sheet.page], fields, dpi=rng.choice((300, 350, 400)))


def _emblem(x: float, y: float, size: float) -> list[Item]:
    """A stylised red-and-gold round emblem (not the real national emblem)."""
    gold: RGB = (236, 190, 60)
    red: RGB = (205, 40, 40)
    c = size / 2
    items: list[Item] = [Ellipse(x, y, x + size, y + size, fill=red), Ellipse(x + size * 0.08, y + size * 0.08, x + size * 0.92, y + size * 0.92, outline=gold, fill=None, width=size * 0.03)]
    items.append(Polyline(_star(x + c, y + size * 0.33, size * 0.16), color=gold, width=0.05, fill=gold))
    for k in range(4):
        a = math.radians(200 + k * 45 / 1.5 + 10)
        sx, sy = x + c + size * 0.3 * math.cos(a) + size * 0.18, y + size * 0.33 + size * 0.22 * math.sin(a) + size * 0.05
        items.append(Polyline(_star(sx, sy, size * 0.05), color=gold, width=0.03, fill=gold))
    items.append(Rect(x + size * 0.25, y + size * 0.58, x + size * 0.75, y + size * 0.7, outline=None, fill=gold))
    return items


def id_card_back(person: Person, rng: random.Random) -> Document:
    """居民身份证国徽面: 中华人民共和国 居民身份证, 签发机关, 有效期限."""
    sheet = _card(rng)
    size = rng.uniform(15, 18)
    sheet.add(*_emblem(5 + rng.uniform(-0.5, 0.5), 4.5 + rng.uniform(-0.5, 0.5), size))
    sheet.text(27 + rng.uniform(-1, 1), 13 + rng.uniform(-0.8, 0.8), "中华人民共和国", rng.uniform(4.2, 4.8), spacing=rng.uniform(0.6, 1.0))
    sheet.text(CARD_W / 2 + rng.uniform(-2, 2), 28 + rng.uniform(-1, 1), "居民身份证", rng.uniform(6.5, 7.5), anchor="m", bold=True,
               spacing=rng.uniform(1.5, 2.5))
    label_size = rng.uniform(2.2, 2.5)
    value_size = rng.uniform(2.7, 3.0)
    lx = rng.uniform(13, 17)
    vx = lx + text_width("签发机关", label_size) + rng.uniform(3, 5)
    y1 = 41.5 + rng.uniform(-0.6, 0.6)
    y2 = y1 + rng.uniform(6.0, 7.0)
    sheet.text(lx, y1, "签发机关", label_size, color=_CARD_LABEL)
    sheet.text(vx, y1, person.id_issuer, value_size)
    sheet.text(lx, y2, "有效期限", label_size, color=_CARD_LABEL)
    sheet.text(vx, y2, person.id_period, value_size, font=rng.choice((0, 1)))
    fields = {"签发机关": person.id_issuer, "有效期限": person.id_period}
    return Document(DocumentType.ID_CARD_BACK, "居民身份证", [sheet.page], fields, dpi=rng.choice((300, 350, 400)))


def id_card_copy(front: Document, back: Document, rng: random.Random, dpi: int = 200) -> Document:
    """Both sides of a card photocopied onto one A4 page (复印件), as many offices ask."""
    sheet = Sheet(210, 297)
    scale = rng.uniform(0.98, 1.02)
    w, h = CARD_W * scale, CARD_H * scale
    x = (210 - w) / 2 + rng.uniform(-15, 15)
    for i, doc in enumerate((front, back)):
        image = rasterize(doc.pages[0], 300)
        y = rng.uniform(35, 55) + i * rng.uniform(75, 110)
        sheet.add(Picture(x, y, x + w, y + h, image))
    fields = {**front.fields, **back.fields}
    return Document(None, "居民身份证复印件", [sheet.page], fields, dpi=dpi)


# -- shared layouts ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """How one document lays out labels and values (chosen per document)."""

    separator: str
    size: float
    label_color: RGB
    margin: float
    leading: float
    value_gap: float
    underline: bool


def random_layout(rng: random.Random, size: tuple[float, float] = (3.6, 4.4)) -> Layout:
    return Layout(
        separator=rng.choice(("：", "：", ":", "  ", "")),
        size=rng.uniform(*size),
        label_color=rng.choice((INK, INK, (40, 40, 60), (70, 50, 40))),
        margin=rng.uniform(16, 26),
        leading=rng.uniform(1.5, 2.1),
        value_gap=rng.uniform(0.8, 4.0),
        underline=rng.random() < 0.35,
    )


def _label_value(sheet: Sheet, x: float, y: float, label: str, value: str, layout: Layout, *, width: float,
                 label_width: float | None = None, value_font: int = 0) -> float:
    """`label：value` (or aligned columns); wraps long values; returns the next baseline."""
    text = label + layout.separator
    end = sheet.text(x, y, text, layout.size, color=layout.label_color)
    vx = x + label_width if label_width is not None else end + layout.value_gap
    vx = max(vx, end + 1.0)
    lines = wrap(value, x + width - vx, layout.size, value_font) if value else [""]
    for i, line in enumerate(lines):
        sheet.text(vx, y, line, layout.size, font=value_font)
        if layout.underline:
            sheet.add(Line(vx - 0.5, y + 1.2, x + width, y + 1.2, 0.2))
        if i < len(lines) - 1:
            y += layout.size * layout.leading
    return y + layout.size * layout.leading


def _grid(sheet: Sheet, x: float, y: float, widths: Sequence[float], rows: Sequence[Sequence[tuple[str, bool]]], size: float,
          *, row_height: float, shade: RGB | None = None, line: float = 0.3, pad: float = 1.5, color: RGB = INK) -> float:
    """A ruled table. Each row is cells (text, is_label); a cell spans the widths left when it is the
    row's last. Text wraps inside its cell; the row grows to fit. Returns the y under the table."""
    for row in rows:
        spans: list[tuple[float, float]] = []
        cx = x
        for i, _cell in enumerate(row):
            w = widths[i] if i < len(row) - 1 else sum(widths[i:])
            spans.append((cx, w))
            cx += w
        wrapped = [wrap(text, w - 2 * pad, size) for (text, _), (_, w) in zip(row, spans, strict=True)]
        lines = max(len(w) for w in wrapped)
        height = max(row_height, lines * size * 1.35 + 2 * pad)
        for (_text, is_label), (cx, w), cell_lines in zip(row, spans, wrapped, strict=True):
            if is_label and shade:
                sheet.add(Rect(cx, y, cx + w, y + height, outline=None, fill=shade))
            sheet.add(Rect(cx, y, cx + w, y + height, outline=color, width=line))
            top = y + (height - len(cell_lines) * size * 1.35) / 2 + size * 1.0
            for k, part in enumerate(cell_lines):
                if is_label:
                    sheet.text(cx + w / 2, top + k * size * 1.35, part, size, anchor="m", color=color if color != INK else INK)
                else:
                    sheet.text(cx + pad, top + k * size * 1.35, part, size)
        y += height
    return y


# -- 户口簿 常住人口登记卡 ---------------------------------------------------------------------
def hukou(person: Person, rng: random.Random, *, household: str, relation: str, registered: date, head_address: str | None = None) -> Document:
    """常住人口登记卡: one member's page of the household register."""
    page_w, page_h = 150.0, 108.0
    sheet = Sheet(page_w, page_h, background=rng.choice(((252, 250, 244), (248, 247, 240), (255, 255, 255))))
    frame: RGB = rng.choice(((150, 70, 60), (40, 40, 40), (90, 60, 110)))
    sheet.text(page_w / 2, 10.5, "常住人口登记卡", rng.uniform(5.0, 5.8), anchor="m", spacing=rng.uniform(0.8, 1.6), color=frame)
    size = rng.uniform(2.5, 2.9)
    x0 = rng.uniform(6, 9)
    total = page_w - 2 * x0
    address = head_address or person.address
    born = f"{person.region.province}{person.region.city}" if person.region.province != person.region.city else person.region.city
    rows: list[list[tuple[str, bool]]] = [
        [("户号", True), (household, False), ("户别", True), ("家庭户", False)],
        [("住址", True), (address, False)],
        [("姓名", True), (person.name, False), ("户主或与户主关系", True), (relation, False)],
        [("曾用名", True), ("", False), ("性别", True), (person.sex, False)],
        [("出生地", True), (born, False), ("民族", True), (person.ethnicity, False)],
        [("籍贯", True), (born, False), ("出生日期", True), (cn_date(person.birth), False)],
        [("公民身份号码", True), (person.id_number, False), ("血型", True), (rng.choice(("A型", "B型", "O型", "AB型", "不明")), False)],
        [("文化程度", True), (rng.choice(("大学本科", "大学专科", "高中", "初中", "研究生")), False), ("婚姻状况", True), (rng.choice(("已婚", "未婚")), False)],
        [("服务处所", True), ("", False), ("职业", True), ("", False)],
        [("何时由何地迁来本址", True), ("", False)],
        [("承办人签章", True), ("", False), ("登记日期", True), (cn_date(registered, pad=True), False)],
    ]
    label_w = total * rng.uniform(0.16, 0.19)
    widths = [label_w, total * 0.5 - label_w, total * rng.uniform(0.19, 0.22), 0]
    widths[3] = total - sum(widths[:3])
    y = _grid(sheet, x0, 15.5, widths, rows, size, row_height=rng.uniform(7.0, 8.0), line=0.3, color=frame if rng.random() < 0.5 else INK)
    if rng.random() < 0.6:
        station = f"{person.region.city}公安局{person.region.district_short}分局{rng.choice(('城关', '新华', '南苑', '东街', '文化路'))}派出所"
        sheet.add(seal(page_w - 32, min(y - 10, page_h - 20), 14, station, rng, "户口专用章"))
    fields = {"姓名": person.name, "户主或与户主关系": relation, "性别": person.sex, "民族": person.ethnicity,
              "出生日期": cn_date(person.birth), "公民身份号码": person.id_number, "住址": address, "户号": household}
    return Document(DocumentType.HUKOU, "居民户口簿", [sheet.page], fields, dpi=rng.choice((250, 300)))


# -- 结婚证 ----------------------------------------------------------------------------------------
def marriage_cert(marriage: Marriage, holder: Person, rng: random.Random, *, sealed: bool = True) -> Document:
    """结婚证 inner pages: 持证人, 登记日期, 结婚证字号 and both parties' particulars."""
    page_w, page_h = 190.0, 128.0
    sheet = Sheet(page_w, page_h, background=rng.choice(((253, 246, 240), (250, 244, 236))))
    _waves(sheet, rng, (244, 226, 222), count=10)
    sheet.add(Line(page_w / 2, 4, page_w / 2, page_h - 4, 0.3, (200, 170, 160)))
    size = rng.uniform(3.2, 3.7)
    sep = rng.choice(("  ", "：", " "))
    lx = rng.uniform(10, 14)
    sheet.text(page_w / 4, 18, "结婚证", rng.uniform(8, 9.5), anchor="m", color=(190, 40, 40), spacing=2.0, bold=True)
    y = 36 + rng.uniform(-2, 2)
    gap = rng.uniform(11, 14)
    for label, value in (("持证人", holder.name), ("登记日期", cn_date(marriage.registered, pad=True)), ("结婚证字号", marriage.number)):
        end = sheet.text(lx, y, label + sep, size)
        sheet.text(max(end + 2, lx + rng.uniform(22, 26)), y, value, size + 0.2, font=1 if label == "结婚证字号" else 0)
        y += gap
    sheet.text(lx, y, "备注" + sep, size)
    sheet.text(lx, page_h - 14, f"婚姻登记机关：{marriage.registrar}", size * 0.85)
    sheet.text(page_w / 4, page_h - 6, "中华人民共和国民政部监制", 2.4, anchor="m", color=(120, 90, 90))
    # Right page: the couple's photo (red background) with the registry seal across it.
    px0, py0 = page_w / 2 + 14 + rng.uniform(-2, 2), 8.0
    pw, ph = 62.0, 42.0
    sheet.add(Rect(px0, py0, px0 + pw, py0 + ph, outline=None, fill=(200, 40, 45)))
    sheet.add(*portrait(px0 + 6, py0 + 4, px0 + 30, py0 + ph, "男", rng, background=(200, 40, 45)))
    sheet.add(*portrait(px0 + 32, py0 + 5, px0 + 56, py0 + ph, "女", rng, background=(200, 40, 45)))
    rx = page_w / 2 + 8
    y = py0 + ph + 9
    small = size * rng.uniform(0.82, 0.9)
    for side, person in (("男方", marriage.husband), ("女方", marriage.wife)):
        end = sheet.text(rx, y, f"{side}姓名{sep}", small)
        sheet.text(end + 1.5, y, person.name, small + 0.2)
        sheet.text(rx + 42, y, f"性别{sep}{person.sex}", small)
        sheet.text(rx + 62, y, f"国籍{sep}中国", small)
        y += small * 1.9
        end = sheet.text(rx, y, f"出生日期{sep}", small)
        sheet.text(end + 1.5, y, cn_date(person.birth, pad=True), small)
        y += small * 1.9
        end = sheet.text(rx, y, f"{side}身份证件号{sep}", small)
        sheet.text(end + 1.5, y, person.id_number, small + 0.2, font=1)
        y += small * 2.4
    if sealed:
        sheet.add(seal(px0 + pw - 4, py0 + ph - 2, 15, marriage.registrar, rng, "婚姻登记专用章"))
    fields = {"持证人": holder.name, "登记日期": cn_date(marriage.registered, pad=True), "结婚证字号": marriage.number,
              "男方姓名": marriage.husband.name, "男方身份证件号": marriage.husband.id_number,
              "女方姓名": marriage.wife.name, "女方身份证件号": marriage.wife.id_number}
    return Document(DocumentType.MARRIAGE_CERT, "结婚证", [sheet.page], fields, dpi=rng.choice((200, 250)), sealed=sealed)


# -- 营业执照 --------------------------------------------------------------------------------------
def business_license(company: Company, rng: random.Random, *, sealed: bool = True) -> Document:
    """营业执照（副本）: code, name, type, representative, scope, dates, address, registrar, red seal."""
    page_w, page_h = 297.0, 210.0
    sheet = Sheet(page_w, page_h, background=rng.choice(((252, 250, 246), (255, 255, 255), (250, 248, 240))))
    border: RGB = rng.choice(((170, 60, 50), (150, 110, 60), (120, 40, 40)))
    sheet.add(Rect(6, 6, page_w - 6, page_h - 6, outline=border, width=1.4))
    sheet.add(Rect(9, 9, page_w - 9, page_h - 9, outline=border, width=0.4))
    _waves(sheet, rng, (246, 236, 232), count=8)
    sheet.text(page_w / 2, 42, "营业执照", rng.uniform(15, 18), anchor="m", spacing=rng.uniform(3, 6), bold=True, color=(30, 30, 30))
    sheet.text(page_w / 2, 53, "（副本）", 5.0, anchor="m")
    sheet.text(page_w - 24, 64, f"副本编号：{rng.randint(1, 3)}-1", 3.2, anchor="r")
    sheet.text(20, 24, "统一社会信用代码", 4.0, bold=True)
    sheet.text(20, 32, company.uscc, 5.0, font=1, bold=True, spacing=0.3)
    sheet.add(*_fake_code(page_w - 52, 30, 28, rng))
    size = rng.uniform(4.0, 4.8)
    spaced = rng.random() < 0.3
    label_spacing = size * 0.5 if spaced else 0.0
    sep = rng.choice(("", "  ", "："))
    left_x, right_x = rng.uniform(22, 30), page_w / 2 + rng.uniform(6, 14)
    label_w = text_width("法定代表人", size, spacing=label_spacing if spaced else 0) + rng.uniform(4, 8)
    col_w = page_w / 2 - left_x - 4

    def row(x: float, y: float, label: str, value: str, width: float) -> float:
        sheet.text(x, y, label + sep, size, spacing=label_spacing, bold=True)
        lines = wrap(value, width - label_w, size)
        for k, part in enumerate(lines):
            sheet.text(x + label_w, y + k * size * 1.5, part, size)
        return y + len(lines) * size * 1.5 + size * rng.uniform(0.9, 1.4)

    y = 72 + rng.uniform(-3, 3)
    rep_label = company.representative_label
    left = [("名称", company.name), ("类型", company.type), (rep_label, company.representative.name)]
    if company.kind == "individual":
        left.append(("组成形式", "个人经营"))
    left.append(("经营范围", company.scope))
    for label, value in left:
        y = row(left_x, y, label, value, col_w)
    y = 72 + rng.uniform(-3, 3)
    date_label = "注册日期" if company.kind == "individual" else "成立日期"
    place_label = "经营场所" if company.kind == "individual" else "住所"
    right: list[tuple[str, str]] = []
    if company.capital:
        right.append(("注册资本", company.capital))
    right.append((date_label, cn_date(company.founded, pad=True)))
    if company.kind != "individual":
        right.append(("营业期限", company.term))
    right.append((place_label, company.address))
    for label, value in right:
        y = row(right_x, y, label, value, page_w - right_x - 20)
    sheet.text(right_x + 10, page_h - 42, "登记机关", size, bold=True)
    issued = company.founded if rng.random() < 0.6 else cn_date_between(company.founded, rng)
    sheet.text(right_x + 30, page_h - 26, cn_date(issued, pad=True), size)
    if sealed:
        sheet.add(seal(right_x + 48, page_h - 40, 21, company.registrar, rng))
    sheet.text(page_w / 2, page_h - 13, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 2.8, anchor="m")
    sheet.text(page_w / 2, page_h - 9.5, "国家市场监督管理总局监制", 2.6, anchor="m")
    fields = {"统一社会信用代码": company.uscc, "名称": company.name, "类型": company.type, rep_label: company.representative.name,
              "经营范围": company.scope, date_label: cn_date(company.founded, pad=True), place_label: company.address}
    if company.capital:
        fields["注册资本"] = company.capital
    if company.kind != "individual":
        fields["营业期限"] = company.term
    return Document(DocumentType.BUSINESS_LICENSE, "营业执照", [sheet.page], fields, dpi=rng.choice((150, 170, 200)), sealed=sealed)


def cn_date_between(start: date, rng: random.Random) -> date:
    """A re-issue date after the founding (a licence reprinted after a change)."""
    return start + timedelta(days=rng.randint(30, 900))


# -- 房屋租赁合同 -----------------------------------------------------------------------------------
_DIGITS_UPPER = "零壹贰叁肆伍陆柒捌玖"


def rmb_upper(amount: int) -> str:
    """3500 → 叁仟伍佰元整 (the amount in capitals, as contracts write it)."""
    if amount == 0:
        return "零元整"
    units = ["", "拾", "佰", "仟"]
    def four(n: int) -> str:
        out, zero = "", False
        for i in range(3, -1, -1):
            d = n // 10**i % 10
            if d == 0:
                zero = bool(out)
            else:
                out += ("零" if zero else "") + _DIGITS_UPPER[d] + units[i]
                zero = False
        return out
    high, low = divmod(amount, 10000)
    text = (four(high) + "万" if high else "") + (("零" if high and low < 1000 and low else "") + four(low) if low else "")
    return text + "元整"


_LEASE_CLAUSES = (
    ("押金", "乙方应于本合同签订之日向甲方支付押金人民币{deposit}元。租赁期满或合同解除后，乙方结清各项费用并按约交还房屋的，甲方应在{days}日内无息退还押金。"),
    ("房屋交付", "甲方应于{start}前将房屋按约定条件交付乙方。双方对房屋及附属设施的现状进行确认，作为返还房屋时的依据。"),
    ("维修养护", "租赁期间，房屋及其附属设施因自然属性或合理使用而发生的损耗，由甲方负责维修；因乙方使用不当造成损坏的，由乙方负责修复或赔偿。"),
    ("费用承担", "租赁期间，水费、电费、燃气费、物业管理费、网络通讯费等因使用房屋所产生的费用由乙方承担；房屋的有关税费由甲方承担。"),
    ("转租", "未经甲方书面同意，乙方不得将房屋全部或部分转租给他人，不得擅自改变房屋用途和主体结构。"),
    ("合同解除", "有下列情形之一的，一方可以书面通知对方解除合同：（一）对方迟延履行主要义务，经催告后在合理期限内仍未履行；（二）因不可抗力致使合同目的不能实现；（三）法律规定的其他情形。"),
    ("违约责任", "任何一方违反本合同约定的，应当向对方支付相当于{penalty}个月租金的违约金；给对方造成损失的，还应赔偿实际损失。乙方逾期支付租金的，每逾期一日按应付金额的千分之三支付违约金。"),
    ("续租", "租赁期满，乙方需继续承租的，应提前{notice}日书面通知甲方，同等条件下乙方享有优先承租权。"),
    ("争议解决", "本合同履行中发生争议的，由双方协商解决；协商不成的，可依法向房屋所在地人民法院起诉。"),
    ("其他约定", "本合同未尽事宜，双方可另行签订补充协议，补充协议与本合同具有同等法律效力。本合同一式{copies}份，甲乙双方各执{each}份，自双方签字之日起生效。"),
)


def lease_contract(lease: Lease, rng: random.Random, *, signed: tuple[bool, bool] = (True, True)) -> Document:
    """房屋租赁合同 over 2–3 A4 pages: parties and their numbers, premises, term, rent, clauses, signatures."""
    layout = random_layout(rng, (3.6, 4.2))
    margin = layout.margin
    width = 210 - 2 * margin
    pages: list[Sheet] = []

    def new_page() -> Sheet:
        sheet = Sheet(210, 297)
        pages.append(sheet)
        return sheet

    sheet = new_page()
    y = margin + rng.uniform(8, 14)
    sheet.text(105, y, "房屋租赁合同", rng.uniform(6.5, 8), anchor="m", bold=True, spacing=rng.uniform(0.5, 2))
    y += rng.uniform(10, 14)
    if rng.random() < 0.5:
        sheet.text(210 - margin, y - 4, f"合同编号：ZL{lease.start:%Y%m}{rng.randint(100, 999)}", layout.size * 0.8, anchor="r")
        y += 4
    line = layout.size * layout.leading
    label_w = text_width("承租方证件号码" + layout.separator, layout.size) + layout.value_gap if rng.random() < 0.5 else None
    parties = (
        ("出租方（甲方）", lease.landlord.name), ("出租方证件号码", lease.landlord.id_number), ("联系电话", lease.landlord.phone),
        ("承租方（乙方）", lease.tenant.name), ("承租方证件号码", lease.tenant.id_number), ("联系电话", lease.tenant.phone),
    )
    for label, value in parties:
        y = _label_value(sheet, margin, y, label, value, layout, width=width, label_width=label_w)
        if label == "联系电话":
            y += line * 0.3
    y += line * 0.4
    y = sheet.paragraph(margin, y, width, "根据《中华人民共和国民法典》及有关法律法规的规定，甲乙双方在平等、自愿、协商一致的基础上，"
                        "就乙方承租甲方房屋的有关事宜，订立本合同，共同遵守。", layout.size, line, indent=layout.size * 2)
    numerals = "一二三四五六七八九十"
    body = [
        ("房屋坐落", f"{lease.address}，建筑面积{lease.area}平方米，用途为{lease.purpose}。"),
        ("租赁期限", f"{lease.period}，共{round((lease.end - lease.start).days / 30.44)}个月。"),
        ("租金", f"每月人民币{lease.monthly_rent}元（大写：{rmb_upper(lease.monthly_rent)}），"
                 f"按{rng.choice(('月', '季度', '半年'))}支付，乙方应于每期开始前{rng.randint(3, 10)}日内付清。"),
    ]
    extra = list(_LEASE_CLAUSES[:-2])
    rng.shuffle(extra)
    extra = extra[: rng.randint(4, len(extra))] + list(_LEASE_CLAUSES[-2:])  # disputes and final terms close a contract
    values = {"deposit": lease.deposit, "days": rng.choice((7, 10, 15)), "start": cn_date(lease.start), "penalty": rng.choice((1, 2)),
              "notice": rng.choice((30, 60)), "copies": 2, "each": 1}
    clauses = body + [(title, text.format(**values)) for title, text in extra]
    style = rng.choice(("article", "numeral"))
    for number, (title, text) in enumerate(clauses):
        head = f"第{numerals[number] if number < 10 else '十' + numerals[number - 10]}条" if style == "article" else f"{numerals[number] if number < 10 else '十' + numerals[number - 10]}、"
        content = f"{head}{' ' if style == 'article' else ''}{title}{layout.separator or '：'}{text}" if number < 3 else f"{head}{' ' if style == 'article' else ''}{title}。{text}"
        lines = wrap(content, width, layout.size)
        if y + len(lines) * line > 297 - margin - 10:
            sheet = new_page()
            y = margin + 8
        for part in lines:
            sheet.text(margin, y, part, layout.size)
            y += line
        y += line * rng.uniform(0.1, 0.5)
    # Signatures (a little room is kept for them on the last page).
    if y + 40 > 297 - margin:
        sheet = new_page()
        y = margin + 12
    y += rng.uniform(8, 16)
    xs = (margin, margin + width / 2 + rng.uniform(-5, 5))
    for x, who, has in zip(xs, ("甲方", "乙方"), signed, strict=True):
        end = sheet.text(x, y, f"{who}（签字）：", layout.size)
        if has:
            sheet.add(*scribble(rng, end + 1, y - layout.size * 2.2, rng.uniform(28, 40), layout.size * 3.2))
        sheet.text(x, y + line * 2.2, f"日期：{cn_date(lease.start - timedelta(days=rng.randint(1, 10)))}", layout.size)
    total = len(pages)
    for number, page in enumerate(pages, 1):
        page.text(105, 297 - 10, f"第 {number} 页 共 {total} 页", 2.8, anchor="m")
    fields = {"出租方": lease.landlord.name, "出租方证件号码": lease.landlord.id_number, "承租方": lease.tenant.name,
              "承租方证件号码": lease.tenant.id_number, "房屋坐落": lease.address, "租赁期限": lease.period,
              "租金": f"每月人民币{lease.monthly_rent}元"}
    return Document(DocumentType.LEASE_CONTRACT, "房屋租赁合同", [p.page for p in pages], fields, dpi=rng.choice((150, 200)),
                    signed=all(signed))


# -- 不动产权证书 ----------------------------------------------------------------------------------
def property_cert(right: PropertyRight, rng: random.Random, *, with_register_page: bool | None = None) -> Document:
    """不动产权证书: the register page (seal) and the particulars table (权利人 … 使用期限)."""
    register = rng.random() < 0.4 if with_register_page is None else with_register_page
    page_w, page_h = 210.0, 148.0
    background = rng.choice(((250, 250, 246), (246, 250, 246), (255, 255, 255)))
    pages = []
    if register:
        first = Sheet(page_w, page_h, background=background)
        first.text(page_w / 2, 26, "中华人民共和国不动产权证书", 6.5, anchor="m", bold=True)
        first.paragraph(24, 44, page_w - 48, "根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利人申请登记的本证所列"
                        "不动产权利，经审查核实，准予登记，颁发此证。", 3.8, 7.0, indent=7.6)
        first.text(page_w - 40, page_h - 30, f"{right.registered.year}年{right.registered.month:02d}月{right.registered.day:02d}日", 3.8, anchor="m")
        first.add(seal(page_w - 42, page_h - 42, 19, f"{_city_of(right)}不动产登记局", rng, "不动产登记专用章"))
        pages.append(first.page)
    sheet = Sheet(page_w, page_h, background=background)
    size = rng.uniform(3.0, 3.5)
    sheet.text(page_w / 2, 14, right.certificate_number, size + 0.3, anchor="m")
    x0 = rng.uniform(12, 18)
    total = page_w - 2 * x0
    label_w = total * rng.uniform(0.18, 0.22)
    rows = [
        [("权利人", True), (right.owner.name, False)],
        [("共有情况", True), (right.sharing, False)],
        [("坐落", True), (right.address, False)],
        [("不动产单元号", True), (right.unit_number, False)],
        [("权利类型", True), (right.right_type, False)],
        [("权利性质", True), (right.right_nature, False)],
        [("用途", True), (right.use, False)],
        [("面积", True), (right.area, False)],
        [("使用期限", True), (right.term, False)],
        [("权利其他状况", True), (f"房屋结构：钢筋混凝土结构；总层数：{rng.randint(6, 33)}；所在层：{rng.randint(1, 6)}", False)],
    ]
    _grid(sheet, x0, 20, [label_w, total - label_w], rows, size, row_height=rng.uniform(9.0, 11.0), line=0.35,
          shade=rng.choice((None, (236, 240, 236))))
    pages.append(sheet.page)
    fields = {"权利人": right.owner.name, "共有情况": right.sharing, "坐落": right.address, "不动产单元号": right.unit_number,
              "权利类型": right.right_type, "权利性质": right.right_nature, "用途": right.use, "面积": right.area, "使用期限": right.term}
    return Document(DocumentType.PROPERTY_CERT, "不动产权证书", pages, fields, dpi=rng.choice((200, 250)), sealed=True if register else None,
                    fields_page=len(pages))


def _city_of(right: PropertyRight) -> str:
    return next((r.city for r in REGIONS if right.address.startswith(r.prefix)), right.owner.region.city)


# -- 出生医学证明 ----------------------------------------------------------------------------------
def birth_cert(birth: Birth, rng: random.Random, *, sealed: bool = True) -> Document:
    """出生医学证明: the baby, the birth, both parents and their ID numbers, the hospital's seal."""
    page_w, page_h = 250.0, 176.0
    sheet = Sheet(page_w, page_h, background=rng.choice(((248, 246, 252), (252, 248, 248), (246, 250, 252))))
    _waves(sheet, rng, (232, 226, 240), count=12)
    sheet.add(Rect(7, 7, page_w - 7, page_h - 7, outline=(120, 90, 150), width=0.8))
    sheet.text(page_w / 2, 22, "出生医学证明", rng.uniform(8.5, 10), anchor="m", bold=True, spacing=rng.uniform(1.5, 3), color=(60, 40, 90))
    sheet.text(page_w / 2, 29, "Medical Certificate of Birth", 3.2, anchor="m", color=(90, 70, 110))
    size = rng.uniform(3.4, 3.9)
    sep = rng.choice(("：", "  ", ""))
    sheet.text(page_w - 20, 38, f"出生证编号{sep}{birth.number}", size * 0.95, anchor="r", font=0)
    child = birth.child
    t = birth.time
    time_text = f"{t.year}年{t.month:02d}月{t.day:02d}日{t.hour:02d}时{t.minute:02d}分"
    x1, x2 = rng.uniform(18, 24), page_w / 2 + rng.uniform(2, 10)
    gap = size * rng.uniform(2.2, 2.6)
    y = 50.0

    def pair(x: float, yy: float, label: str, value: str, font: int = 0) -> None:
        end = sheet.text(x, yy, label + sep, size)
        sheet.text(end + rng.uniform(1.5, 3.5), yy, value, size, font=font)
        sheet.add(Line(end + 0.5, yy + 1.3, end + 0.5 + max(text_width(value, size, font) + 6, 30), yy + 1.3, 0.2, (120, 110, 140)))

    pair(x1, y, "新生儿姓名", child.name)
    pair(x2, y, "性别", child.sex)
    y += gap
    pair(x1, y, "出生时间", time_text)
    y += gap
    pair(x1, y, "出生孕周", f"{birth.weeks}周")
    pair(x2, y, "健康状况", rng.choice(("良好", "良好", "一般")))
    y += gap
    pair(x1, y, "出生体重", f"{birth.weight_g}克")
    pair(x2, y, "出生身长", f"{birth.length_cm}厘米")
    y += gap
    pair(x1, y, "出生地点", birth.place)
    y += gap
    pair(x1, y, "助产机构名称", birth.hospital)
    y += gap * 1.15
    for role, person in (("母亲", birth.mother), ("父亲", birth.father)):
        pair(x1, y, f"{role}姓名", person.name)
        pair(x2, y, "年龄", f"{person.age_on(child.birth)}岁")
        pair(x2 + 40, y, "民族", person.ethnicity)
        y += gap
        pair(x1, y, f"{role}身份证件号码", person.id_number, font=1)
        pair(x2 + 40, y, "国籍", "中国")
        y += gap
    issued = child.birth + timedelta(days=rng.randint(1, 5))
    sheet.text(page_w - 30, page_h - 18, f"签发日期{sep}{cn_date(issued, pad=True)}", size * 0.9, anchor="r")
    if sealed:
        sheet.add(seal(page_w - 52, page_h - 34, 18, birth.hospital, rng, "出生医学证明专用章"))
    fields = {"新生儿姓名": child.name, "性别": child.sex, "出生时间": time_text, "出生地点": birth.place,
              "母亲姓名": birth.mother.name, "母亲身份证件号码": birth.mother.id_number,
              "父亲姓名": birth.father.name, "父亲身份证件号码": birth.father.id_number, "出生证编号": birth.number}
    return Document(DocumentType.BIRTH_CERT, "出生医学证明", [sheet.page], fields, dpi=rng.choice((200, 250)), sealed=sealed)


# -- application forms ---------------------------------------------------------------------------
_PROMISES = (
    "本人承诺以上填写内容及提交的材料真实、合法、有效，如有虚假，愿承担相应的法律责任。",
    "申请人对所填内容的真实性负责。",
    "以上信息由本人如实填写，并对其真实性负责。",
)


def form(title: str, rows: Sequence[FormRow], rng: random.Random, *, signers: Sequence[tuple[str, bool]] = (("申请人", True),),
         seal_label: str | None = None, sealed: bool = False, seal_text: str = "", filled_on: date | None = None) -> Document:
    """An application form (申请表/申请书/登记表): the material's title, its fields, signature lines
    (one per signer: 申请人, or 男方 and 女方; False leaves it blank), an optional 盖章 line, the date."""
    layout = random_layout(rng, (3.5, 4.3))
    style = rng.choice(("grid2", "grid2", "grid4", "lines", "spaced"))
    margin = layout.margin
    width = 210 - 2 * margin
    sheet = Sheet(210, 297)
    y = margin + rng.uniform(6, 14)
    title_size = sheet.fit(title, rng.uniform(5.5, 7.0), width)
    sheet.text(105, y, title, title_size, anchor="m", bold=True)
    y += title_size + rng.uniform(5, 10)
    if rng.random() < 0.3:
        sheet.text(210 - margin, y - 2, "编号：__________", layout.size * 0.85, anchor="r")
        y += layout.size * 1.6
    size = layout.size
    if style in ("grid2", "grid4"):
        label_w = max(text_width(r.label, size) for r in rows) + 4
        label_w = min(max(label_w, 28), width * 0.38)
        long = {r.name for r in rows if len(r.value) > 14 or any(k in r.name for k in ("地址", "住所", "场所", "范围", "坐落", "理由", "原因", "事项"))}
        table: list[list[tuple[str, bool]]] = []
        if style == "grid4":
            half = width / 2
            widths = [min(label_w, half * 0.45), 0.0, min(label_w, half * 0.45), 0.0]
            widths[1] = half - widths[0]
            widths[3] = half - widths[2]
            pending: list[tuple[str, bool]] = []
            for r in rows:
                if r.name in long:
                    if pending:
                        table.append(pending)
                        pending = []
                    table.append([(r.label, True), (r.value, False)])
                else:
                    pending += [(r.label, True), (r.value, False)]
                    if len(pending) == 4:
                        table.append(pending)
                        pending = []
            if pending:
                table.append(pending)
        else:
            widths = [label_w, width - label_w]
            table = [[(r.label, True), (r.value, False)] for r in rows]
        shade = rng.choice((None, None, (238, 238, 238), (232, 238, 246)))
        y = _grid(sheet, margin, y, widths, table, size, row_height=rng.uniform(9, 13), shade=shade, line=rng.uniform(0.25, 0.45))
        y += rng.uniform(6, 10)
    else:
        lines_layout = Layout("：" if style == "lines" else "  ", size, layout.label_color, margin, layout.leading * 1.25,
                              layout.value_gap, style == "lines")
        aligned = max(text_width(r.label + lines_layout.separator, size) for r in rows) + 2 if rng.random() < 0.6 else None
        for r in rows:
            y = _label_value(sheet, margin, y, r.label, r.value, lines_layout, width=width, label_width=aligned)
        y += rng.uniform(4, 8)
    notes = [rng.choice(_PROMISES)]
    for note in notes:
        y = sheet.paragraph(margin, y, width, note, size * 0.95, size * 1.6, indent=size * 2)
    y += rng.uniform(8, 16)
    sign_x = margin + rng.uniform(0, width * 0.4)
    underline = rng.random() < 0.5
    for number, (signer, signed) in enumerate(signers):
        if number:
            y += size * rng.uniform(4.0, 5.0)
        end = sheet.text(sign_x, y, f"{signer}（签字）：", size)
        if underline:
            sheet.add(Line(end + 1, y + 1.5, end + 45, y + 1.5, 0.25))
        if signed:
            sheet.add(*scribble(rng, end + 2, y - size * 2.3, rng.uniform(26, 40), size * 3.3))
    date_value = cn_date(filled_on) if filled_on else ""
    date_label = rng.choice(("填表日期", "日期", "申请日期"))
    if seal_label:
        y += size * 4.5
        seal_x = margin + width * rng.uniform(0.45, 0.6)
        end = sheet.text(seal_x, y, f"{seal_label}（盖章）：", size)
        if sealed:
            sheet.add(seal(end + 12, y - 2, rng.uniform(17, 20), seal_text, rng))
    y += size * 3.5
    sheet.text(210 - margin - rng.uniform(0, 20), y, f"{date_label}：{date_value}", size, anchor="r")
    content = FormContent(title, list(rows), list(signers), seal_label, sealed, seal_text, date_label, date_value, notes,
                          4 if style == "grid4" else 2)
    signed = all(ok for _, ok in signers)
    fields = {r.name: r.value for r in rows}
    labels = {r.name: r.label for r in rows if r.label != r.name}
    return Document(DocumentType.FORM, title, [sheet.page], fields, labels, dpi=rng.choice((150, 170, 200)), signed=signed,
                    sealed=sealed if seal_label else None, form=content)


def generic_document(title: str, paragraphs: Sequence[str], rng: random.Random, *, signer: str | None = None, signed: bool = True,
                     seal_text: str | None = None, sealed: bool = True, dated: date | None = None) -> Document:
    """A one-page document of a material pre-review has no type for (证明, 章程, 协议…): title and text."""
    layout = random_layout(rng, (3.6, 4.3))
    margin = layout.margin
    width = 210 - 2 * margin
    sheet = Sheet(210, 297)
    y = margin + rng.uniform(10, 20)
    size = sheet.fit(title, rng.uniform(6, 7.5), width)
    sheet.text(105, y, title, size, anchor="m", bold=True)
    y += size + rng.uniform(8, 14)
    line = layout.size * layout.leading
    for text in paragraphs:
        y = sheet.paragraph(margin, y, width, text, layout.size, line, indent=layout.size * 2) + line * 0.3
    y += rng.uniform(12, 24)
    x = margin + width * rng.uniform(0.45, 0.55)
    if signer is not None:
        end = sheet.text(x, y, f"{signer}（签字）：", layout.size)
        if signed:
            sheet.add(*scribble(rng, end + 1, y - layout.size * 2.2, rng.uniform(26, 36), layout.size * 3.2))
        y += line * 2.5
    if seal_text is not None:
        sheet.text(x, y, seal_text, layout.size)
        end_x = x + text_width(seal_text, layout.size)
        if sealed:
            sheet.add(seal(min(end_x - 12, 210 - margin - 20), y - 3, rng.uniform(17, 20), seal_text, rng))
        y += line * 2
    if dated:
        sheet.text(x, y, cn_date(dated), layout.size)
    return Document(None, title, [sheet.page], {}, dpi=rng.choice((150, 200)),
                    signed=signed if signer is not None else None, sealed=sealed if seal_text is not None else None)


def portrait_photo(person: Person, rng: random.Random) -> Document:
    """A 2-inch ID photo (35×49 mm): a silhouette, no face, no text."""
    sheet = Sheet(35, 49)
    sheet.add(*portrait(0, 0, 35, 49, person.sex, rng, background=rng.choice(((255, 255, 255), (67, 142, 219), (220, 40, 40)))))
    return Document(None, "近期免冠证件照片", [sheet.page], {}, dpi=300)


_NOTICES = (
    ("停水通知", ["尊敬的各位业主：", "因市政供水管道检修，{date}8:00至18:00小区将暂停供水，请提前做好储水准备。给您带来的不便，敬请谅解。",
              "如有疑问请联系服务中心，电话：{phone}。"], "{estate}服务中心"),
    ("温馨提示", ["近期天气干燥，请各位住户注意用火用电安全，不要在楼道内堆放杂物，电动自行车请勿进楼入户充电。",
              "外出时请关好门窗，保管好贵重物品。"], "{estate}服务中心"),
    ("购物小票", ["收银员：{digits}    机号：03", "矿泉水550ml    2 × 2.00    4.00", "全麦面包    1 × 8.50    8.50", "洗洁精1.5kg    1 × 15.90    15.90",
              "纸巾（抽取式）    1 × 12.80    12.80", "合计：41.20    实收：50.00    找零：8.80", "支付方式：现金", "谢谢惠顾，欢迎再次光临！"], "{shop}"),
    ("快递收件单", ["寄件日期：{date}", "物品：日用品（文件）", "重量：1.2kg    运费：12元", "收件时请当面验货，如有破损请拒收。"], "{shop}快递服务点"),
    ("会议纪要", ["时间：{date}下午2:30", "地点：三楼会议室", "议题：下季度工作安排", "一、各部门汇报本季度完成情况；二、讨论下季度重点工作；三、其他事项。"], "办公室"),
)


def unrelated_notice(rng: random.Random, today: date) -> Document:
    """A photo-worthy page that is no material at all (a notice, a receipt): the wrong upload."""
    title, lines, footer = rng.choice(_NOTICES)
    words = "".join(rng.sample("鑫源恒达佳禾瑞丰盛泰宏远永辉福满金穗聚祥汇通鼎新同创和润", 2))
    values = {"date": cn_date(today), "phone": "0" + "".join(str(rng.randint(0, 9)) for _ in range(10)), "estate": f"{words}花园",
              "shop": f"{words}超市", "digits": str(rng.randint(1000, 9999))}
    receipt = title in ("购物小票", "快递收件单")
    sheet = Sheet(80 if receipt else 148, 150 if receipt else 210, background=(252, 252, 250))
    margin = 6 if receipt else 16
    width = sheet.page.width - 2 * margin
    size = 3.2 if receipt else 4.0
    y = 16.0
    sheet.text(sheet.page.width / 2, y, values["shop"] if receipt else title, size * 1.6, anchor="m", bold=True)
    y += size * 3
    if receipt:
        sheet.text(sheet.page.width / 2, y, title, size, anchor="m")
        y += size * 2
    for text in lines:
        y = sheet.paragraph(margin, y, width, text.format(**values), size, size * 1.7, indent=0 if receipt else size * 2)
    sheet.text(sheet.page.width - margin, y + size * 3, footer.format(**values), size, anchor="r")
    return Document(None, title, [sheet.page], {}, dpi=rng.choice((200, 250)))


# -- outputs: pixels, PDF, Word -----------------------------------------------------------------------
def rasterize(page: PageSpec, dpi: float) -> Image.Image:
    """The page as an RGB image at `dpi`."""
    k = dpi / 25.4
    size = (max(1, round(page.width * k)), max(1, round(page.height * k)))
    image = Image.new("RGB", size, page.surround if page.corner else page.background)
    draw = ImageDraw.Draw(image)
    if page.corner:
        draw.rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=page.corner * k, fill=page.background)
    for item in page.items:
        _draw(image, draw, item, k)
    return image


def _draw(image: Image.Image, draw: ImageDraw.ImageDraw, item: Item, k: float) -> None:
    if isinstance(item, Text):
        font = _pil_font(round(item.size * k), item.font)
        stroke = max(1, round(item.size * k / 28)) if item.bold else 0
        x, y = item.x * k, item.y * k
        if item.spacing:
            width = text_width(item.text, item.size, item.font, item.spacing) * k
            x -= {"l": 0.0, "m": width / 2, "r": width}[item.anchor]
            for char in item.text:
                draw.text((x, y), char, font=font, fill=item.color, anchor="ls", stroke_width=stroke, stroke_fill=item.color)
                x += font.getlength(char) + item.spacing * k
        else:
            draw.text((x, y), item.text, font=font, fill=item.color, anchor=item.anchor + "s", stroke_width=stroke, stroke_fill=item.color)
    elif isinstance(item, Line):
        draw.line((item.x0 * k, item.y0 * k, item.x1 * k, item.y1 * k), fill=item.color, width=max(1, round(item.width * k)))
    elif isinstance(item, Rect):
        draw.rectangle(_box(item.x0, item.y0, item.x1, item.y1, k), outline=item.outline, fill=item.fill,
                       width=max(1, round(item.width * k)) if item.outline else 0)
    elif isinstance(item, Ellipse):
        draw.ellipse(_box(item.x0, item.y0, item.x1, item.y1, k), outline=item.outline, fill=item.fill,
                     width=max(1, round(item.width * k)) if item.outline else 0)
    elif isinstance(item, Polyline):
        points = [(x * k, y * k) for x, y in item.points]
        if item.fill is not None:
            draw.polygon(points, fill=item.fill)
        else:
            draw.line(points, fill=item.color, width=max(1, round(item.width * k)), joint="curve")
    elif isinstance(item, Stroke):
        _draw_stroke(image, item, k)
    elif isinstance(item, Stamp):
        stamp = stamp_image(item, k)
        image.paste(stamp.convert("RGB"), (round(item.cx * k - stamp.width / 2), round(item.cy * k - stamp.height / 2)), stamp)
    elif isinstance(item, Picture):
        box = _box(item.x0, item.y0, item.x1, item.y1, k)
        w, h = max(1, round(box[2] - box[0])), max(1, round(box[3] - box[1]))
        image.paste(item.image.convert("RGB").resize((w, h), Image.Resampling.LANCZOS), (round(box[0]), round(box[1])))


def _box(x0: float, y0: float, x1: float, y1: float, k: float) -> tuple[float, float, float, float]:
    return (min(x0, x1) * k, min(y0, y1) * k, max(x0, x1) * k, max(y0, y1) * k)


def _draw_stroke(image: Image.Image, stroke: Stroke, k: float) -> None:
    """Anti-aliased pen stroke, thinner at both ends (drawn 4× larger, then reduced)."""
    ss = 4
    xs = [p[0] * k for p in stroke.points]
    ys = [p[1] * k for p in stroke.points]
    pad = stroke.width * k * 2 + 2
    left, top = int(min(xs) - pad), int(min(ys) - pad)
    w, h = int(max(xs) + pad) - left + 1, int(max(ys) + pad) - top + 1
    mask = Image.new("L", (w * ss, h * ss), 0)
    draw = ImageDraw.Draw(mask)
    n = len(stroke.points)
    for i in range(n - 1):
        taper = 0.45 + 0.75 * math.sin(math.pi * (i + 0.5) / (n - 1))
        width = max(1.0, stroke.width * k * taper * ss)
        a = ((xs[i] - left) * ss, (ys[i] - top) * ss)
        b = ((xs[i + 1] - left) * ss, (ys[i + 1] - top) * ss)
        draw.line((a, b), fill=255, width=round(width))
        r = width / 2
        draw.ellipse((b[0] - r, b[1] - r, b[0] + r, b[1] + r), fill=255)
    small = mask.resize((w, h), Image.Resampling.LANCZOS)
    alpha = small.point(lambda v: int(v * 0.93))
    image.paste(Image.new("RGB", (w, h), stroke.color), (left, top), alpha)


_PDF_FONTS: dict[int, str] = {}


def _pdf_font(index: int) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if index not in _PDF_FONTS:
        path = find_font()
        name = f"SyntheticCJK{index}"
        sub = {"subfontIndex": index} if path.suffix.lower() == ".ttc" else {}
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), **sub))
        except Exception:  # a collection without that face: fall back to the first
            if index == 0:
                raise
            return _pdf_font(0)
        _PDF_FONTS[index] = name
    return _PDF_FONTS[index]


class _BinaryStreams:
    """Write PDF streams as binary, not ASCII85 (reportlab's pure-Python encoder is the slowest step)."""

    def __enter__(self) -> None:
        from reportlab import rl_config

        self.saved = rl_config.useA85
        rl_config.useA85 = 0

    def __exit__(self, *exc: object) -> None:
        from reportlab import rl_config

        rl_config.useA85 = self.saved


def pdf_bytes(pages: Sequence[PageSpec]) -> bytes:
    """A PDF with a real text layer (text drawn as text, the Chinese font embedded); same input → same bytes."""
    with _BinaryStreams():
        return _pdf_bytes(pages)


def _pdf_bytes(pages: Sequence[PageSpec]) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1, pageCompression=1)
    pt = 72 / 25.4
    for page in pages:
        pdf.setPageSize((page.width * pt, page.height * pt))
        H = page.height
        if page.background != WHITE:
            pdf.setFillColorRGB(*_rl(page.background))
            pdf.rect(0, 0, page.width * pt, page.height * pt, stroke=0, fill=1)
        for item in page.items:
            if isinstance(item, Text):
                name = _pdf_font(item.font)
                size_pt = item.size * pt
                width = text_width(item.text, item.size, item.font, item.spacing) * pt
                x = item.x * pt - {"l": 0.0, "m": width / 2, "r": width}[item.anchor]
                text = pdf.beginText(x, (H - item.y) * pt)
                text.setFont(name, size_pt)
                text.setFillColorRGB(*_rl(item.color))
                text.setCharSpace(item.spacing * pt)
                # The render mode is graphics state that outlives the text object: set it every time.
                if item.bold:
                    text.setStrokeColorRGB(*_rl(item.color))
                    pdf.setLineWidth(size_pt / 30)
                    text.setTextRenderMode(2)
                else:
                    text.setTextRenderMode(0)
                text.textOut(item.text)
                pdf.drawText(text)
            elif isinstance(item, Line):
                pdf.setStrokeColorRGB(*_rl(item.color))
                pdf.setLineWidth(item.width * pt)
                pdf.line(item.x0 * pt, (H - item.y0) * pt, item.x1 * pt, (H - item.y1) * pt)
            elif isinstance(item, Rect | Ellipse):
                stroke, fill = item.outline is not None, item.fill is not None
                if item.outline is not None:
                    pdf.setStrokeColorRGB(*_rl(item.outline))
                    pdf.setLineWidth(item.width * pt)
                if item.fill is not None:
                    pdf.setFillColorRGB(*_rl(item.fill))
                x0, x1 = sorted((item.x0, item.x1))
                y0, y1 = sorted((item.y0, item.y1))
                if isinstance(item, Rect):
                    pdf.rect(x0 * pt, (H - y1) * pt, (x1 - x0) * pt, (y1 - y0) * pt, stroke=int(stroke), fill=int(fill))
                else:
                    pdf.ellipse(x0 * pt, (H - y1) * pt, x1 * pt, (H - y0) * pt, stroke=int(stroke), fill=int(fill))
            elif isinstance(item, Polyline | Stroke):
                path = pdf.beginPath()
                first, *rest = item.points
                path.moveTo(first[0] * pt, (H - first[1]) * pt)
                for x, y in rest:
                    path.lineTo(x * pt, (H - y) * pt)
                pdf.setLineCap(1)
                pdf.setLineJoin(1)
                if isinstance(item, Polyline) and item.fill is not None:
                    path.close()
                    pdf.setFillColorRGB(*_rl(item.fill))
                    pdf.drawPath(path, stroke=0, fill=1)
                else:
                    pdf.setStrokeColorRGB(*_rl(item.color))
                    pdf.setLineWidth(item.width * pt)
                    pdf.drawPath(path, stroke=1, fill=0)
            elif isinstance(item, Stamp):
                image = stamp_image(item, 10)
                w = image.width / 10
                pdf.drawImage(ImageReader(image), (item.cx - w / 2) * pt, (H - item.cy - w / 2) * pt, w * pt, w * pt, mask="auto")
            elif isinstance(item, Picture):
                buffer_image = io.BytesIO()
                item.image.convert("RGB").save(buffer_image, "JPEG", quality=90)
                buffer_image.seek(0)
                pdf.drawImage(ImageReader(buffer_image), item.x0 * pt, (H - item.y1) * pt, (item.x1 - item.x0) * pt, (item.y1 - item.y0) * pt)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _rl(color: RGB) -> tuple[float, float, float]:
    return (color[0] / 255, color[1] / 255, color[2] / 255)


def image_pdf_bytes(images: Sequence[Image.Image], dpi: float, quality: int = 85) -> bytes:
    """An image-only PDF (a scan: no text layer), one JPEG page per image at `dpi`."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    with _BinaryStreams():
        pdf = canvas.Canvas(buffer, invariant=1)
        for image in images:
            w, h = image.width * 72 / dpi, image.height * 72 / dpi
            pdf.setPageSize((w, h))
            jpeg = io.BytesIO()
            image.convert("RGB").save(jpeg, "JPEG", quality=quality)
            jpeg.seek(0)
            pdf.drawImage(ImageReader(jpeg), 0, 0, w, h)
            pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image, quality: int = 88, exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    if exif:
        image.convert("RGB").save(buffer, "JPEG", quality=quality, exif=exif)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def docx_bytes(doc: Document, rng: random.Random) -> bytes:
    """The form as a Word document: title, a table of its fields, signature and seal lines, date.

    A signed Word form carries either the typed name or a pasted signature picture (both are
    what citizens send); an unsigned one leaves the space after the label empty.
    """
    if doc.form is None:
        raise ValueError(f"{doc.title} is not a form: only forms are written as Word documents")
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    content = doc.form
    word = docx.Document()
    style = word.styles["Normal"]
    style.font.size = Pt(rng.choice((10.5, 11, 12)))
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(content.title)
    run.bold = True
    run.font.size = Pt(rng.choice((16, 18)))
    columns = 4 if content.columns == 4 and len(content.rows) > 3 else 2
    rows = [content.rows[i : i + columns // 2] for i in range(0, len(content.rows), columns // 2)]
    table = word.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    for r, group in enumerate(rows):
        for c, form_row in enumerate(group):
            table.cell(r, 2 * c).text = form_row.label
            table.cell(r, 2 * c + 1).text = form_row.value
    for note in content.notes:
        word.add_paragraph(note)
    pictures = rng.random() < 0.5
    for signer, signed in content.signers:
        signature = word.add_paragraph(f"{signer}（签字）：")
        typed = _signer_name(content, signer)
        if signed and (pictures or not typed):  # no name on the form to type: a pasted signature
            signature.add_run().add_picture(io.BytesIO(png_bytes(signature_image(rng))), width=Mm(32))
        elif signed:
            signature.add_run(typed)
    if content.seal_label:
        line = word.add_paragraph(f"{content.seal_label}（盖章）：")
        if content.sealed:
            stamp = Stamp(20, 20, 19, content.seal_text, "", SEAL_RED, rng.randrange(1 << 30))
            buffer = io.BytesIO()
            stamp_image(stamp, 10).save(buffer, "PNG")
            line.add_run().add_picture(io.BytesIO(buffer.getvalue()), width=Mm(38))
    word.add_paragraph(f"{content.date_label}：{content.date_value}")
    out = io.BytesIO()
    word.save(out)
    return _stable_zip(out.getvalue())


def _signer_name(content: FormContent, signer: str) -> str:
    """The name typed after 签字 (男方 signs with 男方姓名's value); "" when the form names no one."""
    for row in content.rows:
        if "姓名" in row.name and row.value and (signer not in ("男方", "女方") or row.name.startswith(signer)):
            return row.value
    return ""


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so one seed gives byte-identical Word files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
