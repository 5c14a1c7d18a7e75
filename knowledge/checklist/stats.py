"""How many 情形 questions a citizen answers before getting a checklist, per item and bundle.

A path is one way through the questions: the engine asks, the citizen answers, until the
checklist is complete. `path_stats` walks every path (depth first, up to a limit) or, when
there are more, a seeded sample of random walks, and reports the longest and mean number of
questions and how many different material lists the paths lead to — the figures `banshi
checklist stats` prints, so that a change to the questions can be judged by them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from knowledge.checklist.engine import build
from knowledge.checklist.scenarios import paths, walk
from knowledge.checklist.situation import Answers, AskedQuestion, Target
from knowledge.schema import Catalog

# Walk every path when there are at most this many; otherwise sample.
EXHAUSTIVE_LIMIT = 5000
SAMPLES = 2000


@dataclass(frozen=True)
class PathStats:
    code: str
    name: str
    kind: str
    paths: int  # paths walked (all of them when exhaustive, else the sample's distinct ones)
    exhaustive: bool
    longest: int
    mean: float
    checklists: int  # distinct material lists (the set of material codes) the paths lead to

    def row(self) -> str:
        how = "all" if self.exhaustive else "sampled"
        return f"{self.code}\t{self.name}\t{self.kind}\t{self.longest}\t{self.mean:.1f}\t{self.checklists}\t{self.paths} ({how})"


def path_stats(catalog: Catalog, target: Target, limit: int = EXHAUSTIVE_LIMIT, samples: int = SAMPLES, seed: int = 0) -> PathStats:
    """Path lengths and distinct checklists of one item or bundle (see the module docstring)."""
    walked = list(paths(target, limit + 1))
    exhaustive = len(walked) <= limit
    if not exhaustive:
        rng = random.Random(seed)

        def pick(question: AskedQuestion, _answers: Answers) -> frozenset[str]:
            options = [o.id for o in question.question.options]
            if question.question.multiple:
                return frozenset(rng.sample(options, rng.randint(1, len(options))))
            return frozenset({rng.choice(options)})

        walked = [walk(target, {}, pick) for _ in range(samples)]
    lengths = [len(answers) for answers in walked]
    lists = {frozenset(m.code for m in build(catalog, target, answers).materials) for answers in walked}
    distinct = len({tuple(sorted((k, tuple(sorted(v))) for k, v in a.items())) for a in walked})
    return PathStats(target.code, target.name, target.kind, distinct, exhaustive, max(lengths), sum(lengths) / len(lengths), len(lists))
