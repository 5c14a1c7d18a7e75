"""The 情形 questions of an item or bundle, the citizen's answers, and which question comes next.

A bundle asks its own questions first, then the questions of its member items that it does not
answer itself (a bundle question answers the item question with the same id). Item questions
that are the same across members (same id, same options) are asked once; where the same id
means different things in two members, each is asked under "<item code>.<id>".

A question is asked only when its answer can still change the result: some rule, include_if,
eligibility condition or show_if of a question that matters mentions it, and the rest of that
condition can still come true. That keeps the citizen's questions to the fewest possible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from knowledge.schema import Bundle, Catalog, Condition, Item, Question, SharedQuestion

Answers = dict[str, frozenset[str]]
"""question id (as the citizen answers it) → chosen option ids."""

BUNDLE = ""  # the scope of a bundle's own questions


class AnswerError(ValueError):
    """An answer names a question or option that does not exist; the message lists the valid ones."""

    def __init__(self, message: str, question: str | None = None, choices: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.question = question
        self.choices = choices or []


@dataclass(frozen=True)
class AskedQuestion:
    """One question as the citizen sees it: its public id and where its answer is used."""

    id: str
    question: Question
    scope: str  # BUNDLE, or the code of the item whose own question this is
    items: tuple[str, ...]  # codes of the items that read the answer (empty: bundle-level only)

    @property
    def text(self) -> str:
        return self.question.text

    def option_text(self, option_id: str) -> str:
        return next((o.text for o in self.question.options if o.id == option_id), option_id)

    def as_dict(self) -> dict:
        data = {
            "id": self.id,
            "text": self.question.text,
            "options": [{"id": o.id, "text": o.text} for o in self.question.options],
            "multiple": self.question.multiple,
            "required": self.question.required,
        }
        if self.question.help:
            data["help"] = self.question.help
        return data


@dataclass
class Target:
    """What a checklist is for: one item, or a bundle (一件事) with its member items."""

    kind: str  # "item" | "bundle"
    code: str
    name: str
    item: Item | None = None
    bundle: Bundle | None = None
    members: list[Item] = field(default_factory=list)  # the items, in the bundle's order
    questions: list[AskedQuestion] = field(default_factory=list)
    presets: Answers = field(default_factory=dict)  # answers the bundle itself implies: never asked
    implications: list[tuple[Condition, Answers]] = field(default_factory=list)  # (when, then): derived answers
    shares: list[Share] = field(default_factory=list)  # bundle questions that answer member questions

    @classmethod
    def of_item(cls, item: Item) -> Target:
        asked = [AskedQuestion(q.id, q, item.code, (item.code,)) for q in item.questions]
        return cls("item", item.code, item.name, item=item, members=[item], questions=asked, shares=_shares(item.shared))

    @classmethod
    def of_bundle(cls, bundle: Bundle, catalog: Catalog) -> Target:
        members = [m for m in (catalog.item(bi.item) for bi in bundle.items) if m is not None]
        own_ids = {q.id for q in bundle.questions}
        readers = {q.id: tuple(m.code for m in members if any(iq.id == q.id for iq in m.questions)) for q in bundle.questions}
        asked = [AskedQuestion(q.id, q, BUNDLE, readers[q.id]) for q in bundle.questions]
        # Member questions the bundle does not answer: one public id per distinct question.
        by_id: dict[str, list[tuple[Item, Question]]] = {}
        for member in members:
            for q in member.questions:
                if q.id not in own_ids:
                    by_id.setdefault(q.id, []).append((member, q))
        for member in members:
            for q in member.questions:
                if q.id in own_ids:
                    continue
                same = by_id[q.id]
                if all(_same_question(q, other) for _, other in same):
                    if same[0][0].code == member.code:  # asked once, for every member that has it
                        asked.append(AskedQuestion(q.id, q, member.code, tuple(m.code for m, _ in same)))
                else:
                    asked.append(AskedQuestion(f"{member.code}.{q.id}", q, member.code, (member.code,)))
        implications = [(i.when, _answers(i.then)) for i in bundle.implications]
        return cls(
            "bundle", bundle.code, bundle.name, bundle=bundle, members=members, questions=asked,
            presets=_answers(bundle.presets), implications=implications, shares=_shares(bundle.shared),
        )

    # -- answers ------------------------------------------------------------------------------
    def question(self, public_id: str) -> AskedQuestion | None:
        return next((q for q in self.questions if q.id == public_id), None)

    def parse_answers(self, raw: Mapping[str, str | Iterable[str]]) -> Answers:
        """Answers keyed by public question id, validated; AnswerError lists the valid choices."""
        answers: Answers = {}
        for key, value in raw.items():
            asked = self.question(key.strip())
            if asked is None:
                valid = "; ".join(f"{q.id}（{q.text}）" for q in self.questions) or "（本事项没有情形问题）"
                raise AnswerError(
                    f"“{self.name}”没有问题 {key!r}。可以回答的问题：{valid}",
                    choices=[{"id": q.id, "text": q.text} for q in self.questions],
                )
            chosen = [value] if isinstance(value, str) else list(value)
            picked: set[str] = set()
            for part in (p.strip() for c in chosen for p in c.split(",")):
                option = next((o for o in asked.question.options if part in (o.id, o.text)), None)
                if option is None:
                    valid = "; ".join(f"{o.id}（{o.text}）" for o in asked.question.options)
                    raise AnswerError(
                        f"{part!r} 不是问题“{asked.text}”（{asked.id}）的选项。可选：{valid}",
                        question=asked.id,
                        choices=[{"id": o.id, "text": o.text} for o in asked.question.options],
                    )
                picked.add(option.id)
            if not picked:
                raise AnswerError(f"问题“{asked.text}”（{asked.id}）的答案是空的", question=asked.id)
            if len(picked) > 1 and not asked.question.multiple:
                raise AnswerError(
                    f"问题“{asked.text}”（{asked.id}）只能选一个答案，收到了 {len(picked)} 个",
                    question=asked.id,
                    choices=[{"id": o.id, "text": o.text} for o in asked.question.options],
                )
            answers[asked.id] = frozenset(picked)
        return answers

    def preset_texts(self) -> list[str]:
        """The presets as the citizen reads them (出生医学证明签发「您要办理哪一种？」首次签发), in
        question order: the item asking, the question, the options."""
        names = {m.code: m.name for m in self.members}
        return [
            f"{names.get(q.scope, self.name)}「{q.text}」" + "、".join(q.option_text(o) for o in sorted(self.presets[q.id]))
            for q in self.questions
            if q.id in self.presets
        ]

    def settled(self, answers: Answers) -> Answers:
        """The citizen's answers, the bundle's presets (which win: 出生一件事 is a first issue) and
        the answers they imply — through implications and shared questions — which never replace
        one the citizen gave."""
        if not self.presets and not self.implications and not self.shares:
            return answers
        out = {**answers, **self.presets}
        changed = True
        while changed:
            changed = False
            implied = [then for when, then in self.implications if matches(when, out)]
            implied += [{share.member: options} for share in self.shares if (options := share.answer(out)) is not None]
            for then in implied:
                for question, options in then.items():
                    if question not in out:
                        out[question] = options
                        changed = True
        return out

    def scoped(self, scope: str, answers: Answers) -> Answers:
        """The answers as the questions of one scope (the bundle, or a member item) name them."""
        local: Answers = {}
        for q in self.questions:
            if q.id in answers and (self.kind == "item" or q.scope == BUNDLE or (scope != BUNDLE and scope in q.items)):
                local[q.question.id] = answers[q.id]
        return local

    def describe(self, scope: str, question_id: str, option_id: str) -> tuple[str, str, str, str]:
        """(public id, question text, option id, option text) of an answer as `scope` names it."""
        for q in self.questions:
            if q.question.id == question_id and (self.kind == "item" or q.scope == BUNDLE or scope in q.items):
                return q.id, q.text, option_id, q.option_text(option_id)
        return question_id, question_id, option_id, option_id

    def visible(self, asked: AskedQuestion, answers: Answers) -> bool:
        """Whether the question's show_if holds (in its own scope's names; presets count)."""
        cond = asked.question.show_if
        return cond is None or matches(cond, self.scoped(asked.scope, self.settled(answers)))

    def effective(self, answers: Answers) -> tuple[Answers, list[str]]:
        """Drop answers to questions that are hidden by other answers (e.g. after a change)."""
        kept = dict(answers)
        changed = True
        while changed:
            changed = False
            for q in self.questions:
                if q.id in kept and not self.visible(q, kept):
                    del kept[q.id]
                    changed = True
        return kept, [k for k in answers if k not in kept]


@dataclass(frozen=True)
class Share:
    """A shared bundle question mapped onto one member question (see SharedQuestion)."""

    question: str  # the bundle question's id
    member: str  # the member question's public id
    options: Answers  # bundle option → member options
    otherwise: str | None = None  # the member answer when no mapped bundle option is chosen

    def answer(self, answers: Answers) -> frozenset[str] | None:
        """The member question's answer that the bundle question's answer gives, if any."""
        chosen = answers.get(self.question)
        if chosen is None:
            return None
        mapped = frozenset().union(*(self.options[o] for o in chosen if o in self.options))
        if mapped:
            return mapped
        return frozenset({self.otherwise}) if self.otherwise else None


def _shares(shared: list[SharedQuestion]) -> list[Share]:
    return [Share(s.question, s.answers, _answers(s.options), s.otherwise) for s in shared]


def _answers(condition: Condition) -> Answers:
    return {question: frozenset(options) for question, options in condition.items()}


def _same_question(a: Question, b: Question) -> bool:
    return [o.id for o in a.options] == [o.id for o in b.options] and a.multiple == b.multiple


def matches(cond: Condition, answers: Answers) -> bool:
    """All questions of the condition answered with one of its options (options OR, questions AND)."""
    return all(answers.get(q, frozenset()) & set(options) for q, options in cond.items())


def may_match(cond: Condition, answers: Answers) -> bool:
    """The condition can still come true: every answered question in it has a matching option."""
    return all(q not in answers or answers[q] & set(options) for q, options in cond.items())


def triggers(cond: Condition, answers: Answers) -> list[tuple[str, str]]:
    """The (question id, option id) pairs of the answers that made the condition true."""
    return [(q, o) for q, options in cond.items() for o in sorted(answers.get(q, frozenset()) & set(options))]


@dataclass(frozen=True)
class _Consumer:
    """A condition that reads answers: a rule, include_if, eligibility, or a question's show_if."""

    scope: str
    condition: Condition
    gates: AskedQuestion | None = None  # set for a show_if: the question it shows


