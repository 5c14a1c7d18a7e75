"""Semantic checks of a catalog (`banshi kb validate`), beyond what the schema can say.

Reports every problem at once with file, entity and field: duplicate codes and names, unknown
references (departments, materials, items, questions, options), show-if cycles, questions that
can never be shown (so their options are unreachable), rules that can never fire,
inconsistent dates, and pre-review rules (`checks`) that cannot work: a `range` without bounds,
a date that does not parse, a `same_as` naming an unknown material.

`validate` returns the errors (an import is refused while there are any); `validate_warnings`
returns advice that does not block an import, e.g. a form without `fields` or a check on a field
the form does not have.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from knowledge.checklist.situation import Target
from knowledge.entities import LoadedCatalog
from knowledge.problems import Problem
from knowledge.schema import (
    DATE_SYNTAX,
    Bundle,
    Catalog,
    Check,
    CheckOp,
    Condition,
    DocumentType,
    Item,
    Material,
    MaterialRequirement,
    Question,
    SharedQuestion,
    is_check_date,
)

# A material named like this is a form citizens fill in; pre-review reads its `fields`.
FORM_NAME = re.compile(r"(表|申请书|登记表|申报表|承诺书)$")


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


class _Checker:
    def __init__(self, loaded: LoadedCatalog) -> None:
        self.loaded = loaded
        self.catalog: Catalog = loaded.catalog
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.materials = {m.code: m for m in self.catalog.materials}
        self.material_codes = set(self.materials)
        self.department_codes = {d.code for d in self.catalog.departments}
        self.item_codes = {i.code for i in self.catalog.items}

    def report(self, kind: str, code: str, field: str, message: str) -> None:
        label = f"{kind} {code}" if code else kind
        self.problems.append(Problem(self.loaded.source(kind, code), label, field, message))

    def warn(self, kind: str, code: str, field: str, message: str) -> None:
        label = f"{kind} {code}" if code else kind
        self.warnings.append(Problem(self.loaded.source(kind, code), label, field, message))

    # -- catalog-wide -------------------------------------------------------------------
    def check_unique(self) -> None:
        c = self.catalog
        for kind, codes in (
            ("department", [d.code for d in c.departments]),
            ("material", [m.code for m in c.materials]),
            ("item", [i.code for i in c.items]),
            ("bundle", [b.code for b in c.bundles]),
        ):
            for code in _duplicates(codes):
                self.report(kind, code, "code", f"duplicate {kind} code {code!r}")
        for code in sorted(self.item_codes & {b.code for b in c.bundles}):
            self.report("bundle", code, "code", f"code {code!r} is also an item's code")
        named = [("material", m.code, m.name) for m in c.materials]
        targets = [("item", i.code, i.name) for i in c.items] + [("bundle", b.code, b.name) for b in c.bundles]
        for group in (named, targets):
            repeated = set(_duplicates(name for _kind, _code, name in group))
            for kind, code, name in group:
                if name in repeated:
                    self.report(kind, code, "name", f"duplicate name {name!r}")
        for term in _duplicates(s.term for s in c.synonyms):
            self.report("synonym", term, "term", f"synonym {term!r} is defined more than once")
        for q in _duplicates(e.q for e in c.out_of_scope_examples):
            self.report("out_of_scope_example", q, "q", "this out-of-scope question is listed more than once")
        targets_by_label: list[Item | Bundle] = [*c.items, *c.bundles]
        labels = {n: t for t in targets_by_label for n in [t.name, *t.aliases]}
        for example in c.out_of_scope_examples:
            if example.q in labels:
                self.report(
                    "out_of_scope_example",
                    example.q,
                    "q",
                    f"is the name or an alias of {labels[example.q].code} — a question the catalogue answers",
                )

    # -- questions and conditions -------------------------------------------------------
    def check_questions(self, kind: str, code: str, questions: list[Question]) -> dict[str, Question]:
        by_id: dict[str, Question] = {}
        for qi, question in enumerate(questions):
            where = f"questions[{qi}]"
            if question.id in by_id:
                self.report(kind, code, f"{where}.id", f"duplicate question id {question.id!r}")
            by_id[question.id] = question
            for option_id in _duplicates(o.id for o in question.options):
                self.report(kind, code, f"{where}.options", f"duplicate option id {option_id!r}")
        for qi, question in enumerate(questions):
            if question.show_if:
                self.check_condition(kind, code, f"questions[{qi}].show_if", question.show_if, by_id)
        self.check_cycles(kind, code, questions, by_id)
        for qi, question in enumerate(questions):
            if question.show_if and not self.satisfiable(question.show_if, by_id):
                options = ", ".join(o.id for o in question.options)
                self.report(
                    kind,
                    code,
                    f"questions[{qi}].show_if",
                    f"question {question.id!r} can never be shown, so its options ({options}) are unreachable",
                )
        return by_id

    def check_condition(
        self, kind: str, code: str, field: str, condition: Condition, by_id: dict[str, Question]
    ) -> bool:
        ok = True
        for question_id, option_ids in condition.items():
            question = by_id.get(question_id)
            if question is None:
                valid = ", ".join(by_id) or "none defined"
                self.report(kind, code, field, f"unknown question {question_id!r} (questions: {valid})")
                ok = False
                continue
            if not option_ids:
                self.report(kind, code, field, f"no options listed for question {question_id!r}")
                ok = False
            known = {o.id for o in question.options}
            for option_id in option_ids:
                if option_id not in known:
                    valid = ", ".join(sorted(known))
                    self.report(
                        kind,
                        code,
                        field,
                        f"unknown option {option_id!r} of question {question_id!r} (options: {valid})",
                    )
                    ok = False
        return ok

    def check_cycles(self, kind: str, code: str, questions: list[Question], by_id: dict[str, Question]) -> None:
        state: dict[str, int] = {}  # 1 = on the stack, 2 = done

        def visit(qid: str, path: list[str]) -> None:
            state[qid] = 1
            question = by_id[qid]
            for dep in (question.show_if or {}):
                if dep not in by_id:
                    continue
                if state.get(dep) == 1:
                    cycle = " → ".join(path[path.index(dep):] + [dep]) if dep in path else f"{qid} → {dep}"
                    self.report(kind, code, f"questions.{qid}.show_if", f"show-if cycle: {cycle}")
                elif state.get(dep) is None:
                    visit(dep, path + [dep])
            state[qid] = 2

        for question in questions:
            if question.id in by_id and state.get(question.id) is None:
                visit(question.id, [question.id])

    def satisfiable(self, condition: Condition, by_id: dict[str, Question], depth: int = 0) -> bool:
        """Can some set of answers meet `condition` with every question involved shown?"""
        if depth > len(by_id):
            return False  # a cycle: reported separately
        for question_id, option_ids in condition.items():
            question = by_id.get(question_id)
            if question is None or not set(option_ids) & {o.id for o in question.options}:
                return False
            if question.show_if:
                for dep, dep_options in question.show_if.items():
                    conflicting = dep in condition and not set(condition[dep]) & set(dep_options)
                    if conflicting and not question_multiple(by_id, dep):
                        return False
                if not self.satisfiable(question.show_if, by_id, depth + 1):
                    return False
        return True

    def check_requirements(
        self, kind: str, code: str, field: str, reqs: list[MaterialRequirement], listed: set[str] | None = None
    ) -> None:
        for ri, req in enumerate(reqs):
            if req.material not in self.material_codes:
                self.report(kind, code, f"{field}[{ri}].material", f"unknown material {req.material!r}")
            if req.exempt and req.source.value != "政府部门核发":
                self.report(
                    kind, code, f"{field}[{ri}].exempt", "only 政府部门核发 materials can be exempt (免提交)"
                )
            for ci, check in enumerate(req.checks):
                self.check_check(kind, code, f"{field}[{ri}].checks[{ci}]", req.material, check, listed or set())
        for material in _duplicates(r.material for r in reqs):
            self.report(kind, code, field, f"material {material!r} is listed more than once")

    # -- materials and pre-review checks ------------------------------------------------
    def check_material(self, material: Material) -> None:
        kind, code = "material", material.code
        labels = [f.name for f in material.fields] + [a for f in material.fields for a in f.aliases]
        for label in _duplicates(labels):
            self.report(kind, code, "fields", f"label {label!r} names more than one field (as a name or an alias)")
        is_form = DocumentType.FORM in material.documents
        if not material.fields and (is_form or FORM_NAME.search(material.name)):
            self.warn(
                kind,
                code,
                "fields",
                f"{material.name!r} looks like a form but lists no fields: pre-review can only check "
                "the generic ones (申请人, 公民身份号码, 联系电话, 住址); list the labels printed on the form",
            )
        if material.fields and not is_form:
            self.warn(
                kind, code, "documents", "fields are read from documents of type form only; add form to documents"
            )

    def form_fields(self, material_code: str) -> dict[str, str] | None:
        """Label → field name of a material that is only a form with listed fields; None if unknown."""
        material = self.materials.get(material_code)
        if material is None or material.documents != [DocumentType.FORM] or not material.fields:
            return None
        labels = {alias: f.name for f in material.fields for alias in f.aliases}
        labels.update({f.name: f.name for f in material.fields})
        return labels

    def check_field_name(self, kind: str, code: str, where: str, material_code: str, name: str) -> None:
        labels = self.form_fields(material_code)
        if labels is None or labels.get(name) == name:
            return
        if name in labels:
            self.warn(
                kind, code, where, f"{name!r} is an alias of field {labels[name]!r} of {material_code}; name the field"
            )
            return
        known = "、".join(dict.fromkeys(labels.values()))
        self.warn(kind, code, where, f"{material_code} has no field {name!r} (its fields: {known}); the check never runs")

    def check_check(self, kind: str, code: str, where: str, material_code: str, check: Check, listed: set[str]) -> None:
        op = check.op
        if op is CheckOp.RANGE:
            if check.min is None and check.max is None:
                self.report(kind, code, where, "a range check needs min, max or both")
            elif check.min is not None and check.max is not None and check.min > check.max:
                self.report(kind, code, where, f"min {check.min:g} is greater than max {check.max:g}")
        elif op in (CheckOp.DATE_BEFORE, CheckOp.DATE_AFTER):
            if not is_check_date(check.value):
                self.report(kind, code, f"{where}.value", f"{check.value!r} is not a date; write {DATE_SYNTAX}")
        elif op in (CheckOp.EQUALS, CheckOp.CONTAINS):
            if not check.value:
                self.report(kind, code, f"{where}.value", f"a {op.value} check needs a value")
        elif op is CheckOp.SAME_AS:
            other_code, dot, other_field = (check.other or "").partition(".")
            if not dot or not other_code or not other_field:
                self.report(
                    kind,
                    code,
                    f"{where}.other",
                    f"{check.other!r}: same_as needs the other field as <material code>.<field>, e.g. M-LEASE.房屋坐落",
                )
            elif other_code not in self.material_codes:
                self.report(kind, code, f"{where}.other", f"unknown material {other_code!r} in {check.other!r}")
            else:
                self.check_field_name(kind, code, f"{where}.other", other_code, other_field)
                if listed and other_code not in listed:
                    self.warn(
                        kind,
                        code,
                        f"{where}.other",
                        f"{other_code} is never on this {kind}'s list, so the comparison never runs",
                    )
        material = self.materials.get(material_code)
        if material is not None and not material.documents:
            self.warn(
                kind,
                code,
                where,
                f"{material_code} has no documents, so pre-review cannot read it and the check never runs",
            )
        self.check_field_name(kind, code, f"{where}.field", material_code, check.field)

    def listed(self, target: Item | Bundle) -> set[str]:
        """Every material the target can ask for: its list, its rules' additions (and its members')."""
        out = {r.material for r in getattr(target, "materials", [])}
        out |= {r.material for rule in target.rules for r in rule.add}
        for member in getattr(target, "items", []):
            item = self.catalog.item(member.item)
            if item is not None:
                out |= self.listed(item)
        return out

    def check_rules(self, kind: str, code: str, target: Item | Bundle, by_id: dict[str, Question]) -> None:
        listed = {r.material for r in getattr(target, "materials", [])}
        listed |= {r.material for rule in target.rules for r in rule.add}
        everything = self.listed(target)
        for ri, rule in enumerate(target.rules):
            where = f"rules[{ri}]"
            if not rule.add and not rule.remove and not rule.override and not rule.note:
                self.report(kind, code, where, "rule does nothing (no add, remove, override or note)")
            if self.check_condition(kind, code, f"{where}.when", rule.when, by_id) and not self.satisfiable(
                rule.when, by_id
            ):
                self.report(kind, code, f"{where}.when", "rule can never fire: its questions cannot all be shown")
            self.check_requirements(kind, code, f"{where}.add", rule.add, everything)
            for field, codes in (
                ("remove", rule.remove),
                ("override", [o.material for o in rule.override]),
            ):
                for mi, material in enumerate(codes):
                    if material not in self.material_codes:
                        self.report(kind, code, f"{where}.{field}[{mi}]", f"unknown material {material!r}")
                    elif isinstance(target, Item) and material not in listed:
                        self.report(
                            kind,
                            code,
                            f"{where}.{field}[{mi}]",
                            f"material {material!r} is neither in the item's list nor added by a rule",
                        )

    # -- entities -----------------------------------------------------------------------
    def check_item(self, item: Item) -> None:
        kind, code = "item", item.code
        if item.department not in self.department_codes:
            self.report(kind, code, "department", f"unknown department {item.department!r}")
        self.check_requirements(kind, code, "materials", item.materials, self.listed(item))
        by_id = self.check_questions(kind, code, item.questions)
        self.check_rules(kind, code, item, by_id)
        self.check_shared(kind, code, item.shared, by_id, {})
        if item.valid_from and item.valid_to and item.valid_to < item.valid_from:
            self.report(kind, code, "valid_to", "valid_to is before valid_from")
        if item.fee.charged and not item.fee.items:
            self.report(kind, code, "fee.items", "fee.charged is true but no fee items are listed")
        if item.online.available and not item.online.url:
            self.report(kind, code, "online.url", "online.available is true but no url is given")
        legal, promised = item.legal_time_limit, item.promised_time_limit
        if legal and promised.unit == legal.unit and promised.days > legal.days:
            self.report(kind, code, "promised_time_limit", "promised time limit exceeds the legal one")

    def check_bundle(self, bundle: Bundle) -> None:
        kind, code = "bundle", bundle.code
        if bundle.department not in self.department_codes:
            self.report(kind, code, "department", f"unknown department {bundle.department!r}")
        by_id = self.check_questions(kind, code, bundle.questions)
        for bi, member in enumerate(bundle.items):
            if member.item not in self.item_codes:
                self.report(kind, code, f"items[{bi}].item", f"unknown item {member.item!r}")
            if member.include_if:
                self.check_condition(kind, code, f"items[{bi}].include_if", member.include_if, by_id)
        for item_code in _duplicates(m.item for m in bundle.items):
            self.report(kind, code, "items", f"item {item_code!r} is listed more than once")
        for ei, rule in enumerate(bundle.eligibility):
            self.check_condition(kind, code, f"eligibility[{ei}].when", rule.when, by_id)
        self.check_rules(kind, code, bundle, by_id)
        # Presets, implications and shared questions name questions as the bundle asks them
        # (a member's own: "<item code>.<id>" where members ask different things under one id).
        target = Target.of_bundle(bundle, self.catalog)
        asked = {q.id: q.question for q in target.questions}
        if bundle.presets or bundle.implications:
            self.check_presets(bundle, asked)
            self.check_implications(bundle, asked)
        self.check_shared("bundle", bundle.code, bundle.shared, asked, bundle.presets)
        self.warn_look_alikes(bundle, target)

    def check_presets(self, bundle: Bundle, asked: dict[str, Question]) -> None:
        """Presets answer asked questions with their options, one each unless multiple choice."""
        if self.check_condition("bundle", bundle.code, "presets", bundle.presets, asked):
            for question_id, option_ids in bundle.presets.items():
                if len(option_ids) > 1 and not question_multiple(asked, question_id):
                    self.report("bundle", bundle.code, "presets", f"question {question_id!r} takes one answer, not {len(option_ids)}")

    def check_implications(self, bundle: Bundle, asked: dict[str, Question]) -> None:
        """Implications name asked questions and options, and never contradict each other or a
        preset where their conditions can hold together."""
        for n, implication in enumerate(bundle.implications):
            self.check_condition("bundle", bundle.code, f"implications[{n}].when", implication.when, asked)
            self.check_condition("bundle", bundle.code, f"implications[{n}].then", implication.then, asked)
            for question_id, options in implication.then.items():
                if question_id in bundle.presets and set(options) != set(bundle.presets[question_id]) and _compatible(implication.when, bundle.presets):
                    self.report("bundle", bundle.code, f"implications[{n}].then", f"contradicts the preset of {question_id!r}")
            for m, other in enumerate(bundle.implications[:n]):
                if not _compatible(implication.when, other.when):
                    continue
                for question_id in implication.then.keys() & other.then.keys():
                    if set(implication.then[question_id]) != set(other.then[question_id]):
                        self.report(
                            "bundle", bundle.code, f"implications[{n}].then",
                            f"contradicts implications[{m}] on {question_id!r} when both conditions hold",
                        )

    def check_shared(
        self, kind: str, code: str, shared: list[SharedQuestion], asked: dict[str, Question], presets: Condition
    ) -> None:
        """A shared question is one the item or bundle asks (a bundle's own, or a member's),
        mapped onto another with the options of each; a single-choice question gets one answer
        whatever is chosen."""
        for n, share in enumerate(shared):
            where = f"shared[{n}]"
            source, answered = asked.get(share.question), asked.get(share.answers)
            if source is None:
                self.report(kind, code, f"{where}.question", f"{share.question!r} is not a question the {kind} asks ({', '.join(asked) or 'none'})")
            if answered is None or share.answers == share.question:
                others = ", ".join(q for q in asked if q != share.question) or "none"
                self.report(kind, code, f"{where}.answers", f"{share.answers!r} is not another question the {kind} asks ({others})")
            if source is None or answered is None or share.answers == share.question:
                continue
            if share.answers in presets:
                self.report(kind, code, f"{where}.answers", f"{share.answers!r} is preset; a shared question cannot answer it")
            self.check_condition(kind, code, f"{where}.options", {share.question: list(share.options)}, {share.question: source})
            for given in share.options.values():
                self.check_condition(kind, code, f"{where}.options", {share.answers: given}, {share.answers: answered})
            if share.otherwise is not None and share.otherwise not in {o.id for o in answered.options}:
                self.report(kind, code, f"{where}.otherwise", f"unknown option {share.otherwise!r} of question {share.answers!r}")
            distinct = {frozenset(v) for v in share.options.values()}
            if not answered.multiple and (any(len(v) > 1 for v in distinct) or (source.multiple and len(distinct) > 1)):
                self.report(kind, code, f"{where}.options", f"question {share.answers!r} takes one answer, but the mapping can give it several")
        for answered_id in _duplicates(share.answers for share in shared):
            self.report(kind, code, "shared", f"{answered_id!r} is answered by more than one shared question")

    def warn_look_alikes(self, bundle: Bundle, target: Target) -> None:
        """Questions a bundle asks separately with the same text, or the same options (other
        than a plain 是/否), are probably one question: declare it shared (or preset them)."""
        settled = {share.answers for share in bundle.shared} | set(bundle.presets)
        # An item's own tick list is not asked in a bundle (nothing there reads it).
        item_lists = {(m.code, s.question) for m in target.members for s in m.shared}
        groups: dict[tuple[str, ...], list[str]] = {}
        for q in target.questions:
            if q.id in settled or (q.scope, q.question.id) in item_lists:
                continue
            groups.setdefault(("text", q.text), []).append(q.id)
            options = tuple(sorted(o.text for o in q.question.options))
            if not set(options) <= _PLAIN_OPTIONS:
                groups.setdefault(("options", *options), []).append(q.id)
        for (same, *what), ids in groups.items():
            if len(ids) > 1:
                shown = what[0] if same == "text" else "/".join(what)
                self.warn("bundle", bundle.code, "questions", f"{', '.join(ids)} have the same {same} ({shown}): share one question (shared) or preset them")

    def run(self) -> list[Problem]:
        self.check_unique()
        for material in self.catalog.materials:
            self.check_material(material)
        for item in self.catalog.items:
            self.check_item(item)
        for bundle in self.catalog.bundles:
            self.check_bundle(bundle)
        return sorted(set(self.problems))


# Options that many unrelated yes/no questions share: the same options alone do not make two
# questions one.
_PLAIN_OPTIONS = frozenset({"是", "否", "有", "没有", "无", "需要", "不需要", "已经办理", "还没有办理"})


def _compatible(a: Condition, b: Condition) -> bool:
    """Whether one set of answers can meet both conditions."""
    return all(set(a[q]) & set(b[q]) for q in a.keys() & b.keys())


def question_multiple(by_id: dict[str, Question], question_id: str) -> bool:
    question = by_id.get(question_id)
    return bool(question and question.multiple)


def validate(loaded: LoadedCatalog | Catalog) -> list[Problem]:
    """Every semantic problem (error) of the catalog, sorted by file, entity and field."""
    if isinstance(loaded, Catalog):
        loaded = LoadedCatalog(loaded)
    return _Checker(loaded).run()


def validate_warnings(loaded: LoadedCatalog | Catalog) -> list[Problem]:
    """Advice that does not block an import (forms without fields, checks that never run), sorted."""
    if isinstance(loaded, Catalog):
        loaded = LoadedCatalog(loaded)
    checker = _Checker(loaded)
    checker.run()
    return sorted(set(checker.warnings))
