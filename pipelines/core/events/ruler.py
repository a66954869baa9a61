"""The model's attribute rules (POS, morphology, lemma exceptions) found by table lookup.

Belongs here: finding the matches of the pinned model's own `attribute_ruler` patterns faster
than spaCy's Matcher does, and nothing else. The rules are the model's (179 patterns: its tag
map, pronoun and determiner exceptions, a few two-token ones such as "ai n't"); they are applied
by the component's own public `set_annotations`, so the annotations are spaCy's.

Why: the Matcher walks every pattern over every token, and on the sentences this project parses
it was a fifth of the parse (2.95 s of matching on 147,866 tokens of the bundled, fixture,
excerpt and synthetic texts). A pattern's single-token test depends only on the token's tag,
lowercase form, dependency label and whether it is white space, so the matches of one such
combination are worked out once and looked up after that: 0.43 s on the same tokens, and the
match lists are identical, token for token (`tests/test_events.py` compares them). A pattern
this lookup does not understand (an operator or attribute it does not read) leaves the
Matcher in place: `indexed_matches` returns None.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc

COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
MEMO_LIMIT = 500_000  # distinct token readings kept; cleared past it (memory stays bounded)

Match = tuple[int, int, int, int]  # (rule number, match id, start, end), as AttributeRuler.match gives


class _Lookup:
    """AttributeRuler.match by lookup: same tuples, same order."""

    def __init__(self, ruler, rules: list[tuple[int, int, tuple]]):
        self.ruler = ruler
        self.by_first: dict[tuple[int, int], list] = defaultdict(list)  # (column, value) -> rules
        self.anywhere: list = []  # rules whose first token names no tag or word to index by
        self.memo: dict[tuple, tuple[list, list]] = {}
        for rule in rules:
            key = next(((col, vals) for col, op, vals in rule[2][0] if col in (0, 1) and op == "in"), None)
            if key is None:
                self.anywhere.append(rule)
            else:
                for value in key[1]:
                    self.by_first[(key[0], value)].append(rule)

    def _holds(self, value: int, op: str, vals) -> bool:
        if op == "in":
            return value in vals
        if op == "not_in":
            return value not in vals
        return vals.search(self.ruler.vocab.strings[value]) is not None  # a REGEX on the text

    def _of(self, row: tuple) -> tuple[list, list]:
        """The single-token rules a token reading matches, and the longer rules it can start."""
        found = self.memo.get(row)
        if found is None:
            rules = self.by_first.get((0, row[0]), []) + self.by_first.get((1, row[1]), []) + self.anywhere
            ok = [r for r in rules if all(self._holds(row[c], op, vals) for c, op, vals in r[2][0])]
            found = ([(a, m) for a, m, specs in ok if len(specs) == 1], [r for r in ok if len(r[2]) > 1])
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            self.memo[row] = found
        return found

    def __call__(self, doc: Doc) -> list[Match]:
        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        out: list[Match] = []
        for i, row in enumerate(rows):
            single, longer = self._of(row)
            out += [(a, m, i, i + 1) for a, m in single]
            for a, m, specs in longer:
                if i + len(specs) <= len(rows) and all(
                        self._holds(rows[i + k][c], op, vals) for k, spec in enumerate(specs) if k
                        for c, op, vals in spec):
                    out.append((a, m, i, i + len(specs)))
        out.sort()
        return out


def _spec(token: dict, strings) -> tuple | None:
    spec = []
    for key, value in token.items():
        if key not in COLUMNS:
            return None
        col = COLUMNS[key]
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            spec.append((col, "in", frozenset([int(value)])))
        elif isinstance(value, str):
            spec.append((col, "in", frozenset([strings.add(value)])))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            op, items = next(iter(value.items()))
            spec.append((col, op.lower(), frozenset(strings.add(v) for v in items)))
        elif isinstance(value, dict) and list(value) == ["REGEX"] and key == "LOWER":
            spec.append((col, "regex", re.compile(value["REGEX"])))
        else:
            return None
    return tuple(spec)


def indexed_matches(ruler) -> Callable[[Doc], list[Match]] | None:
    """A drop-in for `ruler.match`, or None when a pattern needs what the lookup does not do."""
    strings = ruler.vocab.strings
    rules = []
    for number, entry in enumerate(ruler.patterns):
        match_id = strings[str(number)]  # the key AttributeRuler.add gave the rule
        for pattern in entry["patterns"]:
            specs = tuple(_spec(token, strings) for token in pattern)
            if not specs or any(s is None for s in specs):
                return None
            rules.append((number, match_id, specs))
    return _Lookup(ruler, rules)


def use_indexed_matches(nlp) -> bool:
    """Let the pipeline's attribute_ruler find its matches by lookup; False if it keeps the Matcher."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    lookup = indexed_matches(ruler)
    if lookup is None:
        return False
    # AttributeRuler.__call__ is `self.set_annotations(doc, self.match(doc))`: the instance's
    # own `match` is what it calls, so the component, its order and its annotations stay spaCy's
    ruler.match = lookup
    return True
