"""Signatures and seals: ink in the signature space, red stamps on the page."""

import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from prereview.layout import rows
from prereview.marks import has_seal, in_seal_ink, ink_in, seal_place, signature_areas
from prereview.model import Box, TextLine

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def page(signature: str, seal: bool = False) -> tuple[Image.Image, list[TextLine]]:
    image = Image.new("RGB", (1240, 600), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(FONT, 30)
    except OSError:
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")
    draw.text((100, 300), "申请人（签字）：", font=font, fill="black")
    draw.line((340, 340, 700, 340), fill="black", width=2)  # the underline to sign on
    draw.text((800, 300), "2026年11月30日", font=font, fill="black")
    lines = [TextLine("申请人（签字）：", Box(100, 300, 340, 335), 0.99), TextLine("2026年11月30日", Box(800, 300, 1010, 335), 0.99)]
    if signature == "scribble":
        rnd = random.Random(5)
        draw.line([(360 + i * 26, 315 + rnd.randint(-16, 16)) for i in range(12)], fill=(20, 30, 120), width=4)
    elif signature == "typed":  # a printed name the reader saw: not a handwritten signature
        draw.text((360, 300), "某晓明", font=font, fill="black")
        lines.append(TextLine("某晓明", Box(360, 300, 450, 335), 0.99))
    if seal:
        draw.ellipse((900, 380, 1060, 540), outline=(220, 30, 30), width=6)
        draw.regular_polygon((980, 460, 30), 5, fill=(220, 30, 30))
    return image, lines


@pytest.mark.parametrize(("signature", "signed"), [("scribble", True), ("none", False), ("typed", False)])
def test_signature_is_ink_in_the_signature_space(signature: str, signed: bool) -> None:
    image, lines = page(signature)
    [(label, area)] = signature_areas(rows(lines))
    assert label.text.startswith("申请人")
    assert area.x1 <= 800  # stops before the printed date
    assert ink_in(image, area, lines).found is signed


@pytest.mark.parametrize("seal", [True, False])
def test_seal_is_a_red_stamp(seal: bool) -> None:
    image, _ = page("scribble", seal=seal)
    assert has_seal(image) is seal


def test_a_seal_over_an_empty_signature_place_is_not_a_signature() -> None:
    image, lines = page("none")
    draw = ImageDraw.Draw(image)
    draw.ellipse((380, 250, 560, 430), outline=(205, 45, 50), width=7)  # stamped across the line
    draw.regular_polygon((470, 340, 30), 5, fill=(205, 45, 50))
    [(_label, area)] = signature_areas(rows(lines))
    assert not ink_in(image, area, lines).found
    assert has_seal(image)


def test_a_faded_seal_photographed_indoors_is_still_a_seal() -> None:
    image, _ = page("none")
    draw = ImageDraw.Draw(image)
    draw.ellipse((900, 380, 1060, 540), outline=(185, 110, 104), width=6)  # pink, not red
    draw.regular_polygon((980, 460, 30), 5, fill=(185, 110, 104))
    assert has_seal(image)


def test_a_wooden_table_is_not_a_seal() -> None:
    image = Image.new("RGB", (1240, 1600), (150, 105, 70))  # brown: green well above blue
    ImageDraw.Draw(image).rectangle((200, 200, 1040, 1400), fill="white")
    assert not has_seal(image)


def test_a_seal_across_the_label_leaves_a_cut_label_and_red_text_that_sign_nothing() -> None:
    """OCR reads 申请人（签 (the seal hides the rest) and the seal's ring text as a line."""
    image, _ = page("none")
    draw = ImageDraw.Draw(image)
    draw.ellipse((250, 230, 490, 470), outline=(205, 45, 50), width=7)
    draw.text((280, 300), "某某文化传媒", font=ImageFont.truetype(FONT, 30), fill=(205, 45, 50))
    cut = TextLine("申请人（签", Box(100, 300, 250, 335), 0.99)
    ring = TextLine("化传媒有", Box(280, 240, 460, 420), 0.59)
    [(label, area)] = signature_areas(rows([cut, ring]))
    assert label is cut and area.x0 >= 340  # past the hidden 字）：
    assert in_seal_ink(image, ring.box) and not in_seal_ink(image, cut.box)
    assert not ink_in(image, area, [cut]).found


def test_an_askew_underline_is_not_a_signature() -> None:
    image, lines = page("none")
    ImageDraw.Draw(image).line((345, 352, 700, 338), fill="black", width=3)  # the photo's tilt
    [(_label, area)] = signature_areas(rows(lines))
    assert not ink_in(image, area, lines).found


def test_a_signature_below_does_not_sign_the_place_above() -> None:
    image, lines = page("none")
    draw = ImageDraw.Draw(image)
    draw.text((100, 420), "女方（签字）：", font=ImageFont.truetype(FONT, 30), fill="black")
    rnd = random.Random(3)  # a tall signature whose top reaches up towards the row above
    draw.line([(360 + i * 26, 400 + rnd.randint(-40, 40)) for i in range(12)], fill=(20, 30, 120), width=4)
    lines.append(TextLine("女方（签字）：", Box(100, 420, 310, 455), 0.99))
    first, second = signature_areas(rows(lines))
    assert not ink_in(image, first[1], lines).found and ink_in(image, second[1], lines).found


def test_one_box_around_label_and_signature_starts_the_place_after_the_printed_label() -> None:
    """Detection drew one tall box over 申请人（签字）： and the handwriting; the page's own
    characters (not the box height) tell where the print ends."""
    image, lines = page("scribble")
    draw = ImageDraw.Draw(image)
    draw.text((100, 120), "本人承诺所填内容真实有效", font=ImageFont.truetype(FONT, 30), fill="black")
    merged = TextLine("申请人（签字）：", Box(95, 280, 700, 360), 0.93)
    lines = [merged, TextLine("本人承诺所填内容真实有效", Box(100, 118, 460, 156), 0.99), lines[1]]
    [(label, area)] = signature_areas(rows(lines))
    assert label is merged and 320 <= area.x0 <= 360  # the print ends at 340
    assert ink_in(image, area, [line for line in lines if line is not merged]).found


def _grey_form(sealed: bool) -> Image.Image:
    """A form scanned in greyscale: a table of fields, text, a signature, and maybe the seal."""
    image, _ = page("scribble")
    page_image = Image.new("RGB", (1240, 1754), "white")
    page_image.paste(image, (0, 1000))
    draw = ImageDraw.Draw(page_image)
    font = ImageFont.truetype(FONT, 30)
    for row in range(9):  # the table of fields
        y = 150 + row * 90
        draw.rectangle((100, y, 1140, y + 90), outline="black", width=2)
        draw.line((340, y, 340, y + 90), fill="black", width=2)
        draw.text((120, y + 28), "经营场所", font=font, fill="black")
        draw.text((360, y + 28), "桐江市北塘区长乐路3号101室", font=font, fill="black")
    if sealed:
        draw.ellipse((330, 1180, 570, 1420), outline=(120, 120, 120), width=7)
        draw.regular_polygon((450, 1300, 34), 5, fill=(120, 120, 120))
        draw.text((380, 1210), "某某商贸有限公司", font=ImageFont.truetype(FONT, 20), fill=(120, 120, 120))
    return page_image.convert("L").convert("RGB")


@pytest.mark.parametrize("sealed", [True, False])
def test_a_greyscale_scan_shows_its_seal_as_a_ring(sealed: bool) -> None:
    assert has_seal(_grey_form(sealed)) is sealed


def test_a_dark_ring_on_a_colour_photo_is_not_taken_for_a_seal() -> None:
    """On a page with colour a seal is red; a black circle there is a drawing, not a stamp."""
    image = _grey_form(True)
    ImageDraw.Draw(image).rectangle((0, 0, 1240, 60), fill=(40, 90, 200))  # a coloured letterhead
    assert not has_seal(image)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("申请人（签字/盖章）：", True),
        ("企业（盖章）", True),
        ("申请单位（公章）：", True),
        ("申请人（签字）：", False),
        ("本合同自双方签字（盖章）之日起生效，一式两份。", False),  # a clause, not a place
    ],
)
def test_a_seal_place_is_a_short_label(text: str, place: bool) -> None:
    assert seal_place([TextLine(text, Box(100, 100, 400, 130), 0.99)]) is place


@pytest.mark.parametrize(("text", "dedicated"), [("申请单位（盖章）：", True), ("申请人（签字/盖章）：", False)])
def test_a_place_for_the_seal_alone(text: str, dedicated: bool) -> None:
    assert seal_place([TextLine(text, Box(100, 100, 400, 130), 0.99)], dedicated=True) is dedicated
