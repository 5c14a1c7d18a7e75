"""OCR: reads rendered text, pages turned sideways, and a second look at one line."""

import pytest
from PIL import Image, ImageDraw, ImageFont

from knowledge.schema import DocumentType
from prereview.classify import FormTitle
from prereview.model import Page
from prereview.ocr import Ocr
from prereview.reader import read_page
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


def sideways_pages() -> list[tuple[str, Image.Image, DocumentType]]:
    """Generated pages (fictitious text) of the kinds photographed sideways in the evaluation."""
    big, font = ImageFont.truetype(FONT, 56), ImageFont.truetype(FONT, 30)
    form = Image.new("RGB", (1240, 1754), (250, 250, 248))
    draw = ImageDraw.Draw(form)
    draw.text((330, 120), "最低生活保障申请书", font=big, fill="black")
    rows = [("申请人姓名", "某晓明"), ("身份证件号码", NUMBER), ("户籍地址", "某省某市某区某路1号"), ("联系电话", "13800000000"),
            ("申请理由", "家庭收入低于当地最低生活保障标准")]
    for i, (label, value) in enumerate(rows):
        draw.text((120, 300 + 80 * i), label, font=font, fill="black")
        draw.text((420, 300 + 80 * i), value, font=font, fill="black")
    draw.text((120, 800), "本人承诺以上填写内容真实有效。", font=font, fill="black")
    draw.text((700, 900), "申请人（签字）：", font=font, fill="black")
    cover = Image.new("RGB", (1654, 1165), (250, 250, 248))
    draw = ImageDraw.Draw(cover)
    draw.text((430, 150), "中华人民共和国不动产权证书", font=big, fill="black")
    draw.text((120, 320), "根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利", font=font, fill="black")
    draw.text((120, 380), "人申请登记的本证所列不动产权利，经审查核实，准予登记，颁发此证。", font=font, fill="black")
    draw.text((1200, 900), "2023年05月04日", font=font, fill="black")
    return [("form", form, DocumentType.FORM), ("property_cover", cover, DocumentType.PROPERTY_CERT)]


@pytest.mark.parametrize("turn", [90, 270])
@pytest.mark.parametrize("kind", ["form", "property_cover"])
def test_a_sideways_page_is_read_upright_and_recognised(ocr: Ocr, kind: str, turn: int) -> None:
    _name, image, expected = next(page for page in sideways_pages() if page[0] == kind)
    page = Page("page.jpg", 1, image.rotate(turn, expand=True))
    read = read_page(page, ocr, [FormTitle("M-DIBAO", "最低生活保障申请书")], [])
    assert read.classification.type is expected
    assert (read.rotation + turn) % 360 == 0
    assert page.image is not None and page.image.size == image.size
