"""The table contract: the pandera models of the release tables of CODEBOOK.md, defined once.

Columns are in codebook order; `Config.strict` rejects extra columns and `coerce` gives every
build the same dtypes, which the Parquet writer turns into the same Arrow schema. Element-wise
checks cover what dtypes cannot say: lists of strings, ISO codes, id formats, vocabularies.

Every column is declared with `column(description=..., kind=...)`: the description and the
logical type are what the release writer puts into datapackage.json, what the release's
CODEBOOK.md and views.sql list, and what the Dagster UI shows. `kind` is needed only where the
dtype cannot say it (dates and lists are `object`, money is a decimal); a column declared with
plain `pa.Field` still works, typed from its dtype, with an empty description (a test asks for one).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import (
    DATE_PRECISIONS,
    DELTA_CHANGES,
    DELTA_ENTITIES,
    DELTA_REASONS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    INCIDENT_REDIRECT_REASONS,
    PERPETRATORS,
    PERSON_REDIRECT_REASONS,
    PERSON_ROLES_IN_INCIDENT,
    RIGHTS,
)

REPORT_ID = r"^[0-9a-f]{16}$"
INCIDENT_ID = r"^I[0-9a-f]{12}$"
PERSON_ID = r"^P[0-9a-f]{10}$"
MENTION_ID = r"^M[0-9a-f]{12}$"


def _is_date_or_null(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    )


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


# Logical column types of a release (core.release maps them to Arrow and Frictionless types).
KINDS = ("string", "int", "float", "bool", "date", "decimal", "list")


def column(description: str, kind: str | None = None, **checks) -> pa.Field:
    """A pandera Field that also carries the column's codebook description and logical type."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown column kind {kind!r}; expected one of {KINDS}")
    return pa.Field(description=description, metadata={"kind": kind} if kind else None, **checks)


def _kind_of(col: pa.Column) -> str | None:
    """The logical type of a schema column: declared, else read from its pandas dtype."""
    declared = (col.metadata or {}).get("kind")
    if declared:
        return declared
    dtype = str(col.dtype).lower()
    if dtype.startswith("string") or dtype == "str":
        return "string"
    if dtype.startswith("int"):
        return "int"
    if dtype.startswith("float"):
        return "float"
    if dtype.startswith("bool"):
        return "bool"
    return None  # object without a declared kind: the writer types it from the values


