"""Search benchmark (`make bench`): latency, index build time and memory vs a plain BM25 baseline.

For the sample knowledge base and a synthetic one (10,000 items / 50,000 FAQs by default) it
measures, on ONE core (every thread pool limited to one thread, the process pinned to one
CPU unless --no-pin):

* the product's hybrid index (SearchIndex.build with the builtin encoder): build time, resident
  memory (psutil RSS) before/after the build, and Searcher.search latency p50/p99 after a
  warm-up, one query at a time, timed with time.perf_counter per call;
* a plain BM25 baseline on the same queries: knowledge.bm25.BM25Index over plain jieba words
  (no user dictionary, no synonyms, typo repair or dense retrieval) of each item's name,
  aliases, FAQ questions and summary.

It then checks the targets of the issue on the synthetic knowledge base — p99 search latency
≤ 20 ms and index build ≤ 120 s — prints PASS/FAIL for each and exits 1 if one fails.
hit@1/hit@5 (the item a query was generated from is ranked first / in the top 5) are shown
for orientation only: they are not a quality evaluation (see `banshi eval`).

    .venv/bin/python bench/search_bench.py [--items 10000] [--queries 1000] [--json]
"""

from __future__ import annotations

import os

# One core, set before numpy (and its BLAS), torch and faiss are imported.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["VECLIB_MAXIMUM_THREADS"] = "1"
os.environ["NUMEXPR_NUM_THREADS"] = "1"
os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

