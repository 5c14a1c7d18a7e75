"""Hybrid search: a citizen's question → the items that answer it, or "out of scope".

Three retrievers (BM25 over words, BM25 over character bigrams, dense passages) are fused
with reciprocal-rank fusion. Rank fusion always returns *something*, so whether the question
is about the top item at all is decided separately, by *evidence*: the share of the
question's content words (weighted by rarity) that the item's own text accounts for —
directly, through a synonym, or through a typo repair. Weather, stocks or an item the
catalogue does not have leave most content words unexplained and come back out of scope;
where the evidence is middling, the domain classifier (knowledge.domain) decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from knowledge.answer import Answer, AnswerComposer
from knowledge.documents import is_live
from knowledge.fusion import reciprocal_rank_fusion
from knowledge.index import SearchIndex
from knowledge.schema import Catalog
from knowledge.scope import ScopeThresholds
from nlu.analyzer import Analysis
from nlu.aspects import Aspect
from nlu.segment import char_ngrams


@dataclass(frozen=True)
class Result:
    code: str
    name: str
    kind: str
    score: float

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind, "score": round(self.score, 4)}


@dataclass
class SearchResponse:
    query: str
    normalized: str
    out_of_scope: bool
    results: list[Result]
    aspect: str | None
    answer: Answer | None
    confidence: float
    suggestions: list[Result] = field(default_factory=list)
    corrected: str = ""  # the normalised question with its homophone typos repaired (结昏 → 结婚)

    def as_dict(self) -> dict:
        """The public JSON shape (architecture.md): stable keys, extra ones only added."""
        return {
            "query": self.query,
            "normalized": self.normalized,
            "out_of_scope": self.out_of_scope,
            "results": [r.as_dict() for r in self.results],
            "aspect": self.aspect,
            "answer": self.answer.as_dict() if self.answer else None,
            "confidence": round(self.confidence, 4),
            "suggestions": [r.as_dict() for r in self.suggestions],
        }


@dataclass
class SearchTuning:
    """Global parameters, chosen on the development question sets (tests/eval/dev*.jsonl)."""

    candidates: int = 50
    rrf_k: float = 10.0
    weights: tuple[float, ...] = (1.0, 0.4, 0.7, 0.8)  # title words, body words, char bigrams, dense
    # Whether the question is about the top item at all (knowledge.scope).
    scope: ScopeThresholds = field(default_factory=ScopeThresholds)
    single_char_weight: float = 0.5
    partial_credit: float = 0.8
    # A long message tells a story around its question: it is in scope once the item explains
    # this much rarity-weighted content (≈ 2–3 distinctive words), whatever else it says.
    evidence_cap: float = 8.0
    # Longer words are more specific: 港澳通行证续签 says more than 自助.
    length_exponent: float = 0.5


class Searcher:
    """Answers questions against one index and the catalog it was built from."""

    def __init__(self, index: SearchIndex, catalog: Catalog, tuning: SearchTuning | None = None) -> None:
        self.index = index
        self.catalog = catalog
        self.tuning = tuning or SearchTuning()
        self.composer = AnswerComposer(catalog)
        self._max_idf = max(float(i.idf.max()) if i.idf.size else 1.0 for i in (index.words, index.body))
        live = {i.code for i in catalog.items if is_live(i)} | {b.code for b in catalog.bundles if is_live(b)}
        self._live = np.array([t.code in live for t in index.targets], dtype=bool)
        self._target_of = {t.code: n for n, t in enumerate(index.targets)}

    # -- retrieval ----------------------------------------------------------------------
    def rank(self, analysis: Analysis) -> list[tuple[int, float]]:
        t = self.tuning
        words = [h.doc for h in self.index.words.search(analysis.words, t.candidates)]
        body = [h.doc for h in self.index.body.search(analysis.words, t.candidates)]
        chars = [h.doc for h in self.index.chars.search(analysis.bigrams, t.candidates)]
        rankings = [words, body, chars]
        if words or body or chars:  # a question with no known term at all gets no dense guess
            query = self.index.encoder.encode([analysis.expanded_text])[0]
            rankings.append([h.doc for h in self.index.dense.search(query, t.candidates)])
        fused = reciprocal_rank_fusion(rankings, t.weights[: len(rankings)], k=t.rrf_k)
        return [(doc, score) for doc, score in fused if self._live[doc]]

    def evidence(self, analysis: Analysis, target: int) -> float:
        """Share (0–1) of the question's content that the target's text accounts for."""
        text = self.index.texts[target]
        t = self.tuning
        total = covered = 0.0
        for word in analysis.content_words:
            weight = self._weight(word) * (len(word) / 2) ** t.length_exponent
            if len(word) == 1:
                weight *= t.single_char_weight
            total += weight
            if word in text or any(
                (e.source in word or word in e.source) and e.target in text for e in analysis.expansions
            ):
                covered += weight
            elif len(word) >= 2:
                grams = char_ngrams(word)
                covered += weight * t.partial_credit * sum(g in text for g in grams) / len(grams)
        return min(1.0, covered / min(total, t.evidence_cap)) if total else 0.0

    def evidence_for(self, question: str, codes: Iterable[str]) -> float:
        """How much of the question the best of the given items or bundles explains (0 when none
        is indexed): whether a follow-up's words still fit the item(s) under discussion."""
        targets = [self._target_of[c] for c in codes if c in self._target_of]
        if not targets:
            return 0.0
        analysis = self.index.analyzer.question(question)
        return max(self.evidence(analysis, target) for target in targets)

    def _weight(self, word: str) -> float:
        """Rarity of a word: over titles where it names items, else over bodies.

        A word the knowledge base has never seen weighs the most: it is strong evidence of
        another topic.
        """
        for index in (self.index.words, self.index.body):
            term = index.vocab.get(word)
            if term is not None:
                return float(index.idf[term])
        return self._max_idf

    # -- the whole question -------------------------------------------------------------
    def search(self, question: str, top_k: int = 5) -> SearchResponse:
        analysis = self.index.analyzer.question(question)
        ranked = self.rank(analysis)
        aspect = analysis.aspect.aspect if analysis.aspect else Aspect.GENERAL
        confidence = self.evidence(analysis, ranked[0][0]) if ranked else 0.0
        results = [self._result(doc, score) for doc, score in ranked[:top_k]]
        if not ranked or self._out_of_scope(analysis, confidence):
            return SearchResponse(
                question, analysis.normalized, True, [], None, None, confidence, results[:3], analysis.corrected
            )
        answer = self.composer.compose(results[0].code, aspect, question)
        return SearchResponse(
            question, analysis.normalized, False, results, aspect.value, answer, confidence, corrected=analysis.corrected
        )

    def best_code(self, question: str, min_evidence: float = 0.8) -> str | None:
        """The code of the item or bundle the words clearly name (e.g. 我要开个理发店), else None:
        a checklist must not silently start for a different service than the citizen meant."""
        response = self.search(question, 1)
        if response.out_of_scope or not response.results or response.confidence < min_evidence:
            return None
        return response.results[0].code

    def _out_of_scope(self, analysis: Analysis, evidence: float) -> bool:
        """Evidence about the top item and, when the catalogue has one, the domain classifier."""
        domain = self.index.domain
        p_out = None if domain is None else (lambda: domain.p_out_of_scope(analysis.corrected))
        return self.tuning.scope.out_of_scope(evidence, p_out)

    def _result(self, doc: int, score: float) -> Result:
        target = self.index.targets[doc]
        return Result(target.code, target.name, target.kind, score)
