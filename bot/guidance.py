"""Situational guidance in the chat: the 情形 questions as buttons, then the checklist card.

The Rasa form `checklist_form` (bot/actions.py) drives the turns; this module decides what to
ask and what the answers mean, with the same engine as `banshi checklist` and
POST /api/v1/checklist, so the chat and the command line give the same list.

A button sends `/answer_situation{"situation": "QUESTION=OPTION"}`; a typed answer is matched
to the options (by id, text, a unique option containing it, or its number). A card button
`/start_checklist{"situation": "QUESTION=?"}` asks a question again to change its answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from bot.dialogue import BotMessage, Button, button_payload
from knowledge.checklist import AnswerError, Checklist, Target, TargetNotFound, find_target, step
from knowledge.checklist.saved import SavedChecklists
from knowledge.checklist.situation import AskedQuestion
from knowledge.schema import Catalog, Option
from nlu.normalize import normalize

AnswerMap = dict[str, list[str]]
CANCEL_WORDS = ("取消", "不办了", "算了", "退出", "不用了", "不列了")
_NUMBER = re.compile(r"^(?:第)?([1-9一二三四五六七八九])(?:个|项|种|条)?$")
_CHINESE_DIGITS = "一二三四五六七八九"


@dataclass
class Understood:
    """What a citizen's message means while a question is pending."""

    answers: AnswerMap
    complete: bool = False
    problem: str | None = None  # a message to show before asking again
    cancelled: bool = False


