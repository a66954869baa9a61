"""Release tables in code: one pandera DataFrameModel per table of CODEBOOK.md, and nothing else.

`TABLES` maps each release table name to its model and its sort key; `vocab` holds the
controlled vocabularies the models check against.
"""

from schemas.tables import (
    IncidentRedirectsSchema,
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
    "IncidentPersonsSchema",
    "IncidentsSchema",
    "PersonMentionsSchema",
    "PersonRedirectsSchema",
    "PersonsSchema",
    "ReportsSchema",
    "TABLES",
    "TableSpec",
]
