"""Synthetic report-like texts for benchmarks and property tests, seeded and deterministic.

Material: the project's own templates and lexicons (scripts/data/synthetic_corpus.yaml), the
given names of pipelines/core/data/given_names.txt and the cities of sources/gazetteer/places.csv;
never third-party text. A report has page chrome (navigation, a photo credit, a related-links
tail), a title, an introduction with period and publisher, sections of incident paragraphs
(names, roles, places, dates, legal articles, money, durations), background sentences,
quotations, lists of names, and, in about a third of the reports, a closing summary that
repeats sentences of the body verbatim, as digests do. Report `i` of seed `s` is the same text
on every machine and run; no two reports of one corpus are alike (their titles and people differ).

    .venv/bin/python scripts/synthetic_corpus.py --n 1000 --out /tmp/corpus   # writes NNNNN.txt
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "synthetic_corpus.yaml"
TARGET_CHARS = 17_000
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_SLOT = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    lex = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    given = {"m": [], "f": []}
    for line in (ROOT / "pipelines" / "core" / "data" / "given_names.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in given:
            given[parts[0]].append(parts[1])
    cities: dict[str, list[str]] = {c: [] for c in lex["countries"]}
    with (ROOT / "sources" / "gazetteer" / "places.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] == "city" and row["country"] in cities and "’" not in row["name"]:
                cities[row["country"]].append(row["name"])
    lex["given"], lex["cities"] = given, cities
    return lex


@dataclass
class _Person:
    given: str
    surname: str
    gender: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"


_POPULATION = 50_000  # persons per country the corpus draws from
_SYLLABLES = ["", "bek", "bay", "jan", "nur", "tay", "kul", "mur", "sar", "dil", "zhan", "gul",
              "ali", "kan", "tem", "ras", "dos", "mir", "rus", "uz", "tur", "zak", "ay", "er"]


def _population_person(country: str, rng: random.Random) -> _Person:
    """Person number k of a country's population, k drawn with a long tail: a few people (long-
    term prisoners, prominent critics) recur across many reports, most appear once or twice.
    Surnames are a stem, a syllable and a suffix: about 1,600 surname cores, as many as a real
    corpus offers the linker's blocking (66 stems alone made blocks of a thousand namesakes)."""
    k = min(int(rng.paretovariate(0.6)) - 1, _POPULATION - 1) if rng.random() < 0.5 else rng.randrange(_POPULATION)
    r = random.Random(f"{country}:{k}")  # the same k is the same person in every report
    lex = _lexicon()
    gender = r.choice("mf")
    stem = r.choice(lex["surname_stems"]) + r.choice(_SYLLABLES)
    style = r.random()
    if country in ("KG", "KZ") and style < 0.1:
        surname = f"{stem.capitalize()} {'uulu' if gender == 'm' else 'kyzy'}"
    elif country == "TJ" and style < 0.2:
        surname = stem + "zoda"
    elif country == "TM" and style < 0.3:
        surname = stem + ("ow" if gender == "m" else "owa")
    else:
        suffix = r.choice(["ov", "ev", "bekov", "bayev"]) if stem[-1] not in "aeiouy" else "ev"
        surname = stem + (suffix if gender == "m" else suffix + "a")
    return _Person(r.choice(lex["given"][gender]), surname, gender)


