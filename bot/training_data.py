"""Rasa training data generated from the knowledge base, so the bot knows every item by name.

The hand-written part of the Rasa project (bot/project: intents without item names, frames,
rules, domain) says *how* citizens ask; this module fills the frames with the catalogue's
item and bundle names and aliases, annotates them as the `item` entity (value: the code,
through Rasa's synonyms), adds materials as `material` entity examples, lookup tables, the search's aspect cues as
regex features, and the jieba user dictionary. The output is deterministic for a catalogue: the committed files under
bot/project/data/generated are golden-tested against the sample knowledge base.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.documents import build_corpus, is_live
from knowledge.schema import Bundle, Catalog, Item
from nlu.aspects import specific_cue_patterns

PROJECT = Path(__file__).parent / "project"
FRAMES = PROJECT / "frames.yml"
GENERATED = Path("data") / "generated"
USER_DICT = Path("jieba") / "userdict.txt"
# How many names fill each frame.
NAMES_PER_FRAME = 2
# Materials as `material` entity examples: one per material, by name, at most this many (the
# rest are known through the lookup table and synonyms) — more would swamp ask_materials.
MATERIAL_EXAMPLES = 80
# Frames naming a material, so that DIET learns the `material` entity (asked about materials).
MATERIAL_FRAMES = (
    "要带{material}吗",
    "{material}需要原件吗",
    "{material}要复印件吗",
    "没有{material}能办吗",
    "{material}必须带吗",
    "{material}丢了还能办吗",
    "{material}去哪里开",
    "{material}要几份",
)
HEADER = "# Generated from the knowledge base by `banshi bot generate` — do not edit by hand.\n"


@dataclass(frozen=True)
class Mention:
    text: str
    code: str


def item_mentions(catalog: Catalog) -> list[Mention]:
    """Every live item's and bundle's name and aliases, with the code each stands for."""
    out: list[Mention] = []
    seen: set[str] = set()
    entities: list[Item | Bundle] = [*catalog.items, *catalog.bundles]
    for entity in sorted(entities, key=lambda e: e.code):  # the same output whatever the storage order
        if not is_live(entity):
            continue
        for text in [entity.name, *entity.aliases]:
            if text not in seen and _annotatable(text):
                seen.add(text)
                out.append(Mention(text, entity.code))
    return out


def material_mentions(catalog: Catalog) -> list[Mention]:
    out: list[Mention] = []
    seen: set[str] = set()
    for material in sorted(catalog.materials, key=lambda m: m.code):
        for text in [material.name, *material.aliases]:
            if text not in seen and _annotatable(text):
                seen.add(text)
                out.append(Mention(text, material.code))
    return out


def _annotatable(text: str) -> bool:
    """Rasa's entity markup cannot hold brackets or parentheses inside the entity text."""
    return not any(ch in text for ch in "[](){}") and len(text) <= 30


def _annotate(mention: Mention, entity: str) -> str:
    return f"[{mention.text}]({entity}:{mention.code})"


def _block(kind: str, name: str, examples: list[str]) -> dict:
    return {kind: name, "examples": "".join(f"- {e}\n" for e in examples)}


def read_frames(path: Path = FRAMES) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {intent: [str(f) for f in frames] for intent, frames in data.items()}


def nlu_examples(catalog: Catalog, frames: dict[str, list[str]], seed: int = 13) -> dict[str, list[str]]:
    """intent → annotated examples: frames × names, the names dealt round-robin in a shuffled
    order across all frames, so that every name appears (when there are enough frames)."""
    rng = random.Random(seed)
    items = item_mentions(catalog)
    out: dict[str, list[str]] = {}
    pool: list[Mention] = []
    for intent, templates in frames.items():
        examples: list[str] = []
        for template in templates:
            for _ in range(NAMES_PER_FRAME):
                if not pool:
                    pool = items.copy()
                    rng.shuffle(pool)
                examples.append(template.replace("{item}", _annotate(pool.pop(), "item")))
        out[intent] = list(dict.fromkeys(examples))
    names = {m.name for m in catalog.materials}
    materials = [m for m in material_mentions(catalog) if m.text in names]
    materials = rng.sample(materials, min(MATERIAL_EXAMPLES, len(materials)))
    out.setdefault("ask_materials", [])
    for i, mention in enumerate(sorted(materials, key=lambda m: m.code)):
        template = MATERIAL_FRAMES[i % len(MATERIAL_FRAMES)]
        out["ask_materials"].append(template.replace("{material}", _annotate(mention, "material")))
    return out


