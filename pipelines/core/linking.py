"""Cross-report person linking, reviewer judgements, stable person ids and redirects.

What belongs here: turning the per-report persons of core.names (one Entity per report and
local id) into one row per real person across reports, obeying the reviewers' judgement file,
and keeping person ids stable from release to release (merges leave redirects, splits give ids
back). Recognising names inside one report is core.names' job.

Engine: DuckDB's own string functions (jaro_winkler_similarity, damerau_levenshtein) over an
in-memory Arrow table of names, with blocking; the few pairs the name rules let through are
scored in Python, where their context and roles are compared as sets (made only for those
nodes); then union-find in Python with guards. Chosen over Splink because the decision here is rule-shaped (a transliteration fold
does most of the work, the remaining pairs need hard guards rather than learned m/u weights),
there is no labelled volume to train Splink's EM on, it needs no extra dependency, and it is
deterministic. Scale: linking runs on distinct name keys (mentions and entities are aggregated
first), and the candidate SQL is one equi-join per blocking key, so it runs unchanged on Spark
SQL (levenshtein is built in there; jaro_winkler comes from Splink's Spark UDF jar) or can be
handed to Splink as its blocking rules and comparison CASE when data outgrows one machine; the
context score of the passing pairs is then a join of those pairs with each node's context.

Pair rules (score >= ACCEPT links):
  given names: same after the lexicon's variant table (Max/Maks, Aleksandr/Alexander), an
  initial of it, a spelling slip (edit distance 1, at most one of the two a known name), or
  missing (surname-only person); two different known given names never link.
  surnames: same fold (ye/e, yo/e, kh/h/q, zh/j, dzh/j, -iy/-y/-i, -ayev/-aev, double
  letters, Cyrillic), same core (Ayan/Ayanov), or close (Jaro-Winkler >= 0.9, Bilash/Biyash,
  or equal once o = a, the Uzbek/Tajik o for Russian a: Sattorov/Sattarov, Bozorov/Bazarov:
  needs a shared role or context item, since random surnames are often one letter apart);
  the same o/a reading of given names and of a surname's first letter (Oybek Olimov / Aybek
  Alimov, Dilmurod/Dilmurad) is blocked on and links only with a shared context item.
  initials: "Zh."/"Sh."/"Ye." stand for their first letter; an initial with the same surname
  links on shared context, or else (like a surname alone) only when the other reports offer
  exactly one person of that surname and initial.
  guards: -ova/-ov and other gender clashes, two entities of one report (the report already
  told them apart, e.g. relatives named together), "not same" judgements, and clusters whose
  known given names are disjoint.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import yaml

from pipelines.core.continuity import Redirect, flatten
from pipelines.core.names import (
    PARTICLES, fold, given_canon, given_info, is_initial, name_gender, person_relations,
    split_name, surname_core,
)
from pipelines.core.reviewed_yaml import load_reviewed

ACCEPT = 0.9
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|vich)$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:mr|ms|mrs|dr|prof)\.?$", re.IGNORECASE)


# ----------------------------------------------------------------------------- rows

@dataclass(slots=True)
class Entity:
    report_id: str
    local_id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    first_seen: date | None = None
    last_seen: date | None = None
    context: frozenset[str] = frozenset()
    relations: list[tuple[str, str]] = field(default_factory=list)
    # Context shared by the report's entities (its places, organisations and persons), one
    # object per report, and the items of it that are not this entity's (its own name): a copy
    # in each entity's `context` was 900 MB at 1,000 reports. The entity's context is
    # `context | (report_context - own)`.
    report_context: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()


@dataclass
class Judgement:
    kind: str                    # 'same' | 'not_same'
    left: Any                    # "P..." or {"name": ..., "report": ...}
    right: Any
    note: str = ""
    where: str = ""              # "judgements.yaml#3", for messages


@dataclass
class PersonRow:
    person_id: str
    name: str
    aliases: list[str]
    roles: list[str]
    first_seen: date | None
    last_seen: date | None
    n_reports: int
    n_incidents: int = 0


# Why a published person id is no longer a row of persons (person_redirects.reason).
MERGED = "merged"                      # the person is the one person_id names (chains are followed)
REPORT_REMOVED = "report_removed"      # every report that named the person left the sources
NO_LONGER_IDENTIFIED = "no_longer_identified"  # the reports remain; no one person of them is it
REDIRECT_REASONS = (MERGED, REPORT_REMOVED, NO_LONGER_IDENTIFIED)


@dataclass
class RedirectRow:
    """A published id that is no person of this release: `person_id` is where it went (None:
    retired, `reason` says why)."""
    old_person_id: str
    person_id: str | None
    release: str
    reason: str = MERGED


@dataclass
class PreviousRelease:
    """What the last release said: (report_id, local_id) or (report_id, name_key) -> person_id."""
    mapping: dict[tuple[str, str], str]
    redirects: list[RedirectRow] = field(default_factory=list)
    persons: list[PersonRow] = field(default_factory=list)


@dataclass
class LinkResult:
    persons: list[PersonRow]
    mapping: dict[tuple[str, str], str]
    redirects: list[RedirectRow]
    conflicts: list[str]


# ----------------------------------------------------------------------------- keys

@functools.lru_cache(maxsize=200_000)  # three keys of each name ask for its tokens
def _name_tokens(name: str) -> tuple[str, str, tuple[str, ...]]:
    cleaned = " ".join(t for t in name.replace(".", ". ").split() if not _TITLE.match(t))
    given, surname = split_name(cleaned)
    middle = tuple(t for t in cleaned.split() if t not in (given, *surname.split())
                   and not _PATRONYMIC.search(t) and t.lower() not in PARTICLES)
    return given, surname, middle


# Keys are pure functions of the string and the same names recur in report after report: a
# 1,000-report build asked for 250,000 keys of a few thousand distinct names.
@functools.lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Transliteration-aware, order-insensitive key: "Usabaev Ruslan" == "Ruslan Usabaev",
    "Yelena Semyonova" == "Elena Semenova" == "Елена Семёнова"."""
    given, surname, middle = _name_tokens(name)
    toks = [fold(surname.replace(" ", ""))]
    if given:
        toks.append(given_canon(given.rstrip(".")))
    toks += [fold(t) for t in middle]
    return " ".join(sorted(t for t in toks if t))


