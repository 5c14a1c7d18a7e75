"""OCR of page images with RapidOCR (its wheel ships the Chinese PP-OCR models; CPU only).

The engine loads lazily (`warm_up()`), is shared by every request in the process and guarded
by a lock (one ONNX session per model; concurrent calls queue instead of multiplying memory).
Pages photographed sideways are read in the orientation that yields the most confident text.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

from prereview.model import Box, TextLine

log = logging.getLogger(__name__)

# A page whose text boxes are mostly taller than wide was photographed sideways.
_SIDEWAYS_SHARE = 0.6
# Below this much confident text, try the other orientations before giving up. (The per-line
# angle classifier is off: it reads an upside-down page line by line but in reverse order, and
# the layout matters here; turning the whole page is what fixes it.)
_LITTLE_TEXT = 12
# A turned page that reads this much text is taken without looking at it upside down.
_PAGE_TEXT = 30


@dataclass(frozen=True)
class OcrResult:
    """The lines read from one image, and the rotation (degrees, counter-clockwise) applied."""

    lines: list[TextLine]
    rotation: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class OcrMissing(RuntimeError):
    """RapidOCR or onnxruntime is not installed."""


class Ocr:
    """RapidOCR behind a small typed contract: `warm_up()` then `read(image)`."""

    def __init__(self, min_score: float = 0.5) -> None:
        self.min_score = min_score
        self._engine: object | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the models (about a second); safe to call more than once."""
        with self._lock:
            if self._engine is not None:
                return
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise OcrMissing("OCR is not installed: run `make install` (installs rapidocr and onnxruntime)") from exc
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            self._engine = RapidOCR(params={
                "Global.log_level": "warning",
                "Global.text_score": self.min_score,
                "Global.use_cls": False,
                # Detect on the page scaled to 1280 px at most (the default scales *up* to a
                # 736 px short side and detects on a full A4 page: 4× slower, no better), and
                # recognise one line at a time (batches pad every line to the longest one).
                "Det.limit_type": "max",
                "Det.limit_side_len": 1280,
                "Rec.rec_batch_num": 1,
            })

    def read(self, image: Image.Image) -> OcrResult:
        """Read the text lines of an upright or sideways page image."""
        self.warm_up()
        first = OcrResult(self._run(image), 0)
        if not _looks_sideways(first.lines) and _score(first.lines) >= _LITTLE_TEXT:
            return first
        best = first
        # A page turned the wrong way round reads as a few confident scraps ("出86日"), so both
        # quarter turns are read before choosing; upside down only when neither reads a page.
        for rotation in (90, 270, 180):
            if rotation == 180 and not _looks_sideways(best.lines) and _score(best.lines) >= _PAGE_TEXT:
                break
            candidate = OcrResult(self._run(image.rotate(rotation, expand=True)), rotation)
            if _rank(candidate) > _rank(best):
                best = candidate
        return best

    def reread(self, image: Image.Image, box: Box) -> str | None:
        """Read one line again from a padded, enlarged crop (recognition only): a second look at
        a number whose check digit failed, before calling it wrong."""
        self.warm_up()
        pad = max(box.height * 0.25, 3.0)
        crop = image.crop((
            int(max(box.x0 - pad, 0)), int(max(box.y0 - pad, 0)),
            int(min(box.x1 + pad, image.width)), int(min(box.y1 + pad, image.height)),
        ))
        if crop.width < 4 or crop.height < 4:
            return None
        scale = max(1.0, 64 / crop.height)
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.Resampling.LANCZOS)
        pixels = np.asarray(crop.convert("RGB"))[:, :, ::-1]
        with self._lock:
            assert self._engine is not None
            output = self._engine(pixels, use_det=False, use_cls=False, use_rec=True)  # type: ignore[operator]
        texts = getattr(output, "txts", None)
        return "".join(texts).strip() if texts else None

    def _run(self, image: Image.Image) -> list[TextLine]:
        pixels = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR expects BGR like OpenCV
        with self._lock:
            assert self._engine is not None
            # Flags passed on every call: RapidOCR keeps the last call's flags, and reread()
            # switches detection off.
            output = self._engine(pixels, use_det=True, use_cls=False, use_rec=True)  # type: ignore[operator]
        boxes = getattr(output, "boxes", None)
        if boxes is None or output.txts is None:
            return []
        lines = []
        for polygon, text, score in zip(boxes, output.txts, output.scores, strict=False):
            xs = [float(p[0]) for p in polygon]
            ys = [float(p[1]) for p in polygon]
            if text.strip():
                box = Box(min(xs), min(ys), max(xs), max(ys))
                lines.append(TextLine(text.strip(), box, float(score), "ocr", _slope(xs, ys)))
        return lines


def _slope(xs: list[float], ys: list[float]) -> float:
    """The slant of a detected quadrilateral (corners clockwise from top-left): its top and
    bottom edges' mean dy/dx."""
    if len(xs) != 4:
        return 0.0
    top = (ys[1] - ys[0]) / (xs[1] - xs[0]) if xs[1] != xs[0] else 0.0
    bottom = (ys[2] - ys[3]) / (xs[2] - xs[3]) if xs[2] != xs[3] else 0.0
    return (top + bottom) / 2


def _looks_sideways(lines: list[TextLine]) -> bool:
    long_lines = [line for line in lines if len(line.text) >= 3]
    if not long_lines:
        return False
    tall = sum(1 for line in long_lines if line.box.height > line.box.width * 1.5)
    return tall / len(long_lines) >= _SIDEWAYS_SHARE


def _rank(result: OcrResult) -> tuple[bool, float]:
    # Upright text first (rows and label-value layout only make sense upright), then confidence;
    # a rotation must read clearly more to beat the image as it came.
    bonus = 1.0 if result.rotation == 0 else 1 / 1.2
    return (not _looks_sideways(result.lines), _score(result.lines) * bonus)


def _score(lines: list[TextLine]) -> float:
    return sum(line.confidence * len(line.text) for line in lines)


_shared: Ocr | None = None
_shared_lock = threading.Lock()


def shared_ocr() -> Ocr:
    """The process-wide OCR engine (models are ~30 MB; load them once)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Ocr()
        return _shared
