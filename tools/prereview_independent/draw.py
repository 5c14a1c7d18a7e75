"""Drawing primitives: text (printed and by hand), signatures, seals, fingerprints, a portrait,
an emblem, guilloche lines and a QR-like block. Everything is drawn here from scratch."""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tools.prereview_independent import fonts
from tools.prereview_independent.fonts import FontFile

Box = tuple[int, int, int, int]
INK_BLUE = (28, 44, 120)
INK_BLACK = (25, 25, 30)
SEAL_RED = (210, 30, 35)


def text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], s: str, face: FontFile, size: int,
         fill=(20, 20, 20), spacing: float = 0.0) -> Box:
    """Printed text; `spacing` adds that many pixels between characters. Returns its box."""
    f = fonts.font(face, size)
    x, y = xy
    if not spacing:
        draw.text((x, y), s, font=f, fill=fill)
        b = draw.textbbox((x, y), s, font=f)
        return (int(b[0]), int(b[1]), int(b[2]), int(b[3]))
    x0 = x
    for ch in s:
        draw.text((x, y), ch, font=f, fill=fill)
        x += f.getlength(ch) + spacing
    return (int(x0), int(y), int(x), int(y + size * 1.2))


def width(s: str, face: FontFile, size: int) -> float:
    return fonts.font(face, size).getlength(s)


def wrap(s: str, face: FontFile, size: int, max_width: float) -> list[str]:
    """Character-level wrapping (Chinese text has no spaces)."""
    f = fonts.font(face, size)
    lines: list[str] = []
    line = ""
    for ch in s:
        if f.getlength(line + ch) > max_width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line or not lines:
        lines.append(line)
    return lines


def hand_text(img: Image.Image, xy: tuple[float, float], s: str, face: FontFile, size: int, rng: random.Random,
              color=INK_BLUE, max_width: float | None = None, jitter: float = 1.0) -> Box:
    """Text written by hand: every character slightly resized, rotated and off the baseline."""
    x0, y0 = xy
    x, y = x0, y0
    right = x0
    line_h = size * 1.35
    slope = rng.uniform(-0.025, 0.025) * jitter
    for ch in s:
        cs = int(size * rng.uniform(0.9, 1.1 + 0.05 * jitter))
        f = fonts.font(face, cs)
        adv = f.getlength(ch) * rng.uniform(0.9, 1.05)
        if max_width is not None and x + adv > x0 + max_width:
            x = x0 + rng.uniform(-3, 3)
            y += line_h
        if ch.strip():
            tile = Image.new("L", (int(cs * 1.6), int(cs * 1.6)), 0)
            ImageDraw.Draw(tile).text((cs * 0.3, cs * 0.15), ch, font=f, fill=255)
            tile = tile.rotate(rng.uniform(-5, 5) * jitter, resample=Image.Resampling.BILINEAR)
            ink = Image.new("RGB", tile.size, tuple(max(0, min(255, c + rng.randrange(-12, 12))) for c in color))
            dy = rng.uniform(-2.5, 2.5) * jitter + (x - x0) * slope
            img.paste(ink, (int(x - cs * 0.3), int(y - cs * 0.15 + dy)), tile)
        x += adv + rng.uniform(-1, 2.5)
        right = max(right, x)
    return (int(x0), int(y0 - 4), int(right), int(y + line_h))