class _Report:
    """Fills the templates of one report; `rng` alone decides every choice."""

    def __init__(self, rng: random.Random, index: int):
        self.rng, self.lex = rng, _lexicon()
        self.country = rng.choice(sorted(self.lex["countries"]))
        self.info = self.lex["countries"][self.country]
        year = 2015 + index % 10
        quarter = rng.randrange(4)
        self.start = dt.date(year, 3 * quarter + 1, 1)
        self.months = [_MONTHS[3 * quarter + k] for k in range(3)]
        self.year = year
        self.people: list[_Person] = []
        self.last: _Person | None = None
        self.used_names: set[str] = set()

    def person(self) -> _Person:
        rng = self.rng
        # a third of the time, someone the report has already named comes back
        if self.people and rng.random() < 0.3:
            return rng.choice(self.people)
        for _ in range(20):
            p = _population_person(self.country, rng)
            if p.name not in self.used_names:
                break
        self.used_names.add(p.name)
        self.people.append(p)
        return p

    def date(self) -> str:
        day = self.start + dt.timedelta(days=self.rng.randrange(90))
        form = self.rng.random()
        if form < 0.6:
            return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
        if form < 0.8:
            return f"{day.day:02d}.{day.month:02d}.{day.year}"
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"

    def money(self) -> str:
        amount = self.rng.choice([25, 50, 100, 150, 200]) * self.rng.choice([1000, 1500, 2525])
        code, word = self.info["currency"]
        return f"{amount:,} {code}" if self.rng.random() < 0.5 else f"{amount:,} {word}"

    def article(self) -> str:
        code, numbers = self.rng.choice(self.lex["codes"])
        part = f"Part {self.rng.randint(1, 3)} of " if self.rng.random() < 0.3 else ""
        return f"{part}Article {self.rng.choice(numbers)} of the {code}"

    def fill(self, template: str) -> str:
        rng = self.rng

        def slot(m: re.Match) -> str:
            key = m.group(1)
            if key in ("person", "person2"):
                self.last = self.person()
                return self.last.name
            last = self.last or self.person()
            pronouns = {"he": ("he", "she"), "his": ("his", "her"), "him": ("him", "her")}
            if key.removesuffix("_cap") in pronouns:
                word = pronouns[key.removesuffix("_cap")][last.gender == "f"]
                return word.capitalize() if key.endswith("_cap") else word
            values = {
                "surname": lambda: last.surname,
                "role": lambda: rng.choice(self.lex["roles"]),
                "a_role": lambda: (lambda r: f"{'an' if r[0] in 'aeiou' else 'a'} {r}")(rng.choice(self.lex["roles"])),
                "plural_role": lambda: rng.choice(self.lex["plural_roles"]),
                "city": lambda: rng.choice(self.lex["cities"][self.country]),
                "date": self.date,
                "month": lambda: f"{rng.choice(self.months)} {self.year}",
                "period": lambda: f"{self.months[0]} to {self.months[-1]} {self.year}",
                "article": self.article,
                "money": self.money,
                "days": lambda: str(rng.choice([3, 5, 7, 10, 15])),
                "years": lambda: rng.choice(["two", "three", "five", "seven", "4", "6"]),
                "count": lambda: str(rng.choice([20, 30, 40, 60, 100, 150])),
                "count2": lambda: rng.choice(["five", "eight", "ten", "12", "15"]),
                "outlet": lambda: rng.choice(self.lex["outlets"]),
                "org": lambda: rng.choice(self.lex["orgs"]),
                "org_cap": lambda: rng.choice(self.lex["orgs"]).replace("the ", "The ", 1),
                "group": lambda: rng.choice(self.lex["groups"]),
                "court": lambda: f"district court of {rng.choice(self.lex['cities'][self.country])}",
                "country": lambda: self.info["name"],
                "topic": lambda: rng.choice(self.lex["topics"]),
                "topic2": lambda: rng.choice(self.lex["topics"]),
                "topic_cap": lambda: rng.choice(self.lex["topics"]).capitalize(),
                "names": lambda: ", ".join(self.person().name for _ in range(rng.randint(3, 7))),
            }
            return values[key]()

        text = _SLOT.sub(slot, template)
        return text[0].upper() + text[1:]

    def text(self, index: int, target: int) -> str:
        rng, lex = self.rng, self.lex
        lines = rng.sample(lex["chrome_top"], rng.randint(0, 3))
        # the serial keeps titles apart: same-titled near-identical files would be taken for
        # versions of one report
        lines.append(f"{self.fill(rng.choice(lex['titles']))} (update {index + 1})")
        if rng.random() < 0.5:
            lines.append(self.fill(rng.choice(lex["chrome_photo"])))
        lines += [self.fill(rng.choice(lex["intros"])), self.fill(rng.choice(lex["overviews"]))]
        told: list[str] = []
        size = sum(len(x) + 2 for x in lines)
        while size < target:
            section = [rng.choice(lex["headings"])]
            for _ in range(rng.randint(2, 5)):
                self.last = None
                story = [self.fill(s) for s in rng.choice(lex["incidents"])]
                told.append(story[0])
                extra = rng.random()
                if extra < 0.3:
                    story.append(self.fill(rng.choice(lex["background"])))
                elif extra < 0.4:
                    story.append(self.fill(rng.choice(lex["quotes"])))
                elif extra < 0.45:
                    story.append(self.fill(rng.choice(lex["lists"])))
                section.append(" ".join(story))
            size += sum(len(x) + 2 for x in section)
            lines += section
        if rng.random() < 0.35 and told:
            # a digest's summary tells again, word for word, what the body told
            lines += ["Summary", " ".join(rng.sample(told, min(len(told), rng.randint(1, 3))))]
        lines.append(rng.choice(lex["chrome_bottom_marker"]))
        lines += [self.fill(rng.choice(lex["chrome_bottom"])) for _ in range(rng.randint(2, 4))]
        return "\n\n".join(lines) + "\n"


def report(index: int, seed: int = 0, target_chars: int = TARGET_CHARS) -> str:
    """Report number `index` of the corpus of `seed`, about `target_chars` long."""
    return _Report(random.Random(f"{seed}:{index}"), index).text(index, target_chars)


def corpus(n: int, seed: int = 0, target_chars: int = TARGET_CHARS):
    """(file name, text) of reports 0..n-1."""
    for i in range(n):
        yield f"{i:05d}.txt", report(i, seed, target_chars)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--chars", type=int, default=TARGET_CHARS)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in corpus(args.n, args.seed, args.chars):
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {args.n} reports to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
