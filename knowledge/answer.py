"""Answers composed from a guide's own fields, each citing the item code and field it used.

Nothing is generated beyond the guide: the text is the field's content arranged for reading,
so staff can trace every sentence back to the 办事指南 (`source.field`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.schema import Bundle, Catalog, Item, MaterialRequirement, TimeLimit
from nlu.aspects import Aspect
from nlu.normalize import normalize
from nlu.segment import char_ngrams


@dataclass(frozen=True)
class Source:
    code: str
    field: str


@dataclass(frozen=True)
class Answer:
    text: str
    source: Source

    def as_dict(self) -> dict:
        return {"text": self.text, "source": {"code": self.source.code, "field": self.source.field}}


def _limit(limit: TimeLimit) -> str:
    text = f"{limit.days}个{limit.unit}" if limit.days else "当场办结"
    return f"{text}（{limit.note}）" if limit.note else text


def _requirement_line(catalog: Catalog, req: MaterialRequirement) -> str:
    material = catalog.material(req.material)
    name = material.name if material else req.material
    parts = [req.original_or_copy.value]
    if req.copies > 1:
        parts.append(f"{req.copies}份")
    if not req.required:
        parts.append("视情况提供")
    if req.exempt:
        parts.append("可通过电子证照免提交")
    if req.lenient:
        parts.append("可容缺后补")
    if req.promise:
        parts.append("可告知承诺")
    return f"{name}（{'，'.join(parts)}）"


def best_faq(question: str, faqs: list) -> tuple[int, float]:
    """The FAQ whose question shares most character bigrams with the citizen's (Dice)."""
    q = set(char_ngrams(normalize(question)))
    best, best_score = -1, 0.0
    for i, faq in enumerate(faqs):
        f = set(char_ngrams(normalize(faq.q)))
        if q and f:
            score = 2 * len(q & f) / (len(q) + len(f))
            if score > best_score:
                best, best_score = i, score
    return best, best_score


NOT_PUBLISHED = "办事指南未公布"
_HOTLINE = "如需确认，可拨打 12345 政务服务便民热线。"


def _phones(item: Item) -> Answer:
    phones = [f"{label}：{number}" for label, number in (("咨询电话", item.phones.consult), ("投诉电话", item.phones.complaint)) if number]
    if not phones:
        return Answer(f"「{item.name}」的{NOT_PUBLISHED}咨询电话。{_HOTLINE}", Source(item.code, "phones"))
    return Answer(f"「{item.name}」" + "，".join(phones) + "。", Source(item.code, "phones"))


def _hours(item: Item) -> Answer:
    hours = "\n".join(f"{p.name}：{p.hours}" for p in item.places)
    return Answer(f"「{item.name}」办公时间：\n{hours}", Source(item.code, "places"))


def _visits(item: Item) -> Answer:
    if item.visits == 0:
        text = f"「{item.name}」零跑动：全程网上办理，不用到现场。"
    else:
        text = f"「{item.name}」到现场次数：最多{item.visits}次。"
    return Answer(text, Source(item.code, "visits"))


def _validity(item: Item) -> Answer:
    result = item.result
    if result is None or not result.validity:
        name = f"（{result.name}）" if result else ""
        return Answer(f"「{item.name}」办理结果{name}的有效期，{NOT_PUBLISHED}。{_HOTLINE}", Source(item.code, "result"))
    return Answer(f"「{item.name}」办理结果（{result.name}）有效期：{result.validity}。", Source(item.code, "result.validity"))


# Where a guide says who may apply for whom: a sentence on 代办, 委托 or the applicant in person.
_AGENT_SENTENCE = re.compile(r"[^。；\n]*(代办|委托|代理人|本人(亲自|到场|办理|申请)|不得代|不能代)[^。；\n]*[。；]?")


def _agent(item: Item) -> Answer:
    """Only what the guide says: its own sentences on agents, or a 情形 option for an agent."""
    sentences = [m.group(0).strip() for m in _AGENT_SENTENCE.finditer(item.conditions)]
    options = [(q, o) for q in item.questions for o in q.options if re.search(r"委托|代办|代理", o.text)]
    if options:
        question, option = options[0]
        lines = [f"「{item.name}」可以委托他人代办：情形“{question.text}”选“{option.text}”，材料清单会列出代办需要的材料。"]
        return Answer("\n".join(lines + [f"受理条件：{s}" for s in sentences[:1]]), Source(item.code, f"questions[{item.questions.index(question)}]"))
    if sentences:
        return Answer(f"「{item.name}」受理条件：" + "".join(sentences), Source(item.code, "conditions"))
    return Answer(f"「{item.name}」能否委托他人代办，{NOT_PUBLISHED}。{_HOTLINE}", Source(item.code, "conditions"))


def _collection(item: Item) -> Answer:
    result = item.result
    if result is not None and result.collection:
        return Answer(f"「{item.name}」办理结果（{result.name}）领取方式：{result.collection}。", Source(item.code, "result.collection"))
    if item.online.logistics:
        return Answer(f"「{item.name}」支持结果邮寄（物流送达）；其他领取方式{NOT_PUBLISHED}。", Source(item.code, "online"))
    return Answer(f"「{item.name}」办理结果的领取方式，{NOT_PUBLISHED}。{_HOTLINE}", Source(item.code, "result"))


# The finer aspects, each answered from its own field (nlu.aspects.Aspect.parent for the rest).
_FINER: dict[Aspect, Callable[[Item], Answer]] = {
    Aspect.PHONE: _phones,
    Aspect.HOURS: _hours,
    Aspect.VISITS: _visits,
    Aspect.VALIDITY: _validity,
    Aspect.AGENT: _agent,
    Aspect.COLLECTION: _collection,
}


