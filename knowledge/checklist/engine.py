"""The checklist engine: an item or bundle plus the answers so far → next question or checklist.

An item's list is its base materials transformed by the rules its answers match (remove, add,
override, in the order the rules are written). A bundle builds that list for every member item
that applies, merges one material asked by several items into one line (merge.py), then applies
the bundle's own rules. Everything is ordered by first appearance, so the same input always
gives the same checklist.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from knowledge.checklist import merge
from knowledge.checklist.model import Checklist, ChecklistMaterial, Note, Reason, Step, Trigger
from knowledge.checklist.situation import (
    BUNDLE,
    Answers,
    Target,
    included,
    ineligible,
    matches,
    next_question,
    triggers,
)
from knowledge.schema import Catalog, Condition, Item, MaterialRequirement, Rule


class TargetNotFound(LookupError):
    """No item or bundle has this code or name."""


def find_target(catalog: Catalog, name_or_code: str) -> Target:
    """The item or bundle by code, name or alias (exact, after trimming); TargetNotFound if none."""
    key = name_or_code.strip()
    for bundle in catalog.bundles:
        if key in (bundle.code, bundle.name) or key in bundle.aliases:
            return Target.of_bundle(bundle, catalog)
    for item in catalog.items:
        if key in (item.code, item.name) or key in item.aliases:
            return Target.of_item(item)
    raise TargetNotFound(key)


def resolve_target(catalog: Catalog, text: str, search: Callable[[str], str | None] | None = None) -> Target:
    """The target by code, name or alias; else the code `search` finds for the words; else TargetNotFound."""
    try:
        return find_target(catalog, text)
    except TargetNotFound:
        code = search(text) if search is not None and text.strip() else None
        if code is None:
            raise
        return find_target(catalog, code)


def step(catalog: Catalog, target: Target, raw_answers: Mapping[str, str | Iterable[str]], e_licenses: Collection[str] | None = None) -> Step:
    """Validate the answers (AnswerError lists the valid choices) and take one step.

    e_licenses: codes of the materials this city can fetch as 电子证照 (None: those the catalogue
    marks e_license); a material is 免提交 only if its item allows it and it is in that list.
    """
    parsed = target.parse_answers(raw_answers)
    overridden = [k for k in parsed if k in target.presets and parsed[k] != target.presets[k]]
    settled, hidden = target.effective(target.settled(parsed))
    # The citizen's own answers that stand: not against a preset, not hidden by another answer.
    # The presets and what the answers imply are added again wherever they are used.
    own = {k: v for k, v in parsed.items() if k in settled and k not in target.presets}
    ignored = overridden + [k for k in hidden if k in parsed and k not in target.presets]
    info = {"code": target.code, "name": target.name, "kind": target.kind}
    asked = next_question(target, own)
    if asked is not None:
        return Step(info, len(own), next_question=asked, ignored_answers=ignored)
    checklist = build(catalog, target, own, e_licenses)
    checklist.ignored_answers = ignored
    return Step(info, len(own), checklist=checklist, ignored_answers=ignored)


def build(catalog: Catalog, target: Target, answers: Answers, e_licenses: Collection[str] | None = None) -> Checklist:
    """The checklist for the citizen's (validated) answers, whether or not all were asked; the
    bundle's presets and what the answers imply are added here."""
    settled = target.settled(answers)
    derived = set(settled) - set(answers) - set(target.presets)  # answered by an implication
    answers, _ = target.effective(settled)  # a preset hidden by an answer drops out
    available = set(e_licenses) if e_licenses is not None else {m.code for m in catalog.materials if m.e_license}
    refusals = ineligible(target, answers)
    members = [] if refusals else included(target, answers)
    notes: list[Note] = []
    merged: dict[str, ChecklistMaterial] = {}
    for member in members:
        own = _item_materials(catalog, target, member, answers, notes)
        for code, material in own.items():
            merged[code] = _merge(merged[code], material, catalog) if code in merged else material
    if target.bundle is not None and not refusals:
        bundle = target.bundle
        every = [m.code for m in members]
        _apply_rules(catalog, target, bundle.rules, BUNDLE, bundle.code, bundle.name, every, merged, answers, notes)
    for material in merged.values():
        material.exempt = material.exempt and material.code in available
    return Checklist(
        target={"code": target.code, "name": target.name, "kind": target.kind},
        answers=_answer_rows(target, answers, derived),
        eligible=not refusals,
        ineligible_reasons=refusals,
        items=[{"code": m.code, "name": m.name, "note": _member_note(target, m.code)} for m in members],
        skipped_items=_skipped(target, members, refusals),
        materials=list(merged.values()),
        notes=notes,
        visits=max((m.visits for m in members), default=0),
        time_limit=_time_limit(target, members),
        fees=_fees(members),
        places=_places(target, members),
        online=_online(target, members),
    )


