"""Rasa's own evaluation on the trained bot: `rasa test nlu` (held-out split and an independent
set) and `rasa test core` on the conversation test stories. Figures go to the README.

`make test` runs the two that use the bot's own model (trained once per run, shared with the
running product); the held-out split trains a second model, so it runs in `make eval`."""

from __future__ import annotations

import json

import pytest

from banshi.config import PROJECT_ROOT
from bot.evaluation import heldout_nlu, independent_nlu, run_test_stories
from bot.rasa_project import RasaProject, prepare
from knowledge.schema import Catalog
from tests.product import MODEL_CACHE

pytestmark = [pytest.mark.integration, pytest.mark.slow]
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
TIMEOUT = 2400.0


@pytest.fixture(scope="module")
def project(sample_catalog: Catalog) -> RasaProject:
    return prepare(sample_catalog, MODEL_CACHE, "eval-project")


@pytest.mark.eval
def test_intent_f1_on_the_held_out_split(project: RasaProject) -> None:
    report = heldout_nlu(project, RASA, TIMEOUT)
    print(json.dumps({"heldout": report.as_dict()}, ensure_ascii=False))
    # Split by template group, so no generated twin is on both sides (README: 0.937; 0.957 when
    # twins were on both sides): the floor follows the honest figure.
    assert report.intent_f1 >= 0.93
    # Entity F1 swings by several points between splits (README: 0.832).
    assert report.entity_f1 is not None and report.entity_f1 >= 0.78


def test_intents_on_messages_written_independently(rasa_model: None, project: RasaProject) -> None:
    """Written without seeing the training data: how the bot generalises (README figure)."""
    report = independent_nlu(project, RASA, PROJECT_ROOT / "tests" / "bot" / "nlu_independent.yml", TIMEOUT)
    print(json.dumps({"independent": report.as_dict()}, ensure_ascii=False))
    assert report.intent_f1 >= 0.91  # README: 0.922 (0.943 before the messages the training data holds left the set)


def test_every_conversation_story_passes(rasa_model: None, project: RasaProject) -> None:
    report = run_test_stories(project, RASA, PROJECT_ROOT / "bot" / "project" / "tests" / "test_stories.yml", TIMEOUT)
    assert report.stories >= 9
    assert report.failed == [], (report.folder / "failed_test_stories.yml").read_text(encoding="utf-8")
