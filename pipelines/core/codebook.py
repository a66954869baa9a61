"""The release's self-description, generated from the contract in schemas/: CODEBOOK.md (event
types with their meaning, tables and columns), views.sql (DuckDB views by relative path) and the
example queries (pipelines/core/data/queries/*.sql) copied as query_<name>.sql.

Everything here is read from schemas/ (TABLES, DELTA, vocab), so a column added to a model
appears in the release's codebook and views without an edit here.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.core.templates import render
from schemas import DELTA, FOREIGN_KEYS, TABLES
from schemas import vocab

QUERIES = Path(__file__).parent / "data" / "queries"
VIEWS = "views.sql"
CODEBOOK = "CODEBOOK.md"
QUERY_PREFIX = "query_"


def _table(spec) -> dict:
    return {
        "name": spec.name, "description": spec.description, "key": list(spec.key),
        "columns": [{"name": f.name, "kind": f.kind or "string", "nullable": f.nullable,
                     "description": f.description,
                     "references": FOREIGN_KEYS.get(f.name) if FOREIGN_KEYS.get(f.name) != spec.name else None}
                    for f in spec.fields],
    }


def codebook_md(version: str, release_date: str | None) -> str:
    return render(
        "codebook.md.j2", version=version, release_date=release_date,
        event_types=[(t, *vocab.EVENT_TYPE_MEANINGS[t]) for t in vocab.EVENT_TYPES],
        vocabularies=[("right", vocab.RIGHTS), ("date_precision", vocab.DATE_PRECISIONS),
                      ("geo_precision", vocab.GEO_PRECISIONS), ("perpetrator", vocab.PERPETRATORS),
                      ("incident_persons.role", vocab.PERSON_ROLES_IN_INCIDENT)],
        tables=[_table(spec) for spec in TABLES.values()], delta=_table(DELTA),
        queries=sorted(example_queries()),
    )


def views_sql(version: str, tables: list[str]) -> str:
    """CREATE VIEW statements for the tables present (names come from schemas/, never from data)."""
    return render("views.sql.j2", version=version, tables=tables, queries=sorted(example_queries()))


def example_queries() -> dict[str, str]:
    """Release file name -> SQL text of each example query."""
    return {f"{QUERY_PREFIX}{p.name}": p.read_text(encoding="utf-8") for p in sorted(QUERIES.glob("*.sql"))}
