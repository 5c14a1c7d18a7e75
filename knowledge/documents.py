"""What gets indexed: one search target per published item or bundle, with its texts.

Every target has a *title* (name, aliases, 相似问法 and FAQ questions — how citizens refer to
it), a *body*
(summary, conditions, materials, result, department — what it contains), an *identifying*
text (title plus materials, result and 情形 — what the out-of-scope evidence test checks a
question against) and *passages* for the dense retriever (each name, alias and FAQ question on
its own, so the closest phrasing wins).
The vocabulary of names, aliases, materials and synonyms becomes jieba's user dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from knowledge.schema import Bundle, Catalog, Item, Question, Status
from nlu.normalize import normalize

Kind = Literal["item", "bundle"]


@dataclass(frozen=True)
class Target:
    code: str
    name: str
    kind: Kind


@dataclass(frozen=True)
class Passage:
    target: int
    field: str
    text: str


@dataclass
class Corpus:
    targets: list[Target] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    identifying: list[str] = field(default_factory=list)  # title + materials, result, 情形
    passages: list[Passage] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)


def is_live(entity: Item | Bundle, today: date | None = None) -> bool:
    """Published and within its validity dates: only these are offered to citizens."""
    today = today or date.today()
    if entity.status != Status.PUBLISHED:
        return False
    valid_from = getattr(entity, "valid_from", None)
    valid_to = getattr(entity, "valid_to", None)
    return not ((valid_from and valid_from > today) or (valid_to and valid_to < today))


def _material_names(catalog: Catalog, codes: list[str]) -> list[str]:
    names = []
    for code in codes:
        material = catalog.material(code)
        if material:
            names += [material.name, *material.aliases]
    return names


def _questions_text(questions: list[Question]) -> str:
    return " ".join(q.text + " " + " ".join(o.text for o in q.options) for q in questions)


def build_corpus(catalog: Catalog, today: date | None = None) -> Corpus:
    corpus = Corpus()
    materials = {m.code: m for m in catalog.materials}
    departments = {d.code: d.name for d in catalog.departments}
    for item in catalog.items:
        if not is_live(item, today):
            continue
        codes = [r.material for r in item.materials] + [r.material for rule in item.rules for r in rule.add]
        # What identifies the item beyond its title: its materials, result and 情形.
        identifying = [
            " ".join(_material_names(catalog, codes)),
            item.result.name if item.result else "",
            _questions_text(item.questions),
        ]
        prose = [
            item.summary or "",
            item.conditions,
            departments.get(item.department, ""),
            " ".join(step.name for step in item.process),
        ]
        target = Target(item.code, item.name, "item")
        asked = [*item.phrasings, *(f.q for f in item.faqs)]
        _add(corpus, target, item.aliases, asked, prose + identifying, identifying)
    for bundle in catalog.bundles:
        if not is_live(bundle, today):
            continue
        members = [catalog.item(m.item) for m in bundle.items]
        identifying = [" ".join(m.name for m in members if m), _questions_text(bundle.questions)]
        target = Target(bundle.code, bundle.name, "bundle")
        asked = [*bundle.phrasings, *(f.q for f in bundle.faqs)]
        _add(corpus, target, bundle.aliases, asked, [bundle.summary, *identifying], identifying)
    for material in materials.values():
        corpus.vocabulary.update(normalize(n) for n in [material.name, *material.aliases])
    for synonym in catalog.synonyms:
        corpus.vocabulary.update(normalize(t) for t in [synonym.term, *synonym.canonical])
    return corpus


def _add(
    corpus: Corpus,
    target: Target,
    aliases: list[str],
    asked: list[str],
    body: list[str],
    identifying: list[str],
) -> None:
    """`asked`: questions citizens ask about the target (相似问法, then FAQ questions)."""
    index = len(corpus.targets)
    corpus.targets.append(target)
    corpus.titles.append(" ".join([target.name, *aliases, *asked]))
    corpus.bodies.append(" ".join(part for part in body if part))
    corpus.identifying.append(" ".join([corpus.titles[-1], *(part for part in identifying if part)]))
    corpus.passages.append(Passage(index, "name", target.name))
    corpus.passages += [Passage(index, f"aliases[{i}]", a) for i, a in enumerate(aliases)]
    corpus.passages += [Passage(index, "asked", q) for q in asked]
    corpus.vocabulary.update(normalize(t) for t in [target.name, *aliases])


def training_pairs(corpus: Corpus) -> list[tuple[str, str]]:
    """(citizen phrasing, target title) pairs for the builtin encoder, deterministic order."""
    pairs = []
    for passage in corpus.passages:
        target = corpus.targets[passage.target]
        positive = target.name
        anchor = passage.text
        if passage.field == "name":
            positive = corpus.bodies[passage.target][:120] or target.name
        pairs.append((normalize(anchor), normalize(positive)))
    return pairs
