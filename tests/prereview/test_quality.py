"""Photo quality on rendered documents: sharp, blurred, dark, washed out, too small."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from prereview.decode import deskew
from prereview.quality import assess_image

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def card() -> Image.Image:
    """An ID-card-sized page of Chinese text (85.6×54 mm at 300 dpi)."""
    try:
        font = ImageFont.truetype(FONT, 34)
    except OSError:
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")
    image = Image.new("RGB", (1011, 638), (238, 241, 246))
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(["姓名 某晓明", "性别 男  民族 汉", "出生 1990年3月7日", "住址 某省某市某区幸福路88号", "公民身份号码 360402199003071232"]):
        draw.text((50, 50 + i * 110), text, font=font, fill=(20, 20, 20))
    return image


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def washed(image: Image.Image) -> Image.Image:
    """Overexposed: the ink fades toward the paper."""
    return image.point(lambda v: 175 + v * 80 // 255)


@pytest.mark.parametrize(
    ("name", "change", "problem"),
    [
        ("clean", lambda im: im, None),
        ("jpeg 60", lambda im: jpeg(im, 60), None),
        ("slight blur", lambda im: im.filter(ImageFilter.GaussianBlur(1)), None),
        ("blur 3", lambda im: im.filter(ImageFilter.GaussianBlur(3)), "blurry"),
        ("blur 5", lambda im: im.filter(ImageFilter.GaussianBlur(5)), "blurry"),
        ("dark", lambda im: ImageEnhance.Brightness(im).enhance(0.3), "dark"),
        ("washed out", washed, "bright"),
        ("tiny", lambda im: im.resize((300, 189)), "small"),
    ],
)
def test_quality(name: str, change, problem: str | None) -> None:  # type: ignore[no-untyped-def]
    report = assess_image(change(card()))
    assert [p.code for p in report.problems] == ([problem] if problem else []), (name, report)
    assert all(p.message for p in report.problems)


def test_deskew_straightens_a_small_tilt() -> None:
    page = card()
    tilted = page.rotate(5, expand=True, fillcolor="white")
    straight = deskew(tilted)
    # Undoing the tilt brings the text rows back: the row profile gets as peaky as the original.
    import numpy as np

    def peakiness(image: Image.Image) -> float:
        ink = np.asarray(image.convert("L")) < 128
        return float(np.var(ink.sum(axis=1)))

    assert peakiness(straight) > 1.5 * peakiness(tilted)
    assert peakiness(straight) > 0.7 * peakiness(page)
