import pytest

from nlu.synonyms import SynonymTable
from nlu.typos import HomophoneCorrector, sound_key

TABLE = SynonymTable([("社保", ["社会保险"]), ("社保卡", ["社会保障卡"]), ("小卖部", ["便利店"]), ("娃", ["新生儿", "子女"])])


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("社保怎么交", ["社会保险"]),
        ("社保卡丢了", ["社会保障卡"]),  # longest term wins at a position
        ("开个小卖部", ["便利店"]),
        ("我家娃刚出生", ["新生儿", "子女"]),
        ("社会保险", []),  # already canonical
        ("天气不错", []),
    ],
)
def test_synonym_expansion(text: str, expanded: list[str]) -> None:
    assert TABLE.expand(text) == expanded


def test_synonym_table_merges_repeated_terms() -> None:
    table = SynonymTable([("医保", ["医疗保险"]), ("医保", ["基本医疗保险"])])
    assert table.expand("医保") == ["医疗保险", "基本医疗保险"]
    assert len(table) == 1


VOCAB = ["身份证", "公积金", "结婚证", "残疾人证", "驾驶证", "提取", "营业执照"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("身分证丢了", "身份证"),
        ("公基金怎么取", "公积金"),
        ("结昏证", "结婚证"),
        ("残疾人正", "残疾人证"),
        ("驾使证到期", "驾驶证"),
        ("营业执找", "营业执照"),  # zh/z folded
    ],
)
def test_homophone_typos_are_repaired(typed: str, meant: str) -> None:
    assert meant in HomophoneCorrector(VOCAB).corrections(typed)


@pytest.mark.parametrize("text", ["身份证丢了", "明天天气怎么样", "股票会涨吗"])
def test_no_correction_without_a_typo(text: str) -> None:
    assert HomophoneCorrector(VOCAB).corrections(text) == []


def test_sound_key_folds_retroflex_initials() -> None:
    assert sound_key("执照") == sound_key("执找") == "zi zao"
