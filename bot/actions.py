"""The custom actions Rasa calls, run in-process by rasa_sdk's executor behind the API.

Rasa's action endpoint points at `POST /api/v1/rasa/actions` (api/routes/rasa_actions.py), so
the actions share the API's loaded knowledge base and database: no second server to run.
Each action is a thin adapter: tracker → bot.dialogue / bot.records → messages and slots.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.dialogue import HOTLINE, BotMessage, Button, Dialogue, Reply, Turn, button_payload
from bot.guidance import AnswerMap, Guidance, match_options
from bot.records import ConversationRecords, Rating, RecordError
from bot.training_data import regex_feature
from knowledge.checklist import Target
from nlu.aspects import Aspect, detect_aspect
from nlu.normalize import normalize

# The words of a complaint (data/cues.yml's cue_complain, which NLU also learns from).
_COMPLAINT = regex_feature("cue_complain")
BARE_RATINGS = {"好评", "差评", "点赞", "好", "差", "赞", "👍", "👎"}


def _send(dispatcher: CollectingDispatcher, message: BotMessage) -> None:
    """One message, whole, as Rasa custom JSON: Rasa's REST channel would otherwise split text
    at blank lines and send the structured payload as a separate message."""
    dispatcher.utter_message(json_message=message.as_dict())


def _entities(tracker: Tracker, name: str) -> list[str]:
    return [str(e.get("value")) for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def transcript(tracker: Tracker) -> list[dict[str, Any]]:
    """The conversation so far, as an agent reads it: who said what, when."""
    lines = []
    for event in tracker.events:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = event.get("text") or ((event.get("data") or {}).get("custom") or {}).get("text")
        if not text:
            continue
        if kind == "user":
            text = (event.get("metadata") or {}).get("original", text)
        when = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=UTC).isoformat()
        lines.append({"role": "citizen" if kind == "user" else "bot", "text": text, "time": when})
    return lines


class BotAction(Action):
    """An action with access to the dialogue logic and the conversation records."""

    action_name = ""

    def __init__(self, dialogue: Dialogue, records: ConversationRecords, guidance: Guidance) -> None:
        self.dialogue = dialogue
        self.records = records
        self.guidance = guidance

    def name(self) -> str:
        return self.action_name

    def handoff(self, dispatcher: CollectingDispatcher, tracker: Tracker, reason: str, lead: str) -> list[EventType]:
        item = tracker.get_slot("item") or ""
        record = self.records.open_handoff(tracker.sender_id, reason, transcript(tracker), item)
        text = f"{lead}已为您转接人工服务（工单号 {record.id}），工作人员接入后会在这里回复您；着急的话也可以直接拨打 {HOTLINE}。"
        _send(dispatcher, BotMessage(text, [], {"kind": "handoff", "handoff_id": record.id}))
        return [SlotSet("failures", 0)]


class ActionAnswer(BotAction):
    """Answer from the knowledge base, with the conversation's context (bot.dialogue)."""

    action_name = "action_answer"
    intent: str | None = None

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        turn = self.turn(tracker, intent=self.intent or _intent(tracker))
        return self.deliver(dispatcher, tracker, self.dialogue.respond(turn), turn.text)

    def turn(self, tracker: Tracker, intent: str | None) -> Turn:
        text = tracker.latest_message.get("text") or ""
        codes = _entities(tracker, "item")
        if text.startswith("/"):  # a button: the payload carries the item, not words to search
            text = self.dialogue.names.get(codes[0], "") if codes else ""
        return Turn(
            text=text,
            intent=intent,
            entity_items=codes,
            item=tracker.get_slot("item"),
            topic=tracker.get_slot("topic"),
            failures=int(tracker.get_slot("failures") or 0),
            candidates=[str(c) for c in tracker.get_slot("candidates") or []],
            aspect=tracker.get_slot("aspect"),
            entity_aspect=next(iter(_entities(tracker, "aspect")), None),
        )

    def deliver(self, dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply, question: str) -> list[EventType]:
        if reply.handoff:
            return self.handoff(dispatcher, tracker, "failed_turns", "抱歉，我连续没能答上您的问题。")
        events: list[EventType] = [
            SlotSet("item", reply.item),
            SlotSet("topic", reply.topic),
            SlotSet("failures", reply.failures),
            SlotSet("candidates", reply.candidates),
            SlotSet("aspect", reply.aspect),
        ]
        messages = list(reply.messages)
        target = self.guidance.target(reply.item) if reply.answer is not None else None
        general = reply.answer is not None and reply.answer.field.split("[", 1)[0] in ("summary", "items", "materials", "eligibility")
        if target is not None and target.kind == "bundle" and (general or _intent(tracker) in ("ask_item", "start_checklist")):
            first = self.guidance.ask(target, {})
            if first is not None:  # 一件事: start its questions right away
                messages.append(first)
        for message in messages:
            if reply.answer is not None and message is reply.answer.message and message.payload is not None:
                answer_id = self.records.add_answer(tracker.sender_id, question, reply.answer.code, reply.answer.field)
                message.payload["answer_id"] = answer_id
                events.append(SlotSet("last_answer_id", answer_id))
            _send(dispatcher, message)
        return events


