"""Retrieval evaluation on a labelled question set (JSON Lines).

Each line: {"q": question, "items": [acceptable item/bundle names], "aspect": aspect|null,
"style": ...}; an empty "items" list marks an out-of-scope question. Metrics: hit@1, hit@3
and MRR over in-scope questions (a question wrongly flagged out of scope counts as a miss),
out-of-scope precision and recall, aspect accuracy, and hit@1 per style.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.schema import Bundle, Catalog, Item
from knowledge.search import Searcher
from nlu.aspects import Aspect
from nlu.normalize import compact


@dataclass(frozen=True)
class Question:
    q: str
    items: tuple[str, ...]
    aspect: str | None
    style: str

    @property
    def out_of_scope(self) -> bool:
        return not self.items


@dataclass
class Miss:
    question: Question
    got: list[str]
    out_of_scope: bool
    confidence: float


@dataclass
class Report:
    n: int = 0
    in_scope: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0
    oos_precision: float = 0.0
    oos_recall: float = 0.0
    aspect_accuracy: float = 0.0
    by_style: dict[str, tuple[int, float]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "questions": self.n,
            "in_scope": self.in_scope,
            "hit@1": round(self.hit1, 4),
            "hit@3": round(self.hit3, 4),
            "mrr": round(self.mrr, 4),
            "oos_precision": round(self.oos_precision, 4),
            "oos_recall": round(self.oos_recall, 4),
            "aspect_accuracy": round(self.aspect_accuracy, 4),
            "hit@1_by_style": {s: round(v, 4) for s, (_n, v) in sorted(self.by_style.items())},
        }

    def table(self) -> str:
        rows = [
            f"questions         {self.n} ({self.in_scope} in scope, {self.n - self.in_scope} out of scope)",
            f"hit@1             {self.hit1:.3f}",
            f"hit@3             {self.hit3:.3f}",
            f"MRR               {self.mrr:.3f}",
            f"out-of-scope P    {self.oos_precision:.3f}",
            f"out-of-scope R    {self.oos_recall:.3f}",
            f"aspect accuracy   {self.aspect_accuracy:.3f}",
        ]
        rows += [f"hit@1 {style:<11} {value:.3f}  (n={n})" for style, (n, value) in sorted(self.by_style.items())]
        return "\n".join(rows)


def load_questions(path: Path) -> list[Question]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            out.append(Question(raw["q"], tuple(raw.get("items") or ()), raw.get("aspect"), raw.get("style", "")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a question line ({exc})") from exc
    return out


def check_labels(questions: Iterable[Question], catalog: Catalog) -> list[str]:
    """Names in the labels that are not in the catalog (a stale evaluation set)."""
    names = {i.name for i in catalog.items} | {b.name for b in catalog.bundles}
    return sorted({n for q in questions for n in q.items if n not in names})


def content_questions(catalog: Catalog) -> set[str]:
    """What the knowledge base already says the way citizens ask: names, aliases, 相似问法,
    FAQ questions and out-of-scope examples (the search has these by heart)."""
    texts: list[str] = [e.q for e in catalog.out_of_scope_examples]
    entities: list[Item | Bundle] = [*catalog.items, *catalog.bundles]
    for entity in entities:
        texts += [entity.name, *entity.aliases, *entity.phrasings, *(f.q for f in entity.faqs)]
    return {compact(t) for t in texts}


def leaked(questions: Iterable[Question], catalog: Catalog, *others: Iterable[Question]) -> list[str]:
    """Test questions the system has seen: in the knowledge base's own content or in a
    development set the parameters were chosen on. They measure memory, not retrieval."""
    seen = content_questions(catalog) | {compact(q.q) for group in others for q in group}
    return [q.q for q in questions if compact(q.q) in seen]


def _same_aspect(detected: Aspect, label: str) -> bool:
    """A label in the coarse vocabulary (location) is met by its finer part (phone, hours)."""
    return detected.value == label or (detected.parent is not detected and detected.parent.value == label)


def evaluate(searcher: Searcher, questions: list[Question]) -> Report:
    report = Report(n=len(questions))
    reciprocal = 0.0
    hits1 = hits3 = 0
    tp = fp = oos_total = aspect_right = aspect_total = 0
    style_hits: dict[str, list[int]] = defaultdict(list)
    for question in questions:
        response = searcher.search(question.q, top_k=10)
        names = [r.name for r in response.results]
        if question.out_of_scope:
            oos_total += 1
            tp += response.out_of_scope
            if not response.out_of_scope:
                report.misses.append(Miss(question, names[:3], False, response.confidence))
            continue
        report.in_scope += 1
        fp += response.out_of_scope
        rank = next((i for i, name in enumerate(names, 1) if name in question.items), None)
        hit = rank == 1
        hits1 += hit
        hits3 += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0.0
        style_hits[question.style].append(int(hit))
        if not hit:
            got = [r.name for r in (response.results or response.suggestions)][:3]
            report.misses.append(Miss(question, got, response.out_of_scope, response.confidence))
        if question.aspect:
            aspect_total += 1
            detected = searcher.index.analyzer.question(question.q).aspect
            aspect_right += detected is not None and _same_aspect(detected.aspect, question.aspect)
    n_in = max(report.in_scope, 1)
    report.hit1, report.hit3, report.mrr = hits1 / n_in, hits3 / n_in, reciprocal / n_in
    report.oos_precision = tp / (tp + fp) if tp + fp else 1.0
    report.oos_recall = tp / oos_total if oos_total else 1.0
    report.aspect_accuracy = aspect_right / aspect_total if aspect_total else 1.0
    report.by_style = {s: (len(v), sum(v) / len(v)) for s, v in style_hits.items()}
    return report
