"""The domain classifier learned from the catalogue and its curated out-of-scope examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.domain import MIN_EXAMPLES, DomainClassifier, topic_text, training_texts
from knowledge.files import read_catalog
from knowledge.schema import Catalog, OutOfScopeExample
from knowledge.validate import validate
from nlu.normalize import normalize
from tests.knowledge.factories import write_kb

EVERYDAY = ["明天会下雨吗", "股票怎么买", "红烧肉怎么做", "附近有什么好吃的", "手机没信号了", "讲个笑话",
            "周末去哪玩", "电影票多少钱", "感冒吃什么药", "高铁晚点了吗"]


def _catalog_with(examples: list[str], tmp_path: Path) -> Catalog:
    catalog = read_catalog(write_kb(tmp_path)).catalog
    catalog.out_of_scope_examples = [OutOfScopeExample(q=q) for q in examples]
    return catalog


def test_not_built_without_enough_examples(tmp_path: Path) -> None:
    assert DomainClassifier.train(_catalog_with(EVERYDAY[: MIN_EXAMPLES - 1], tmp_path)) is None


def test_learns_the_difference_and_reloads(tmp_path: Path) -> None:
    examples = [f"{q}{suffix}" for q in EVERYDAY for suffix in ("", "？", "呢", "啊")]
    classifier = DomainClassifier.train(_catalog_with(examples, tmp_path))
    assert classifier is not None
    in_scope = classifier.p_out_of_scope(normalize("测试证件补领要带什么材料"))
    off_topic = classifier.p_out_of_scope(normalize("后天会下雨吗"))
    assert off_topic > 0.5 > in_scope
    classifier.save(tmp_path / "domain.joblib")
    again = DomainClassifier.load(tmp_path / "domain.joblib")
    assert again is not None and again.p_out_of_scope(normalize("后天会下雨吗")) == pytest.approx(off_topic)
    assert DomainClassifier.load(tmp_path / "missing.joblib") is None


def test_training_texts_frame_names_as_questions(tmp_path: Path) -> None:
    positives, negatives = training_texts(_catalog_with(EVERYDAY, tmp_path))
    assert "测试证件补领" in positives and "补证" in positives
    assert any(p != "测试证件补领" and "测试证件补领" in p for p in positives)
    assert negatives == [normalize(q) for q in EVERYDAY]
    assert training_texts(_catalog_with(EVERYDAY, tmp_path)) == (positives, negatives)


def test_validator_flags_examples_that_the_catalogue_answers(tmp_path: Path) -> None:
    catalog = _catalog_with(["补证", "明天会下雨吗", "明天会下雨吗"], tmp_path)
    problems = [str(p) for p in validate(catalog)]
    assert any("补证" in p and "is the name or an alias of 000000000001" in p for p in problems), problems
    assert any("listed more than once" in p for p in problems), problems


def test_sample_has_curated_examples(sample_catalog: Catalog) -> None:
    assert len(sample_catalog.out_of_scope_examples) >= MIN_EXAMPLES



@pytest.mark.parametrize(
    ("question", "topic"),
    [("社保卡怎么申请", "社保卡"), ("护照多少钱", "护照"), ("明天会下雨吗", "明天会下雨吗")],
)
def test_the_classifier_reads_the_topic_not_the_way_of_asking(question: str, topic: str) -> None:
    assert topic_text(normalize(question)).strip() == topic


def test_a_frame_the_examples_use_does_not_make_an_item_out_of_scope(tmp_path: Path) -> None:
    """Out-of-scope examples asking "…怎么申请" must not teach that asking so is out of scope."""
    examples = [f"{q}怎么申请" for q in ("台湾通行证", "外国签证", "信用卡", "贷款买车", "助学贷款", "专利")]
    examples += [f"{q}{suffix}" for q in EVERYDAY for suffix in ("", "？", "呢")]
    classifier = DomainClassifier.train(_catalog_with(examples, tmp_path))
    assert classifier is not None
    assert classifier.p_out_of_scope(normalize("补证怎么申请")) < 0.5  # 补证: an alias of the catalogue's item
    assert classifier.p_out_of_scope(normalize("信用卡怎么申请")) > 0.5
