"""Pre-review of one application: the uploads of a citizen for an item (or 一件事), end to end.

upload → intake (type, limits) → decode (pages) → quality → OCR → classify → assign to the
item's materials (label or content) → extract fields → rules → report + 一次性告知 notice.
The materials this citizen needs come from the checklist engine with their 情形 answers; the
answers they did not give are read from the uploads where the documents show them
(prereview.situation), and the questions still open are asked in the notice, never assumed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from PIL import Image

from knowledge.checklist.engine import find_target
from knowledge.checklist.model import ChecklistMaterial
from knowledge.checklist.situation import Target
from knowledge.schema import DOCUMENT_NAMES, Catalog, Check, DocumentType, FormField
from nlu.personal import mask_id_numbers
from prereview.classify import FormTitle
from prereview.decode import decode, deskew
from prereview.documents import DEFAULT_FORM_FIELDS, SPECS
from prereview.extract import FieldValue, id_number_in, name_of
from prereview.glyphs import closer_reading
from prereview.identifiers import find_id_numbers
from prereview.intake import Limits
from prereview.intake import check as check_upload
from prereview.labels import UnknownLabel, document_types, is_form, match_label
from prereview.model import Defect, DefectCode, IntakeError, Page, Upload
from prereview.ocr import Ocr, shared_ocr
from prereview.portrait import is_portrait_material, looks_like_portrait
from prereview.quality import BLURRY, BRIGHT, DARK, GLARE, assess
from prereview.reader import ReadDocument, ReadPage, extract, group_documents, read_page
from prereview.report import Report, material_statuses
from prereview.rules import (
    IDENTITY_DOCUMENTS,
    NAME_FIELD,
    Person,
    check_document,
    check_form,
    check_marks,
    check_people,
    check_staff_rules,
    people,
)
from prereview.situation import Mismatch, Seen, candidate_materials, infer_situation, labelled_values

log = logging.getLogger(__name__)

_REFUSED = (DefectCode.WRONG_FILE_TYPE, DefectCode.FILE_UNREADABLE)


def type_name(doc_type: DocumentType | None) -> str:
    return DOCUMENT_NAMES[doc_type].replace("身份证", "居民身份证") if doc_type else "无法识别的文件"


@dataclass
class Application:
    """What one pre-review is about: the target, the citizen's 情形 answers, the uploads."""

    target: str
    uploads: list[Upload]
    answers: Mapping[str, str | Sequence[str]] = field(default_factory=dict)


@dataclass
class _Assigned:
    material: ChecklistMaterial
    documents: list[ReadDocument] = field(default_factory=list)


