"""The project's own Rasa components (bot/project/*.py), run in Rasa's environment as Rasa runs
them: the sentence encoders' features, the name masking and the intent ensemble's averaging."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from banshi.config import PROJECT_ROOT
from tests.rasa_python import RasaWorker

pytestmark = pytest.mark.integration
PROJECT = PROJECT_ROOT / "bot" / "project"

PRELUDE = """
import json, sys, tempfile
from pathlib import Path
import numpy as np, scipy.sparse
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sentence_featurizer import SentenceEncoderFeaturizer
from e5_featurizer import E5SentenceFeaturizer
from intent_ensemble import LinearIntentEnsemble
from lookup_masking import LookupMasker

def message(words, intent=None):
    tokens, start = [], 0
    for w in words:
        tokens.append(Token(w, start)); start += len(w)
    m = Message(data={"text": "".join(words), "text_tokens": tokens})
    if intent:
        m.set("intent", intent)
    return m
"""


@pytest.fixture
def run_in_rasa(rasa_worker: RasaWorker) -> Callable[[str], dict]:
    def run(body: str) -> dict:
        return rasa_worker.run(PRELUDE + textwrap.dedent(body), PROJECT)

    return run


def test_sentence_features_have_one_row_per_token_and_put_paraphrases_close(run_in_rasa: Callable[[str], dict]) -> None:
    result = run_in_rasa(
        """
        f = SentenceEncoderFeaturizer({**SentenceEncoderFeaturizer.get_default_config(), "alias": "use"}, "use")
        ms = [message(["身份证", "丢", "了", "怎么", "补办"]), message(["身份证", "不见", "了", "如何", "补领"]),
              message(["附近", "有没有", "加油站"])]
        f.process(ms)
        seq = [m.get_dense_features("text")[0].features.shape for m in ms]
        sen = [m.get_dense_features("text")[1].features[0] for m in ms]
        print(json.dumps({"seq": seq, "dim": len(sen[0]),
                          "paraphrase": float(sen[0] @ sen[1]), "unrelated": float(sen[0] @ sen[2])}))
        """
    )
    assert result["seq"] == [[5, 512], [5, 512], [3, 512]]
    assert result["dim"] == 512
    assert result["paraphrase"] > result["unrelated"] + 0.2


def test_e5_gives_one_unit_sentence_vector_and_puts_paraphrases_close(run_in_rasa: Callable[[str], dict]) -> None:
    result = run_in_rasa(
        """
        f = E5SentenceFeaturizer({**E5SentenceFeaturizer.get_default_config(), "alias": "e5"}, "e5")
        ms = [message(["回答", "得", "很", "好"]), message(["答得", "真", "不错"]), message(["回答", "太", "差", "了"]),
              message(["附近", "有没有", "加油站"]), Message(data={"text": ""})]
        f.process(ms)
        features = [m.get_dense_features("text") for m in ms]
        sen = [s.features[0] for _, s in features[:4]]
        print(json.dumps({"sequence": [q is None for q, _ in features[:4]], "empty": features[4] == (None, None),
                          "shape": list(features[0][1].features.shape), "norms": [float(np.linalg.norm(v)) for v in sen],
                          "paraphrase": float(sen[0] @ sen[1]), "opposite": float(sen[0] @ sen[2]),
                          "unrelated": float(sen[0] @ sen[3])}))
        """
    )
    # sentence features only (DIET's entities align with the other encoder's token vectors)
    assert result["sequence"] == [True] * 4
    assert result["empty"]
    assert result["shape"] == [1, 384]
    assert result["norms"] == pytest.approx([1.0] * 4, abs=1e-3)
    assert result["paraphrase"] > result["opposite"]
    assert result["paraphrase"] > result["unrelated"]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("身份证丢了怎么补办", "<M>丢了怎么补办"),
        # the longest entry wins: 居民身份证 is an item, 身份证 only a material
        ("居民身份证丢了", "<I>丢了"),
        ("办营业执照要带身份证和户口本吗", "办<I>要带<M>和<M>吗"),
        # an entry in both tables keeps the first table's (item) mark
        ("营业执照", "<I>"),
        # one-character entries are too short to tell a name from a word
        ("证丢了", "证丢了"),
        ("你好", "你好"),
        ("", ""),
    ],
)
def test_masking_replaces_the_longest_lookup_entries_by_their_tables_mark(run_in_rasa: Callable[[str], dict], text: str, masked: str) -> None:
    result = run_in_rasa(
        f"""
        masker = LookupMasker.from_training_data([
            {{"name": "material", "elements": ["身份证", "户口本", "营业执照", "证"]}},
            {{"name": "item", "elements": ["居民身份证", "营业执照"]}},
            {{"name": "broken", "elements": "a file path, not a list"}},
        ])
        marks = {{chr(0xE000): "<I>", chr(0xE001): "<M>"}}
        print(json.dumps({{"masked": "".join(marks.get(c, c) for c in masker.mask({text!r}))}}))
        """
    )
    assert result["masked"] == masked


def test_ensemble_averages_diet_with_its_own_ranking_and_survives_a_reload(run_in_rasa: Callable[[str], dict]) -> None:
    result = run_in_rasa(
        """
        def featurize(m, vector):
            m.add_features(Features(scipy.sparse.coo_matrix(np.array([vector], dtype=float)), "sentence", "text", "cv"))
            m.add_features(Features(np.array([vector], dtype=float), "sentence", "text", "use"))
            # features of a featurizer the ensemble is not configured to read: ignored
            m.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 5))), "sentence", "text", "other"))
            return m
        examples = [featurize(message([w], intent), v) for w, intent, v in
                    [("你好", "greet", [1, 0, 0]), ("您好", "greet", [1, 0.2, 0]),
                     ("再见", "goodbye", [0, 1, 0]), ("拜拜", "goodbye", [0.2, 1, 0]),
                     ("谢谢", "thanks", [0, 0, 1]), ("多谢", "thanks", [0, 0.2, 1]),
                     ("谢谢小助手", "thanks", [0, 0, 1]), ("再见小帮手", "goodbye", [0, 1, 0])] * 3]
        folder = Path(tempfile.mkdtemp())
        storage, resource = LocalModelStorage(folder), Resource("ensemble")
        config = {"featurizers": ["cv", "use"]}
        names = [{"name": "assistant", "elements": ["小助手", "小帮手"]}]
        LinearIntentEnsemble.create(config, storage, resource, None).train(TrainingData(examples, lookup_tables=names))
        loaded = LinearIntentEnsemble.load(config, storage, resource, None)
        alone = featurize(message(["嗨"]), [1, 0, 0])
        loaded.process([alone])
        with_diet = featurize(message(["嗨"]), [1, 0, 0])
        with_diet.set("intent_ranking", [{"name": "goodbye", "confidence": 1.0}])
        loaded.process([with_diet])
        sparse, dense = loaded._features(examples)
        fast = loaded._probabilities(examples, sparse, dense)
        sklearn = loaded._model.predict_proba(loaded._matrix(examples, sparse, dense))
        print(json.dumps({"alone": alone.get("intent_ranking"), "with_diet": with_diet.get("intent_ranking"),
                          "max_difference": float(np.abs(fast - sklearn).max()),
                          "columns": [sparse.shape[1], len(loaded._masked.vocabulary_), dense.shape[1]],
                          "mark_learnt": chr(0xE000) in loaded._masked.vocabulary_,
                          "share": loaded.config["diet_weight"]}))
        """
    )
    alone = {row["name"]: row["confidence"] for row in result["alone"]}
    with_diet = {row["name"]: row["confidence"] for row in result["with_diet"]}
    # the linear model's arithmetic written out gives scikit-learn's probabilities
    assert result["max_difference"] < 1e-9
    # the configured featurizers' columns (3 + 3, not the other's 5), and masked n-grams
    sparse_columns, masked_columns, dense_columns = result["columns"]
    assert (sparse_columns, dense_columns) == (3, 3)
    assert masked_columns > 0
    assert result["mark_learnt"]
    assert max(alone, key=alone.get) == "greet"
    # DIET's share of its ranking (goodbye 1.0) plus the rest of the linear model's
    share = result["share"]
    assert 0 < share < 1
    assert with_diet["goodbye"] == pytest.approx(share + (1 - share) * alone["goodbye"])
    assert with_diet["greet"] == pytest.approx((1 - share) * alone["greet"])


def test_ensemble_features_are_rasas_combined_sentence_rows(run_in_rasa: Callable[[str], dict]) -> None:
    """The ensemble reads the sentence rows itself; they must be what Rasa's own combining gives."""
    result = run_in_rasa(
        """
        rng = np.random.default_rng(3)
        messages = []
        for words in (["身份证", "补办"], ["要", "多久"], ["你好"]):
            m = message(words)
            n = len(words)
            for origin, width in (("words", 7), ("chars", 11)):
                counts = rng.integers(0, 3, size=(n + 1, width)).astype(float)
                m.add_features(Features(scipy.sparse.coo_matrix(counts[:n]), "sequence", "text", origin))
                m.add_features(Features(scipy.sparse.coo_matrix(counts[n:]), "sentence", "text", origin))
            m.add_features(Features(rng.normal(size=(n, 4)), "sequence", "text", "use"))
            m.add_features(Features(rng.normal(size=(1, 4)), "sentence", "text", "use"))
            messages.append(m)
        ensemble = LinearIntentEnsemble({}, None, None)
        sparse, dense = ensemble._features(messages)
        rasa_sparse = scipy.sparse.vstack([m.get_sparse_features("text")[1].features for m in messages]).toarray()
        rasa_dense = np.vstack([m.get_dense_features("text")[1].features for m in messages])
        print(json.dumps({"shape": list(sparse.shape), "sparse": float(np.abs(sparse.toarray() - rasa_sparse).max()),
                          "dense": float(np.abs(dense - rasa_dense).max()), "nonzero": int(sparse.nnz)}))
        """
    )
    assert result["shape"] == [3, 18]
    assert result["nonzero"] > 10
    assert result["sparse"] == 0.0
    assert result["dense"] == 0.0


def test_ensemble_multiplies_dense_features_by_their_featurizers_weight(run_in_rasa: Callable[[str], dict]) -> None:
    result = run_in_rasa(
        """
        m = message(["你好"])
        m.add_features(Features(np.array([[1.0, 2.0]]), "sentence", "text", "use"))
        m.add_features(Features(np.array([[0.5, 0.5, 1.0]]), "sentence", "text", "e5"))
        ensemble = LinearIntentEnsemble({"dense_weights": {"e5": 2.0}}, None, None)
        print(json.dumps({"dense": ensemble._features([m])[1].tolist()}))
        """
    )
    assert result["dense"] == [[1.0, 2.0, 1.0, 1.0, 2.0]]
