"""Telling two readings of a printed name apart by drawing them."""

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from prereview.glyphs import closer_reading
from prereview.model import Box

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def printed(name: str, label: str = "") -> tuple[Image.Image, Box]:
    """A bold name as an ID-card photo shows it (a grey label before it), slightly blurred."""
    if not Path(FONT).exists():
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")
    image = Image.new("RGB", (600, 120), (236, 236, 230))
    draw = ImageDraw.Draw(image)
    if label:
        draw.text((20, 40), label, font=ImageFont.truetype(FONT, 28), fill=(110, 130, 170))
    draw.text((140, 28), name, font=ImageFont.truetype(FONT, 52), fill=(20, 20, 20), stroke_width=2, stroke_fill=(20, 20, 20))
    return image.filter(ImageFilter.GaussianBlur(1.2)), Box(130, 20, 140 + 60 * len(name), 95)


@pytest.mark.parametrize(
    ("shown", "read", "other", "closer"),
    [
        ("周睿宇", "周書宇", "周睿宇", True),  # OCR's misreading loses to what is printed
        ("周睿宇", "周睿宇", "周書宇", False),  # OCR right: the other document's name does not win
        ("某丽瑶", "某丽瑶", "某丽洁", False),
        ("某丽瑶", "某丽洁", "某丽瑶", True),
        ("某丽瑶", "某丽", "某丽瑶", False),  # not one character apart: nothing to compare
    ],
)
def test_the_printed_reading_wins_by_a_margin(shown: str, read: str, other: str, closer: bool) -> None:
    image, box = printed(shown)
    assert closer_reading(image, box, read, other) is closer


def test_a_box_holding_more_than_the_name_decides_nothing() -> None:
    image, _ = printed("周睿宇")
    ImageDraw.Draw(image).text((400, 30), "公民身份号码", font=ImageFont.truetype(FONT, 40), fill=(20, 20, 20))
    assert not closer_reading(image, Box(0, 0, 600, 120), "周書宇", "周睿宇")
