"""What each retriever contributes: the evaluation set with parts of the search switched off.

    .venv/bin/python bench/ablation.py [--set tests/eval/questions.jsonl]

Builds the sample index once and evaluates the fused search with the fusion weight of one or
more retrievers set to zero, and without the domain classifier; the full product is the last
row. Figures for the README.
"""

from __future__ import annotations

import argparse
import copy
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.evaluation import evaluate, load_questions  # noqa: E402
from knowledge.files import read_catalog  # noqa: E402
from knowledge.index import SearchIndex  # noqa: E402
from knowledge.search import Searcher, SearchTuning  # noqa: E402

FULL = SearchTuning().weights
VARIANTS: list[tuple[str, dict]] = [
    ("BM25 title words only", {"weights": (FULL[0], 0.0, 0.0, 0.0)}),
    ("+ BM25 body words", {"weights": (FULL[0], FULL[1], 0.0, 0.0)}),
    ("+ BM25 title char bigrams", {"weights": (FULL[0], FULL[1], FULL[2], 0.0)}),
    ("dense only", {"weights": (0.0, 0.0, 0.0, FULL[3])}),
    ("full, no domain classifier", {"domain": None}),
    ("full hybrid (product)", {}),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=ROOT / "tests/eval/questions.jsonl")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    catalog = read_catalog(ROOT / "knowledge/sample").catalog
    questions = load_questions(args.set)
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex.build(catalog, work_dir=Path(tmp))
    print(f"{args.set.name}: {len(questions)} questions")
    print(f"{'variant':<28} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'OOS P':>6} {'OOS R':>6}")
    without_domain = copy.copy(index)
    without_domain.domain = None
    for name, tuning in VARIANTS:
        variant = without_domain if "domain" in tuning else index
        params = {key: value for key, value in tuning.items() if key != "domain"}
        report = evaluate(Searcher(variant, catalog, SearchTuning(**params)), questions)
        print(
            f"{name:<28} {report.hit1:6.3f} {report.hit3:6.3f} {report.mrr:6.3f} "
            f"{report.oos_precision:6.3f} {report.oos_recall:6.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