class PreReview:
    """The pre-review component: cheap to build, `warm_up()` loads OCR, `run()` reviews."""

    def __init__(
        self,
        catalog: Catalog,
        ocr: Ocr | None = None,
        limits: Limits | None = None,
        e_licenses: Sequence[str] | None = None,
        lenient_days: int = 5,
        today: Callable[[], date] = date.today,
        resolve: Callable[[str], Target] | None = None,
    ) -> None:
        self.catalog = catalog
        # Item or bundle from the citizen's words (the API and CLI add a search fallback).
        self.resolve = resolve or (lambda text: find_target(catalog, text))
        self.ocr = ocr or shared_ocr()
        self.limits = limits or Limits()
        self.e_licenses = e_licenses
        self.lenient_days = lenient_days
        self.today = today

    def warm_up(self) -> None:
        self.ocr.warm_up()

    def check_request(self, target_text: str, answers: Mapping[str, str | Sequence[str]]) -> None:
        """Before any work: the item exists and the answers name its questions and options
        (TargetNotFound / AnswerError). Labels are never refused: an unknown one is read by content."""
        target = self.resolve(target_text)
        target.parse_answers(answers)

    def run(self, application: Application) -> Report:
        """Review every upload and return the report (never raises for a bad file or label)."""
        target = self.resolve(application.target)
        given, _ignored = target.effective(target.parse_answers(application.answers))
        today = self.today()
        candidates = candidate_materials(self.catalog, target, given, self.e_licenses)
        forms = [FormTitle(m.code, m.name) for m in candidates if is_form(self.catalog, m.code)]
        notes: list[str] = []
        read: list[tuple[ReadDocument, ChecklistMaterial | None, str | None]] = []
        refused: list[tuple[Upload, ChecklistMaterial | None, IntakeError]] = []
        for upload in application.uploads:
            labelled = self._label(upload, candidates, notes)
            try:
                kind = check_upload(upload, self.limits)
                pages = decode(upload, kind, self.limits)
            except IntakeError as error:
                refused.append((upload, labelled, error))
                continue
            pages_read = [self._read(page, forms, labelled) for page in pages]
            for doc in group_documents(upload.filename, pages_read):
                read.append((doc, labelled, upload.label if labelled else None))
        for doc, _named, _label in read:  # a form's answers tell the situation; a card, whose it is
            if doc.type is DocumentType.FORM:
                extract(doc, self._form_fields(doc.form.code if doc.form else None))
            elif doc.type in IDENTITY_DOCUMENTS:
                extract(doc)
        applicants = _applicants(self.catalog, [doc for doc, _named, _label in read])
        seen = [_seen(doc, label) for doc, _named, label in read]
        situation = infer_situation(self.catalog, target, given, seen, self.e_licenses)
        materials = situation.materials
        by_code = {m.code: _Assigned(m) for m in materials}
        defects: list[Defect] = []
        uploaded: dict[str, list[str]] = {}
        unassigned: list[str] = []
        not_needed: list[dict[str, str]] = []
        for upload, named, failure in refused:
            code = named.code if named and named.code in by_code else None
            defects.append(Defect(failure.code, code, upload.filename, None, failure.message, failure.fix))
            if code:
                uploaded.setdefault(code, []).append(upload.filename)
            else:
                unassigned.append(upload.filename)
        unknown: list[ReadDocument] = []
        # Documents whose label says one thing and content another last (their label's material
        # may be served by the right document further on); backs of ID cards after fronts (a
        # front, with its number, says whose card it is; its back follows).
        def order(entry: tuple[ReadDocument, ChecklistMaterial | None, str | None]) -> tuple[bool, bool]:
            doc, named, _label = entry
            wanted = document_types(self.catalog, named.code) if named is not None else []
            return (bool(wanted) and doc.type is not None and doc.type not in wanted, doc.type is DocumentType.ID_CARD_BACK)

        for doc, named, _label in sorted(read, key=order):
            owner = self._assign(doc, named, materials, by_code, notes, applicants)
            if owner is None:
                if doc.type is None:
                    unknown.append(doc)
                else:
                    not_needed.append({"file": doc.file, "document": type_name(doc.type)})
                continue
            _add(by_code[owner.code], doc, uploaded)
        for doc in unknown:
            continued = _continued(doc, by_code.values())
            if continued is not None:  # a contract's page 2 photographed on its own, unlabelled
                _add(continued, doc, uploaded)
                continue
            unassigned.append(doc.file)
            defects.append(Defect(DefectCode.UNRECOGNIZED_DOCUMENT, None, doc.file, doc.first_page,
                                  f"无法判断文件“{doc.file}”是哪份材料（识别为：{type_name(doc.type)}）",
                                  "请在上传时注明材料名称，或上传清晰完整的证件/表格"))

        people_found: list[Person] = []
        lookup: dict[str, dict[str, FieldValue]] = {}
        checks = self._staff_checks(target)
        for assigned in by_code.values():
            material = assigned.material
            fields = self._form_fields(material.code)
            assigned.documents = _join_continuations(assigned.documents, set(document_types(self.catalog, material.code)))
            for doc in assigned.documents:
                read_as_this_form = doc.type is DocumentType.FORM and doc.form is not None and doc.form.code == material.code
                if not read_as_this_form:  # forms were read above with their own fields
                    doc.fields, doc.occurrences = {}, []
                    extract(doc, fields)
                lookup.setdefault(material.code, {}).update(doc.fields)
            for doc in assigned.documents:
                found = self._check_one(material, doc, fields, checks.get(material.code, []), today, lookup)
                defects += found
                if doc.type is not None and not _illegible(doc, fields):
                    people_found += people(material, doc, fields)
            refused_file = any(d.material == material.code and d.code in _REFUSED for d in defects)
            if not refused_file:  # a refused file may have been the other side: its defect says enough
                defects += self._sides(material, assigned.documents)
        defects += check_people(people_found, {m.code: m for m in materials}, self._reread_name)
        for material in situation.required:
            if material.required and not material.exempt and not by_code[material.code].documents and material.code not in uploaded:
                defects.append(self._missing(material))
        holders = {doc.file: code for code, assigned in by_code.items() for doc in assigned.documents}
        defects += [_mismatch_defect(m, m.material or holders.get(m.file)) for m in situation.mismatches]
        defects = _once(defects)
        possible = {m.code for m in situation.possible}
        statuses = material_statuses(materials, uploaded, defects, possible)
        report = Report(
            {"code": target.code, "name": target.name, "kind": target.kind},
            statuses,
            defects,
            today,
            self.lenient_days,
            unassigned,
        )
        report.inferred_answers = [i.as_dict() for i in situation.inferred]
        report.open_questions = [q.as_dict() for q in situation.open]
        report.not_needed = not_needed
        report.notes = notes
        log.info("pre-review %s: %s, %d defects", target.code, report.verdict, len(defects))
        return report

    def _label(self, upload: Upload, candidates: Sequence[ChecklistMaterial], notes: list[str]) -> ChecklistMaterial | None:
        """The material the citizen's label names; an unknown label is noted and the file read by content."""
        if not upload.label:
            return None
        try:
            return match_label(upload.label, candidates, self.catalog)
        except UnknownLabel:
            notes.append(f"文件“{upload.filename}”的标注“{upload.label}”不是本事项的材料名称，已按文件内容识别。")
            return None

    def _assign(self, doc: ReadDocument, labelled: ChecklistMaterial | None, materials: Sequence[ChecklistMaterial],
                by_code: dict[str, _Assigned], notes: list[str], applicants: frozenset[str]) -> ChecklistMaterial | None:
        """The material a document serves: its label's, unless its content is clearly another
        document that a material of this situation takes; else by its content."""
        if labelled is not None and labelled.code in by_code:
            wanted = document_types(self.catalog, labelled.code)
            if doc.type is None or not wanted or doc.type in wanted or doc.quality:
                return by_code[labelled.code].material
            owner = self._owner(doc, materials, by_code, applicants)
            if owner is None:
                if not doc.quality and any(d.type in wanted for d in by_code[labelled.code].documents):
                    return None  # the label's material has its document: this one is an extra (本情形不需要)
                return by_code[labelled.code].material  # told as "labelled X but looks like Y"
            notes.append(f"文件“{doc.file}”标注为{labelled.name}，内容是{type_name(doc.type)}，已按{owner.name}预审。")
            return owner
        return self._owner(doc, materials, by_code, applicants)

    def _read(self, page: Page, forms: Sequence[FormTitle], material: ChecklistMaterial | None) -> ReadPage:
        # A 二寸 portrait is 413×579 px by definition: small is right for a photo of a person.
        min_side = 300 if material is not None and "照片" in material.name else 480
        quality = [] if page.lines or page.image is None else [p.message for p in assess(page, min_side).problems]
        if page.image is not None and not page.lines and not quality:
            # Rows of label and value only line up on a straight page.
            page.image = deskew(page.image)
        return read_page(page, self.ocr, forms, quality)

    def _owner(self, doc: ReadDocument, materials: Sequence[ChecklistMaterial], by_code: dict[str, _Assigned],
               applicants: frozenset[str] = frozenset()) -> ChecklistMaterial | None:
        """The material an unlabelled document serves, from its type (forms by their title); an
        ID card, by whose it is when the item takes the applicant's and an agent's."""
        if doc.type is None:  # a portrait has no text: the photo the item asks for
            photos = [m for m in materials if is_portrait_material(m.name)] if _portrait(doc) else []
            empty = [m for m in photos if not by_code[m.code].documents]
            return next(iter(empty or photos), None)
        if doc.type is DocumentType.FORM:
            if doc.form is not None and doc.form.code in by_code:
                return by_code[doc.form.code].material
            form_materials = [m for m in materials if is_form(self.catalog, m.code)]
            return form_materials[0] if len(form_materials) == 1 else None
        candidates = [m for m in materials if doc.type in document_types(self.catalog, m.code)]
        if not candidates:
            return None
        spec = SPECS[doc.type]
        number = id_number_in(doc.value(spec.id_number_fields[0])) if spec.id_number_fields else None
        holder = name_of(doc.value(spec.name_fields[0])) if spec.name_fields else None
        agents = [m for m in candidates if _AGENT.search(m.name)]
        if number and applicants and agents and len(agents) < len(candidates):
            # The application form names the applicant: a card of someone else is the agent's.
            theirs = number in applicants or holder in applicants
            candidates = [m for m in candidates if (m in agents) != theirs]
        # Two materials take the same type (申请人 and 受托人 ID cards): a card's side goes where
        # its other side waits, else to the one that has none yet.
        other = _OTHER_SIDE.get(doc.type)
        def count(m: ChecklistMaterial, kind: DocumentType | None) -> int:
            return sum(1 for d in by_code[m.code].documents if d.type == kind)
        same_page = [m for m in candidates if any(d.file == doc.file and d.type == other for d in by_code[m.code].documents)]
        waiting = [m for m in candidates if other is not None and count(m, other) > count(m, doc.type)]
        empty = [m for m in candidates if not count(m, doc.type)]
        return (same_page or waiting or empty or candidates)[0]

    def _check_one(self, material: ChecklistMaterial, doc: ReadDocument, fields: list[FormField], checks: list[Check],
                   today: date, lookup: dict[str, dict[str, FieldValue]]) -> list[Defect]:
        if _illegible(doc, fields):
            unread = unread_fields(doc, fields)
            cannot = f"，无法看清{'、'.join(unread)}" if unread and doc.type is not None else ""
            return [
                Defect(DefectCode.LOW_QUALITY, material.code, doc.file, page,
                       f"{material.name}（{doc.file}）照片质量不合格：{problem}{cannot}", problem)
                for page, problem in _poor_pages(doc)
            ]
        wanted = document_types(self.catalog, material.code)
        if wanted and doc.type not in wanted:
            expected = "或".join(dict.fromkeys(type_name(t).replace("人像面", "").replace("国徽面", "") for t in wanted))
            return [Defect(DefectCode.UNRECOGNIZED_DOCUMENT, material.code, doc.file, doc.first_page,
                           f"文件“{doc.file}”标注为{material.name}，但内容{('看起来是' + type_name(doc.type)) if doc.type else '无法识别'}，不是{expected}",
                           f"请上传{material.name}本身的清晰照片或扫描件")]
        if not wanted and not doc.text.strip() and "照片" not in material.name:  # a portrait has no text
            return [Defect(DefectCode.UNRECOGNIZED_DOCUMENT, material.code, doc.file, doc.first_page,
                           f"文件“{doc.file}”中没有读到任何文字，无法确认是{material.name}", "请上传清晰完整的材料照片或扫描件")]
        found = check_document(material, doc, today, lambda field: self._reread(doc, field))
        found += _unseen_marks(material, doc, check_marks(material, doc))
        found += check_form(material, doc, fields)
        found += check_staff_rules(material, doc, checks, today, lookup)
        return found

    def _reread_name(self, person: Person, others: set[str]) -> str | None:
        """OCR's second reading of a name; else the name another document shows, when its
        drawn glyphs match the printed name clearly better than OCR's reading does."""
        field = person.name_field
        if field is None:
            return None
        again = self._reread(person.document, field)
        name = name_of(again) if again is not field else None
        if name in others or person.name is None:
            return name
        # Only an identity document's reading is the reference that raises a false alarm.
        image = self._page_image(person.document, field) if person.document.type in IDENTITY_DOCUMENTS else None
        if image is not None:
            for other in sorted(others):
                if closer_reading(image, field.box, person.name, other):
                    return other
        return name

    def _page_image(self, doc: ReadDocument, field: FieldValue) -> Image.Image | None:
        """The photo or scan a field was read from by OCR (None for a text layer or Word file)."""
        page = next((p for p in doc.pages if p.number == field.page and p.page.image is not None and not p.page.lines), None)
        return page.page.image if page is not None else None

    def _reread(self, doc: ReadDocument, field: FieldValue) -> FieldValue:
        """The field's value read again from its page image (unchanged when there is none)."""
        image = self._page_image(doc, field)
        if image is None:
            return field
        text = self.ocr.reread(image, field.box)
        return FieldValue(field.name, text, field.page, field.box, field.label_box) if text else field

    def _sides(self, material: ChecklistMaterial, documents: list[ReadDocument]) -> list[Defect]:
        """An ID card needs both sides: the 国徽面 carries the validity period."""
        wanted = document_types(self.catalog, material.code)
        sides = {DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK}
        if not documents or not sides <= set(wanted) or any(_illegible(d, []) for d in documents):
            return []
        have = {d.type for d in documents}
        if not have & sides:
            return []
        return [
            Defect(DefectCode.MISSING_MATERIAL, material.code, documents[0].file, None, f"{material.name}缺少{type_name(side)}",
                   f"请同时上传{material.name}的人像面和国徽面")
            for side in (DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK)
            if side not in have
        ]

    def _missing(self, material: ChecklistMaterial) -> Defect:
        if material.lenient:
            message = f"未上传{material.name}（可容缺受理，签署承诺书后{self.lenient_days}个工作日内补交）"
        elif material.promise:
            message = f"未上传{material.name}（可签署告知承诺书代替）"
        else:
            message = f"缺少{material.name}"
        fix = material.standard or f"请上传{material.name}"
        return Defect(DefectCode.MISSING_MATERIAL, material.code, None, None, message, mask_id_numbers(fix))

    def _form_fields(self, code: str | None) -> list[FormField]:
        material = self.catalog.material(code) if code else None
        if material is None and code is None:
            return list(DEFAULT_FORM_FIELDS)
        if material is None:
            return []
        if not material.fields and is_form(self.catalog, material.code):
            return list(DEFAULT_FORM_FIELDS)
        return list(material.fields)

    def _staff_checks(self, target: Target) -> dict[str, list[Check]]:
        checks: dict[str, list[Check]] = {}
        for item in target.members:
            for req in item.materials:
                checks.setdefault(req.material, []).extend(req.checks)
        return checks


