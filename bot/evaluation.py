"""Evaluation of the Rasa bot with Rasa's own tools: `rasa test nlu` and `rasa test core`.

- held-out: the training data split 80/20 by template group (fixed seed); a model trained on
  the 80 % is tested on the 20 % (intent F1 on messages whose frame the model has not seen);
- independent: the full model on tests/bot/nlu_independent.yml, messages written separately
  from the training examples and frames (how well the bot generalises);
- stories: the full model on bot/project/tests/test_stories.yml (every story must pass).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.nlu_overlap import group_split
from bot.rasa_project import RasaProject, ensure_model, normalize_nlu_file, run_rasa, train_model
from bot.training_data import rasa_yaml, read_rasa_yaml

SPLIT_SEED = 7
TRAINING_FRACTION = 0.8


@dataclass(frozen=True)
class NluReport:
    intent_f1: float  # weighted average over intents
    intent_accuracy: float
    entity_f1: float | None  # weighted average over entities (None when the set has none)
    per_intent: dict[str, float]
    folder: Path

    def as_dict(self) -> dict:
        return {
            "intent_f1": round(self.intent_f1, 4),
            "intent_accuracy": round(self.intent_accuracy, 4),
            "entity_f1": None if self.entity_f1 is None else round(self.entity_f1, 4),
            "per_intent": {k: round(v, 3) for k, v in sorted(self.per_intent.items())},
        }


@dataclass(frozen=True)
class StoryReport:
    stories: int
    failed: list[str]
    folder: Path


def read_nlu_report(folder: Path) -> NluReport:
    intents = json.loads((folder / "intent_report.json").read_text(encoding="utf-8"))
    per_intent = {
        name: float(row["f1-score"])
        for name, row in intents.items()
        if isinstance(row, dict) and "f1-score" in row and not name.endswith(" avg")
    }
    entity_f1 = None
    entity_file = folder / "DIETClassifier_report.json"
    if entity_file.exists():
        entities = json.loads(entity_file.read_text(encoding="utf-8"))
        if entities.get("weighted avg", {}).get("support"):
            entity_f1 = float(entities["weighted avg"]["f1-score"])
    return NluReport(
        intent_f1=float(intents["weighted avg"]["f1-score"]),
        intent_accuracy=float(intents.get("accuracy", intents.get("micro avg", {}).get("f1-score", 0.0))),
        entity_f1=entity_f1,
        per_intent=per_intent,
        folder=folder,
    )


def heldout_nlu(project: RasaProject, rasa: Path, timeout: float) -> NluReport:
    """Train NLU on a fixed 80 % of the training data and test it on the other 20 %, split by
    template group (bot.nlu_overlap.group_split): a generated twin that differs only in the
    item it names is never on both sides."""
    folder = project.folder
    split = folder / "split"
    if not (split / "test_data.yml").exists():
        documents = [read_rasa_yaml(path) for path in sorted((folder / "data").rglob("*.yml"))]
        training, test = group_split(documents, TRAINING_FRACTION, SPLIT_SEED)
        split.mkdir(parents=True, exist_ok=True)
        for name, document in (("training_data.yml", training), ("test_data.yml", test)):
            (split / name).write_text(rasa_yaml(document), encoding="utf-8")
    model = project.models / f"heldout-{project.digest}.tar.gz"
    if not model.exists():
        train_model(
            [str(rasa), "train", "nlu", "--nlu", str(split / "training_data.yml"), "--config", "config.yml",
             "--domain", "domain.yml"],
            model, folder, timeout, folder / "logs" / "train-heldout.log",
        )  # fmt: skip
    return _test_nlu(project, rasa, model, split / "test_data.yml", "heldout", timeout)


def independent_nlu(project: RasaProject, rasa: Path, messages: Path, timeout: float) -> NluReport:
    """The full model on messages written separately, as they reach NLU in production (for_nlu)."""
    model = ensure_model(project, rasa, timeout, project.folder / "logs" / "train.log")
    as_sent = project.folder / "results" / "independent-input.yml"
    as_sent.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(messages, as_sent)
    normalize_nlu_file(as_sent)
    return _test_nlu(project, rasa, model, as_sent, "independent", timeout)


def _test_nlu(project: RasaProject, rasa: Path, model: Path, messages: Path, name: str, timeout: float) -> NluReport:
    out = project.folder / "results" / name
    run_rasa(
        [str(rasa), "test", "nlu", "--model", str(model), "--nlu", str(messages), "--out", str(out),
         "--no-plot", "--no-errors", "--successes"],
        project.folder, timeout, project.folder / "logs" / f"test-{name}.log",
    )  # fmt: skip
    return read_nlu_report(out)


def run_test_stories(project: RasaProject, rasa: Path, stories: Path, timeout: float) -> StoryReport:
    """Run the conversation test stories; a story fails on any wrong intent or action."""
    model = ensure_model(project, rasa, timeout, project.folder / "logs" / "train.log")
    out = project.folder / "results" / "core"
    run_rasa(
        [str(rasa), "test", "core", "--model", str(model), "--stories", str(stories), "--out", str(out), "--no-plot"],
        project.folder, timeout, project.folder / "logs" / "test-core.log",
    )  # fmt: skip
    failed_file = out / "failed_test_stories.yml"
    failed_text = failed_file.read_text(encoding="utf-8") if failed_file.exists() else ""
    failed = [line.split(":", 1)[1].strip() for line in failed_text.splitlines() if line.strip().startswith("- story:")]
    total = sum(1 for line in stories.read_text(encoding="utf-8").splitlines() if line.strip().startswith("- story:"))
    return StoryReport(total, failed, out)
