"""How well pre-review finds defects: recall per defect code and false alarms on clean cases.

Runs the real pipeline (OCR included) over a folder of generated cases (`python -m
tools.prereview_synthetic OUT`, the development set; `python -m tools.prereview_independent OUT`,
the independent set written without reading the reviewer, halves `--split tune|report`): each case is an item, its 情形 answers, the files with their labels,
and the defects deliberately put in (none for clean cases). A defect counts as found when the
report has the same code for the same material (or, for a defect of no material, the same file).
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.schema import Catalog
from prereview.model import Upload
from prereview.review import Application, PreReview


@dataclass
class CaseResult:
    id: str
    expected: list[dict[str, Any]]
    reported: list[dict[str, Any]]
    seconds: float
    refused: str = ""  # why no report was made (counts as a miss for every seeded defect)

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

    def refusals(self) -> list[str]:
        return [f"{c.id}: {c.refused}" for c in self.cases if c.refused]

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
            "refused": self.refusals(),
            "extra_codes": dict(self.extra_codes()),
            "seconds_per_case": round(sum(seconds) / len(seconds), 2) if seconds else None,
        }

    def table(self) -> str:
        lines = ["| defect code | found / expected | recall | 95 % interval |", "|---|---|---|---|"]
        for code, (found, total) in self.recall().items():
            low, high = wilson(found, total)
            lines.append(f"| `{code}` | {found} / {total} | {found / total:.3f} | {low:.2f}–{high:.2f} |")
        alarms, clean = self.false_alarms()
        if clean:
            low, high = wilson(alarms, clean)
            lines.append(f"| clean cases with a false alarm | {alarms} / {clean} | {alarms / clean:.3f} | {low:.2f}–{high:.2f} |")
        refused = len(self.refusals())
        lines.append(f"| applications without a report | {refused} / {len(self.cases)} | | |")
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


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default): honest at small counts and at 0 or 1."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def evaluate(
    folder: Path,
    catalog: Catalog,
    progress: Callable[[str], None] | None = None,
    only: Callable[[dict[str, Any]], bool] | None = None,
) -> Evaluation:
    """Review every case of a generated folder (manifest.json) and score it.

    The review runs as of the manifest's `today` and with its 电子证照 list, so validity dates
    and exempt materials mean what the generator meant.
    """
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    today = date.fromisoformat(manifest["today"]) if manifest.get("today") else date.today()
    review = PreReview(catalog, e_licenses=manifest.get("e_licenses"), today=lambda: today)
    review.warm_up()
    result = Evaluation()
    for case in manifest["cases"]:
        if only is not None and not only(case):
            continue
        uploads = [Upload(Path(f["path"]).name, (folder / f["path"]).read_bytes(), f.get("label")) for f in case["files"]]
        started = time.perf_counter()
        target = case["target"]["code"] if isinstance(case["target"], dict) else case["target"]
        refused = ""
        try:
            reported = review.run(Application(target, uploads, case.get("answers") or {})).as_dict()["defects"]
        except Exception as exc:  # a refused review is what is measured, not a crash of the evaluation
            reported, refused = [], f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        expected = [{**e, "file": Path(e["file"]).name if e.get("file") else None} for e in case.get("expected") or []]
        result.cases.append(CaseResult(str(case["id"]), expected, reported, seconds, refused))
        if progress is not None:
            progress(f"{case['id']}: expected {[e['code'] for e in expected]}, reported {[d['code'] for d in reported]}, {seconds:.1f} s")
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m prereview.evaluation FOLDER`: score a generated folder, print the table."""
    import argparse
    from collections import Counter as Tally

    from knowledge.files import read_catalog

    parser = argparse.ArgumentParser(description="Recall per defect code and false alarms on generated cases")
    parser.add_argument("folder", type=Path, help="a folder written by `python -m tools.prereview_synthetic`")
    parser.add_argument("--knowledge", type=Path, default=Path(__file__).resolve().parents[1] / "knowledge" / "sample")
    parser.add_argument("--per-code", type=int, default=0, help="only the first N cases of each defect code (and N clean ones)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every missed defect and false alarm")
    parser.add_argument("--progress", action="store_true", help="print a line per case to stderr as it is reviewed")
    parser.add_argument("--split", choices=["tune", "report"], help="only the cases of this half (an independent set's `split`)")
    args = parser.parse_args(argv)
    if not (args.folder / "manifest.json").is_file():
        parser.error(f"{args.folder}/manifest.json not found: generate the cases first (python -m tools.prereview_synthetic {args.folder})")
    taken: Tally[str] = Tally()

    def only(case: dict[str, Any]) -> bool:
        if args.split and case.get("split") != args.split:
            return False
        key = case.get("defect") or "clean"
        taken[key] += 1
        return not args.per_code or taken[key] <= args.per_code

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    result = evaluate(args.folder, read_catalog(args.knowledge).catalog, progress=log if args.progress else None, only=only)
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if args.json else result.table())
    if args.misses:
        print("\n".join(result.misses() + [f"{line} (no report)" for line in result.refusals()]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