class _Base(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
        ordered = True


class ReportsSchema(_Base):
    report_id: Series[str] = column(description="Stable id derived from the source file's content (sha256 of its bytes, 16 hex digits)", unique=True, str_matches=REPORT_ID)
    title: Series[str] = column(description='Title of the report', nullable=True)
    publisher: Series[str] = column(description='Publishing organisations, \'; \'-separated, e.g. "IPHR; KIBHR"', nullable=True)
    country: Series[str] = column(description='ISO 3166-1 alpha-2 code of the country the report covers', nullable=True, str_matches=r"^[A-Z]{2}$")
    period_start: Series[object] = column(description='First day of the period the report covers, null when unstated', kind='date', nullable=True)
    period_end: Series[object] = column(description='Last day of the period the report covers, null when unstated', kind='date', nullable=True)
    source_file: Series[str] = column(description='Path of the source file under sources/', unique=True, str_startswith="sources/")
    source_url: Series[str] = column(description='Where the report was published, null when unknown', nullable=True)
    sha256: Series[str] = column(description='Hex SHA-256 of the raw source file bytes', unique=True, str_matches=r"^[0-9a-f]{64}$")
    n_chars: Series[int] = column(description='Length of the cleaned text in characters (all offsets refer to it)', ge=1)

    @pa.check("period_start", "period_end", element_wise=True, error="a date (not a timestamp) or null")
    def dates(cls, value) -> bool:
        return _is_date_or_null(value)


class IncidentsSchema(_Base):
    incident_id: Series[str] = column(description='Stable id across releases while the evidence is unchanged', unique=True, str_matches=INCIDENT_ID)
    report_id: Series[str] = column(description='Report the incident was read from', str_matches=REPORT_ID)
    event_type: Series[str] = column(description='Event type of the codebook (see Event types)', isin=EVENT_TYPES)
    right: Series[str] = column(description='Right restricted: expression, association or peaceful_assembly', isin=RIGHTS)
    event_date: Series[object] = column(description='First day of the event, null when undated', kind='date', nullable=True)
    event_date_end: Series[object] = column(description='Last day of the span the text allows (equals event_date for a known day)', kind='date', nullable=True)
    date_precision: Series[str] = column(description='day, month, part_of_month, year or unknown', isin=DATE_PRECISIONS)
    in_period: Series[pd.BooleanDtype] = column(description="The event date falls inside the report's period (false: background the report recalls)", nullable=True)
    country: Series[str] = column(description='ISO 3166-1 alpha-2 code of the country whose authorities acted', nullable=True, str_matches=r"^[A-Z]{2}$")
    location: Series[str] = column(description='Canonical place name, null when none', nullable=True)
    admin1: Series[str] = column(description='Region of the place, null when unknown', nullable=True)
    latitude: Series[float] = column(description='Latitude of the place, null when none', nullable=True, ge=-90, le=90)
    longitude: Series[float] = column(description='Longitude of the place, null when none', nullable=True, ge=-180, le=180)
    geo_precision: Series[str] = column(description='city, region or country', nullable=True, isin=GEO_PRECISIONS)
    perpetrator: Series[str] = column(description='Who acted: police, court, authorities, security_services, ...; null when unstated', nullable=True, isin=PERPETRATORS)
    target_group: Series[str] = column(description='Description of unnamed targets ("housing shareholders"), null when none', nullable=True)
    participants: Series[pd.Int64Dtype] = column(description='Stated number of people, null when none', nullable=True, ge=1)
    legal_basis: Series[object] = column(description='Normalised articles, e.g. CC-274 (Criminal Code), AC-488 (Administrative Code)', kind='list')
    penalty_amount: Series[float] = column(description='Money amount of a fine, null when none', kind='decimal', nullable=True, ge=0)
    penalty_currency: Series[str] = column(description='ISO 4217 currency code of the fine, e.g. KZT', nullable=True, str_matches=r"^[A-Z]{3}$")
    penalty_days: Series[pd.Int64Dtype] = column(description='Custodial or probation length in days (1 year = 365)', nullable=True, ge=1)
    summary: Series[str] = column(description='One short English sentence')
    date_phrase: Series[str] = column(description='The words of the report the date came from ("On 5 March"), null when undated', nullable=True)
    date_basis: Series[str] = column(description='Why the date is that day: "stated", "year 2021 from the report\'s period", "carried from the story: ...", ...; "year 2026 assumed: ..." marks a year neither the text nor its provenance gives', nullable=True)
    location_phrase: Series[str] = column(description='The words of the report the place came from, null when no place', nullable=True)
    evidence: Series[str] = column(description='The verbatim sentence(s) of the report that support the row', str_length={"min_value": 1})
    evidence_start: Series[int] = column(description='Start offset of the evidence in the cleaned report text', ge=0)
    evidence_end: Series[int] = column(description='End offset of the evidence in the cleaned report text', ge=1)
    evidence_more: Series[object] = column(description="Offsets 'start-end' of later tellings of the same incident in the report", kind='list')
    method: Series[str] = column(description="How the row was made: extractor name and version, or 'curated'")
    confidence: Series[float] = column(description='Confidence between 0 and 1', ge=0, le=1)

    @pa.check("event_date", "event_date_end", element_wise=True, error="a date (not a timestamp) or null")
    def dates(cls, value) -> bool:
        return _is_date_or_null(value)

    @pa.check("legal_basis", element_wise=True, error="a list of codes like CC-274 or AC-460-1")
    def legal_codes(cls, value) -> bool:
        # sub-numbers are kept and joined with hyphens (CODEBOOK.md: "Article 137.1" -> CC-137-1)
        return _is_str_list(value) and all(re.fullmatch(r"[A-Z]{2,4}-[0-9]+(?:-[0-9]+)*", v)
                                           for v in value)

    @pa.check("evidence_more", element_wise=True, error="a list of 'start-end' offsets")
    def further_tellings(cls, value) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) and re.fullmatch(r"[0-9]+-[0-9]+", v) for v in value)

    @pa.dataframe_check(error="evidence_end must be evidence_start + len(evidence)")
    def offsets_match_length(cls, df: pd.DataFrame) -> Series[bool]:
        return df["evidence_end"] - df["evidence_start"] == df["evidence"].str.len()

    @pa.dataframe_check(error="event_date_end before event_date")
    def date_span_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        # element-wise, so that a frame with no two-ended span (or no rows) gives a bool Series too
        return pd.Series([pd.isna(a) or pd.isna(b) or a <= b
                          for a, b in zip(df["event_date"], df["event_date_end"])], index=df.index, dtype=bool)


