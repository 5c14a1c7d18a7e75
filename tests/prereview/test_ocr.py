"""OCR: reads rendered text, pages turned sideways, and a second look at one line."""

import pytest
from PIL import Image, ImageDraw, ImageFont

from prereview.ocr import Ocr
from tests.prereview.numbers import id_number

pytestmark = pytest.mark.slow
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
NUMBER = id_number()


@pytest.fixture(scope="module")
def ocr() -> Ocr:
    engine = Ocr()
    engine.warm_up()
    return engine


def card() -> Image.Image:
    font = ImageFont.truetype(FONT, 36)
    image = Image.new("RGB", (1011, 638), (238, 241, 246))
    draw = ImageDraw.Draw(image)
    draw.text((50, 60), "姓名  某晓明", font=font, fill="black")
    draw.text((50, 520), f"公民身份号码  {NUMBER}", font=font, fill="black")
    return image


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_reads_the_card_in_any_orientation(ocr: Ocr, turn: int) -> None:
    result = ocr.read(card().rotate(turn, expand=True))
    text = result.text.replace(" ", "")
    assert NUMBER in text and "某晓明" in text
    assert result.lines[0].box.y0 < result.lines[-1].box.y0  # rows come out upright


def test_a_second_look_does_not_change_later_reads(ocr: Ocr) -> None:
    image = card()
    first = ocr.read(image)
    line = next(line for line in first.lines if NUMBER[-6:] in line.text.replace(" ", ""))
    assert NUMBER in (ocr.reread(image, line.box) or "").replace(" ", "")
    again = ocr.read(image)
    assert [line.text for line in again.lines] == [line.text for line in first.lines]
