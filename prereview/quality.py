"""Image quality: is this photo good enough to read and to hand to a clerk?

Measured on the photo as taken: the short side in pixels, sharpness (the Laplacian's
variance, on the text-bearing parts of a normalised-size grayscale — blank paper is smooth
whether or not the photo is sharp), brightness and clipped pixels. Each problem comes with
the instruction a window clerk would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from prereview.model import Page

# Thresholds, chosen on rendered documents (tests/prereview/test_quality.py): clean renders and
# JPEG-compressed copies of ID cards and A4 pages measure sharpness 6,000–14,000 at the working
# size; Gaussian blur of radius 1 keeps an ID card above 900, radius 2 brings it under 100.
MIN_SHORT_SIDE = 480  # an ID card this small has 7-px characters: unreadable for OCR and clerks
MIN_SHARPNESS = 250.0
# Darkness: even the paper (the 99th percentile of brightness) is grey. Overexposure: even the
# ink (the 1st percentile) is light — a white page with dark text is neither.
MIN_PAPER_BRIGHTNESS = 110.0
MIN_INK_DARKNESS = 150.0
_WORK_SIZE = 1000  # measure on this long side, so thresholds do not depend on camera resolution

BLURRY = "图片模糊，请对焦后重新拍摄，保持证件四角完整"
DARK = "光线太暗，请在光线充足处重新拍摄"
BRIGHT = "图片过曝或反光，请避开强光和反光重新拍摄"
SMALL = "分辨率过低，请上传原图或靠近拍摄，保持证件四角完整"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass(frozen=True)
class QualityReport:
    """The measured figures of one page and the problems they show."""

    short_side: int
    sharpness: float
    brightness: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def assess(page: Page) -> QualityReport:
    """Measure one page image; text-layer and docx pages need no image checks."""
    if page.image is None or page.lines:
        return QualityReport(0, 0.0, 0.0)
    return assess_image(page.image)


def assess_image(image: Image.Image) -> QualityReport:
    """Measure one image and list its problems."""
    import cv2

    short = min(image.size)
    gray = np.asarray(image.convert("L"))
    scale = _WORK_SIZE / max(gray.shape)
    work = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    brightness = float(work.mean())
    paper = float(np.percentile(work, 99))
    ink = float(np.percentile(work, 1))
    sharpness = _sharpness(work)
    problems = []
    if short < MIN_SHORT_SIDE:
        problems.append(Problem("small", SMALL))
    # Heavy blur also greys the ink, so blur is judged before overexposure.
    if paper < MIN_PAPER_BRIGHTNESS:
        problems.append(Problem("dark", DARK))
    elif sharpness < MIN_SHARPNESS:
        problems.append(Problem("blurry", BLURRY))
    elif ink > MIN_INK_DARKNESS:
        problems.append(Problem("bright", BRIGHT))
    return QualityReport(short, sharpness, brightness, problems)


def _sharpness(gray: np.ndarray) -> float:
    """Laplacian variance over the tiles that carry detail (text), not the blank paper."""
    import cv2

    lap = cv2.Laplacian(gray, cv2.CV_64F)
    tile = 50
    h, w = gray.shape
    scores = []
    for y in range(0, h - tile + 1, tile):
        for x in range(0, w - tile + 1, tile):
            patch = gray[y : y + tile, x : x + tile]
            if float(patch.std()) > 20:  # a tile with ink on it
                scores.append(float(lap[y : y + tile, x : x + tile].var()))
    if not scores:
        return float(lap.var())
    scores.sort()
    # The sharpest quarter of the inked tiles: a photo is as sharp as its best-focused text.
    top = scores[len(scores) * 3 // 4 :]
    return float(np.mean(top))
