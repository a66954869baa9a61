"""Benchmark cross-report person linking on synthetic mentions (10^4, 10^5, 10^6).

Synthetic material: a few thousand surnames x a few hundred given names, each real person
spelled with transliteration variants (ye/e, kh/h/q, zh/j, -ayev/-aev, double letters,
Cyrillic), about 10 persons per report and 5 mentions per person and report, and each report
170 context words (places, organisations) from a Zipf-weighted vocabulary of 20,000 plus its
persons' names, shared as entities_from_mentions shares them (--no-context: none, as the first
version of this benchmark had). Each size runs in
a fresh subprocess so that its peak RSS (resource.getrusage) is its own.

    .venv/bin/python scripts/bench_linking.py               # all sizes, prints a table
    .venv/bin/python scripts/bench_linking.py --sizes 10000 # one size
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.core.linking import Entity, link_persons, name_key, surname_key  # noqa: E402

_GIVEN = ["Aidar", "Aigul", "Askar", "Aset", "Bauyrzhan", "Dinara", "Elena", "Erlan", "Gulnara",
          "Kairat", "Kanat", "Madina", "Marat", "Murat", "Nurlan", "Olga", "Ruslan", "Sergei",
          "Svetlana", "Talgat", "Timur", "Yuri", "Zhanna", "Aleksandr", "Dmitry", "Natalia",
          "Saule", "Daniyar", "Asel", "Azamat", "Berik", "Galym", "Zhanbolat", "Serik", "Dana",
          "Laura", "Almas", "Arman", "Dauren", "Kuanysh", "Maksat", "Medet", "Olzhas", "Sanzhar",
          "Aizhan", "Aliya", "Gulmira", "Karlygash", "Roza", "Zarina", "Shavkat", "Dilnoza",
          "Bakhodir", "Sadyr", "Bolot", "Makhabat", "Farrukh", "Jamshid", "Sherzod", "Zafar"]
_STEMS = ["Bokay", "Semen", "Akhmet", "Nurzhan", "Kassym", "Tokay", "Ospan", "Zhaksylyk",
          "Serik", "Mamay", "Yerlan", "Kudaibergen", "Abdrakhman", "Sadyk", "Usaba", "Kadyr",
          "Kumarbek", "Ismail", "Tazhimurat", "Dzhumab", "Khalel", "Yessim", "Rakhim",
          "Baimukhamed", "Temir", "Karim", "Zhumag", "Iskak", "Mukhamed", "Yergali"]
_SYL = ["ba", "be", "da", "ga", "zha", "ka", "kha", "ly", "ma", "na", "nur", "sa", "se", "ta",
        "tu", "ya", "ye", "za", "bek", "tai", "kul", "zhan", "mur", "ra", "shi"]
_CYR = str.maketrans({"a": "а", "b": "б", "d": "д", "e": "е", "g": "г", "k": "к", "l": "л",
                      "m": "м", "n": "н", "o": "о", "r": "р", "s": "с", "t": "т", "u": "у",
                      "z": "з", "i": "и", "y": "ы", "A": "А", "B": "Б", "D": "Д", "E": "Е",
                      "G": "Г", "K": "К", "M": "М", "N": "Н", "O": "О", "R": "Р", "S": "С",
                      "T": "Т", "Z": "З", "I": "И", "Y": "Ы"})


def _surnames(rng: random.Random, n: int) -> list[str]:
    # distinct by blocking key, so that "-ov"/"-ev" twins are not two people by construction
    out: dict[str, str] = {}
    while len(out) < n:
        stem = rng.choice(_STEMS) if rng.random() < 0.2 else \
            "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()
        name = stem + rng.choice(["ov", "ev", "ayev", "enko", "uly", "bekov", "in", ""])
        out.setdefault(surname_key(name), name)
    return sorted(out.values())


def _variant(rng: random.Random, name: str) -> str:
    swaps = [("ayev", "aev"), ("Ye", "E"), ("kh", "h"), ("zh", "j"), ("ss", "s"),
             ("K", "Q"), ("k", "q"), ("iy", "y")]
    for a, b in swaps:
        if a in name and rng.random() < 0.3:
            name = name.replace(a, b, 1)
    if rng.random() < 0.3:
        name = re.sub(r"y\b", "i", name)  # Mamay / Mamai
    if rng.random() < 0.01:
        name = name.translate(_CYR)
    return name


def synth_mentions(n_mentions: int, seed: int = 7) -> list[tuple[str, str, str, int]]:
    """(report_id, local_id, surface, true person) rows; ~5 mentions per person and report."""
    rng = random.Random(seed)
    surnames = _surnames(rng, 4000)
    n_people = max(50, n_mentions // 25)
    people = []
    for _ in range(n_people):
        given, surname = rng.choice(_GIVEN), rng.choice(surnames)
        if given in {"Aigul", "Dinara", "Elena", "Gulnara", "Madina", "Olga", "Svetlana",
                     "Zhanna", "Natalia", "Saule", "Asel", "Dana", "Laura", "Aizhan", "Aliya",
                     "Gulmira", "Karlygash", "Roza", "Zarina", "Dilnoza", "Makhabat"} \
                and surname.endswith(("ov", "ev", "in")):
            surname += "a"
        people.append(f"{given} {surname}")
    people_index: dict[str, int] = {}
    for person in people:
        people_index.setdefault(person, len(people_index))  # same spelling = same person
    rows = []
    report = 0
    while len(rows) < n_mentions:
        report += 1
        rid = f"r{report:07d}"
        for k, person in enumerate(rng.sample(people, min(10, len(people))), 1):
            surface = _variant(rng, person)
            for _ in range(5):
                rows.append((rid, f"p{k}", surface, people_index[person]))
    return rows[:n_mentions]


CONTEXT_WORDS = 170  # capitalised non-name words per report, as in the synthetic corpus (median)
VOCABULARY = 20_000


def report_words(rng: random.Random, vocabulary: list[str], weights: list[float]) -> set[str]:
    """A report's context words: places and organisations, a few common, most rare (Zipf)."""
    return {"w:" + w for w in rng.choices(vocabulary, weights, k=CONTEXT_WORDS)}


