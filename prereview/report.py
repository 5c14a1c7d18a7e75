"""The pre-review report: per-material status, every defect, the verdict, the 一次性告知 notice.

行政许可法 第32条 requires telling every missing or defective material at once; the notice
lists all of them with what to do, which missing materials can be accepted 容缺 on a signed
promise and by when, and which passed. Personal numbers are masked throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from knowledge.checklist.model import ChecklistMaterial
from nlu.personal import mask_id_numbers
from prereview.model import Defect, DefectCode


class Status(StrEnum):
    PASSED = "通过"
    FAILED = "不通过"
    MISSING = "缺失"
    UNRECOGNIZED = "无法识别"
    LENIENT = "容缺可后补"
    PROMISE = "可告知承诺"
    EXEMPT = "免提交"
    OPTIONAL = "非必需未提交"
    CONDITIONAL = "视情形而定"  # needed only under an answer the citizen has not given yet


_NUMERALS = "一二三四五六七八九十"


@dataclass
class MaterialResult:
    code: str
    name: str
    status: Status
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"material": self.name, "code": self.code, "status": str(self.status), "files": self.files}


@dataclass
class Report:
    """Everything the citizen and the clerk need from one pre-review."""

    target: dict[str, str]
    materials: list[MaterialResult]
    defects: list[Defect]
    reviewed_on: date
    lenient_days: int = 5
    unassigned: list[str] = field(default_factory=list)
    # 情形 answers read from the uploads (prereview.situation), questions they leave open with
    # what each answer would add, uploads this situation does not need, notes on labels.
    inferred_answers: list[dict] = field(default_factory=list)
    open_questions: list[dict] = field(default_factory=list)
    not_needed: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """pass when nothing must be fixed before the visit (容缺/承诺 materials may follow)."""
        blocking = [d for d in self.defects if not self._deferrable(d)]
        unsettled = [m for m in self.materials if m.status in (Status.FAILED, Status.MISSING, Status.UNRECOGNIZED)]
        return "fail" if blocking or unsettled else "pass"

    def _deferrable(self, defect: Defect) -> bool:
        if defect.code is not DefectCode.MISSING_MATERIAL:
            return False
        status = next((m.status for m in self.materials if m.code == defect.material), None)
        return status in (Status.LENIENT, Status.PROMISE)

    def as_dict(self) -> dict[str, Any]:
        names = {m.code: m.name for m in self.materials}
        return {
            "target": self.target,
            "verdict": self.verdict,
            "defects": [{**d.as_dict(), "material": names.get(d.material or "", d.material), "material_code": d.material} for d in self.defects],
            "materials": [m.as_dict() for m in self.materials],
            "notice": self.notice(),
            "reviewed_on": self.reviewed_on.isoformat(),
            "inferred_answers": self.inferred_answers,
            "open_questions": self.open_questions,
            "not_needed": self.not_needed,
            "notes": self.notes,
        }

    def notice(self) -> str:
        """The 一次性告知 text: every problem at once, what to do, what may follow later."""
        name = self.target.get("name", "")
        lines = ["一次性告知单（材料预审）", f"事项：{name}", f"预审日期：{self.reviewed_on:%Y年%m月%d日}", ""]
        blocking = [d for d in self.defects if not self._deferrable(d)]
        by_material: dict[str | None, list[Defect]] = {}
        for d in blocking:
            by_material.setdefault(d.material, []).append(d)
        names = {m.code: m.name for m in self.materials}
        if blocking:
            lines.append(f"经预审，您的材料有以下{len(blocking)}个问题，请全部补正后再提交或到窗口办理：")
            for i, (code, defects) in enumerate(by_material.items()):
                label = names.get(code or "", "未能对应到材料的文件")
                number = _NUMERALS[i] if i < len(_NUMERALS) else str(i + 1)
                lines.append(f"{number}、{label}")
                for d in defects:
                    where = f"（文件 {d.file}" + (f" 第{d.page}页" if d.page else "") + "）" if d.file else ""
                    fix = f" {d.fix}。" if d.fix and d.fix not in d.message else ""
                    lines.append(f"  · {d.message}{where}。{fix}".replace("。。", "。"))
        else:
            lines.append("经预审，您上传的材料未发现问题，可以提交或携带原件到窗口办理。")
        deferred = [m for m in self.materials if m.status in (Status.LENIENT, Status.PROMISE)]
        if deferred:
            lines.append("")
            lines.append("以下材料暂缺但可先受理：")
            for m in deferred:
                if m.status is Status.LENIENT:
                    lines.append(f"  · {m.name}：可容缺受理，需签署容缺受理承诺书，并在受理后{self.lenient_days}个工作日内补交。")
                else:
                    lines.append(f"  · {m.name}：可签署告知承诺书代替该证明。")
        passed = [m.name for m in self.materials if m.status is Status.PASSED]
        if passed:
            lines.append("")
            lines.append("已通过预审：" + "、".join(passed))
        exempt = [m.name for m in self.materials if m.status is Status.EXEMPT]
        if exempt:
            lines.append("免于提交（由部门通过电子证照调取）：" + "、".join(exempt))
        if self.not_needed:
            lines.append("以下文件本情形不需要：" + "、".join(f"{n['file']}（{n['document']}）" for n in self.not_needed))
        lines.append("")
        for row in self.inferred_answers:
            lines.append(f"根据{row['reason']}，按“{row['question_text']}：{row['option_text']}”预审。")
        if self.open_questions:
            lines.append("以下情形您未说明，上传的材料也无法判断，请补充说明（不同情况所需材料不同）：")
            for q in self.open_questions:
                adds = "；".join(
                    f"{option}：还需{'、'.join(names)}" if names else f"{option}：无需其他材料" for option, names in q["adds"].items()
                )
                lines.append(f"  · {q['question_text']}（{adds}）")
        lines.extend(self.notes)
        lines.append("本告知为系统预审结果，最终以窗口审核为准；证件号码已部分隐去。")
        return mask_id_numbers("\n".join(lines))


def material_statuses(
    materials: list[ChecklistMaterial], assigned: dict[str, list[str]], defects: list[Defect], conditional: set[str] | None = None
) -> list[MaterialResult]:
    """The status of each checklist material from what was uploaded and what was found;
    `conditional` materials are needed only under an answer the citizen has not given."""
    out = []
    for m in materials:
        files = assigned.get(m.code, [])
        codes = {d.code for d in defects if d.material == m.code}
        if m.exempt and not files:
            status = Status.EXEMPT
        elif files and codes == {DefectCode.UNRECOGNIZED_DOCUMENT}:
            status = Status.UNRECOGNIZED
        elif files and codes:
            status = Status.FAILED
        elif files:
            status = Status.PASSED
        elif conditional and m.code in conditional:
            status = Status.CONDITIONAL
        elif not m.required:
            status = Status.OPTIONAL
        elif m.lenient:
            status = Status.LENIENT
        elif m.promise:
            status = Status.PROMISE
        else:
            status = Status.MISSING
        out.append(MaterialResult(m.code, m.name, status, files))
    return out
