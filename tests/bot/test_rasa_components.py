"""The project's own Rasa components (bot/project/*.py), run in Rasa's environment as Rasa runs
them: the sentence encoder's features and the intent ensemble's averaging."""

from __future__ import annotations

import textwrap

import pytest

from banshi.config import PROJECT_ROOT
from tests.rasa_python import run_in_rasa_python

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
from intent_ensemble import LinearIntentEnsemble

def message(words, intent=None):
    tokens, start = [], 0
    for w in words:
        tokens.append(Token(w, start)); start += len(w)
    m = Message(data={"text": "".join(words), "text_tokens": tokens})
    if intent:
        m.set("intent", intent)
    return m
"""


def run_in_rasa(body: str) -> dict:
    return run_in_rasa_python(PRELUDE + textwrap.dedent(body), PROJECT)


def test_sentence_features_have_one_row_per_token_and_put_paraphrases_close() -> None:
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


def test_ensemble_averages_diet_with_its_own_ranking_and_survives_a_reload() -> None:
    result = run_in_rasa(
        """
        def featurize(m, vector):
            m.add_features(Features(scipy.sparse.coo_matrix(np.array([vector], dtype=float)), "sentence", "text", "cv"))
            m.add_features(Features(np.array([vector], dtype=float), "sentence", "text", "use"))
            return m
        examples = [featurize(message([w], intent), v) for w, intent, v in
                    [("你好", "greet", [1, 0, 0]), ("您好", "greet", [1, 0.2, 0]),
                     ("再见", "goodbye", [0, 1, 0]), ("拜拜", "goodbye", [0.2, 1, 0]),
                     ("谢谢", "thanks", [0, 0, 1]), ("多谢", "thanks", [0, 0.2, 1])] * 3]
        folder = Path(tempfile.mkdtemp())
        storage, resource = LocalModelStorage(folder), Resource("ensemble")
        LinearIntentEnsemble.create({}, storage, resource, None).train(TrainingData(examples))
        loaded = LinearIntentEnsemble.load({}, storage, resource, None)
        alone = featurize(message(["嗨"]), [1, 0, 0])
        loaded.process([alone])
        with_diet = featurize(message(["嗨"]), [1, 0, 0])
        with_diet.set("intent_ranking", [{"name": "goodbye", "confidence": 1.0}])
        loaded.process([with_diet])
        sparse, dense = loaded._features(examples)
        fast = loaded._probabilities(sparse, dense)
        sklearn = loaded._model.predict_proba(loaded._matrix(sparse, dense))
        print(json.dumps({"alone": alone.get("intent_ranking"), "with_diet": with_diet.get("intent_ranking"),
                          "max_difference": float(np.abs(fast - sklearn).max()),
                          "share": loaded.config["diet_weight"]}))
        """
    )
    alone = {row["name"]: row["confidence"] for row in result["alone"]}
    with_diet = {row["name"]: row["confidence"] for row in result["with_diet"]}
    # the linear model's arithmetic written out gives scikit-learn's probabilities
    assert result["max_difference"] < 1e-9
    assert max(alone, key=alone.get) == "greet"
    # DIET's share of its ranking (goodbye 1.0) plus the rest of the linear model's
    share = result["share"]
    assert 0 < share < 1
    assert with_diet["goodbye"] == pytest.approx(share + (1 - share) * alone["goodbye"])
    assert with_diet["greet"] == pytest.approx((1 - share) * alone["greet"])


def test_ensemble_features_are_rasas_combined_sentence_rows() -> None:
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
        sparse, dense = LinearIntentEnsemble._features(messages)
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
