"""The one Dagster Definitions of the project: assets, checks, jobs, sensor, schedule, resources, executor.

`dagster dev -w workspace.yaml` loads it; `civic build` runs its `build_release` job (the same
job the UI launches) in the same Dagster home, `outputs/dagster_home/`. Paths are relative to
the project root (workspace.yaml sets it as the working directory).

The files the assets read besides the reports (reviewer curation, person judgements, gold
annotations, the previous release) are declared as external `AssetSpec`s, so the lineage graph
shows what a build depends on. Every asset gets the project's owner here, and every release
table its column schema from schemas/ (descriptions included), so the UI shows the contract.

Executor: in-process (every step of a run in the run's one process), because the steps are
short and each new process would pay Dagster's and the extractors' import time again; a
per-report run then costs what it costs in `civic build` (the extraction step fans reports out
over its own worker pool either way, `ExtractionSettings`). To run steps in processes of their
own, set `executor=dg.multiprocess_executor` below (or per job), see README "Scaling past one machine".
"""

from __future__ import annotations

import dagster as dg

from pipelines.extract.assets import report_extraction
from pipelines.ingest.assets import source_inventory, sync_partitions
from pipelines.ingest.sensors import build_sensor
from pipelines.persons.assets import person_clusters
from pipelines.release.assets import (
    evaluation,
    incident_redirects,
    incident_tables,
    person_mentions,
    persons,
    published_release,
    reports,
)
from pipelines.release.checks import integrity_checks, schema_checks
from pipelines.resources import ExtractionSettings, ParquetIOManager, ProjectPaths
from schemas import TABLES

OWNERS = ["team:civic-data"]

# Inputs read inside assets, not made by any: external assets, for lineage. The assets that read
# them name them in `deps=` (source_inventory, incident_tables, person_mentions, person_clusters,
# incident_redirects, evaluation, published_release).
EXTERNAL = [
    dg.AssetSpec("report_files", group_name="sources", kinds={"file"},
                 description="The report files under sources/reports/ (.txt, .md, .html, .pdf) and their "
                             "*.meta.yaml provenance records.", metadata={"path": "sources/reports/"}),
    dg.AssetSpec("reviewer_curation", group_name="sources", kinds={"yaml"},
                 description="Reviewer corrections to incidents and person mentions, replayed by every build "
                             "(`civic review REPORT` writes the lines to paste).",
                 metadata={"path": "sources/curation/incidents.yaml"}),
    dg.AssetSpec("person_judgements", group_name="sources", kinds={"yaml"},
                 description="Same person / not the same person decisions, always obeyed by the linker.",
                 metadata={"path": "sources/judgements/persons.yaml"}),
    dg.AssetSpec("gold_annotations", group_name="sources", kinds={"yaml"},
                 description="Hand-coded incidents and persons of some reports; the evaluation gate scores "
                             "each build against them.", metadata={"path": "sources/gold/"}),
    dg.AssetSpec("previous_release", group_name="sources", kinds={"parquet"},
                 description="The release `latest` points to: its person and incident ids stay live or "
                             "redirected, and CHANGES.md / delta compare with it.",
                 metadata={"path": "outputs/releases/latest/"}),
]
EXTERNAL = [spec.replace_attributes(owners=OWNERS) for spec in EXTERNAL]


def column_schema(name: str) -> dg.TableSchema:
    """The Dagster column schema of a release table, from its pandera model."""
    return dg.TableSchema(columns=[
        dg.TableColumn(f.name, type=f.kind or "string", description=f.description,
                       constraints=dg.TableColumnConstraints(nullable=f.nullable))
        for f in TABLES[name].fields])


def _in_the_ui(spec: dg.AssetSpec) -> dg.AssetSpec:
    name = spec.key.to_user_string()
    metadata = {"dagster/column_schema": column_schema(name)} if name in TABLES else {}
    return spec.replace_attributes(owners=OWNERS).merge_attributes(metadata=metadata)


_ASSETS = [
    source_inventory,
    report_extraction,
    person_clusters,
    reports,
    incident_tables,
    person_mentions,
    persons,
    incident_redirects,
    evaluation,
    published_release,
]
ASSETS = [*EXTERNAL, *dg.map_asset_specs(_in_the_ui, _ASSETS)]
CHECKS = [*schema_checks, *integrity_checks]

PER_REPORT_SELECTION = dg.AssetSelection.assets(report_extraction)

# Not named after the multi-asset `report_extraction`: a job's graph and an op may not share a
# name in one repository (the code location would not load).
report_job = dg.define_asset_job(
    "extract_reports",
    selection=PER_REPORT_SELECTION | dg.AssetSelection.assets(source_inventory),
    description="Read and extract the reports a sensor found (one run for all new reports).",
)
release_job = dg.define_asset_job(
    "build_release",
    selection=dg.AssetSelection.all(),
    description="Everything from sources/ to a published release, in one run.",
)


EXECUTOR = dg.in_process_executor


@dg.schedule(job=release_job, cron_schedule="0 3 * * 1", default_status=dg.DefaultScheduleStatus.STOPPED,
             description="Weekly release build (Mondays 03:00) over every report partition; stopped "
                         "until turned on in the UI. Building unchanged sources publishes nothing new.")
def weekly_release(context: dg.ScheduleEvaluationContext, paths: ProjectPaths):
    from pipelines.core.sources import scan_sources

    # The partitions made the folder's reports first (the sensor may be off): the run's range
    # must cover every accepted report, and a range follows the instance's partition order.
    inventory = scan_sources(paths.reports_dir, paths.root_path)
    keys = sync_partitions(context.instance, [sf.report_id for sf in inventory.accepted])
    if not keys:
        return dg.SkipReason("no accepted report under sources/reports/")
    # One run over every report (the single-run backfill of `civic build`), not one per report.
    return dg.RunRequest(tags={"dagster/asset_partition_range_start": keys[0],
                               "dagster/asset_partition_range_end": keys[-1]})


def resources_for(root: str = ".", extraction: ExtractionSettings | None = None) -> dict:
    """Resources for a project root: `sources/` is read there and `outputs/` written there."""
    paths = ProjectPaths(root=root)
    return {"paths": paths, "io_manager": ParquetIOManager(base_path=str(paths.warehouse_dir)),
            "extraction": extraction or ExtractionSettings()}


def definitions_for(resources: dict, loggers: dict | None = None) -> dg.Definitions:
    """The project's Definitions with these resources (and extra loggers, as `civic build`'s
    progress bar and JSON log lines)."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[report_job, release_job],
        sensors=[build_sensor(report_job)],
        schedules=[weekly_release],
        executor=EXECUTOR,
        resources=resources,
        loggers=loggers,
    )


# Relative to the working directory, which workspace.yaml sets to the project root.
defs = definitions_for({"paths": ProjectPaths(), "io_manager": ParquetIOManager(base_path="outputs/warehouse"),
                        "extraction": ExtractionSettings()})