# -- materials ------------------------------------------------------------------------------
def _item_materials(catalog: Catalog, target: Target, item: Item, answers: Answers, notes: list[Note]) -> dict[str, ChecklistMaterial]:
    base = Reason(item.code, item.name, "base")
    entries = {req.material: _line(catalog, req, base, item.code) for req in item.materials}
    _apply_rules(catalog, target, item.rules, item.code, item.code, item.name, [item.code], entries, answers, notes)
    return entries


def _apply_rules(
    catalog: Catalog,
    target: Target,
    rules: list[Rule],
    scope: str,
    owner: str,
    owner_name: str,
    serves: list[str],
    entries: dict[str, ChecklistMaterial],
    answers: Answers,
    notes: list[Note],
) -> None:
    local = target.scoped(scope, answers)
    for rule in rules:
        if not matches(rule.when, local):
            continue
        why = tuple(Trigger(*target.describe(scope, q, o)) for q, o in triggers(rule.when, local))
        for code in rule.remove:
            entries.pop(code, None)
        for req in rule.add:
            line = _line(catalog, req, Reason(owner, owner_name, "added", why), *serves)
            previous = entries.get(req.material)
            if previous is not None:  # the rule restates the material for this situation
                line.reasons = previous.reasons + line.reasons
                line.for_items = _union(previous.for_items, line.for_items)
            entries[req.material] = line
        for change in rule.override:
            changed = entries.get(change.material)
            if changed is None:
                continue
            for name, value in change.model_dump(exclude={"material"}, exclude_none=True).items():
                setattr(changed, name, getattr(value, "value", value))
            changed.reasons.append(Reason(owner, owner_name, "changed", why))
        if rule.note:
            notes.append(Note(owner, owner_name, rule.note, why))


def _line(catalog: Catalog, req: MaterialRequirement, reason: Reason, *serves: str) -> ChecklistMaterial:
    material = catalog.material(req.material)
    return ChecklistMaterial(
        code=req.material,
        name=material.name if material else req.material,
        required=req.required,
        original_or_copy=req.original_or_copy.value,
        copies=req.copies,
        form=req.form.value,
        source=req.source.value,
        exempt=req.exempt,
        lenient=req.lenient,
        promise=req.promise,
        signature=req.signature.value,
        standard=req.standard,
        notes=req.notes,
        paper_size=req.paper_size,
        blank_form=req.blank_form,
        sample_form=req.sample_form,
        reasons=[reason],
        for_items=list(serves),
    )


def _merge(a: ChecklistMaterial, b: ChecklistMaterial, catalog: Catalog) -> ChecklistMaterial:
    """One line for a material two items need (see merge.py for what "strictest" means)."""
    if a.standard != b.standard:
        a.standard = merge.texts(_labelled(a.standard, a, catalog), _labelled(b.standard, b, catalog))
    a.notes = merge.texts(a.notes, b.notes)
    a.required = a.required or b.required
    a.original_or_copy = merge.original_or_copy(a.original_or_copy, b.original_or_copy)
    a.copies = max(a.copies, b.copies)
    a.form = merge.form(a.form, b.form)
    a.signature = merge.signature(a.signature, b.signature)
    a.exempt = a.exempt and b.exempt
    a.lenient = a.lenient and b.lenient
    a.promise = a.promise and b.promise
    a.paper_size = a.paper_size or b.paper_size
    a.blank_form = a.blank_form or b.blank_form
    a.sample_form = a.sample_form or b.sample_form
    a.reasons = a.reasons + b.reasons
    a.for_items = _union(a.for_items, b.for_items)
    return a


