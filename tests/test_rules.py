"""Every example sentence kept with a rule (pipelines/core/rules/en/*.yaml) runs through the whole
extractor: the positive examples must yield an incident of their type, the counter-examples none
of the rule's type. A rule file that breaks its own format fails to load with its name."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from pipelines.core.events import extract_incidents
from pipelines.core.events.penalties import PenaltyReader
from pipelines.core.metadata import ReportMeta
from pipelines.core.names import find_person_mentions
from pipelines.core.rules import RULES_DIR, RuleError, _check_rule, load
from pipelines.core.units import segment

RULES = load("en")
META = ReportMeta(title=None, publisher=None, country="KZ", period_start=None, period_end=None)
POSITIVE = [(r["id"], text, etype) for r in RULES.triggers for text, etype in r.get("examples") or []]
NEGATIVE = [(r["id"], text, r["type"]) for r in RULES.triggers for text in r.get("counter") or []]


def types_in(text: str) -> list[str]:
    units = segment(text)
    incidents = extract_incidents(text, units, find_person_mentions(text, units), META)
    for inc in incidents:
        assert text[inc.evidence_start:inc.evidence_end] == inc.evidence
    return [i.event_type for i in incidents]


def test_every_rule_has_an_example() -> None:
    assert [r["id"] for r in RULES.triggers if not r.get("examples")] == []


@pytest.mark.parametrize("rule,text,etype", POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)])
def test_rule_example_yields_its_type(rule: str, text: str, etype: str) -> None:
    assert etype in types_in(text), (rule, text)


@pytest.mark.parametrize("rule,text,etype", NEGATIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(NEGATIVE)])
def test_rule_counter_example_yields_nothing_of_its_type(rule: str, text: str, etype: str) -> None:
    found = types_in(text)
    if etype == "by_penalty":
        assert not {"prison_sentence", "restricted_freedom", "administrative_arrest"} & set(found), (rule, found)
    else:
        assert etype not in found, (rule, found)


PENALTY_EXAMPLES = [(c["type"], ex) for c in RULES.penalties["classes"] for ex in c.get("examples", [])]


@pytest.mark.parametrize("etype,phrase", PENALTY_EXAMPLES)
def test_penalty_class_examples(etype: str, phrase: str) -> None:
    text = f"On 3 May 2021 a court in Taraz sentenced Aidos Serikbayev {phrase}."
    assert etype in types_in(text) or (etype == "fine" and "fine" in types_in(text))


def test_penalty_classes_are_read_in_file_order() -> None:
    reader = PenaltyReader(RULES)
    assert [t for t, _ in reader.classes] == [c["type"] for c in RULES.penalties["classes"]]


@pytest.mark.parametrize("rule,message", [
    ({"id": "x", "type": "arrest", "kind": "verb", "lemmas": ["a"]}, "type must be"),
    ({"id": "x", "type": "detention", "kind": "adverb", "lemmas": ["a"]}, "kind must be"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": []}, "lemmas"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"], "colour": "red"}, "unknown keys"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"], "with": [{"dep": "dobj"}]}, "list of strings"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"], "examples": [["text", "arrest"]]}, "example"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"], "target_preps": [1]}, "target_preps"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"], "slot_only": "yes"}, "slot_only"),
    # the word the anchor hangs on is named by its words or by a word it has, never "anywhere below"
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"], "with": [{"head": True, "dep": ["conj"]}]},
     "a constraint is a mapping"),
    ({"id": "x", "type": "detention", "kind": "verb", "lemmas": ["a"],
      "with": [{"head": True, "lemma": ["b"], "descendant": True}]}, "a constraint is a mapping"),
])
def test_a_broken_rule_is_refused_with_its_reason(rule: dict, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        _check_rule(rule, 0)


def test_yes_and_no_are_words_not_booleans() -> None:
    # YAML 1.1 reads a bare on/off/no as a boolean: every word list must hold strings only
    for name in ("triggers.yaml", "lexicon.yaml", "penalties.yaml"):
        doc = yaml.safe_load((RULES_DIR / "en" / name).read_text(encoding="utf-8"))

        def walk(v, where):
            if isinstance(v, dict):
                for k, x in v.items():
                    walk(x, f"{where}.{k}")
            elif isinstance(v, list):
                for x in v:
                    assert not isinstance(x, bool), f"{name}{where}: a bare yes/no/on/off became a boolean"
                    walk(x, where)
        walk(doc, "")


def test_a_language_without_rules_is_refused() -> None:
    with pytest.raises(RuleError, match="no rules for language"):
        load("xx")


def test_dates_of_examples_are_the_stated_days() -> None:
    text = "On 3 May 2021 police detained activist Aidos Serikbayev in Shymkent."
    units = segment(text)
    (inc,) = extract_incidents(text, units, find_person_mentions(text, units), META)
    assert (inc.event_date, inc.date_phrase, inc.date_basis) == (dt.date(2021, 5, 3), "3 May 2021", "stated")
    assert (inc.location, inc.location_phrase) == ("Shymkent", "Shymkent")


def test_the_rule_walker_finds_what_spacys_dependency_matcher_finds() -> None:
    """The rules are walked by events.triggers for speed; their meaning is the DependencyMatcher
    pattern each compiles to, and both must find the same anchors on every example."""
    from spacy.matcher import DependencyMatcher

    from pipelines.core.events import Extractor
    from pipelines.core.events.parse import nlp
    from pipelines.core.events.triggers import compile_patterns

    ex = Extractor.get()
    matcher = DependencyMatcher(nlp().vocab)
    for r in RULES.triggers:
        matcher.add(r["id"], compile_patterns(r))
    texts = [t for _, t, _ in POSITIVE] + [t for _, t, _ in NEGATIVE]
    for doc in ex.parser.parse(texts):
        spacy_found = {(doc.vocab.strings[m], ids[0]) for m, ids in matcher(doc)}
        walked = {(rule["id"], anchor.i) for rule, anchor, _ in ex.triggers.matches(doc)}
        assert walked == spacy_found, (doc.text, walked ^ spacy_found)


# Sections of penalties.yaml that retype a reading, and the reading each replaces: "three years in
# prison, suspended" is restricted freedom, not prison; "placed in administrative detention for 10
# days" an administrative arrest, not a detention. Each example gives its type and not the replaced
# reading; each counter-example keeps the replaced reading.
RETYPING = {"suspension": "prison_sentence", "penalty_place": "detention"}


@pytest.mark.parametrize("section,text,etype", [(sec, *x) for sec in RETYPING for x in RULES.penalties[sec]["examples"]])
def test_a_retyping_section_gives_its_type_instead_of_the_reading_it_replaces(section: str, text: str, etype: str) -> None:
    found = types_in(text)
    assert etype in found and RETYPING[section] not in found, found


@pytest.mark.parametrize("section,text,etype", [(sec, *x) for sec in RETYPING for x in RULES.penalties[sec]["counter"]])
def test_a_counter_example_of_a_retyping_section_keeps_the_reading(section: str, text: str, etype: str) -> None:
    found = types_in(text)
    assert etype not in found and RETYPING[section] in found, found
