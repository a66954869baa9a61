"""Extract assets: each report's units, person mentions (resolved within the report) and incidents.

One multi-asset, `report_extraction`, materialises the three per-report assets `report_units`,
`report_mentions` and `report_incidents` for every partition of the run: the work of one report
(pipelines.extract.work) runs in a pool of worker processes under a hard time limit, with a
cache of results keyed by content (pipelines.extract.runner). The rules themselves live in
pipelines.core.

A report the work fails on is kept out, not the whole build: its three frames are one row with
`extraction_error` = "<code>: <message>", code `extraction_failed` (a stage raised) or `timeout`
(the worker was killed at the time limit). The release assets leave the report out, and the CLI,
the asset metadata and the release's CHANGES.md list it among the rejected sources with that
reason, so the other reports still publish and nothing of the failed one is half-published.
"""


import dataclasses
import json
import uuid

import dagster as dg
import pandas as pd

from pipelines.core.names import PersonMention
from pipelines.core.units import Unit
from pipelines.extract.runner import Job, TimeLimit, run_reports
from pipelines.extract.work import ERROR_COLUMN, MENTION_COLUMNS, UNIT_COLUMNS, extractor_version, meta_of
from pipelines.ingest.assets import read_report_texts, report_partitions, run_report_keys
from pipelines.resources import ExtractionSettings, PackedFrames, ProjectPaths, drop_stale_spools, records

__all__ = ["report_extraction", "extraction_error", "failed_reports", "units_of", "mentions_of", "meta_of",
           "MENTION_COLUMNS", "ERROR_COLUMN"]


def extraction_error(frame: pd.DataFrame) -> str | None:
    """The failure ("<code>: <message>") of a report whose extraction failed, else None."""
    if ERROR_COLUMN not in frame.columns or frame.empty:
        return None
    value = frame.iloc[0][ERROR_COLUMN]
    return value if isinstance(value, str) else None


def failed_reports(per_report: dict[str, pd.DataFrame]) -> dict[str, str]:
    """{report_id: "<code>: <message>"} of the reports whose extraction failed."""
    return {k: e for k, f in sorted(per_report.items()) if (e := extraction_error(f))}


def _value(v):
    """Stored rows come back with pandas' missing markers; the core functions expect None."""
    if isinstance(v, (list, tuple, dict)):
        return v
    return None if pd.isna(v) else v


def units_of(frame: pd.DataFrame) -> list[Unit]:
    fields = [f.name for f in dataclasses.fields(Unit)]
    return [Unit(**{k: _value(r[k]) for k in fields}) for r in records(frame)]


def mentions_of(frame: pd.DataFrame) -> list[PersonMention]:
    fields = [f.name for f in dataclasses.fields(PersonMention)]
    return [PersonMention(**{k: (list(r[k]) if k == "roles" else _value(r[k])) for k in fields})
            for r in records(frame)]


def _run_name(context: dg.AssetExecutionContext) -> str:
    """The run's id; a direct invocation (tests) has no run, and gets a name of its own."""
    try:
        return context.run.run_id
    except Exception:  # dagster raises its (unexported) DagsterInvalidPropertyError
        return f"direct-{uuid.uuid4().hex}"


def _meta(row: dict, assumed_year: int | None = None) -> dict:
    """The metadata the work reads, as plain values (part of the cache key). A report with its
    own retrieval date never needs the assumed year, so its key does not carry it."""
    meta = dataclasses.asdict(meta_of(row))
    if meta.get("retrieved") is None:
        meta["assumed_year"] = assumed_year
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}


def assumed_year(inventory: pd.DataFrame | None, default: int) -> int:
    """The year a text that states none is read in: the newest `retrieved` year among the
    sidecars of the accepted sources (when the collection was gathered), else `default`. A
    year, not a day, so that adding one report rarely changes other reports' cache keys."""
    years = []
    if inventory is not None and "sidecar" in inventory.columns:
        for value in inventory[inventory.status == "accepted"].sidecar:
            retrieved = json.loads(value).get("retrieved") if isinstance(value, str) else None
            if retrieved:
                years.append(int(str(retrieved)[:4]))
    return max(years) if years else default


