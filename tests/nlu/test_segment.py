import pytest

from nlu.segment import Segmenter, char_ngrams


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(["公众聚集场所投入使用营业前消防安全检查", "居民身份证", "往来港澳通行证"])


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("公众聚集场所投入使用营业前消防安全检查要多久", "公众聚集场所投入使用营业前消防安全检查"),
        ("补办居民身份证", "居民身份证"),
        ("往来港澳通行证续签", "往来港澳通行证"),
    ],
)
def test_user_dictionary_keeps_names_whole(segmenter: Segmenter, text: str, whole: str) -> None:
    assert whole in segmenter.words(text)


def test_search_words_include_sub_words(segmenter: Segmenter) -> None:
    words = segmenter.search_words("居民身份证")
    assert "居民身份证" in words and "身份证" in words


def test_two_segmenters_do_not_share_words() -> None:
    a = Segmenter(["桐江市民中心"])
    b = Segmenter([])
    assert "桐江市民中心" in a.words("去桐江市民中心")
    assert "桐江市民中心" not in b.words("去桐江市民中心")


@pytest.mark.parametrize(
    ("text", "grams"),
    [("身份证", ["身份", "份证"]), ("补 身份证", ["补", "身份", "份证"]), ("abc 护照", ["abc", "护照"]), ("", [])],
)
def test_char_ngrams(text: str, grams: list[str]) -> None:
    assert char_ngrams(text) == grams