def _consumers(target: Target) -> list[_Consumer]:
    found: list[_Consumer] = []
    if target.bundle is not None:
        bundle = target.bundle
        found += [_Consumer(BUNDLE, r.when) for r in bundle.rules]
        found += [_Consumer(BUNDLE, bi.include_if) for bi in bundle.items if bi.include_if]
        found += [_Consumer(BUNDLE, e.when) for e in bundle.eligibility]
    for member in target.members:
        found += [_Consumer(member.code, r.when) for r in member.rules]
    for q in target.questions:
        if q.question.show_if:
            found.append(_Consumer(q.scope, q.question.show_if, q))
    return found


def ineligible(target: Target, answers: Answers) -> list[str]:
    """The messages of the bundle's eligibility conditions that the answers meet."""
    if target.bundle is None:
        return []
    local = target.scoped(BUNDLE, answers)
    return [e.message for e in target.bundle.eligibility if matches(e.when, local)]


def included(target: Target, answers: Answers, *, possibly: bool = False) -> list[Item]:
    """The member items that apply (or, with possibly, that may still apply) to these answers."""
    if target.bundle is None:
        return list(target.members)
    local = target.scoped(BUNDLE, answers)
    test = may_match if possibly else matches
    codes = {bi.item for bi in target.bundle.items if bi.include_if is None or test(bi.include_if, local)}
    return [m for m in target.members if m.code in codes]


