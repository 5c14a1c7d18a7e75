"""Plan the applications (items, situations, defects, answers, splits) and write them out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tools.prereview_independent import applications, catalog, defects, labels, render
from tools.prereview_independent.model import READABLE, App, Doc
from tools.prereview_independent.people import TODAY, make_person

CLEAN_SHARE = 0.3


@dataclass
class Case:
    id: str
    main: str  # the main seeded code or "clean"
    split: str = ""
    app: App | None = None
    answers: dict = field(default_factory=dict)
    swap: bool = False
    extra_doc: bool = False
    answer_policy: str = ""


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def case_rng(seed: int, case_id: str, purpose: str) -> random.Random:
    return random.Random(int(_hash(f"{seed}/{case_id}/{purpose}")[:16], 16))


def assign_splits(cases: list[Case]) -> None:
    """Within each main code, order the cases by a hash of their id and alternate the splits;
    groups of odd size start with the split that has had fewer so far."""
    totals = {"tune": 0, "report": 0}
    groups: dict[str, list[Case]] = {}
    for c in cases:
        groups.setdefault(c.main, []).append(c)
    for main in sorted(groups):
        first = "tune" if totals["tune"] <= totals["report"] else "report"
        second = "report" if first == "tune" else "tune"
        for k, c in enumerate(sorted(groups[main], key=lambda c: _hash(c.id))):
            c.split = first if k % 2 == 0 else second
            totals[c.split] += 1


def _present_all(app: App, rng: random.Random) -> None:
    for d in app.docs:
        if not d.layout and not d.medium.startswith("bytes"):
            render.present(d, rng)


def _extra_doc(app: App, rng: random.Random) -> bool:
    """One document the situation does not need (an extra is not a defect)."""
    from tools.prereview_independent.applications import hukou_doc, id_doc

    p = app.people.get("applicant") or app.people.get("buyer")
    if p is None:
        return False
    have = {d.material for d in app.docs}
    if "M-ID-CARD" not in have:
        d = id_doc(p, "id:applicant")
    elif "M-HUKOU" not in have:
        d = hukou_doc(rng, p, "hukou:" + ("applicant" if "applicant" in app.people else "buyer"), "户主")
    elif app.item == "000105003000":
        from tools.prereview_independent.applications import text_doc

        d = text_doc("photo", "M-PHOTO", "photo", {})
    else:
        return False
    d.extra = True
    render.present(d, rng)
    app.docs.append(d)
    app.notes.append(f"extra document not needed here: {d.material}")
    return True


def _given(app: App, rng: random.Random) -> tuple[dict, str]:
    qs = catalog.questions(app.item)
    r = rng.random()
    truth = app.truth
    if r < 0.38:
        chosen: set[str] = set()
        policy = "no answers"
    elif r < 0.75:
        chosen = {q for q in truth if rng.random() < 0.5}
        policy = "some answers"
    else:
        chosen = set(truth)
        policy = "all answers"
    chosen |= app.must_answer
    chosen -= app.never_answer
    changed = True
    while changed:  # a question shown only after another: answer that one too
        changed = False
        for q in list(chosen):
            for pre in (qs.get(q, {}).get("show_if") or {}):
                if pre not in chosen and pre not in app.never_answer:
                    chosen.add(pre)
                    changed = True
    given = {q: truth[q] for q in qs if q in chosen and q in truth}
    given.update(app.given or {})
    if given and policy == "no answers":
        policy = "only the answers the defect needs"
    return given, policy


def plan(seed: int, count: int) -> list[Case]:
    rng = random.Random(seed)
    n_clean = round(count * CLEAN_SHARE)
    codes = list(defects.CODES)
    rng.shuffle(codes)
    mains = ["clean"] * n_clean + [codes[i % len(codes)] for i in range(count - n_clean)]
    rng.shuffle(mains)
    cases = [Case(f"ind-{seed}-{i + 1:03d}", m) for i, m in enumerate(mains)]
    assign_splits(cases)
    for c in cases:
        _draw(seed, c, c.main)
        if c.main == "clean":
            assert c.app is not None
            c.extra_doc = case_rng(seed, c.id, "extra").random() < 0.25 and _extra_doc(c.app, case_rng(seed, c.id, "extra-doc"))
    _fill_secondaries(seed, cases, target=count // 20)
    for c in cases:
        assert c.app is not None
        crng = case_rng(seed, c.id, "answers")
        for d in c.app.docs:
            if not d.layout and d.kind not in ("badfile",):
                render.present(d, crng)
        if c.main == "clean":
            bad = applications.missing_required(c.app)
            assert not bad, (c.id, bad)
        c.swap = crng.random() < (0.2 if c.main == "clean" else 0.08)
        c.answers, c.answer_policy = _given(c.app, crng)
    return cases


# the codes that fit fewest applications are added first
FILL_ORDER = ["situation_mismatch", "missing_material", "uscc_invalid", "id_number_mismatch", "name_mismatch",
              "document_expired", "id_number_invalid", "missing_signature", "blank_required_field", "low_quality",
              "unrecognized_document", "wrong_file_type"]


def _fill_secondaries(seed: int, cases: list[Case], target: int) -> None:
    """Add second (rarely third) defects until every code occurs in `target` cases of each split;
    if no application takes one more, a case of the most frequent main code is drawn again with it."""
    if target <= 0:
        return
    for split in ("tune", "report"):
        pool = [c for c in cases if c.split == split and c.main != "clean"]
        for code in FILL_ORDER:
            have = sum(1 for c in pool if c.app and code in c.app.defects)
            order = sorted(pool, key=lambda c: (len(c.app.defects) if c.app else 9, _hash(f"{seed}/{c.id}/{code}")))
            for c in order:
                if have >= target:
                    break
                app = c.app
                assert app is not None
                if code in app.defects or len(app.defects) >= 3:
                    continue
                snapshot = _snapshot(app)
                if defects.SEEDERS[code](app, case_rng(seed, c.id, f"second/{code}")):
                    app.defects.append(code)
                    have += 1
                else:
                    _restore(app, snapshot)
            while have < target:
                mains: dict[str, int] = {}
                for c in pool:
                    mains[c.main] = mains.get(c.main, 0) + 1
                donor_code = max(sorted(mains), key=lambda m: mains[m])
                donor = next(c for c in sorted(pool, key=lambda c: _hash(c.id)) if c.main == donor_code)
                _draw(seed, donor, code, "again")
                have = sum(1 for c in pool if c.app and code in c.app.defects)


def _draw(seed: int, c: Case, main: str, purpose: str = "plan") -> None:
    """Build the case's application for its main code (cycling through the items that fit)."""
    crng = case_rng(seed, c.id, purpose)
    pool = list(applications.ITEMS) if main == "clean" else defects.ITEMS_FOR[main]
    start = crng.randrange(len(pool))
    for attempt in range(24):
        item = pool[(start + attempt) % len(pool)]
        app = applications.BUILDERS[item](crng, {})
        _present_all(app, crng)
        if main == "clean" or defects.SEEDERS[main](app, crng):
            break
    else:
        raise RuntimeError(f"could not seed {main}")
    if main != "clean":
        app.defects.append(main)
    c.main = main
    c.app = app


