"""Image quality: is this photo or scan good enough to read and to hand to a clerk?

Measured on a grayscale copy scaled to a fixed working size (so the figures do not depend on
the camera's resolution, only on how the document was photographed):

* short side in pixels of the picture as uploaded (resolution): a PDF page rendered larger than
  the scan it holds counts the scan's own pixels, not the enlarged copy's;
* sharpness, on the tiles that carry ink only (blank paper is smooth whether or not the
  photo is sharp, so a mostly-white page must not read as blurred): the steepest edges of
  each tile divided by the tile's own contrast — about 0.5 / (blur radius in px), whatever
  the lighting — and, for the record, the variance of the Laplacian on the same tiles (not
  used to decide: sensor noise inflates it, a blur of radius 3 with noise measured higher
  than a clean blur of radius 1);
* brightness: the paper's level (95th percentile), the ink's level, the mean, and the shares
  of clipped pixels (black / blown-out white), and glare spots (blown-out patches inside a
  photo whose paper is not itself blown out).

Each problem comes with the instruction a window clerk would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from prereview.model import Page

# --- thresholds ---------------------------------------------------------------------------
# Calibrated on rendered documents in tests/prereview/test_quality.py (an ID card 1011×638 at
# 300 dpi and an A4 page 1240×1754 at 150 dpi, 21–36 px Chinese text; also each photographed
# on a noisy desk). Edge sharpness at the working size measures 0.62–0.74 clean, JPEG-compressed
# (quality 50–90) or with sensor noise; after a Gaussian blur of radius 1: 0.43–0.47; 1.5:
# 0.29–0.33; 2: 0.22–0.25; 3: 0.15–0.21 (noise added or not); 5: about 0.10. The threshold is
# the geometric middle of radius 1 (must pass) and radius 3 (must fail); radius 2 fails too.
MIN_SHARPNESS = 0.26
# Resolution: an ID card filling a 480-px short side has 18-digit numbers about 20 px tall,
# the least OCR and a clerk read reliably; a 300-px-wide photo (189 px short side) does not.
# Callers expecting an A4 form can ask for more (≈ 1000 px keeps 5-point print legible).
MIN_SHORT_SIDE = 480
# A PDF page is rendered at 200 dpi (small pages to a 1000-px short side) whatever the scan inside
# it holds; PDFium enlarges an embedded picture pixel by pixel (nearest neighbour), so a 297-px
# scan on a card-sized page comes out 1000 px wide in blocks of 3.37 × 3.37 equal pixels, with
# sharp block edges that the blur check cannot tell from print. The enlargement is read from the
# repeats: in such a copy a column identical to its left neighbour carries 1 − 1/k of the detail
# (pixels differing from the one below), in a photo or a true scan (grain, anti-aliasing) about 0
# (measured over 1,430 generated page images: 1.00–1.32 across, 1.00–1.11 down, the repeats
# coming from flat white and plain runs of ruled lines; enlarged scans 3.37 and 4.3 both ways,
# the factor of their rendering). The short side is divided by it when both ways reach
# MIN_ENLARGEMENT. (PDFium enlarges smoothly up to about 2.7 times: that shows as softness.)
MIN_ENLARGEMENT = 1.5
# Dark: even the paper (95th percentile of brightness) is grey. A white page at 30 % exposure
# measures 71–76; at 50 % it measures 119–128 and still reads fine.
MIN_PAPER_LEVEL = 100.0
# Washed out (overexposed, or flare lifting the blacks): even the ink is light. The ink level is
# the darkest tenth of the inked tiles' darkest 5 %, so thick strokes count more than thin ones.
# Measured: clean renders, JPEG and exposure ×1.3 15–55; blur of radius 1.5 lightens thin
# strokes to 106–133 (blur and low resolution fade ink too: this check is skipped when either is
# already reported); flare lifting black to 175 measures 181–186.
MAX_INK_LEVEL = 160.0
# Glare: blown-out patches (≥ GLARE_LEVEL) not touching the border cover at least GLARE_SHARE
# of a photo whose paper is not itself blown out. A scanner, or a photo in strong light, clips
# the white paper to 255 everywhere, which is not glare but plain white: so glare is only
# looked for when less than MAX_PAPER_CLIPPED of the light pixels (≥ LIGHT_LEVEL) are clipped.
# Measured: a reflection over a third of an ID card clips 10–25 % of the photo and 23–55 % of
# its light pixels; white paper photographed on a desk clips 96–100 % of its light pixels.
# A reflection is brighter than the paper around it: blown out means GLARE_MARGIN above the
# paper's own level too (its commonest light grey, saturated pixels left out). Scanners and
# scanner apps put the paper at 249–250 with a grain of ±2–3 levels, right on GLARE_LEVEL: half
# the paper crossed it, in islands split by the grain, and blank table cells closed in by their
# rules read as enclosed blown-out patches (2–8 % of the page; none at 254, where a real
# reflection, saturated at 255, still counts).
GLARE_SHARE = 0.02
GLARE_LEVEL = 250
GLARE_MARGIN = 5
LIGHT_LEVEL = 200
MAX_PAPER_CLIPPED = 0.7
_MIN_GLARE_PATCH = 0.002  # smaller blown-out specks (a bright character counter) are not glare
DARK_LEVEL = 16  # for the record: the share of pixels at or below this is `dark_share`

WORK_SIZE = 1600  # long side of the measuring copy: an A4 scan at 150 dpi is barely reduced
_TILE = 32  # px of the working copy; an inked tile holds a few strokes
# A tile is inked when its ink and paper differ by this share of the image's whole range (a
# dark photo has a narrow range), and by at least _MIN_TILE_LEVELS grey levels. Sensor noise
# on blank paper spans about 4σ ≈ 20–30 levels, under 0.18 × the ~220 levels of a normal photo.
_TILE_CONTRAST_SHARE = 0.18
_MIN_TILE_LEVELS = 12.0
_MIN_INKED_TILES = 3

BLURRY = "图片模糊，请对焦后重新拍摄，保持证件四角完整"
DARK = "光线太暗，请在光线充足处重新拍摄"
BRIGHT = "图片过曝，文字发白看不清，请避开强光重新拍摄"
GLARE = "图片有反光，部分内容看不清，请避开强光或灯光反光重新拍摄"
SMALL = "分辨率过低，请使用原图上传或靠近拍摄，保持证件四角完整"


@dataclass(frozen=True)
class Problem:
    """One quality problem: a short code and the plain instruction for the citizen."""

    code: str  # "blurry", "dark", "bright", "glare", "small"
    message: str


@dataclass(frozen=True)
class QualityReport:
    """The measured figures of one page and the problems they show.

    `skipped` is True for pages without a photo to judge (docx, PDF with a text layer).
    """

    short_side: int = 0  # of the picture's own pixels (an enlarged PDF rendering divided by its enlargement)
    sharpness: float = 0.0  # edge steepness / contrast on inked tiles (≈ 0.5 / blur px); 0 when no ink
    laplacian_variance: float = 0.0  # median over inked tiles, contrast-normalised working copy
    brightness: float = 0.0  # mean grey level 0–255
    paper_level: float = 0.0  # 95th percentile grey level
    ink_level: float = 0.0  # darkest 5 % of each inked tile, 10th percentile over tiles
    dark_share: float = 0.0  # share of pixels ≤ DARK_LEVEL
    clipped_share: float = 0.0  # share of pixels ≥ GLARE_LEVEL
    glare_share: float = 0.0  # share of the image in enclosed blown-out patches
    inked_tiles: int = 0
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def assess(page: Page, expected_min_short_side: int = MIN_SHORT_SIDE) -> QualityReport:
    """Measure one page; docx pages and PDF pages with a text layer have no photo to judge."""
    if page.image is None or page.lines:
        return QualityReport(skipped=True)
    return assess_image(page.image, expected_min_short_side)


def assess_image(image: Image.Image, expected_min_short_side: int = MIN_SHORT_SIDE) -> QualityReport:
    """Measure one image and list its problems (about 50 ms for 2 megapixels, 80 ms for 12)."""
    import cv2

    gray = np.asarray(image.convert("L"))
    short = min(image.size)
    width_factor, height_factor = _enlargement(gray)
    if min(width_factor, height_factor) >= MIN_ENLARGEMENT:
        short = round(min(gray.shape[1] / width_factor, gray.shape[0] / height_factor))
    factor = WORK_SIZE / max(gray.shape)
    work = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray

    histogram = np.bincount(work.ravel(), minlength=256)
    total = float(work.size)
    cumulative = np.cumsum(histogram) / total
    paper = float(np.searchsorted(cumulative, 0.95))
    brightness = float(np.dot(np.arange(256), histogram) / total)
    dark_share = float(histogram[: DARK_LEVEL + 1].sum() / total)
    clipped_share = float(histogram[GLARE_LEVEL:].sum() / total)

    image_range = float(np.searchsorted(cumulative, 0.995) - np.searchsorted(cumulative, 0.005))
    sharpness, laplacian, ink, inked = _sharpness(work, max(_MIN_TILE_LEVELS, _TILE_CONTRAST_SHARE * image_range))
    light = float(histogram[LIGHT_LEVEL:].sum() / total)
    blown_level = _blown_level(histogram)
    blown = float(histogram[blown_level:].sum() / total)
    paper_clipped = blown / light if light else 0.0
    glare = _glare_share(work, blown_level) if blown >= GLARE_SHARE and paper_clipped < MAX_PAPER_CLIPPED else 0.0

    problems: list[Problem] = []
    small = short < expected_min_short_side
    blurry = inked >= _MIN_INKED_TILES and sharpness < MIN_SHARPNESS
    if small:
        problems.append(Problem("small", SMALL))
    if blurry:
        problems.append(Problem("blurry", BLURRY))
    if paper < MIN_PAPER_LEVEL:
        problems.append(Problem("dark", DARK))
    elif inked >= _MIN_INKED_TILES and ink > MAX_INK_LEVEL and not (blurry or small):
        problems.append(Problem("bright", BRIGHT))
    elif glare >= GLARE_SHARE:
        problems.append(Problem("glare", GLARE))
    return QualityReport(
        short_side=short,
        sharpness=round(sharpness, 4),
        laplacian_variance=round(laplacian, 1),
        brightness=round(brightness, 1),
        paper_level=paper,
        ink_level=round(ink, 1),
        dark_share=round(dark_share, 4),
        clipped_share=round(clipped_share, 4),
        glare_share=round(glare, 4),
        inked_tiles=inked,
        problems=problems,
    )


def _sharpness(work: np.ndarray, min_contrast: float) -> tuple[float, float, float, int]:
    """(edge sharpness, Laplacian variance, ink level, inked tiles) over the tiles with ink.

    Per tile: the 99th percentile of the gradient magnitude over the tile's contrast (its 98th
    minus its 2nd percentile, lightly smoothed). Text blurred by a Gaussian of σ px gives about
    0.5/σ, independent of exposure, and sensor noise barely moves the steepest edges. The
    page's figure is the median over inked tiles, so a few sharp specks do not hide a blur.
    """
    import cv2

    height, width = work.shape
    rows, cols = height // _TILE, width // _TILE
    if rows == 0 or cols == 0:
        return 0.0, 0.0, 255.0, 0
    crop8 = work[: rows * _TILE, : cols * _TILE]
    # Contrast on a 3×3-averaged copy: sensor noise (and a desk's grain) shrinks threefold there
    # while strokes keep most of theirs. The ink level is read on the pixels as they are.
    smooth = cv2.blur(crop8, (3, 3))
    low, high = np.percentile(_tiles(smooth, rows, cols), [2, 98], axis=1)
    contrast = high - low
    inked = contrast >= min_contrast
    count = int(inked.sum())
    if count == 0:
        return 0.0, 0.0, 255.0, 0
    crop = crop8.astype(np.float32)
    gx = cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)  # /8: a unit step gives 1
    gy = cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
    magnitude = cv2.magnitude(gx, gy)
    steepest = _tile_percentile(magnitude, rows, cols, inked, 99)
    ratios = steepest / contrast[inked]
    laplacian = cv2.Laplacian(crop, cv2.CV_32F)
    lap_tiles = _tiles(laplacian, rows, cols)[inked]
    lap_var = lap_tiles.var(axis=1) * (255.0 / contrast[inked]) ** 2  # as if every tile had full contrast
    ink_level = np.percentile(_tiles(crop8, rows, cols)[inked], 5, axis=1)
    return float(np.median(ratios)), float(np.median(lap_var)), float(np.percentile(ink_level, 10)), count


def _tiles(values: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The image cut into rows×cols tiles of _TILE², one tile per row of the result."""
    return values.reshape(rows, _TILE, cols, _TILE).transpose(0, 2, 1, 3).reshape(rows * cols, _TILE * _TILE)


