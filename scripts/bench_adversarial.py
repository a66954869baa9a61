"""Time per KB of the per-report stages on adversarial inputs at 1x, 2x, 4x and 8x a base size.

The inputs are tests/adversarial.py's (never a real report); each stage is timed on each size
(best of `--repeat`), and the table shows milliseconds per KB: a linear stage keeps the figure
flat as the size grows, a quadratic one multiplies it by the growth factor. HTML nesting is
timed through core.text.html_to_text. A stage past `--cap` seconds is stopped there and shown as
">cap" (it runs in a child process that is killed).

    .venv/bin/python scripts/bench_adversarial.py                # base 16 KB
    .venv/bin/python scripts/bench_adversarial.py --base 32000 --json outputs/bench/adversarial.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.adversarial import GENERATORS, nested_html, stages  # noqa: E402


def _time(stage: str, gen: str, n: int, repeat: int, conn) -> None:
    from pipelines.core.text import html_to_text

    fn = html_to_text if stage == "html" else stages()[stage]
    text = nested_html(n) if gen == "nested_html" else GENERATORS[gen](n)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    conn.send(best)


def measure(stage: str, gen: str, n: int, repeat: int, cap: float) -> float | None:
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.get_context("fork").Process(target=_time, args=(stage, gen, n, repeat, child))
    proc.start()
    ready = parent.poll(cap)
    proc.kill() if not ready else None
    proc.join()
    return parent.recv() if ready else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", type=int, default=16_000, help="characters at 1x")
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--cap", type=float, default=120.0, help="seconds before a measurement is given up")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    factors = (1, 2, 4, 8)
    cases = [(s, g) for s in stages() for g in GENERATORS] + [("html", "nested_html")]
    rows = []
    print(f"{'stage':<9} {'input':<17} " + " ".join(f"{f'{f}x ms/KB':>11}" for f in factors) + f" {'8x/1x':>6}")
    for stage, gen in cases:
        per_kb = []
        for f in factors:
            seconds = measure(stage, gen, args.base * f, args.repeat, args.cap)
            per_kb.append(None if seconds is None else 1000 * seconds / (args.base * f / 1000))
            if seconds is None:
                break
        per_kb += [None] * (len(factors) - len(per_kb))
        ratio = per_kb[-1] / per_kb[0] if per_kb[0] and per_kb[-1] else None
        rows.append({"stage": stage, "input": gen, "base_chars": args.base, "ms_per_kb": per_kb, "growth_8x": ratio})
        cells = " ".join(f"{v:>11.3f}" if v is not None else f"{'>' + str(int(args.cap)) + 's':>11}" for v in per_kb)
        print(f"{stage:<9} {gen:<17} {cells} {ratio if ratio is None else round(ratio, 2)!s:>6}", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
