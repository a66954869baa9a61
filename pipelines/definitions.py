"""The one Dagster Definitions of the project: assets, checks, jobs, sensor, resources.

`dagster dev -w workspace.yaml` loads it; `civic build` materialises the same assets in one run.
Paths are relative to the project root (workspace.yaml sets it as the working directory).
"""

from __future__ import annotations

import dagster as dg

from pipelines.extract.assets import report_extraction
from pipelines.ingest.assets import report_texts, source_inventory
from pipelines.ingest.sensors import build_sensor
from pipelines.persons.assets import person_clusters
from pipelines.release.assets import (
    evaluation,
    incident_tables,
    person_mentions,
    persons,
    published_release,
    reports,
)
from pipelines.release.checks import integrity_checks, schema_checks
from pipelines.resources import ExtractionSettings, ParquetIOManager, ProjectPaths

ASSETS = [
    source_inventory,
    report_texts,
    report_extraction,
    person_clusters,
    reports,
    incident_tables,
    person_mentions,
    persons,
    evaluation,
    published_release,
]
CHECKS = [*schema_checks, *integrity_checks]

PER_REPORT_SELECTION = dg.AssetSelection.assets(report_texts, report_extraction)

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


def resources_for(root: str = ".", extraction: ExtractionSettings | None = None) -> dict:
    """Resources for a project root: `sources/` is read there and `outputs/` written there."""
    paths = ProjectPaths(root=root)
    return {"paths": paths, "io_manager": ParquetIOManager(base_path=str(paths.warehouse_dir)),
            "extraction": extraction or ExtractionSettings()}


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[report_job, release_job],
    sensors=[build_sensor(report_job)],
    # Relative to the working directory, which workspace.yaml sets to the project root.
    resources={"paths": ProjectPaths(), "io_manager": ParquetIOManager(base_path="outputs/warehouse"),
               "extraction": ExtractionSettings()},
)
