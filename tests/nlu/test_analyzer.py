"""The question analyzer: what is asked about, which aspect, and which expansions retrieval gets."""

from __future__ import annotations

import pytest

from nlu.analyzer import TextAnalyzer, corrected_text
from nlu.segment import Segmenter
from nlu.synonyms import SynonymTable
from nlu.typos import HomophoneCorrector

VOCAB = ["居民身份证", "身份证", "公积金", "材料", "便利店", "结婚登记", "营业执照"]


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    segmenter = Segmenter(VOCAB)
    return TextAnalyzer(segmenter, SynonymTable([("社保", ["社会保险"])]), HomophoneCorrector(VOCAB))


@pytest.mark.parametrize(
    ("question", "content"),
    [
        ("我想问一下怎么办居民身份证", ["居民身份证"]),  # function words and cue phrases go
        ("身份证在哪开", ["身份证", "开"]),  # 在哪 blanked before segmenting: no made-up 哪开
        ("公积金提取流程步骤", ["公积金", "提取"]),
    ],
)
def test_content_words(analyzer: TextAnalyzer, question: str, content: list[str]) -> None:
    assert analyzer.question(question).content_words == content


def test_typo_is_read_as_meant_but_retrieval_keeps_both(analyzer: TextAnalyzer) -> None:
    analysis = analyzer.question("开便利点要准备哪些才料")
    assert analysis.aspect is not None and analysis.aspect.aspect == "materials"  # 才料 read as 材料
    assert "便利店" in analysis.content_words
    assert "便利店" in analysis.words and "便利" in analysis.words
    assert {(e.source, e.target) for e in analysis.expansions} >= {("便利点", "便利店"), ("才料", "材料")}


def test_a_window_across_two_real_words_is_not_a_typo(analyzer: TextAnalyzer) -> None:
    # 证遗 sounds like 争议, but 身份证 | 遗失 are both words: no correction across them.
    analysis = analyzer.question("身份证遗失补办")
    assert [e for e in analysis.expansions if e.kind == "typo"] == []


def test_synonyms_expand_the_question(analyzer: TextAnalyzer) -> None:
    analysis = analyzer.question("社保怎么交")
    assert [(e.source, e.target, e.kind) for e in analysis.expansions] == [("社保", "社会保险", "synonym")]
    assert "社会保险" in analysis.expanded_text


@pytest.mark.parametrize(
    ("text", "typos", "expected"),
    [
        ("结昏等记", [("结昏", "结婚"), ("等记", "登记")], "结婚登记"),
        ("公基金", [("公基金", "公积金"), ("基金", "积金")], "公积金"),  # longest window first
        ("身份证", [], "身份证"),
    ],
)
def test_corrected_text(text: str, typos: list[tuple[str, str]], expected: str) -> None:
    assert corrected_text(text, typos) == expected
