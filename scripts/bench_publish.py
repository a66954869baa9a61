"""Benchmark the release writer alone: publish a release's own tables again, into a new folder.

Reads the release tables of a published release folder (its Parquet files, as pandas frames:
what the `published_release` asset is given), then calls `core.release.publish` into an empty
releases folder (a first release: every row is new, the largest change log), or, with
--previous, into a folder holding a copy of that release (a rebuild: nothing changed, so the
writer renders the tables, finds them equal and returns); then publishes the same tables less one
incident as the next release (a change log against the first). Prints wall time, CPU time and the
process's peak RSS before and after the publish (resource.getrusage; the frames' own memory is
the "loaded" figure), and checks that the republished table files are byte-identical to the
release's: a release must be reproducible from its own files.

    .venv/bin/python scripts/bench_publish.py outputs/releases/latest
    .venv/bin/python scripts/bench_publish.py /tmp/b10k/outputs/releases/latest --json out.json
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.core.release import TABLES, publish  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_tables(folder: Path) -> dict:
    """The release tables of a published folder as pandas frames (list columns as lists)."""
    out = {}
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if path.exists():
            out[name] = pq.read_table(path).to_pandas(maps_as_pydicts="strict")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("release", type=Path, help="a published release folder (e.g. outputs/releases/latest)")
    ap.add_argument("--previous", action="store_true",
                    help="publish next to a copy of the release (nothing changed) instead of into an empty folder")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    source = args.release.resolve()
    package = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    tables = load_tables(source)
    loaded = _peak_mb()
    rows = {name: len(df) for name, df in tables.items()}
    meta = {"release_date": package.get("created", "2026-01-01")[:10], "sources": [], "rejected_sources": []}
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        releases = Path(tmp) / "releases"
        releases.mkdir()
        if args.previous:
            shutil.copytree(source, releases / source.name)
            (releases / "latest").symlink_to(source.name)
        t1, c1 = time.perf_counter(), time.process_time()
        folder = publish(tables, meta, releases)
        wall, cpu = time.perf_counter() - t1, time.process_time() - c1
        differing = sorted(f"{name}.{fmt}" for name in tables for fmt in ("parquet", "csv")
                           if (folder / f"{name}.{fmt}").read_bytes() != (source / f"{name}.{fmt}").read_bytes())
        peak_first = _peak_mb()
        # the next release: one incident fewer, so a change log against the first one
        tables["incidents"] = tables["incidents"].iloc[:-1]
        t2, c2 = time.perf_counter(), time.process_time()
        publish(tables, meta, releases)
        next_wall, next_cpu = time.perf_counter() - t2, time.process_time() - c2
    figures = {"release": str(source), "rows": rows, "previous": args.previous,
               "load_s": round(t1 - t0, 2), "publish_wall_s": round(wall, 2), "publish_cpu_s": round(cpu, 2),
               "peak_rss_mb_after_load": round(loaded), "peak_rss_mb": round(peak_first),
               "next_release_wall_s": round(next_wall, 2), "next_release_cpu_s": round(next_cpu, 2),
               "peak_rss_mb_with_next": round(_peak_mb()), "table_files_differing": differing}
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