def _labelled(text: str | None, line: ChecklistMaterial, catalog: Catalog) -> str | None:
    """A standard prefixed with the item it is for, once a material serves several items."""
    if not text or len(line.for_items) != 1 or text.startswith("【"):
        return text
    item = catalog.item(line.for_items[0])
    return f"【{item.name if item else line.for_items[0]}】{text}"


def _union(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


# -- the rest of the checklist -----------------------------------------------------------------
def _answer_rows(target: Target, answers: Answers, derived: set[str]) -> list[dict]:
    rows = []
    for q in target.questions:
        if q.id in answers:
            chosen = [o.id for o in q.question.options if o.id in answers[q.id]]
            row: dict = {"question": q.id, "question_text": q.text, "options": chosen, "option_texts": [q.option_text(o) for o in chosen]}
            if q.id in target.presets:
                row["preset"] = True
            elif q.id in derived:
                row["derived"] = True
            rows.append(row)
    return rows


def _member_note(target: Target, code: str) -> str | None:
    if target.bundle is None:
        return None
    return next((bi.note for bi in target.bundle.items if bi.item == code), None)


def _skipped(target: Target, members: list[Item], refusals: list[str]) -> list[dict]:
    if target.bundle is None:
        return []
    kept = {m.code for m in members}
    skipped = []
    for bi, item in ((bi, next((m for m in target.members if m.code == bi.item), None)) for bi in target.bundle.items):
        if item is None or item.code in kept:
            continue
        reason = "不符合办理条件" if refusals else _unmet(target, bi.include_if)
        skipped.append({"code": item.code, "name": item.name, "reason": reason})
    return skipped


def _unmet(target: Target, condition: Condition | None) -> str:
    """Why a member item was left out: the answers it needs, in the citizen's words."""
    if not condition:
        return "您的情形不需要办理"
    parts = []
    for question, options in condition.items():
        asked = next((q for q in target.questions if q.scope == BUNDLE and q.question.id == question), None)
        if asked is None:
            continue
        parts.append(f"“{asked.text}”为“{'或'.join(asked.option_text(o) for o in options)}”")
    return f"仅在{'且'.join(parts)}时需要办理" if parts else "您的情形不需要办理"


def _time_limit(target: Target, members: list[Item]) -> dict | None:
    if not members:
        return None
    longest = max(members, key=lambda m: m.promised_time_limit.days)  # first of equals: stable
    item_limit = {
        "days": longest.promised_time_limit.days,
        "unit": longest.promised_time_limit.unit,
        "note": longest.promised_time_limit.note,
        "item": longest.code,
        "item_name": longest.name,
    }
    if target.bundle is not None and target.bundle.promised_time_limit is not None:
        own = target.bundle.promised_time_limit
        return {"days": own.days, "unit": own.unit, "note": own.note, "item": target.code, "item_name": target.name, "longest_item": item_limit}
    return item_limit


def _fees(members: list[Item]) -> dict:
    rows = [
        {"item": m.code, "item_name": m.name, "name": f.name, "standard": f.standard, "reduction": f.reduction}
        for m in members
        if m.fee.charged
        for f in m.fee.items
    ]
    return {"charged": any(m.fee.charged for m in members), "items": rows}


def _places(target: Target, members: list[Item]) -> list[dict]:
    if target.bundle is not None and target.bundle.places:
        codes = [m.code for m in members]
        return [{**p.model_dump(mode="json"), "items": codes} for p in target.bundle.places]
    places: dict[tuple[str, str], dict] = {}
    for m in members:
        for p in m.places:
            row = places.setdefault((p.name, p.address), {**p.model_dump(mode="json"), "items": []})
            row["items"].append(m.code)
    return list(places.values())


def _online(target: Target, members: list[Item]) -> dict:
    rows = [
        {"code": m.code, "name": m.name, "available": m.online.available, "depth": m.online.depth, "url": m.online.url}
        for m in members
    ]
    data: dict = {
        "available": any(r["available"] for r in rows),
        "all_online": bool(rows) and all(r["depth"] == 4 for r in rows),
        "items": rows,
    }
    if target.bundle is not None:
        data["bundle"] = target.bundle.online.model_dump(mode="json")
    return data