def nlu_document(catalog: Catalog, frames: dict[str, list[str]]) -> str:
    """The generated NLU file: examples, synonyms (text → code) and lookup tables."""
    blocks: list[dict] = [_block("intent", i, ex) for i, ex in nlu_examples(catalog, frames).items()]
    by_code: dict[str, list[str]] = {}
    for mention in [*item_mentions(catalog), *material_mentions(catalog)]:
        by_code.setdefault(mention.code, []).append(mention.text)
    blocks += [_block("synonym", code, texts) for code, texts in by_code.items()]
    blocks.append(_block("lookup", "item", [m.text for m in item_mentions(catalog)]))
    blocks.append(_block("lookup", "material", [m.text for m in material_mentions(catalog)]))
    # The search's aspect cues as regex features: 多少钱 says ask_fee wherever it stands.
    blocks += [_block("regex", f"aspect_{name}", [pattern]) for name, pattern in specific_cue_patterns().items()]
    return HEADER + rasa_yaml({"version": "3.1", "nlu": blocks})


def rasa_yaml(document: dict) -> str:
    """A Rasa data document as Rasa's own files are written (block examples, codes quoted)."""
    return yaml.dump(document, allow_unicode=True, sort_keys=False, width=1000, Dumper=_BlockDumper)


def read_rasa_yaml(path: Path) -> dict:
    """A Rasa data file with every scalar a string, as Rasa reads codes (000109002000)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}  # noqa: S506 - BaseLoader builds no objects


def regex_feature(name: str, path: Path = PROJECT / "data" / "cues.yml") -> re.Pattern[str]:
    """One of the hand-written regex features (data/cues.yml) as the actions can use it too."""
    for block in read_rasa_yaml(path).get("nlu", []):
        if block.get("regex") == name:
            examples = [line.removeprefix("- ").strip() for line in block["examples"].splitlines() if line.strip()]
            return re.compile("|".join(f"(?:{e})" for e in examples))
    raise KeyError(f"no regex feature {name!r} in {path}")


def user_dictionary(catalog: Catalog) -> str:
    """jieba user dictionary (one word per line) so Rasa segments item names as the search does."""
    words = sorted(w for w in build_corpus(catalog).vocabulary if w.strip() and " " not in w)
    return "".join(f"{w}\n" for w in words)


def generated_files(catalog: Catalog, frames_path: Path = FRAMES) -> dict[Path, str]:
    """Relative path inside a Rasa project → content."""
    return {
        GENERATED / "knowledge_base.yml": nlu_document(catalog, read_frames(frames_path)),
        USER_DICT: user_dictionary(catalog),
    }


def write(catalog: Catalog, project: Path = PROJECT) -> list[Path]:
    written = []
    for relative, content in generated_files(catalog).items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def drift(catalog: Catalog, project: Path = PROJECT) -> list[Path]:
    """Generated files whose committed content differs from what the catalogue generates."""
    out = []
    for relative, content in generated_files(catalog).items():
        path = project / relative
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            out.append(path)
    return out


_NOT_TEXT = re.compile(r"^([-+]?[0-9_.:]+|true|false|yes|no|on|off|null|~)$", re.IGNORECASE)


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings as YAML block scalars (`examples: |`), as Rasa's files are written."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    # Codes such as 000109002000 read back as numbers under YAML 1.2 (Rasa's reader) although
    # PyYAML's 1.1 rules keep them strings: quote anything a reader could take for a number.
    plain = not _NOT_TEXT.match(value) and dumper.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else "'")


_BlockDumper.add_representer(str, _str)
