"""What the bot says to one question, given what NLU understood and what the conversation knows.

Rasa decides *which* action runs; this module decides the answer inside action_answer, so it
is plain Python, testable without a Rasa server:

- a question the search places confidently is answered from the guide, with its source;
- a follow-up with no item of its own ("那要多久？") answers for the item under discussion;
- a refinement ("我说的是补办") searches again with the earlier question as context;
- two close candidates → ask back with buttons; weak evidence → say so, offer the closest
  items, 12345 and a person; two failed turns in a row → hand over to a person.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.naming import ItemNames
from knowledge.schema import Catalog
from knowledge.search import Searcher, SearchResponse
from nlu.aspects import Aspect, detect_aspect, without_cues
from nlu.normalize import normalize

HOTLINE = "12345"
ASPECT_OF_INTENT = {
    "ask_materials": Aspect.MATERIALS,
    "ask_time": Aspect.TIME,
    "ask_fee": Aspect.FEE,
    "ask_location": Aspect.LOCATION,
    "ask_conditions": Aspect.CONDITIONS,
    "ask_process": Aspect.PROCESS,
    "ask_online": Aspect.ONLINE,
    "start_checklist": Aspect.MATERIALS,
}
FIELD_LABELS = {
    "materials": "申请材料",
    "promised_time_limit": "承诺办结时限",
    "fee": "收费标准",
    "places": "办理地点",
    "conditions": "受理条件",
    "process": "办理流程",
    "online": "网上办理",
    "summary": "事项概述",
    "phones": "咨询电话",
    "visits": "到现场次数",
    "result": "办理结果",
    "result.validity": "结果有效期",
    "result.collection": "领取方式",
    "questions": "办理情形",
    "eligibility": "适用条件",
    "items": "包含事项",
    "faqs": "常见问题",
}
# Evidence (0–1) above which a question names its own item rather than following up.
OWN_ITEM_EVIDENCE = 0.75
# Below this evidence an answer is given with a caveat and the other candidates.
CONFIDENT = 0.7
# Two candidates whose fused scores are this close are both offered (ask back).
AMBIGUITY_RATIO = 0.92
FAILURES_BEFORE_HANDOFF = 2
# A new topic announced ("另外问一下", "还有个事"): never a follow-up on the item before.
_SWITCH = re.compile(r"另外|还有个|还有一个|换个|再问个|再问一个|顺便问|别的事")
# "那X呢", "X也一样吗": the question asked before, about another item.
_SAME_AGAIN = re.compile(r"^(那|那么)?.{1,12}(呢|也是吗|也一样吗|也要吗)[?？]?$")
# A follow-up whose words the item under discussion explains at least this well (evidence,
# 0–1) stays on it even where another item explains them better: "我交了两年社保，够条件吗"
# after 失业保险金 tells the citizen's situation, it does not change the topic.
KEEP_EVIDENCE = 0.5
# A follow-up's words beyond its aspect cue: this few or fewer, it names nothing of its own.
_BARE_LENGTH = 5


@dataclass
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass
class BotMessage:
    text: str
    buttons: list[Button] = field(default_factory=list)
    payload: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The channel format: what POST /api/v1/chat returns for each message."""
        return {"text": self.text, "buttons": [b.as_dict() for b in self.buttons], "payload": self.payload}


@dataclass
class Turn:
    """One citizen message as the action sees it."""

    text: str
    intent: str | None
    entity_items: list[str] = field(default_factory=list)  # item codes NLU (or a button) named
    item: str | None = None  # slot: the item under discussion
    topic: str | None = None  # slot: the question that chose it
    failures: int = 0
    candidates: list[str] = field(default_factory=list)  # slot: the items an ask-back offered
    aspect: str | None = None  # slot: the aspect last answered (那残疾证呢 asks it again)
    entity_aspect: str | None = None  # the aspect a button carries


@dataclass
class GivenAnswer:
    """An answer taken from a guide: what the answer id and the rating refer to."""

    code: str
    field: str
    message: BotMessage


@dataclass
class Reply:
    messages: list[BotMessage]
    item: str | None
    topic: str | None
    failures: int
    answer: GivenAnswer | None = None
    handoff: bool = False
    candidates: list[str] = field(default_factory=list)
    aspect: str | None = None


