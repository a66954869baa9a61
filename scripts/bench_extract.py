"""Extraction throughput of one core, parse included: text -> units -> persons -> incidents.

Runs the per-report stages on report texts with an empty parse cache and prints MB of text per
second for each stage and in all, and how many sentences were parsed (only those with a word that
may inflect a trigger are). Seconds are this process's CPU time (time.process_time), so that other
work on the machine does not count against it; on an idle machine it equals the wall time. A
benchmark, not a test.

    .venv/bin/python scripts/bench_extract.py                      # bundled seed + tests/fixtures/*
    .venv/bin/python scripts/bench_extract.py --shared             # and the excerpts of ../shared
    .venv/bin/python scripts/bench_extract.py --synthetic 100      # 100 generated reports
    .venv/bin/python scripts/bench_extract.py --json outputs/bench/bench_extract.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def texts(shared: bool, synthetic: int) -> list[str]:
    from pipelines.core.text import clean_text, decode_bytes

    paths = sorted((PROJECT / "sources" / "reports").glob("*.txt"))
    paths += sorted((PROJECT / "tests" / "fixtures").glob("*/*.txt"))
    if shared:
        paths += sorted((PROJECT.parent / "shared" / "reports-dev").glob("*.txt"))
    out = [clean_text(decode_bytes(p.read_bytes())[0]) for p in paths]
    if synthetic:
        sys.path.insert(0, str(PROJECT))
        from tests.conftest import load_script

        gen = load_script("synthetic_corpus")
        out += [clean_text(t) for _, t in gen.corpus(synthetic)]
    return out


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(PROJECT))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", action="store_true", help="add ../shared/reports-dev (measuring only)")
    p.add_argument("--synthetic", type=int, default=0, help="add N generated reports")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)

    from pipelines.core.events import Extractor, extract_incidents
    from pipelines.core.metadata import read_metadata
    from pipelines.core.names import find_person_mentions
    from pipelines.core.units import segment

    corpus = texts(args.shared, args.synthetic)
    ex = Extractor.get()
    extract_incidents("Police detained Aidos Serikov.", segment("Police detained Aidos Serikov."), [],
                      read_metadata("x", "x.txt"))  # load the model before timing
    ex.parser._cache.clear()
    spent = {"segment": 0.0, "persons": 0.0, "incidents": 0.0}
    rows = 0
    for text in corpus:
        t0 = time.process_time()
        units = segment(text)
        t1 = time.process_time()
        persons = find_person_mentions(text, units)
        t2 = time.process_time()
        rows += len(extract_incidents(text, units, persons, read_metadata(text, "r.txt")))
        t3 = time.process_time()
        spent["segment"] += t1 - t0
        spent["persons"] += t2 - t1
        spent["incidents"] += t3 - t2
    mb = sum(len(t.encode("utf-8")) for t in corpus) / 1e6
    total = sum(spent.values())
    figures = {"reports": len(corpus), "mb": round(mb, 3), "incidents": rows,
               "parsed_chunks": len(ex.parser._cache), "sentences": sum(len(segment(t)) for t in corpus),
               **{f"{k}_mb_per_s": round(mb / v, 4) for k, v in spent.items()},
               "all_mb_per_s": round(mb / total, 4), "seconds": round(total, 2)}
    print(f"{figures['reports']} reports, {mb:.2f} MB, {rows} incidents, {total:.1f} s on one core")
    for k in spent:
        print(f"  {k:<10} {figures[k + '_mb_per_s']:.3f} MB/s")
    print(f"  {'all':<10} {figures['all_mb_per_s']:.3f} MB/s  ({1000 * total / len(corpus):.0f} ms per report)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
