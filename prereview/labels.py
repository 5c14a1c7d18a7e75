"""A citizen's label for an upload ("身份证", "租赁合同", "申请书") → the item's material.

Citizens name the document they hold, not the canonical material: 租赁合同 and 不动产权证书 both
serve as 经营场所证明; 申请书 means the item's own form. The match goes: the material's name or
alias → another catalogue material serving the same document types → the item's form → a
close spelling. An unknown label is an error that lists the item's materials.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from knowledge.checklist.model import ChecklistMaterial
from knowledge.schema import Catalog, DocumentType, Material
from nlu.normalize import for_nlu

_FORM_WORDS = re.compile(r"(申请|登记|申报|信息|备案|核定)?(表|书)$")
_FUZZY = 0.75


class UnknownLabel(ValueError):
    """The label names none of the item's materials; the message lists them."""

    def __init__(self, label: str, materials: Sequence[ChecklistMaterial]) -> None:
        names = "、".join(m.name for m in materials)
        super().__init__(f"“{label}”不是本事项的申请材料。本事项的材料有：{names}。请用其中一个名称标注文件，或不标注由系统识别。")
        self.label = label
        self.choices = [m.name for m in materials]


def is_form(catalog: Catalog, code: str) -> bool:
    """A material the citizen fills in: marked `documents: [form]`, or named like a form."""
    material = catalog.material(code)
    return material is not None and material_is_form(material)


def material_is_form(material: Material) -> bool:
    """is_form for a material in hand (the fixtures generator asks it too)."""
    if material.documents:
        return DocumentType.FORM in material.documents
    return bool(_FORM_WORDS.search(material.name)) and "承诺" not in material.name and "证" not in material.name[-3:]


def document_types(catalog: Catalog, code: str) -> list[DocumentType]:
    """The document types that can serve as this material (a form when it is one)."""
    material = catalog.material(code)
    return [] if material is None else material_document_types(material)


def material_document_types(material: Material) -> list[DocumentType]:
    if material.documents:
        return list(material.documents)
    return [DocumentType.FORM] if material_is_form(material) else []


def match_label(label: str, materials: Sequence[ChecklistMaterial], catalog: Catalog) -> ChecklistMaterial:
    """The item material a citizen's label means; UnknownLabel when none fits."""
    wanted = _key(label)
    if not wanted:
        raise UnknownLabel(label, materials)
    for material in materials:
        if wanted in _names(catalog, material.code, material.name):
            return material
    # Another catalogue material serving the same document types (租赁合同 → 经营场所证明).
    for other in catalog.materials:
        if wanted in _names(catalog, other.code, other.name) and other.documents:
            serving = [m for m in materials if set(other.documents) & set(document_types(catalog, m.code))]
            if len(serving) == 1:
                return serving[0]
    # 同意书, 承诺书: the one material whose name holds the words before 书/表 (…同意设置的书面意见).
    stem = _FORM_WORDS.sub("", wanted)
    if len(stem) >= 2:
        holding = [m for m in materials if any(stem in n for n in _names(catalog, m.code, m.name))]
        if len(holding) == 1:
            return holding[0]
    # 申请书 / 申请表 / 登记表: the item's form, when it has one (or the closest-named of several).
    if _FORM_WORDS.search(wanted):
        forms = [m for m in materials if is_form(catalog, m.code)]
        if len(forms) == 1:
            return forms[0]
        if forms:
            return max(forms, key=lambda m: SequenceMatcher(None, wanted, _key(m.name)).ratio())
    # The citizen's words around the document's name: 女方的身份证正反面, 租房合同第1页, 电子执照.
    found = _by_words(wanted, materials, catalog)
    if found is not None:
        return found
    # The label shortens the name by its words: 设备布局 for 食品经营主要设备设施、经营布局和…文件.
    core = _core(wanted)
    shortening = [m for m in materials if len(core) >= 4 and any(_abbreviates(core, n) for n in _names(catalog, m.code, m.name))]
    if len(shortening) == 1:
        return shortening[0]
    best = max(
        materials,
        key=lambda m: max(SequenceMatcher(None, wanted, n).ratio() for n in _names(catalog, m.code, m.name)),
        default=None,
    )
    if best is not None and max(SequenceMatcher(None, wanted, n).ratio() for n in _names(catalog, best.code, best.name)) >= _FUZZY:
        return best
    raise UnknownLabel(label, materials)


# Who it belongs to, before; which side, page or copy it is, after.
_WHOSE = re.compile(r"^(男方|女方|我|本人|老公|老婆|丈夫|妻子|新郎|新娘|申请人|经营者|法人|法定代表人)的?")
_WHICH = re.compile(r"的?(正反面|正反两面|正面照?|背面照?|反面照?|人像面|国徽面|首页|本人页|第.{1,3}页|复印件|扫描件|原件|照片|截图|页)$")


def _core(label: str) -> str:
    """The label without whose it is and which side or page (the words that name the document)."""
    previous = None
    while previous != label:
        previous = label
        label = _WHICH.sub("", _WHOSE.sub("", label))
    return label


def _by_words(wanted: str, materials: Sequence[ChecklistMaterial], catalog: Catalog) -> ChecklistMaterial | None:
    """The material whose name or alias the label contains (the longest such name wins), or the
    one material whose name contains the label's core words (声明 → 申请结婚登记声明书)."""
    core = _core(wanted)
    if len(core) < 2:
        return None
    named = {m.code: _names(catalog, m.code, m.name) for m in materials}
    exact = [m for m in materials if core in named[m.code]]
    if exact:
        return exact[0]
    inside = [(max(len(n) for n in named[m.code] if len(n) >= 2 and n in core), m) for m in materials
              if any(len(n) >= 2 and n in core for n in named[m.code])]
    if inside:
        longest = max(length for length, _ in inside)
        best = [m for length, m in inside if length == longest]
        return best[0] if len(best) == 1 else None
    around = [m for m in materials if any(core in n for n in named[m.code])]
    return around[0] if len(around) == 1 else None


def _abbreviates(short: str, name: str) -> bool:
    """Whether `short` is pieces of `name`, in order, each two characters or more."""
    at = 0
    while short:
        piece = next((short[:k] for k in range(len(short), 1, -1) if name.find(short[:k], at) >= 0), None)
        if piece is None:
            return False
        at = name.find(piece, at) + len(piece)
        short = short[len(piece):]
    return True


def _names(catalog: Catalog, code: str, name: str) -> set[str]:
    material = catalog.material(code)
    aliases = material.aliases if material is not None else []
    return {_key(n) for n in [name, code, *aliases]}


def _key(text: str) -> str:
    return re.sub(r"[\s“”\"'（）()【】《》]", "", for_nlu(text)).upper()
