"""Dagster as a way to run the project: the definitions' executor and sensor, one Dagster home
shared by `civic build` and `dagster dev`, and what a run launched with no partition does."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.cli import build, dagster_home
from pipelines.definitions import defs, definitions_for, resources_for
from pipelines.ingest.assets import NO_PARTITION, sync_partitions
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


def test_a_run_with_no_partition_stops_at_once_saying_how_to_launch_it(tmp_path):
    root = make_project(tmp_path / "p")
    instance = dg.DagsterInstance.ephemeral()
    job = definitions_for(resources_for(str(root))).resolve_job_def("build_release")
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert [e.step_key for e in failures] == ["report_texts"]
    assert NO_PARTITION in failures[0].event_specific_data.error.message + str(
        failures[0].event_specific_data.user_failure_data.description)
    # the inventory ran first and made the partitions a backfill of all of them needs
    assert len(instance.get_dynamic_partitions("reports")) == 1


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
