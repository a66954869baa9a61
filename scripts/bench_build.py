"""Benchmark the cost of builds as the corpus grows, and of adding, changing or removing one report.

Material: distinct synthetic reports of about 17 KB (scripts/synthetic_corpus.py, seed 0) in a
fresh project folder with the bundled sources (seed report, gazetteer, gold, curation). Each
build is `civic build` in its own subprocess, so its wall time includes start-up and its peak RSS
(the largest resident set of the build process and of its extraction workers, from
resource.getrusage of the children) is that build's own. Measured:

  * extraction throughput: per-report work (segmentation, person recognition, incident
    extraction) in this process on one core, over the first 50 reports, in MB of text per second
    of CPU time (time.process_time: other work on the machine does not count against it);
  * full build from an empty outputs/ (no cache) at each size: wall seconds, peak RSS, reports
    published, and the growth exponent of wall time between consecutive sizes;
  * on the largest size up to 1,000: the rebuild after adding one new report, after changing one
    (a sentence appended), and after removing one, each against the previous build's outputs
    (the per-report cache is what makes these cheap), with the longest steps of each
    (scripts/step_times.py);
  * the release writer alone on each build's release (scripts/bench_publish.py: a first release
    and the next one, CPU seconds and peak RSS);
  * person linking (scripts/bench_linking.py) at 10^4 and 10^5 mentions (10^6 with --linking-max).

Prints a table and writes outputs/bench/bench_build.{json,csv}.

    .venv/bin/python scripts/bench_build.py                    # sizes 100 and 1000
    .venv/bin/python scripts/bench_build.py --sizes 100 1000 10000
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import synthetic_corpus  # noqa: E402

OUT = ROOT / "outputs" / "bench"


def make_project(dest: Path, n: int) -> Path:
    shutil.copytree(ROOT / "sources", dest / "sources")
    reports = dest / "sources" / "reports"
    for name, text in synthetic_corpus.corpus(n):
        (reports / name).write_text(text, encoding="utf-8")
    return dest


def _peak_mb_of(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `cmd` in a child that reports its own and its children's peak RSS (getrusage in a
    wrapper process, so that earlier builds of this benchmark do not mask a smaller peak)."""
    wrapper = ("import resource,subprocess,sys,json;"
               "p=subprocess.run(sys.argv[1:]);"
               "r=[resource.getrusage(k).ru_maxrss for k in (resource.RUSAGE_CHILDREN,)];"
               "print(json.dumps(max(r)),file=sys.stderr);sys.exit(p.returncode)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kb = float(proc.stderr.strip().splitlines()[-1]) if proc.stderr.strip() else math.nan
    return proc, wall, peak_kb / 1024


def build(root: Path) -> dict:
    proc, wall, peak = _peak_mb_of([sys.executable, "-m", "pipelines.cli", "build", "--root", str(root), "-q"])
    if proc.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    published = next((ln for ln in proc.stdout.splitlines() if ln.startswith("published ")), "")
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(peak), "summary": published}


def throughput(n: int = 50) -> dict:
    """MB/s of per-report work on one core (this process), the same stages a worker runs."""
    from pipelines.extract.work import extract_report

    texts = [t for _, t in synthetic_corpus.corpus(n, seed=1)]
    from pipelines.core.text import clean_text

    cleaned = [clean_text(t) for t in texts]
    start = time.process_time()
    for i, text in enumerate(cleaned):
        extract_report(f"{i:016x}", text, {})
    seconds = time.process_time() - start
    mb = sum(len(t.encode("utf-8")) for t in cleaned) / 1e6
    return {"reports": n, "mb": round(mb, 3), "seconds": round(seconds, 2),
            "mb_per_s_per_core": round(mb / seconds, 4), "s_per_report": round(seconds / n, 3)}


def incremental(root: Path, n: int) -> dict:
    """Rebuild times after adding, changing and removing one report of a built project."""
    reports = root / "sources" / "reports"
    out = {}

    def measure(name: str) -> None:
        before = steps_of(root).get("run_id")
        result = build(root)
        out[f"{name}_s"], out[f"{name}_peak_rss_mb"] = result["wall_s"], result["peak_rss_mb"]
        steps = steps_of(root)
        # a build with nothing to do starts no run: the last run is then the earlier rebuild's,
        # whose steps are not this one's
        out[f"{name}_steps"] = steps if steps.get("run_id") != before else {"span_s": 0.0, "steps": [], "run": "none"}

    (reports / "zz_added.txt").write_text(synthetic_corpus.report(n + 1, seed=99), encoding="utf-8")
    measure("add_one")
    victim = reports / "00007.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "\nA sentence added in a corrected version.\n",
                      encoding="utf-8")
    measure("change_one")
    (reports / "00011.txt").unlink()
    measure("remove_one")
    measure("unchanged")
    return out


