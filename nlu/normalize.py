"""Text normalisation: what the citizen typed → one canonical form for search and NLU.

Traditional → simplified (OpenCC t2s: character conversion only, so 資料 stays 资料 — the
Taiwan phrase table would turn it into 数据), full-width → half-width (NFKC), lower case,
punctuation and emoji folded to spaces, Chinese numerals written as digits in counting
contexts (十六周岁 → 16周岁), whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_NUMERAL = "零〇一二两三四五六七八九十百千万"
# Only numerals followed by a counting word become digits: 一次性告知 and 一件事 stay words.
_COUNTED = re.compile(
    rf"([{_NUMERAL}]+)(?=(周岁|岁|个月|个工作日|工作日|天|日|年|月|周|小时|平方米|平米|平方|㎡|m2|份|张|元|块|孩|胎|级|类))"
)
_KEEP = re.compile(r"[^\w\s.\-/%:]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def chinese_numeral_to_int(text: str) -> int | None:
    """十六 → 16, 三十 → 30, 一百二十 → 120, 两万 → 20000; None if not a numeral."""
    if not text or any(ch not in _NUMERAL for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # digit by digit: 二〇二五 → 2025
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, number = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            if unit == 10000:
                total += (section + number) * unit
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
    return total + section + number


def _numerals(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        value = chinese_numeral_to_int(match.group(1))
        return str(value) if value is not None else match.group(1)

    return _COUNTED.sub(repl, text)


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def for_nlu(text: str) -> str:
    """What Rasa's NLU sees, in training and at run time alike: simplified characters, half
    width. Lighter than normalize(): punctuation and case stay, they carry intent (吗？ vs 吗)."""
    return to_simplified(unicodedata.normalize("NFKC", text))


def normalize(text: str) -> str:
    """The canonical form of a question; idempotent."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text).lower()
    text = text.replace("㎡", "平方米").replace("m2", "平方米")
    text = _KEEP.sub(" ", text)
    text = text.replace("_", " ")
    text = _numerals(text)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """The canonical form without spaces: two texts that differ only in script, width, case,
    punctuation or spacing compare equal (names in a message, repeated questions)."""
    return "".join(normalize(text).split())


def has_traditional(text: str) -> bool:
    """True when the text contains characters that t2s changes (the citizen writes traditional)."""
    return to_simplified(text) != text