def button_payload(intent: str, **entities: str) -> str:
    """Rasa's payload syntax: a button sends intent and entities directly, skipping NLU."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


class Dialogue:
    def __init__(self, searcher: Searcher, catalog: Catalog) -> None:
        self.searcher = searcher
        self.catalog = catalog
        self.names = {i.code: i.name for i in catalog.items} | {b.code: b.name for b in catalog.bundles}
        self.item_names = ItemNames(catalog)

    def respond(self, turn: Turn) -> Reply:
        known = [c for c in turn.entity_items if c in self.names]
        intent_aspect = ASPECT_OF_INTENT.get(turn.intent or "")
        query = turn.text
        if turn.intent == "refine_item" and turn.topic:
            query = f"{turn.topic} {turn.text}"
        response = self.searcher.search(query)
        candidates = [r.code for r in response.results]
        text = normalize(turn.text)
        detected = detect_aspect(text).aspect
        # A part of a guide asked for by name (电话, 跑几趟) is more precise than the intent's
        # coarse aspect (ask_location, ask_process) it belongs to.
        aspect = detected if detected.parent is not detected or intent_aspect is None else intent_aspect
        if turn.entity_aspect is not None and turn.entity_aspect in set(Aspect):
            aspect = Aspect(turn.entity_aspect)  # the button of an ask-back about 电话, 跑几趟…
        # Named as typed, or once homophone typos are repaired (结昏登记 → 结婚登记).
        named = (self.item_names.named(turn.text) | self.item_names.named(response.corrected)) & set(self.names)
        if detected is Aspect.GENERAL and turn.aspect and _SAME_AGAIN.search(text):
            aspect = Aspect(turn.aspect)  # 那残疾证呢: the question asked before, about another item
        switches = bool(_SWITCH.search(text))
        # The item under discussion, when the search ranks it with the best: a follow-up's words
        # (新生儿能参保不 about 居民医保) may touch another item without asking about it, so a name
        # or an NLU entity of another item wins only where the search ranks that one higher.
        current = turn.item if turn.item in candidates[:3] and not switches else None
        # A word several other items share (退休 in "我退休了能全部取出来吗" after 公积金提取)
        # names none of them, nor does NLU's pick among them (counted before ranking thins them).
        shared = len(named) > 1 and turn.item not in named and set(known) <= named
        named = {code for code in named if not _ranks_above(candidates, current, code)}
        # It asks for an aspect (NLU's intent, or a cue when NLU was unsure).
        asks_aspect = turn.intent in ASPECT_OF_INTENT or (
            turn.intent in (None, "nlu_fallback") and detected is not Aspect.GENERAL
        )
        # Such a word is the citizen's situation when the words still fit the item under discussion.
        if shared and turn.item and asks_aspect and not switches and self._fits_current(turn):
            return self._answer(turn, turn.item, aspect, topic=turn.topic)

        # A button or NLU named the item: the search only confirms it.
        if known and not _ranks_above(candidates, current, known[0]) and (
            known[0] in named or not response.results or known[0] in candidates[:3] or response.out_of_scope
        ):
            return self._answer(turn, known[0], aspect, topic=query)
        owns_item = not response.out_of_scope and response.confidence >= OWN_ITEM_EVIDENCE
        if turn.item and turn.intent == "refine_item":
            code = turn.item if response.out_of_scope else response.results[0].code
            return self._answer(turn, code, aspect, topic=query, question=query)
        # Naming the item is enough: ask back only between items the words fit about equally.
        if len(named) == 1:
            return self._answer(turn, next(iter(named)), aspect, topic=query)
        # A word several items share (营业执照), one of them the item under discussion: that one.
        if turn.item in named and not switches:
            return self._answer(turn, turn.item, aspect, topic=turn.topic)
        # After an ask-back, words that choose none of the items offered ("我也不知道该选哪个",
        # "就是医保啊") and fit no item well get the same choice again, not a search on them.
        offered = named & set(turn.candidates)
        undecided = len(offered) > 1 or (not named and not known and not owns_item)
        if turn.candidates and undecided and not switches and turn.intent not in ("out_of_scope", "refine_item"):
            again = aspect if aspect is not Aspect.GENERAL or not turn.aspect else Aspect(turn.aspect)
            return self._ask_back(turn, turn.candidates, again, turn.topic or query)
        # A follow-up: it asks for an aspect and names no item of its own — after an ask-back,
        # about the same candidates.
        follows_up = asks_aspect and not named and not known and not switches and (
            not owns_item or _bare(text) or self._fits_current(turn)
        )
        if turn.candidates and follows_up:
            return self._ask_back(turn, turn.candidates, aspect, turn.topic or query)
        if turn.item and follows_up:
            return self._answer(turn, turn.item, aspect, topic=turn.topic)
        if response.out_of_scope or not response.results:
            return self._not_found(turn, response)
        ambiguous = self._ambiguous(response)
        if current in ambiguous:  # a tie between the item under discussion and another: keep it
            return self._answer(turn, current, aspect, topic=turn.topic)
        if ambiguous:
            return self._ask_back(turn, ambiguous, aspect, query)
        reply = self._answer(turn, response.results[0].code, aspect, topic=query)
        if response.confidence < CONFIDENT:
            others = response.results[1:3]
            reply.messages.insert(0, BotMessage(f"我不太确定您问的是不是「{response.results[0].name}」，先按它回答："))
            reply.messages[-1].buttons += [self._item_button(r.code, r.name, aspect) for r in others]
        return reply

    def _fits_current(self, turn: Turn) -> bool:
        """The words still fit the item under discussion (candidates of an ask-back: any)."""
        codes = turn.candidates or ([turn.item] if turn.item else [])
        return self.searcher.evidence_for(turn.text, codes) >= KEEP_EVIDENCE

    # -- the kinds of reply ----------------------------------------------------------------
    def _answer(self, turn: Turn, code: str, aspect: Aspect, topic: str | None, question: str | None = None) -> Reply:
        answer = self.searcher.composer.compose(code, aspect, question or turn.text)
        if answer is None:
            return self._not_found(turn, None)
        field_name = answer.source.field.split("[", 1)[0]
        entity = self.catalog.item(code) or self.catalog.bundle(code)
        url = entity.online.url if entity is not None and entity.online else None
        payload = {
            "kind": "answer",
            "item": {"code": code, "name": self.names.get(code, code)},
            "field": answer.source.field,
            "field_label": FIELD_LABELS.get(field_name, field_name),
            "url": url,
        }
        message = BotMessage(answer.text, [], payload)
        return Reply([message], code, topic, 0, GivenAnswer(code, answer.source.field, message), aspect=aspect.value)

    def _ask_back(self, turn: Turn, codes: list[str], aspect: Aspect, query: str) -> Reply:
        buttons = [self._item_button(code, self.names[code], aspect) for code in codes]
        message = BotMessage("您问的是下面哪一项？请点选：", buttons, {"kind": "choices"})
        return Reply([message], turn.item, query, turn.failures, candidates=list(codes), aspect=aspect.value)

    def _not_found(self, turn: Turn, response: SearchResponse | None) -> Reply:
        failures = turn.failures + (0 if turn.intent == "out_of_scope" else 1)
        if failures >= FAILURES_BEFORE_HANDOFF:
            return Reply([], turn.item, turn.topic, 0, handoff=True, candidates=turn.candidates, aspect=turn.aspect)
        suggestions = response.suggestions if response is not None else []
        buttons = [self._item_button(r.code, r.name, Aspect.GENERAL) for r in suggestions[:3]]
        buttons.append(Button("转人工", button_payload("handoff")))
        if turn.intent == "out_of_scope":
            text = f"这个问题超出了我能解答的政务服务范围。办事问题可以直接问我，其他诉求可拨打 {HOTLINE} 政务服务便民热线。"
        elif buttons[:-1]:
            text = f"抱歉，我没有找到确切的答案。您问的可能是下面这些事项；也可以拨打 {HOTLINE} 政务服务便民热线，或转人工。"
        else:
            text = f"抱歉，我没有找到确切的答案。可以换个说法再问，拨打 {HOTLINE} 政务服务便民热线，或转人工。"
        message = BotMessage(text, buttons, {"kind": "fallback", "hotline": HOTLINE})
        return Reply([message], turn.item, turn.topic, failures, candidates=turn.candidates, aspect=turn.aspect)

    def _item_button(self, code: str, name: str, aspect: Aspect) -> Button:
        intent = next((i for i, a in ASPECT_OF_INTENT.items() if a == aspect.parent and i != "start_checklist"), "ask_item")
        if aspect.parent is aspect:
            return Button(name, button_payload(intent, item=code))
        return Button(name, button_payload(intent, item=code, aspect=aspect.value))  # 电话: not all of 在哪办

    def _ambiguous(self, response: SearchResponse) -> list[str]:
        """Candidates to offer when the top two are too close to choose between."""
        results = response.results
        if len(results) < 2 or results[0].score <= 0:
            return []
        close = [r.code for r in results[:3] if r.score >= AMBIGUITY_RATIO * results[0].score]
        return close if len(close) >= 2 else []


def _ranks_above(candidates: list[str], code: str | None, other: str) -> bool:
    """Whether the search ranks `code` above `other` (an item it does not rank is below all)."""
    if code is None or code not in candidates:
        return False
    return other not in candidates or candidates.index(code) < candidates.index(other)


def _bare(text: str) -> bool:
    """Little besides the aspect cue (网上能申请吗, 要满足什么条件): no item of its own."""
    rest = re.sub(r"[\s那这个的了吗呢啊呀吧么嘛要能可以不是请问一下我你还得需怎样什啥哪]", "", without_cues(text))
    return len(rest) <= _BARE_LENGTH
