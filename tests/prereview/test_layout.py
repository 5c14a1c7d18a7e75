import pytest

from prereview.layout import page_slope, rows
from prereview.model import Box, TextLine


def slanted(text: str, x: float, y: float, slope: float, height: float = 30) -> TextLine:
    """A box as OCR draws it around a slanted line: taller by the slant over its width."""
    width = 28 * len(text)
    y_right = y + slope * width
    return TextLine(text, Box(x, min(y, y_right), x + width, max(y, y_right) + height), 0.98, "ocr", slope)


@pytest.mark.parametrize("slope", [0.0, 0.06, -0.06])
def test_a_slanted_photos_rows_keep_each_partys_number_on_its_line(slope: float) -> None:
    """出租方 … 证件号码 on one line and 承租方 … 证件号码 on the next, 45 px apart: at a slant the
    right-hand number of each line sits level with the other line's left-hand name."""
    lines = []
    for index, (party, number) in enumerate([("出租方（甲方）：某可岚", "证件号码：360121197702145089"),
                                             ("承租方（乙方）：某采薇", "证件号码：430122198808253685")]):
        y = 200 + 45 * index
        lines.append(slanted(party, 100, y + slope * 100, slope))
        lines.append(slanted(number, 700, y + slope * 700, slope))
    found = [row.text.split("\u2003") for row in rows(lines)]
    assert found == [["出租方（甲方）：某可岚", "证件号码：360121197702145089"], ["承租方（乙方）：某采薇", "证件号码：430122198808253685"]]


def test_the_page_slope_is_read_from_long_lines_only() -> None:
    lines = [slanted("本合同一式两份甲乙双方各执一份", 100, 100, 0.05), slanted("第1页", 500, 900, -0.4)]
    assert page_slope(lines) == pytest.approx(0.05)
