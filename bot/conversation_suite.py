"""Multi-turn conversation suites: citizens' conversations with what each turn must get.

A suite (YAML) holds conversations; each turn says something (`say`) or clicks an offered
item (`click: <item name>`, the button of the last ask-back), and `expect`s one reply, or
any of a list:

- `{kind: answer, item: <name>, aspect: <aspect>}` — an answer about that item (or bundle);
  the aspect, when given, is the guide's part it must come from (ASPECT_FIELDS);
- `{kind: choices, among: [<name>, …]}` — an ask-back whose buttons include these items;
- `{kind: fallback}` (not found / out of scope), `{kind: handoff}` (to a person),
  `{kind: social}` (greeting, thanks: no answer, ask-back or handoff).

The score is turns right / turns, over whatever channel `chat` talks to (the real API in the
tests), so the same suite measures the product as a citizen meets it.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.schema import Catalog

# The guide fields (the answer payload's `field`, before any [index]) that answer each aspect.
# A guide's own FAQ (faqs[i]) answers a question it matches, whatever its aspect.
ASPECT_FIELDS: dict[str, tuple[str, ...]] = {
    "materials": ("materials", "items"),
    "time": ("promised_time_limit",),
    "fee": ("fee",),
    "places": ("places",),
    "conditions": ("conditions", "eligibility"),
    "process": ("process",),
    "online": ("online",),
    "phone": ("phones",),
    "visits": ("visits",),
    "hours": ("places",),
    "validity": ("result", "result.validity"),
    "agent": ("questions", "conditions"),
    "collection": ("result", "result.collection", "online"),
}
KINDS = ("answer", "choices", "fallback", "handoff", "social")
_BUTTON_ITEM = re.compile(r"\{.*\}$")

Chat = Callable[[str, str], list[dict[str, Any]]]  # (conversation, message) → bot messages


@dataclass(frozen=True)
class Expectation:
    kind: str
    item: str | None = None
    aspect: str | None = None
    among: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuiteTurn:
    text: str | None  # what the citizen types, or None for a click
    click: str | None
    expect: tuple[Expectation, ...]


@dataclass(frozen=True)
class Conversation:
    id: str
    about: str
    turns: tuple[SuiteTurn, ...]


@dataclass
class TurnResult:
    conversation: str
    index: int
    said: str
    right: bool
    got: str


@dataclass
class SuiteReport:
    results: list[TurnResult] = field(default_factory=list)

    @property
    def turns(self) -> int:
        return len(self.results)

    @property
    def right(self) -> int:
        return sum(r.right for r in self.results)

    @property
    def score(self) -> float:
        return self.right / self.turns if self.turns else 0.0

    def wrong(self) -> list[TurnResult]:
        return [r for r in self.results if not r.right]

    def table(self) -> str:
        lines = [f"turns right {self.right} / {self.turns} = {self.score:.3f}"]
        lines += [f"WRONG {r.conversation}#{r.index + 1} {r.said!r}: {r.got}" for r in self.wrong()]
        return "\n".join(lines)


def _expectation(raw: dict[str, Any], names: set[str], where: str) -> Expectation:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    among = tuple(raw.get("among") or ())
    unknown = [n for n in (raw.get("item"), *among) if n and n not in names]
    if unknown:
        raise ValueError(f"{where}: not an item or bundle of the catalogue: {', '.join(unknown)}")
    aspect = raw.get("aspect")
    if aspect is not None and aspect not in ASPECT_FIELDS:
        raise ValueError(f"{where}: aspect must be one of {', '.join(ASPECT_FIELDS)}, not {aspect!r}")
    return Expectation(kind, raw.get("item"), aspect, among)


def load_suite(path: Path, catalog: Catalog) -> list[Conversation]:
    """The suite's conversations, checked against the catalogue (a stale name is an error)."""
    names = {i.name for i in catalog.items} | {b.name for b in catalog.bundles}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for raw in document.get("conversations") or []:
        turns = []
        for index, turn in enumerate(raw.get("turns") or []):
            where = f"{path.name}: {raw.get('id')} turn {index + 1}"
            expected = turn.get("expect")
            options = expected if isinstance(expected, list) else [expected]
            if not options or not all(isinstance(o, dict) for o in options):
                raise ValueError(f"{where}: expect must be one expectation or a list of them")
            if ("say" in turn) == ("click" in turn):
                raise ValueError(f"{where}: a turn either says something or clicks an item")
            if turn.get("click") and turn["click"] not in names:
                raise ValueError(f"{where}: not an item or bundle of the catalogue: {turn['click']}")
            turns.append(SuiteTurn(turn.get("say"), turn.get("click"), tuple(_expectation(o, names, where) for o in options)))
        out.append(Conversation(str(raw.get("id")), str(raw.get("about") or ""), tuple(turns)))
    return out


