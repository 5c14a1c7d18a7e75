"""Pre-review benchmark (`make bench`): time to review one ID-card photo and one 5-page PDF.

Builds fictitious documents with the fixtures generator (tools.prereview_synthetic): a phone photo of
an ID card's front (2,400 px, on a desk), a 5-page scanned lease (image-only PDF: every page is
OCR'd) and the same lease with its text layer (no OCR). Each is reviewed end to end through
`PreReview.run` (intake, decode, quality, deskew, OCR, classification, extraction, rules,
report), after one warm-up, `--repeat` times; the median and the worst are reported. In the same
run, the baseline is bare RapidOCR on the same pages — the floor any reviewer that reads the
page has to pay — so the pipeline's own overhead is the difference.

Targets (the issue): ≤ 2 s for one ID-card photo, ≤ 8 s for a 5-page PDF; exit 1 when missed.

    .venv/bin/python bench/prereview_bench.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.files import read_catalog  # noqa: E402
from prereview.decode import decode  # noqa: E402
from prereview.intake import Limits, check  # noqa: E402
from prereview.model import Page, Upload  # noqa: E402
from prereview.ocr import Ocr  # noqa: E402
from prereview.review import Application, PreReview  # noqa: E402
from tools.prereview_synthetic import degrade, identities, render  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "knowledge" / "sample"
TARGETS = {"ID-card photo": 2.0, "5-page scanned PDF": 8.0}
TODAY = date(2026, 12, 4)


def documents(rng: random.Random) -> dict[str, Upload]:
    """The three uploads: a photographed card, a scanned 5-page lease, the same lease as text."""
    person = identities.make_person(rng, TODAY)
    landlord = identities.make_person(rng, TODAY)
    front = render.id_card_front(person, rng)
    card = degrade.photo_of_document(render.rasterize(front.pages[0], 600), rng, 0.6)
    card.thumbnail((2400, 2400))
    lease = identities.make_lease(rng, TODAY, landlord, person, identities.street_address(rng, person.region, shop=True))
    contract = render.lease_contract(lease, rng)
    pages = list(contract.pages)
    while len(pages) < 5:  # the contract's clauses run to 3–4 pages; a 5-page upload adds its annex
        pages.append(pages[len(pages) % len(contract.pages)])
    pages = pages[:5]
    images = [render.rasterize(page, 200) for page in pages]
    return {
        "ID-card photo": Upload("身份证.jpg", render.jpeg_bytes(card), "身份证"),
        "5-page scanned PDF": Upload("租赁合同扫描件.pdf", render.image_pdf_bytes(images, 200), "租赁合同"),
        "5-page PDF with text layer": Upload("租赁合同.pdf", render.pdf_bytes(pages), "租赁合同"),
    }


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm-up: models loaded, caches filled
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        out.append(time.perf_counter() - started)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    catalog = read_catalog(SAMPLE).catalog
    ocr = Ocr()
    review = PreReview(catalog, ocr=ocr, e_licenses=[], today=lambda: TODAY)
    review.warm_up()
    uploads = documents(random.Random(11))
    rows: list[dict[str, Any]] = []
    for name, upload in uploads.items():
        pages = decode(upload, check(upload, Limits()), Limits())

        def bare(pages: list[Page] = pages) -> None:
            for page in pages:
                if page.image is not None and not page.lines:
                    ocr.read(page.image)

        def full(upload: Upload = upload) -> None:
            review.run(Application("个体工商户设立登记", [upload], {"premises": "lease"}))

        product = timed(full, args.repeat)
        baseline = timed(bare, args.repeat)
        rows.append({
            "upload": name,
            "pages": len(pages),
            "product_median_s": round(statistics.median(product), 2),
            "product_max_s": round(max(product), 2),
            "bare_ocr_median_s": round(statistics.median(baseline), 2),
            "target_s": TARGETS.get(name),
        })
    missed = [r for r in rows if r["target_s"] is not None and r["product_median_s"] > r["target_s"]]
    if args.json:
        print(json.dumps({"rows": rows, "missed": [r["upload"] for r in missed]}, ensure_ascii=False, indent=2))
    else:
        print("pre-review, end to end (PreReview.run), vs bare RapidOCR on the same pages")
        print(f"{'upload':<28} {'pages':>5} {'median s':>9} {'max s':>7} {'bare OCR s':>11} {'target':>7}")
        for r in rows:
            target = f"≤ {r['target_s']:.0f} s" if r["target_s"] else ""
            print(f"{r['upload']:<28} {r['pages']:>5} {r['product_median_s']:>9.2f} {r['product_max_s']:>7.2f} {r['bare_ocr_median_s']:>11.2f} {target:>7}")
        print("targets met" if not missed else "MISSED: " + ", ".join(r["upload"] for r in missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