def next_question(target: Target, answers: Answers) -> AskedQuestion | None:
    """The question to ask next, of those whose answer can still change the checklist.

    An item's come in the order its editor wrote. A bundle's are gathered from several items,
    so first comes one that can end the list (an eligibility condition), then one that decides
    whether other questions are asked at all (an item's include_if, another question's show_if),
    then the rest; in the written order within each.
    """
    settled, _ = target.effective(target.settled(answers))
    pending = _pending(target, settled)
    if not pending or target.kind == "item":
        return pending[0] if pending else None
    ranks = _gate_ranks(target)
    return min(pending, key=lambda q: ranks.get(q.id, 2))  # min keeps the first of equals


def _gate_ranks(target: Target) -> dict[str, int]:
    """0 for questions an eligibility condition reads, 1 for those an include_if or a show_if
    reads (a shared question ranks as the questions it answers); absent: 2."""
    ranks: dict[str, int] = {}
    bundle = target.bundle
    conditions = [(0, e.when, BUNDLE) for e in bundle.eligibility] if bundle else []
    conditions += [(1, bi.include_if, BUNDLE) for bi in bundle.items if bi.include_if] if bundle else []
    conditions += [(1, q.question.show_if, q.scope) for q in target.questions if q.question.show_if]
    for rank, condition, scope in conditions:
        for q in target.questions:
            if _reads(target, scope, q) and q.question.id in condition:
                ranks[q.id] = min(ranks.get(q.id, 2), rank)
    for share in target.shares:
        if share.member in ranks:
            ranks[share.question] = min(ranks.get(share.question, 2), ranks[share.member])
    return ranks