class PersonsSchema(_Base):
    person_id: Series[str] = column(description='Stable id across releases; a merge keeps one id and records the other as a redirect', unique=True, str_matches=PERSON_ID)
    name: Series[str] = column(description='Canonical display name: the spelling of the most reports; on a tie, the one already published for this id', str_length={"min_value": 2})
    aliases: Series[object] = column(description='Every other form of the name seen', kind='list')
    roles: Series[object] = column(description='journalist, lawyer, activist, human rights defender, ...', kind='list')
    first_seen: Series[object] = column(description='Earliest event or report date', kind='date', nullable=True)
    last_seen: Series[object] = column(description='Latest event or report date', kind='date', nullable=True)
    n_reports: Series[int] = column(description='Number of reports mentioning the person', ge=1)
    n_incidents: Series[int] = column(description='Number of incidents involving the person', ge=0)

    @pa.check("aliases", "roles", element_wise=True, error="a list of non-empty strings")
    def string_lists(cls, value) -> bool:
        return _is_str_list(value)

    @pa.check("first_seen", "last_seen", element_wise=True, error="a date (not a timestamp) or null")
    def dates(cls, value) -> bool:
        return _is_date_or_null(value)


class PersonMentionsSchema(_Base):
    mention_id: Series[str] = column(description='Id of one occurrence of a name (from report and offsets)', unique=True, str_matches=MENTION_ID)
    report_id: Series[str] = column(description='Report of the occurrence', str_matches=REPORT_ID)
    person_id: Series[str] = column(description='Person the occurrence refers to', str_matches=PERSON_ID)
    surface: Series[str] = column(description='The name as written', str_length={"min_value": 1})
    start: Series[int] = column(description='Start offset in the cleaned text', ge=0)
    end: Series[int] = column(description='End offset in the cleaned text', ge=1)


class IncidentPersonsSchema(_Base):
    incident_id: Series[str] = column(description='Incident', str_matches=INCIDENT_ID)
    person_id: Series[str] = column(description='Person involved', str_matches=PERSON_ID)
    role: Series[str] = column(description='target (default), perpetrator or other', isin=PERSON_ROLES_IN_INCIDENT)

    class Config:
        unique = ["incident_id", "person_id", "role"]


class PersonRedirectsSchema(_Base):
    old_person_id: Series[str] = column(description='Person id of an earlier release that is no row of persons now', unique=True, str_matches=PERSON_ID)
    person_id: Series[str] = column(description='The person it is now (reason merged); null when retired', nullable=True, str_matches=PERSON_ID)
    release: Series[str] = column(description='Release in which the id stopped being a person')
    reason: Series[str] = column(description='merged, report_removed or no_longer_identified', isin=PERSON_REDIRECT_REASONS)

    @pa.dataframe_check(error="a merge names the person it went to; a retirement names none")
    def target_matches_reason(cls, df: pd.DataFrame) -> Series[bool]:
        return df["person_id"].notna() == (df["reason"] == "merged")