def _tile_percentile(values: np.ndarray, rows: int, cols: int, selected: np.ndarray, q: float) -> np.ndarray:
    return np.percentile(_tiles(values, rows, cols)[selected], q, axis=1)


def _enlargement(gray: np.ndarray) -> tuple[float, float]:
    """How many times the picture was enlarged pixel by pixel, across and down (1.0: not at all).

    Across: the share of the detail (pixels differing from the one below) that lies in columns
    repeating their left neighbour exactly is 1 − 1/k in a copy enlarged k times; down likewise
    with rows. Exact repeats only: a photo or scan has none but in flat or ruled runs (grain,
    anti-aliasing); a copy enlarged and then JPEG-compressed is not recognised.
    """
    factors = []
    for values in (gray, gray.T):
        detail = np.count_nonzero(values[1:] != values[:-1], axis=0)
        repeated = ~np.any(values[:, 1:] != values[:, :-1], axis=0)
        total = int(detail.sum())
        kept = total - int(detail[1:][repeated].sum())
        factors.append(total / kept if kept else 1.0)
    return factors[0], factors[1]


def _blown_level(histogram: np.ndarray) -> int:
    """The grey level from which a pixel is blown out: GLARE_LEVEL, or GLARE_MARGIN above the
    paper's commonest light level when the paper is that bright (255 at most)."""
    light = histogram[LIGHT_LEVEL:255]
    paper = LIGHT_LEVEL + int(np.argmax(light)) if light.any() else 0
    return max(GLARE_LEVEL, min(255, paper + GLARE_MARGIN))


def _glare_share(work: np.ndarray, level: int = GLARE_LEVEL) -> float:
    """Share of the image in blown-out patches (≥ level) that do not touch the border (reflections)."""
    import cv2

    mask = (work >= level).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = work.shape
    enclosed = 0
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if area >= _MIN_GLARE_PATCH * work.size and x > 0 and y > 0 and x + w < width and y + h < height:
            enclosed += area
    return enclosed / float(work.size)
