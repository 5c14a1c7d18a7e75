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
    item = topic = aspect = None
    failures = 0
    candidates: list[str] = []
    for text, intent in turns:
        reply = dialogue.respond(Turn(text, intent, [], item, topic, failures, candidates, aspect))
        item, topic, failures, candidates, aspect = reply.item, reply.topic, reply.failures, reply.candidates, reply.aspect
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


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("老年人优待证怎么弄", "000106003000"),  # named: no ask-back against 退休一件事
        ("結婚登記需要什麼", "000106001000"),
        ("那残疾证呢", "000106005000"),
    ],
)
def test_naming_the_item_is_enough(dialogue: Dialogue, question: str, code: str) -> None:
    (reply,) = _talk(dialogue, [(question, None)])
    assert reply.answer is not None and reply.answer.code == code


def test_a_typed_follow_up_after_an_ask_back_asks_between_the_same_candidates(dialogue: Dialogue) -> None:
    first, second, third = _talk(dialogue, [("执照", "ask_item"), ("去哪儿办", "ask_location"), ("手机上能办不", "ask_online")])
    offered = first.candidates
    assert len(offered) >= 2 and first.messages[-1].payload == {"kind": "choices"}
    for reply, intent in ((second, "ask_location"), (third, "ask_online")):
        assert reply.candidates == offered and reply.answer is None
        assert all(b.payload.startswith(f"/{intent}") for b in reply.messages[-1].buttons)


@pytest.mark.parametrize("reply", ["我也搞不清是哪个", "就是执照嘛", "不知道"])
def test_words_that_choose_none_of_the_offered_items_get_the_choice_again(dialogue: Dialogue, reply: str) -> None:
    first, second = _talk(dialogue, [("执照", "ask_item"), (reply, None)])
    assert len(first.candidates) >= 2
    assert second.answer is None and second.candidates == first.candidates
    assert second.messages[-1].payload == {"kind": "choices"}


@pytest.mark.parametrize(
    ("first", "follow_up", "code", "field"),
    [
        ("食品经营许可证怎么办", "网上能申请吗", "000112003000", "online"),
        ("结婚登记需要什么", "电话多少", "000106001000", "phones"),
        ("结婚登记需要什么", "要跑几趟", "000106001000", "visits"),
    ],
)
def test_a_follow_up_is_answered_from_the_conversation(dialogue: Dialogue, first: str, follow_up: str, code: str, field: str) -> None:
    _, reply = _talk(dialogue, [(first, None), (follow_up, None)])
    assert reply.answer is not None and (reply.answer.code, reply.answer.field) == (code, field)


@pytest.mark.parametrize("intent", [None, "ask_materials", "ask_item"])
def test_that_item_too_asks_the_question_before_about_another_item(dialogue: Dialogue, intent: str | None) -> None:
    """Whatever intent NLU guesses for 那身份证呢, its words ask nothing new: the fee again."""
    _, reply = _talk(dialogue, [("办护照要多少钱", "ask_fee"), ("那身份证呢", intent)])
    assert reply.answer is not None and (reply.answer.code, reply.answer.field) == (ID_CARD, "fee")


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("结昏登记在哪办", "000106001000"),  # 结昏 sounds like 结婚: the name, typed with a typo
        ("社报卡怎么申请", "000107001000"),
    ],
)
def test_a_name_typed_with_a_homophone_typo_still_names_the_item(dialogue: Dialogue, question: str, code: str) -> None:
    (reply,) = _talk(dialogue, [(question, None)])
    assert reply.answer is not None and reply.answer.code == code


def test_a_follow_up_telling_the_citizens_situation_keeps_the_item(dialogue: Dialogue) -> None:
    """The situation words (社保交了一年多) fit other items better, but still fit 失业保险金."""
    first, second = _talk(dialogue, [("失业金怎么领", None), ("社保交了一年多，够不够条件", "ask_conditions")])
    assert first.item == "000107002000"
    assert second.answer is not None and second.answer.code == "000107002000"


