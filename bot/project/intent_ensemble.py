"""A second opinion on the intent: logistic regression, averaged with DIET.

DIET learns the training examples almost by heart within a few epochs (training accuracy 0.999)
and then classifies unseen wordings by a few memorised n-grams. A linear model errs on other
messages; the average of the two rankings is right more often than either (held-out intent F1
in the README). Entities stay DIET's.

The linear model reads the pipeline's sentence features (word count vectors as sublinear
TF-IDF, the sentence encoder's vector) and, instead of the raw message's character n-grams,
those of the message with its item and material names masked (lookup_masking.py): the
question's wording, not the name, tells the intent, and a name no training example used costs
nothing.

Runs inside the Rasa server's process (Rasa puts the project folder on its import path).
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

import numpy as np
import scipy.sparse
from lookup_masking import LookupMasker
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

log = logging.getLogger(__name__)
MODEL_FILE = "intent_ensemble.pkl"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentEnsemble(IntentClassifier, GraphComponent):
    """Averages DIET's intent ranking with a logistic regression's, trained on the same features."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # weak regularisation: the features are many and the examples short
            "C": 100.0,
            # aliases of the featurizers whose sentence features the linear model reads; empty: all
            "featurizers": [],
            # dense features multiplied by this, per featurizer alias (default 1): how loud a
            # sentence vector is beside the others under the same regularisation
            "dense_weights": {},
            # character n-grams of the message with lookup entries masked; [] for none
            "masked_char_ngrams": [1, 3],
            # a masked n-gram seen in fewer training examples is ignored
            "masked_min_df": 2,
            # share of DIET in the average; the rest is the linear model's. DIET's intent F1
            # swings by about a point with its random seed, the linear model's not at all: a
            # smaller share makes the average steadier (chosen on splits of the training data
            # only; figures in the README)
            "diet_weight": 0.3,
            "max_iter": 4000,
            "ranking_length": 10,
        }

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._tfidf: TfidfTransformer | None = None
        self._masker: LookupMasker | None = None
        self._masked: TfidfVectorizer | None = None
        self._model: LogisticRegression | None = None
        self._sparse_coef: np.ndarray | None = None  # set with the model by _use

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentEnsemble:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentEnsemble:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as folder:
                # the model file is written by train() below, inside Rasa's own model archive
                component._use(**pickle.loads((folder / MODEL_FILE).read_bytes()))  # noqa: S301
        except ValueError:
            log.warning("no trained intent ensemble in the model: DIET's ranking is used alone")
        return component

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            return self._resource  # nothing to tell apart
        parts: dict[str, Any] = {"masker": None, "masked": None}
        if self.config["masked_char_ngrams"]:
            low, high = self.config["masked_char_ngrams"]
            masker = LookupMasker.from_training_data(training_data.lookup_tables)
            vectorizer = TfidfVectorizer(
                analyzer="char", ngram_range=(low, high), min_df=self.config["masked_min_df"], sublinear_tf=True
            )
            parts["masker"] = masker
            parts["masked"] = vectorizer.fit([masker.mask(m.get(TEXT)) for m in examples])
        sparse, dense = self._features(examples)
        parts["tfidf"] = TfidfTransformer(sublinear_tf=True).fit(sparse)
        self._use(**parts, model=None)
        model = LogisticRegression(C=self.config["C"], max_iter=self.config["max_iter"])
        self._use(**parts, model=model.fit(self._matrix(examples, sparse, dense), [m.get(INTENT) for m in examples]))
        with self._model_storage.write_to(self._resource) as folder:
            (folder / MODEL_FILE).write_bytes(pickle.dumps({**parts, "model": self._model}))
        return self._resource

    def _use(
        self,
        tfidf: TfidfTransformer,
        masker: LookupMasker | None,
        masked: TfidfVectorizer | None,
        model: LogisticRegression | None,
    ) -> None:
        """The fitted parts, with the sparse features' weights laid out as _probabilities reads
        them (one row per feature column)."""
        self._tfidf, self._masker, self._masked, self._model = tfidf, masker, masked, model
        if model is not None:
            self._sparse_coef = np.ascontiguousarray(model.coef_[:, : len(tfidf.idf_)].T)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Replaces each message's intent and ranking with the average of DIET's and its own."""
        todo = [m for m in messages if m.get(TEXT)]
        if self._model is None or not todo:
            return messages
        probabilities = self._probabilities(todo, *self._features(todo))
        classes = list(self._model.classes_)
        weight = float(self.config["diet_weight"])
        for message, linear in zip(todo, probabilities, strict=True):
            diet = np.zeros(len(classes))
            for row in message.get(INTENT_RANKING_KEY) or []:
                if row[INTENT_NAME_KEY] in classes:
                    diet[classes.index(row[INTENT_NAME_KEY])] = row["confidence"]
            combined = weight * diet + (1 - weight) * linear if diet.any() else linear
            order = np.argsort(-combined)
            ranking = [{INTENT_NAME_KEY: classes[i], "confidence": float(combined[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages

    def _features(self, messages: list[Message]) -> tuple[scipy.sparse.csr_matrix, np.ndarray]:
        """The messages' sentence features, sparse and dense, as two matrices: the configured
        featurizers' sentence rows side by side, in the order Rasa's get_*_features combines
        them, without Rasa's combining of every token's rows (a deep copy and a sparse stack
        per call)."""
        wanted = set(self.config["featurizers"])
        weights = self.config["dense_weights"]
        data: list[np.ndarray] = []
        columns: list[np.ndarray] = []
        row_ends = [0]
        dense: list[np.ndarray] = []
        width = stored = 0
        for message in messages:
            offset, vectors = 0, []
            for f in message.features:
                if f.attribute != TEXT or f.type != FEATURE_TYPE_SENTENCE or (wanted and f.origin not in wanted):
                    continue
                if f.is_sparse():
                    block = f.features.tocoo()
                    columns.append(block.col.astype(np.int64) + offset)
                    data.append(block.data.astype(np.float64))
                    offset += block.shape[1]
                    stored += block.nnz
                else:
                    vector = np.asarray(f.features, dtype=np.float64).reshape(-1)
                    vectors.append(vector * float(weights.get(f.origin, 1.0)))
            row_ends.append(stored)
            width = max(width, offset)
            dense.append(np.concatenate(vectors) if vectors else np.zeros(0))
        values = np.concatenate(data) if data else np.zeros(0)
        indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        sparse = scipy.sparse.csr_matrix((values, indices, np.array(row_ends)), shape=(len(messages), width))
        sparse.sum_duplicates()
        dense_width = max((len(d) for d in dense), default=0)
        return sparse, np.vstack([d if len(d) else np.zeros(dense_width) for d in dense])

    def _masked_rows(self, messages: list[Message]) -> scipy.sparse.csr_matrix:
        """TF-IDF of the masked messages' character n-grams (no columns when not configured)."""
        if self._masker is None or self._masked is None:
            return scipy.sparse.csr_matrix((len(messages), 0))
        masker = self._masker
        return self._masked.transform([masker.mask(m.get(TEXT)) for m in messages])

    def _matrix(
        self, messages: list[Message], sparse: scipy.sparse.csr_matrix, dense: np.ndarray
    ) -> scipy.sparse.csr_matrix:
        """The linear model's input: features as TF-IDF, masked n-grams, dense features."""
        assert self._tfidf is not None
        blocks = [self._tfidf.transform(sparse), self._masked_rows(messages), scipy.sparse.csr_matrix(dense)]
        return scipy.sparse.hstack(blocks).tocsr()

    def _probabilities(
        self, messages: list[Message], sparse: scipy.sparse.csr_matrix, dense: np.ndarray
    ) -> np.ndarray:
        """predict_proba(_matrix(...)) written out in NumPy on the sparse rows' own arrays: the
        same numbers without scikit-learn's input checks and SciPy's format conversions, which
        cost more than the arithmetic on a chat message."""
        assert self._tfidf is not None and self._model is not None and self._sparse_coef is not None
        masked = self._masked_rows(messages)
        counted = len(self._tfidf.idf_)  # the model's columns: counted, then masked, then dense
        width = counted + masked.shape[1]
        rows = np.repeat(np.arange(sparse.shape[0]), np.diff(sparse.indptr))
        values = (np.log(sparse.data) + 1.0) * self._tfidf.idf_[sparse.indices]  # sublinear TF-IDF
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=sparse.shape[0]))
        norms[norms == 0] = 1.0
        scores = np.zeros((sparse.shape[0], self._sparse_coef.shape[1]))
        np.add.at(scores, rows, values[:, None] * self._sparse_coef[sparse.indices])
        scores = scores / norms[:, None] + masked @ self._model.coef_[:, counted:width].T
        scores += dense @ self._model.coef_[:, width:].T + self._model.intercept_
        if scores.shape[1] == 1:  # two intents: one score for the second class
            scores = np.hstack([-scores, scores]) / 2
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)
