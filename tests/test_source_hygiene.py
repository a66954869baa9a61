"""The sources themselves: a module binds each top-level name once.

A merge of two branches that both added a constant left two definitions of one dict in a test
module (`FIXTURE_FLOORS`); the second silently replaced the first, and a regression floor stopped
being tested without any test failing. Ruff's F811 does not see a re-bound constant, so this does.
A deliberate rebinding that reads the old value (`X = [f(x) for x in X]`) is allowed.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bound_twice(source: str) -> list[str]:
    """Top-level names a module defines or assigns more than once (a def, a class or `name = ...`),
    not counting an assignment whose value reads the name it rebinds."""
    seen: Counter[str] = Counter()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            seen[node.name] += 1
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            read = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)} if node.value is not None else set()
            seen.update(t.id for t in targets if isinstance(t, ast.Name) and t.id not in read)
    return sorted(name for name, count in seen.items() if count > 1)


def test_a_name_bound_twice_is_found_and_a_rebinding_from_itself_is_not():
    assert bound_twice("FLOORS = {'a': 1}\n\nFLOORS = {'b': 2}\n") == ["FLOORS"]
    assert bound_twice("def f():\n    pass\n\n\ndef f():\n    pass\n") == ["f"]
    assert bound_twice("X = [1]\nX = [x + 1 for x in X]\n") == []
    assert bound_twice("X = 1\nif X:\n    X = 2\n") == []  # only the module's own statements


def test_no_module_binds_a_top_level_name_twice():
    found = {}
    for folder in ("pipelines", "schemas", "scripts", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            names = bound_twice(path.read_text(encoding="utf-8"))
            if names:
                found[str(path.relative_to(ROOT))] = names
    assert found == {}
