"""Extract assets: each report's person mentions (resolved within the report) and incidents.

The rules live in pipelines.core.names and pipelines.core.events; these assets only turn
stored rows back into the dataclasses those functions take, and their results into frames.

A report on which an extractor raises is kept out, not the whole build: its frame is one row
with `extraction_error` set (see `failed_reports`), the release assets leave it out and the
release's CHANGES.md lists it among the rejected sources with the error, so the other reports
still publish and nothing of the failed one is half-published.
"""


import dataclasses
import datetime as dt
import traceback

import dagster as dg
import pandas as pd

from pipelines.core.events import extract_incidents, incident_key
from pipelines.core.metadata import ReportMeta
from pipelines.core.names import PersonMention, find_person_mentions
from pipelines.core.units import Unit
from pipelines.ingest.assets import PER_REPORT

MENTION_COLUMNS = ["report_id", "start", "end", "surface", "local_id", "canonical", "roles", "kind"]
ERROR_COLUMN = "extraction_error"


def _failure(context: dg.AssetExecutionContext, key: str, stage: str, exc: Exception) -> pd.DataFrame:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    message = f"{stage} failed: {type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
    context.log.error(f"report {key}: {message}; the report is left out of the release\n"
                      + "".join(traceback.format_exception(exc)[-4:]))
    return pd.DataFrame([{"report_id": key, ERROR_COLUMN: message}])


def extraction_error(frame: pd.DataFrame) -> str | None:
    """The error of a report whose extraction failed, else None."""
    if ERROR_COLUMN not in frame.columns or frame.empty:
        return None
    value = frame.iloc[0][ERROR_COLUMN]
    return value if isinstance(value, str) else None


def failed_reports(per_report: dict[str, pd.DataFrame]) -> dict[str, str]:
    """{report_id: error} of the reports an extractor failed on (report_incidents carries both stages')."""
    return {k: e for k, f in sorted(per_report.items()) if (e := extraction_error(f))}


def _value(v):
    """Stored rows come back with pandas' missing markers; the core functions expect None."""
    if isinstance(v, (list, tuple, dict)):
        return v
    return None if pd.isna(v) else v


def units_of(frame: pd.DataFrame) -> list[Unit]:
    fields = [f.name for f in dataclasses.fields(Unit)]
    return [Unit(**{k: _value(r[k]) for k in fields}) for r in frame.to_dict("records")]


def mentions_of(frame: pd.DataFrame) -> list[PersonMention]:
    fields = [f.name for f in dataclasses.fields(PersonMention)]
    return [PersonMention(**{k: (list(r[k]) if k == "roles" else _value(r[k])) for k in fields})
            for r in frame.to_dict("records")]


def _date(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def meta_of(row: dict) -> ReportMeta:
    return ReportMeta(
        title=row.get("title"), publisher=row.get("publisher"), country=row.get("country"),
        period_start=_date(row.get("period_start")), period_end=_date(row.get("period_end")),
        retrieved=_date(row.get("retrieved")),
    )


@dg.asset(group_name="extract", kinds={"python"}, **PER_REPORT)
def report_mentions(
    context: dg.AssetExecutionContext, report_texts: dict[str, pd.DataFrame], report_units: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Every occurrence of a natural person's name, resolved within the report to a local person."""
    out = {}
    for key in sorted(context.partition_keys):
        text = report_texts[key].iloc[0]["text"]
        try:
            found = find_person_mentions(text, units_of(report_units[key])) if text else []
        except Exception as exc:  # one report's failure must not stop the others
            out[key] = _failure(context, key, "person recognition", exc)
            continue
        rows = [{"report_id": key, **dataclasses.asdict(m)} for m in found]
        out[key] = pd.DataFrame(rows, columns=MENTION_COLUMNS)
        context.log.info(f"report {key}: {len(rows)} person mentions, {len({m.local_id for m in found})} persons")
    return out


@dg.asset(group_name="extract", kinds={"python"}, **PER_REPORT)
def report_incidents(
    context: dg.AssetExecutionContext,
    report_texts: dict[str, pd.DataFrame],
    report_units: dict[str, pd.DataFrame],
    report_mentions: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Incidents of each report, with targets as local person ids (made global by `persons`)."""
    out = {}
    for key in sorted(context.partition_keys):
        if extraction_error(report_mentions[key]):
            out[key] = report_mentions[key]  # carried on, so that one frame names every failure
            continue
        row = report_texts[key].iloc[0].to_dict()
        try:
            rows = _incident_rows(key, row, report_units[key], report_mentions[key])
        except Exception as exc:  # one report's failure must not stop the others
            out[key] = _failure(context, key, "incident extraction", exc)
            continue
        out[key] = pd.DataFrame(rows)
        context.log.info(f"report {key}: {len(rows)} incidents")
    failures = failed_reports(out)
    context.add_output_metadata({"extraction_failures": dg.MetadataValue.json(failures)})
    return out


def _incident_rows(key: str, row: dict, units: pd.DataFrame, mentions: pd.DataFrame) -> list[dict]:
    text = row["text"]
    found = extract_incidents(text, units_of(units), mentions_of(mentions), meta_of(row)) if text else []
    rows, seen = [], set()
    for inc in found:
        values = dataclasses.asdict(inc)
        values["incident_id"] = incident_key(key, inc)
        if values["incident_id"] in seen:
            # Two rows the key cannot tell apart would silently collapse downstream: fail the report.
            raise ValueError(f"two incidents share id {values['incident_id']}: {inc.summary}")
        seen.add(values["incident_id"])
        values["report_id"] = key
        rows.append(values)
    return rows