def _snapshot(app: App) -> App:
    import copy

    return copy.deepcopy(app)


def _restore(app: App, snap: App) -> None:
    app.__dict__.update(snap.__dict__)


# -- writing --------------------------------------------------------------------------------------
def _filename(suffix: str, rng: random.Random, doc: Doc) -> str:
    d = TODAY - dt.timedelta(days=rng.randrange(0, 12))
    t = f"{rng.randrange(8, 22):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}"
    if suffix == ".jpg":
        return rng.choice([f"IMG_{d:%Y%m%d}_{t}.jpg", f"mmexport{rng.randrange(10**12, 10**13)}.jpg",
                           f"微信图片_{d:%Y%m%d}{t}.jpg", f"{rng.randrange(10**7, 10**8)}.jpg", f"photo_{rng.randrange(1, 999)}.jpg"])
    if suffix == ".png" and doc.capture == "scan":
        return rng.choice([f"scan{rng.randrange(1, 99):03d}.png", f"扫描{rng.randrange(1, 30)}.png"])
    if suffix == ".png":
        return rng.choice([f"Screenshot_{d:%Y%m%d}-{t}.png", f"截图{rng.randrange(1, 99)}.png", f"image{rng.randrange(1, 40)}.png"])
    if suffix == ".pdf":
        return rng.choice([f"扫描件{rng.randrange(1, 20)}.pdf", f"Scan_{d:%Y%m%d}_{rng.randrange(1, 99):04d}.pdf",
                           f"CamScanner {d:%m-%d-%Y} {t[:2]}.{t[2:4]}.pdf", f"doc{rng.randrange(100, 999)}.pdf"])
    if suffix == ".docx":
        return rng.choice(["申请表.docx", "新建 Microsoft Word 文档.docx", f"材料{rng.randrange(1, 9)}.docx", "填好的表格.docx",
                           f"{catalog.materials().get(doc.material, {}).get('name', '文档')}.docx"])
    if suffix == ".txt":
        return rng.choice(["新建文本文档.txt", "说明.txt"])
    return f"材料{suffix}"