class Guidance:
    def __init__(
        self,
        catalog: Catalog,
        saved: SavedChecklists,
        base_url: str,
        e_licenses: Collection[str] | None = None,
        search: Callable[[str], str | None] | None = None,
    ) -> None:
        self.catalog = catalog
        self.saved = saved
        self.base_url = base_url.rstrip("/")
        self.e_licenses = e_licenses
        self.search = search

    # -- the target --------------------------------------------------------------------------
    def target(self, code: str | None) -> Target | None:
        if not code:
            return None
        try:
            return find_target(self.catalog, code)
        except TargetNotFound:
            return None

    def find(self, named: list[str], under_discussion: str | None, text: str) -> Target | None:
        """The item or bundle the citizen means: named by NLU/a button, found in the words, or the
        one under discussion."""
        for code in named:
            if (found := self.target(code)) is not None:
                return found
        if text and not text.startswith("/") and self.search is not None and (searched := self.search(text)):
            return self.target(searched)
        return self.target(under_discussion)

    # -- one turn ------------------------------------------------------------------------------
    def next_question(self, target: Target, answers: AnswerMap) -> AskedQuestion | None:
        return step(self.catalog, target, answers, self.e_licenses).next_question

    def understand(self, target: Target, answers: AnswerMap, text: str, situation: str | None) -> Understood:
        """Take the answer to the pending question from a button or the citizen's words."""
        pending = self.next_question(target, answers)
        if situation:
            question, _, option = situation.partition("=")
            updated = {**answers, question: option.split(",")}
        elif normalize(text).strip("。！!，, ") in CANCEL_WORDS:
            return Understood(answers, cancelled=True)
        elif pending is None:
            return Understood(answers, complete=True)
        else:
            chosen = match_options(pending, text)
            if not chosen:
                hint = "请勾选符合的各项，或回复编号（如 1、3）：" if pending.question.multiple else "请点选下面的一项："
                return Understood(answers, problem=f"没能从“{text}”看出您的选择，{hint}")
            updated = {**answers, pending.id: chosen}
        try:
            result = step(self.catalog, target, updated, self.e_licenses)
        except AnswerError as exc:
            return Understood(answers, problem=f"{exc} 请重新选择：")
        kept = {k: v for k, v in updated.items() if k not in result.ignored_answers}
        return Understood(kept, complete=result.next_question is None)

    def ask(self, target: Target, answers: AnswerMap) -> BotMessage | None:
        """The pending question as a message with one button per option (None when none is left)."""
        question = self.next_question(target, answers)
        if question is None:
            return None
        number = len(answers) + 1
        buttons = [Button(o.text, button_payload("answer_situation", situation=f"{question.id}={o.id}", item=target.code)) for o in question.question.options]
        lead = f"为了列出“{target.name}”您需要准备的材料，请回答几个问题。\n" if not answers else ""
        if lead and target.presets:  # what the 一件事 itself settles is not asked: say so once
            lead += f"（由本一件事确定，无需回答：{'；'.join(target.preset_texts())}）\n"
        text = f"{lead}第{number}问：{question.text}" + (f"（{question.question.help}）" if question.question.help else "")
        if question.question.multiple:
            numbered = "；".join(f"{n}. {o.text}" for n, o in enumerate(question.question.options, 1))
            text += f"\n可多选：{numbered}。请勾选后点“确定”，或回复编号，如 1、3"
        payload = {"kind": "question", "target": {"code": target.code, "name": target.name}, "question": question.as_dict(), "number": number}
        return BotMessage(text, buttons, payload)

    def upload(self, target: Target, answers: AnswerMap) -> BotMessage:
        """The pre-review upload card: the materials this situation needs, to label the files by.

        The page posts the files to /api/v1/prereview (unanswered 情形 questions take their first
        option there, and the report says so) and shows the report card.
        """
        from knowledge.checklist.scenarios import walk

        full = walk(target, target.effective(target.parse_answers(answers))[0])
        checklist = step(self.catalog, target, full, self.e_licenses).checklist
        materials: list[dict[str, Any]] = [] if checklist is None else [
            {"code": m.code, "name": m.name, "required": m.required, "exempt": m.exempt, "lenient": m.lenient}
            for m in checklist.materials
        ]
        payload = {
            "kind": "upload",
            "target": {"code": target.code, "name": target.name},
            "answers": answers,
            "materials": materials,
            "upload_url": "/api/v1/prereview",
            "accept": ".jpg,.jpeg,.png,.pdf,.docx,.heic",
        }
        needed = [str(m["name"]) for m in materials if m["required"] and not m["exempt"]]
        text = (
            f"请上传“{target.name}”的材料照片或扫描件（jpg/png/pdf/docx），我会一次性告诉您所有问题。"
            + (f"\n需要的材料：{'、'.join(needed)}。" if needed else "")
            + "\n上传的文件只用于预审，保存7天后自动删除，您也可以随时删除。"
        )
        return BotMessage(text, [], payload)

    def result(self, target: Target, answers: AnswerMap) -> BotMessage:
        """The checklist card: saved, with its page and PDF links and buttons to change an answer."""
        done = step(self.catalog, target, answers, self.e_licenses)
        checklist = done.checklist
        if checklist is None:  # an answer was withdrawn meanwhile: ask again instead
            message = self.ask(target, answers)
            assert message is not None
            return message
        key = self.saved.save(checklist)
        links = {"id": key, "url": f"{self.base_url}/checklist/{key}", "pdf_url": f"{self.base_url}/api/v1/checklist/{key}.pdf"}
        buttons = [
            Button(f"改：{row['question_text']}", button_payload("start_checklist", item=target.code, situation=f"{row['question']}=?"))
            for row in checklist.answers
            if not row.get("preset") and not row.get("derived")  # not the citizen's own: change the cause
        ]
        payload = {"kind": "checklist", **links, "checklist": checklist.as_dict()}
        return BotMessage(summary(checklist, links["pdf_url"]), buttons, payload)


def match_options(question: AskedQuestion, text: str) -> list[str]:
    """The options a typed answer means; a multiple-choice question also takes several, by
    number or words, separated (“1、3”, “非婚生，民族不同”, “13” where there are fewer than ten).
    Empty when the answer, or any of its parts, is unclear."""
    said = normalize(text).strip("。！!，,？? ")
    if question.question.multiple:
        parts = [p for p in _SEPARATORS.split(said) if p]
        if len(parts) < 2 and re.fullmatch(r"[1-9]{2,}", said) and len(question.question.options) < 10:
            parts = list(said)
        if len(parts) >= 2:
            matched = [match_option(question, part) for part in parts]
            return [] if None in matched else list(dict.fromkeys(m for m in matched if m is not None))
    single = match_option(question, text)
    return [single] if single is not None else []


