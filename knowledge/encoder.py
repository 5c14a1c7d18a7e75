"""Sentence encoders for the dense retriever.

No model hub is reachable in a typical government intranet, and no Chinese sentence model
ships on PyPI, so the default ("builtin") encoder is trained here, from the knowledge base, at
index time: a sentence-transformers ``StaticEmbedding`` over a jieba-word + character
vocabulary, trained with MultipleNegativesRankingLoss on (citizen phrasing, item) pairs —
aliases, FAQ questions and names against the item's title text. It takes seconds on a CPU.

Any sentence-transformers model path (e.g. a local copy of BAAI/bge-small-zh-v1.5) replaces it
through ``search.encoder`` in config.yml; such a model receives the normalised text as is.
"""

from __future__ import annotations

import json
import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlu.segment import Segmenter, is_cjk

log = logging.getLogger(__name__)
BUILTIN = "builtin"
_MARKER = "banshi_encoder.json"


def _torch():  # heavy imports stay out of module import time
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    return torch


class Encoder:
    """Encodes texts into L2-normalised float32 vectors."""

    def __init__(self, model: Any, transform: Callable[[str], str] | None = None) -> None:
        self.model = model
        self.transform = transform

    @property
    def dim(self) -> int:
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(dimension())

    def encode(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
        if self.transform:
            texts = [self.transform(t) for t in texts]
        vectors = self.model.encode(
            list(texts), batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def builtin_tokens(text: str, segmenter: Segmenter) -> list[str]:
    """Words (with their sub-words) and single characters: robust to typos and new compounds."""
    words = segmenter.search_words(text)
    chars = [ch for ch in text if is_cjk(ch)]
    return words + [f"#{ch}" for ch in chars]


def _builtin_transform(segmenter: Segmenter, vocab: set[str]) -> Callable[[str], str]:
    def transform(text: str) -> str:
        tokens = [t for t in builtin_tokens(text, segmenter) if t in vocab]
        return " ".join(tokens) or "[UNK]"

    return transform


def train_builtin(
    pairs: Sequence[tuple[str, str]],
    out_dir: Path,
    segmenter: Segmenter,
    *,
    dim: int = 128,
    epochs: int = 8,
    batch_size: int = 128,
    max_steps: int = 3000,
    seed: int = 13,
) -> Encoder:
    """Train the static-embedding encoder on (anchor, positive) pairs and save it to out_dir."""
    torch = _torch()
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit

    random.seed(seed)
    torch.manual_seed(seed)
    cache: dict[str, list[str]] = {}

    def tokens(text: str) -> list[str]:
        if text not in cache:
            cache[text] = builtin_tokens(text, segmenter)
        return cache[text]

    counts: Counter[str] = Counter()
    for anchor, positive in pairs:
        counts.update(tokens(anchor))
        counts.update(tokens(positive))
    vocab = {"[UNK]": 0, "[PAD]": 1}
    for token, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        vocab.setdefault(token, len(vocab))
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = WhitespaceSplit()
    tokenizer.enable_padding(pad_id=1, pad_token="[PAD]")
    weights = torch.randn(len(vocab), dim) * 0.1
    weights[0] = 0.0
    module = StaticEmbedding(tokenizer, embedding_weights=weights)
    # Sparse gradients: a step touches only the rows of the batch's tokens, so training time
    # does not grow with the vocabulary (tens of thousands of words for a province's catalogue).
    module.embedding.sparse = True
    model = SentenceTransformer(modules=[module], device="cpu")
    loss = MultipleNegativesRankingLoss(model, scale=20.0)
    optimizer = torch.optim.SparseAdam(list(model.parameters()), lr=0.05)
    ids = {text: [vocab[t] for t in toks] or [0] for text, toks in cache.items()}

    def features(texts: list[str]) -> dict:
        seqs = [ids[t] for t in texts]
        lengths = torch.tensor([len(seq) for seq in seqs])
        offsets = torch.cumsum(lengths, 0) - lengths
        return {"input_ids": torch.tensor([i for seq in seqs for i in seq]), "offsets": offsets}

    data = list(pairs)
    steps = 0
    model.train()
    for _epoch in range(epochs):
        random.shuffle(data)
        for start in range(0, len(data), batch_size):
            batch = _dedupe_positives(data[start : start + batch_size])
            if len(batch) < 2:
                continue
            value = loss([features([a for a, _ in batch]), features([p for _, p in batch])], labels=None)
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
            steps += 1
            if steps >= max_steps:
                break
        if steps >= max_steps:
            break
    model.eval()
    module.embedding.sparse = False
    transform = _builtin_transform(segmenter, set(vocab))
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    (out_dir / _MARKER).write_text(json.dumps({"kind": BUILTIN, "steps": steps, "pairs": len(pairs)}))
    log.info("trained builtin encoder: %d tokens, %d pairs, %d steps", len(vocab), len(pairs), steps)
    return Encoder(model, transform)


def _dedupe_positives(batch: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """In-batch negatives must not include the anchor's own positive under another pair."""
    seen: set[str] = set()
    out = []
    for anchor, positive in batch:
        if positive not in seen:
            seen.add(positive)
            out.append((anchor, positive))
    return out


def load_encoder(spec: str, model_dir: Path, segmenter: Segmenter) -> Encoder:
    """The trained builtin encoder from model_dir, or any sentence-transformers model path."""
    _torch()
    from sentence_transformers import SentenceTransformer

    if spec == BUILTIN:
        model = SentenceTransformer(str(model_dir), device="cpu")
        static: Any = model[0]
        vocab = set(static.tokenizer.get_vocab())
        return Encoder(model, _builtin_transform(segmenter, vocab))
    path = Path(spec)
    if not path.exists():
        raise FileNotFoundError(
            f"search.encoder {spec!r} is neither 'builtin' nor an existing sentence-transformers model folder; "
            "copy the model to this machine and give its path"
        )
    return Encoder(SentenceTransformer(str(path), device="cpu", local_files_only=True))