def render_case(args: tuple[int, Case, str]) -> dict:
    seed, case, out = args
    app = case.app
    assert app is not None
    rng = case_rng(seed, case.id, "render")
    folder = Path(out) / "cases" / case.id
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    files: list[dict] = []
    whats: list[str] = []
    for doc in app.docs:
        outs = render.render(doc, rng)
        doc.files = []
        doc.labels = []
        for o in outs:
            name = _filename(o.suffix, rng, doc)
            while name in used:
                stem, dot, ext = name.rpartition(".")
                name = f"{stem}(1).{ext}"
            used.add(name)
            (folder / name).write_bytes(o.data)
            rel = f"cases/{case.id}/{name}"
            doc.files.append(rel)
            label = labels.choose(doc, o.side, len(outs), rng)
            doc.labels.append(label)
            files.append({"path": rel, "label": label, "_role": doc.role, "_side": o.side})
            whats.append(f"{name}: {o.what}")
    rng.shuffle(files)
    if case.swap:  # labels swapped between two readable documents' files
        cand = [f for f in files if f["label"] and (app.doc(f["_role"]) or Doc("", "", "")).kind in READABLE
                and f["_role"] not in app.touched]
        pairs = [(a, b) for i, a in enumerate(cand) for b in cand[i + 1:] if a["_role"] != b["_role"]]
        if pairs:
            a, b = rng.choice(pairs)
            a["label"], b["label"] = b["label"], a["label"]
            whats.append(f"labels swapped between {a['path'].rsplit('/', 1)[1]} and {b['path'].rsplit('/', 1)[1]}")
    expected = []
    for e in app.expected:
        path = None
        if e.role is not None:
            target = app.doc(e.role)
            assert target is not None and target.files, (case.id, e)
            sides = [f for f in files if f["_role"] == e.role]
            match = [f for f in sides if f["_side"] == e.side] or [f for f in sides if f["_side"] in ("main", "front", "page1")] or sides
            path = match[0]["path"]
        expected.append({"code": e.code, "material": e.material or None, "file": path})
    notes = app.notes + whats
    if case.answer_policy:
        notes.append(f"answers: {case.answer_policy}")
    entry = {
        "id": case.id, "target": app.item, "answers": case.answers,
        "files": [{"path": f["path"], "label": f["label"]} for f in files],
        "expected": expected, "defect": case.main, "split": case.split, "notes": "; ".join(notes),
    }
    truth = {
        "id": case.id, "item": app.item, "truth_answers": app.truth, "defects": app.defects,
        "people": {k: {"name": p.name, "id_number": p.card_number, "sex": p.sex} for k, p in app.people.items()},
        "business": None if app.business is None else {"name": app.business.name, "uscc": app.business.uscc,
                                                       "operator": app.business.operator.name},
        "documents": [{"role": d.role, "material": d.material, "kind": d.kind, "layout": d.layout, "medium": d.medium,
                       "capture": d.capture, "hand": d.hand, "degrade": d.degrade, "extra": d.extra, "files": d.files,
                       "labels": d.labels, "data": {k: str(v) for k, v in d.data.items()},
                       "signed": [s["signed"] for s in d.spec.get("signers", [])], "notes": d.notes} for d in app.docs],
    }
    return {"entry": entry, "truth": truth}


def generate(out: Path, seed: int, count: int, workers: int | None = None, log=print) -> dict:
    started = time.monotonic()
    from tools.prereview_independent import fonts

    fonts.available()
    log("fonts:\n" + fonts.report())
    cases = plan(seed, count)
    log(f"planned {len(cases)} cases in {time.monotonic() - started:.1f}s")
    if out.exists():
        shutil.rmtree(out / "cases", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    workers = workers or min(2, os.cpu_count() or 1)
    args = [(seed, c, str(out)) for c in cases]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(render_case, args, chunksize=2))
    else:
        results = [render_case(a) for a in args]
    manifest = {"today": TODAY.isoformat(), "e_licenses": [], "generator": "independent", "seed": seed,
                "cases": [r["entry"] for r in results]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "truth.json").write_text(json.dumps([r["truth"] for r in results], ensure_ascii=False, indent=1, default=str),
                                    encoding="utf-8")
    log(f"wrote {len(cases)} cases to {out} in {time.monotonic() - started:.1f}s")
    return manifest


def counts(manifest: dict) -> dict[str, dict[str, int]]:
    """Cases per code per split (a case counts once per code it expects), and clean ones."""
    table: dict[str, dict[str, int]] = {}
    for c in manifest["cases"]:
        codes = {e["code"] for e in c["expected"]} or {"clean"}
        for code in codes:
            table.setdefault(code, {"tune": 0, "report": 0})[c["split"]] += 1
    return table


_ = make_person  # re-exported for tests
