"""What phones and scanners do to documents: blur, bad light, low resolution, turns, tilt, desks.

Each degradation takes a clean rendered page and a strength, so evaluation can measure where
pre-review's quality checks start to fire: mild settings (a 2° tilt, JPEG at 75, an EXIF turn)
must pass, strong ones (blur that smears the text, a dark room, a thumbnail) must be caught.
Strengths are in natural units, documented per function. Randomness comes from the caller's
seeded `random.Random`, so the same seed gives the same photo.
"""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageEnhance

from tools.prereview_synthetic.render import jpeg_bytes

# EXIF Orientation values and the turn (counter-clockwise degrees) that makes the stored pixels
# look upright when a viewer applies the tag.
EXIF_ORIENTATION_TAG = 0x0112
_STORED_TURN = {1: 0, 3: 180, 6: 90, 8: 270}


def blur(image: Image.Image, strength: float) -> Image.Image:
    """Out of focus: a Gaussian blur of `strength` pixels measured on a 1000-px long side
    (so it smears a 4000-px photo as much as a 1000-px one). 0.5 is a soft photo, 3+ unreadable."""
    radius = strength * max(image.size) / 1000
    return _gaussian(image.convert("RGB"), radius) if radius > 0 else image.copy()


def _gaussian(image: Image.Image, sigma: float) -> Image.Image:
    """Gaussian blur with OpenCV (several times faster than Pillow's on page-sized images)."""
    import cv2

    return Image.fromarray(cv2.GaussianBlur(np.asarray(image), (0, 0), sigma), "RGB")


def darken(image: Image.Image, strength: float, rng: random.Random | None = None) -> Image.Image:
    """Under-exposed: brightness scaled by 1 − strength (0.7 → 30 % light), with the sensor noise a
    dark photo has."""
    dark = ImageEnhance.Brightness(image.convert("RGB")).enhance(max(0.02, 1.0 - strength))
    return add_noise(dark, 2.0 + 6.0 * strength, rng)


def overexpose(image: Image.Image, strength: float) -> Image.Image:
    """Washed out (flash, sun, glare): every pixel moved `strength` of the way to white, so the ink
    fades (0.3 is a bright photo, 0.65+ leaves grey ghosts of the text)."""
    array = np.asarray(image.convert("RGB"), dtype=np.float32)
    lifted = array + (255.0 - array) * strength
    return Image.fromarray(np.clip(lifted, 0, 255).astype(np.uint8), "RGB")


def downscale(image: Image.Image, short_side: int) -> Image.Image:
    """A low-resolution copy whose short side is `short_side` pixels (a thumbnail, a chat-app copy)."""
    scale = short_side / min(image.size)
    if scale >= 1:
        return image.copy()
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR)


def rotate(image: Image.Image, quarter_turns: int) -> Image.Image:
    """The page photographed sideways or upside down: pixels turned by 90° × quarter_turns, counter-clockwise."""
    return image.rotate(90 * (quarter_turns % 4), expand=True)


def exif_rotated_jpeg(image: Image.Image, orientation: int, quality: int = 88) -> bytes:
    """A JPEG whose pixels are stored turned, with the EXIF Orientation tag that turns them back
    (what phones write). A correct reader shows the upright page; a naive one a sideways page.
    orientation: 3 (180°), 6 (stored 90° counter-clockwise) or 8 (stored 90° clockwise)."""
    if orientation not in _STORED_TURN:
        raise ValueError(f"orientation must be one of {sorted(_STORED_TURN)}, got {orientation}")
    stored = image.rotate(_STORED_TURN[orientation], expand=True) if _STORED_TURN[orientation] else image
    exif = Image.Exif()
    exif[EXIF_ORIENTATION_TAG] = orientation
    return jpeg_bytes(stored, quality, exif.tobytes())