def signature(name: str, face: FontFile, size: int, rng: random.Random, color=INK_BLACK) -> Image.Image:
    """A signature: the name written fast, slanted and joined; RGBA on transparent."""
    w = int(size * (len(name) + 1.2))
    h = int(size * 1.9)
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    x = size * 0.3
    pts = []
    for ch in name:
        cs = int(size * rng.uniform(0.85, 1.2))
        f = fonts.font(face, cs)
        yy = h * 0.22 + rng.uniform(-size * 0.12, size * 0.12)
        d.text((x, yy), ch, font=f, fill=255, stroke_width=max(1, size // 28))
        pts.append((x + cs * 0.8, yy + cs * 0.7))
        x += f.getlength(ch) * rng.uniform(0.62, 0.85)
    for a, b in zip(pts, pts[1:], strict=False):  # joining strokes
        d.line([a, (b[0] - size * 0.6, b[1] - size * 0.3)], fill=255, width=max(1, size // 22))
    if rng.random() < 0.6:  # a flourish under the name
        y = h * 0.82
        d.arc((size * 0.1, y - size * 0.5, x + size * 0.4, y + size * 0.3), 10, 170, fill=255, width=max(1, size // 24))
    shear = rng.uniform(0.1, 0.32)
    mask = mask.transform((w + int(h * shear), h), Image.Transform.AFFINE, (1, shear, -h * shear, 0, 1, 0), resample=Image.Resampling.BILINEAR)
    mask = mask.rotate(rng.uniform(-6, 4), expand=True, resample=Image.Resampling.BILINEAR)
    out = Image.new("RGBA", mask.size, color + (0,))
    out.putalpha(mask)
    return out.crop(out.getbbox() or (0, 0, 1, 1))


def seal(top: str, rng: random.Random, diameter: int = 260, bottom: str = "", face: FontFile | None = None,
         star: bool = True, oval: bool = False) -> Image.Image:
    """A red round (or oval) seal: the unit's name along the upper arc, a star, a line at the bottom."""
    face = face or fonts.first("song")
    size = diameter
    w = int(size * (1.35 if oval else 1.0))
    img = Image.new("L", (w + 8, size + 8), 0)
    d = ImageDraw.Draw(img)
    cx, cy = (w + 8) / 2, (size + 8) / 2
    rw, rh = w / 2, size / 2
    d.ellipse((cx - rw, cy - rh, cx + rw, cy + rh), outline=255, width=max(3, size // 40))
    n = len(top)
    fs = int(size * (0.15 if n <= 12 else 0.13 if n <= 16 else 0.105))
    span = math.radians(min(250, 20 + n * (18 if n <= 12 else 15)))
    for i, ch in enumerate(top):
        ang = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        r_x, r_y = rw - fs * 0.95, rh - fs * 0.95
        px, py = cx + r_x * math.cos(ang), cy + r_y * math.sin(ang)
        tile = Image.new("L", (fs * 2, fs * 2), 0)
        ImageDraw.Draw(tile).text((fs * 0.5, fs * 0.35), ch, font=fonts.font(face, fs), fill=255)
        tile = tile.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BILINEAR)
        img.paste(255, (int(px - fs), int(py - fs)), tile)
    if star:
        r = size * 0.14
        pts = []
        for k in range(10):
            a = -math.pi / 2 + k * math.pi / 5
            rr = r if k % 2 == 0 else r * 0.4
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        d.polygon(pts, fill=255)
    if bottom:
        bs = int(size * 0.1)
        f = fonts.font(face, bs)
        d.text((cx - f.getlength(bottom) / 2, cy + size * 0.2), bottom, font=f, fill=255)
    # uneven ink
    speckle = np.random.default_rng(rng.randrange(2**32)).random((img.size[1], img.size[0]))
    noise = Image.fromarray(np.where(speckle > 0.3, 255, 120).astype(np.uint8))
    mask = Image.composite(img, Image.new("L", img.size, 0), noise)
    mask = mask.point(lambda v: int(v * rng.uniform(0.7, 0.95)))
    mask = mask.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BILINEAR)
    out = Image.new("RGBA", mask.size, SEAL_RED + (0,))
    out.putalpha(mask.filter(ImageFilter.GaussianBlur(0.6)))
    return out


def fingerprint(rng: random.Random, size: int = 70) -> Image.Image:
    mask = Image.new("L", (size, int(size * 1.3)), 0)
    d = ImageDraw.Draw(mask)
    cx, cy = size / 2, size * 0.65
    for k in range(2, int(size / 2), 4):
        d.ellipse((cx - k, cy - k * 1.25 + rng.uniform(-1, 1), cx + k, cy + k * 1.25), outline=int(rng.uniform(120, 230)), width=2)
    mask = mask.rotate(rng.uniform(-30, 30), resample=Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(0.8))
    out = Image.new("RGBA", mask.size, (200, 30, 40, 0))
    out.putalpha(mask)
    return out


def paste_rgba(base: Image.Image, overlay: Image.Image, xy: tuple[float, float]) -> Box:
    x, y = int(xy[0]), int(xy[1])
    base.paste(overlay.convert("RGB"), (x, y), overlay.split()[-1])
    return (x, y, x + overlay.width, y + overlay.height)


SKIN = [(241, 204, 178), (232, 190, 160), (222, 180, 150), (246, 214, 190)]
HAIR = [(25, 22, 22), (45, 35, 30), (60, 45, 35)]


def portrait(rng: random.Random, sex: str, w: int, h: int, background=(250, 250, 250)) -> Image.Image:
    """A drawn head-and-shoulders portrait (no real face): for ID cards and certificates."""
    img = Image.new("RGB", (w, h), background)
    d = ImageDraw.Draw(img)
    skin = rng.choice(SKIN)
    hair = rng.choice(HAIR)
    cloth = rng.choice([(40, 45, 60), (30, 30, 35), (70, 70, 80), (235, 235, 235), (60, 80, 120)])
    cx = w / 2 + rng.uniform(-w * 0.03, w * 0.03)
    fw, fh = w * 0.34, h * 0.36
    top = h * 0.2
    d.rounded_rectangle((cx - w * 0.46, h * 0.72, cx + w * 0.46, h * 1.1), radius=int(w * 0.2), fill=cloth)
    d.rectangle((cx - fw * 0.22, top + fh * 0.8, cx + fw * 0.22, h * 0.78), fill=skin)
    if sex == "女":
        d.rounded_rectangle((cx - fw * 0.68, top - fh * 0.12, cx + fw * 0.68, top + fh * 1.25), radius=int(fw * 0.5), fill=hair)
    d.ellipse((cx - fw / 2, top, cx + fw / 2, top + fh), fill=skin)
    d.chord((cx - fw * 0.56, top - fh * 0.16, cx + fw * 0.56, top + fh * 0.55), 180, 360, fill=hair)
    ey = top + fh * 0.46
    for side in (-1, 1):
        ex = cx + side * fw * 0.2
        d.ellipse((ex - fw * 0.06, ey - fh * 0.03, ex + fw * 0.06, ey + fh * 0.03), fill=(35, 30, 30))
        d.line((ex - fw * 0.09, ey - fh * 0.09, ex + fw * 0.08, ey - fh * 0.1), fill=hair, width=max(2, w // 90))
    d.line((cx, ey + fh * 0.05, cx - fw * 0.03, ey + fh * 0.22), fill=tuple(int(c * 0.85) for c in skin), width=2)
    d.arc((cx - fw * 0.14, ey + fh * 0.22, cx + fw * 0.14, ey + fh * 0.36), 20, 160, fill=(170, 90, 90), width=max(2, w // 100))
    return img.filter(ImageFilter.GaussianBlur(0.7))


def emblem(size: int) -> Image.Image:
    """A round emblem (a red disc, a gold ring, stars and a gate): a stylised sign of authority."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    gold = (232, 180, 40, 255)
    red = (205, 30, 35, 255)
    d.ellipse((0, 0, size - 1, size - 1), fill=gold)
    d.ellipse((size * 0.1, size * 0.1, size * 0.9, size * 0.9), fill=red)
    cx = size / 2

    def star(x: float, y: float, r: float) -> None:
        pts = []
        for k in range(10):
            a = -math.pi / 2 + k * math.pi / 5
            rr = r if k % 2 == 0 else r * 0.4
            pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
        d.polygon(pts, fill=gold)

    star(cx, size * 0.3, size * 0.1)
    for k, a in enumerate((-50, -20, 20, 50)):
        star(cx + size * 0.2 * math.sin(math.radians(a)), size * 0.36 - size * 0.07 * math.cos(math.radians(a)) + (k % 2) * 4, size * 0.04)
    d.rectangle((size * 0.3, size * 0.52, size * 0.7, size * 0.66), fill=gold)
    d.polygon([(size * 0.26, size * 0.52), (cx, size * 0.44), (size * 0.74, size * 0.52)], fill=gold)
    d.rectangle((size * 0.22, size * 0.68, size * 0.78, size * 0.72), fill=gold)
    return img


def guilloche(draw: ImageDraw.ImageDraw, box: Box, color, rng: random.Random, lines: int = 14, width_px: int = 1) -> None:
    x0, y0, x1, y1 = box
    period = rng.uniform(60, 140)
    for k in range(lines):
        amp = (y1 - y0) / lines * rng.uniform(0.8, 2.0)
        base = y0 + (y1 - y0) * (k + 0.5) / lines
        phase = rng.uniform(0, 6.28)
        pts = [(x, base + amp * math.sin(x / period * 6.28 + phase + k * 0.4)) for x in range(int(x0), int(x1), 6)]
        draw.line(pts, fill=color, width=width_px)


def qr_like(rng: random.Random, size: int, modules: int = 25) -> Image.Image:
    cell = size / modules
    img = Image.new("RGB", (size, size), "white")
    d = ImageDraw.Draw(img)
    for i in range(modules):
        for j in range(modules):
            if rng.random() < 0.48:
                d.rectangle((i * cell, j * cell, (i + 1) * cell - 0.5, (j + 1) * cell - 0.5), fill="black")
    for ox, oy in ((0, 0), (modules - 7, 0), (0, modules - 7)):
        d.rectangle((ox * cell, oy * cell, (ox + 7) * cell, (oy + 7) * cell), fill="white")
        d.rectangle((ox * cell, oy * cell, (ox + 7) * cell - 1, (oy + 7) * cell - 1), outline="black", width=int(cell))
        d.rectangle(((ox + 2) * cell, (oy + 2) * cell, (ox + 5) * cell - 1, (oy + 5) * cell - 1), fill="black")
    return img


def paper(w: int, h: int, rng: random.Random, tint=(252, 252, 249)) -> Image.Image:
    base = Image.new("RGB", (w, h), tuple(max(0, c - rng.randrange(0, 6)) for c in tint))
    return base


def grid_lines(draw: ImageDraw.ImageDraw, rows: list[int], cols: list[int], color=(40, 40, 40), w: int = 2) -> None:
    for y in rows:
        draw.line((cols[0], y, cols[-1], y), fill=color, width=w)
    for x in cols:
        draw.line((x, rows[0], x, rows[-1]), fill=color, width=w)


def font_obj(face: FontFile, size: int) -> ImageFont.FreeTypeFont:
    return fonts.font(face, size)
