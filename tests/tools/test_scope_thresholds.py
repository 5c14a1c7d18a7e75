"""The committed out-of-scope thresholds are the stated rule's choice on the development sets."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.evaluation import load_questions
from knowledge.scope import ScopeThresholds
from tools.scope_thresholds import DEV_SETS, RECALL_FLOOR, Signals, choose, decline, figures, signals


@pytest.mark.slow
def test_the_committed_thresholds_are_the_rules_choice_on_the_development_sets(searcher) -> None:
    questions = [q for path in DEV_SETS for q in load_questions(path)]
    assert len(DEV_SETS) >= 3 and len(questions) > 500
    assert choose(signals(searcher, questions)) == ScopeThresholds()


def test_the_rule_takes_the_most_precise_setting_that_keeps_recall() -> None:
    # Six questions: three out of scope. Low evidence and a sure classifier mark them.
    s = Signals(
        out=np.array([True, True, True, False, False, False]),
        evidence=np.array([0.1, 0.3, 0.6, 0.3, 0.9, 0.95]),
        p_out=np.array([0.9, 0.5, 0.95, 0.1, 0.2, 0.1]),
        unranked=np.zeros(6, dtype=bool),
    )
    chosen = choose(s)
    f = figures(s, decline(s, chosen))
    assert f.recall >= RECALL_FLOOR and f.precision == 1.0
