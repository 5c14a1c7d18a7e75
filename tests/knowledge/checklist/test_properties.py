"""Properties over every reachable answer combination: no duplicates, no contradictions, stable.

Small targets are enumerated exhaustively; bundles (millions of combinations) by random walks
through the engine's own questions (hypothesis).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.checklist import Checklist, Target, build, find_target
from knowledge.checklist.scenarios import paths
from knowledge.checklist.situation import Answers, next_question
from knowledge.files import read_catalog
from tests.conftest import SAMPLE

CATALOG = read_catalog(SAMPLE).catalog
E_LICENSES = {m.code for m in CATALOG.materials if m.e_license}
ITEMS = [i.code for i in CATALOG.items if i.questions]
BUNDLES = [b.code for b in CATALOG.bundles]
EXHAUSTIVE_LIMIT = 5000


def check(target: Target, answers: Answers) -> Checklist:
    """Build the checklist and assert everything that must hold for any situation."""
    checklist = build(CATALOG, target, answers)
    codes = [m.code for m in checklist.materials]
    assert len(codes) == len(set(codes)), f"duplicate materials: {codes}"
    applying = {i["code"] for i in checklist.items}
    skipped = {i["code"] for i in checklist.skipped_items}
    assert not applying & skipped
    if target.bundle is not None:
        assert applying | skipped == {bi.item for bi in target.bundle.items}
    for m in checklist.materials:
        assert m.reasons, f"{m.code} has no reason"
        assert set(m.for_items) <= applying, f"{m.code} serves an item that does not apply"
        assert not (m.exempt and m.code not in E_LICENSES), f"{m.code} exempt without 电子证照"
        assert m.copies >= 0
        assert CATALOG.material(m.code) is not None, f"{m.code} is not a catalogue material"
    if not checklist.eligible:
        assert checklist.ineligible_reasons and not checklist.materials and not checklist.items
    else:
        assert checklist.items and checklist.materials
    # Every answered question was visible; nothing left to ask.
    for row in checklist.answers:
        asked = target.question(row["question"])
        assert asked is not None and target.visible(asked, answers)
    assert next_question(target, answers) is None
    # Same input, same checklist — also with the answers in another order.
    shuffled = dict(sorted(answers.items(), key=lambda kv: random.Random(7).random()))
    assert build(CATALOG, target, shuffled).as_dict() == checklist.as_dict()
    return checklist


@pytest.mark.parametrize("code", ITEMS)
def test_every_reachable_combination_of_an_item(code: str) -> None:
    target = find_target(CATALOG, code)
    combinations = list(paths(target, EXHAUSTIVE_LIMIT))
    assert 0 < len(combinations) < EXHAUSTIVE_LIMIT, "too many combinations to enumerate: sample instead"
    for answers in combinations:
        check(target, answers)


@st.composite
def situations(draw: st.DrawFn) -> tuple[Target, Answers]:
    """A bundle and a random path through the questions the engine asks."""
    target = find_target(CATALOG, draw(st.sampled_from(BUNDLES)))
    answers: Answers = {}
    while (asked := next_question(target, answers)) is not None:
        options = [o.id for o in asked.question.options]
        if asked.question.multiple:
            chosen = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
        else:
            chosen = [draw(st.sampled_from(options))]
        answers[asked.id] = frozenset(chosen)
    return target, answers


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_random_situations_of_every_bundle(situation: tuple[Target, Answers]) -> None:
    check(*situation)


@pytest.mark.parametrize("code", BUNDLES)
def test_the_first_combinations_of_every_bundle(code: str) -> None:
    """Depth-first from the first options: the situations next to the base case, exhaustively."""
    target = find_target(CATALOG, code)
    for answers in paths(target, 300):
        check(target, answers)
