"""`python -m tools.prereview_synthetic OUT_DIR`: write the evaluation set of fictitious uploads and its manifest."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from tools.prereview_synthetic.cases import DEFECT_CODES, build_cases
from tools.prereview_synthetic.render import FontMissing, find_font


def _writable(folder: Path) -> str | None:
    """Why the folder cannot take the output, or None when it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        return f"{exc.strerror or exc}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.prereview_synthetic", description=__doc__)
    parser.add_argument("out_dir", type=Path, help="folder for cases/ and manifest.json (created if missing)")
    parser.add_argument("--seed", type=int, default=7, help="same seed, same files (default 7)")
    parser.add_argument("--per-code", type=int, default=20, help="defective cases per defect code (default 20)")
    parser.add_argument("--clean", type=int, default=60, help="cases without a defect (default 60)")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the review date validity is judged against (YYYY-MM-DD, default today)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPU count)")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge base folder (default: the sample)")
    args = parser.parse_args(argv)
    if args.per_code < 0 or args.clean < 0:
        parser.error("--per-code and --clean must not be negative")
    problem = _writable(args.out_dir)
    if problem:
        print(f"error: cannot write to {args.out_dir}: {problem}. Choose a folder you can write to.", file=sys.stderr)
        return 2
    try:
        font = find_font()
    except FontMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    total = args.per_code * len(DEFECT_CODES) + args.clean

    interactive = sys.stderr.isatty()

    def progress(done: int, count: int) -> None:
        if interactive:
            print(f"\r{done}/{count} cases", end="" if done < count else "\n", file=sys.stderr, flush=True)
        elif done == count or done % 50 == 0:
            print(f"{done}/{count} cases", file=sys.stderr, flush=True)

    manifest = build_cases(args.out_dir, seed=args.seed, per_code=args.per_code, clean=args.clean, today=args.today,
                           knowledge=args.knowledge, jobs=args.jobs, progress=progress if total else None)
    elapsed = time.monotonic() - started
    cases = manifest["cases"]
    files = [f for case in cases for f in case["files"]]
    size = sum((args.out_dir / f["path"]).stat().st_size for f in files)
    formats = Counter(f["format"] for f in files)
    defects = Counter(case["defect"] or "clean" for case in cases)
    print(f"wrote {len(cases)} cases, {len(files)} files ({size / 1e6:.1f} MB) to {args.out_dir} in {elapsed:.0f} s "
          f"(font {font.name}, seed {args.seed}, today {manifest['today']})")
    print("cases:  " + ", ".join(f"{code} {n}" for code, n in sorted(defects.items())))
    print("files:  " + ", ".join(f"{kind} {n}" for kind, n in sorted(formats.items())))
    print(f"manifest: {os.path.join(args.out_dir, 'manifest.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