import argparse
import contextlib
import gc
import json
import logging
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench` when run as a script

import faiss
import numpy as np
import psutil
import torch

from bench.stats import latency_summary
from bench.synthetic import synthetic_catalog, synthetic_queries, synthetic_query_pairs
from knowledge.bm25 import BM25Index
from knowledge.encoder import BUILTIN
from knowledge.files import read_catalog
from knowledge.index import SearchIndex
from knowledge.schema import Catalog
from knowledge.search import Searcher
from nlu.normalize import normalize
from nlu.segment import Segmenter

ROOT = Path(__file__).resolve().parents[1]
TARGET_P99_MS = 20.0
TARGET_BUILD_S = 120.0
TARGET_ITEMS, TARGET_FAQS = 10_000, 50_000
FAQS_PER_ITEM = 5
MB = 1024 * 1024


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def one_core(pin: bool) -> str:
    """Limit torch and faiss to one thread and (optionally) pin the process to one CPU."""
    torch.set_num_threads(1)
    with contextlib.suppress(RuntimeError):  # already set, or inter-op work already started
        torch.set_num_interop_threads(1)
    faiss.omp_set_num_threads(1)
    if pin and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned"


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / MB


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


# -- timing ---------------------------------------------------------------------------------


def time_queries(
    search: Callable[[str], list[str]],
    warmup: Sequence[str],
    queries: Sequence[tuple[str, str]],
) -> dict:
    """Warm up, then time each query on its own; latency percentiles and hit rates."""
    for text in warmup:
        search(text)
    gc.collect()
    seconds: list[float] = []
    hit1 = hit5 = empty = 0
    clock = time.perf_counter
    for text, code in queries:
        start = clock()
        codes = search(text)
        seconds.append(clock() - start)
        hit1 += bool(codes) and codes[0] == code
        hit5 += code in codes[:5]
        empty += not codes
    n = len(queries)
    return {
        **latency_summary(seconds),
        "queries": n,
        "warmup": len(warmup),
        "hit_at_1": hit1 / n,
        "hit_at_5": hit5 / n,
        "no_result": empty / n,
    }


def bench_hybrid(catalog: Catalog, warmup: Sequence[str], queries: Sequence[tuple[str, str]]) -> dict:
    gc.collect()
    before = rss_mb()
    with tempfile.TemporaryDirectory(prefix="banshi-bench-") as tmp:
        start = time.perf_counter()
        index = SearchIndex.build(catalog, BUILTIN, work_dir=Path(tmp))
        build = time.perf_counter() - start
    searcher = Searcher(index, catalog)
    gc.collect()
    after = rss_mb()

    def search(text: str) -> list[str]:
        return [r.code for r in searcher.search(text, top_k=5).results]

    timing = time_queries(search, warmup, queries)
    result = {
        "system": "hybrid (product)",
        "build_s": build,
        "rss_before_mb": before,
        "rss_after_build_mb": after,
        "rss_delta_mb": after - before,
        "rss_after_queries_mb": rss_mb(),
        "targets": index.manifest.targets,
        "passages": index.manifest.passages,
        **timing,
    }
    return result  # the index is freed with this frame


def bm25_document(item) -> str:  # type: ignore[no-untyped-def]
    return " ".join([item.name, *item.aliases, *(f.q for f in item.faqs), item.summary or ""])


def bench_bm25(catalog: Catalog, warmup: Sequence[str], queries: Sequence[tuple[str, str]]) -> dict:
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    segmenter = Segmenter()  # jieba's own dictionary only
    docs = [segmenter.words(normalize(bm25_document(item))) for item in catalog.items]
    index = BM25Index().fit(docs)
    codes = [item.code for item in catalog.items]
    build = time.perf_counter() - start
    del docs
    gc.collect()
    after = rss_mb()

    def search(text: str) -> list[str]:
        return [codes[h.doc] for h in index.search(segmenter.words(normalize(text)), 5)]

    timing = time_queries(search, warmup, queries)
    result = {
        "system": "BM25 jieba words (baseline)",
        "build_s": build,
        "rss_before_mb": before,
        "rss_after_build_mb": after,
        "rss_delta_mb": after - before,
        "rss_after_queries_mb": rss_mb(),
        "targets": len(codes),
        "passages": None,
        **timing,
    }
    return result


def bench_kb(name: str, catalog: Catalog, n_queries: int, n_warmup: int, extra: dict) -> dict:
    queries = synthetic_query_pairs(catalog, n_queries, seed=1)
    warmup = synthetic_queries(catalog, n_warmup, seed=2)
    log(f"{name}: {len(catalog.items)} items — BM25 baseline")
    baseline = bench_bm25(catalog, warmup, queries)
    log(f"{name}: building the hybrid index (this is the long part)")
    hybrid = bench_hybrid(catalog, warmup, queries)
    log(f"{name}: done (build {hybrid['build_s']:.1f} s, p99 {hybrid['p99_ms']:.2f} ms)")
    return {
        "name": name,
        "items": len(catalog.items),
        "faqs": sum(len(i.faqs) for i in catalog.items),
        "materials": len(catalog.materials),
        **extra,
        "systems": [hybrid, baseline],
    }


# -- reporting ------------------------------------------------------------------------------


def check_targets(synthetic: dict) -> list[dict]:
    hybrid = synthetic["systems"][0]
    at = f"{synthetic['items']} items / {synthetic['faqs']} FAQs"
    return [
        {
            "target": "p99 search latency (one core)",
            "limit": TARGET_P99_MS,
            "unit": "ms",
            "value": hybrid["p99_ms"],
            "at": at,
            "passed": hybrid["p99_ms"] <= TARGET_P99_MS,
        },
        {
            "target": "index build time",
            "limit": TARGET_BUILD_S,
            "unit": "s",
            "value": hybrid["build_s"],
            "at": at,
            "passed": hybrid["build_s"] <= TARGET_BUILD_S,
        },
    ]


def print_report(report: dict) -> None:
    env = report["environment"]
    print("Banshi search benchmark")
    print(
        f"  {env['cpu']} — threads: torch {env['torch_threads']}, faiss 1, OMP/MKL/OPENBLAS 1; {env['pinning']}"
    )
    print(f"  Python {env['python']}, torch {env['torch']}, faiss {env['faiss']}, numpy {env['numpy']}")
    print(
        f"  {report['queries']} timed queries per system after {report['warmup']} warm-up queries, "
        "one at a time (time.perf_counter per call)"
    )
    print()
    for kb in report["knowledge_bases"]:
        line = f"{kb['name']}: {kb['items']} items, {kb['faqs']} FAQs, {kb['materials']} materials"
        if "generate_s" in kb:
            line += f"; generated in {kb['generate_s']:.1f} s (+{kb['generate_rss_mb']:.0f} MB RSS)"
        print(line)
    print()
    header = (
        f"{'knowledge base':<16}{'system':<30}{'build s':>9}{'RSS MB':>9}{'Δ RSS MB':>10}"
        f"{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'hit@1':>8}{'hit@5':>8}{'none':>7}"
    )
    print(header)
    print("-" * len(header))
    for kb in report["knowledge_bases"]:
        for s in kb["systems"]:
            print(
                f"{kb['name']:<16}{s['system']:<30}{s['build_s']:>9.2f}{s['rss_after_build_mb']:>9.0f}"
                f"{s['rss_delta_mb']:>+10.0f}{s['p50_ms']:>9.2f}{s['p90_ms']:>9.2f}{s['p99_ms']:>9.2f}"
                f"{s['max_ms']:>9.2f}{s['hit_at_1']:>8.1%}{s['hit_at_5']:>8.1%}{s['no_result']:>7.1%}"
            )
    print()
    print(
        "RSS MB = resident memory of the whole process after the build (psutil); Δ = change over the build "
        "(allocator reuse makes it approximate)."
    )
    print(
        "hit@k = the item a query was generated from is ranked ≤ k; none = no result (hybrid: judged out of "
        "scope). Orientation only, not an evaluation."
    )
    print()
    print("Targets (issue), on the synthetic knowledge base:")
    for t in report["targets"]:
        verdict = "PASS" if t["passed"] else "FAIL"
        print(
            f"  {verdict}  {t['target']:<32} {t['value']:>8.2f} {t['unit']:<2} (≤ {t['limit']:g} {t['unit']}) "
            f"at {t['at']}"
        )
    if report["note"]:
        print(f"  note: {report['note']}")
    print()
    print(f"Total benchmark time {report['total_s']:.0f} s.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=TARGET_ITEMS, help="synthetic items (5 FAQs each)")
    parser.add_argument("--queries", type=int, default=1000, help="timed queries per system (default 1000)")
    parser.add_argument("--warmup", type=int, default=100, help="warm-up queries per system (≥ 50)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic knowledge base")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON instead of the table")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = parser.parse_args(argv)
    if args.queries < 1 or args.warmup < 50:
        parser.error("--queries must be ≥ 1 and --warmup ≥ 50")
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    pinning = one_core(not args.no_pin)

    kbs = []
    log("sample knowledge base")
    sample = read_catalog(ROOT / "knowledge" / "sample").catalog
    kbs.append(bench_kb("sample", sample, args.queries, args.warmup, {}))
    del sample
    gc.collect()

    log(f"generating the synthetic knowledge base ({args.items} items × {FAQS_PER_ITEM} FAQs)")
    before = rss_mb()
    start = time.perf_counter()
    synthetic = synthetic_catalog(args.items, FAQS_PER_ITEM, seed=args.seed)
    generated = {"generate_s": time.perf_counter() - start, "generate_rss_mb": rss_mb() - before}
    kbs.append(bench_kb(f"synthetic {args.items // 1000}k" if args.items >= 1000 else "synthetic",
                        synthetic, args.queries, args.warmup, generated))

    targets = check_targets(kbs[-1])
    notes = []
    if kbs[-1]["items"] != TARGET_ITEMS or kbs[-1]["faqs"] != TARGET_FAQS:
        notes.append(f"the targets are stated for {TARGET_ITEMS} items / {TARGET_FAQS} FAQs")
    if args.queries < 1000:
        notes.append("fewer than 1000 timed queries: p99 rests on few samples")
    report = {
        "environment": {
            "cpu": cpu_model(),
            "pinning": pinning,
            "torch_threads": torch.get_num_threads(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "faiss": faiss.__version__,
            "numpy": np.__version__,
        },
        "queries": args.queries,
        "warmup": args.warmup,
        "knowledge_bases": kbs,
        "targets": targets,
        "passed": all(t["passed"] for t in targets),
        "note": "; ".join(notes),
        "total_s": time.perf_counter() - started,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
