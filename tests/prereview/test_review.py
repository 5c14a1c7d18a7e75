"""Pieces of the review's own reasoning (the end-to-end runs are in tests/api/test_prereview_api.py)."""

import pytest

from knowledge.schema import DocumentType
from prereview.classify import Classification, classify
from prereview.layout import rows
from prereview.model import Box, Page, TextLine
from prereview.quality import BLURRY, DARK, GLARE
from prereview.reader import ReadDocument, ReadPage, extract
from prereview.review import _illegible, _join_continuations, _unseen_marks
from prereview.rules import check_marks
from tests.prereview.numbers import id_number

LETTER = ["同意设置户外招牌的书面意见", "本人某云峰系桐江市西岭区望湖街204号1层11号铺房屋的产权人，该房屋已出租给桐江某某食品有限公司使用。",
          "本人同意承租方在该房屋外立面一层门楣处设置户外招牌。", "产权人（签字）：", "日期：2026年11月29日"]


def document(texts: list[str], doc_type: DocumentType | None, quality: list[str]) -> ReadDocument:
    lines = [TextLine(t, Box(40, 40 + 60 * i, 40 + 30 * len(t), 80 + 60 * i), 0.99) for i, t in enumerate(texts)]
    page = ReadPage(Page("a.jpg", 1, None, lines), lines, rows(lines), Classification(doc_type, 1.0), quality=quality)
    doc = ReadDocument("a.jpg", doc_type, [page])
    extract(doc)
    return doc


@pytest.mark.parametrize(
    ("texts", "doc_type", "quality", "illegible"),
    [
        (LETTER, None, ["图片有反光"], False),  # a glare on a letter that reads well
        (["同意", "产权人"], None, ["图片有反光"], True),  # hardly anything read
        ([], None, [GLARE], False),  # no text at all under a glare: a picture, not a poor photo of a page
        ([], None, [BLURRY], True),  # a blur can hide all of it
        (["姓名某晓明", f"公民身份号码{id_number()}"], DocumentType.ID_CARD_FRONT, ["图片有反光"], False),
        (["姓名某晓明", "公民身份号码"], DocumentType.ID_CARD_FRONT, ["图片有反光"], True),  # the number unread
        (["姓名某晓明", "公民身份号码"], DocumentType.ID_CARD_FRONT, [], False),  # no quality problem: another defect
    ],
)
def test_only_a_poor_photo_that_hides_what_the_checks_need_is_illegible(
    texts: list[str], doc_type: DocumentType | None, quality: list[str], illegible: bool
) -> None:
    assert _illegible(document(texts, doc_type, quality), []) is illegible


def read_as(texts: list[str], file: str, doc_type: DocumentType | None) -> ReadDocument:
    """A document whose pages are classified by their words, as the reviewer does."""
    lines = [TextLine(t, Box(40, 40 + 60 * i, 40 + 30 * len(t), 80 + 60 * i), 0.99) for i, t in enumerate(texts)]
    page = ReadPage(Page(file, 1, None, lines), lines, rows(lines), classify("\n".join(texts)))
    return ReadDocument(file, doc_type, [page])


LEASE_PAGE_ONE = ["房屋租赁合同", "出租方（甲方）：某可岚", "承租方（乙方）：某采薇", "第一条 房屋坐落：桐江市北塘区紫薇街340号", "第二条 租赁期限：三年"]


@pytest.mark.parametrize(
    ("texts", "joins"),
    [
        (["（以下无正文，为签署页）", "甲方（签字）：某可岚  乙方（签字）：某采薇", "签订日期：2025年07月19日"], True),
        (["家人群(5)", "明天几点出发?", "八点半吧，先去市民中心", "记得带材料", "好的"], False),  # a chat screenshot
    ],
)
def test_a_page_of_its_own_joins_the_material_document_only_with_its_words(texts: list[str], joins: bool) -> None:
    main = read_as(LEASE_PAGE_ONE, "lease1.jpg", DocumentType.LEASE_CONTRACT)
    other = read_as(texts, "lease2.jpg", None)
    kept = _join_continuations([main, other], {DocumentType.LEASE_CONTRACT})
    assert (kept == [main] and len(main.pages) == 2) is joins
    assert (kept == [main, other] and len(main.pages) == 1) is not joins


@pytest.mark.parametrize(
    ("quality", "code"),
    [
        ([DARK], "low_quality"),  # too dark to see ink: not known to be unsigned
        ([GLARE], "missing_signature"),  # a glare patch hides a part only
        ([], "missing_signature"),
    ],
)
def test_a_signature_not_seen_on_a_dark_page_is_a_poor_photo(quality: list[str], code: str) -> None:
    from knowledge.checklist.model import ChecklistMaterial

    form = ChecklistMaterial("M-FORM", "申请表", True, "原件", 1, "纸质", "申请人自备", False, False, False, "申请人签字",
                             None, None, None, None, None)
    doc = document(["某某申请表", "申请人（签字）：", "日期：2026年11月29日"], DocumentType.FORM, quality)
    (defect,) = _unseen_marks(form, doc, check_marks(form, doc))
    assert str(defect.code) == code
    assert code != "low_quality" or "无法看清签字处" in defect.message
