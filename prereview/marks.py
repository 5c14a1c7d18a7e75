"""Handwritten signatures and seals: ink where the form asks for it.

A signature is not text OCR can read; what matters is ink in the space after 签字/签名 that
is not printed text and not the underline. A seal is a red stamp: a cluster of strongly red
pixels, or on a page without colour (a greyscale scan) a round ring of ink. Both work on the
rendered page, so a scanned form and a PDF look the same here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

from prereview.layout import Row
from prereview.model import Box, TextLine

# A label cut short by a seal stamped across it (申请人（签) still asks for a signature.
_CUT = r"[（(]签$"
CUT_LABEL = re.compile(_CUT)
SIGNATURE_LABEL = re.compile(rf"(签字|签名|签章|手印|{_CUT})")
# A place to sign is a short label ending in 签字/签名 (申请人（签字）：, 乙方签名：), not a
# sentence that mentions signing (本协议自双方签字之日起生效。).
_SIGNATURE_PLACE = re.compile(rf"^[^。；;，,]{{0,12}}((签字|签名|签章|手印)[^。；;，,]{{0,8}}$|{_CUT})")
# A place for a seal is a short label too (申请人（签字/盖章）：, 企业（盖章）), not a clause
# (自双方签字（盖章）之日起生效。).
_SEAL_PLACE = re.compile(r"^[^。；;，,]{0,12}(盖章|公章|印章)[^。；;，,]{0,8}$")
# Share of the signature area covered by ink (after removing printed text and rules) above
# which the area counts as signed. A pen scribble covers 2–10 %; scan noise stays under 0.3 %.
_SIGNED_INK = 0.006
# Red pixels (of the page) that make a seal; a 4 cm seal at 150 dpi covers about 1 %.
_SEAL_SHARE = 0.0008
# A page without colour: at most this share of its pixels is saturated (a greyscale scan).
_COLOURLESS = 0.002
# A seal's ring on such a page: ink at (nearly) every angle of the circle, and little just
# outside it (text lines and table rules cross a circle at a few angles only).
_RING_INK = 0.95
_RING_OUTSIDE = 0.3


@dataclass(frozen=True)
class Mark:
    """Whether a mark was found, and where it was looked for (evidence)."""

    found: bool
    box: Box
    ink: float


def signature_areas(rows: list[Row]) -> list[tuple[TextLine, Box]]:
    """The label boxes asking for a signature and the area where it should be.

    The area starts where the label's text ends. Usually that is the label box's right edge;
    but text detection sometimes draws one box around the label and the handwriting next to
    it (the box is then taller than a line of print), so the end of the text is estimated from
    its character count and the page's usual line height.
    """
    heights = sorted(line.box.height for row in rows for line in row.lines)
    typical = heights[len(heights) // 2] if heights else 0.0
    char_width = _char_width(rows, typical)
    areas = []
    for row in rows:
        for index, line in enumerate(row.lines):
            if not _SIGNATURE_PLACE.match(line.text.strip(" _＿ ")):  # the line to sign on is no text
                continue
            h = max(min(line.box.height, typical or line.box.height), 8.0)
            text_end = line.box.x1
            if typical and line.box.height > 1.4 * typical:
                text_end = min(line.box.x1, line.box.x0 + len(line.text.strip()) * char_width)
            if CUT_LABEL.search(line.text.strip()):
                text_end += 3 * h  # the rest of a label cut short (字）：) is print, not a signature
            right = row.lines[index + 1].box.x0 if index + 1 < len(row.lines) else max(line.box.x1, text_end + 8 * h)
            # A date printed on the same row is not the signature's space.
            if index + 1 < len(row.lines) and re.search(r"\d{4}|年", row.lines[index + 1].text):
                right = row.lines[index + 1].box.x0
            right = max(right, text_end + 3 * h)
            areas.append((line, Box(text_end, line.box.y0 - 0.9 * h, right, line.box.y1 + 0.9 * h)))
    return areas


_CJK = re.compile(r"[\u4e00-\u9fff，。、；：（）“”！？]+")  # full-width: each as wide as a character


def _char_width(rows: list[Row], typical: float) -> float:
    """How wide a printed character is on this page: the median over lines of Chinese print
    (a box is taller than its characters are wide, so the line height overshoots; digits and
    Latin letters are narrower)."""
    widths = sorted(
        line.box.width / len(text)
        for row in rows
        for line in row.lines
        if len(text := line.text.strip()) >= 4 and line.box.height <= 1.4 * typical and _CJK.fullmatch(text)
    )
    return widths[len(widths) // 2] if widths else typical


def ink_in(image: Image.Image, area: Box, printed: list[TextLine]) -> Mark:
    """How much non-printed ink lies in the area (printed text boxes and rules removed).

    Ink is taken as strokes: a stroke counts where its middle lies, so the top of a tall
    signature on the row below (女方 under 男方) does not sign the place above it.
    """
    import cv2

    w, h = image.size
    box = Box(max(0, area.x0), max(0, area.y0), min(w, area.x1), min(h, area.y1))
    if box.width < 4 or box.height < 4:
        return Mark(False, box, 0.0)
    # Look a little above and below, to see whole strokes that cross the area's edge.
    reach = box.height
    outer = Box(box.x0, max(0, box.y0 - reach), box.x1, min(h, box.y1 + reach))
    crop = image.crop((int(outer.x0), int(outer.y0), int(outer.x1), int(outer.y1))).convert("RGB")
    gray = np.asarray(crop.convert("L"), dtype=np.uint8)
    # A seal stamped over the signature place is red ink, not a signature.
    ink = (gray < 110) & ~_seal_red(np.asarray(crop, dtype=np.int16))
    for line in printed:
        lb = line.box
        if lb.x1 <= outer.x0 or lb.x0 >= outer.x1 or lb.y1 <= outer.y0 or lb.y0 >= outer.y1:
            continue
        # Only blank out what is printed: text read with confidence that has Chinese characters
        # or digits. A scribble is sometimes "read" as confident Latin letters (lel, Jn).
        if line.confidence < 0.85 or not re.search(r"[\u4e00-\u9fff0-9]", line.text):
            continue
        x0, y0 = int(max(lb.x0 - outer.x0, 0)), int(max(lb.y0 - outer.y0, 0))
        x1, y1 = int(min(lb.x1 - outer.x0, ink.shape[1])), int(min(lb.y1 - outer.y0, ink.shape[0]))
        ink[y0:y1, x0:x1] = False
    # Underlines and table rules: rows or columns that are mostly ink.
    ink[ink.mean(axis=1) > 0.5, :] = False
    ink[:, ink.mean(axis=0) > 0.6] = False
    top, bottom = int(box.y0 - outer.y0), int(box.y1 - outer.y0)
    _count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    inside = (centroids[:, 1] >= top) & (centroids[:, 1] < bottom)
    # An underline photographed slightly askew spreads over several pixel rows, none mostly
    # ink: it is still one long flat stroke, which no signature is.
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    flat = (widths >= 0.3 * ink.shape[1]) & ((heights <= 0.12 * box.height) | (widths >= 12 * heights))
    inside &= ~flat
    inside[0] = False  # the background
    strokes = inside[labels][top:bottom]
    share = float(strokes.mean()) if strokes.size else 0.0
    return Mark(share >= _SIGNED_INK, box, share)


def red_share(image: Image.Image) -> float:
    """The share of strongly red pixels on the page (a seal, or a red letterhead)."""
    small = image.convert("RGB")
    small.thumbnail((800, 800))
    return float(_seal_red(np.asarray(small, dtype=np.int16)).mean())


def _seal_red(rgb: np.ndarray) -> np.ndarray:
    """Pixels of seal ink. Seal red keeps green and blue alike (a faded stamp photographed
    indoors is still pink, not brown): wood, skin and orange light raise green over blue."""
    r, g, b = rgb[:, :, 0], rgb[:, :, 1], rgb[:, :, 2]
    return (r > 120) & (r - g > 45) & (r - b > 45) & (np.abs(g - b) < 30)


def in_seal_ink(image: Image.Image, box: Box) -> bool:
    """Text written in seal red: OCR reading a stamp's ring of characters (海化代司), which
    is no signature even where it lies across the signature place."""
    crop = image.crop((int(box.x0), int(box.y0), int(box.x1), int(box.y1))).convert("RGB")
    rgb = np.asarray(crop, dtype=np.int16)
    if rgb.size == 0:
        return False
    red = _seal_red(rgb)
    dark = rgb.sum(axis=2) < 3 * 110
    return bool(red.sum() > dark.sum())


def seal_place(lines: list[TextLine], dedicated: bool = False) -> bool:
    """The page has a place for a seal: a seal is asked for where the paper asks for one.
    `dedicated`: a place for the seal alone (申请单位（盖章）), not 签字/盖章 (either will do)."""
    return any(
        _SEAL_PLACE.search(line.text.strip()) and not (dedicated and SIGNATURE_LABEL.search(line.text)) for line in lines
    )


def has_seal(image: Image.Image) -> bool:
    """A red stamp somewhere on the page; on a greyscale scan, a seal's ring."""
    if red_share(image) >= _SEAL_SHARE:
        return True
    small = image.convert("RGB")
    small.thumbnail((1000, 1000))
    rgb = np.asarray(small, dtype=np.int16)
    colourless = float(((rgb.max(axis=2) - rgb.min(axis=2)) > 40).mean()) <= _COLOURLESS
    return colourless and _ring(np.asarray(small.convert("L")))


