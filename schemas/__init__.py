"""Release tables in code: one pandera DataFrameModel per table of CODEBOOK.md, and nothing else.

`TABLES` maps each release table name to its model and its sort key (the columns' descriptions
and logical types are in the models: `TableSpec.fields`); `DELTA` is the release's change table;
`vocab` holds the controlled vocabularies the models check against.
"""

from schemas.tables import (
    IncidentRedirectsSchema,
    DELTA,
    FOREIGN_KEYS,
    ColumnSpec,
    DeltaSchema,
    IncidentPersonsSchema,
    IncidentsSchema,
    PersonMentionsSchema,
    PersonRedirectsSchema,
    PersonsSchema,
    ReportsSchema,
    TABLES,
    TableSpec,
)

__all__ = [
    "IncidentRedirectsSchema",
    "DELTA",
    "FOREIGN_KEYS",
    "ColumnSpec",
    "DeltaSchema",
    "IncidentPersonsSchema",
    "IncidentsSchema",
    "PersonMentionsSchema",
    "PersonRedirectsSchema",
    "PersonsSchema",
    "ReportsSchema",
    "TABLES",
    "TableSpec",
]
