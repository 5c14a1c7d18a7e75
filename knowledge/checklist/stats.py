"""How many 情形 questions a citizen answers before getting a checklist, per item and bundle.

A path is one way through the questions: the engine asks, the citizen answers, until the
checklist is complete. `path_stats` walks every path (depth first, up to a limit) or, when
there are more, a seeded sample of random walks, and reports the longest path, the mean — the
number of questions a citizen answers on average when every option of each question is equally
likely (each path weighs the chance of its answers; a multiple-choice question's answers are
its combinations of ticks, `scenarios.choices`) — and how many different material lists the
paths lead to:
the figures `banshi checklist stats` prints, so that a change to the questions can be judged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from knowledge.checklist.engine import build
from knowledge.checklist.scenarios import choices, walk
from knowledge.checklist.situation import Answers, AskedQuestion, Target, next_question
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
    weighted = _every_path(target, limit)
    exhaustive = weighted is not None
    if weighted is None:
        rng = random.Random(seed)

        def pick(question: AskedQuestion, _answers: Answers) -> frozenset[str]:
            return rng.choice(choices(question))

        weighted = [(walk(target, {}, pick), 1 / samples) for _ in range(samples)]
    walked = [answers for answers, _ in weighted]
    mean = sum(len(answers) * weight for answers, weight in weighted)
    lists = {frozenset(m.code for m in build(catalog, target, answers).materials) for answers in walked}
    distinct = len({tuple(sorted((k, tuple(sorted(v))) for k, v in a.items())) for a in walked})
    return PathStats(target.code, target.name, target.kind, distinct, exhaustive, max(map(len, walked)), mean, len(lists))


def _every_path(target: Target, limit: int) -> list[tuple[Answers, float]] | None:
    """Every complete path with its chance under equally likely options; None past `limit`."""
    done: list[tuple[Answers, float]] = []
    stack: list[tuple[Answers, float]] = [({}, 1.0)]
    while stack:
        answers, chance = stack.pop()
        asked = next_question(target, answers)
        if asked is None:
            done.append((answers, chance))
            if len(done) > limit:
                return None
            continue
        given = choices(asked)
        stack.extend(({**answers, asked.id: c}, chance / len(given)) for c in reversed(given))
    return done