def steps_of(root: Path, top: int = 6) -> dict:
    """The longest steps of the project's last run (scripts/step_times.py, in a subprocess)."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "step_times.py"), str(root), "--top", str(top),
                           "--json"], cwd=ROOT, capture_output=True, text=True)
    return json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-300:]}


def publish_alone(root: Path) -> dict:
    """The release writer alone on the build's release (scripts/bench_publish.py, its own process)."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_publish.py"),
                           str(root / "outputs" / "releases" / "latest")], cwd=ROOT, capture_output=True, text=True)
    return json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-300:]}


def linking(sizes: list[int]) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_linking.py"), "--sizes", *map(str, sizes),
                           "--json"], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-500:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    p.add_argument("--linking", type=int, nargs="*", default=[10_000, 100_000])
    p.add_argument("--no-incremental", action="store_true")
    args = p.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    result = {"machine": {"cores": os.cpu_count(), "python": platform.python_version()},
              "throughput": throughput(), "builds": [], "incremental": None, "linking": None}
    tp = result["throughput"]
    print(f"extraction on one core: {tp['mb']} MB in {tp['seconds']} s = {tp['mb_per_s_per_core']} MB/s "
          f"({tp['s_per_report']} s per report)", flush=True)
    print(f"{'reports':>8} {'wall s':>8} {'s/report':>9} {'peak MB':>8} {'exponent':>9}", flush=True)
    prev = None
    inc_size = max([s for s in args.sizes if s <= 1000], default=None)
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"civic-bench-{n}-") as tmp:
            root = make_project(Path(tmp), n)
            row = {"reports": n, **build(root)}
            if prev:
                row["exponent"] = round(math.log(row["wall_s"] / prev["wall_s"]) / math.log(n / prev["reports"]), 3)
            print(f"{n:>8} {row['wall_s']:>8.1f} {row['wall_s'] / n:>9.3f} {row['peak_rss_mb']:>8} "
                  f"{row.get('exponent', ''):>9}   {row['summary']}", flush=True)
            row["publish"] = publish_alone(root)
            pub = row["publish"]
            if "error" not in pub:
                print(f"{'':>8} release writer alone: first release {pub['publish_cpu_s']} s CPU, next "
                      f"{pub['next_release_cpu_s']} s, peak {pub['peak_rss_mb_with_next']} MB", flush=True)
            result["builds"].append(row)
            prev = row
            if n == inc_size and not args.no_incremental:
                result["incremental"] = {"reports": n, **incremental(root, n)}
                inc = result["incremental"]
                print(f"one report in a {n}-report build: add {inc['add_one_s']} s, change {inc['change_one_s']} s, "
                      f"remove {inc['remove_one_s']} s, nothing changed {inc['unchanged_s']} s (peak RSS "
                      f"{inc['add_one_peak_rss_mb']} / {inc['change_one_peak_rss_mb']} / {inc['remove_one_peak_rss_mb']} / "
                      f"{inc['unchanged_peak_rss_mb']} MB)", flush=True)
                steps = inc["add_one_steps"].get("steps", [])
                print("  adding one, longest steps: " + ", ".join(f"{s['step']} {s['seconds']} s" for s in steps),
                      flush=True)
    if args.linking:
        result["linking"] = linking(args.linking)
        print(f"person linking: {json.dumps(result['linking'])}", flush=True)
    (OUT / "bench_build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    with (OUT / "bench_build.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["measure", "reports", "value", "unit"])
        w.writerow(["extraction_throughput", tp["reports"], tp["mb_per_s_per_core"], "MB/s/core"])
        for b in result["builds"]:
            w.writerow(["full_build_wall", b["reports"], b["wall_s"], "s"])
            w.writerow(["full_build_peak_rss", b["reports"], b["peak_rss_mb"], "MB"])
            if "exponent" in b:
                w.writerow(["growth_exponent", b["reports"], b["exponent"], ""])
            if "error" not in b.get("publish", {"error": ""}):
                w.writerow(["publish_first_cpu", b["reports"], b["publish"]["publish_cpu_s"], "s"])
                w.writerow(["publish_next_cpu", b["reports"], b["publish"]["next_release_cpu_s"], "s"])
                w.writerow(["publish_peak_rss", b["reports"], b["publish"]["peak_rss_mb_with_next"], "MB"])
        if result["incremental"]:
            for k in ("add_one", "change_one", "remove_one", "unchanged"):
                w.writerow([k, result["incremental"]["reports"], result["incremental"][f"{k}_s"], "s"])
                w.writerow([f"{k}_peak_rss", result["incremental"]["reports"],
                            result["incremental"][f"{k}_peak_rss_mb"], "MB"])
        for r in (result["linking"] or {}).get("rows", []):
            w.writerow(["linking_wall", r["mentions"], r["total_s"], "s"])
            w.writerow(["linking_peak_rss", r["mentions"], r["peak_rss_mb"], "MB"])
    print(f"wrote {OUT / 'bench_build.json'} and {OUT / 'bench_build.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