class IncidentRedirectsSchema(_Base):
    old_incident_id: Series[str] = column(description='Incident id of an earlier release that is no row of incidents now', unique=True, str_matches=INCIDENT_ID)
    incident_id: Series[str] = column(description='The incident read from the same evidence (reason same_evidence); null when retired', nullable=True, str_matches=INCIDENT_ID)
    release: Series[str] = column(description='Release in which the id stopped being an incident')
    reason: Series[str] = column(description='same_evidence, rejected_by_reviewer, report_removed or no_longer_extracted', isin=INCIDENT_REDIRECT_REASONS)

    @pa.dataframe_check(error="same_evidence names the incident it went to; a retirement names none")
    def target_matches_reason(cls, df: pd.DataFrame) -> Series[bool]:
        return df["incident_id"].notna() == (df["reason"] == "same_evidence")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str | None  # one of KINDS; None: typed from the values when written
    description: str
    nullable: bool


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    key: tuple[str, ...]
    description: str

    @property
    def columns(self) -> list[str]:
        return list(self.model.to_schema().columns)

    @property
    def fields(self) -> tuple[ColumnSpec, ...]:
        return tuple(ColumnSpec(name, _kind_of(col), col.description or "", bool(col.nullable))
                     for name, col in self.model.to_schema().columns.items())


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("reports", ReportsSchema, ("report_id",), "One row per source report file."),
        TableSpec("incidents", IncidentsSchema, ("incident_id",),
                  "One action on one day or span, at one place, against named people or a group."),
        TableSpec("persons", PersonsSchema, ("person_id",), "One row per real person across reports."),
        TableSpec("person_mentions", PersonMentionsSchema, ("mention_id",),
                  "Every occurrence of a person's name in a report's cleaned text."),
        TableSpec("incident_persons", IncidentPersonsSchema, ("incident_id", "person_id", "role"),
                  "Which persons an incident concerns, and how."),
        TableSpec("person_redirects", PersonRedirectsSchema, ("old_person_id",),
                  "Published person ids that are no person of this release: where they went, or why retired."),
        TableSpec("incident_redirects", IncidentRedirectsSchema, ("old_incident_id",),
                  "Published incident ids that are no incident of this release: where they went, or why retired."),
    )
}

# Which table a foreign-key column points to (datapackage.json `foreignKeys`, integrity checks).
FOREIGN_KEYS: dict[str, str] = {
    "report_id": "reports",
    "incident_id": "incidents",
    "person_id": "persons",
}


class DeltaSchema(_Base):
    """What changed against the previous release: one row per added, changed or removed
    incident, person or report (the release's delta.parquet / delta.csv, and CHANGES.md)."""

    entity: Series[str] = column(description="incident, person or report", isin=DELTA_ENTITIES)
    id: Series[str] = column(description="incident_id, person_id or report_id of the row")
    change: Series[str] = column(description="ADD, MOD or DEL", isin=DELTA_CHANGES)
    reason: Series[str] = column(
        description="Why: new, changed, merged, split, superseded, rejected, extraction_failed, removed",
        isin=DELTA_REASONS)
    label: Series[str] = column(
        description="What the row is, for people: type, date, place and people of an incident; "
                    "a person's name; a report's file and title")
    related_id: Series[str] = column(
        description="The person a merged person now is, the person a split one came from, "
                    "the report that superseded a report, or the incident read from the same "
                    "evidence that superseded an incident; null otherwise", nullable=True)
    changed_fields: Series[object] = column(description="Columns whose value changed (MOD rows)", kind="list")
    before: Series[str] = column(description="JSON object of the changed columns' old values (MOD, DEL)",
                                 nullable=True)
    after: Series[str] = column(description="JSON object of the changed columns' new values (ADD, MOD)",
                                nullable=True)

    class Config:
        unique = ["entity", "id"]


# Not in TABLES: the delta is written beside the tables but is no codebook table of its own
# (it has no asset and compares two releases).
DELTA = TableSpec("delta", DeltaSchema, ("entity", "id"),
                  "What changed against the previous release, one row per incident, person or report.")
