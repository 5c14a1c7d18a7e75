"""How a page reaches the server: as drawn (a screenshot or a digital file), scanned (grey,
slightly skewed, noisy), photographed with a phone (the page on a table, in perspective, with a
shadow gradient, uneven light, JPEG 60–85, sometimes a glare patch), or degraded beyond reading.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

from tools.prereview_independent.draw import Box

cv2.setNumThreads(1)


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**32))


def scan(img: Image.Image, rng: random.Random, grey: bool = True) -> Image.Image:
    """A flatbed scan or a photocopy: grey (or faded colour), a slight skew, noise, a dark edge."""
    a = np.asarray(img.convert("L") if grey else img.convert("RGB"))
    h, w = a.shape[:2]
    angle = rng.uniform(-1.8, 1.8)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = (235, 235, 235) if not grey else 235
    a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)
    contrast = rng.uniform(0.78, 0.92)
    shift = 128 * (1 - contrast) + rng.uniform(-8, 6)
    a = cv2.convertScaleAbs(a, alpha=contrast, beta=shift)
    noise = _np_rng(rng).standard_normal(a.shape, dtype=np.float32) * rng.uniform(3, 8)
    a = np.clip(a.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:  # a toner streak
        x = rng.randrange(0, w - 4)
        a[:, x : x + rng.randrange(1, 4)] = (a[:, x : x + 4][:, : 1] * rng.uniform(0.75, 0.9)).astype(np.uint8)
    edge = rng.randrange(8, 30)
    a[:edge] = (a[:edge] * 0.55).astype(np.uint8)
    a = cv2.GaussianBlur(a, (0, 0), rng.uniform(0.3, 0.8))
    return Image.fromarray(a)


def _table(w: int, h: int, rng: random.Random) -> np.ndarray:
    kind = rng.choice(["wood", "desk", "cloth", "dark"])
    base = {"wood": (95, 140, 180), "desk": (200, 200, 195), "cloth": (120, 90, 70), "dark": (60, 62, 66)}[kind]
    sw, sh = w // 4, h // 4
    a = np.zeros((sh, sw, 3), np.float32)
    a[:] = base  # BGR
    if kind == "wood":
        ys = np.arange(sh)[:, None] * 4.0
        xs = np.arange(sw)[None, :] * 4.0
        grain = 18 * np.sin(ys / rng.uniform(6, 14) + 3 * np.sin(xs / rng.uniform(80, 200)))
        a += grain[..., None]
    a += _np_rng(rng).standard_normal((sh, sw, 1), dtype=np.float32) * 6
    return cv2.resize(a, (w, h), interpolation=cv2.INTER_LINEAR)


def _field(fw: int, fh: int, fn) -> np.ndarray:
    """A smooth full-size field computed on a coarse grid."""
    sw, sh = fw // 8, fh // 8
    ys, xs = np.mgrid[0:sh, 0:sw].astype(np.float32)
    return cv2.resize(fn(xs * 8, ys * 8).astype(np.float32), (fw, fh), interpolation=cv2.INTER_LINEAR)


def photo(img: Image.Image, rng: random.Random, boxes: dict[str, tuple[int, Box]] | None = None, page: int = 0,
          glare: str | None = None, landscape_frame: bool | None = None) -> tuple[Image.Image, dict]:
    """A phone photo of the page. glare: None, 'clear' (a glare patch away from the named
    fields, text stays legible) or a field name (the patch burns that field out)."""
    doc = np.asarray(img.convert("RGB"))[:, :, ::-1]
    h, w = doc.shape[:2]
    portrait_doc = h >= w
    frame_portrait = portrait_doc if landscape_frame is None else not landscape_frame
    fw, fh = (1200, 1600) if frame_portrait else (1600, 1200)
    scale = min(fw / w, fh / h) * rng.uniform(0.78, 0.9)
    dw, dh = w * scale, h * scale
    cx, cy = fw / 2 + rng.uniform(-fw * 0.03, fw * 0.03), fh / 2 + rng.uniform(-fh * 0.03, fh * 0.03)
    j = min(dw, dh) * 0.06
    dst = np.array([
        [cx - dw / 2 + rng.uniform(-j, j), cy - dh / 2 + rng.uniform(-j, j)],
        [cx + dw / 2 + rng.uniform(-j, j), cy - dh / 2 + rng.uniform(-j, j)],
        [cx + dw / 2 + rng.uniform(-j, j), cy + dh / 2 + rng.uniform(-j, j)],
        [cx - dw / 2 + rng.uniform(-j, j), cy + dh / 2 + rng.uniform(-j, j)],
    ], dtype=np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    table = _table(fw, fh, rng)
    warped = cv2.warpPerspective(doc, m, (fw, fh), flags=cv2.INTER_AREA, borderValue=(0, 0, 0)).astype(np.float32)
    small_m = cv2.getPerspectiveTransform(src, dst / 4)
    mask_small = cv2.warpPerspective(np.ones((h, w), np.uint8) * 255, small_m, (fw // 4, fh // 4), flags=cv2.INTER_LINEAR)
    shadow = cv2.GaussianBlur(mask_small.astype(np.float32) / 255, (0, 0), 3)
    shadow = cv2.resize(np.roll(np.roll(shadow, 3, 0), 2, 1), (fw, fh))
    mask = cv2.warpPerspective(np.ones((h, w), np.uint8) * 255, m, (fw, fh), flags=cv2.INTER_LINEAR).astype(np.float32) / 255
    table *= (1 - 0.35 * shadow)[..., None]
    out = table * (1 - mask[..., None]) + warped * mask[..., None]
    ang = rng.uniform(0, 6.28)
    tilt = rng.uniform(0.12, 0.3)
    vig = rng.uniform(0.1, 0.25)
    corner = rng.random() < 0.5
    sx, sy, r = rng.uniform(0, fw), rng.uniform(0, fh), rng.uniform(0.3, 0.5) * fw

    def lighting(xs, ys):
        grad = np.cos(ang) * (xs / fw - 0.5) + np.sin(ang) * (ys / fh - 0.5)
        val = (1.0 + tilt * grad) * (1 - vig * (((xs / fw - 0.5) ** 2 + (ys / fh - 0.5) ** 2) * 2))
        if corner:  # the phone's own shadow
            val *= 1 - 0.28 * np.exp(-((xs - sx) ** 2 + (ys - sy) ** 2) / r**2)
        return val

    out *= _field(fw, fh, lighting)[..., None]
    out *= np.array([rng.uniform(0.9, 1.02), 1.0, rng.uniform(0.98, 1.1)], dtype=np.float32)
    info: dict = {}
    if glare:
        targets = {k: v for k, v in (boxes or {}).items() if v[0] == page}
        pts_of = {}
        for name, (_, b) in targets.items():
            p = cv2.perspectiveTransform(np.array([[[b[0], b[1]], [b[2], b[3]]]], dtype=np.float32), m)[0]
            pts_of[name] = (p[0][0], p[0][1], p[1][0], p[1][1])
        if glare == "clear":
            gx, gy, rad = cx, cy, 0.1 * min(dw, dh)
            for _ in range(80):
                gx = rng.uniform(cx - dw * 0.42, cx + dw * 0.42)
                gy = rng.uniform(cy - dh * 0.42, cy + dh * 0.42)
                rad = rng.uniform(0.07, 0.12) * min(dw, dh)
                if all(not (bx0 - rad * 1.8 < gx < bx1 + rad * 1.8 and by0 - rad * 1.8 < gy < by1 + rad * 1.8)
                       for bx0, by0, bx1, by1 in pts_of.values()):
                    break
            strength = rng.uniform(80, 130)
        else:
            bx0, by0, bx1, by1 = pts_of[glare]
            gx, gy = (bx0 + bx1) / 2, (by0 + by1) / 2
            rad = max(abs(bx1 - bx0), abs(by1 - by0)) * 0.75
            strength = 420.0
        out += (strength * _field(fw, fh, lambda xs, ys: np.exp(-((xs - gx) ** 2 + ((ys - gy) * 1.4) ** 2) / rad**2)))[..., None]
        info = {"glare_at": (int(gx), int(gy)), "glare_radius": int(rad)}
    out += _np_rng(rng).standard_normal(out.shape, dtype=np.float32) * rng.uniform(2, 5)
    final = cv2.GaussianBlur(np.clip(out, 0, 255).astype(np.uint8), (0, 0), rng.uniform(0.3, 0.9))
    return Image.fromarray(np.ascontiguousarray(final[:, :, ::-1])), info


def degrade(img: Image.Image, rng: random.Random, how: str) -> Image.Image:
    """Beyond reading: a blur, a thumbnail blown up, a dark underexposed shot or a shaken phone."""
    if how == "blur":
        return img.filter(ImageFilter.GaussianBlur(rng.uniform(9, 13) * img.width / 1240))
    if how == "tiny":
        small = img.resize((max(60, img.width // 14), max(60, img.height // 14)), Image.Resampling.BILINEAR)
        return small.resize(img.size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(2))
    if how == "dark":
        a = np.asarray(img.convert("RGB")).astype(np.float32) * rng.uniform(0.035, 0.05)
        a += _np_rng(rng).normal(0, 10, a.shape)
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(4.5 * img.width / 1240))
    # motion
    k = int(img.width / 22)
    kernel = np.zeros((k, k), np.float32)
    kernel[k // 2, :] = 1.0 / k
    rot = cv2.getRotationMatrix2D((k / 2, k / 2), rng.uniform(-30, 30), 1)
    turned = np.asarray(cv2.warpAffine(kernel, rot, (k, k)), dtype=np.float32)
    turned /= turned.sum()
    a = np.asarray(cv2.filter2D(np.asarray(img.convert("RGB")), -1, turned), dtype=np.uint8)
    return Image.fromarray(a).filter(ImageFilter.GaussianBlur(2))


def jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality, optimize=False)
    return buf.getvalue()


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False, compress_level=1)
    return buf.getvalue()


def pdf_of_images(images: list[Image.Image], rng: random.Random, quality: int = 80) -> bytes:
    """A scanned PDF: each page a JPEG image on an A4 page (portrait or landscape). Written by
    hand (a few objects), so the bytes depend on the seed only."""
    producer = rng.choice(["Scanner", "CamScanner", "HP Scan", "Canon MF Scan"])
    objects: list[bytes] = []
    kids = []
    for im in images:
        grey = im.mode == "L"
        data = jpeg(im if grey else im.convert("RGB"), quality) if not grey else _jpeg_grey(im, quality)
        pw, ph = (595.28, 841.89) if im.height >= im.width else (841.89, 595.28)
        img_no = len(objects) + 3
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 "
                       b"/Filter /DCTDecode /Length %d >>\nstream\n" % (im.width, im.height, b"DeviceGray" if grey else b"DeviceRGB", len(data))
                       + data + b"\nendstream")
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_no = len(objects) + 3
        kids.append(page_no)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> "
                       b"/Contents %d 0 R >>" % (pw, ph, img_no, img_no + 1))
    header = [b"<< /Type /Catalog /Pages 2 0 R >>",
              b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)]
    all_objects = header + objects
    all_objects.append(b"<< /Producer (%s) >>" % producer.encode("ascii"))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(all_objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(all_objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(all_objects) + 1, len(all_objects), xref))
    return out.getvalue()


def _jpeg_grey(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
