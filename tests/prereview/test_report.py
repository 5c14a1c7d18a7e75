"""Statuses, verdict and the 一次性告知 notice."""

from datetime import date

from knowledge.checklist.model import ChecklistMaterial
from prereview.model import Defect, DefectCode
from prereview.report import Report, Status, material_statuses
from tests.prereview.numbers import id_number


def material(code: str, name: str, *, required: bool = True, exempt: bool = False, lenient: bool = False, promise: bool = False) -> ChecklistMaterial:
    return ChecklistMaterial(code, name, required, "原件", 1, "纸质", "申请人自备", exempt, lenient, promise, "无", None, None, None, None, None)


MATERIALS = [
    material("A", "申请书"),
    material("B", "居民身份证"),
    material("C", "营业执照", exempt=True),
    material("D", "场地证明", lenient=True),
    material("E", "健康证明", promise=True),
    material("F", "委托书", required=False),
    material("G", "租赁合同"),
    material("H", "照片"),
]


def report(defects: list[Defect], uploaded: dict[str, list[str]] | None = None) -> Report:
    uploaded = uploaded or {"A": ["a.jpg"], "B": ["b.jpg"], "H": ["h.jpg"]}
    return Report({"code": "X", "name": "某事项", "kind": "item"}, material_statuses(MATERIALS, uploaded, defects), defects, date(2026, 12, 4), 5)


def test_statuses_and_verdict() -> None:
    number = id_number(valid=False)
    defects = [
        Defect(DefectCode.ID_NUMBER_INVALID, "B", "b.jpg", 1, f"号码 {number} 校验位不正确", "请核对"),
        Defect(DefectCode.MISSING_MATERIAL, "D", None, None, "未上传场地证明（可容缺受理）", ""),
        Defect(DefectCode.MISSING_MATERIAL, "E", None, None, "未上传健康证明（可签署告知承诺书代替）", ""),
        Defect(DefectCode.MISSING_MATERIAL, "G", None, None, "缺少租赁合同", ""),
        Defect(DefectCode.UNRECOGNIZED_DOCUMENT, "H", "h.jpg", 1, "无法识别", ""),
    ]
    r = report(defects)
    statuses = {m.code: m.status for m in r.materials}
    assert statuses == {
        "A": Status.PASSED, "B": Status.FAILED, "C": Status.EXEMPT, "D": Status.LENIENT,
        "E": Status.PROMISE, "F": Status.OPTIONAL, "G": Status.MISSING, "H": Status.UNRECOGNIZED,
    }
    assert r.verdict == "fail"
    notice = r.notice()
    assert number not in notice and number[:4] + "*" * 10 + number[-4:] in notice
    assert "3个问题" in notice  # the invalid number, the missing lease, the unrecognised photo
    assert "场地证明：可容缺受理" in notice and "5个工作日内补交" in notice
    assert "健康证明：可签署告知承诺书" in notice
    assert "已通过预审：申请书" in notice
    assert "免于提交" in notice and "营业执照" in notice


def test_only_deferrable_gaps_pass() -> None:
    everything = {code: [f"{code}.jpg"] for code in "ABGH"}
    r = report([Defect(DefectCode.MISSING_MATERIAL, "D", None, None, "未上传场地证明（可容缺受理）", "")], everything)
    assert r.verdict == "pass"
    assert "未发现问题" in r.notice()
    data = r.as_dict()
    assert data["verdict"] == "pass" and data["defects"][0]["material"] == "场地证明"
    assert {m["material"]: m["status"] for m in data["materials"]}["场地证明"] == "容缺可后补"