class AnswerComposer:
    """Turns (target, aspect, question) into a short answer with its source field."""

    faq_threshold = 0.45

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def compose(self, code: str, aspect: Aspect, question: str) -> Answer | None:
        item = self.catalog.item(code)
        if item is not None:
            return self._item(item, aspect, question)
        bundle = self.catalog.bundle(code)
        return self._bundle(bundle, aspect, question) if bundle else None

    def _faq(self, code: str, faqs: list, question: str, threshold: float) -> Answer | None:
        index, score = best_faq(question, faqs)
        if index >= 0 and score >= threshold:
            return Answer(faqs[index].a, Source(code, f"faqs[{index}]"))
        return None

    def _item(self, item: Item, aspect: Aspect, question: str) -> Answer:
        code, name = item.code, item.name
        faq = self._faq(code, item.faqs, question, self.faq_threshold if aspect == Aspect.GENERAL else 0.7)
        if faq:
            return faq
        if aspect == Aspect.MATERIALS:
            lines = [f"{i}. {_requirement_line(self.catalog, r)}" for i, r in enumerate(item.materials, 1)]
            tail = "\n不同情形所需材料不同，可按情形生成您的个人材料清单。" if item.questions else ""
            return Answer(f"办理「{name}」需要准备：\n" + "\n".join(lines) + tail, Source(code, "materials"))
        if aspect == Aspect.TIME:
            text = f"「{name}」为{item.handling_type.value}，承诺办结时限{_limit(item.promised_time_limit)}"
            if item.legal_time_limit:
                text += f"，法定办结时限{_limit(item.legal_time_limit)}"
            return Answer(text + "。", Source(code, "promised_time_limit"))
        if aspect == Aspect.FEE:
            if not item.fee.charged:
                return Answer(f"「{name}」不收费。", Source(code, "fee"))
            fees = "；".join(
                f"{f.name}：{f.standard}" + (f"（{f.reduction}）" if f.reduction else "") for f in item.fee.items
            )
            basis = f"\n收费依据：{item.fee.basis}" if item.fee.basis else ""
            return Answer(f"「{name}」收费标准：{fees}。{basis}", Source(code, "fee"))
        if aspect == Aspect.LOCATION:
            places = "\n".join(f"{p.name}：{p.address}（{p.hours}）" for p in item.places)
            phone = f"\n咨询电话：{item.phones.consult}" if item.phones.consult else ""
            return Answer(f"「{name}」办理地点：\n{places}{phone}", Source(code, "places"))
        if aspect == Aspect.CONDITIONS:
            return Answer(f"「{name}」受理条件：{item.conditions}", Source(code, "conditions"))
        if aspect == Aspect.PROCESS:
            steps = "\n".join(
                f"{i}. {s.name}" + (f"：{s.description}" if s.description else "") for i, s in enumerate(item.process, 1)
            )
            return Answer(f"「{name}」办理流程：\n{steps}", Source(code, "process"))
        if aspect == Aspect.ONLINE:
            online = item.online
            if not online.available:
                return Answer(f"「{name}」暂不支持网上办理，请到现场办理。", Source(code, "online"))
            depth = {1: "网上咨询", 2: "网上预审", 3: "网上受理，到现场一次", 4: "全程网办，无需到现场"}.get(
                online.depth or 0, "可网上办理"
            )
            extra = "，支持结果邮寄" if online.logistics else ""
            return Answer(f"「{name}」支持网上办理（{depth}{extra}）：{online.url}", Source(code, "online"))
        if aspect in _FINER:
            return _FINER[aspect](item)
        summary = item.summary or item.conditions
        facts = f"承诺时限{_limit(item.promised_time_limit)}，跑动{item.visits}次" + (
            "，可网上办理" if item.online.available else ""
        )
        return Answer(f"「{name}」：{summary}（{facts}）", Source(code, "summary"))

    def _bundle(self, bundle: Bundle, aspect: Aspect, question: str) -> Answer:
        code, name = bundle.code, bundle.name
        faq = self._faq(code, bundle.faqs, question, self.faq_threshold if aspect == Aspect.GENERAL else 0.7)
        if faq:
            return faq
        members = [self.catalog.item(m.item) for m in bundle.items]
        names = "、".join(m.name for m in members if m)
        if aspect == Aspect.TIME and bundle.promised_time_limit:
            return Answer(f"「{name}」承诺办结时限{_limit(bundle.promised_time_limit)}。", Source(code, "promised_time_limit"))
        if aspect == Aspect.LOCATION and bundle.places:
            places = "\n".join(f"{p.name}：{p.address}（{p.hours}）" for p in bundle.places)
            return Answer(f"「{name}」办理地点：\n{places}", Source(code, "places"))
        if aspect == Aspect.ONLINE and bundle.online.available:
            return Answer(f"「{name}」支持网上一次申请：{bundle.online.url}", Source(code, "online"))
        if aspect == Aspect.CONDITIONS and bundle.eligibility:
            rules = "；".join(e.message for e in bundle.eligibility)
            return Answer(f"「{name}」适用条件：{rules}", Source(code, "eligibility"))
        if aspect == Aspect.MATERIALS:
            return Answer(
                f"「{name}」一次办理{names}。所需材料取决于您的情况，回答几个问题即可生成合并去重的材料清单。",
                Source(code, "items"),
            )
        return Answer(f"「{name}」：{bundle.summary}（包含：{names}）", Source(code, "summary"))
