"""Retrieval quality on the evaluation set must not drop below the committed floors.

The set (tests/eval/questions.jsonl) was written independently of the search code, the way
citizens type; global parameters were chosen on the separate development sets (dev*.jsonl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluation import check_labels, evaluate, leaked, load_questions

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent

# Regression floors: a little under what the search measures today on the set without the
# questions it had seen (README: "Evaluation"); raise a floor whenever the search improves.
# Out-of-scope precision (0.833: 11 of 414 answerable questions declined) is under the earlier
# target of 0.90 since the seen questions left the set and the thresholds were re-chosen on the
# development sets for a domain classifier that reads topics: the floor follows the honest figure.
FLOORS = {"hit1": 0.95, "hit3": 0.965, "mrr": 0.96, "oos_recall": 0.91, "oos_precision": 0.825, "aspect_accuracy": 0.87}


@pytest.fixture(scope="module")
def report(searcher, sample_catalog):
    questions = load_questions(HERE / "questions.jsonl")
    assert len(questions) >= 400
    assert check_labels(questions, sample_catalog) == []
    return evaluate(searcher, questions)


def test_no_test_question_is_one_the_system_has_seen(sample_catalog) -> None:
    """A question that is an item's name, alias, 相似问法 or FAQ, an out-of-scope example, or a
    development question measures memory: the set holds none."""
    questions = load_questions(HERE / "questions.jsonl")
    development = [load_questions(path) for path in sorted(HERE.glob("dev*.jsonl"))]
    assert len(development) >= 3
    assert leaked(questions, sample_catalog, *development) == []


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_metric_meets_floor(report, metric: str) -> None:
    value = getattr(report, metric)
    assert value >= FLOORS[metric], f"{metric} = {value:.3f} < floor {FLOORS[metric]}\n{report.table()}"


def test_the_set_covers_every_style(report) -> None:
    assert {"colloquial", "typo", "traditional", "long", "fragment", "formal"} <= set(report.by_style)