def unread_fields(doc: ReadDocument, fields: Sequence[FormField]) -> list[str]:
    """The fields the checks need that the document does not show readably: a person's name and
    ID number, a credit code, the validity; on a form, its required fields."""
    if doc.type is DocumentType.FORM:
        needed = [f.name for f in fields if f.required]
    elif doc.type is not None:
        spec = SPECS[doc.type]
        needed = [*spec.name_fields, *spec.id_number_fields, *spec.uscc_fields]
        needed += [spec.valid_until_field] if spec.valid_until_field else []
    else:
        return []
    return [name for name in needed if doc.value(name) is None]


def _illegible(doc: ReadDocument, fields: Sequence[FormField]) -> bool:
    """Too poor to review: the photo has a quality problem AND a field the checks need cannot
    be read, or (a document of no known type: a letter of consent) hardly any text can. A glare
    or some blur on a legible card or letter is no defect."""
    poor = _poor_pages(doc)
    if not poor:
        return False
    if doc.type is None:
        read = len("".join(doc.text.split()))
        if read <= _NO_TEXT and all(problem == GLARE for _page, problem in poor):
            return False  # a glare hides part of a page, never all of it: a picture, not a poor photo
        return read < _LEGIBLE_TEXT
    return bool(unread_fields(doc, fields))


