"""What the checklist engine returns: the next question, or the citizen's checklist.

Every material carries why it is on the list (the item that needs it and the answers that
added or changed it), so a staff member can audit any line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.checklist.situation import AskedQuestion


@dataclass(frozen=True)
class Trigger:
    """One answer that made a rule apply."""

    question: str  # public question id
    question_text: str
    option: str
    option_text: str

    def as_dict(self) -> dict:
        return {"question": self.question, "question_text": self.question_text, "option": self.option, "option_text": self.option_text}

    @classmethod
    def from_dict(cls, data: dict) -> Trigger:
        return cls(data["question"], data["question_text"], data["option"], data["option_text"])

    def phrase(self) -> str:
        return f"“{self.question_text}”选择了“{self.option_text}”"


@dataclass(frozen=True)
class Reason:
    """Why a material is on the list for one item: its base list, or a rule that added/changed it."""

    item: str  # item code, or the bundle code for a bundle-level rule
    item_name: str
    kind: str  # "base" | "added" | "changed"
    triggers: tuple[Trigger, ...] = ()

    def as_dict(self) -> dict:
        return {"item": self.item, "item_name": self.item_name, "kind": self.kind, "triggers": [t.as_dict() for t in self.triggers]}

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(data["item"], data["item_name"], data["kind"], tuple(Trigger.from_dict(t) for t in data["triggers"]))

    def phrase(self) -> str:
        because = "、".join(t.phrase() for t in self.triggers)
        if self.kind == "base":
            return f"{self.item_name}的基本材料"
        if self.kind == "added":
            return f"{self.item_name}：因{because}而需要"
        return f"{self.item_name}：因{because}调整了要求"


@dataclass
class ChecklistMaterial:
    code: str
    name: str
    required: bool
    original_or_copy: str
    copies: int
    form: str
    source: str
    exempt: bool
    lenient: bool
    promise: bool
    signature: str
    standard: str | None
    notes: str | None
    paper_size: str | None
    blank_form: str | None
    sample_form: str | None
    reasons: list[Reason] = field(default_factory=list)
    for_items: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "；".join(r.phrase() for r in self.reasons)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "required": self.required,
            "original_or_copy": self.original_or_copy,
            "copies": self.copies,
            "form": self.form,
            "source": self.source,
            "exempt": self.exempt,
            "lenient": self.lenient,
            "promise": self.promise,
            "signature": self.signature,
            "standard": self.standard,
            "notes": self.notes,
            "paper_size": self.paper_size,
            "blank_form": self.blank_form,
            "sample_form": self.sample_form,
            "reason": self.reason,
            "reasons": [r.as_dict() for r in self.reasons],
            "for_items": list(self.for_items),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ChecklistMaterial:
        fields = {k: v for k, v in data.items() if k not in ("reason", "reasons")}
        return cls(**fields, reasons=[Reason.from_dict(r) for r in data["reasons"]])


@dataclass(frozen=True)
class Note:
    """A rule's note for this situation (e.g. 超过一个月申报的需说明逾期原因)."""

    item: str
    item_name: str
    text: str
    triggers: tuple[Trigger, ...] = ()

    def as_dict(self) -> dict:
        return {"item": self.item, "item_name": self.item_name, "text": self.text, "triggers": [t.as_dict() for t in self.triggers]}

    @classmethod
    def from_dict(cls, data: dict) -> Note:
        return cls(data["item"], data["item_name"], data["text"], tuple(Trigger.from_dict(t) for t in data["triggers"]))


@dataclass
class Checklist:
    target: dict  # {"code", "name", "kind"}
    answers: list[dict]  # [{"question", "question_text", "options": [...], "option_texts": [...]}]
    eligible: bool
    ineligible_reasons: list[str]
    items: list[dict]  # [{"code", "name", "note"}] — the items that apply
    skipped_items: list[dict]  # [{"code", "name", "reason"}] — members the situation excludes
    materials: list[ChecklistMaterial]
    notes: list[Note]
    visits: int
    time_limit: dict | None
    fees: dict
    places: list[dict]
    online: dict
    ignored_answers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "target": self.target,
            "answers": self.answers,
            "eligible": self.eligible,
            "ineligible_reasons": self.ineligible_reasons,
            "items": self.items,
            "skipped_items": self.skipped_items,
            "materials": [m.as_dict() for m in self.materials],
            "notes": [n.as_dict() for n in self.notes],
            "visits": self.visits,
            "time_limit": self.time_limit,
            "fees": self.fees,
            "places": self.places,
            "online": self.online,
            "ignored_answers": self.ignored_answers,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Checklist:
        """The checklist as saved (a stored snapshot), for rendering it again."""
        fields = {k: v for k, v in data.items() if k not in ("materials", "notes")}
        return cls(
            **fields,
            materials=[ChecklistMaterial.from_dict(m) for m in data["materials"]],
            notes=[Note.from_dict(n) for n in data["notes"]],
        )


@dataclass
class Step:
    """One turn of the engine: the next question to ask, or the finished checklist."""

    target: dict
    answered: int
    next_question: AskedQuestion | None = None
    checklist: Checklist | None = None
    ignored_answers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        if self.next_question is not None:
            return {
                "next_question": self.next_question.as_dict(),
                "target": self.target,
                "answered": self.answered,
                "ignored_answers": self.ignored_answers,
            }
        assert self.checklist is not None
        return {"checklist": self.checklist.as_dict()}
