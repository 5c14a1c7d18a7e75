"""Which of two readings of a printed name the page shows, by drawing both and comparing.

OCR sometimes misreads one character of a bold name on an ID-card photo with high
confidence (董→萱, 睿→書, 蕾→曹), and a second OCR pass repeats the mistake. When another
document names the person one character differently, drawing both readings in a Chinese font
and comparing them with the crop, character by character where they differ, tells which one
is printed there. Only a clear margin counts: when the two are alike (军/君) nothing changes,
so a real difference between documents is never argued away.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from prereview.model import Box

log = logging.getLogger(__name__)

_HEIGHT = 64  # compared at this height, in pixels
# How much better the other reading must match its character than OCR's own: a misread
# glyph loses by 0.07–0.2; slicing the crop into characters moves scores by about 0.04.
_MARGIN = 0.05


def closer_reading(image: Image.Image, box: Box, read: str, other: str) -> bool:
    """Whether `other` (same length, differing in one character) matches the printed name
    in `box` clearly better than OCR's `read`. False when it cannot tell (no font, no ink)."""
    if len(read) != len(other) or sum(a != b for a, b in zip(read, other, strict=True)) != 1:
        return False
    font = _font()
    if font is None:
        return False
    crop = _normalised(image.crop((int(box.x0), int(box.y0), int(box.x1), int(box.y1))))
    if crop is None or not 0.6 * len(read) <= crop.shape[1] / _HEIGHT <= 1.5 * len(read):
        return False  # the dark ink is not one line of this many characters (a label in the box)
    at = next(i for i, (a, b) in enumerate(zip(read, other, strict=True)) if a != b)
    scores = []
    for text in (read, other):
        drawn = _normalised(_draw(text, font))
        if drawn is None:
            return False
        drawn = np.asarray(Image.fromarray(drawn).resize((crop.shape[1], crop.shape[0]), Image.Resampling.BILINEAR))
        width = crop.shape[1] / len(text)
        left, right = int(at * width), int((at + 1) * width)
        scores.append(float((crop[:, left:right] * drawn[:, left:right]).mean()))
    log.debug("glyph match %s %.3f vs %s %.3f", read, scores[0], other, scores[1])
    return scores[1] - scores[0] >= _MARGIN


def _normalised(image: Image.Image) -> np.ndarray | None:
    """The darkest ink (a printed name, not its lighter label) cut to its bounds, scaled to
    _HEIGHT and standardised, so that a bold photo and a drawn glyph compare."""
    ink = 255.0 - np.asarray(image.convert("L"), dtype=np.float32)
    if ink.size == 0 or ink.max() < 40:
        return None
    ys, xs = np.where(ink > 0.75 * ink.max())
    ink = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    width = max(1, round(_HEIGHT * ink.shape[1] / max(ink.shape[0], 1)))
    scaled = np.asarray(Image.fromarray(ink.astype(np.uint8)).resize((width, _HEIGHT), Image.Resampling.BILINEAR), dtype=np.float32)
    return (scaled - scaled.mean()) / (scaled.std() + 1e-6)


def _draw(text: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    width = int(font.getlength(text)) + 20
    image = Image.new("L", (width, int(font.size * 1.5)), 255)
    ImageDraw.Draw(image).text((10, int(font.size * 0.2)), text, font=font, fill=0)
    return image


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont | None:
    from knowledge.checklist.pdf import FontMissing, find_cjk_font

    try:
        path: Path = find_cjk_font()
        return ImageFont.truetype(str(path), _HEIGHT)
    except (FontMissing, OSError) as exc:
        log.info("no Chinese font to compare names with: %s", exc)
        return None