_MARKS = (DefectCode.MISSING_SIGNATURE, DefectCode.MISSING_SEAL)
# Problems over the whole page that can hide a signature's ink (a glare patch hides a part only).
_HIDES_INK = frozenset({DARK, BRIGHT, BLURRY})


def _unseen_marks(material: ChecklistMaterial, doc: ReadDocument, found: list[Defect]) -> list[Defect]:
    """A signature or seal not found on a page too dark, bright or blurred to see ink on is not
    known to be missing: the photo is told as too poor to show it (低质量, naming the place)."""
    poor = {page: problem for page, problem in _poor_pages(doc) if problem in _HIDES_INK}
    out = []
    for defect in found:
        page = defect.page if defect.page is not None else doc.first_page
        if defect.code in _MARKS and page in poor:
            place = "签字处" if defect.code is DefectCode.MISSING_SIGNATURE else "盖章处"
            out.append(Defect(DefectCode.LOW_QUALITY, material.code, defect.file, page,
                              f"{material.name}（{defect.file}）照片质量不合格：{poor[page]}，无法看清{place}", poor[page]))
        else:
            out.append(defect)
    return out


def _poor_pages(doc: ReadDocument) -> list[tuple[int, str]]:
    """The quality problems that can hide what the checks need: on the document's own pages,
    not on an unrecognised page joined to it (a contract's signature page holds none of its
    fields)."""
    if doc.type is None:
        return doc.quality
    return [(p.number, problem) for i, p in enumerate(doc.pages) if i == 0 or p.classification.type is not None
            for problem in p.quality]


