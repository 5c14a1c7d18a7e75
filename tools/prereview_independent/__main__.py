"""python -m tools.prereview_independent OUT [--seed N] [--count 240] [--workers N]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.prereview_independent import build, fonts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.prereview_independent", description=__doc__)
    parser.add_argument("out", type=Path, help="folder for manifest.json, truth.json and cases/")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--workers", type=int, default=None, help="processes drawing the files (default: up to 2)")
    args = parser.parse_args(argv)
    try:
        manifest = build.generate(args.out, args.seed, args.count, args.workers)
    except fonts.FontsMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    table = build.counts(manifest)
    print(f"{'code':24} tune report")
    for code in sorted(table):
        print(f"{code:24} {table[code]['tune']:4} {table[code]['report']:6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