def _closed(target: Target, answers: Answers) -> Answers:
    """The answers plus an empty answer for every question that can no longer be shown (its
    show_if cannot come true), so that nothing waits for it: 入学's vaccination items, which
    depend on the primary-school vaccination question, drop out for a junior-school pupil."""
    closed = dict(answers)
    changed = True
    while changed:
        changed = False
        for q in target.questions:
            cond = q.question.show_if
            if q.id not in closed and cond is not None and not may_match(cond, target.scoped(q.scope, closed)):
                closed[q.id] = frozenset()
                changed = True
    return closed


def _reads(target: Target, scope: str, q: AskedQuestion) -> bool:
    """Whether a condition written in `scope` (the bundle, or a member item) sees the answer to q."""
    return q.scope == BUNDLE or target.kind == "item" or scope in q.items


def _pending(target: Target, answers: Answers) -> list[AskedQuestion]:
    """The visible, unanswered questions whose answer can still change the checklist, in the
    written order; `answers` are settled (presets, implications and shared answers applied)."""
    answers = _closed(target, answers)
    if ineligible(target, answers):
        return []
    live = {BUNDLE} | {m.code for m in included(target, answers, possibly=True)}
    consumers = [c for c in _consumers(target) if c.scope in live]
    scoped: dict[str, Answers] = {}

    def local(scope: str) -> Answers:
        if scope not in scoped:
            scoped[scope] = target.scoped(scope, answers)
        return scoped[scope]

    deciding: dict[str, bool] = {}

    def matters(q: AskedQuestion) -> bool:
        if q.id in deciding:
            return deciding[q.id]
        deciding[q.id] = False  # a show_if cycle in bad data must not recurse forever
        result = any(  # a shared question matters when a question it answers does
            (member := target.question(s.member)) is not None and s.member not in answers and matters(member)
            for s in target.shares
            if s.question == q.id
        )
        for c in consumers if not result else ():
            if not _reads(target, c.scope, q) or q.question.id not in c.condition:
                continue
            if not may_match(c.condition, local(c.scope)):
                continue
            if c.gates is None or (c.gates.id not in answers and matters(c.gates)):
                result = True
                break
        deciding[q.id] = result
        return result

    def shown(q: AskedQuestion) -> bool:
        return q.question.show_if is None or matches(q.question.show_if, local(q.scope))

    waiting = {s.member for s in target.shares if s.question not in answers and (sq := target.question(s.question)) and shown(sq)}
    return [
        q for q in target.questions
        if q.id not in answers and q.id not in waiting and shown(q) and matters(q)
    ]