class ActionComplain(ActionAnswer):
    """A complaint goes to 12345 — but "投诉电话" about the item under discussion (or one the
    message names) asks for the guide's own complaint phone, so that is answered; and a message
    with no word of complaint that the dialogue can answer (or ask back on) was misread."""

    action_name = "action_complain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        norm = normalize(text)
        asks_phone = detect_aspect(norm).aspect is Aspect.PHONE
        complains = bool(_COMPLAINT.search(norm))
        if (asks_phone and (tracker.get_slot("item") or self.dialogue.item_names.named(text))) or not complains:
            # 投诉电话 of an item; or no word of complaint at all (单位让我开个无犯罪证明).
            turn = self.turn(tracker, intent=None)
            reply = self.dialogue.respond(turn)
            if reply.answer is not None or (not complains and any(m.payload == {"kind": "choices"} for m in reply.messages)):
                return self.deliver(dispatcher, tracker, reply, turn.text)
        dispatcher.utter_message(response="utter_complain")
        return []


class ActionChecklist(ActionAnswer):
    """Start (or restart at one question) the 情形 questions of checklist_form for an item.

    Sets checklist_target and checklist_answers; checklist_step is "done" when no question is
    needed, "cancelled" when there is nothing to list, else empty so the form asks.
    """

    action_name = "action_checklist"
    intent = "start_checklist"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        guidance = self.guidance
        situation = next(iter(_entities(tracker, "situation")), "")
        if _intent(tracker) == "answer_situation" and not situation:
            return self.stray_answer(dispatcher, tracker, domain) + [SlotSet("checklist_step", "cancelled")]
        current = guidance.target(tracker.get_slot("checklist_target"))
        answers: AnswerMap = dict(tracker.get_slot("checklist_answers") or {})
        target: Target | None
        if situation.endswith("=?") and current is not None:  # change one answer of the card
            answers.pop(situation[:-2], None)
            target = current
        elif situation:  # a question button under an answer card: start with that answer
            target = guidance.find(_entities(tracker, "item"), tracker.get_slot("checklist_target"), "")
            if target is not None:
                answers = guidance.understand(target, {}, "", situation).answers
        else:
            text = tracker.latest_message.get("text") or ""
            target = guidance.find(_entities(tracker, "item"), tracker.get_slot("item"), text)
            answers = answers if target is not None and current is not None and target.code == current.code else {}
        if target is None:
            _send(dispatcher, BotMessage("请先告诉我您要办什么事（比如“开理发店”“给孩子上户口”），我再按您的情况列出材料清单。"))
            return [SlotSet("checklist_step", "cancelled")]
        step = None if guidance.next_question(target, answers) is not None else "done"
        return [SlotSet("item", target.code), SlotSet("checklist_target", target.code), SlotSet("checklist_answers", answers), SlotSet("checklist_step", step)]

    def stray_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """A short answer with no question pending: it may still name an item (执照, 社保卡), so
        search it; only when that finds nothing, ask what the citizen wants to do."""
        turn = self.turn(tracker, intent=None)
        reply = self.dialogue.respond(turn)
        if reply.answer is None and not reply.handoff and not any(m.payload == {"kind": "choices"} for m in reply.messages):
            _send(dispatcher, BotMessage("请先告诉我您要办什么事，我再为您列出需要准备的材料。"))
            return []
        return self.deliver(dispatcher, tracker, reply, turn.text)


