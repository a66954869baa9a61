"""Dagster as a way to run the project: the definitions' executor and sensor, one Dagster home
shared by `civic build` and `dagster dev`, and a run launched with no partition (every report)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.cli import build, dagster_home
from pipelines.definitions import defs, definitions_for, resources_for
from pipelines.ingest.assets import sync_partitions
from tests.conftest import make_project


def test_every_job_runs_in_process_and_the_sensor_is_on():
    dg.Definitions.validate_loadable(defs)  # what `dagster definitions validate` and the UI load
    repo = defs.get_repository_def()
    for name in ("build_release", "extract_reports"):
        assert repo.get_job(name).executor_def is dg.in_process_executor
    sensor = repo.get_sensor_def("sources_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_partitions_follow_the_folder(tmp_path):
    instance = dg.DagsterInstance.ephemeral()
    assert sync_partitions(instance, ["b", "a"]) == ["a", "b"]
    assert sync_partitions(instance, ["c", "a"]) == ["a", "c"]  # gone ones deleted, new appended
    assert instance.get_dynamic_partitions("reports") == ["a", "c"]


def test_a_run_with_no_partition_covers_every_report_and_publishes_what_civic_build_does(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    # the UI's plain "Launch run" of build_release: no partition, a fresh Dagster home
    ui = make_project(tmp_path / "ui")
    (ui / "sources" / "reports" / "second.txt").write_text(SECOND, encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    job = definitions_for(resources_for(str(ui))).resolve_job_def("build_release")
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert result.success
    keys = instance.get_dynamic_partitions("reports")
    assert len(keys) == 2  # the inventory ran first and synced the partitions the run covers
    published = result.asset_materializations_for_node("published_release")[0].metadata
    # one file per report in the warehouse, as a partitioned run writes
    assert sorted(p.stem for p in (ui / "outputs" / "warehouse" / "report_incidents").glob("*.parquet")) == sorted(keys)
    # the same sources through `civic build` (a partition-range run): the same release, byte for byte
    cli = make_project(tmp_path / "cli")
    (cli / "sources" / "reports" / "second.txt").write_text(SECOND, encoding="utf-8")
    ok, summary = build(cli, log_level="ERROR")
    assert ok, summary
    assert published["datapackage_sha256"].value == summary["datapackage_sha256"]
    version = published["version"].value
    for f in sorted((cli / "outputs" / "releases" / version).iterdir()):
        assert (ui / "outputs" / "releases" / version / f.name).read_bytes() == f.read_bytes(), f.name


# A second report, this project's own text, so that the run covers more than one partition
SECOND = ("Kazakhstan: a blogger fined\n\nOn 3 March 2021, a court in Aktobe fined the blogger "
          "Ruslan Temirov 50 MCI under Article 488 of the Administrative Code for a picket.\n")


@pytest.mark.slow
def test_civic_build_records_its_run_where_dagster_dev_looks(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    root = make_project(tmp_path / "p")
    ok, summary = build(root, log_level="ERROR")
    assert ok, summary
    home = root / "outputs" / "dagster_home"
    assert dagster_home(root) == home and (home / "dagster.yaml").exists()
    instance = dg.DagsterInstance.from_config(str(home))
    runs = instance.get_runs()
    assert [r.job_name for r in runs] == ["build_release"] and runs[0].run_id == summary["run_id"]
    event = instance.get_latest_materialization_event(dg.AssetKey("published_release"))
    assert event.asset_materialization.metadata["datapackage_sha256"].value == summary["datapackage_sha256"]
    assert instance.get_materialized_partitions(dg.AssetKey("report_incidents")) == \
        set(instance.get_dynamic_partitions("reports"))
    assert not list(Path(root).glob(".tmp_dagster_home_*"))
