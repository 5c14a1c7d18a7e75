import pytest

from nlu.normalize import chinese_numeral_to_int, compact, has_traditional, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("身分證遺失了要怎麼補辦？", "身分证遗失了要怎么补办"),
        ("辦理護照需要帶什麼資料", "办理护照需要带什么资料"),  # 資料 stays 资料, not 数据
        ("ＡＢＣ１２３，公积金！！", "abc123 公积金"),
        ("  我   想办   身份证。。。", "我 想办 身份证"),
        ("孩子十六周岁了", "孩子16周岁了"),
        ("开店面积五十平方米", "开店面积50平方米"),
        ("五十㎡的店", "50平方米的店"),
        ("一次性告知", "一次性告知"),  # numerals outside counting contexts stay words
        ("出生一件事", "出生一件事"),
        ("生二孩要办什么", "生2孩要办什么"),
        ("办证要几天😊", "办证要几天"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["身分證遺失了", "ＡＢＣ１２３", "五十㎡的店", "办证要几天😊"])
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十", 10), ("十六", 16), ("三十", 30), ("一百二十", 120), ("两万", 20000), ("二〇二五", 2025), ("零", 0), ("abc", None)],
)
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert chinese_numeral_to_int(numeral) == value


@pytest.mark.parametrize(("text", "traditional"), [("辦理護照", True), ("办理护照", False), ("abc", False)])
def test_has_traditional(text: str, traditional: bool) -> None:
    assert has_traditional(text) is traditional


@pytest.mark.parametrize(
    ("a", "b"),
    [("謝謝！", "谢谢"), ("在吗 想问个事", "在吗，想问个事"), ("ＡＢＣ证", "abc证")],
)
def test_compact_forms_of_the_same_words_are_equal(a: str, b: str) -> None:
    assert compact(a) == compact(b)
