"""The conversation suite's format and scoring (no server: messages as the chat API returns them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation_suite import Expectation, load_suite, meets

ID_CARD, HUKOU = "000105001000", "000105004000"
CODES = {"居民身份证申领换领补领": ID_CARD, "户口迁入登记": HUKOU}


def answer(code: str, field: str) -> dict:
    return {"text": "…", "buttons": [], "payload": {"kind": "answer", "item": {"code": code, "name": "x"}, "field": field}}


def choices(*codes: str) -> dict:
    buttons = [{"title": c, "payload": f'/ask_item{{"item": "{c}"}}'} for c in codes]
    return {"text": "您问的是下面哪一项？", "buttons": buttons, "payload": {"kind": "choices"}}


@pytest.mark.parametrize(
    ("messages", "expect", "right"),
    [
        ([answer(ID_CARD, "materials")], Expectation("answer", "居民身份证申领换领补领", "materials"), True),
        ([answer(ID_CARD, "fee")], Expectation("answer", "居民身份证申领换领补领", "materials"), False),
        ([answer(HUKOU, "materials")], Expectation("answer", "居民身份证申领换领补领", "materials"), False),
        ([answer(ID_CARD, "faqs[2]")], Expectation("answer", "居民身份证申领换领补领", "time"), True),  # its own FAQ
        ([answer(ID_CARD, "places")], Expectation("answer", "居民身份证申领换领补领", "hours"), True),
        ([answer(ID_CARD, "phones")], Expectation("answer", "居民身份证申领换领补领"), True),  # no aspect: any part
        ([choices(ID_CARD, HUKOU)], Expectation("choices", among=("户口迁入登记",)), True),
        ([choices(ID_CARD)], Expectation("choices", among=("户口迁入登记",)), False),
        ([{"text": "你好", "buttons": [], "payload": None}], Expectation("social"), True),
        ([answer(ID_CARD, "summary")], Expectation("social"), False),
        ([{"text": "抱歉", "buttons": [], "payload": {"kind": "fallback"}}], Expectation("fallback"), True),
    ],
)
def test_a_turns_messages_meet_its_expectation(messages: list[dict], expect: Expectation, right: bool) -> None:
    assert meets(messages, expect, CODES) is right


@pytest.mark.parametrize(
    ("turn", "error"),
    [
        ("{say: 你好, expect: {kind: greeting}}", "kind must be one of"),
        ("{say: 身份证, expect: {kind: answer, item: 身份证}}", "not an item or bundle"),
        ("{say: 身份证, expect: {kind: answer, item: 居民身份证申领换领补领, aspect: price}}", "aspect must be one of"),
        ("{click: 身份证办理, expect: {kind: answer}}", "not an item or bundle"),
        ("{expect: {kind: social}}", "either says something or clicks"),
    ],
)
def test_a_suite_with_a_mistake_is_refused_with_where_it_is(tmp_path: Path, sample_catalog, turn: str, error: str) -> None:
    path = tmp_path / "suite.yml"
    path.write_text(f"conversations:\n- id: c1\n  turns:\n  - {turn}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=error) as info:
        load_suite(path, sample_catalog)
    assert "c1 turn 1" in str(info.value)


def test_the_committed_suite_loads_and_is_large_enough(sample_catalog) -> None:
    suite = load_suite(Path(__file__).parent / "conversations.yml", sample_catalog)
    assert len(suite) >= 60 and all(len(c.turns) >= 2 for c in suite)
