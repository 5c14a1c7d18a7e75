"""Personal numbers in a citizen's message are masked before anything stores or logs it."""

from __future__ import annotations

import pytest

from nlu.personal import mask_number, mask_personal


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我的身份证号是11010519491231002X，手机13800138000", "我的身份证号是1101**********002X，手机138****8000"),
        ("身份证110105194912310021", "身份证1101**********0021"),
        ("老身份证110105491231002", "老身份证1101*******1002"),
        ("电话 138 0013 8000 找我", "电话 138****8000 找我"),
        ("电话+86-138-0013-8000", "电话138****8000"),
        ("银行卡6222021234567890123", "银行卡6222***********0123"),
        ("卡号 6222 0212 3456 7890", "卡号 6222********7890"),
        ("家里座机0123-88886666", "家里座机0123-****6666"),
        ("座机010 62345678", "座机010-****5678"),
    ],
)
def test_personal_numbers_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "12345热线",
        "2026年12月7日去办",
        "事项编码000105001000",  # an item code: 12 digits
        "办理时限20个工作日，收费50元",
        "营业执照91350100M000100Y43",  # a 统一社会信用代码 is a company's, not a person's
        "护照E12345678",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_personal(text) == text


def test_masking_is_idempotent() -> None:
    once = mask_personal("身份证11010519491231002X 手机13800138000 卡6222021234567890123")
    assert mask_personal(once) == once


@pytest.mark.parametrize(("number", "masked"), [("360402199001010071", "3604**********0071"), ("1234", "1***")])
def test_mask_number_keeps_four_at_each_end(number: str, masked: str) -> None:
    assert mask_number(number) == masked
