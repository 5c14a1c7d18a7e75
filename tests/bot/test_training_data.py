"""The Rasa training data generated from the knowledge base: golden, consistent with the domain."""

from __future__ import annotations

import re

import pytest
import yaml

from bot import training_data
from bot.training_data import PROJECT, generated_files, item_mentions, nlu_examples, read_frames
from knowledge.schema import Catalog

ENTITY = re.compile(r"\[([^\]]+)\]\((\w+):([^)]+)\)")


def _domain() -> dict:
    return yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))


def test_committed_files_match_the_sample_knowledge_base(sample_catalog: Catalog) -> None:
    """Golden test: regenerate with `banshi bot generate` when the sample or the frames change."""
    assert training_data.drift(sample_catalog) == []


def test_generation_is_deterministic(sample_catalog: Catalog) -> None:
    assert generated_files(sample_catalog) == generated_files(sample_catalog)


def test_every_item_name_and_alias_is_an_annotated_example(sample_catalog: Catalog) -> None:
    examples = nlu_examples(sample_catalog, read_frames())
    annotated = {(m.group(1), m.group(3)) for texts in examples.values() for e in texts for m in ENTITY.finditer(e)}
    missing = [m for m in item_mentions(sample_catalog) if (m.text, m.code) not in annotated]
    assert missing == []


def test_codes_stay_strings_for_rasa(sample_catalog: Catalog) -> None:
    """Rasa reads YAML 1.2, where an unquoted 000105001000 is a number."""
    text = generated_files(sample_catalog)[training_data.GENERATED / "knowledge_base.yml"]
    synonyms = re.findall(r"^- synonym: (.+)$", text, flags=re.MULTILINE)
    assert "'000105001000'" in synonyms
    assert [s for s in synonyms if s.isdigit()] == []  # an unquoted run of digits


def test_entities_are_those_of_the_domain(sample_catalog: Catalog) -> None:
    examples = nlu_examples(sample_catalog, read_frames())
    used = {m.group(2) for texts in examples.values() for e in texts for m in ENTITY.finditer(e)}
    assert used <= set(_domain()["entities"])


def test_every_intent_has_examples_and_a_rule() -> None:
    domain = _domain()
    hand = yaml.safe_load((PROJECT / "data" / "intents.yml").read_text(encoding="utf-8"))["nlu"]
    with_examples = {block["intent"] for block in hand} | set(read_frames())
    assert set(domain["intents"]) <= with_examples
    rules = yaml.safe_load((PROJECT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
    ruled = {step["intent"] for rule in rules for step in rule["steps"] if "intent" in step}
    assert set(domain["intents"]) <= ruled
    actions = {step["action"] for rule in rules for step in rule["steps"] if "action" in step}
    assert actions <= set(domain["actions"]) | set(domain["responses"]) | set(domain.get("forms", {}))


@pytest.mark.parametrize("intent", sorted(read_frames()))
def test_every_frame_names_the_item_once(intent: str) -> None:
    assert all(frame.count("{item}") == 1 for frame in read_frames()[intent])


def test_user_dictionary_has_item_names(sample_catalog: Catalog) -> None:
    words = set(generated_files(sample_catalog)[training_data.USER_DICT].split())
    assert {"居民身份证", "营业执照", "住房公积金"} <= words
