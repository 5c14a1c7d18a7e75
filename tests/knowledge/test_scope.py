"""The out-of-scope decision from the evidence and the domain classifier's P(out of scope)."""

from __future__ import annotations

import pytest

from knowledge.scope import ScopeThresholds

DEFAULT = ScopeThresholds()


@pytest.mark.parametrize(
    ("evidence", "p_out", "expected"),
    [
        (0.2, 0.0, True),  # too little of the question explained, whatever the classifier says
        (0.5, 0.3, False),  # middling evidence, the classifier fairly sure it is ours
        (0.5, 0.5, True),  # middling evidence, the classifier unsure
        (0.9, 0.5, False),  # strong evidence outweighs an unsure classifier
        (0.9, 0.8, True),  # the classifier very sure it is not ours
        (1.0, 0.0, False),
    ],
)
def test_evidence_and_classifier(evidence: float, p_out: float, expected: bool) -> None:
    assert DEFAULT.out_of_scope(evidence, lambda: p_out) is expected


@pytest.mark.parametrize(("evidence", "expected"), [(0.6, True), (0.7, False)])
def test_evidence_alone_without_a_classifier(evidence: float, expected: bool) -> None:
    assert DEFAULT.out_of_scope(evidence, None) is expected


def test_the_classifier_is_not_asked_when_evidence_decides() -> None:
    def never() -> float:
        raise AssertionError("the classifier was asked")

    assert DEFAULT.out_of_scope(0.1, never) is True


def test_operator_keys_are_the_fields() -> None:
    assert ScopeThresholds.names() == (
        "oos_threshold", "weak_evidence", "weak_domain_threshold", "domain_threshold", "evidence_only_threshold",
    )  # fmt: skip
