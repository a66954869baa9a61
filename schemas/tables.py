"""The pandera models of the seven release tables of CODEBOOK.md.

Columns are in codebook order; `Config.strict` rejects extra columns and `coerce` gives every
build the same dtypes, which the Parquet writer turns into the same Arrow schema. Element-wise
checks cover what dtypes cannot say: lists of strings, ISO codes, id formats, vocabularies.
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


def _date_field():
    return pa.Field(nullable=True)


def _list_field():
    return pa.Field()


class _Base(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
        ordered = True


class ReportsSchema(_Base):
    report_id: Series[str] = pa.Field(unique=True, str_matches=REPORT_ID)
    title: Series[str] = pa.Field(nullable=True)
    publisher: Series[str] = pa.Field(nullable=True)
    country: Series[str] = pa.Field(nullable=True, str_matches=r"^[A-Z]{2}$")
    period_start: Series[object] = _date_field()
    period_end: Series[object] = _date_field()
    source_file: Series[str] = pa.Field(unique=True, str_startswith="sources/")
    source_url: Series[str] = pa.Field(nullable=True)
    sha256: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{64}$")
    n_chars: Series[int] = pa.Field(ge=1)

    @pa.check("period_start", "period_end", element_wise=True, error="a date (not a timestamp) or null")
    def dates(cls, value) -> bool:
        return _is_date_or_null(value)


class IncidentsSchema(_Base):
    incident_id: Series[str] = pa.Field(unique=True, str_matches=INCIDENT_ID)
    report_id: Series[str] = pa.Field(str_matches=REPORT_ID)
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES)
    right: Series[str] = pa.Field(isin=RIGHTS)
    event_date: Series[object] = _date_field()
    event_date_end: Series[object] = _date_field()
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS)
    in_period: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    country: Series[str] = pa.Field(nullable=True, str_matches=r"^[A-Z]{2}$")
    location: Series[str] = pa.Field(nullable=True)
    admin1: Series[str] = pa.Field(nullable=True)
    latitude: Series[float] = pa.Field(nullable=True, ge=-90, le=90)
    longitude: Series[float] = pa.Field(nullable=True, ge=-180, le=180)
    geo_precision: Series[str] = pa.Field(nullable=True, isin=GEO_PRECISIONS)
    perpetrator: Series[str] = pa.Field(nullable=True, isin=PERPETRATORS)
    target_group: Series[str] = pa.Field(nullable=True)
    participants: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    legal_basis: Series[object] = _list_field()
    penalty_amount: Series[float] = pa.Field(nullable=True, ge=0)
    penalty_currency: Series[str] = pa.Field(nullable=True, str_matches=r"^[A-Z]{3}$")
    penalty_days: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    summary: Series[str]
    evidence: Series[str] = pa.Field(str_length={"min_value": 1})
    evidence_start: Series[int] = pa.Field(ge=0)
    evidence_end: Series[int] = pa.Field(ge=1)
    method: Series[str]
    confidence: Series[float] = pa.Field(ge=0, le=1)

    @pa.check("event_date", "event_date_end", element_wise=True, error="a date (not a timestamp) or null")
    def dates(cls, value) -> bool:
        return _is_date_or_null(value)

    @pa.check("legal_basis", element_wise=True, error="a list of codes like CC-274 or AC-460-1")
    def legal_codes(cls, value) -> bool:
        # sub-numbers are kept and joined with hyphens (CODEBOOK.md: "Article 137.1" -> CC-137-1)
        return _is_str_list(value) and all(re.fullmatch(r"[A-Z]{2,4}-[0-9]+(?:-[0-9]+)*", v)
                                           for v in value)

    @pa.dataframe_check(error="evidence_end must be evidence_start + len(evidence)")
    def offsets_match_length(cls, df: pd.DataFrame) -> Series[bool]:
        return df["evidence_end"] - df["evidence_start"] == df["evidence"].str.len()

    @pa.dataframe_check(error="event_date_end before event_date")
    def date_span_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        # element-wise, so that a frame with no two-ended span (or no rows) gives a bool Series too
        return pd.Series([pd.isna(a) or pd.isna(b) or a <= b
                          for a, b in zip(df["event_date"], df["event_date_end"])], index=df.index, dtype=bool)


class PersonsSchema(_Base):
    person_id: Series[str] = pa.Field(unique=True, str_matches=PERSON_ID)
    name: Series[str] = pa.Field(str_length={"min_value": 2})
    aliases: Series[object] = _list_field()
    roles: Series[object] = _list_field()
    first_seen: Series[object] = _date_field()
    last_seen: Series[object] = _date_field()
    n_reports: Series[int] = pa.Field(ge=1)
    n_incidents: Series[int] = pa.Field(ge=0)

    @pa.check("aliases", "roles", element_wise=True, error="a list of non-empty strings")
    def string_lists(cls, value) -> bool:
        return _is_str_list(value)

    @pa.check("first_seen", "last_seen", element_wise=True, error="a date (not a timestamp) or null")
    def dates(cls, value) -> bool:
        return _is_date_or_null(value)


class PersonMentionsSchema(_Base):
    mention_id: Series[str] = pa.Field(unique=True, str_matches=MENTION_ID)
    report_id: Series[str] = pa.Field(str_matches=REPORT_ID)
    person_id: Series[str] = pa.Field(str_matches=PERSON_ID)
    surface: Series[str] = pa.Field(str_length={"min_value": 1})
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)


class IncidentPersonsSchema(_Base):
    incident_id: Series[str] = pa.Field(str_matches=INCIDENT_ID)
    person_id: Series[str] = pa.Field(str_matches=PERSON_ID)
    role: Series[str] = pa.Field(isin=PERSON_ROLES_IN_INCIDENT)

    class Config:
        unique = ["incident_id", "person_id", "role"]


class PersonRedirectsSchema(_Base):
    old_person_id: Series[str] = pa.Field(unique=True, str_matches=PERSON_ID)
    person_id: Series[str] = pa.Field(nullable=True, str_matches=PERSON_ID)
    release: Series[str]
    reason: Series[str] = pa.Field(isin=PERSON_REDIRECT_REASONS)

    @pa.dataframe_check(error="a merge names the person it went to; a retirement names none")
    def target_matches_reason(cls, df: pd.DataFrame) -> Series[bool]:
        return df["person_id"].notna() == (df["reason"] == "merged")


class IncidentRedirectsSchema(_Base):
    old_incident_id: Series[str] = pa.Field(unique=True, str_matches=INCIDENT_ID)
    incident_id: Series[str] = pa.Field(nullable=True, str_matches=INCIDENT_ID)
    release: Series[str]
    reason: Series[str] = pa.Field(isin=INCIDENT_REDIRECT_REASONS)

    @pa.dataframe_check(error="same_evidence names the incident it went to; a retirement names none")
    def target_matches_reason(cls, df: pd.DataFrame) -> Series[bool]:
        return df["incident_id"].notna() == (df["reason"] == "same_evidence")


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    key: tuple[str, ...]
    description: str

    @property
    def columns(self) -> list[str]:
        return list(self.model.to_schema().columns)


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
