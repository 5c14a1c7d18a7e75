"""Which NLU messages are the same message: the independence of an evaluation set, and the
template groups of a held-out split.

Two messages are the same when they read alike after normalisation (traditional characters,
width, case, punctuation, spaces) — and the same *template* when they read alike once every
item name or alias in them is replaced by one placeholder: 我想办身份证 and 我想办护照 are
twins of the frame 我想办{item}. A test message that is a training message, or a twin of one,
measures memory, not generalisation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu.normalize import compact

ITEM_SLOT = "事项"  # what an item name becomes in a template (a word no frame uses alone)
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")
_FRAME_SLOT = re.compile(r"\{(item|material)\}")


@dataclass(frozen=True)
class Example:
    intent: str
    text: str  # as typed, entity annotations removed


def plain(annotated: str) -> str:
    """[身份证](item:000105001000) → 身份证."""
    return _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), annotated)


def read_examples(path: Path) -> list[Example]:
    """The intent examples of a Rasa NLU file (regexes, lookups and synonyms are not messages)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for block in document.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append(Example(block["intent"], plain(line[2:].strip())))
    return out


def read_frames(path: Path) -> list[Example]:
    """Frames (我想办{item}) as examples whose slot is already the placeholder."""
    frames = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Example(intent, _FRAME_SLOT.sub(ITEM_SLOT, frame)) for intent, texts in frames.items() for frame in texts]


class Templates:
    """Masks item names and aliases (longest first) so that template twins compare equal."""

    def __init__(self, names: Iterable[str]) -> None:
        words = sorted({compact(n) for n in names if len(compact(n)) >= 2}, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(w) for w in words)) if words else None

    def of(self, text: str) -> str:
        canonical = compact(text)
        return self._pattern.sub(ITEM_SLOT, canonical) if self._pattern else canonical


def annotated_template(annotated: str) -> str:
    """A training example's template: every annotated entity (item or material) is the slot."""
    return compact(_ANNOTATION.sub(ITEM_SLOT, annotated))


def overlaps(tests: Sequence[Example], training: Sequence[Example], templates: Templates) -> list[Example]:
    """Test messages equal to a training message, exactly or as template twins."""
    exact = {compact(e.text) for e in training}
    twins = {templates.of(e.text) for e in training}
    return [e for e in tests if compact(e.text) in exact or templates.of(e.text) in twins]


def group_split(documents: Sequence[dict], fraction: float, seed: int) -> tuple[dict, dict]:
    """Rasa NLU documents → (training, test) with every template group on one side only.

    Per intent, whole groups (examples with the same template: twins that differ only in the
    item or material they name) go to the test side until it holds at least 1 − fraction of the
    intent's examples; a group chosen for one intent is test data wherever it occurs. Regexes,
    lookups and synonyms stay in training. Deterministic for a seed."""
    blocks = [block for document in documents for block in (document.get("nlu") or [])]
    examples: dict[str, list[str]] = {}
    for block in blocks:
        if "intent" in block:
            lines = [line.strip()[2:].strip() for line in str(block.get("examples") or "").splitlines() if line.strip().startswith("- ")]
            examples.setdefault(block["intent"], []).extend(lines)
    rng = random.Random(seed)
    held: set[str] = set()
    for intent in sorted(examples):
        groups: dict[str, int] = {}
        for text in examples[intent]:
            key = annotated_template(text)
            groups[key] = groups.get(key, 0) + 1
        keys = sorted(groups)
        rng.shuffle(keys)
        wanted = round(len(examples[intent]) * (1 - fraction))
        taken = sum(n for key, n in groups.items() if key in held)
        for key in keys:
            if taken >= wanted or len(groups) < 2:
                break
            if key not in held:
                held.add(key)
                taken += groups[key]
    train: list[dict] = [b for b in blocks if "intent" not in b]
    test: list[dict] = []
    for intent, texts in examples.items():
        for side, keep in ((train, False), (test, True)):
            chosen = [t for t in texts if (annotated_template(t) in held) == keep]
            if chosen:
                side.append({"intent": intent, "examples": "".join(f"- {t}\n" for t in chosen)})
    return {"version": "3.1", "nlu": train}, {"version": "3.1", "nlu": test}
