"""Search behaviour on the sample knowledge base: phrasing, typos, traditional characters,
out-of-scope questions, answers with sources, persistence and staleness.

These are behaviour checks on hand-picked phrasings written for this file; retrieval quality
as a whole is measured on the evaluation set (tests/eval).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from knowledge.index import SearchIndex, is_current
from knowledge.schema import Catalog, Status
from knowledge.search import Searcher


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("补办居民身份证", "000105001000"),
        ("身份证掉了咋整", "000105001000"),
        ("身分证补办", "000105001000"),  # homophone typo
        ("辦理護照需要什麼", "000105005000"),  # traditional characters
        ("驾照到期了换证", "000105007000"),
        ("去哪开无犯罪证明", "000105008000"),
        ("公基金提取", "000109001000"),  # homophone typo
        ("生了娃怎么上户口", "000105002000"),
        ("个体户营业执照怎么办", "000112001000"),
        ("二手房过户", "000114001000"),
        ("我要开理发店", "YJS-003"),
        ("开个小卖部要办哪些证", "YJS-002"),
    ],
)
def test_finds_the_item(searcher: Searcher, question: str, code: str) -> None:
    response = searcher.search(question)
    assert not response.out_of_scope, response.as_dict()
    assert code in [r.code for r in response.results[:3]], response.as_dict()


@pytest.mark.parametrize(
    "question",
    ["明天天气怎么样", "茅台股票还能买吗", "红烧肉怎么做好吃", "帮我订一张去北京的机票", "你好", "怎么办理"],
)
def test_out_of_scope(searcher: Searcher, question: str) -> None:
    response = searcher.search(question)
    assert response.out_of_scope
    assert response.results == [] and response.answer is None


@pytest.mark.parametrize(
    ("question", "out_of_scope"),
    [("明天天气怎么样", True), ("红烧肉怎么做好吃", True), ("补办居民身份证", False), ("办护照要带什么材料", False)],
)
def test_evidence_alone_decides_without_a_domain_classifier(
    sample_index: SearchIndex, sample_catalog: Catalog, question: str, out_of_scope: bool
) -> None:
    """A catalogue with too few out-of-scope examples has no classifier; search still declines."""
    without_domain = copy.copy(sample_index)
    without_domain.domain = None
    assert Searcher(without_domain, sample_catalog).search(question).out_of_scope is out_of_scope


@pytest.mark.parametrize(
    ("question", "aspect", "field"),
    [
        ("办护照要带什么材料", "materials", "materials"),
        ("结婚登记要多长时间", "time", "promised_time_limit"),
        ("办护照收费吗多少钱", "fee", "fee"),
        ("社保卡在哪办理", "location", "places"),
        ("低保申请条件", "conditions", "conditions"),
        ("个体工商户登记流程步骤", "process", "process"),
        ("异地就医备案能在网上办吗", "online", "online"),
    ],
)
def test_answer_cites_the_field_of_its_aspect(searcher: Searcher, question: str, aspect: str, field: str) -> None:
    response = searcher.search(question)
    assert response.aspect == aspect
    assert response.answer is not None
    assert response.answer.source.code == response.results[0].code
    assert response.answer.source.field == field or response.answer.source.field.startswith("faqs[")


def test_general_question_matching_a_faq_gets_the_faq(searcher: Searcher, sample_catalog: Catalog) -> None:
    item = sample_catalog.item("000105001000")
    assert item is not None
    response = searcher.search(item.faqs[0].q)
    assert response.answer is not None
    assert response.answer.source.field == "faqs[0]"
    assert response.answer.text == item.faqs[0].a


def test_same_question_same_answer(searcher: Searcher) -> None:
    first = searcher.search("公积金怎么取出来").as_dict()
    assert all(searcher.search("公积金怎么取出来").as_dict() == first for _ in range(3))


def test_saved_index_gives_the_same_results(sample_index: SearchIndex, sample_catalog: Catalog, tmp_path: Path) -> None:
    sample_index.save(tmp_path / "idx")
    loaded = SearchIndex.load(tmp_path / "idx")
    questions = ["身份证丢了", "开饭店要什么证", "退休手续", "天气"]
    a, b = Searcher(sample_index, sample_catalog), Searcher(loaded, sample_catalog)
    for q in questions:
        assert [r.code for r in a.search(q).results] == [r.code for r in b.search(q).results]
    assert is_current(tmp_path / "idx", sample_catalog, "builtin")
    changed = sample_catalog.model_copy(deep=True)
    changed.items[0].aliases.append("新别名")
    assert not is_current(tmp_path / "idx", changed, "builtin")
    assert not is_current(tmp_path / "idx", sample_catalog, "/models/other")


def test_suspended_items_are_not_offered(sample_index: SearchIndex, sample_catalog: Catalog) -> None:
    catalog = sample_catalog.model_copy(deep=True)
    passport = catalog.item("000105005000")
    assert passport is not None
    passport.status = Status.SUSPENDED
    codes = [r.code for r in Searcher(sample_index, catalog).search("办护照").results]
    assert "000105005000" not in codes