def _button_codes(message: dict[str, Any]) -> list[str]:
    codes = []
    for button in message.get("buttons") or []:
        found = _BUTTON_ITEM.search(str(button.get("payload") or ""))
        if found:
            try:
                item = json.loads(found.group(0)).get("item")
            except json.JSONDecodeError:
                continue
            if item:
                codes.append(str(item))
    return codes


def _describe(messages: list[dict[str, Any]]) -> str:
    parts = []
    for m in messages:
        payload = m.get("payload") or {}
        kind = payload.get("kind", "text")
        if kind == "answer":
            parts.append(f"answer {payload['item']['code']} {payload.get('field')}")
        elif kind == "choices":
            parts.append(f"choices {_button_codes(m)}")
        else:
            parts.append(f"{kind}: {str(m.get('text'))[:40]}")
    return "; ".join(parts) or "no reply"


def meets(messages: list[dict[str, Any]], expect: Expectation, codes: dict[str, str]) -> bool:
    """Whether the bot's messages for one turn are what the expectation asks."""
    kinds = [(m.get("payload") or {}).get("kind") for m in messages]
    if expect.kind == "answer":
        for m in messages:
            payload = m.get("payload") or {}
            if payload.get("kind") != "answer" or payload["item"]["code"] != codes[expect.item or ""]:
                continue
            field_name = str(payload.get("field") or "").split("[", 1)[0]
            if expect.aspect is None or field_name == "faqs" or field_name in ASPECT_FIELDS[expect.aspect]:
                return True
        return False
    if expect.kind == "choices":
        offered = [set(_button_codes(m)) for m, kind in zip(messages, kinds, strict=True) if kind == "choices"]
        return any({codes[n] for n in expect.among} <= buttons for buttons in offered)
    if expect.kind == "social":
        return not {"answer", "choices", "handoff"} & set(kinds)
    return expect.kind in kinds


def run_suite(conversations: Sequence[Conversation], chat: Chat, catalog: Catalog) -> SuiteReport:
    """Every conversation in a fresh conversation; a click sends the offered button's payload."""
    codes = {i.name: i.code for i in catalog.items} | {b.name: b.code for b in catalog.bundles}
    report = SuiteReport()
    for conversation in conversations:
        sender = f"suite-{conversation.id}-{uuid.uuid4().hex[:8]}"
        last: list[dict[str, Any]] = []
        for index, turn in enumerate(conversation.turns):
            text = turn.text
            if turn.click is not None:
                text = next((str(b["payload"]) for m in last for b in m.get("buttons") or []
                             if codes[turn.click] in _button_codes({"buttons": [b]})), None)
                if text is None:  # nothing to click: the turn before did not offer the item
                    report.results.append(TurnResult(conversation.id, index, f"click {turn.click}", False, "no such button"))
                    continue
            assert text is not None
            last = chat(sender, text)
            right = any(meets(last, e, codes) for e in turn.expect)
            report.results.append(TurnResult(conversation.id, index, turn.text or f"click {turn.click}", right, _describe(last)))
    return report


def kinds_expected(conversations: Sequence[Conversation]) -> Counter[str]:
    """How many turns expect each kind first (the suite's coverage)."""
    return Counter(turn.expect[0].kind for c in conversations for turn in c.turns)
