"""Measure extraction and linking on the development excerpts (../shared), without bundling them.

Builds a throwaway project holding the seed plus the chosen excerpts of ../shared/reports-dev,
runs the whole pipeline on it (`civic build`), and scores the release against ../shared/gold.
The excerpts are third-party text kept for measurement only: they are copied to a temporary
folder, never into sources/.

    .venv/bin/python scripts/evaluate_dev.py                          # seed + the 40 train excerpts
    .venv/bin/python scripts/evaluate_dev.py --set validation --no-seed   # the figure of merit
    .venv/bin/python scripts/evaluate_dev.py --set all --details
    .venv/bin/python scripts/evaluate_dev.py --set train --explain        # cause classes of the errors

The split is tests/devsplit.py (a seeded rule): tune on train, only score validation.
    .venv/bin/python scripts/evaluate_dev.py --fixtures tests/fixtures/blind --no-seed   # DIR/*.txt + DIR/gold/*.yaml
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = "000_bf2cf6556fc1d8c3"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(PROJECT))
    from pipelines.cli import _quiet_dagster, build
    import logging

    _quiet_dagster(logging.ERROR)
    from pipelines.core import evaluate
    from tests.conftest import make_project
    from tests.devsplit import stems_of

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--set", choices=["train", "validation", "all"], default="train")
    p.add_argument("--no-seed", action="store_true", help="score the excerpts only")
    p.add_argument("--details", action="store_true", help="list misses and false positives")
    p.add_argument("--explain", action="store_true",
                   help="every miss and false row with its cause class, and the counts per class")
    p.add_argument("--keep", help="build in this folder and keep it")
    p.add_argument("--fixtures", type=Path,
                   help="score the project's own annotated reports instead: DIR/*.txt with DIR/gold/<stem>.yaml")
    args = p.parse_args(argv)
    if args.fixtures:
        texts = sorted(args.fixtures.glob("*.txt"))
        reports = {t.name: t.read_bytes() for t in texts}
        gold_of = [args.fixtures / "gold" / f"{t.stem}.yaml" for t in texts]
        args.set = str(args.fixtures)
    elif not (SHARED / "reports-dev").exists():
        print(f"no {SHARED / 'reports-dev'}: nothing to measure", file=sys.stderr)
        return 2
    else:
        names = stems_of(SHARED, args.set)
        reports = {f"{n}.txt": (SHARED / "reports-dev" / f"{n}.txt").read_bytes() for n in names}
        gold_of = [SHARED / "gold" / f"{n}.yaml" for n in names]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="civic-dev-"))
    try:
        if work.exists() and args.keep:
            shutil.rmtree(work)
        root = make_project(work, reports, with_seed=not args.no_seed)
        # The bundled gold would score only the seed; here every excerpt's gold counts.
        ok, summary = build(root, log_level="ERROR")
        if "release" not in summary:
            print(f"build failed: {summary}", file=sys.stderr)
            return 1
        gold = list(gold_of)
        if not args.no_seed:
            gold.insert(0, SHARED / "gold" / f"{SEED}.yaml")
        scores = evaluate.score_release(Path(summary["release"]), gold)
        print(f"set: {args.set} ({len(gold)} annotated reports){'' if ok else ' (build gate failed: scores below floor)'}")
        print(evaluate.format_scores(scores, details=args.details))
        if args.explain:
            print()
            print(evaluate.format_explain(scores))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