# Characters read on a page of no known type that show it legible despite a glare or blur.
_LEGIBLE_TEXT = 40


_OTHER_SIDE = {DocumentType.ID_CARD_FRONT: DocumentType.ID_CARD_BACK, DocumentType.ID_CARD_BACK: DocumentType.ID_CARD_FRONT}
# A material of the person acting for the applicant (受托人身份证件, 代办人身份证).
_AGENT = re.compile(r"受托|代理|代办|经办")


def _applicants(catalog: Catalog, documents: Sequence[ReadDocument]) -> frozenset[str]:
    """The applicants' ID numbers and names the application forms give (a card with the
    applicant's name but another number is still the applicant's: the number is then told as a
    mismatch). An authorisation letter names the agent too: it is left out."""
    found = set()
    for doc in documents:
        material = catalog.material(doc.form.code) if doc.type is DocumentType.FORM and doc.form else None
        if material is None or "委托" in material.name:
            continue
        found |= {n for value in doc.fields.values() if not value.empty for n in find_id_numbers(value.text)}
        found |= {name for label, value in doc.fields.items() if NAME_FIELD.search(label) and (name := name_of(value))}
    return frozenset(found)


def _portrait(doc: ReadDocument) -> bool:
    """A photo of a person: no text on it (OCR may see a character in a face: 丁), and a face
    on a plain backdrop."""
    images = [p.page.image for p in doc.pages if p.page.image is not None]
    return len("".join(doc.text.split())) <= _NO_TEXT and len(images) == 1 and looks_like_portrait(images[0])