@pytest.mark.parametrize(
    ("first", "follow_up", "code"),
    [
        ("公积金提取要带什么", "退休以后能一次取完吗", "000109001000"),  # 退休: the situation, not the topic
        ("身份证丢了怎么补", "退休要带啥", None),  # 退休 fits nothing of the ID card: ask which 退休
    ],
)
def test_a_word_several_other_items_share(dialogue: Dialogue, first: str, follow_up: str, code: str | None) -> None:
    _, reply = _talk(dialogue, [(first, None), (follow_up, "ask_conditions")])
    if code is None:
        assert reply.answer is None and reply.messages[-1].payload == {"kind": "choices"}
    else:
        assert reply.answer is not None and reply.answer.code == code


def test_a_tie_with_the_item_under_discussion_keeps_it(dialogue: Dialogue) -> None:
    """营业执照 fits 个体户 and 公司 alike; after 公司设立登记 it means the company's."""
    _, reply = _talk(dialogue, [("公司设立登记在哪办", None), ("营业执照可以寄给我吗", None)])
    assert reply.answer is not None and reply.answer.code == "000112002000"


def test_a_word_nlu_reads_as_another_item_does_not_move_a_follow_up(dialogue: Dialogue) -> None:
    """新生儿 is an entity of 出生一件事 for NLU, but the search ranks 居民医保 under discussion first."""
    first = _talk(dialogue, [("居民医保参保登记去哪里办", None)])[0]
    follow = dialogue.respond(Turn("新生儿能参保不", "ask_conditions", ["YJS-001"], first.item, first.topic))
    assert follow.answer is not None and follow.answer.code == first.item == "000108001000"


def test_an_announced_new_topic_is_not_a_follow_up(dialogue: Dialogue) -> None:
    _, reply = _talk(dialogue, [("办护照要多少钱", "ask_fee"), ("另外问一下，给孩子上户口要带什么", "ask_materials")])
    assert reply.answer is not None and reply.answer.code == "000105002000"


def test_an_ask_back_about_a_phone_keeps_the_question_on_its_buttons(dialogue: Dialogue) -> None:
    first, second = _talk(dialogue, [("执照", "ask_item"), ("电话多少", None)])
    button = second.messages[-1].buttons[0]
    assert button.payload.startswith("/ask_location") and '"aspect": "phone"' in button.payload
    code = first.candidates[0]
    reply = dialogue.respond(Turn(button.title, "ask_location", [code], entity_aspect="phone"))
    assert reply.answer is not None and (reply.answer.code, reply.answer.field) == (code, "phones")


# The follow-ups the issue saw go wrong, each turn: (message, item code, field prefix or "choices").
ISSUE_CONVERSATIONS = [
    [("老年人优待证怎么弄", "000106003000", None), ("去哪儿办", "000106003000", "places"), ("手机上能办不", "000106003000", "online")],
    [("失业了能领钱吗", "000107002000", None), ("要满足什么条件", "000107002000", "conditions"),
     ("那要交哪些东西", "000107002000", "materials")],
    [("食品经营许可证怎么申请", "000112003000", None), ("网上能申请吗", "000112003000", "online")],
    [("结婚登记需要什么", "000106001000", None), ("电话多少", "000106001000", "phones"), ("要跑几趟", "000106001000", "visits")],
]


@pytest.mark.parametrize("conversation", ISSUE_CONVERSATIONS)
def test_the_follow_ups_that_lost_the_thread(dialogue: Dialogue, conversation: list) -> None:
    replies = _talk(dialogue, [(text, None) for text, _code, _field in conversation])
    for reply, (text, code, field) in zip(replies, conversation, strict=True):
        assert reply.answer is not None and reply.answer.code == code, text
        assert field is None or reply.answer.field.startswith(field), (text, reply.answer.field)