_SEPARATORS = re.compile(r"[，,、；;/\s]+|和|及|与|还有|以及")


def match_option(question: AskedQuestion, text: str) -> str | None:
    """The option a typed answer means: its id or text, the only option containing the words
    (or contained in them), or its number (“2”, “第二个”)."""
    said = normalize(text).strip("。！!，,？? ")
    if not said:
        return None
    said = said.replace(" ", "")
    options = question.question.options
    for option in options:
        if said in (option.id, _flat(option.text)):
            return option.id
    if m := _NUMBER.match(said):
        digit = m.group(1)
        index = int(digit) if digit.isdigit() else _CHINESE_DIGITS.index(digit) + 1
        if index <= len(options):
            return options[index - 1].id
    containing = [o.id for o in options if len(said) >= 2 and said in _flat(o.text)]
    if len(containing) == 1:
        return containing[0]
    contained = [o.id for o in options if len(_core(o.text)) >= 2 and _core(o.text) in said]
    if len(contained) == 1:
        return contained[0]
    ids = {o.id for o in options}
    for words, option_id in ((_YES, "yes"), (_NO, "no")):
        if said in words and option_id in ids:
            return option_id
    return _best_overlap(options, said)


_YES = {"是", "是的", "对", "对的", "有", "要", "需要", "嗯", "好"}
_NO = {"不是", "否", "没有", "无", "不", "不要", "不用", "不需要", "没"}
_FILLER = set("的了吗呢吧啊呀是我们你他她它这那个在有和或及")


def _best_overlap(options: list[Option], said: str) -> str | None:
    """The option sharing the most meaningful characters with the words (租的门面 → 租赁…),
    when one option shares more than any other and covers a third of the words."""
    meaningful = {c for c in said if c not in _FILLER}
    if not meaningful:
        return None
    scores = sorted(((len(meaningful & set(_flat(o.text))), o.id) for o in options), reverse=True)
    best, runner_up = scores[0][0], scores[1][0] if len(scores) > 1 else 0
    if best > runner_up and best * 3 >= len(meaningful):
        return scores[0][1]
    return None


def _flat(text: str) -> str:
    """Normalised, without the spaces normalisation leaves for punctuation: 父（母）户内 → 父母户内."""
    return normalize(text).replace(" ", "")


def _core(option_text: str) -> str:
    """An option's words before any explanation in brackets: “租赁他人的商铺或场地”."""
    return normalize(re.split(r"[（(，,]", option_text, maxsplit=1)[0]).strip()


def summary(checklist: Checklist, pdf_url: str) -> str:
    """The card's text: what to bring, in one short message (the card lists the details)."""
    name = checklist.target["name"]
    if not checklist.eligible:
        return f"根据您的回答，暂不能办理“{name}”：" + "；".join(checklist.ineligible_reasons) + " 如有疑问请拨打 12345。"
    bring = [m for m in checklist.materials if not m.exempt]
    exempt = len(checklist.materials) - len(bring)
    lines = [f"根据您的情况，办理“{name}”需要准备以下 {len(bring)} 项材料" + (f"（另有 {exempt} 项可免提交）" if exempt else "") + "："]
    for n, m in enumerate(bring, 1):
        flags = "".join(label for on, label in ((not m.required, "【非必要】"), (m.lenient, "【可容缺】"), (m.promise, "【可告知承诺】")) if on)
        lines.append(f"{n}. {m.name}（{m.original_or_copy}{m.copies}份）{flags}")
    if checklist.skipped_items:
        lines.append("无需办理：" + "、".join(s["name"] for s in checklist.skipped_items))
    lines.append(f"跑动次数：最多{checklist.visits}次。一次性告知单（可打印）：{pdf_url}")
    return "\n".join(lines)
