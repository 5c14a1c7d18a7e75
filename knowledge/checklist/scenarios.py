"""Every situation of an item or bundle, for staff review and golden files.

`scenarios` answers the questions the engine asks, covering every option of every question
that can be reached: a base path (first option everywhere), then one path per other option,
changing only that answer. `paths` enumerates every reachable combination of answers (for
exhaustive checks, up to a limit). `audit_text` prints a checklist in a compact, readable form
that shows every field a window clerk checks and why each material is there.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from itertools import combinations

from knowledge.checklist.engine import build
from knowledge.checklist.model import Checklist
from knowledge.checklist.situation import Answers, AskedQuestion, Target, next_question
from knowledge.schema import Catalog

Choose = Callable[[AskedQuestion, Answers], frozenset[str]]


def first_option(question: AskedQuestion, _answers: Answers) -> frozenset[str]:
    return frozenset({question.question.options[0].id})


def walk(target: Target, answers: Answers, choose: Choose = first_option) -> Answers:
    """Answer every question the engine still asks, with `choose`, starting from `answers`."""
    answers = dict(answers)
    while (asked := next_question(target, answers)) is not None:
        answers[asked.id] = choose(asked, answers)
    return answers


def scenarios(target: Target) -> list[Answers]:
    """The base path, then for each reachable question and each other option, that variation.

    Variations are explored breadth first, so a question that only a varied answer reveals
    (e.g. 住改商 → whose house) is varied in turn; each question is varied once.
    """
    found: list[Answers] = []
    seen: set[tuple] = set()
    varied: set[str] = set()
    queue = [walk(target, {})]
    while queue:
        answers = queue.pop(0)
        if _key(answers) in seen:
            continue
        seen.add(_key(answers))
        found.append(answers)
        order = asked_order(target, answers)
        for i, question_id in enumerate(order):
            if question_id in varied:
                continue
            varied.add(question_id)
            asked = target.question(question_id)
            assert asked is not None
            before = {q: answers[q] for q in order[:i]}
            for option in asked.question.options:
                if answers[question_id] != frozenset({option.id}):
                    queue.append(walk(target, {**before, question_id: frozenset({option.id})}))
    return found


def asked_order(target: Target, answers: Answers) -> list[str]:
    """The questions the engine asks, in order, when the citizen gives these answers."""
    prefix: Answers = {}
    order = []
    while (asked := next_question(target, prefix)) is not None and asked.id in answers:
        order.append(asked.id)
        prefix[asked.id] = answers[asked.id]
    return order


# A multiple-choice question with at most this many options is walked with every combination
# of ticks; a longer one with each option alone and all together.
EVERY_COMBINATION = 7


def choices(question: AskedQuestion) -> list[frozenset[str]]:
    """The answers a walk gives a question: each option; for multiple choice (a tick list),
    every non-empty combination (each option alone and all together past EVERY_COMBINATION)."""
    options = [o.id for o in question.question.options]
    if not question.question.multiple:
        return [frozenset({o}) for o in options]
    if len(options) > EVERY_COMBINATION:
        return [frozenset({o}) for o in options] + [frozenset(options)]
    return [frozenset(c) for n in range(1, len(options) + 1) for c in combinations(options, n)]


def paths(target: Target, limit: int, start: Answers | None = None) -> Iterator[Answers]:
    """Every reachable complete combination of answers (`choices`) that keeps the `start`
    answers, depth first, at most `limit` of them."""
    count = 0
    stack: list[Answers] = [dict(start or {})]
    while stack and count < limit:
        answers = stack.pop()
        asked = next_question(target, answers)
        if asked is None:
            count += 1
            yield answers
            continue
        stack.extend({**answers, asked.id: c} for c in reversed(choices(asked)))


def _key(answers: Answers) -> tuple:
    return tuple(sorted((k, tuple(sorted(v))) for k, v in answers.items()))


def answers_label(answers: Answers) -> str:
    return " ".join(f"{k}={','.join(sorted(v))}" for k, v in answers.items()) or "（无需回答问题）"


def audit_blocks(checklist: Checklist) -> dict[str, str]:
    """A checklist as keyed text blocks (items, each skipped item, each material, notes, totals)."""
    blocks: dict[str, str] = {}
    if not checklist.eligible:
        blocks["ineligible"] = "不符合条件：" + "；".join(checklist.ineligible_reasons)
    blocks["items"] = "办理事项：" + ("、".join(f"{i['name']}({i['code']})" for i in checklist.items) or "无")
    for skipped in checklist.skipped_items:
        blocks[f"skip {skipped['code']}"] = f"不需办理：{skipped['name']}({skipped['code']}) — {skipped['reason']}"
    for m in checklist.materials:
        flags = ["必要" if m.required else "非必要", m.original_or_copy, f"{m.copies}份", m.form, m.source]
        flags += [label for on, label in ((m.exempt, "免提交"), (m.lenient, "可容缺"), (m.promise, "可告知承诺")) if on]
        if m.signature != "无":
            flags.append(m.signature)
        standard = " ".join((m.standard or "—").split())
        blocks[f"material {m.code}"] = (
            f"{m.name} [{m.code}] {' '.join(flags)}\n    用于：{','.join(m.for_items)}；原因：{m.reason}\n    标准：{standard}"
        )
    for note in checklist.notes:
        blocks[f"note {note.item} {note.text}"] = f"提示（{note.item_name}）：{note.text}"
    limit = checklist.time_limit
    time = f"{limit['days']}{limit['unit']}（{limit['item_name']}）" if limit else "—"
    fees = "收费：" + "、".join(f"{f['name']} {f['standard']}" for f in checklist.fees["items"]) if checklist.fees["charged"] else "不收费"
    online = "全程网办" if checklist.online["all_online"] else ("部分可网办" if checklist.online["available"] else "不可网办")
    blocks["totals"] = f"跑动次数：{checklist.visits}；承诺时限：{time}；{fees}；{online}；地点：{len(checklist.places)}处"
    return blocks


def audit_text(checklist: Checklist) -> str:
    """The whole checklist in the compact golden-file and staff-review form."""
    return "\n".join(_numbered(audit_blocks(checklist)))


def _numbered(blocks: dict[str, str]) -> list[str]:
    lines, n = [], 0
    for key, text in blocks.items():
        if key.startswith("material "):
            n += 1
            text = f"{n}. {text}"
        lines.append(text)
    return lines


def audit(catalog: Catalog, target: Target, e_licenses: Collection[str] | None = None) -> str:
    """Every scenario of the target: the first in full, each other as its differences from it
    (+ added, - gone, ~ changed), so a reviewer sees what each answer does."""
    parts = [f"# {target.name} ({target.code}) — {len(target.questions)} 个情形问题"]
    base: dict[str, str] | None = None
    for answers in scenarios(target):
        blocks = audit_blocks(build(catalog, target, answers, e_licenses))
        parts.append(f"\n## {answers_label(answers)}")
        if base is None:
            base = blocks
            parts.extend(_numbered(blocks))
            continue
        for key, text in blocks.items():
            if key not in base:
                parts.append("+ " + text)
            elif base[key] != text:
                parts.append("~ " + text)
        parts.extend("- " + text.split("\n")[0] for key, text in base.items() if key not in blocks)
    return "\n".join(parts) + "\n"
