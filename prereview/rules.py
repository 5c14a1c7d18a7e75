"""The checks: built-in ones every guide implies, and the staff's own from the knowledge base.

Built in (driven by each material's document types and requirements, never by item code):
the ID number's check digit and birth date, the 统一社会信用代码's check character, validity
dates against today (长期 is valid), one person's name and ID number identical across all
documents, signatures and seals where the item requires them, a form's required fields
filled. Staff checks (`checks:` on an item's material) add not-empty, equals, contains, number
range, date comparison and cross-document equality on any field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from PIL import Image

from knowledge.checklist.model import ChecklistMaterial
from knowledge.schema import Check, CheckOp, DocumentType, FormField, SignatureRule
from nlu.personal import mask_id_numbers
from prereview.dates import parse_date, parse_period, resolve_relative
from prereview.documents import ID_LABELS, SPECS
from prereview.extract import FieldValue, id_number_in, name_of, pair_people, uscc_in
from prereview.identifiers import check_id_number, check_uscc
from prereview.layout import Row
from prereview.marks import (
    CUT_LABEL,
    SIGNATURE_LABEL,
    has_seal,
    in_seal_ink,
    ink_in,
    seal_place,
    signature_areas,
)
from prereview.model import PICTURE_MARK, Box, Defect, DefectCode, Evidence, TextLine
from prereview.reader import ReadDocument

NAME_FIELD = re.compile(r"(姓名|^申请人$|^经营者$|^法定代表人$|^负责人$)")
# The documents whose reading of a person is the reference when documents disagree.
IDENTITY_DOCUMENTS = (DocumentType.ID_CARD_FRONT, DocumentType.HUKOU)
_ID_FIELD = re.compile(r"(身份号码|身份证件号码|身份证号|证件号码)")


@dataclass(frozen=True)
class Person:
    """A person as one document names them: name and ID number, with where each was read."""

    name: str | None
    id_number: str | None
    material: str
    document: ReadDocument
    name_field: FieldValue | None
    id_field: FieldValue | None


def evidence(field: FieldValue | None) -> list[Evidence]:
    if field is None:
        return []
    return [Evidence(mask_id_numbers(field.text), field.box.as_list())]


def _defect(code: DefectCode, material: ChecklistMaterial | None, doc: ReadDocument | None, message: str, fix: str,
            field: FieldValue | None = None, page: int | None = None) -> Defect:
    return Defect(
        code,
        material.code if material else None,
        doc.file if doc else None,
        page if page is not None else (field.page if field else (doc.first_page if doc else None)),
        mask_id_numbers(message),
        fix,
        evidence(field),
    )


def check_document(material: ChecklistMaterial, doc: ReadDocument, today: date,
                   verify: Callable[[FieldValue], FieldValue] | None = None) -> list[Defect]:
    """Numbers, validity: what the document type itself says must hold.

    `verify` reads a failing number again, closer (OCR confuses 8/B, 0/D…): a number is only
    reported when the second reading fails too.
    """
    if doc.type is None:
        return []
    spec = SPECS[doc.type]
    found: list[Defect] = []
    id_fields = set(spec.id_number_fields) | set(ID_LABELS)
    seen: set[str] = set()
    for occurrence in doc.occurrences:
        is_id = occurrence.name in id_fields or bool(_ID_FIELD.search(occurrence.name))
        number = id_number_in(occurrence) if is_id else None
        if number is None or number in seen:
            continue
        seen.add(number)
        if verify is not None and not check_id_number(number).valid:
            number = id_number_in(verify(occurrence)) or number
        result = check_id_number(number)
        if not result.valid:
            found.append(_defect(DefectCode.ID_NUMBER_INVALID, material, doc, f"{material.name}上的{occurrence.name}有误：{result.problem}",
                                 "请核对证件号码；如证件本身有误，请到签发机关更正后再办理", occurrence))
    uscc_names = set(spec.uscc_fields) | {o.name for o in doc.occurrences if "统一社会信用代码" in o.name}
    for name in sorted(uscc_names):
        field = doc.value(name)
        code = uscc_in(field)
        if code is None:
            continue
        if verify is not None and field is not None and not check_uscc(code).valid:
            code = uscc_in(verify(field)) or code
        result = check_uscc(code)
        if not result.valid:
            found.append(_defect(DefectCode.USCC_INVALID, material, doc, f"{material.name}上的统一社会信用代码有误：{result.problem}",
                                 "请核对营业执照上的统一社会信用代码，或上传清晰的营业执照照片", field))
    if spec.valid_until_field:
        field = doc.value(spec.valid_until_field)
        period = parse_period(field.text) if field else None
        if period is not None and period.expired(today):
            assert field is not None and period.end is not None
            found.append(_defect(DefectCode.DOCUMENT_EXPIRED, material, doc,
                                 f"{material.name}已过期：{spec.valid_until_field}至{period.end:%Y年%m月%d日}",
                                 _renew_fix(doc.type), field))
    return found


def _renew_fix(doc_type: DocumentType) -> str:
    return {
        DocumentType.ID_CARD_BACK: "请先到公安机关换领居民身份证（可同时申领临时身份证），再用有效证件办理",
        DocumentType.BUSINESS_LICENSE: "营业期限已届满，请先办理营业执照变更或重新登记",
        DocumentType.LEASE_CONTRACT: "租赁合同已到期，请提交续签后的合同",
    }.get(doc_type, "请提交在有效期内的证件")


def check_marks(material: ChecklistMaterial, doc: ReadDocument) -> list[Defect]:
    """Signatures and seals the item requires (and both parties' signatures on a contract)."""
    rule = SignatureRule(material.signature) if material.signature else SignatureRule.NONE
    wants_signature = rule in (SignatureRule.SIGN, SignatureRule.SIGN_AND_SEAL) or doc.type is DocumentType.LEASE_CONTRACT
    wants_seal = rule in (SignatureRule.SEAL, SignatureRule.SIGN_AND_SEAL) and not _between_people(doc)
    if rule is SignatureRule.SIGN_AND_SEAL and doc.type is DocumentType.FORM:
        # 签字并盖章: a person signs, an organisation also seals — and a line for the seal alone
        # (申请单位（盖章）) asks for one whoever fills the form in.
        wants_seal = _for_an_organisation(doc) or any(seal_place(p.lines, dedicated=True) for p in doc.pages)
    found: list[Defect] = []
    if wants_signature and doc.type in (DocumentType.FORM, DocumentType.LEASE_CONTRACT, None) and doc.pages:
        found += _signatures(material, doc)
    # A form asks for a seal where it has a place for one; a certificate or proof an organisation
    # issues (村委会证明, 离职证明) carries its seal wherever its issuer signs off.
    placed = any(seal_place(p.lines) for p in doc.pages) or (doc.type is not DocumentType.FORM and _issued_by_an_organisation(doc))
    if wants_seal and placed and not any(has_seal(image) for image in _seal_candidates(doc)):
        word = all(p.page.image is None for p in doc.pages)
        fix = ("请打印后在盖章处加盖单位公章，拍照或扫描后重新上传（或在 Word 文档中加盖单位电子印章）" if word
               else "请在盖章处加盖单位公章后重新上传")
        found.append(_defect(DefectCode.MISSING_SEAL, material, doc, f"{material.name}未加盖单位公章", fix))
    return found


# How an organisation's name ends (a person's does not): 公司, 中心, 便利店, 合作社, 委员会…
_ORGANISATION = re.compile(r"..(公司|企业|集团|中心|店|厂|社|所|局|院|馆|学校|委员会)[）)]?$")


def _between_people(doc: ReadDocument) -> bool:
    """A contract whose parties are all persons: they sign; only an organisation seals.

    A lease between two residents carries no seal however the item words its 签字并盖章. When
    a party could not be read the seal is still asked for."""
    if doc.type is not DocumentType.LEASE_CONTRACT:
        return False
    parties = [doc.value(name) for name in SPECS[doc.type].name_fields]
    names = [name_of(field) for field in parties if field is not None]
    return len(names) == len(parties) and all(name and _a_person(name) for name in names)


# An organisation that has an official seal (a 个体工商户's shop name — 某某小吃店 — does not make one).
_ENTITY = re.compile(r"(公司|企业|集团|中心|合作社|委员会|学校|医院|卫生院|协会|事务所|银行|支行|分行)[）)]?$")
# Form fields that name the applicant when it is an organisation.
_APPLICANT_FIELD = re.compile(r"名称|单位|企业|公司|申请人|机构")


def _for_an_organisation(doc: ReadDocument) -> bool:
    """A form filled in for an organisation: a field naming the applicant holds an organisation's
    name (有限公司, 合作社…). Forms of persons and of 个体工商户 are signed, not sealed."""
    return any(
        _APPLICANT_FIELD.search(name) and _ENTITY.search(value.text.strip())
        for name, value in doc.fields.items()
        if not value.empty
    )


def _issued_by_an_organisation(doc: ReadDocument) -> bool:
    """The document signs off with an organisation's name (桐江某某科技有限公司 above the date
    of a 离职证明): its issuer seals it. A letter a person signs (产权人（签字）) does not."""
    lines = [line.text.strip() for page in doc.pages for line in page.lines if line.text.strip()]
    return any(_ENTITY.search(re.split(r"[：:]", text)[-1].strip()) for text in lines[-_SIGN_OFF:])


_SIGN_OFF = 4  # the last lines of a document, where its issuer signs off


def _a_person(name: str) -> bool:
    """A Han name has two to four characters (a minority name joins its parts with ·)."""
    return ("·" in name or len(name) <= 4) and not _ORGANISATION.search(name)


def _seal_candidates(doc: ReadDocument) -> list[Image.Image]:
    """Where a seal can be: the page images, or a Word document's embedded pictures."""
    return [image for p in doc.pages for image in ([p.page.image] if p.page.image is not None else p.page.pictures)]


def _signatures(material: ChecklistMaterial, doc: ReadDocument) -> list[Defect]:
    found = []
    for page in doc.pages:
        for label, area in signature_areas(page.rows):
            who = SIGNATURE_LABEL.split(label.text)[0].strip("（(：: ") or "申请人"
            if _written_after(label):
                signed = True
            elif page.page.image is None:
                # A Word form: a typed name, or a signature picture pasted at the place, counts.
                signed = _typed_after(label, page.rows) or _picture_at(label, page.rows)
            else:
                # A legible handwritten name is read as text, in the label's box (签字：高秀兰) or
                # in its own box in the signature space; otherwise look for ink there.
                # The label's box may hold the signature too; and a box much taller than the
                # printed label is handwriting OCR took for text (a scribble read as "10").
                printed = [line for line in page.lines if line is not label and line.box.height <= 1.6 * label.box.height]
                signed = _text_in(area, label, page.lines, page.page.image) or ink_in(page.page.image, area, printed).found
            if not signed:
                field = FieldValue(who, label.text, page.number, area, label.box)
                defect = _defect(DefectCode.MISSING_SIGNATURE, material, doc, f"{material.name}第{page.number}页“{_as_printed(label.text)}”处未签字",
                                 f"请{who}本人在签字处手写签名后重新上传", field)
                defect.file = page.page.file  # a continuation page may come from another file
                found.append(defect)
    return found


def _as_printed(label: str) -> str:
    """The label as the citizen sees it on paper (申请人（签 was cut short by a seal)."""
    return f"{label}字）" if CUT_LABEL.search(label) else label


def _date_like(text: str) -> bool:
    """A printed date, filled in (2026年12月1日) or not (  年  月  日). One 日 or 月 alone is
    a character of a written name (龚晨日, 李月明)."""
    return bool(re.search(r"\d", text)) or len(set(re.findall(r"[年月日]", text))) >= 2
# What a written name has: a Chinese character or a letter (not only lines, dots or digits).
_WRITING = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _written_after(label: TextLine) -> bool:
    """The label's own box goes on past the label (申请人（签字）：高秀兰)."""
    after = SIGNATURE_LABEL.split(label.text, maxsplit=1)[-1]
    # The rest of the label is print too: 签字/盖章, 签字或盖章, 签名并按手印.
    after = re.sub(r"^([/／、或及并和]*(盖章|手印|按手印|捺印|签章))*[）)]?\s*[：:]?", "", after).strip(" _＿")
    return bool(_WRITING.search(after)) and not _date_like(after)


def _text_in(area: Box, label: TextLine, lines: Sequence[TextLine], image: Image.Image) -> bool:
    """A box other than the label, not a printed date nor a seal's red ring text, whose centre
    lies in the signature space."""
    for line in lines:
        if line is label or _date_like(line.text):
            continue
        cx, cy = (line.box.x0 + line.box.x1) / 2, line.box.center_y
        if (area.x0 <= cx <= area.x1 and area.y0 <= cy <= area.y1 and _WRITING.search(line.text)
                and not in_seal_ink(image, line.box)):
            return True
    return False


def _typed_after(label: TextLine, rows: Sequence[Row]) -> bool:
    """A document without an image (docx): signed when text follows the signature label."""
    for row in rows:
        if label in row.lines:
            after = row.text.split(label.text, 1)[-1]
            return bool(after.strip(" \u2003:：_（）()"))
    return False


def _picture_at(label: TextLine, rows: Sequence[Row]) -> bool:
    """A docx picture in the signature label's paragraph or alone in the one right after it."""
    if PICTURE_MARK in label.text:
        return True
    for index, row in enumerate(rows[:-1]):
        if label in row.lines:
            return rows[index + 1].text.strip() == PICTURE_MARK
    return False


def check_form(material: ChecklistMaterial, doc: ReadDocument, fields: Sequence[FormField]) -> list[Defect]:
    """Every required field of the form filled in."""
    if doc.type is not DocumentType.FORM:
        return []
    found = []
    for form_field in fields:
        if not form_field.required:
            continue
        value = doc.fields.get(form_field.name)
        if value is None:
            continue  # the printed form has no such field: nothing to fill
        if value.empty:
            found.append(_defect(DefectCode.BLANK_REQUIRED_FIELD, material, doc, f"{material.name}的“{form_field.name}”未填写",
                                 f"请填写“{form_field.name}”后重新上传", value))
    return found


def people(material: ChecklistMaterial, doc: ReadDocument, form_fields: Sequence[FormField] = ()) -> list[Person]:
    """The persons a document names: each name with the ID number printed after it."""
    spec = SPECS[doc.type] if doc.type else None
    names = set(spec.name_fields) if spec else set()
    ids = (set(spec.id_number_fields) if spec else set()) | set(ID_LABELS)
    if doc.type is DocumentType.FORM and form_fields:
        names = {f.name for f in form_fields if NAME_FIELD.search(f.name)} or names
        ids |= {f.name for f in form_fields if _ID_FIELD.search(f.name)}
    out = []
    for name_field, id_field in pair_people(doc.occurrences, names, ids):
        name, number = name_of(name_field), id_number_in(id_field)
        if name:
            out.append(Person(name, number, material.code, doc, name_field, id_field))
    return out


def check_people(persons: Iterable[Person], names: dict[str, ChecklistMaterial],
                 reread: Callable[[Person, set[str]], str | None] | None = None) -> list[Defect]:
    """The same ID number must carry the same name, and the same name the same number.

    `reread` reads a person's name again from the page, given the names other documents show
    (a second look before calling two names different: OCR confuses 睿/書 now and then)."""
    persons = list(persons)
    by_number: dict[str, list[Person]] = defaultdict(list)
    for p in persons:
        if p.id_number and check_id_number(p.id_number).valid:
            by_number[p.id_number].append(p)
    found: list[Defect] = []
    told: set[tuple[str, str, str]] = set()
    for number, group in by_number.items():
        named = [p for p in group if p.name]
        if len({p.name for p in named}) < 2:
            continue
        if reread is not None:
            named = _second_look(named, reread)
        # The identity document itself is the reference; otherwise the majority. With neither
        # (one form says 潘泽军, another 潘泽君) each side is told: either may be the wrong one.
        official = [p.name for p in named if p.name and p.document.type in IDENTITY_DOCUMENTS]
        references = _references([p.name for p in named if p.name], official)
        for reference in references:
            other = next(q for q in named if q.name == reference)
            for p in named:
                if p.name == reference or (number, p.name or "", p.material) in told:
                    continue
                told.add((number, p.name or "", p.material))
                found.append(_defect(DefectCode.NAME_MISMATCH, names[p.material], p.document,
                                     f"{names[p.material].name}上的姓名“{p.name}”与{names[other.material].name}上的“{reference}”不一致（同一证件号码）",
                                     "请核对姓名，确保各份材料上的姓名与身份证一致", p.name_field))
    # Names read as two people on one document are two people (侯天浩 the father and 侯彬浩 the
    # child on a birth certificate), however alike.
    together: dict[int, set[str]] = defaultdict(set)
    for p in persons:
        if p.name:
            together[id(p.document)].add(p.name)
    apart = {(a, b) for names_on_doc in together.values() for a in names_on_doc for b in names_on_doc if a != b}
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in persons:
        if p.name and p.id_number:
            # OCR misreads a character of a name now and then (陶文蕾 → 陶文曹): names of three or
            # more characters that differ in one place are taken as the same person here.
            key = next((k for k in by_name if _one_apart(k, p.name) and (k, p.name) not in apart), p.name)
            by_name[key].append(p)
    for name, group in by_name.items():
        if len({p.id_number for p in group}) < 2:
            continue
        valid = [p.id_number for p in group if p.id_number and check_id_number(p.id_number).valid]
        official = [p.id_number for p in group if p.id_number and p.document.type in IDENTITY_DOCUMENTS]
        references = _references(valid or [p.id_number for p in group if p.id_number], official)
        for reference in references:
            for p in group:
                if p.id_number == reference or (name, p.id_number or "", p.material) in told:
                    continue
                told.add((name, p.id_number or "", p.material))
                found.append(_defect(DefectCode.ID_NUMBER_MISMATCH, names[p.material], p.document,
                                     f"{p.name}在{names[p.material].name}上的证件号码 {p.id_number} 与其他材料上的 {reference} 不一致",
                                     "请核对证件号码，确保各份材料上的号码与身份证一致", p.id_field))
    found += _misspelt_holders(persons, names, apart)
    return found


def _misspelt_holders(persons: list[Person], names: dict[str, ChecklistMaterial], apart: set[tuple[str, str]]) -> list[Defect]:
    """A name with no number beside it on a typed document (Word, a PDF's text layer: no OCR
    misreading), one character off exactly one identity card's holder and never beside that
    holder on one document: the form misspells the holder (范木晴 for the card's 范沐晴)."""
    numbered = {p.name for p in persons if p.name and p.id_number}
    holders = {p.name: p for p in persons if p.name and p.id_number and p.document.type in IDENTITY_DOCUMENTS}
    found, told = [], set()
    for p in persons:
        if not p.name or p.id_number or p.name in numbered or not _typed(p.document) or (p.name, p.material) in told:
            continue
        near = [h for name, h in holders.items() if _one_apart(name, p.name) and (name, p.name) not in apart]
        if len(near) != 1:
            continue
        told.add((p.name, p.material))
        (holder,) = near
        found.append(_defect(DefectCode.NAME_MISMATCH, names[p.material], p.document,
                             f"{names[p.material].name}上的姓名“{p.name}”与{names[holder.material].name}上的“{holder.name}”不一致",
                             "请核对姓名，确保各份材料上的姓名与身份证一致", p.name_field))
    return found


def _typed(doc: ReadDocument) -> bool:
    """Text taken from the file itself (a Word document, a PDF's text layer), not read by OCR."""
    return bool(doc.pages) and all(page.page.lines for page in doc.pages)


def _references(values: list[str], official: list[str]) -> list[str]:
    """What the others are compared with: the identity document's value, else the majority's,
    else every value tied for the most (either side may be the wrong one, so each is told)."""
    if official:
        return [official[0]]
    counts = Counter(values)
    top = max(counts.values())
    return [value for value in counts if counts[value] == top]


def _second_look(named: list[Person], reread: Callable[[Person, set[str]], str | None]) -> list[Person]:
    """Names read again from the page; a second reading is taken only when another document
    shows that very name (a second look may reconcile two readings, never invent a third), and
    never against the majority: an ID card and a 户口簿 that both read 孔晨阳 are not turned
    into the form's 孔晨扬 by a glyph comparison."""
    shown = Counter(p.name for p in named if p.name)
    out = []
    for p in named:
        again = reread(p, set(shown) - {p.name})
        taken = again and again != p.name and again in shown and shown[again] >= shown[p.name or ""]
        out.append(replace(p, name=again) if taken else p)
    return out


def _one_apart(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(a) == len(b) >= 3 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def check_staff_rules(material: ChecklistMaterial, doc: ReadDocument, checks: Sequence[Check], today: date,
                      lookup: dict[str, dict[str, FieldValue]]) -> list[Defect]:
    """The knowledge base's own rules for this material (受理标准 made checkable)."""
    found = []
    for check in checks:
        field = doc.fields.get(check.field)
        if field is None:
            continue  # the document has no such field: the rule cannot apply
        failed, code = _failed(check, field, doc, today, lookup)
        if failed:
            found.append(_defect(code, material, doc, f"{material.name}的“{check.field}”：{check.message}", check.message, field))
    return found


def _failed(check: Check, field: FieldValue, doc: ReadDocument, today: date,
            lookup: dict[str, dict[str, FieldValue]]) -> tuple[bool, DefectCode]:
    text = re.sub(r"\s+", "", field.text)
    if check.op is CheckOp.NOT_EMPTY:
        return field.empty, DefectCode.BLANK_REQUIRED_FIELD
    if field.empty:
        return False, DefectCode.RULE_VIOLATION  # blank fields are not_empty's business
    if check.op is CheckOp.EQUALS:
        return text != re.sub(r"\s+", "", check.value or ""), DefectCode.RULE_VIOLATION
    if check.op is CheckOp.CONTAINS:
        return (check.value or "") not in text, DefectCode.RULE_VIOLATION
    if check.op is CheckOp.RANGE:
        m = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
        if m is None:
            return False, DefectCode.RULE_VIOLATION
        number = float(m.group(0))
        low = check.min if check.min is not None else float("-inf")
        high = check.max if check.max is not None else float("inf")
        return not (low <= number <= high), DefectCode.RULE_VIOLATION
    if check.op in (CheckOp.DATE_BEFORE, CheckOp.DATE_AFTER):
        period = parse_period(field.text)
        if period is not None and period.open_ended:
            return check.op is CheckOp.DATE_BEFORE, DefectCode.RULE_VIOLATION
        when = period.end if period is not None and period.end else parse_date(field.text)
        if when is None or check.value is None:
            return False, DefectCode.RULE_VIOLATION
        limit = resolve_relative(check.value, today)
        spec = SPECS.get(doc.type) if doc.type else None
        code = DefectCode.DOCUMENT_EXPIRED if spec is not None and spec.valid_until_field == check.field else DefectCode.RULE_VIOLATION
        return (when <= limit if check.op is CheckOp.DATE_AFTER else when >= limit), code
    if check.op is CheckOp.SAME_AS and check.other and "." in check.other:
        material_code, other_field = check.other.split(".", 1)
        other = lookup.get(material_code, {}).get(other_field)
        if other is None or other.empty:
            return False, DefectCode.FIELD_MISMATCH
        return not _same_value(other.text, field.text), DefectCode.FIELD_MISMATCH
    return False, DefectCode.RULE_VIOLATION


def _loose(text: str) -> str:
    return re.sub(r"[\s,，。.、()（）\-—]", "", text)


# A value read up to its line's end (an address wrapped in a narrow box) keeps at least this
# share of the whole: the same value, not another one.
_CUT_SHARE = 0.75


def _same_value(a: str, b: str) -> bool:
    """Equal but for punctuation, or one cut short at a line's end (…商铺13 and …商铺13号)."""
    a, b = _loose(a), _loose(b)
    short, long = sorted((a, b), key=len)
    return a == b or (long.startswith(short) and len(short) >= _CUT_SHARE * len(long))
