"""The independent NLU set shares no message with the training data, not even a template twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu_overlap import (
    Example,
    Templates,
    annotated_template,
    group_split,
    overlaps,
    plain,
    read_examples,
    read_frames,
)
from bot.training_data import FRAMES, PROJECT, item_mentions

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("annotated", "text"),
    [
        ("[身份证](item:000105001000)丢了", "身份证丢了"),
        ("想开个[小卖部](item:YJS-002)", "想开个小卖部"),
        ("[户口本]{\"entity\": \"material\"}要带吗", "户口本要带吗"),
        ("没有标注", "没有标注"),
    ],
)
def test_annotations_are_removed(annotated: str, text: str) -> None:
    assert plain(annotated) == text


@pytest.mark.parametrize(
    ("test", "training", "same"),
    [
        ("你好", "您好", False),
        ("謝謝！", "谢谢", True),  # traditional characters and punctuation do not make a new message
        ("我想办护照", "我想办身份证", True),  # template twins: the same frame, another item
        ("我想办护照", "我想办事项", True),  # …and the frame itself
        ("护照要带什么", "我想办身份证", False),
        ("在吗 想问个事", "在吗", False),
    ],
)
def test_a_message_is_the_same_exactly_or_as_a_template_twin(test: str, training: str, same: bool) -> None:
    templates = Templates(["身份证", "护照"])
    found = overlaps([Example("x", test)], [Example("x", training)], templates)
    assert bool(found) == same


def test_the_independent_set_shares_no_message_with_the_training_data(sample_catalog) -> None:
    training = [*read_examples(PROJECT / "data" / "intents.yml"),
                *read_examples(PROJECT / "data" / "generated" / "knowledge_base.yml"),
                *read_frames(FRAMES)]
    independent = read_examples(HERE / "nlu_independent.yml")
    assert len(training) > 3000 and len(independent) > 300
    templates = Templates(m.text for m in item_mentions(sample_catalog))
    assert [e.text for e in overlaps(independent, training, templates)] == []


def test_the_held_out_split_keeps_template_twins_on_one_side() -> None:
    frames = ["我想办{x}", "{x}要带什么", "{x}在哪办", "{x}多少钱", "怎么办{x}"]
    names = ["身份证", "护照", "居住证", "驾照"]
    examples = "".join(f"- {f.format(x=f'[{n}](item:{i})')}\n" for f in frames for i, n in enumerate(names))
    documents = [{"nlu": [{"intent": "ask", "examples": examples}, {"synonym": "0", "examples": "- 身份证\n"}]}]
    training, test = group_split(documents, 0.8, seed=7)
    sides = [{annotated_template(line[2:]) for b in d["nlu"] if "intent" in b for line in b["examples"].splitlines()}
             for d in (training, test)]
    assert sides[0] and sides[1] and not sides[0] & sides[1]
    assert len(sides[1]) == 1  # one frame of five: 20 %
    assert any("synonym" in b for b in training["nlu"]) and not any("synonym" in b for b in test["nlu"])
