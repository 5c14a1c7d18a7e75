"""The dialogue inside action_answer, on the real sample knowledge base (no Rasa needed)."""

from __future__ import annotations

import pytest

from bot.dialogue import Dialogue, Reply, Turn
from knowledge.schema import Catalog
from knowledge.search import Searcher

ID_CARD = "000105001000"
PASSPORT = "000105005000"


@pytest.fixture(scope="module")
def dialogue(searcher: Searcher, sample_catalog: Catalog) -> Dialogue:
    return Dialogue(searcher, sample_catalog)


def _talk(dialogue: Dialogue, turns: list[tuple[str, str | None]]) -> list[Reply]:
    """Run several turns, carrying the slots from each reply into the next turn."""
    replies: list[Reply] = []
    item = topic = None
    failures = 0
    for text, intent in turns:
        reply = dialogue.respond(Turn(text, intent, [], item, topic, failures))
        item, topic, failures = reply.item, reply.topic, reply.failures
        replies.append(reply)
    return replies


@pytest.mark.parametrize(
    ("follow_up", "intent", "field"),
    [
        ("那要多久？", "ask_time", "promised_time_limit"),
        ("要钱吗", "ask_fee", "fee"),
        ("在哪办？", "ask_location", "places"),
        ("要带啥", "ask_materials", "materials"),
        ("要几天", None, "promised_time_limit"),  # NLU unsure: the cue still says what is asked
    ],
)
def test_a_follow_up_answers_for_the_item_under_discussion(
    dialogue: Dialogue, follow_up: str, intent: str | None, field: str
) -> None:
    first, second = _talk(dialogue, [("身份证丢了怎么补办", "ask_process"), (follow_up, intent)])
    assert first.item == ID_CARD and second.item == ID_CARD
    assert second.answer is not None and second.answer.code == ID_CARD
    assert second.answer.field == field


def test_a_new_item_replaces_the_old_one(dialogue: Dialogue) -> None:
    _, second = _talk(dialogue, [("身份证丢了怎么补办", "ask_process"), ("办护照要带什么材料", "ask_materials")])
    assert second.item == PASSPORT


def test_answers_carry_their_source(dialogue: Dialogue) -> None:
    (reply,) = _talk(dialogue, [("办护照要带什么材料", "ask_materials")])
    card = reply.messages[-1].payload
    assert card is not None and card["kind"] == "answer"
    assert card["item"] == {"code": PASSPORT, "name": "普通护照签发"}
    assert card["field"] == "materials" and card["field_label"] == "申请材料"


def test_an_item_named_by_a_button_is_answered(dialogue: Dialogue) -> None:
    reply = dialogue.respond(Turn("普通护照签发", "ask_fee", [PASSPORT]))
    assert reply.answer is not None and (reply.answer.code, reply.answer.field) == (PASSPORT, "fee")


def test_unanswerable_twice_hands_over(dialogue: Dialogue) -> None:
    first, second = _talk(dialogue, [("啊啊啊啊啊", None), ("呜呜呜呜呜", None)])
    assert first.failures == 1 and not first.handoff
    assert first.messages[-1].payload == {"kind": "fallback", "hotline": "12345"}
    assert [b.title for b in first.messages[-1].buttons][-1] == "转人工"
    assert second.handoff and second.failures == 0


def test_an_answer_resets_the_failures(dialogue: Dialogue) -> None:
    replies = _talk(dialogue, [("啊啊啊啊啊", None), ("办护照要带什么材料", "ask_materials"), ("呜呜呜呜呜", None)])
    assert [r.failures for r in replies] == [1, 0, 1]
    assert not any(r.handoff for r in replies)


def test_out_of_scope_is_declined_without_counting_as_a_failure(dialogue: Dialogue) -> None:
    (reply,) = _talk(dialogue, [("明天桐江天气怎么样", "out_of_scope")])
    assert reply.answer is None and reply.failures == 0
    assert "12345" in reply.messages[-1].text


def test_gibberish_after_an_item_is_not_answered_for_that_item(dialogue: Dialogue) -> None:
    _, second = _talk(dialogue, [("办护照要带什么材料", "ask_materials"), ("哈哈哈哈哈", None)])
    assert second.answer is None


def test_close_candidates_are_offered_as_buttons(dialogue: Dialogue) -> None:
    (reply,) = _talk(dialogue, [("执照", "ask_item")])
    message = reply.messages[-1]
    assert message.payload == {"kind": "choices"}
    assert len(message.buttons) >= 2
    assert all(b.payload.startswith('/ask_item{"item": ') for b in message.buttons)


def test_a_refinement_searches_with_the_earlier_question(dialogue: Dialogue) -> None:
    first, second = _talk(dialogue, [("营业执照", "ask_item"), ("我说的是个体户的", "refine_item")])
    assert second.answer is not None and second.answer.code == "000112001000"
