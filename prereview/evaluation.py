"""How well pre-review finds defects: recall per defect code and false alarms on clean cases.

Runs the real pipeline (OCR included) over a folder of generated cases (`python -m
prereview.synthetic OUT`): each case is an item, its 情形 answers, the files with their labels,
and the defects deliberately put in (none for clean cases). A defect counts as found when the
report has the same code for the same material (or, for a defect of no material, the same file).
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prereview.model import Upload
from prereview.review import Application, PreReview


@dataclass
class CaseResult:
    id: str
    expected: list[dict[str, Any]]
    reported: list[dict[str, Any]]
    seconds: float

    @property
    def clean(self) -> bool:
        return not self.expected

    def found(self, wanted: dict[str, Any]) -> bool:
        return any(_matches(wanted, got) for got in self.reported)

    def extra(self) -> list[dict[str, Any]]:
        """Reported defects nobody put there (false alarms)."""
        return [got for got in self.reported if not any(_matches(wanted, got) for wanted in self.expected)]


def _matches(wanted: dict[str, Any], got: dict[str, Any]) -> bool:
    if wanted["code"] != got["code"]:
        return False
    if wanted.get("material"):
        return wanted["material"] == got.get("material_code")
    return not wanted.get("file") or wanted["file"] == got.get("file")


@dataclass
class Evaluation:
    cases: list[CaseResult] = field(default_factory=list)

    def recall(self) -> dict[str, tuple[int, int]]:
        """code → (found, expected)."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for case in self.cases:
            for wanted in case.expected:
                counts[wanted["code"]][1] += 1
                counts[wanted["code"]][0] += case.found(wanted)
        return {code: (found, total) for code, (found, total) in sorted(counts.items())}

    def false_alarms(self) -> tuple[int, int]:
        """(clean cases with any defect reported, clean cases)."""
        clean = [c for c in self.cases if c.clean]
        return sum(1 for c in clean if c.reported), len(clean)

    def extra_codes(self) -> Counter[str]:
        """Codes reported that were not put in, over all cases."""
        return Counter(got["code"] for case in self.cases for got in case.extra())

    def as_dict(self) -> dict[str, Any]:
        alarms, clean = self.false_alarms()
        seconds = [c.seconds for c in self.cases]
        return {
            "cases": len(self.cases),
            "recall": {code: {"found": f, "expected": t, "recall": round(f / t, 3) if t else None} for code, (f, t) in self.recall().items()},
            "false_alarms": {"cases": alarms, "clean": clean, "rate": round(alarms / clean, 3) if clean else None},
            "extra_codes": dict(self.extra_codes()),
            "seconds_per_case": round(sum(seconds) / len(seconds), 2) if seconds else None,
        }

    def table(self) -> str:
        lines = ["| defect code | found / expected | recall |", "|---|---|---|"]
        for code, (found, total) in self.recall().items():
            lines.append(f"| `{code}` | {found} / {total} | {found / total:.3f} |")
        alarms, clean = self.false_alarms()
        if clean:
            lines.append(f"| clean cases with a false alarm | {alarms} / {clean} | {alarms / clean:.3f} |")
        return "\n".join(lines)

    def misses(self) -> list[str]:
        out = []
        for case in self.cases:
            for wanted in case.expected:
                if not case.found(wanted):
                    got = ", ".join(f"{g['code']}({g.get('material_code')})" for g in case.reported) or "nothing"
                    out.append(f"{case.id}: missed {wanted['code']}({wanted.get('material')}) — reported {got}")
            for extra in case.extra():
                out.append(f"{case.id}: false alarm {extra['code']}({extra.get('material_code')}) {extra['message']}")
        return out


def evaluate(folder: Path, review: PreReview, progress: Callable[[str], None] | None = None) -> Evaluation:
    """Review every case of a generated folder (manifest.json) and score it."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cases = manifest["cases"] if isinstance(manifest, dict) else manifest
    result = Evaluation()
    for case in cases:
        uploads = [Upload(Path(f["path"]).name, (folder / f["path"]).read_bytes(), f.get("label")) for f in case["files"]]
        started = time.perf_counter()
        report = review.run(Application(case["item"], uploads, case.get("answers") or {}))
        seconds = time.perf_counter() - started
        reported = report.as_dict()["defects"]
        result.cases.append(CaseResult(str(case["id"]), list(case.get("expected") or []), reported, seconds))
        if progress is not None:
            progress(f"{case['id']}: {len(reported)} defect(s), {seconds:.1f} s")
    return result