class ValidateChecklistForm(FormValidationAction):
    """Each turn of checklist_form: the citizen's answer (button or words) to the pending question.

    A request that is clearly something else (转人工, 投诉, 上传材料…) or 取消 ends the form
    and is served; an answer that matches no option is asked again with a hint.
    """

    LEAVING = {"handoff", "complain", "report", "suggest", "goodbye", "upload_materials"}

    def __init__(self, guidance: Guidance, handoff: BotAction, prereview: Action) -> None:
        self.guidance = guidance
        self.handoff_action = handoff
        self.prereview = prereview

    def name(self) -> str:
        return "validate_checklist_form"

    def validate_checklist_step(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = tracker.latest_message.get("text") or ""
        if value != text:  # set by action_checklist as the form starts, not the citizen's words
            return {"checklist_step": value}
        situation = next(iter(_entities(tracker, "situation")), None)
        target = self.guidance.target(tracker.get_slot("checklist_target"))
        answers: AnswerMap = dict(tracker.get_slot("checklist_answers") or {})
        intent = tracker.latest_message.get("intent") or {}
        if target is None:
            target = self.guidance.find(_entities(tracker, "item"), None, text)
            if target is None:
                _send(dispatcher, BotMessage("没有找到这件事。可以换个说法，或拨打 12345 咨询。"))
                return {"checklist_step": "cancelled"}
            done = self.guidance.next_question(target, {}) is None
            return {"checklist_target": target.code, "item": target.code, "checklist_answers": {}, "checklist_step": "done" if done else None}
        if situation is None and intent.get("name") in self.LEAVING and float(intent.get("confidence") or 0) >= 0.8:
            pending = self.guidance.next_question(target, answers)
            if pending is None or not match_options(pending, text):
                self.leave(intent["name"], dispatcher, tracker, domain)
                return {"checklist_step": "cancelled"}
        understood = self.guidance.understand(target, answers, text, situation)
        if understood.cancelled:
            _send(dispatcher, BotMessage("好的，已停止列清单。还有什么要办的，随时问我。"))
            return {"checklist_step": "cancelled"}
        if understood.problem:
            _send(dispatcher, BotMessage(understood.problem))
        return {"checklist_answers": understood.answers, "checklist_step": "done" if understood.complete else None}

    def leave(self, intent: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> None:
        if intent == "handoff":
            self.handoff_action.handoff(dispatcher, tracker, "requested", "好的，")
        elif intent == "upload_materials":
            self.prereview.run(dispatcher, tracker, domain)
        else:
            dispatcher.utter_message(response=f"utter_{intent}")


class ActionAskChecklistStep(Action):
    """checklist_form's question: the next 情形 question the engine needs, as buttons."""

    def __init__(self, guidance: Guidance) -> None:
        self.guidance = guidance

    def name(self) -> str:
        return "action_ask_checklist_step"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        target = self.guidance.target(tracker.get_slot("checklist_target"))
        message = None if target is None else self.guidance.ask(target, dict(tracker.get_slot("checklist_answers") or {}))
        if message is not None:
            _send(dispatcher, message)
        return []


class ActionChecklistDone(Action):
    """After checklist_form: the checklist card with its PDF link (unless the form was left)."""

    def __init__(self, guidance: Guidance) -> None:
        self.guidance = guidance

    def name(self) -> str:
        return "action_checklist_done"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        target = self.guidance.target(tracker.get_slot("checklist_target"))
        if tracker.get_slot("checklist_step") == "done" and target is not None:
            _send(dispatcher, self.guidance.result(target, dict(tracker.get_slot("checklist_answers") or {})))
        return [SlotSet("checklist_step", None)]


class ActionHandoff(BotAction):
    action_name = "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return self.handoff(dispatcher, tracker, "requested", "好的，")


class ActionRate(BotAction):
    """好评/差评 of the latest answer (or of the one the card's button names)."""

    action_name = "action_rate"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        rating: Rating = "good" if _intent(tracker) == "rate_good" else "bad"
        answer_id = next(iter(_entities(tracker, "answer_id")), None) or tracker.get_slot("last_answer_id")
        text = tracker.latest_message.get("text") or ""
        reason = next(iter(_entities(tracker, "reason")), "")
        if not reason and not text.startswith("/") and normalize(text) not in BARE_RATINGS:
            reason = text
        if not answer_id:
            _send(dispatcher, BotMessage("还没有可以评价的回答。您想办什么事？"))
            return []
        try:
            self.records.rate(answer_id, tracker.sender_id, rating, reason)
        except RecordError:
            _send(dispatcher, BotMessage("这条回答已无法评价，谢谢您的反馈。"))
            return []
        if rating == "good":
            _send(dispatcher, BotMessage("感谢您的好评！还有什么要办的，随时问我。"))
        else:
            buttons = [Button("转人工", button_payload("handoff"))]
            _send(dispatcher, BotMessage("感谢反馈，我们会据此改进这条回答。需要的话可以转人工。", buttons))
        return []


class ActionPrereview(BotAction):
    """Pre-review in the chat: the upload card for the item under discussion (or the one named)."""

    action_name = "action_prereview"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        under_discussion = tracker.get_slot("checklist_target") or tracker.get_slot("item")
        target = self.guidance.find(_entities(tracker, "item"), under_discussion, text if _entities(tracker, "item") else "")
        if target is None:
            _send(dispatcher, BotMessage("请先告诉我您要办什么事（比如“开便利店”“给孩子上户口”），我再请您上传对应的材料预审。"))
            return []
        answers: AnswerMap = dict(tracker.get_slot("checklist_answers") or {}) if target.code == tracker.get_slot("checklist_target") else {}
        _send(dispatcher, self.guidance.upload(target, answers))
        return [SlotSet("item", target.code)]


def build_executor(dialogue: Dialogue, records: ConversationRecords, guidance: Guidance) -> ActionExecutor:
    executor = ActionExecutor()
    actions = {cls: cls(dialogue, records, guidance) for cls in (ActionAnswer, ActionComplain, ActionChecklist, ActionHandoff, ActionRate, ActionPrereview)}
    for action in actions.values():
        executor.register_action(action)
    executor.register_action(ValidateChecklistForm(guidance, actions[ActionHandoff], actions[ActionPrereview]))
    executor.register_action(ActionAskChecklistStep(guidance))
    executor.register_action(ActionChecklistDone(guidance))
    return executor
