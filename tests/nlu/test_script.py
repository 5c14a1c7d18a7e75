"""Which script the citizen writes in."""

from __future__ import annotations

import pytest

from nlu.script import detect_script, to_traditional


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("辦理護照需要什麼", "traditional"),
        ("身份證補辦要帶咩", "traditional"),
        ("身份证补办要带什么", "simplified"),
        ("要多久", None),  # reads the same in both
        ("12345", None),
        ('/rate_good{"answer_id":"abc"}', None),  # a button, not writing
    ],
)
def test_detect_script(text: str, script: str | None) -> None:
    assert detect_script(text) == script


def test_to_traditional() -> None:
    assert to_traditional("办理护照需要什么材料") == "辦理護照需要什麼材料"
