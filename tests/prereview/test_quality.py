"""Photo quality on rendered documents: sharp, blurred, dark, washed out, glare, too small.

The documents are drawn here at realistic sizes: an ID card (85.6×54 mm) at 300 dpi and an A4
page at 150 dpi, with Chinese text in the sizes they really carry. The thresholds in
prereview/quality.py were calibrated on these.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from prereview import quality
from prereview.model import Box, Page, TextLine
from prereview.quality import assess, assess_image

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def font(size: int) -> ImageFont.FreeTypeFont:
    if not Path(FONT).exists():
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")
    return ImageFont.truetype(FONT, size)


def id_card() -> Image.Image:
    """An ID card's front, 1011×638 px (85.6×54 mm at 300 dpi), 34-px text on a pale card."""
    image = Image.new("RGB", (1011, 638), (238, 241, 246))
    draw = ImageDraw.Draw(image)
    rows = ["姓名 某晓明", "性别 男  民族 汉", "出生 1990年3月7日", "住址 某省某市某区幸福路88号", "公民身份号码 360402199003071232"]
    for i, text in enumerate(rows):
        draw.text((50, 50 + i * 110), text, font=font(34), fill=(20, 20, 20))
    return image


def a4_page(lines: int = 12) -> Image.Image:
    """An A4 form, 1240×1754 px (150 dpi): a 36-px title and 21-px (10.5 pt) body text."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    draw.text((400, 120), "个体工商户登记申请书", font=font(36), fill="black")
    for i in range(lines):
        draw.text((120, 260 + i * 36), f"申请人承诺所填写内容真实有效，如有虚假愿承担法律责任。第{i + 1}条", font=font(21), fill="black")
    return image


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def blur(radius: float) -> Callable[[Image.Image], Image.Image]:
    return lambda image: image.filter(ImageFilter.GaussianBlur(radius))


def noise(image: Image.Image, sigma: float) -> Image.Image:
    pixels = np.asarray(image).astype(np.float32)
    pixels += np.random.default_rng(0).normal(0, sigma, pixels.shape[:2])[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def washed_out(image: Image.Image) -> Image.Image:
    """Overexposed with flare: the blacks lift toward the paper (ink 20 → 181)."""
    return image.point(lambda v: 175 + v * 80 // 255)


def glare(image: Image.Image) -> Image.Image:
    """A lamp's reflection on the laminate: a blown-out oval over a third of the text."""
    pixels = np.asarray(image).astype(np.float32)
    height, width = pixels.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width]
    distance = ((xs - width * 0.55) / (width * 0.2)) ** 2 + ((ys - height * 0.5) / (height * 0.25)) ** 2
    pixels += np.clip(1.6 - distance, 0, 1)[..., None] * 400
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def on_desk(image: Image.Image) -> Image.Image:
    """Photographed on a dark desk: the document in the middle of a larger, noisy frame."""
    desk = noise(Image.new("RGB", (image.width * 3 // 2, image.height * 3 // 2), (70, 60, 50)), 6)
    desk.paste(image, (image.width // 4, image.height // 4))
    return noise(desk, 2)


def downscale(width: int) -> Callable[[Image.Image], Image.Image]:
    return lambda image: image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)


CASES: list[tuple[str, Callable[[Image.Image], Image.Image], list[str]]] = [
    ("clean", lambda im: im, []),
    ("photo, mild JPEG (q=85)", lambda im: jpeg(im, 85), []),
    ("heavy JPEG (q=50)", lambda im: jpeg(im, 50), []),
    ("slight blur r=0.5", blur(0.5), []),
    ("blur r=1", blur(1), []),
    ("blur r=1 then JPEG", lambda im: jpeg(blur(1)(im), 75), []),
    ("sensor noise", lambda im: noise(im, 5), []),
    ("blur r=3", blur(3), ["blurry"]),
    ("blur r=3 with sensor noise", lambda im: noise(blur(3)(im), 4), ["blurry"]),
    ("blur r=5", blur(5), ["blurry"]),
    ("blur r=10", blur(10), ["blurry"]),
    ("half the light", lambda im: ImageEnhance.Brightness(im).enhance(0.5), []),
    ("dark (30 % light)", lambda im: ImageEnhance.Brightness(im).enhance(0.3), ["dark"]),
    ("dark and blurred", lambda im: ImageEnhance.Brightness(blur(3)(im)).enhance(0.3), ["blurry", "dark"]),
    ("bright but readable (×1.3)", lambda im: ImageEnhance.Brightness(im).enhance(1.3), []),
    ("overexposed, washed out", washed_out, ["bright"]),
    ("on a dark desk", on_desk, []),
    ("on a desk, JPEG", lambda im: jpeg(on_desk(im), 80), []),
    ("on a desk, blur r=1", lambda im: noise(blur(1)(on_desk(im)), 2), []),
    ("on a desk, out of focus r=3", lambda im: noise(blur(3)(on_desk(im)), 2), ["blurry"]),
    ("downscaled to 300 px wide", downscale(300), ["small"]),
]


@pytest.mark.parametrize(("name", "change", "problems"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("document", [id_card, a4_page], ids=["id card", "A4"])
def test_quality(document: Callable[[], Image.Image], name: str, change: Callable[[Image.Image], Image.Image], problems: list[str]) -> None:
    report = assess_image(change(document()))
    assert report.codes == problems, (name, report)
    assert report.ok is (not problems)
    assert all(p.message for p in report.problems)


def test_glare_on_an_id_card() -> None:
    for image in (glare(id_card()), on_desk(glare(id_card()))):
        report = assess_image(image)
        assert report.codes == ["glare"], report
        assert report.glare_share > quality.GLARE_SHARE


def scanned_form(paper: int = 250, grain: float = 1.5) -> Image.Image:
    """A scanned A4 form: a table of blank cells closed in by rules, the paper at a scanner's white
    (249–250, the grain of its sensor ±2–3 levels), right on the old blown-out level."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    draw.text((440, 120), "告知承诺书", font=font(36), fill=0)
    for i in range(7):
        y = 240 + i * 70
        draw.line((140, y, 1100, y), fill=0, width=2)
        draw.text((160, y + 22), "申请人姓名", font=font(21), fill=0)
    for x in (140, 420, 1100):
        draw.line((x, 240, x, 660), fill=0, width=2)
    draw.text((140, 720), "本人承诺以上填写内容及提交的材料真实、合法、有效。", font=font(21), fill=0)
    values = np.asarray(page).astype(np.float32) * paper / 255
    values += np.random.default_rng(1).normal(0, grain, values.shape)
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8)).convert("RGB")


@pytest.mark.parametrize("paper", [248, 249, 250, 251, 252])
def test_a_scanners_white_paper_is_not_glare(paper: int) -> None:
    """Paper at 250 used to cross the blown-out level in half its pixels: the blank table cells
    read as enclosed blown-out patches (8 % of the page) and were reported as glare."""
    report = assess_image(scanned_form(paper))
    assert report.ok, report
    assert report.glare_share == 0.0


def test_glare_on_a_scanners_white_paper_is_still_found() -> None:
    """A reflection saturates (255) above even the whitest paper."""
    for image in (glare(scanned_form(249)), jpeg(glare(scanned_form(249)), 85)):
        report = assess_image(image)
        assert report.codes == ["glare"], report
        assert report.glare_share > quality.GLARE_SHARE


def enlarge(image: Image.Image, factor: float) -> Image.Image:
    """Enlarged pixel by pixel (nearest neighbour), as PDFium renders a small scan on a PDF page."""
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.NEAREST)


def test_an_enlarged_thumbnail_is_small() -> None:
    """A 300-px scan rendered 3.4 or 4 times larger still holds only 300 px of detail."""
    thumbnail = downscale(300)(a4_page())
    for factor in (3.37, 4.0):
        report = assess_image(enlarge(thumbnail, factor))
        assert report.codes == ["small"], (factor, report)
        assert report.short_side == pytest.approx(300, abs=3)


def test_an_enlarged_sharp_scan_is_not_small() -> None:
    for image in (id_card(), noise(id_card(), 3), a4_page()):
        assert assess_image(image).short_side == min(image.size)
        report = assess_image(enlarge(image, 2))
        assert report.ok, report
        assert report.short_side == pytest.approx(min(image.size), rel=0.05)


def test_a_thumbnail_in_a_pdf_is_small() -> None:
    """The path an upload takes: a 300-px scan on a small PDF page, rendered to 1000 px by PDFium."""
    from prereview.decode import decode
    from prereview.intake import Limits, check
    from prereview.model import Upload

    buffer = io.BytesIO()
    downscale(300)(a4_page()).save(buffer, "PDF", resolution=200)
    upload = Upload("扫描件.pdf", buffer.getvalue())
    [page] = decode(upload, check(upload, Limits()), Limits())
    assert min(page.image.size) >= 1000
    report = assess(page)
    assert report.codes == ["small"] and report.short_side == pytest.approx(300, abs=3), report


def test_a_mostly_white_page_is_not_blurry() -> None:
    """Two lines on an A4 page: the blank paper must not drag sharpness down."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text((400, 120), "授权委托书", font=font(36), fill="black")
    draw.text((120, 260), "兹委托某晓明办理个体工商户登记事宜。", font=font(21), fill="black")
    clean = assess_image(jpeg(page, 85))
    assert clean.ok, clean
    assert clean.clipped_share > 0.9  # white paper clipped everywhere: a scan, not glare
    assert assess_image(blur(3)(page)).codes == ["blurry"]


def test_blank_page_has_no_blur_verdict() -> None:
    report = assess_image(Image.new("RGB", (1240, 1754), "white"))
    assert report.inked_tiles == 0 and report.ok


def test_the_figures_are_measured() -> None:
    card = id_card()
    report = assess_image(card)
    assert report.short_side == 638
    assert 0.4 < report.sharpness < 0.7
    assert report.laplacian_variance > 10 * assess_image(blur(3)(card)).laplacian_variance
    assert 225 < report.brightness < 245 and report.paper_level == pytest.approx(241, abs=3)
    assert report.ink_level < 90 and report.dark_share < 0.05 and report.clipped_share < 0.01
    dark = assess_image(ImageEnhance.Brightness(card).enhance(0.3))
    assert dark.brightness < 80 and dark.paper_level < quality.MIN_PAPER_LEVEL
    washed = assess_image(washed_out(card))
    assert washed.ink_level > quality.MAX_INK_LEVEL and washed.clipped_share > 0.5


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("blurry", "图片模糊，请对焦后重新拍摄，保持证件四角完整"),
        ("dark", "光线太暗，请在光线充足处重新拍摄"),
        ("small", "分辨率过低，请使用原图上传或靠近拍摄"),
        ("bright", "过曝"),
        ("glare", "反光"),
    ],
)
def test_problems_carry_the_plain_instruction(code: str, message: str) -> None:
    card = id_card()
    image = {
        "blurry": blur(4)(card),
        "dark": ImageEnhance.Brightness(card).enhance(0.25),
        "small": downscale(300)(card),
        "bright": washed_out(card),
        "glare": glare(card),
    }[code]
    [problem] = assess_image(image).problems
    assert problem.code == code and message in problem.message


def test_the_caller_can_expect_more_resolution() -> None:
    page = a4_page()
    assert assess_image(page).ok
    assert assess_image(page, expected_min_short_side=1500).codes == ["small"]


def test_pages_without_a_photo_skip_image_checks() -> None:
    blurred = blur(5)(a4_page())
    line = TextLine("个体工商户登记申请书", Box(400, 120, 760, 160), source="pdf")
    text_layer = assess(Page("form.pdf", 1, blurred, [line], dpi=200))
    docx = assess(Page("form.docx", 1, None, [TextLine("申请书", Box(0, 0, 120, 20), source="docx")]))
    for report in (text_layer, docx):
        assert report.skipped and report.ok and report.problems == []
    scanned = assess(Page("scan.pdf", 1, blurred, [], dpi=200))
    assert not scanned.skipped and scanned.codes == ["blurry"]


def test_assessing_a_2_megapixel_photo_is_quick() -> None:
    photo = jpeg(a4_page(40), 85)
    assert 2_000_000 < photo.width * photo.height < 2_300_000
    assess_image(photo)  # warm up
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        assess_image(photo)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.2, timings  # about 40 ms


def test_a_12_megapixel_photo_is_measured_on_a_working_copy() -> None:
    photo = id_card().resize((4032, 2544), Image.Resampling.LANCZOS)  # a phone's full resolution
    started = time.perf_counter()
    report = assess_image(photo)
    assert time.perf_counter() - started < 1.0
    assert report.short_side == 2544 and report.ok, report