def skew(image: Image.Image, degrees: float, fill: tuple[int, int, int] | None = None) -> Image.Image:
    """A page placed a little crooked on the scanner or in the photo (positive: counter-clockwise);
    the corners are filled with the page's own edge colour."""
    import cv2

    rgb = np.asarray(image.convert("RGB"))
    fill = fill or _edge_colour(image.convert("RGB"))
    h, w = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    turned = cv2.warpAffine(rgb, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    return Image.fromarray(turned, "RGB")


def jpeg_roundtrip(image: Image.Image, quality: int) -> Image.Image:
    """The page after being saved as JPEG at `quality` (blocking and ringing around text)."""
    return Image.open(io.BytesIO(jpeg_bytes(image, quality))).convert("RGB")


def add_noise(image: Image.Image, sigma: float, rng: random.Random | None = None) -> Image.Image:
    """Sensor or scanner grain: Gaussian noise of `sigma` grey levels."""
    if sigma <= 0:
        return image.copy()
    gen = np.random.default_rng((rng or random.Random(0)).randrange(1 << 32))
    array = np.asarray(image.convert("RGB"), dtype=np.int16)
    h, w = array.shape[:2]
    # A 509×509 tile of grain repeated: the eye and OCR cannot tell, and it is ten times cheaper.
    tile = (gen.standard_normal((509, 509), dtype=np.float32) * sigma).astype(np.int16)
    grain = np.tile(tile, (h // 509 + 1, w // 509 + 1))[:h, :w]
    noisy = array + grain[..., None]
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def scan(image: Image.Image, rng: random.Random, strength: float = 1.0) -> Image.Image:
    """A flatbed scan: slightly grey paper, fine grain, a hair of softness and tilt (strength 0–2)."""
    rgb = image.convert("RGB")
    tone = 1.0 - rng.uniform(0.0, 0.08) * min(strength, 1.0)  # some scanners level paper to white, some leave it grey
    toned = ImageEnhance.Brightness(rgb).enhance(tone)
    soft = _gaussian(toned, 0.35 * strength) if strength > 0 else toned
    angle = rng.uniform(-0.4, 0.4) * strength
    tilted = skew(soft, angle, fill=(250, 250, 250)) if abs(angle) > 0.1 else soft
    return add_noise(tilted, 2.5 * strength, rng)


def photo_of_document(image: Image.Image, rng: random.Random, strength: float = 1.0) -> Image.Image:
    """The document photographed lying on a desk: textured background around it, a slight
    perspective (corners moved by up to 4 % × strength of the page size), a soft shadow, uneven
    light and sensor grain. strength 0.5 is a careful photo, 2 a hasty one."""
    import cv2

    doc = np.asarray(image.convert("RGB"))
    h, w = doc.shape[:2]
    pad_x, pad_y = int(w * rng.uniform(0.08, 0.22)), int(h * rng.uniform(0.08, 0.22))
    out_w, out_h = w + 2 * pad_x, h + 2 * pad_y
    background = _desk(out_w, out_h, rng)
    move = 0.04 * strength
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    corners = [(pad_x + cx * w + rng.uniform(-move, move) * w, pad_y + cy * h + rng.uniform(-move, move) * h)
               for cx, cy in ((0, 0), (1, 0), (1, 1), (0, 1))]
    dst = np.array(corners, dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(doc, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    # A soft shadow down and right of the page.
    shift = np.array([[1, 0, max(w, h) * 0.012], [0, 1, max(w, h) * 0.015]], dtype=np.float32)
    small = cv2.resize(cv2.warpAffine(mask, shift, (out_w, out_h)), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), max(w, h) * 0.0025)
    shadow = cv2.resize(small, (out_w, out_h), interpolation=cv2.INTER_LINEAR).astype(np.float32) / 255
    alpha = mask.astype(np.float32) / 255
    # Light falls off across the frame (a lamp on one side, the phone's own shadow).
    gx = np.linspace(-1, 1, out_w, dtype=np.float32)[None, :]
    gy = np.linspace(-1, 1, out_h, dtype=np.float32)[:, None]
    direction = rng.uniform(0, 2 * np.pi)
    exposure = rng.uniform(0.8, 0.95)  # a phone exposes for mid-grey: white paper comes out light grey
    light = exposure * (1.0 - 0.07 * strength * (np.cos(direction) * gx + np.sin(direction) * gy) - 0.04 * strength * (gx**2 + gy**2))
    desk_factor = (1 - 0.35 * shadow) * (1 - alpha) * light
    page_factor = alpha * light
    channels = []
    for desk, page in zip(cv2.split(background), cv2.split(warped), strict=True):
        mixed = cv2.multiply(desk, desk_factor) + cv2.multiply(page.astype(np.float32), page_factor)
        channels.append(np.clip(mixed, 0, 255).astype(np.uint8))
    result = Image.fromarray(cv2.merge(channels), "RGB")
    return add_noise(result, 1.5 + 1.5 * strength, rng)


def _desk(width: int, height: int, rng: random.Random) -> np.ndarray:
    """A desk, tablecloth or floor texture: a base colour, large blotches, maybe wood grain."""
    import cv2

    small = _desk_small(max(1, width // 3), max(1, height // 3), rng)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def _desk_small(width: int, height: int, rng: random.Random) -> np.ndarray:
    gen = np.random.default_rng(rng.randrange(1 << 32))
    base = np.array(rng.choice(((150, 110, 75), (120, 90, 60), (90, 95, 100), (200, 200, 196), (60, 62, 70), (170, 150, 130))), np.float32)
    coarse = gen.normal(0, 1, (8, 8)).astype(np.float32)
    blotches = np.asarray(Image.fromarray(coarse).resize((width, height), Image.Resampling.BICUBIC), dtype=np.float32)
    texture = base[None, None, :] + 10 * blotches[..., None]
    if rng.random() < 0.5:  # wood grain: stretched noise along one axis
        grain = gen.normal(0, 1, (height, 1)).astype(np.float32)
        grain = np.asarray(Image.fromarray(grain).resize((width, height), Image.Resampling.BILINEAR), dtype=np.float32)
        texture += 8 * grain[..., None]
    return np.clip(texture, 0, 255).astype(np.float32)


def _edge_colour(image: Image.Image) -> tuple[int, int, int]:
    """The median colour of the image's border (paper or scanner lid)."""
    array = np.asarray(image)
    border = np.concatenate([array[0], array[-1], array[:, 0], array[:, -1]])
    r, g, b = (int(v) for v in np.median(border, axis=0))
    return r, g, b