@functools.lru_cache(maxsize=200_000)
def surname_key(name: str) -> str:
    """Blocking key: the folded surname without its -ov/-eva/-uly suffix."""
    return surname_core(_name_tokens(name)[1])


def person_id_for(key: str) -> str:
    return "P" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def _local_order(local_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", local_id)
    return (int(digits) if digits else 0, local_id)


def _entity_order(e: Entity) -> tuple:
    return (e.report_id, _local_order(e.local_id))


# ----------------------------------------------------------------------------- judgements

def load_judgements(path: Path) -> tuple[list[Judgement], list[str]]:
    """Read sources/judgements/persons.yaml; problems are messages, never exceptions."""
    if not path.exists():
        return [], []
    try:
        data = load_reviewed(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return [], [f"{path.name}: not valid YAML ({exc})"]
    items = data.get("judgements") if isinstance(data, dict) else None
    if items is None:
        return [], [] if data in ({}, None) else [f"{path.name}: no 'judgements' list"]
    if not isinstance(items, list):
        return [], [f"{path.name}: 'judgements' must be a list"]
    out: list[Judgement] = []
    problems: list[str] = []
    for i, item in enumerate(items, 1):
        where = f"{path.name}#{i}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        kind = item.get("kind")
        if kind not in ("same", "not_same"):
            problems.append(f"{where}: kind must be 'same' or 'not_same', got {kind!r}")
            continue
        sides = [item.get("left"), item.get("right")]
        bad = [s for s in sides if not _valid_side(s)]
        if bad:
            problems.append(f"{where}: a side must be a person id 'P…' or {{name, report}}, "
                            f"got {bad[0]!r}")
            continue
        out.append(Judgement(kind, sides[0], sides[1], str(item.get("note", "")), where))
    return out, problems


def _valid_side(side: Any) -> bool:
    if isinstance(side, str):
        return bool(re.fullmatch(r"P[0-9a-f]{10}", side))
    return isinstance(side, dict) and isinstance(side.get("name"), str) and \
        isinstance(side.get("report"), str)


def _side_label(side: Any) -> str:
    return side if isinstance(side, str) else f"{side['name']} ({side['report']})"


# ----------------------------------------------------------------------------- union-find

class _Clusters:
    """Union-find over nodes with guards kept per root."""

    def __init__(self, n: int, reports: list[set[str]], givens: list[set[str]],
                 genders: list[set[str]]):
        self.parent = list(range(n))
        self.reports = reports
        self.givens = givens
        self.genders = genders
        self.cannot: list[tuple[int, int]] = []

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def blocked(self, a: int, b: int) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        for x, y in self.cannot:
            fx, fy = self.find(x), self.find(y)
            if {fx, fy} == {ra, rb}:
                return "a 'not same' judgement"
        if not self.reports[ra].isdisjoint(self.reports[rb]):
            return "two persons of one report"
        ga, gb = self.givens[ra], self.givens[rb]
        if ga and gb and ga.isdisjoint(gb):
            return "different given names"
        if len(self.genders[ra] | self.genders[rb]) > 1:
            return "different genders"
        return None

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.reports[ra]) < len(self.reports[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        for attr in ("reports", "givens", "genders"):
            getattr(self, attr)[ra] |= getattr(self, attr)[rb]
            getattr(self, attr)[rb] = set()


# ----------------------------------------------------------------------------- candidates

_PAIR_SQL = """
WITH pairs AS (
    SELECT a.node AS na, b.node AS nb, a.*, b.given AS b_given, b.known AS b_known,
           b.sfold AS b_sfold, b.core AS b_core, b.gender AS b_gender
    FROM keys a JOIN keys b ON a.core = b.core AND a.node < b.node
    UNION ALL
    SELECT a.node AS na, b.node AS nb, a.*, b.given AS b_given, b.known AS b_known,
           b.sfold AS b_sfold, b.core AS b_core, b.gender AS b_gender
    FROM keys a JOIN keys b
      ON a.given = b.given AND a.initial = b.initial AND a.node < b.node
    WHERE a.given <> '' AND a.core <> b.core
      AND (jaro_winkler_similarity(a.sfold, b.sfold) >= 0.9
           OR translate(a.sfold, 'o', 'a') = translate(b.sfold, 'o', 'a'))
      AND damerau_levenshtein(a.sfold, b.sfold) <= 2
    UNION ALL
    SELECT a.node AS na, b.node AS nb, a.*, b.given AS b_given, b.known AS b_known,
           b.sfold AS b_sfold, b.core AS b_core, b.gender AS b_gender
    FROM keys a JOIN keys b
      ON a.vgiven = b.vgiven AND a.vcore = b.vcore AND a.node < b.node
    WHERE a.given <> b.given AND length(a.given) >= 4 AND length(b.given) >= 4
), classed AS (
    SELECT na, nb,
      CASE WHEN given = b_given AND given <> '' THEN 'same'
           WHEN given = '' OR b_given = '' THEN 'missing'
           WHEN length(given) = 1 OR length(b_given) = 1 THEN
                CASE WHEN left(given, 1) = left(b_given, 1) THEN 'initial' ELSE 'diff' END
           WHEN least(length(given), length(b_given)) >= 4
                AND translate(given, 'o', 'a') = translate(b_given, 'o', 'a') THEN 'vowel'
           WHEN NOT (known AND b_known) AND least(length(given), length(b_given)) >= 4
                AND damerau_levenshtein(given, b_given) <= 1 THEN 'slip'
           ELSE 'diff' END AS g,
      CASE WHEN sfold = b_sfold THEN 'same'
           WHEN core = b_core THEN 'suffix'
           ELSE 'close' END AS s,
      (gender <> '' AND b_gender <> '' AND gender <> b_gender) AS clash,
      given = '' AS a_bare, length(given) = 1 AS a_initial
    FROM pairs
)
SELECT na, nb, g, s, a_bare, a_initial FROM classed
WHERE NOT clash AND g <> 'diff' AND NOT (g NOT IN ('same', 'vowel') AND s <> 'same')
ORDER BY na, nb, g, s, a_bare, a_initial
"""


# Score of a pair that passed the name rules, in hundredths (integers: 0.85 + 0.05 is 0.9 here,
# not 0.8999999999999999): given-name reading and surname reading, then what context adds.
_NAME_SCORE = {("same", "same"): 100, ("same", "suffix"): 93, ("same", "close"): 86,
               ("vowel", "same"): 86, ("vowel", "suffix"): 86, ("vowel", "close"): 86,
               ("slip", "same"): 85, ("initial", "same"): 80, ("missing", "same"): 80}
_SHARED_CONTEXT_SCORE = 5   # per context item both nodes have, at most two
_SHARED_ROLE_SCORE = 3      # any role both have
_PRESIDENTS_SCORE = 10      # a surname alone beside a president of that surname, both presidents


def _candidate_edges(rows: dict[str, list], context: _NodeContext) -> list[tuple[float, int, int, int]]:
    """(score, node a, node b, the node known by surname alone or -1), best first. `rows`: the
    blocking keys, a row per name of a node; `context`: each node's context items and roles.

    DuckDB pairs the names (blocking joins and string similarity); the few pairs the name rules
    let through (about 3,000 at 1,000 reports) are scored here, with their context compared as
    sets: handing every node's context to DuckDB as lists was 5 million strings at 1,000 reports,
    most of linking's time, for pairs that then mostly failed the name rules."""
    con = duckdb.connect()
    try:
        con.register("keys", pa.table(rows))
        named = con.execute(_PAIR_SQL).fetchall()
    finally:
        con.close()
    accept = round(ACCEPT * 100)
    scored = []
    for na, nb, g, s, a_bare, a_initial in named:
        roles_a, roles_b = context.roles(na), context.roles(nb)
        score = _NAME_SCORE.get((g, s), 0)
        if g == "missing" and "president" in roles_a and "president" in roles_b:
            score += _PRESIDENTS_SCORE
        score += min(len(context.ctx(na) & context.ctx(nb)), 2) * _SHARED_CONTEXT_SCORE
        score += _SHARED_ROLE_SCORE if not roles_a.isdisjoint(roles_b) else 0
        if g == "missing":
            bare = na if a_bare else nb
        elif g == "initial" and score < accept:
            bare = na if a_initial else nb
        else:
            bare = -1
        if score >= accept or g == "initial":
            scored.append((score, na, nb, bare))
    scored.sort(key=lambda t: (-t[0], t[1], t[2], t[3]))
    best: dict[tuple[int, int], tuple[int, int]] = {}
    for score, na, nb, bare in scored:
        old = best.get((na, nb))
        # a full-name reading of the pair beats a surname-only one
        if old is None or (bare < 0, score) > (old[1] < 0, old[0]):
            best[(na, nb)] = (score, bare)
    return sorted(((s / 100, a, b, bare) for (a, b), (s, bare) in best.items()),
                  key=lambda t: (-t[0], t[1], t[2]))


def _link_bare(clusters: _Clusters, edges: list[tuple[float, int, int, int]]) -> None:
    """A person known by surname alone ("President Tokayev") or by initials ("Zh. Mamay",
    without context shared with the other report) joins a namesake only when the other reports
    offer exactly one person of that surname (and initial): with two (a father and a son who
    were both president) the choice would be a guess."""
    offers: dict[int, list[int]] = defaultdict(list)
    for _, a, b, bare in edges:
        if bare >= 0:
            offers[bare].append(b if bare == a else a)
    for bare in sorted(offers):
        others = offers[bare]
        roots = {clusters.find(o) for o in others} - {clusters.find(bare)}
        if len(roots) == 1:
            other = min(o for o in others if clusters.find(o) in roots)
            if clusters.blocked(bare, other) is None:
                clusters.union(bare, other)


# ----------------------------------------------------------------------------- linking

@dataclass
class _Node:
    key: str
    entities: list[int]


@functools.lru_cache(maxsize=200_000)
def _features(name: str) -> tuple[str, bool, str, str, str]:
    """Blocking and guard features of one name; cached, as a name recurs across reports and is
    read by both the guards and the blocking rows."""
    given, surname, _ = _name_tokens(name)
    g = given.rstrip(".")
    initial = is_initial(g)  # "A.", and the two-letter "Zh.", "Sh.", "Ye." of Cyrillic names
    gk = fold(g)[:1] if initial else (given_canon(g) if g else "")
    known = bool(g) and not initial and given_info(g) is not None
    gender = name_gender("" if initial else g, surname) or ""
    return gk, known, fold(surname.replace(" ", "")), surname_core(surname), gender


def link_persons(entities: list[Entity], judgements: list[Judgement],
                 previous: PreviousRelease | None, release: str) -> LinkResult:
    """One PersonRow per real person; see the module docstring for the rules."""
    conflicts: list[str] = []
    entities = sorted(entities, key=_entity_order)
    ekeys = [name_key(e.name) for e in entities]
    side_sets = [(j, _resolve_side(j.left, entities, ekeys, previous),
                  _resolve_side(j.right, entities, ekeys, previous)) for j in judgements]
    for j, left, right in side_sets:
        for side, found in ((j.left, left), (j.right, right)):
            if not found:
                conflicts.append(f"{j.where}: {_side_label(side)} matches no person in this "
                                 f"build; judgement ignored")
    # Entities on the right of a 'not same' that shares their key get nodes of their own.
    split_off: set[int] = set()
    for j, left, right in side_sets:
        if j.kind == "not_same" and left and right:
            lkeys = {ekeys[i] for i in left}
            split_off |= {i for i in right if ekeys[i] in lkeys and i not in left}
    node_of: dict[str, int] = {}
    nodes: list[_Node] = []
    ent_node: list[int] = []
    for i, e in enumerate(entities):
        key = ekeys[i] if i not in split_off else f"{ekeys[i]}#{e.report_id}/{e.local_id}"
        if key not in node_of:
            node_of[key] = len(nodes)
            nodes.append(_Node(ekeys[i], []))
        nodes[node_of[key]].entities.append(i)
        ent_node.append(node_of[key])

    clusters = _init_clusters(nodes, entities)
    for j, left, right in side_sets:
        if j.kind == "not_same" and left and right:
            if {ent_node[i] for i in left} & {ent_node[i] for i in right}:
                # (an id whose own entities left the build reads as the whole person it was
                # merged into; acting on the rest split on one build and merged back on the next)
                conflicts.append(f"{j.where}: 'not same' {_side_label(j.left)} / "
                                 f"{_side_label(j.right)} names one entity on both sides; ignored")
                continue
            clusters.cannot += [(ent_node[a], ent_node[b]) for a in left for b in right
                                if ent_node[a] != ent_node[b]]
    for j, left, right in side_sets:
        if j.kind == "same" and left and right:
            anchor = ent_node[left[0]]
            for i in left[1:] + right:
                why = clusters.blocked(anchor, ent_node[i])
                if why == "a 'not same' judgement":
                    conflicts.append(f"{j.where}: 'same' {_side_label(j.left)} / "
                                     f"{_side_label(j.right)} contradicts {why}; not merged")
                    continue
                if why:
                    conflicts.append(f"{j.where}: 'same' {_side_label(j.left)} / "
                                     f"{_side_label(j.right)} overrides the guard ({why})")
                clusters.union(anchor, ent_node[i])

    edges = _candidate_edges(*_key_rows(nodes, entities))
    for _, a, b, bare in edges:
        if bare < 0 and clusters.blocked(a, b) is None:
            clusters.union(a, b)
    _link_bare(clusters, edges)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entities)):
        groups[clusters.find(ent_node[i])].append(i)
    parts = sorted(groups.values(), key=lambda idx: _entity_order(entities[idx[0]]))
    ids, redirects = _assign_ids(parts, entities, ekeys, previous, release, conflicts)
    published = {p.person_id: p.name for p in previous.persons} if previous else {}
    persons = [_person_row(pid, [entities[i] for i in idx], published.get(pid)) for pid, idx in zip(ids, parts)]
    mapping = {(entities[i].report_id, entities[i].local_id): pid
               for pid, idx in zip(ids, parts) for i in idx}
    persons.sort(key=lambda p: p.person_id)
    return LinkResult(persons, mapping, redirects, conflicts)


def _vowel(s: str) -> str:
    return s.replace("o", "a")


def _init_clusters(nodes: list[_Node], entities: list[Entity]) -> _Clusters:
    reports, givens, genders = [], [], []
    for node in nodes:
        es = [entities[i] for i in node.entities]
        reports.append({e.report_id for e in es})
        g: set[str] = set()
        s: set[str] = set()
        for e in es:
            gk, known, _, _, gender = _features(e.name)
            if known:
                g.add(_vowel(gk))  # Oybek/Aybek are one name, not two
            if gender:
                s.add(gender)
        givens.append(g)
        genders.append(s)
    return _Clusters(len(nodes), reports, givens, genders)


class _NodeContext:
    """The context items (folded) and roles of a node, made when a pair asks for them: of 52,000
    nodes at 1,000 reports only the 6,000 of the 3,000 pairs that pass the name rules are ever
    compared, and making every node's set was a third of linking."""

    def __init__(self, nodes: list[_Node], entities: list[Entity]):
        self.nodes, self.entities = nodes, entities
        self.informative = _informative_context(entities)
        self.folded: dict[str, str] = {}
        self.reports: dict[int, tuple[frozenset[str], frozenset[str], Counter]] = {}
        self.made: dict[int, frozenset[str]] = {}

    def _fold(self, item: str) -> str:
        out = self.folded.get(item)
        if out is None:
            out = self.folded[item] = fold(item)
        return out

    def _report_part(self, report_context: frozenset[str]) -> tuple[frozenset[str], frozenset[str], Counter]:
        # A report's entities share one context set (also after a memo load): its informative
        # items are found and folded once per report, not once per entity.
        key = id(report_context)
        if key not in self.reports:
            raw = self.informative.intersection(report_context)
            counts = Counter(map(self._fold, raw))
            self.reports[key] = (raw, frozenset(counts), counts)
        return self.reports[key]

    def _part(self, e: Entity) -> frozenset[str]:
        # the report's folded set without the entity's own name, which is the folded set of
        # the rest unless another item of the report folds to the same string: then it is
        # folded again without it
        raw, whole, counts = self._report_part(e.report_context)
        gone = raw & e.own
        if not gone:
            return whole
        if all(counts[self._fold(c)] == 1 for c in gone):
            return whole - {self._fold(c) for c in gone}
        return frozenset(map(self._fold, raw - e.own))

    def ctx(self, n: int) -> frozenset[str]:
        made = self.made.get(n)
        if made is None:
            es = [self.entities[i] for i in self.nodes[n].entities]
            # folding distributes over a union: the node's folded context is its parts' union
            made = frozenset().union(*(self._part(e) for e in es))
            own = [self.informative.intersection(e.context) for e in es if e.context]
            if own:
                made |= frozenset(map(self._fold, set().union(*own)))
            self.made[n] = made
        return made

    def roles(self, n: int) -> frozenset[str]:
        return frozenset(r for i in self.nodes[n].entities for r in self.entities[i].roles)


def _key_rows(nodes: list[_Node], entities: list[Entity]) -> tuple[dict[str, list], _NodeContext]:
    """The blocking keys (a row per name of a node), and the nodes' context and roles."""
    named: list[tuple] = []  # (node, *features) of each name of each node
    for n, node in enumerate(nodes):
        es = [entities[i] for i in node.entities]
        names = sorted({nm for e in es for nm in [e.name, *_full_aliases(e)]})
        named += [(n, *f) for f in map(_features, names) if f[2]]  # a name with no surname blocks nothing
    # the columns at once, not nine appends per name (a fifth of this function at 1,000 reports)
    node, given, known, sfold, core, gender = (list(c) for c in zip(*named)) if named else ([],) * 6
    # blocking keys read with the Uzbek/Tajik o for Russian a (Olimov/Alimov)
    cols = {"node": node, "given": given, "initial": [_vowel(s[:1]) for s in sfold],
            "vgiven": [_vowel(g) for g in given], "vcore": [_vowel(c) for c in core],
            "known": known, "sfold": sfold, "core": core, "gender": gender}
    return cols, _NodeContext(nodes, entities)


def _full_aliases(e: Entity) -> list[str]:
    """Aliases that can stand for the person on their own: a surname or an initial alone would
    link every namesake, so they count only for a person known by nothing more."""
    if _bare_given(e.name):
        return e.aliases
    return [a for a in e.aliases if not _bare_given(a)]


@functools.lru_cache(maxsize=200_000)  # a name recurs in report after report
def _bare_given(name: str) -> bool:
    """The name has no given name, or only an initial of it."""
    g = split_name(name)[0].rstrip(".")
    return len(g) <= 1 or is_initial(g)


def _informative_context(entities: list[Entity]) -> frozenset[str]:
    """Context items named in few reports: "Kazakhstan" or "police" tell no one apart."""
    # per report, the union of its entities' context (they share most of it), then one count
    # of reports per item; item by item in Python this was seconds at 1,000 reports
    per_report: dict[str, list[frozenset[str]]] = defaultdict(list)
    # per report and shared set: the items no entity of it excludes (a report of one person
    # does not name that person as context)
    excluded: dict[tuple[str, int], frozenset[str]] = {}
    shared: dict[tuple[str, int], frozenset[str]] = {}
    for e in entities:
        per_report[e.report_id].append(e.context)
        key = (e.report_id, id(e.report_context))
        shared[key] = e.report_context
        excluded[key] = excluded[key] & e.own if key in excluded else e.own
    for key, items in shared.items():
        per_report[key[0]].append(items - excluded[key])
    counts: Counter[str] = Counter()
    for contexts in per_report.values():
        counts.update(frozenset().union(*contexts))
    # 5% of the reports, and never more than 50: in a corpus of thousands, an item of 5% (250
    # reports) is shared by chance by many namesakes (bench_linking at 10^6 mentions: pairwise
    # precision 0.61 with 5%, 0.74 with the cap, and linking 43 s -> 19 s)
    limit = max(2, min(int(0.05 * len(per_report)), 50))
    return frozenset(c for c, n in counts.items() if n <= limit)


def _resolve_side(side: Any, entities: list[Entity], ekeys: list[str],
                  previous: PreviousRelease | None) -> list[int]:
    if isinstance(side, dict):
        key = name_key(side["name"])
        rep = side["report"]
        return [i for i, e in enumerate(entities)
                if (e.report_id == rep or (len(rep) >= 3 and e.report_id.startswith(rep)))
                and (ekeys[i] == key or key in {name_key(a) for a in e.aliases})]
    pid = side
    if previous is None:
        return [i for i, k in enumerate(ekeys) if person_id_for(k) == pid]
    red_map = _redirect_map(previous)
    final = _follow(pid, red_map)
    home = [i for i, k in enumerate(ekeys) if person_id_for(k) == pid]
    if final != pid and home:
        return home  # a retired id names the entities it was first made from
    held = [i for i, e in enumerate(entities)
            if _previous_id(e, ekeys[i], previous, red_map) == final]
    # a current id without the entities of the ids merged into it (so a split can name both)
    merged_in = {old for old in red_map if _follow(old, red_map) == pid}
    own = [i for i in held if person_id_for(ekeys[i]) not in merged_in]
    return own or held or home


def _follow(pid: str, redirects: dict[str, str]) -> str:
    seen = set()
    while pid in redirects and pid not in seen:
        seen.add(pid)
        pid = redirects[pid]
    return pid


def _previous_id(e: Entity, key: str, previous: PreviousRelease, red_map: dict[str, str]) -> str | None:
    """The id the previous release gave the entity, followed through its redirects (`red_map`:
    `_redirect_map(previous)`, made once by the caller: made here, it was a dict of every redirect
    per entity, quadratic once releases have accumulated thousands of merges)."""
    # the name key first: local ids are renumbered when recognition changes
    pid = previous.mapping.get((e.report_id, key)) or \
        previous.mapping.get((e.report_id, e.local_id))
    if pid is None:
        return None
    return _follow(pid, red_map)


def _redirect_map(previous: PreviousRelease) -> dict[str, str]:
    """old id -> the id it points to, for the redirects that point somewhere (not retirements)."""
    return {r.old_person_id: r.person_id for r in previous.redirects if r.person_id}


def _assign_ids(parts: list[list[int]], entities: list[Entity], ekeys: list[str],
                previous: PreviousRelease | None, release: str,
                conflicts: list[str]) -> tuple[list[str], list[RedirectRow]]:
    fresh = [_fresh_id(idx, entities, ekeys) for idx in parts]
    if previous is None:
        return _dedupe(fresh, parts, entities), []
    red_map = _redirect_map(previous)
    seen_first = {p.person_id: p.first_seen for p in previous.persons}
    votes = [Counter(pid for i in idx if (pid := _previous_id(entities[i], ekeys[i], previous, red_map)))
             for idx in parts]
    # A part split off by a judgement takes back the id a merge retired, when that id was first
    # made from one of its entities and the merge sent it to an id this part votes for which
    # another part also claims (a split). It then stops competing for the merged id. A part that
    # is the whole merged person (no other part claims the target), or holds the entity the
    # target was first made from, keeps the target: giving it the retired id would make the
    # target vanish.
    restored: dict[int, str] = {}
    for c, idx in enumerate(parts):
        homes = _homes(idx, entities, ekeys)
        back = sorted(h for h in homes
                      if h in red_map and (t := _follow(h, red_map)) in votes[c] and t not in homes
                      and any(t in v for o, v in enumerate(votes) if o != c))
        if back:
            restored[c] = back[0]
    for c in restored:
        votes[c] = Counter()
    # an id claimed by several clusters (a split) stays with the one holding most entities
    holder: dict[str, int] = {}
    for c, v in enumerate(votes):
        for pid, n in v.items():
            h = holder.get(pid)
            if h is None or n > votes[h][pid]:
                holder[pid] = c
    ids: list[str | None] = [restored.get(c) for c in range(len(parts))]
    new_redirects: list[RedirectRow] = []
    for c, v in enumerate(votes):
        mine = sorted((pid for pid in v if holder[pid] == c),
                      key=lambda pid: (str(seen_first.get(pid) or "9999"), pid))
        if mine:
            ids[c] = mine[0]
            new_redirects += [RedirectRow(old, mine[0], release) for old in mine[1:]]
    used = {pid for pid in ids if pid}
    for c, idx in enumerate(parts):
        if ids[c]:
            continue
        # a split part takes back a retired id that was first made from one of its entities
        back = sorted(pid for pid in _homes(idx, entities, ekeys) if pid in red_map and pid not in used)
        if back:
            ids[c] = back[0]
        elif fresh[c] not in used:
            ids[c] = fresh[c]
        else:  # its name's id went to a part that inherited it: that part keeps it (continuity)
            e = entities[idx[0]]
            ids[c] = person_id_for(f"{ekeys[idx[0]]}|{e.report_id}|{e.local_id}")
        used.add(ids[c])
    final_ids = _dedupe([pid or "" for pid in ids], parts, entities)
    new_redirects += _vanished(final_ids, parts, entities, ekeys, previous, release, new_redirects)
    alive = set(final_ids)
    retired = {r.old_person_id for r in new_redirects}
    redirects = [r for r in previous.redirects
                 if r.old_person_id not in alive and r.old_person_id not in retired]  # revived, re-retired
    redirects = _flatten(redirects + new_redirects, alive)
    for r in redirects:
        if r.person_id and r.person_id not in alive:
            conflicts.append(f"redirect {r.old_person_id} -> {r.person_id} points to a person "
                             f"no longer in the release")
    redirects.sort(key=lambda r: r.old_person_id)
    return final_ids, redirects


def _flatten(rows: list[RedirectRow], alive: set[str]) -> list[RedirectRow]:
    """Every redirect points straight at the live id its chain ends in (one join resolves an old
    id); a chain ending in a retired id is retired with that id's reason (core.continuity)."""
    flat = flatten([Redirect(r.old_person_id, r.person_id, r.release, r.reason) for r in rows], alive)
    return [RedirectRow(r.old_id, r.new_id, r.release, r.reason) for r in flat]


def _vanished(ids: list[str], parts: list[list[int]], entities: list[Entity], ekeys: list[str],
              previous: PreviousRelease, release: str,
              merged: list[RedirectRow]) -> list[RedirectRow]:
    """Rows for the previous release's persons that no part kept and no merge redirected.

    Their entities came back under other keys (a report replaced by a new version has a new
    report id; recognition changed) or are gone. A person whose name or alias is the name key of
    a part of this build is that part (of several, the one with its display name, then the one
    with most of its entities): the part takes the id when its own id was no live id of the
    previous release (so nobody's id changes for nothing), else the id redirects to it. Otherwise the id is retired with the
    reason. `ids` is updated in place.
    """
    live_before = {p.person_id for p in previous.persons}
    done = set(ids) | {r.old_person_id for r in merged}
    gone = sorted((p for p in previous.persons if p.person_id not in done),
                  key=lambda p: (str(p.first_seen or "9999"), p.person_id))
    if not gone:
        return []
    reports_of: dict[str, set[str]] = defaultdict(set)
    for (rid, _), pid in previous.mapping.items():
        reports_of[pid].add(rid)
    current_reports = {e.report_id for e in entities}
    part_of_key: dict[str, set[int]] = defaultdict(set)
    for c, idx in enumerate(parts):
        for i in idx:
            part_of_key[ekeys[i]].add(c)
    rows = []
    for p in gone:
        keys = {name_key(n) for n in [p.name, *p.aliases] if n}
        found = set().union(*(part_of_key.get(k, set()) for k in keys)) if keys else set()
        if found:
            # several parts carry its names (a merged person split): the one with its display
            # name, then the one with most of its entities, as a split keeps an id
            shown = name_key(p.name)
            c = max(sorted(found), key=lambda c: (any(ekeys[i] == shown for i in parts[c]),
                                                  sum(ekeys[i] in keys for i in parts[c])))
            if ids[c] not in live_before:
                # its own id is new, or one a merge had retired (which redirects here again)
                ids[c] = p.person_id
            else:
                rows.append(RedirectRow(p.person_id, ids[c], release, MERGED))
            continue
        reason = NO_LONGER_IDENTIFIED if reports_of.get(p.person_id, set()) & current_reports \
            else REPORT_REMOVED
        rows.append(RedirectRow(p.person_id, None, release, reason))
    return rows


def _homes(idx: list[int], entities: list[Entity], ekeys: list[str]) -> set[str]:
    """The ids a cluster of these entities could have been given when first made."""
    return {person_id_for(ekeys[i]) for i in idx} | {
        person_id_for(f"{ekeys[i]}|{entities[i].report_id}|{entities[i].local_id}") for i in idx}


def _fresh_id(idx: list[int], entities: list[Entity], ekeys: list[str]) -> str:
    return person_id_for(ekeys[idx[0]])


def _dedupe(ids: list[str], parts: list[list[int]], entities: list[Entity]) -> list[str]:
    """Two clusters whose first entities share a key (split by judgement) need distinct ids."""
    seen: set[str] = set()
    out = []
    for pid, idx in zip(ids, parts):
        if pid in seen:
            e = entities[idx[0]]
            pid = person_id_for(f"{name_key(e.name)}|{e.report_id}|{e.local_id}")
        seen.add(pid)
        out.append(pid)
    return out


def _person_row(pid: str, es: list[Entity], published: str | None = None) -> PersonRow:
    """The person's row; its name is the spelling of the most reports, on a tie the name the
    previous release published for that id (so that a new report's spelling does not rename a
    known person), else the fullest spelling."""
    if len(es) == 1:  # most persons are named in one report: no count, no ranking of spellings
        e = es[0]
        firsts = [d for d in (e.first_seen, e.last_seen) if d]
        return PersonRow(pid, e.name, sorted(set(e.aliases) - {e.name}), sorted(set(e.roles)),
                         min(firsts) if firsts else None, max(firsts) if firsts else None, 1)
    counts = Counter(e.name for e in es)
    name = sorted(counts, key=lambda n: (-counts[n], n != published, -len(n.split()), n.count("."),
                                         -len(n), n))[0]
    aliases = sorted({a for e in es for a in [e.name, *e.aliases]} - {name})
    firsts = [d for e in es for d in (e.first_seen, e.last_seen) if d]
    return PersonRow(pid, name, aliases, sorted({r for e in es for r in e.roles}),
                     min(firsts) if firsts else None, max(firsts) if firsts else None,
                     len({e.report_id for e in es}))


def rekey_previous(previous: PreviousRelease | None, successors: dict[str, str]) -> PreviousRelease | None:
    """The previous release as if its reports had the ids of the files that replaced them (a
    new version, the same report in another format, an edited file: core.continuity
    report_successors), so their persons vote for their ids as if nothing had moved."""
    if previous is None:
        return None
    mapping = dict(previous.mapping)
    for (rid, key), pid in previous.mapping.items():
        new = successors.get(rid)
        if new and new != rid:
            mapping.setdefault((new, key), pid)
    return PreviousRelease(mapping, previous.redirects, previous.persons)


def previous_from_tables(previous: Any) -> PreviousRelease | None:
    """PreviousRelease from the tables of a published release (person_mentions, persons,
    person_redirects), given as an object with a `tables` dict of DataFrames; None when empty.

    The release keeps no local ids, so mentions are keyed by (report_id, name_key(surface))."""
    tables = getattr(previous, "tables", None) or {}
    mentions = tables.get("person_mentions")
    if mentions is None or len(mentions) == 0:
        return None
    mapping: dict[tuple[str, str], str] = {}
    # columns as lists first: iterating an Arrow-backed column is a Python call per cell
    for rid, surface, pid in zip(mentions["report_id"].tolist(), mentions["surface"].tolist(),
                                 mentions["person_id"].tolist()):
        mapping.setdefault((str(rid), name_key(str(surface))), str(pid))
    redirects = []
    frame = tables.get("person_redirects")
    if frame is not None and len(frame):
        reasons = frame["reason"] if "reason" in frame.columns else [MERGED] * len(frame)
        redirects = [RedirectRow(str(o), None if _null(n) else str(n), str(r), str(why))
                     for o, n, r, why in zip(frame["old_person_id"], frame["person_id"],
                                             frame["release"], reasons)]
    persons = []
    frame = tables.get("persons")
    if frame is not None and len(frame):
        # column by column (a dict per row of 50,000 persons was most of this function)
        n = len(frame)
        names = frame["name"].tolist() if "name" in frame.columns else [""] * n
        alias_lists = frame["aliases"].tolist() if "aliases" in frame.columns else [None] * n
        firsts = frame["first_seen"].tolist() if "first_seen" in frame.columns else [None] * n
        for pid, name, aliases, first in zip(frame["person_id"].tolist(), names, alias_lists, firsts, strict=True):
            aliases = [] if aliases is None or isinstance(aliases, float) else [str(a) for a in aliases]
            persons.append(PersonRow(str(pid), str(name), aliases, [],
                                     first if isinstance(first, date) and first == first else None,
                                     None, 0))
    return PreviousRelease(mapping, redirects, persons)


def _null(value: Any) -> bool:
    """None, NaN or pandas' NA (a null cell of a published table)."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses bool()
        return True


def previous_release(result: LinkResult, entities: list[Entity]) -> PreviousRelease:
    """The state the next build needs: both mapping keys, the redirects, the persons."""
    mapping: dict[tuple[str, str], str] = {}
    for e in entities:
        pid = result.mapping.get((e.report_id, e.local_id))
        if pid:
            mapping[(e.report_id, e.local_id)] = pid
            mapping[(e.report_id, name_key(e.name))] = pid
    return PreviousRelease(mapping, list(result.redirects), list(result.persons))


# ----------------------------------------------------------------------------- entities

_CTX_WORD = re.compile(r"\b[A-Z][a-z][\w-]{2,}\b")


def entities_from_mentions(report_id: str, text: str, mentions: list,
                           first_seen: date | None = None,
                           last_seen: date | None = None) -> list[Entity]:
    """Aggregate core.names mentions of one report into one Entity per local person.

    Context = the name keys of the other persons of the report plus the capitalised words of
    the report that are not person names (places, organisations), folded: kept as one set
    shared by the report's entities (`report_context`) less the entity's own name (`own`)."""
    by_local: dict[str, list] = defaultdict(list)
    for m in mentions:
        by_local[m.local_id].append(m)
    # Is a word inside a person's name? By bisection over the mention spans, in order: a scan
    # of every span per word made this quadratic in the length of the report.
    spans = sorted((m.start, m.end) for m in mentions)
    span_starts, reach, top = [s for s, _ in spans], [], -1
    for _, e in spans:
        top = max(top, e)
        reach.append(top)
    words = set()
    for w in _CTX_WORD.finditer(text):
        i = bisect.bisect_right(span_starts, w.start()) - 1
        if not (i >= 0 and reach[i] > w.start()):
            words.add("w:" + fold(w.group()))
    keys = {lid: name_key(ms[0].canonical) for lid, ms in by_local.items()}
    shared = frozenset(words | {"p:" + k for k in keys.values()})  # one object for the report's entities
    named = Counter(keys.values())
    rels = defaultdict(list)
    for rel, a, b in person_relations(text, sorted(mentions, key=lambda m: m.start)):
        rels[a].append((rel, b))
    out = []
    for lid, ms in sorted(by_local.items(), key=lambda kv: _local_order(kv[0])):
        canonical = ms[0].canonical
        aliases = sorted({m.surface for m in ms if m.kind in ("full", "surname_first")
                          and not canonical.startswith(m.surface)} - {canonical})
        # the other persons of the report are its context; its own name is not, unless
        # another person of the report has it too
        own = frozenset({"p:" + keys[lid]}) if named[keys[lid]] == 1 else frozenset()
        out.append(Entity(report_id, lid, canonical, aliases, sorted({r for m in ms
                                                                      for r in m.roles}),
                          first_seen, last_seen, frozenset(), rels.get(lid, []), shared, own))
    return out
