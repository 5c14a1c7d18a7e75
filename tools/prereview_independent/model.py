"""The plan of one application: its documents (what is drawn on them and how they are captured),
the 情形 answers, the seeded defects and the expected findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.prereview_independent.people import Business, Person

# document kinds pre-review can read (a label may be left out for them) and the others
READABLE = {"id_card", "business_license", "lease", "property_cert", "hukou", "marriage_cert", "form"}


@dataclass
class Doc:
    role: str  # unique in the case: id:applicant, form, lease, licence, property, hukou:male, photo…
    material: str  # the material code it serves as
    kind: str  # id_card business_license lease property_cert hukou marriage_cert form text photo plan design picture badfile
    data: dict = field(default_factory=dict)
    spec: dict = field(default_factory=dict)  # forms: title, labels, signers, statement…; others: what to draw
    layout: str = ""
    medium: str = "image"  # image, pages (one file per page), pdf_scan, pdf_text, docx, bytes
    capture: str = "digital"  # digital, scan, photo, glare
    hand: bool = False
    degrade: str | None = None  # low quality: blur, tiny, dark, motion, glare:<field>
    label_policy: str = "any"  # any | identify (the label must say which material) | fixed
    label: str | None = None
    labels: list[str | None] = field(default_factory=list)  # one per file, when the doc has several files
    files: list[str] = field(default_factory=list)
    person: str | None = None
    extra: bool = False  # not needed in this situation
    notes: list[str] = field(default_factory=list)


@dataclass
class Expected:
    code: str
    material: str | None
    role: str | None  # the document the finding is about (resolved to its file), or None
    side: str = "main"  # for a document with several files: front/back/page1/all


@dataclass
class App:
    item: str
    truth: dict[str, str | list[str]]
    docs: list[Doc]
    people: dict[str, Person] = field(default_factory=dict)
    business: Business | None = None
    must_answer: set[str] = field(default_factory=set)
    never_answer: set[str] = field(default_factory=set)
    given: dict[str, str | list[str]] | None = None  # set when a defect fixes the answers
    expected: list[Expected] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    variant: dict = field(default_factory=dict)

    def doc(self, role: str) -> Doc | None:
        return next((d for d in self.docs if d.role == role), None)

    def by_material(self, material: str) -> list[Doc]:
        return [d for d in self.docs if d.material == material]
