"""One table contract: schemas/ defines the tables; the codebook, the writer and the scorer agree.

The columns, their logical types and descriptions are declared once, in the pandera models of
schemas/tables.py. These tests prove that every reader of the contract says the same thing:
docs/CODEBOOK.md (the human contract), the release writer (datapackage.json types and
descriptions), the evaluator (the columns it reads) and the vocabularies. They loop over the
models, so a column added to a model is checked without editing this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipelines.core import evaluate
from pipelines.core import release as rel
from schemas import DELTA, FOREIGN_KEYS, TABLES
from schemas.tables import KINDS
from schemas.vocab import EVENT_TYPE_MEANINGS, EVENT_TYPES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "CODEBOOK.md"
ALL = [*TABLES.values(), DELTA]


def documented_columns(text: str, table: str) -> set[str]:
    """Column names that docs/CODEBOOK.md gives in the `### <table>` section (table rows or a
    backticked list)."""
    match = re.search(rf"^### {table}\n(.*?)(?=^##|\Z)", text, re.S | re.M)
    assert match, f"docs/CODEBOOK.md has no section '### {table}'"
    section = match.group(1)
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| column"):
            names |= {n.strip() for n in line.strip("|").split("|")[0].split(",")}
    for listed in re.findall(r"`([a-z_0-9,\s]+)`", section):
        if "," in listed:
            names |= {n.strip() for n in listed.split(",")}
    return {n for n in names if re.fullmatch(r"[a-z_0-9]+", n)}


@pytest.mark.parametrize("spec", ALL, ids=lambda s: s.name)
def test_every_column_has_a_type_and_a_description(spec):
    for field in spec.fields:
        assert field.kind in KINDS, f"{spec.name}.{field.name}: say its kind in schemas/tables.py column()"
        assert len(field.description) > 3, (
            f"{spec.name}.{field.name}: give it column(description=...) in schemas/tables.py")


@pytest.mark.parametrize("spec", ALL, ids=lambda s: s.name)
def test_docs_codebook_lists_the_same_columns(spec):
    documented = documented_columns(DOCS.read_text(encoding="utf-8"), spec.name)
    assert documented == set(spec.columns), (
        f"docs/CODEBOOK.md '### {spec.name}' and schemas/tables.py differ: only in the docs "
        f"{sorted(documented - set(spec.columns))}, only in the model {sorted(set(spec.columns) - documented)}")


def test_event_types_and_their_meanings_agree_with_the_docs():
    text = DOCS.read_text(encoding="utf-8").split("## Event types")[1].split("Each incident")[0]
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3 and cells[0] not in {"type", "---"}:
            rows[cells[0]] = (cells[1], cells[2])
    assert tuple(EVENT_TYPE_MEANINGS) == EVENT_TYPES
    assert rows == EVENT_TYPE_MEANINGS


@pytest.mark.parametrize("spec", ALL, ids=lambda s: s.name)
def test_the_writer_types_and_describes_columns_as_the_model_says(spec):
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.columns})
    table = rel.render(frame, spec.name)
    assert [(c.name, c.kind, c.description) for c in table.columns] == [
        (f.name, f.kind, f.description) for f in spec.fields]
    if spec.name in TABLES:
        schema = rel._schema(table, "parquet", set(TABLES))
        assert [f["description"] for f in schema["fields"]] == [f.description for f in spec.fields]
        assert schema["primaryKey"] == list(spec.key)


def test_the_writer_publishes_the_contract_tables_in_order():
    assert list(rel.TABLES) == list(TABLES)
    assert all(rel.TABLES[n] == TABLES[n].key for n in TABLES)
    for column, target in FOREIGN_KEYS.items():
        assert column in TABLES[target].key


def test_a_column_the_contract_does_not_know_is_typed_from_its_values():
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in TABLES["reports"].columns})
    extra = frame.assign(score=pd.Series([], dtype=float))
    table = rel.render(extra, "reports")
    assert (table.columns[-1].name, table.columns[-1].kind) == ("score", "float")


@pytest.mark.parametrize("name", sorted(evaluate.COLUMNS_USED))
def test_the_evaluator_reads_columns_of_the_contract(name):
    assert set(evaluate.COLUMNS_USED[name]) <= set(TABLES[name].columns)


def test_the_evaluator_refuses_a_release_without_a_column_it_reads():
    tables = {n: pd.DataFrame(columns=s.columns) for n, s in TABLES.items()}
    tables["incidents"] = tables["incidents"].drop(columns=["event_type"])
    with pytest.raises(ValueError, match="event_type"):
        evaluate.score_release(tables, [])
