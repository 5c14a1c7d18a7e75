"""The checklist's outputs: WeChat text (≤ 2048 bytes a message), the printable page, the PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from knowledge.checklist import Checklist, build, find_target
from knowledge.checklist import pdf as pdf_module
from knowledge.checklist.html import render_html
from knowledge.checklist.pdf import FontMissing, render_pdf
from knowledge.checklist.scenarios import walk
from knowledge.checklist.text import plain_text, wechat_messages
from knowledge.files import read_catalog
from tests.conftest import SAMPLE

CATALOG = read_catalog(SAMPLE).catalog
LINK = "https://banshi.example/checklist/0123456789abcdef0123"


def checklist(target: str, **answers: str) -> Checklist:
    found = find_target(CATALOG, target)
    return build(CATALOG, found, walk(found, {k: frozenset({v}) for k, v in answers.items()}))


CASES = [
    ("开办理发店一件事", {"premises": "lease", "area": "large"}),
    ("出生一件事", {}),
    ("出生登记", {"marital": "nonmarital", "follow": "father"}),
    ("住房公积金提取", {"reason": "illness", "patient": "spouse"}),
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("target", "answers"), CASES)
def test_wechat_messages_fit_2048_bytes_and_keep_every_material(target: str, answers: dict) -> None:
    c = checklist(target, **answers)
    messages = wechat_messages(c, LINK)
    assert all(len(m.encode("utf-8")) <= 2048 for m in messages)
    joined = "\n".join(messages)
    assert joined == plain_text(c, LINK)
    for m in c.materials:
        assert m.name in joined
    assert LINK in joined and "12345" in joined


def test_a_long_checklist_is_split_between_lines() -> None:
    c = checklist("开办理发店一件事", premises="lease", area="large")
    messages = wechat_messages(c)
    assert len(messages) > 1
    lines = plain_text(c).split("\n")
    assert [line for m in messages for line in m.split("\n")] == lines


def test_a_single_line_longer_than_the_limit_is_cut_between_characters() -> None:
    c = checklist("出生登记")
    c.materials[0].name = "很长的材料名称" * 200
    messages = wechat_messages(c, limit=300)
    assert all(len(m.encode()) <= 300 for m in messages)
    assert "".join(messages).count("很长的材料名称") == 200


def test_an_ineligible_checklist_says_why_and_lists_nothing() -> None:
    c = checklist("开办理发店一件事", operator="restricted")
    text = plain_text(c)
    assert "暂不能办理" in text and "公务员" in text
    assert "需要准备的材料" not in text


def test_the_page_escapes_and_shows_every_material() -> None:
    c = checklist("开办理发店一件事", premises="market_stall")
    c.materials[0].name = "<script>alert(1)</script>"
    page = render_html(c, link=LINK, pdf_url=LINK + ".pdf")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    for m in c.materials[1:]:
        assert m.name in page
    assert 'href="https://banshi.example/checklist/0123456789abcdef0123.pdf"' in page
    assert '<html lang="zh-CN">' in page and "@media print" in page


@pytest.mark.parametrize(("target", "answers"), CASES)
def test_the_pdf_carries_the_checklist_in_an_embedded_chinese_font(target: str, answers: dict) -> None:
    c = checklist(target, **answers)
    data = render_pdf(c, LINK)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = squash("".join(page.extract_text() for page in reader.pages))
    assert "一次性告知单" in text and squash(c.target["name"]) in text
    for m in c.materials:
        assert squash(m.name) in text, m.name
    assert squash(LINK) in text
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    descriptors = [d["/FontDescriptor"] for f in fonts for d in [f] + [x.get_object() for x in f.get("/DescendantFonts", [])] if "/FontDescriptor" in d]
    assert descriptors and all("/FontFile2" in d for d in descriptors), "the TrueType font is embedded"
    assert not any(f.get("/Encoding") in ("/UniGB-UCS2-H", "/UniGB-UTF16-H") for f in fonts), "not a CID font left to the reader"


def test_the_pdf_renders_chinese_glyphs_not_blanks(tmp_path: Path) -> None:
    data = render_pdf(checklist("出生登记", address="grandparents"), LINK)
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=1).to_pil().convert("L")
    width, height = image.size
    title = image.crop((0, 0, width // 2, height // 10))  # "一次性告知单" at the top left
    dark = sum(title.histogram()[:128])
    assert dark > 300, "the title area has ink"
    whole = sum(image.histogram()[:128])
    assert whole > 5000
    image.save(tmp_path / "page1.png")


def test_the_same_checklist_gives_the_same_pdf() -> None:
    c = checklist("出生登记")
    assert render_pdf(c, LINK) == render_pdf(c, LINK)


def test_a_missing_font_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf_module, "FONT_CANDIDATES", [tmp_path / "none.ttc"])
    monkeypatch.delenv("BANSHI_CJK_FONT", raising=False)
    with pytest.raises(FontMissing, match="fonts-wqy-zenhei"):
        render_pdf(checklist("出生登记"), LINK)
    monkeypatch.setenv("BANSHI_CJK_FONT", str(tmp_path / "missing.ttf"))
    with pytest.raises(FontMissing, match="BANSHI_CJK_FONT"):
        render_pdf(checklist("出生登记"), LINK)
