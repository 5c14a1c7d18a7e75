"""What the project's pretrained sentence encoders have in common as Rasa graph components.

A pretrained encoder learns nothing from the training data: it is created from its config,
featurizes the training examples as it does messages, and has nothing to configure or store.

Runs inside the Rasa server's process (Rasa puts the project folder on its import path).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class PretrainedSentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """A dense featurizer whose model ships with a package: nothing trained, nothing stored."""

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure: the model and its dimension are fixed."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        raise NotImplementedError
