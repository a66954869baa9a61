"""Extraction rules kept as data: one folder per language (`en/`), read and checked here.

Belongs here: loading `triggers.yaml`, `lexicon.yaml` and `penalties.yaml` of a language,
failing loudly on a key or value the extractor does not understand (a typo in a rule file must
not silently switch a rule off), and handing them over as plain dicts and lists. What the rules
mean is documented in the files themselves; the code that walks them is pipelines.core.events.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from schemas.vocab import EVENT_TYPES

RULES_DIR = Path(__file__).resolve().parent
RULE_KEYS = {"id", "type", "kind", "lemmas", "with", "without", "strength", "polarity", "examples", "counter",
             "additional", "target_preps", "slot_only"}
CONSTRAINT_KEYS = {"dep", "lemma", "lower", "child", "descendant", "head"}


class RuleError(ValueError):
    """A rule file that does not follow its documented format."""


@dataclass(frozen=True)
class Rules:
    language: str
    triggers: tuple[dict, ...]
    lexicon: dict
    penalties: dict

    def words(self, *path: str) -> frozenset[str]:
        """A word class of the lexicon as a set, e.g. words('guards', 'modal')."""
        value = self.lexicon
        for key in path:
            value = value[key]
        return frozenset(str(v).lower() for v in value)


def _check_constraint(c: object, where: str) -> None:
    if not isinstance(c, dict) or set(c) - CONSTRAINT_KEYS or not set(c) & {"dep", "lemma", "lower", "child"} or (
            c.get("descendant") and not set(c) & {"lemma", "lower"}) or (
            c.get("head") and (not set(c) & {"lemma", "lower", "child"} or "descendant" in c)):
        raise RuleError(f"{where}: a constraint is a mapping of {sorted(CONSTRAINT_KEYS)}, not {c!r}")
    for key in ("dep", "lemma", "lower"):
        if key in c and not (isinstance(c[key], list) and all(isinstance(v, str) for v in c[key])):
            raise RuleError(f"{where}: `{key}` must be a list of strings")
    if "child" in c:
        _check_constraint(c["child"], where + " child")


def _check_rule(rule: object, i: int) -> dict:
    where = f"triggers.yaml rule {i}"
    if not isinstance(rule, dict):
        raise RuleError(f"{where}: must be a mapping")
    where = f"triggers.yaml rule {rule.get('id', i)!r}"
    unknown = set(rule) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    if rule.get("type") not in (*EVENT_TYPES, "by_penalty"):
        raise RuleError(f"{where}: type must be an event type or by_penalty, not {rule.get('type')!r}")
    if rule.get("kind") not in ("verb", "noun"):
        raise RuleError(f"{where}: kind must be verb or noun")
    if not rule.get("lemmas") or not all(isinstance(w, str) for w in rule["lemmas"]):
        raise RuleError(f"{where}: lemmas must be a non-empty list of words")
    if not isinstance(rule.get("slot_only", False), bool):
        raise RuleError(f"{where}: slot_only must be true or false")
    if not all(isinstance(w, str) for w in rule.get("target_preps") or []):
        raise RuleError(f"{where}: target_preps must be a list of prepositions")
    for key in ("with", "without"):
        for c in rule.get(key) or []:
            _check_constraint(c, f"{where} {key}")
    if rule.get("strength", rule["kind"]) not in ("verb", "noun"):
        raise RuleError(f"{where}: strength must be verb or noun")
    if rule.get("polarity", "positive") not in ("positive", "negated"):
        raise RuleError(f"{where}: polarity must be positive or negated")
    for ex in rule.get("examples") or []:
        if not (isinstance(ex, list) and len(ex) == 2 and ex[1] in EVENT_TYPES):
            raise RuleError(f"{where}: an example is [sentence, event type], not {ex!r}")
    return rule


@functools.cache
def load(language: str = "en") -> Rules:
    """The rules of one language (folder pipelines/core/rules/<language>/), checked."""
    folder = RULES_DIR / language
    if not folder.is_dir():
        raise RuleError(f"no rules for language {language!r} under {RULES_DIR}")
    read = lambda name: yaml.safe_load((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    triggers = read("triggers.yaml")
    ids = [r.get("id") for r in triggers["rules"]]
    if len(set(ids)) != len(ids):
        raise RuleError("triggers.yaml: rule ids must be unique")
    rules = tuple(_check_rule(r, i) for i, r in enumerate(triggers["rules"]))
    return Rules(language, rules, read("lexicon.yaml"), read("penalties.yaml"))