def _ring(grey: np.ndarray) -> bool:
    """A round seal's ring (5–16 % of the page's width in radius) among the circles the Hough
    transform proposes, checked by ink along it."""
    import cv2  # from rapidocr's dependencies

    width = grey.shape[1]
    ink = cv2.dilate((grey < float(np.median(grey)) - 45).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    circles = cv2.HoughCircles(cv2.GaussianBlur(grey, (5, 5), 0), cv2.HOUGH_GRADIENT, dp=1.5, minDist=width * 0.05,
                               param1=120, param2=30, minRadius=int(width * 0.05), maxRadius=int(width * 0.16))
    if circles is None:
        return False
    return any(
        _coverage(ink, x, y, r) >= _RING_INK and _coverage(ink, x, y, r * 1.35, spread=0.0) <= _RING_OUTSIDE
        for x, y, r in circles[0][:40]
    )


def _coverage(ink: np.ndarray, x: float, y: float, radius: float, spread: float = 0.06) -> float:
    """The share of 180 angles with ink somewhere on the radius within ±spread of this one
    (a band: the proposed centre is a few pixels off)."""
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    hit = np.zeros(angles.shape, dtype=bool)
    for r in np.arange(radius * (1 - spread), radius * (1 + spread) + 1, 1.0):
        xs = np.clip((x + r * np.cos(angles)).astype(int), 0, ink.shape[1] - 1)
        ys = np.clip((y + r * np.sin(angles)).astype(int), 0, ink.shape[0] - 1)
        hit |= ink[ys, xs]
    return float(hit.mean())
