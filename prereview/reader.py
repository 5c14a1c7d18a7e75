"""From decoded pages to documents: OCR when needed, classify each page, read its fields.

A file may hold one document over several pages (a contract), several documents (the two
sides of an ID card on two pages, or on one scan), or nothing recognisable. Pages the
classifier cannot place continue the document before them (contract page 3 has no cue words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from knowledge.schema import DocumentType, FormField
from prereview.classify import Classification, FormTitle, classify
from prereview.documents import GENERIC_LABELS, ID_LABELS, SPECS
from prereview.extract import (
    USCC_FIELD,
    FieldValue,
    bare_usccs,
    is_party_header,
    read_occurrences,
    read_party_table,
)
from prereview.layout import Row, page_text, rows
from prereview.model import Page, TextLine
from prereview.ocr import Ocr


@dataclass
class ReadPage:
    """A page with its text lines (OCR'd or from the file), rows and classification."""

    page: Page
    lines: list[TextLine]
    rows: list[Row]
    classification: Classification
    rotation: int = 0
    quality: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def text(self) -> str:
        return page_text(self.lines)


@dataclass
class ReadDocument:
    """One document found in a file: its type (None: not recognised), pages and fields."""

    file: str
    type: DocumentType | None
    pages: list[ReadPage]
    fields: dict[str, FieldValue] = field(default_factory=dict)
    form: FormTitle | None = None
    occurrences: list[FieldValue] = field(default_factory=list)  # every labelled value, in order

    @property
    def first_page(self) -> int:
        return self.pages[0].number if self.pages else 1

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def quality(self) -> list[tuple[int, str]]:
        return [(p.number, problem) for p in self.pages for problem in p.quality]

    def value(self, name: str) -> FieldValue | None:
        found = self.fields.get(name)
        return found if found is not None and not found.empty else None


def read_page(page: Page, ocr: Ocr, forms: Sequence[FormTitle], quality: list[str]) -> ReadPage:
    """OCR the page unless its text is already known, then classify it."""
    lines, rotation = page.lines, 0
    if not lines and page.image is not None:
        result = ocr.read(page.image)
        lines, rotation = result.lines, result.rotation
        if rotation:
            page.image = page.image.rotate(rotation, expand=True)
    grouped = rows(lines)
    return ReadPage(page, lines, grouped, classify(page_text(lines), forms), rotation, quality)


def group_documents(file: str, pages: list[ReadPage]) -> list[ReadDocument]:
    """Split a file's pages into documents by type; unrecognised pages continue the last one."""
    documents: list[ReadDocument] = []
    for page in pages:
        kind = page.classification.type
        current = documents[-1] if documents else None
        if kind is None and current is not None:
            current.pages.append(page)
            continue
        if current is not None and kind == current.type and kind not in (DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK):
            current.pages.append(page)
            continue
        documents.append(ReadDocument(file, kind, [page], form=page.classification.form))
        for extra in page.classification.also:
            documents.append(ReadDocument(file, extra, [page]))
    return documents or [ReadDocument(file, None, [])]


_CARD_SIDES = (DocumentType.ID_CARD_FRONT, DocumentType.ID_CARD_BACK)


def labels_for(doc_type: DocumentType | None, form_fields: Sequence[FormField] = ()) -> dict[str, str]:
    """Printed label → field name for a document type (a form adds its own fields)."""
    labels: dict[str, str] = {name: name for name in GENERIC_LABELS}
    if doc_type is not None:
        labels.update({name: name for name in SPECS[doc_type].fields})
        labels.update({name: name for name in SPECS[doc_type].name_fields})
        labels.update({name: name for name in ID_LABELS})
    if doc_type in _CARD_SIDES:
        # A copy shows both sides side by side: the other side's labels end this side's values
        # (公民身份号码 | 有效期限 2011.02.24-… on one line is no 20-character number).
        for side in _CARD_SIDES:
            labels.update({name: name for name in SPECS[side].fields if name not in labels})
    if doc_type is DocumentType.BUSINESS_LICENSE:
        # Printed next to the fields we read; known so that values stop at them.
        labels.update({name: name for name in ("注册资本", "组成形式", "统一社会信用代码")})
    for form_field in form_fields:
        labels[form_field.name] = form_field.name
        labels.update({alias: form_field.name for alias in form_field.aliases})
    return labels


def extract(document: ReadDocument, form_fields: Sequence[FormField] = ()) -> None:
    """Fill the document's fields from its pages (first page that has a field wins)."""
    labels = labels_for(document.type, form_fields)
    if not labels:
        return
    names = [f.name for f in form_fields]
    for page in document.pages:
        parties = read_party_table(page.rows, page.number, names) if document.type is DocumentType.FORM and names else []
        # A party table's row read as one label's value (姓名 林某 魏某) says nothing the
        # parties' own fields do not: it would pair one party's name with the other's number.
        covered = {value.label_box for value in parties}
        # The parties' column heads (权利人 | 义务人) are no blank 权利人姓名.
        heads = [row.box for row in page.rows if names and is_party_header(row, names)]
        occurrences = [value for value in read_occurrences(page.rows, page.number, labels)
                       if value.label_box not in covered and not (value.empty and any(head.contains(value.label_box) for head in heads))]
        if not any(USCC_FIELD in value.name for value in occurrences):
            occurrences += bare_usccs(page.rows, page.number)
        document.occurrences.extend(occurrences)
        for value in occurrences:
            current = document.fields.get(value.name)
            if current is None or (current.empty and not value.empty and current.page != value.page):
                document.fields[value.name] = value
        for value in parties:
            current = document.fields.get(value.name)
            if current is None or current.empty:
                document.fields[value.name] = value
                document.occurrences.append(value)
        for value in _party_numbers(document.type, occurrences):
            if value.name not in document.fields or document.fields[value.name].empty:
                document.fields[value.name] = value


def _party_numbers(doc_type: DocumentType | None, occurrences: Sequence[FieldValue]) -> list[FieldValue]:
    """出租方（甲方）：某云峰  证件号码：…: a bare number label right after a party's name on
    its line is that party's (出租方证件号码)."""
    if doc_type is None:
        return []
    spec = SPECS[doc_type]
    owners = {n: f for n in spec.name_fields if (f := next((f for f in spec.id_number_fields if f.startswith(n)), None))}
    found = []
    for before, value in zip(occurrences, occurrences[1:], strict=False):
        owner = owners.get(before.name)
        on_line = abs(before.label_box.center_y - value.label_box.center_y) < max(before.label_box.height, 1.0)
        if owner and value.name in ID_LABELS and before.page == value.page and on_line:
            found.append(replace(value, name=owner))
    return found
