"""Which document is this page? Scored by the cue words printed on each document type.

A cue shared by several types (姓名, 出生) counts for little, a distinctive one (公民身份号码,
统一社会信用代码, 常住人口登记卡) for much: each cue weighs 1 / (number of types printing it).
An application form is recognised by its title — the name of one of the item's forms — or by
the generic words of forms (申请人, 签字) when the title is not readable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from knowledge.schema import DocumentType
from prereview.documents import SPECS

# A page is this type when its weighted cue share reaches this (about two distinctive cues)
_MIN_SHARE = 0.34
# and it shows at least this many of the type's cues: one word is no evidence (出生 is printed
# on an ID card, and in every "兹证明某某，1988年5月11日出生" letter).
_MIN_CUES = 2
# A form title matches a material's name at this similarity (OCR drops or swaps a character).
_TITLE_SIMILARITY = 0.8

# How many types print a word (as a cue or a field label): 姓名 is everywhere, 常住人口登记卡 not.
_CUE_COUNTS = Counter(word for spec in SPECS.values() for word in set(spec.cues) | set(spec.fields))
_WEIGHTS = {t: {cue: 1.0 / _CUE_COUNTS[cue] for cue in spec.cues} for t, spec in SPECS.items()}


@dataclass(frozen=True)
class FormTitle:
    """A form material the page's title names."""

    code: str
    name: str


@dataclass(frozen=True)
class Classification:
    """The best type (None: not recognised), its share of cues, the other types' shares."""

    type: DocumentType | None
    share: float
    form: FormTitle | None = None
    shares: dict[DocumentType, float] = field(default_factory=dict)
    also: tuple[DocumentType, ...] = ()


def classify(text: str, forms: Sequence[FormTitle] = ()) -> Classification:
    """Classify one page's text; `forms` are the item's form materials (their titles)."""
    flat = re.sub(r"\s+", "", text)
    shares = {t: _share(t, flat) for t in SPECS}
    evidence = {t: _weight_found(t, flat) for t in SPECS}
    found = {t: sum(1 for cue in _WEIGHTS[t] if cue in flat) for t in SPECS}
    title = _form_title(text, forms)
    if title is not None:
        shares[DocumentType.FORM] = max(shares[DocumentType.FORM], 1.0)
        evidence[DocumentType.FORM] += 10.0
        found[DocumentType.FORM] += _MIN_CUES
    # The type with the most distinctive evidence wins (a 户口簿 page prints every word of an ID
    # card's front, and 常住人口登记卡 besides); it must also show enough of its own cues.
    best = max(shares, key=lambda t: (evidence[t], shares[t]))
    if shares[best] < _MIN_SHARE or found[best] < _MIN_CUES:
        return Classification(None, shares[best], None, shares)
    also: tuple[DocumentType, ...] = ()
    # Both sides of an ID card photographed or scanned on one page.
    sides = {DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK}
    if best in sides:
        other = (sides - {best}).pop()
        if shares[other] >= _MIN_SHARE and found[other] >= _MIN_CUES:
            also = (other,)
    return Classification(best, shares[best], title if best is DocumentType.FORM else None, shares, also)


def _weight_found(doc_type: DocumentType, flat: str) -> float:
    return sum(w for cue, w in _WEIGHTS[doc_type].items() if cue in flat)


def _share(doc_type: DocumentType, flat: str) -> float:
    weights = _WEIGHTS[doc_type]
    total = sum(weights.values())
    return sum(w for cue, w in weights.items() if cue in flat) / total


def _form_title(text: str, forms: Sequence[FormTitle]) -> FormTitle | None:
    """The form whose name best matches one of the first rows (the title), if close enough."""
    head = [re.sub(r"\s+", "", row) for row in text.splitlines()[:6] if row.strip()]
    best: tuple[float, FormTitle | None] = (0.0, None)
    for form in forms:
        name = _core(form.name)
        for row in head:
            row_core = _core(row)
            if not row_core:
                continue
            if name not in row_core and not any(char in row_core for char in name[-2:]):
                # 烟草专卖零售许可证 is the licence the 烟草专卖零售许可证申请表 applies for, not
                # the form: a title keeps its ending (申请表, 申请书; one OCR slip allowed).
                continue
            ratio = 1.0 if name in row_core else SequenceMatcher(None, name, row_core).ratio()
            if ratio > best[0]:
                best = (ratio, form)
    return best[1] if best[0] >= _TITLE_SIMILARITY else None


def _core(name: str) -> str:
    # “一件事”联办申请表 and 个体工商户登记（备案）申请书: compare without quotes and brackets.
    return re.sub(r"[“”\"'（）()\[\]【】《》\s]", "", name)