_EMPTY = {"units": UNIT_COLUMNS, "mentions": MENTION_COLUMNS, "incidents": None}


@dg.multi_asset(
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    outs={
        "report_texts": dg.AssetOut(group_name="ingest", kinds={"python"}, description="Each report's cleaned text (page chrome removed; all offsets downstream refer to it) and metadata."),
        "report_units": dg.AssetOut(group_name="extract", kinds={"python"}, description="Headings, paragraphs and sentences of each report, with offsets into the cleaned text."),
        "report_mentions": dg.AssetOut(group_name="extract", kinds={"python"}, description="Every occurrence of a natural person's name, resolved within the report to a local person."),
        "report_incidents": dg.AssetOut(group_name="extract", kinds={"python"}, description="Incidents of each report, with targets as local person ids (made global by `persons`)."),
    },
)
def report_extraction(
    context: dg.AssetExecutionContext,
    paths: ProjectPaths,
    extraction: ExtractionSettings,
    source_inventory: pd.DataFrame,
):
    """Texts, then units, person mentions and incidents of every report of the run, in parallel
    workers. One step for all four: a per-report asset loading another across steps needs the
    run's partitions, and a run launched with no partition (every report) has none."""
    keys = run_report_keys(context)
    report_texts = read_report_texts(context.log, paths, source_inventory, keys)
    yield dg.Output(report_texts, output_name="report_texts")
    year = assumed_year(source_inventory, extraction.assumed_year)
    jobs, read = [], {}
    for key in keys:
        row = report_texts[key].iloc[0].to_dict()
        text = row["text"] if row.get("status") == "ok" and isinstance(row.get("text"), str) else ""
        jobs.append(Job(key, text, _meta(row, year)))
        read[key] = f"{row.get('source_file')}, {len(text)} characters"

    # each report's rows are packed into the Parquet files they will be as they arrive, spooled
    # to a folder of this run's own and let go: held as Python rows until the last report, they
    # were most of the memory of a run over thousands of reports (resources.PackedFrames)
    # (a spooled frame's files go with it; a run that crashed leaves its folder for a later one)
    spools = paths.cache_dir / "spool"
    drop_stale_spools(spools)
    frames = {name: PackedFrames(spools / _run_name(context) / name) for name in _EMPTY}

    def done(outcome):
        who = f"report {outcome.report_id} ({read[outcome.report_id]})"
        if outcome.code:
            context.log.error(f"{who}: {outcome.reason}; the report is left out of the release")
        else:
            context.log.info(f"{who}: {len(outcome.rows['incidents'])} incidents, "
                             f"{len(outcome.rows['mentions'])} mentions ({'cached' if outcome.cached else f'{outcome.seconds:.2f} s'})")
        key = outcome.report_id
        for name, columns in _EMPTY.items():
            if outcome.code:
                frames[name].put(key, pd.DataFrame([{"report_id": key, ERROR_COLUMN: outcome.reason}]))
            else:
                frames[name].put(key, pd.DataFrame(outcome.rows[name], columns=columns))
        outcome.rows = {}

    limit = TimeLimit(extraction.time_limit_s, extraction.time_limit_per_100kb_s)
    outcomes = run_reports(jobs, workers=extraction.workers or None, limit=limit,
                           cache_dir=paths.cache_dir / "extract" if extraction.cache else None,
                           max_tasks_per_child=extraction.max_tasks_per_child, on_done=done)
    failures = {k: o.reason for k, o in sorted(outcomes.items()) if o.code}
    cached = sum(o.cached for o in outcomes.values())
    context.log.info(f"extracted {len(keys)} reports ({cached} from the cache, {len(failures)} failed)")
    yield dg.Output(frames["units"], output_name="report_units")
    yield dg.Output(frames["mentions"], output_name="report_mentions")
    yield dg.Output(frames["incidents"], output_name="report_incidents", metadata={
        "extraction_failures": dg.MetadataValue.json(failures),
        "timeouts": sum(o.code == "timeout" for o in outcomes.values()),
        "from_cache": cached,
        "extracted": len(keys) - cached,
        "extractor_version": extractor_version(),
        "time_limit": f"{limit.base_s:g} s + {limit.per_100kb_s:g} s per 100 KB",
    })