def run(n: int, context: bool = True) -> dict:
    rows = synth_mentions(n)
    rng = random.Random(11)
    vocabulary = [f"place{i}" for i in range(VOCABULARY)]
    weights = [1 / (i + 1) for i in range(VOCABULARY)]
    words = {rid: report_words(rng, vocabulary, weights) for rid in sorted({r[0] for r in rows})} if context else {}
    t0 = time.perf_counter()  # made-up material above, the work entities_from_mentions does below
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    truth: dict[tuple[str, str], int] = {}
    for rid, lid, surface, person in rows:
        forms[(rid, lid)].add(surface)
        truth[(rid, lid)] = person
    entities = [Entity(rid, lid, sorted(fs)[0], sorted(fs)[1:]) for (rid, lid), fs in
                forms.items()]
    if context:
        # as entities_from_mentions makes them: the report's words and persons, one shared set
        # per report, less the entity's own name
        by_report: dict[str, list[Entity]] = defaultdict(list)
        for e in entities:
            by_report[e.report_id].append(e)
        for rid, es in by_report.items():
            keys = Counter(name_key(e.name) for e in es)
            shared = frozenset(words[rid] | {"p:" + k for k in keys})
            for e in es:
                e.report_context = shared
                e.own = frozenset({"p:" + name_key(e.name)}) if keys[name_key(e.name)] == 1 else frozenset()
    t1 = time.perf_counter()
    res = link_persons(entities, [], None, "bench")
    t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = _pairwise(truth, res.mapping)
    return {"mentions": n, "entities": len(entities), "persons": len(res.persons),
            "true_persons": len(set(truth.values())), "precision": precision, "recall": recall,
            "aggregate_s": round(t1 - t0, 2), "link_s": round(t2 - t1, 2),
            "total_s": round(t2 - t0, 2), "peak_rss_mb": round(peak_mb)}


def _pairwise(truth: dict, mapping: dict) -> tuple[float, float]:
    """Pairwise precision/recall of entity pairs from contingency counts (no pair listing)."""
    def pairs(counter):
        return sum(c * (c - 1) // 2 for c in counter.values())
    both = pairs(Counter((truth[k], mapping[k]) for k in truth))
    pred, gold = pairs(Counter(mapping[k] for k in truth)), pairs(Counter(truth.values()))
    return round(both / pred, 4) if pred else 1.0, round(both / gold, 4) if gold else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-context", action="store_true",
                    help="entities without context words (the benchmark before it modelled them)")
    ap.add_argument("--json", action="store_true", help="also print every row as one JSON line at the end")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run(args.one, context=not args.no_context)))
        return
    print(f"{'mentions':>10} {'entities':>9} {'persons':>8} {'true':>7} {'P':>7} {'R':>7} "
          f"{'aggregate s':>12} {'link s':>8} {'total s':>8} {'peak RSS MB':>12}")
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)] + ["--no-context"] * args.no_context, check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['mentions']:>10} {r['entities']:>9} {r['persons']:>8} "
              f"{r['true_persons']:>7} {r['precision']:>7} {r['recall']:>7} "
              f"{r['aggregate_s']:>12} {r['link_s']:>8} {r['total_s']:>8} "
              f"{r['peak_rss_mb']:>12}", flush=True)
        rows.append(r)
    if args.json:
        print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
