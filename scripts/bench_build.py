"""Benchmark whole builds: wall time, peak memory and release size as the number of reports grows.

Material: the seed and the project's own invented fixture reports (tests/fixtures/incidents and
tests/fixtures/persons), cycled to reach N files. A copy gets its own title line so that the
inventory takes it neither for a duplicate nor for a re-published version; the copies repeat the same people, so
person linking does real cross-report work. The shared development excerpts are never used here.

Each size runs `civic build` in a fresh project folder and subprocess, so that the peak RSS
(resource.getrusage of the children) is that build's own. Sizes of Parquet and CSV are summed over
the release's tables, and one DuckDB query over the release is timed.

    .venv/bin/python scripts/bench_build.py                   # N = 10, 50, 200
    .venv/bin/python scripts/bench_build.py --sizes 10 20     # other sizes
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("reports", "incidents", "persons", "person_mentions", "incident_persons", "person_redirects")


def _material() -> list[Path]:
    files = sorted((ROOT / "sources" / "reports").glob("*.txt"))
    for folder in ("incidents", "persons"):
        files += sorted((ROOT / "tests" / "fixtures" / folder).glob("*.txt"))
    return files


def _project(n: int, dest: Path) -> None:
    shutil.copytree(ROOT / "sources", dest / "sources",
                    ignore=shutil.ignore_patterns("reports"))
    reports = dest / "sources" / "reports"
    reports.mkdir()
    material = _material()
    for i in range(n):
        src = material[i % len(material)]
        text = src.read_text(encoding="utf-8")
        if i >= len(material):
            # a copy with its own title line: otherwise the inventory takes it for a re-published
            # version of the same report (same title, nearly the same text) and keeps one
            text = f"Benchmark copy {i // len(material)}\n\n{text}\n\nCopy {i // len(material)} of this report.\n"
        (reports / f"{i:04d}_{src.stem}.txt").write_text(text, encoding="utf-8")


def _release_sizes(release: Path) -> tuple[int, int, dict[str, int]]:
    parquet = sum((release / f"{t}.parquet").stat().st_size for t in TABLES)
    csv = sum((release / f"{t}.csv").stat().st_size for t in TABLES)
    import duckdb

    rows = {t: duckdb.sql(f"select count(*) from '{release / t}.parquet'").fetchall()[0][0] for t in TABLES}
    return parquet, csv, rows


def _query_seconds(release: Path) -> float:
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    con.sql(f"""select p.name, count(distinct ip.incident_id) n
                from '{release}/incident_persons.parquet' ip
                join '{release}/persons.parquet' p using (person_id)
                join '{release}/incidents.parquet' i using (incident_id)
                group by 1 order by 2 desc limit 10""").fetchall()
    return time.perf_counter() - start


def run(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"civic-bench-{n}-") as tmp:
        dest = Path(tmp)
        _project(n, dest)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pipelines.cli", "build", "--root", str(dest), "-q"],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        if proc.returncode != 0:
            raise SystemExit(f"build of {n} reports failed:\n{proc.stdout}\n{proc.stderr}")
        release = (dest / "outputs" / "releases" / "latest").resolve()
        parquet, csv, rows = _release_sizes(release)
        return {"n": n, "wall_s": wall, "peak_mb": peak_mb, "parquet_kb": parquet / 1024,
                "csv_kb": csv / 1024, "query_ms": _query_seconds(release) * 1000, **rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    args = parser.parse_args(argv)
    print(f"{'files':>7} {'reports':>7} {'wall s':>7} {'s/report':>8} {'peak MB':>8} {'incidents':>9} {'persons':>8} "
          f"{'mentions':>8} {'parquet KB':>10} {'csv KB':>8} {'csv/pq':>6} {'query ms':>8}", flush=True)
    for n in args.sizes:
        r = run(n)
        print(f"{r['n']:>7} {r['reports']:>7} {r['wall_s']:>7.1f} {r['wall_s'] / r['reports']:>8.3f} {r['peak_mb']:>8.0f} "
              f"{r['incidents']:>9} {r['persons']:>8} {r['person_mentions']:>8} {r['parquet_kb']:>10.0f} "
              f"{r['csv_kb']:>8.0f} {r['csv_kb'] / r['parquet_kb']:>6.2f} {r['query_ms']:>8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
