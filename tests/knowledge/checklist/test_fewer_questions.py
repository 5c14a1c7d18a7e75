"""Fewer questions lose nothing: every situation gets the same checklist as before the
bundle's presets, implications and shared questions, and as with every question answered.

"Before" is the same bundle with those three removed: its items' questions concatenated. A
situation is a seeded random answer to every question, within the bundle's meaning: a preset
question gets its preset (出生一件事 is never a reissue), an implied one its implied answer
(born within the month, so not over a year late), and the questions one shared question
answers get answers it can give together (one person applies for every item of a bundle, not
the mother for one and an agent for another). The checklist with every answer — nothing
skipped — is the reference; the engine's questions before and now, answered from the
situation, must reach the
same items, the same materials as asked (required, original or copy, copies, form, signature,
免提交/容缺/告知承诺, standard) and the same notes, now in fewer questions.
"""

from __future__ import annotations

import random

import pytest

from knowledge.checklist.engine import build
from knowledge.checklist.scenarios import walk
from knowledge.checklist.situation import Answers, AskedQuestion, Target, matches
from knowledge.files import read_catalog
from knowledge.schema import Bundle, Catalog
from tests.conftest import SAMPLE

CATALOG = read_catalog(SAMPLE).catalog
SITUATIONS = 300  # old situations compared per bundle


def _before(bundle: Bundle, catalog: Catalog) -> Target:
    return Target.of_bundle(bundle.model_copy(update={"presets": {}, "implications": [], "shared": []}), catalog)


def _situations(before: Target, now: Target, seed: int) -> list[Answers]:
    """Random answers to every old question, within the bundle's meaning."""
    rng = random.Random(seed)

    def draw(question: AskedQuestion) -> frozenset[str]:
        options = [o.id for o in question.question.options]
        if question.question.multiple:
            return frozenset(rng.sample(options, rng.randint(1, len(options))))
        return frozenset({rng.choice(options)})

    def situation() -> Answers:
        answers = {q.id: draw(q) for q in before.questions}
        shared = {q.id: draw(q) for q in now.questions if any(s.question == q.id for s in now.shares)}
        answers.update(shared)
        for share in now.shares:
            if (given := share.answer(shared)) is not None:
                answers[share.member] = given
        answers.update(now.presets)
        for _ in now.implications:  # each pass settles at least one more where they chain
            for when, then in now.implications:
                if matches(when, answers):
                    answers.update(then)
        return answers

    return [situation() for _ in range(SITUATIONS)]


def _answer_again(target: Target, situation: Answers) -> Answers:
    """The situation answered through the questions `target` asks."""
    return walk(target, {}, lambda question, _answers: situation[question.id])


def _checklist(catalog: Catalog, target: Target, answers: Answers) -> tuple:
    """What the citizen brings and is told: the items, each material as asked, the notes."""
    checklist = build(catalog, target, answers)
    materials = {
        (m.code, m.required, m.original_or_copy, m.copies, m.form, m.signature, m.exempt, m.lenient, m.promise, m.standard)
        for m in checklist.materials
    }
    return {i["code"] for i in checklist.items}, materials, {n.text for n in checklist.notes}


@pytest.mark.parametrize("bundle", CATALOG.bundles, ids=lambda b: b.name)
def test_every_situation_keeps_its_materials_in_fewer_questions(bundle: Bundle) -> None:
    before, now = _before(bundle, CATALOG), Target.of_bundle(bundle, CATALOG)
    asked_before = asked_now = 0
    for situation in _situations(before, now, seed=len(bundle.code)):
        whole = _checklist(CATALOG, before, situation)  # every question answered: nothing skipped
        old, new = _answer_again(before, situation), _answer_again(now, situation)
        assert _checklist(CATALOG, before, old) == whole, (bundle.name, "before", situation, old)
        assert _checklist(CATALOG, now, new) == whole, (bundle.name, "now", situation, new)
        asked_before += len(old)
        asked_now += len(new)
    assert asked_now < asked_before