_NO_TEXT = 2  # characters: every document this reviews has more


def _seen(doc: ReadDocument, label: str | None) -> Seen:
    written = labelled_values(doc.text) if doc.type is DocumentType.FORM else {}
    written.update({name: value.text for name, value in doc.fields.items() if not value.empty})
    return Seen(doc.file, doc.type, label, doc.form.code if doc.form else None, written)


def _mismatch_defect(mismatch: Mismatch, material: str | None) -> Defect:
    """The contradiction, told on the material of the upload that shows it (a form, a lease)."""
    shows = "填写的是" if mismatch.material else "表明是"
    return Defect(
        DefectCode.SITUATION_MISMATCH,
        material,
        mismatch.file,
        None,
        f"{mismatch.stated_by}中“{mismatch.question_text}”为“{mismatch.stated}”，但上传的材料（{mismatch.file}）{shows}“{mismatch.shown}”",
        "请核对实际情况：修改回答或申请表，或上传与之相符的材料",
    )


def _once(defects: list[Defect]) -> list[Defect]:
    """Each problem told once: a page showing both sides of an ID card is read as two documents
    that share its number, and the notice must not repeat itself."""
    seen: set[tuple[str, str | None, str | None, int | None, str]] = set()
    unique = []
    for defect in defects:
        key = (str(defect.code), defect.material, defect.file, defect.page, defect.message)
        if key not in seen:
            seen.add(key)
            unique.append(defect)
    return unique


def _add(assigned: _Assigned, doc: ReadDocument, uploaded: dict[str, list[str]]) -> None:
    assigned.documents.append(doc)
    files = uploaded.setdefault(assigned.material.code, [])
    if doc.file not in files:
        files.append(doc.file)


# Documents that run over several pages (a contract's clauses, then its signatures).
_MULTI_PAGE = (DocumentType.LEASE_CONTRACT, DocumentType.FORM)


def _continued(doc: ReadDocument, assigned: Iterable[_Assigned]) -> _Assigned | None:
    """The material whose recognised document an unrecognised page continues: the page's text
    has some of that type's cue words (甲方（签字）, 本合同) and nothing of any other type's, and
    exactly one upload of that type was recognised."""
    kind = _cue_type(doc)
    if kind not in _MULTI_PAGE:
        return None
    holders = [a for a in assigned if any(d.type is kind for d in a.documents)]
    return holders[0] if len(holders) == 1 else None


def _cue_type(doc: ReadDocument) -> DocumentType | None:
    """The one document type whose cue words an unrecognised page has (contract words are read
    as "a form" too: the other type wins), else None."""
    if not doc.pages or not doc.text.strip():
        return None
    shares = {t: share for page in doc.pages for t, share in page.classification.shares.items() if share > 0}
    if len(shares) != 1 and set(shares) - {DocumentType.FORM}:
        shares = {t: s for t, s in shares.items() if t is not DocumentType.FORM}
    return next(iter(shares)) if len(shares) == 1 else None


def _join_continuations(documents: list[ReadDocument], wanted: set[DocumentType]) -> list[ReadDocument]:
    """Pages photographed as files of their own (a contract's page 2, with the signatures) join
    the recognised document of the same material instead of counting as unrecognised — when
    their words are that document's (a chat screenshot labelled 户口页 joins nothing)."""
    main = next((d for d in documents if d.type in wanted), None)
    if main is None:
        return documents
    kept = []
    for doc in documents:
        if doc is not main and doc.type is None and doc.text.strip() and _cue_type(doc) is main.type:
            main.pages.extend(doc.pages)
        else:
            kept.append(doc)
    return kept


__all__ = ["Application", "PreReview", "UnknownLabel"]
