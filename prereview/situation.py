"""The citizen's 情形, read from what they uploaded when they did not say it.

Pre-review must not assume a situation (an unanswered question taking its first option makes
a lease "the wrong document" and hides the lease's missing signature). Instead:

* every situation still possible with the citizen's answers is enumerated (the checklist
  engine's reachable paths, bounded);
* each is scored by the evidence: how many uploaded documents it explains (a document fits a
  material of the situation by its recognised type, its form title or its label);
* a question is **inferred** when every best-explaining situation answers it the same way and
  some other answer explains strictly less — positive evidence, never the mere absence of a
  document; a form's own field that states the answer (经营场所使用情况：租赁) infers it too;
* the rest stay **open**: materials that only some of their answers require are not reported
  missing; the notice asks the question and says what each answer would add;
* a stated answer (the citizen's or the form's) that the uploads contradict is a defect,
  `situation_mismatch`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from knowledge.checklist.engine import build
from knowledge.checklist.model import ChecklistMaterial
from knowledge.checklist.scenarios import paths
from knowledge.checklist.situation import Answers, AskedQuestion, Target
from knowledge.schema import DOCUMENT_NAMES, Catalog, DocumentType
from prereview.labels import UnknownLabel, document_types, is_form, match_label

# How many complete situations are compared at most (an item has a handful of questions; a
# bundle may have many: past the limit the first ones found are used, and the rest stay open).
MAX_SITUATIONS = 512
# A form field answers a question when their names share this much (character bigrams, Jaccard).
FIELD_QUESTION_OVERLAP = 0.3
_FILLER = re.compile(r"是否|哪种|哪类|什么|属于|情况|类型|方式|请|选择|填写|勾选|的|是|由|还是|[？?：:，,。（）()\s]")
# Fields about a person or a place, never a 情形 (婚姻状况 is the person's, not the question's).
_PERSONAL = re.compile(r"姓名|号码|电话|手机|地址|住址|住所|日期|邮编|性别|民族|出生|年龄|婚姻|签字|签名|盖章")
_PARENTHESIS = re.compile(r"[（(]([^）)]+)[）)]")
_SHORT = 24  # a value longer than this is a sentence, not a ticked or written answer
_ASIDE = re.compile(r"[（(，,；;]")  # an option's text after its main words: examples, explanations
_TICKED = re.compile(r"[☑■√✓✔☒]\s*([^\s☐□☑■√✓✔☒]+)")


@dataclass(frozen=True)
class Seen:
    """What one uploaded document shows the situation: its type, form, label and written answers."""

    file: str
    doc_type: DocumentType | None
    label: str | None = None
    form: str | None = None  # the form material its title names, when it is a form
    fields: Mapping[str, str] = field(default_factory=dict)  # a form's fields as read


@dataclass(frozen=True)
class Inferred:
    question: str
    question_text: str
    option: str
    option_text: str
    source: str  # the file that shows it
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "question": self.question,
            "question_text": self.question_text,
            "option": self.option,
            "option_text": self.option_text,
            "file": self.source,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class OpenQuestion:
    """A question the documents leave open, with what each answer would add."""

    question: str
    text: str
    adds: dict[str, list[str]]  # option text → names of the materials it would add

    def as_dict(self) -> dict[str, object]:
        return {"question": self.question, "question_text": self.text, "adds": self.adds}


@dataclass(frozen=True)
class Mismatch:
    """A stated answer the uploads contradict."""

    question: str
    question_text: str
    stated: str
    stated_by: str  # "您的回答" or the form's file
    shown: str
    file: str  # the upload that shows otherwise
    material: str | None = None  # the material of that upload, when it is a form


@dataclass
class Situation:
    answers: Answers
    inferred: list[Inferred]
    open: list[OpenQuestion]
    required: list[ChecklistMaterial]  # needed whatever the open questions' answers
    possible: list[ChecklistMaterial]  # needed under some answer of an open question
    mismatches: list[Mismatch]

    @property
    def materials(self) -> list[ChecklistMaterial]:
        return self.required + self.possible


def fits(catalog: Catalog, material: ChecklistMaterial, evidence: Seen, labelled: str | None = None) -> bool:
    """The document can serve as this material: its type, its form's title, or its label
    (`labelled`: the material code the label names among all the target's materials)."""
    if evidence.doc_type is DocumentType.FORM and evidence.form is not None:
        if evidence.form == material.code:
            return True
    elif evidence.doc_type is not None and evidence.doc_type in document_types(catalog, material.code):
        return evidence.doc_type is not DocumentType.FORM or is_form(catalog, material.code)
    return labelled == material.code


def label_codes(catalog: Catalog, materials: Sequence[ChecklistMaterial], evidence: Sequence[Seen]) -> list[str | None]:
    """The material each upload's label names among every material the target may need
    (matched against all of them at once, so 授权委托书 is the letter, not "some form")."""
    found: list[str | None] = []
    for ev in evidence:
        try:
            found.append(match_label(ev.label, materials, catalog).code if ev.label else None)
        except UnknownLabel:
            found.append(None)
    return found


class _Scored:
    """One complete situation: its checklist materials, the uploads it explains, and how many
    materials it requires that no upload shows (those a document could show; a 容缺, 告知承诺 or
    电子证照 material counts too: for telling situations apart, only what is shown is evidence)."""

    def __init__(self, answers: Answers, materials: list[ChecklistMaterial], explained: frozenset[int], unmet: int) -> None:
        self.answers = answers
        self.materials = materials
        self.explained = explained
        self.unmet = unmet


def _bigrams(text: str) -> set[str]:
    core = _FILLER.sub("", text)
    return {core[i : i + 2] for i in range(len(core) - 1)} or ({core} if core else set())


def _overlap(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def stated_option(asked: AskedQuestion, name: str, value: str) -> str | None:
    """The option a form field states for this question, else None. The value (or its ticked
    box) must name exactly one option: when the field's name is like the question's text, by
    any part of an option's text; otherwise by an option's main words (its text before any
    parenthesis or comma, 3 characters or more, or the whole value) — 主体业态：食品销售经营者
    names 食品销售, 登记事由：转移登记（赠与） names 赠与. Fields that hold a person's particulars
    state nothing."""
    if not value.strip() or _PERSONAL.search(name):
        return None
    ticked = _TICKED.findall(value)
    said = [_FILLER.sub("", t) for t in ticked] or [_FILLER.sub("", value)]
    named = _overlap(name, asked.text) >= FIELD_QUESTION_OVERLAP or _same_meaning(name, asked.text)
    found = set()
    for text in said:
        if not text:
            continue
        for option in asked.question.options:
            if _names_option(option.text, text, value, named):
                found.add(option.id)
        if not found and named and len(value) <= _SHORT:
            found |= _by_distinct_words(asked, text)
    return found.pop() if len(found) == 1 else None


# Words that ask the same thing on a form and in a question (申领事由 answers 申领的依据).
_MEANINGS = (frozenset({"事由", "原因", "依据", "理由", "缘由"}),)


def _same_meaning(name: str, question: str) -> bool:
    return any(any(w in name for w in group) and any(w in question for w in group) for group in _MEANINGS)


def _by_distinct_words(asked: AskedQuestion, text: str) -> set[str]:
    """The options whose own words (character pairs no other option has) the value shares:
    在本市就业（务工） names 在本市合法稳定就业 by 就业 alone."""
    pairs = {option.id: _bigrams(option.text) for option in asked.question.options}
    said = _bigrams(text)
    found = set()
    for option, own in pairs.items():
        others = set().union(*(p for o, p in pairs.items() if o != option))
        if said & (own - others):
            found.add(option)
    return found


def _names_option(option: str, text: str, value: str, named: bool) -> bool:
    core = _FILLER.sub("", option)
    main = _FILLER.sub("", _ASIDE.split(option)[0])
    exact = text in (core, main)
    by_name = named and (text in core or (len(core) >= 2 and core in text))
    # Main words inside a short value (食品销售经营者), or a two-character one in its parenthesis
    # (转移登记（赠与）); never inside a sentence (承诺不实… is no answer 不).
    asides = {_FILLER.sub("", a) for a in _PARENTHESIS.findall(value)}
    by_words = len(value) <= _SHORT and ((len(main) >= 3 and main in text) or (len(main) == 2 and main in asides))
    return exact or by_name or by_words


def labelled_values(text: str) -> dict[str, str]:
    """Every "label：value" a form's text shows (a situation field may not be in the catalogue's
    list of the form's fields), the first value of each label."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        label, sep, value = line.partition("：") if "：" in line else line.partition(":")
        label, value = label.strip(), value.strip()
        if sep and value and 1 < len(label) <= 16:
            found.setdefault(label, value)
    return found


def candidate_materials(
    catalog: Catalog, target: Target, given: Answers, e_licenses: Collection[str] | None = None
) -> list[ChecklistMaterial]:
    """Every material some situation consistent with the answers requires (what an upload may be)."""
    found: dict[str, ChecklistMaterial] = {}
    for answers in paths(target, MAX_SITUATIONS, given):
        for material in build(catalog, target, answers, e_licenses).materials:
            found.setdefault(material.code, material)
    return list(found.values())


def infer_situation(
    catalog: Catalog,
    target: Target,
    given: Answers,
    evidence: Sequence[Seen],
    e_licenses: Collection[str] | None = None,
) -> Situation:
    """The situation the answers and the uploads show (see the module's docstring)."""
    universe = _Universe(catalog, target, evidence, e_licenses)
    stated, from_forms, against = _form_statements(target, given, evidence, universe)
    fixed = {**given, **{q: frozenset({o}) for q, (o, _file) in from_forms.items()}}
    scored = universe.within(fixed)
    if not scored:  # the citizen's and the forms' answers cannot be reconciled: the citizen's hold
        fixed = dict(given)
        scored = universe.within(fixed)
    inferred = [
        Inferred(q, _text(target, q), o, _option(target, q, o), file, f"申请表“{file}”中填写了该情形")
        for q, (o, file) in from_forms.items()
        if q in fixed
    ]
    answers = dict(fixed)
    for question, option, file in _by_evidence(target, scored, evidence, set(answers)):
        answers[question] = frozenset({option})
        name = DOCUMENT_NAMES.get(evidence_type(evidence, file), "材料")
        inferred.append(
            Inferred(question, _text(target, question), option, _option(target, question, option), file, f"上传了{name}“{file}”")
        )
    # Every upload that contradicts an answer is told: the form that says 租赁 and the lease itself.
    mismatches = against + [
        m for m in _mismatches(target, given, stated, universe, evidence) if (m.question, m.file) not in {(a.question, a.file) for a in against}
    ]
    for mismatch in mismatches:  # contradicted: neither the statement nor the uploads are assumed
        answers.pop(mismatch.question, None)
    inferred = [i for i in inferred if i.question in answers]
    consistent = universe.within(answers)
    required, possible = _split(consistent)
    open_questions = _open(target, consistent, set(answers))
    return Situation(answers, inferred, open_questions, required, possible, mismatches)


def _keeps(path: Answers, answers: Answers) -> bool:
    """The complete situation agrees with the answers (a question it never asks, because its
    answer changes nothing there, agrees with any)."""
    return all(path.get(q, a) == a for q, a in answers.items())


class _Universe:
    """Every situation of the target scored once; narrowed to given answers without rebuilding."""

    def __init__(self, catalog: Catalog, target: Target, evidence: Sequence[Seen], e_licenses: Collection[str] | None) -> None:
        self.catalog, self.target, self.evidence, self.e_licenses = catalog, target, evidence, e_licenses
        self.labelled = label_codes(catalog, candidate_materials(catalog, target, {}, e_licenses), evidence)
        self.all = self._score({})
        self.complete = len(self.all) < MAX_SITUATIONS

    def within(self, answers: Answers) -> list[_Scored]:
        if self.complete:
            return [s for s in self.all if _keeps(s.answers, answers)]
        return self._score(answers)  # too many to hold: enumerate from the answers instead

    def _score(self, start: Answers) -> list[_Scored]:
        found = []
        for answers in paths(self.target, MAX_SITUATIONS, start):
            materials = build(self.catalog, self.target, answers, self.e_licenses).materials
            served = {
                (i, m.code) for i, ev in enumerate(self.evidence) for m in materials if fits(self.catalog, m, ev, self.labelled[i])
            }
            explained = frozenset(i for i, _code in served)
            unmet = sum(
                1
                for m in materials
                if m.required and document_types(self.catalog, m.code)
                and not any(code == m.code for _i, code in served)
            )
            found.append(_Scored(answers, materials, explained, unmet))
        return found


def evidence_type(evidence: Sequence[Seen], file: str) -> DocumentType:
    found = next((e.doc_type for e in evidence if e.file == file and e.doc_type is not None), None)
    return found or DocumentType.FORM


def _text(target: Target, question: str) -> str:
    asked = target.question(question)
    return asked.text if asked else question


def _option(target: Target, question: str, option: str) -> str:
    asked = target.question(question)
    return asked.option_text(option) if asked else option


def _form_statements(
    target: Target, given: Answers, evidence: Sequence[Seen], universe: _Universe
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], list[Mismatch]]:
    """What the forms state: every statement (option, file), those for questions the citizen
    left open, and those that contradict the citizen's own answer (one option per question; two
    forms stating different options state nothing; a field that names options of two questions
    states neither; a form never states a situation in which it is not asked for — the
    预包装食品备案信息表 saying 食品销售 is a misreading, not an answer)."""
    labelled = universe.labelled
    stated: dict[str, tuple[str, str]] = {}
    material: dict[str, str | None] = {}
    conflicting: set[str] = set()
    for index, ev in enumerate(evidence):
        for name, value in ev.fields.items():
            options = {asked.id: o for asked in target.questions if (o := stated_option(asked, name, value)) is not None}
            if len(options) != 1:
                continue
            ((question, option),) = options.items()
            if ev.form is not None and not any(
                ev.form in {m.code for m in s.materials} for s in universe.within({question: frozenset({option})})
            ):
                continue
            if question in stated and stated[question][0] != option:
                conflicting.add(question)
            stated.setdefault(question, (option, ev.file))
            material.setdefault(question, ev.form or labelled[index])
    stated = {q: s for q, s in stated.items() if q not in conflicting}
    against = [
        Mismatch(q, _text(target, q), "、".join(_option(target, q, o) for o in sorted(given[q])), "您的回答",
                 _option(target, q, option), file, material[q])
        for q, (option, file) in stated.items()
        if q in given and option not in given[q]  # one of several chosen (多选) agrees
    ]
    return stated, {q: s for q, s in stated.items() if q not in given}, against


def _by_evidence(
    target: Target, scored: list[_Scored], evidence: Sequence[Seen], settled: set[str]
) -> list[tuple[str, str, str]]:
    """(question, option, file) for each open question that the best-explaining situations
    answer alike, where another answer explains less (positive evidence only)."""
    if not scored:
        return []
    best = max(len(s.explained) for s in scored)
    top = [s for s in scored if len(s.explained) == best]
    found = []
    for asked in target.questions:
        if asked.id in settled:
            continue
        options = {s.answers.get(asked.id) for s in top}
        if len(options) != 1 or None in options:
            continue
        (chosen,) = options
        assert chosen is not None
        if len(chosen) != 1:
            continue
        worse = [s for s in scored if s.answers.get(asked.id) not in (None, chosen)]
        if not worse or max(len(s.explained) for s in worse) >= best:
            continue
        # The file that only the chosen answer explains.
        only = set(top[0].explained) - set().union(*(s.explained for s in worse))
        file = evidence[min(only)].file if only else evidence[min(top[0].explained)].file
        found.append((asked.id, next(iter(chosen)), file))
    return found


def _split(consistent: list[_Scored]) -> tuple[list[ChecklistMaterial], list[ChecklistMaterial]]:
    """Materials every remaining situation requires, and those only some do."""
    if not consistent:
        return [], []
    every = set.intersection(*({m.code for m in s.materials if m.required} for s in consistent))
    required: dict[str, ChecklistMaterial] = {}
    possible: dict[str, ChecklistMaterial] = {}
    for s in consistent:
        for m in s.materials:
            if m.code in every:
                required.setdefault(m.code, m)
            elif m.code not in required:
                possible.setdefault(m.code, m)
    return list(required.values()), [m for c, m in possible.items() if c not in required]


def _open(target: Target, consistent: list[_Scored], settled: set[str]) -> list[OpenQuestion]:
    """Questions answered differently across the remaining situations that change the materials."""
    found = []
    for asked in target.questions:
        if asked.id in settled:
            continue
        by_option: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for s in consistent:
            answer = s.answers.get(asked.id)
            if answer is None or len(answer) != 1:
                continue
            (option,) = answer
            codes = {m.code for m in s.materials if m.required}
            names.update({m.code: m.name for m in s.materials})
            by_option[option] = by_option[option] & codes if option in by_option else codes
        if len(by_option) < 2:
            continue
        common = set.intersection(*by_option.values())
        adds = {asked.option_text(o): sorted(names[c] for c in codes - common) for o, codes in by_option.items()}
        if any(adds.values()):
            found.append(OpenQuestion(asked.id, asked.text, adds))
    return found


# Papers citizens bring along whatever was asked (an extra 户口簿 is no family business); any
# other document records a dealing (a lease: the premises are rented).
_CARRIED = frozenset({DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK, DocumentType.HUKOU, DocumentType.MARRIAGE_CERT,
                      DocumentType.BIRTH_CERT, DocumentType.FORM})


def _dealings(evidence: Sequence[Seen], unexplained: set[int]) -> bool:
    """Whether an upload the stated situation does not explain records a dealing (a lease
    beside a complete 自有 application): it contradicts the statement however complete."""
    return any(evidence[i].doc_type is not None and evidence[i].doc_type not in _CARRIED for i in unexplained)


def _mismatches(
    target: Target,
    given: Answers,
    stated: dict[str, tuple[str, str]],
    universe: _Universe,
    evidence: Sequence[Seen],
) -> list[Mismatch]:
    """Stated answers (the citizen's, a form's) that the uploads contradict: under the stated
    answer a document the situation needs is missing (or only promised), while another answer
    explains more of the uploads — or all of them, with nothing missing, including one whose fit
    depends on the answer. An extra document beside a complete stated situation contradicts
    nothing unless it records a dealing only another answer explains (a lease beside 自有)."""
    claims = {q: (next(iter(a)), "您的回答") for q, a in given.items() if len(a) == 1}
    claims.update({q: s for q, s in stated.items() if q not in claims})
    found = []
    for question, (option, by) in claims.items():
        others = {q: a for q, a in given.items() if q != question}
        scored = universe.within(others)
        said = [s for s in scored if s.answers.get(question) == frozenset({option})]
        other = [s for s in scored if s.answers.get(question) not in (None, frozenset({option}))]
        if not said or not other:
            continue
        best = max(said, key=lambda s: (len(s.explained), -s.unmet))
        if best.unmet == 0 and not _dealings(evidence, set().union(*(s.explained for s in other)) - best.explained):
            continue
        # Documents whose fit depends on this question's answer (a deed fits owning and leasing,
        # not buying) — not on another question's (an authorisation letter fits any premises).
        answers_of = {s.answers.get(question) for s in scored}
        telling = frozenset(
            i for i in frozenset().union(*(s.explained for s in scored))
            if len({s.answers.get(question) for s in scored if i in s.explained}) < len(answers_of)
        )
        better = [
            s for s in other
            if s.explained > best.explained or (s.explained >= best.explained and s.unmet == 0 and s.explained & telling)
        ]
        if not better:
            continue
        shown = max(better, key=lambda s: (len(s.explained), -s.unmet))
        (shown_option,) = shown.answers[question] if len(shown.answers[question]) == 1 else (None,)
        if shown_option is None:
            continue
        pointing = (shown.explained - best.explained) or (shown.explained & telling)
        file = evidence[min(pointing)].file if pointing else by
        found.append(
            Mismatch(question, _text(target, question), _option(target, question, option), by, _option(target, question, shown_option), file)
        )
    return found
