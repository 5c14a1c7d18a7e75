"""Choose the out-of-scope thresholds on the development question sets, by one stated rule.

    .venv/bin/python -m tools.scope_thresholds [--check]

Rule: over a grid of the four thresholds (knowledge.scope.ScopeThresholds), keep the settings
whose out-of-scope recall on the pooled development sets (tests/eval/dev*.jsonl) is at least
RECALL_FLOOR; of those, take the highest out-of-scope precision, then the highest recall, then
the grid's first (lowest thresholds). When no setting reaches RECALL_FLOOR, the highest recall
among those with precision at least PRECISION_FLOOR (a declined answerable question costs a
citizen more than a missed small-talk one). `evidence_only_threshold` (no domain classifier)
is chosen by the same rule with evidence alone. The test set is never read. `--check` exits 1
when the committed values (knowledge/scope.py) are not the rule's choice.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from knowledge.evaluation import load_questions
from knowledge.files import read_catalog
from knowledge.index import SearchIndex
from knowledge.scope import ScopeThresholds
from knowledge.search import Searcher

ROOT = Path(__file__).resolve().parent.parent
DEV_SETS = sorted((ROOT / "tests" / "eval").glob("dev*.jsonl"))
RECALL_FLOOR = 0.90
PRECISION_FLOOR = 0.90
GRID = {
    "oos_threshold": np.round(np.arange(0.20, 0.501, 0.05), 2),
    "weak_evidence": np.round(np.arange(0.50, 0.801, 0.05), 2),
    "weak_domain_threshold": np.round(np.arange(0.30, 0.601, 0.05), 2),
    "domain_threshold": np.round(np.arange(0.55, 0.901, 0.05), 2),
}
EVIDENCE_ONLY_GRID = np.round(np.arange(0.30, 0.801, 0.05), 2)


@dataclass(frozen=True)
class Signals:
    """Per development question: is it out of scope, the evidence, the classifier's P."""

    out: np.ndarray  # bool: labelled out of scope
    evidence: np.ndarray
    p_out: np.ndarray
    unranked: np.ndarray  # bool: no item at all (always out of scope)


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float

    def key(self) -> tuple[float, float]:
        return (self.precision, self.recall)


def signals(searcher: Searcher, questions: list) -> Signals:
    domain = searcher.index.domain
    out, evidence, p_out, unranked = [], [], [], []
    for question in questions:
        analysis = searcher.index.analyzer.question(question.q)
        ranked = searcher.rank(analysis)
        out.append(question.out_of_scope)
        unranked.append(not ranked)
        evidence.append(searcher.evidence(analysis, ranked[0][0]) if ranked else 0.0)
        p_out.append(domain.p_out_of_scope(analysis.corrected) if domain is not None else 0.0)
    return Signals(np.array(out), np.array(evidence), np.array(p_out), np.array(unranked))


def figures(s: Signals, declined: np.ndarray) -> Figures:
    declined = declined | s.unranked
    tp = int((declined & s.out).sum())
    fp = int((declined & ~s.out).sum())
    return Figures(tp / (tp + fp) if tp + fp else 1.0, tp / max(int(s.out.sum()), 1))


def decline(s: Signals, t: ScopeThresholds, classifier: bool = True) -> np.ndarray:
    """The product's own decision (ScopeThresholds.out_of_scope) on every question, with the
    domain classifier or, without one, by evidence alone."""
    return np.array([
        t.out_of_scope(float(evidence), _constant(float(p)) if classifier else None)
        for evidence, p in zip(s.evidence, s.p_out, strict=True)
    ], dtype=bool)


def _constant(p: float) -> Callable[[], float]:
    """The classifier's P for one question, as the decision asks for it (on demand)."""
    return lambda: p


def _best(options: list[tuple[Figures, ScopeThresholds]]) -> ScopeThresholds:
    """The rule (module docstring) over (figures, thresholds) in grid order."""
    reaching = [o for o in options if o[0].recall >= RECALL_FLOOR]
    if reaching:
        return max(reaching, key=lambda o: o[0].key())[1]  # max keeps the first of equals
    precise = [o for o in options if o[0].precision >= PRECISION_FLOOR]
    if not precise:
        raise SystemExit(f"no setting reaches out-of-scope recall {RECALL_FLOOR} or precision {PRECISION_FLOOR}")
    return max(precise, key=lambda o: (o[0].recall, o[0].precision))[1]


def choose(s: Signals) -> ScopeThresholds:
    """The thresholds the rule picks on these signals."""
    grid = [replace(ScopeThresholds(), **{k: float(v) for k, v in zip(GRID, values, strict=True)})
            for values in itertools.product(*GRID.values())]
    chosen = _best([(figures(s, decline(s, t)), t) for t in grid])
    alone = [replace(chosen, evidence_only_threshold=float(v)) for v in EVIDENCE_ONLY_GRID]
    return _best([(figures(s, decline(s, t, classifier=False)), t) for t in alone])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 unless the committed values are the rule's choice")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    catalog = read_catalog(ROOT / "knowledge" / "sample").catalog
    questions = [q for path in DEV_SETS for q in load_questions(path)]
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex.build(catalog, work_dir=Path(tmp))
    s = signals(Searcher(index, catalog), questions)
    chosen, committed = choose(s), ScopeThresholds()
    print(f"development sets: {', '.join(p.name for p in DEV_SETS)} ({len(questions)} questions, {int(s.out.sum())} out of scope)")
    for name, t in (("chosen", chosen), ("committed", committed)):
        f = figures(s, decline(s, t))
        only = figures(s, decline(s, t, classifier=False))
        print(f"{name:<10} {asdict(t)}  OOS P {f.precision:.3f} R {f.recall:.3f}; evidence only P {only.precision:.3f} R {only.recall:.3f}")
    if args.check and chosen != committed:
        print("the committed thresholds (knowledge/scope.py) are not the rule's choice", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
