"""Which step of a build holds the memory: `civic build` run with its resident memory sampled.

Runs `python -m pipelines.cli build --root PROJECT -q` in a child process, reads the resident set
(VmRSS, /proc: Linux only) of that process and of its extraction workers every `--every` seconds,
then pairs the samples with the steps of the run it made (scripts/step_times.py) and prints, per
step, its wall seconds and the highest RSS of the run process and of its workers (summed: pages a
forked worker shares with its parent count in both) seen while it ran. A measuring tool for the
README's "Performance" section; the build's own peak is in scripts/bench_build.py.

    .venv/bin/python scripts/rss_by_step.py /tmp/bench-1000             # build and print
    .venv/bin/python scripts/rss_by_step.py /tmp/bench-1000 --json out.json --every 0.5
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def rss_mb(pid: int) -> int:
    """Resident memory of one process in MB; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out += [int(c) for c in task.read_text().split()]
        except OSError:
            pass
    return out


def peaks_by_step(samples: list[tuple[float, int, int]], steps: dict) -> list[dict]:
    """Per step of `steps` (scripts/step_times.py's result, with started_at), the highest main and
    worker RSS among the samples taken while it ran (the one just before it too: a short step may
    fall between two samples)."""
    t0 = steps["started_at"]
    out = []
    for s in steps["steps"]:
        begin, end = t0 + s["start_s"], t0 + s["start_s"] + s["seconds"]
        before = [x for x in samples if x[0] <= begin][-1:]
        during = before + [x for x in samples if begin < x[0] <= end]
        out.append({**s, "main_mb": max((m for _, m, _ in during), default=0),
                    "workers_mb": max((w for _, _, w in during), default=0)})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", type=Path, help="a project folder (sources/ under it)")
    p.add_argument("--every", type=float, default=1.0, help="seconds between samples (default 1)")
    p.add_argument("--json", type=Path, help="also write the samples and the table here")
    args = p.parse_args(argv)
    proc = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "build", "--root", str(args.project), "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples: list[tuple[float, int, int]] = []

    def sample() -> None:
        while proc.poll() is None:
            samples.append((time.time(), rss_mb(proc.pid), sum(rss_mb(c) for c in children(proc.pid))))
            time.sleep(args.every)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.communicate()[0]
    sampler.join()
    if proc.returncode != 0:
        print(output[-3000:], file=sys.stderr)
        return proc.returncode
    import step_times

    steps = step_times.step_times(args.project)
    table = sorted(peaks_by_step(samples, steps), key=lambda s: s["start_s"])
    print(next((ln for ln in output.splitlines() if ln.startswith(("published", "nothing changed"))), ""))
    print(f"peak RSS: run process {max(m for _, m, _ in samples)} MB, workers {max(w for _, _, w in samples)} MB "
          f"({len(samples)} samples, every {args.every} s)")
    print(f"{'started':>8} {'seconds':>8} {'main MB':>8} {'workers':>8}  step")
    for s in table:
        print(f"{s['start_s']:>8.1f} {s['seconds']:>8.2f} {s['main_mb']:>8} {s['workers_mb']:>8}  {s['step']}")
    if args.json:
        args.json.write_text(json.dumps({"samples": samples, "steps": table}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
