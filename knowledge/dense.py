"""Dense retrieval: passage embeddings in a FAISS inner-product index, max-pooled per target."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from knowledge.bm25 import Hit


class DenseIndex:
    """Normalised passage vectors; a target's score is its best passage's cosine similarity."""

    def __init__(self, passage_targets: Sequence[int], vectors: np.ndarray) -> None:
        self.passage_targets = np.asarray(passage_targets, dtype=np.int64)
        self.index: faiss.Index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def search(self, query: np.ndarray, k: int, fan_out: int = 4) -> list[Hit]:
        """The k best targets (by their best passage)."""
        n = min(self.index.ntotal, k * fan_out)
        if n == 0:
            return []
        sims, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), n)
        best: dict[int, float] = {}
        for sim, pid in zip(sims[0].tolist(), ids[0].tolist(), strict=True):
            if pid < 0:
                continue
            target = int(self.passage_targets[pid])
            if target not in best:
                best[target] = sim
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [Hit(t, s) for t, s in ranked]

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path.with_suffix(".faiss")))
        np.save(path.with_suffix(".targets.npy"), self.passage_targets)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        obj = cls.__new__(cls)
        obj.index = faiss.read_index(str(path.with_suffix(".faiss")))
        obj.passage_targets = np.load(path.with_suffix(".targets.npy"))
        return obj
