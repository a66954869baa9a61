"""The README.md of a release folder: what it holds, how to cite and query it, and how good it is."""

import pandas as pd

TEMPLATE = """# Civic-space incidents, release {{version}}

Incidents of restrictions on the freedoms of expression, association and peaceful assembly,
extracted from narrative human-rights reports, with the persons they concern and every mention
of those persons. Release date (the newest source date): {release_date}.
Licence: CC BY 4.0 for the tables; the quoted evidence remains the text of its publishers.

Open `index.html` for the summary, charts, quality, change log and every file's sha256.
Cite as given in `CITATION.cff` (or `citation` in `datapackage.json`): release {{version}},
{release_date}. Codebook (event types, tables, columns): `CODEBOOK.md` in this folder.

## Tables

| table | rows | files |
|---|---:|---|
{table_rows}

Every file's sha256 is in `datapackage.json`; `civic verify <this folder>` checks them.
What changed against the previous release is in `CHANGES.md`, and as a table in `delta.csv` /
`delta.parquet` (one row per incident, person or report added, changed or removed).

## Quality, measured on this build

Scored against the hand-coded annotations bundled in `sources/gold/` ({n_gold} report(s)); the
scorer and the matching rules are described in `docs/GOLD_FORMAT.md` of the project.

| measure | value |
|---|---:|
{score_rows}

These figures describe the annotated reports only; reports without annotation are extracted by
the same rules, and on reports the rules were not written for the measured precision and recall
of incidents are lower (the project README, "How good the extraction is", gives those figures);
persons hold up better than incidents. `method` and `confidence` on each incident say how it was made; reviewers'
corrections carry `method = curated`.

## Query

In this folder, `views.sql` makes a DuckDB view of every table; `query_*.sql` are examples:

```sh
duckdb -init views.sql                 # then: .read query_persons_with_most_incidents.sql
duckdb -c "select event_type, count(*) from 'incidents.parquet' group by 1 order by 2 desc"
```

Over HTTP, once the folder is served: `select count(*) from 'https://<host>/<path>/incidents.parquet'`
(DuckDB's httpfs extension).

Sources: {n_sources} report file(s){rejected}.
"""


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def release_readme(tables: dict[str, pd.DataFrame], headline: dict, n_gold: int, release_date: str,
                   n_rejected: int) -> str:
    table_rows = "\n".join(f"| `{name}` | {len(frame)} | `{name}.parquet`, `{name}.csv` |" for name, frame in tables.items())
    score_rows = "\n".join(f"| {name.replace('_', ' ')} | {_fmt(value)} |" for name, value in headline.items())
    rejected = f"; {n_rejected} file(s) rejected (see CHANGES.md)" if n_rejected else ""
    return TEMPLATE.format(table_rows=table_rows, score_rows=score_rows, n_gold=n_gold, release_date=release_date,
                           n_sources=len(tables["reports"]), rejected=rejected)
