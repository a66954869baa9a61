"""The one Dagster Definitions of the project: assets, checks, jobs, sensor, resources, executor.

`dagster dev -w workspace.yaml` loads it; `civic build` runs its `build_release` job (the same
job the UI launches) in the same Dagster home, `outputs/dagster_home/`. Paths are relative to
the project root (workspace.yaml sets it as the working directory).

Executor: in-process (every step of a run in the run's one process), because the steps are
short and each new process would pay Dagster's and the extractors' import time again; a
per-report run then costs what it costs in `civic build`. To fan reports out over processes,
set `executor=dg.multiprocess_executor` below (or per job), see README "Scaling past one machine".
"""

from __future__ import annotations

import dagster as dg

from pipelines.extract.assets import report_incidents, report_mentions
from pipelines.ingest.assets import report_texts, report_units, source_inventory
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
from pipelines.resources import ParquetIOManager, ProjectPaths

ASSETS = [
    source_inventory,
    report_texts,
    report_units,
    report_mentions,
    report_incidents,
    person_clusters,
    reports,
    incident_tables,
    person_mentions,
    persons,
    incident_redirects,
    evaluation,
    published_release,
]
CHECKS = [*schema_checks, *integrity_checks]

PER_REPORT_SELECTION = dg.AssetSelection.assets(report_texts, report_units, report_mentions, report_incidents)

report_job = dg.define_asset_job(
    "report_extraction",
    selection=PER_REPORT_SELECTION | dg.AssetSelection.assets(source_inventory),
    description="Read and extract the reports a sensor found (one run for all new reports).",
)
release_job = dg.define_asset_job(
    "build_release",
    selection=dg.AssetSelection.all(),
    description="Everything from sources/ to a published release, in one run.",
)


EXECUTOR = dg.in_process_executor


def resources_for(root: str = ".") -> dict:
    """Resources for a project root: `sources/` is read there and `outputs/` written there."""
    paths = ProjectPaths(root=root)
    return {"paths": paths, "io_manager": ParquetIOManager(base_path=str(paths.warehouse_dir))}


def definitions_for(resources: dict) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[report_job, release_job],
        sensors=[build_sensor(report_job)],
        executor=EXECUTOR,
        resources=resources,
    )


# Relative to the working directory, which workspace.yaml sets to the project root.
defs = definitions_for({"paths": ProjectPaths(), "io_manager": ParquetIOManager(base_path="outputs/warehouse")})
