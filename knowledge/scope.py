"""Whether a question is about the catalogue at all: the out-of-scope decision and its thresholds.

Its own small module (no index, no model) so that the operator config can take its defaults
from here: the values are written once, here, and `config.yml` only overrides them. They are
chosen on the development question sets (tests/eval/dev*.jsonl) by one stated rule,
reproducibly: `python -m tools.scope_thresholds` (a test keeps these values its choice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class ScopeThresholds:
    """Evidence is the share (0–1) of the question the top item explains; P is the domain
    classifier's probability that the question is out of scope."""

    # Out of scope, whatever the domain classifier says, below this evidence …
    oos_threshold: float = 0.45
    # … and below this evidence unless the classifier is fairly sure the question is ours
    # (P at most weak_domain_threshold): a chatty message about an item often leaves half its
    # words unexplained, small talk or a missing item too …
    weak_evidence: float = 0.75
    weak_domain_threshold: float = 0.45
    # … and whatever the evidence when P is above this.
    domain_threshold: float = 0.65
    # Without a classifier (fewer curated out-of-scope examples than it needs) evidence alone
    # decides, at this threshold.
    evidence_only_threshold: float = 0.65

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The operator keys (`search.<name>` in config.yml)."""
        return tuple(f.name for f in fields(cls))

    def out_of_scope(self, evidence: float, p_out_of_scope: Callable[[], float] | None) -> bool:
        """Each signal fails alone in its own way: evidence on stories around a question, the
        classifier on a catalogue word in an unseen frame. Where one is unsure the other decides.
        `p_out_of_scope` is None without a classifier, and is called only when it matters."""
        if p_out_of_scope is None:
            return evidence < self.evidence_only_threshold
        if evidence < self.oos_threshold:
            return True
        p_out = p_out_of_scope()
        return p_out > self.domain_threshold or (evidence < self.weak_evidence and p_out > self.weak_domain_threshold)
