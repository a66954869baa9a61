"""pipelines.eventlog: a batch of asset events stored in one transaction per database reads back
as the stock SQLite storage's events one by one would."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.cli import dagster_home
from pipelines.eventlog import BATCH_ENV, HEADER, BatchingSqliteEventLogStorage

reports = dg.DynamicPartitionsDefinition(name="r")


@dg.asset(partitions_def=reports, backfill_policy=dg.BackfillPolicy.single_run())
def per_report(context) -> None:
    for key in context.partition_keys:
        context.log.info(f"report {key}")


def _run(home, batched: bool, monkeypatch) -> dg.DagsterInstance:
    monkeypatch.setenv(BATCH_ENV, "1000" if batched else "0")
    instance = dg.DagsterInstance.from_config(str(home))
    instance.add_dynamic_partitions("r", ["a", "b", "c", "d"])
    result = dg.materialize([per_report], instance=instance, tags={
        "dagster/asset_partition_range_start": "a", "dagster/asset_partition_range_end": "c"})
    assert result.success
    return instance


def _seen(instance: dg.DagsterInstance) -> dict:
    key = dg.AssetKey("per_report")
    records = instance.fetch_materializations(key, limit=100).records
    return {
        "partitions": sorted(instance.get_materialized_partitions(key)),
        "records": sorted(r.partition_key for r in records),
        "by_partition": {p: instance.fetch_materializations(dg.AssetRecordsFilter(
            asset_key=key, asset_partitions=[p]), limit=5).records[0].partition_key for p in "abc"},
        "latest": instance.get_latest_materialization_event(key).dagster_event.partition,
        "status": {p: str(s) for p, s in instance.get_status_by_partition(
            key, partition_keys=list("abcd"), partitions_def=reports).items()},
    }


def test_a_batch_reads_back_as_events_stored_one_by_one(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # the project's own home, under tmp_path
    stock = tmp_path / "stock"
    stock.mkdir()
    (stock / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    ours = dagster_home(tmp_path / "ours")  # the dagster.yaml civic build writes
    calls = []
    original = BatchingSqliteEventLogStorage.store_event_batch
    monkeypatch.setattr(BatchingSqliteEventLogStorage, "store_event_batch",
                        lambda self, events: (calls.append(len(events)), original(self, events))[1])
    a, b = _run(stock, False, monkeypatch), _run(ours, True, monkeypatch)
    assert type(b.event_log_storage) is BatchingSqliteEventLogStorage
    assert max(calls) == 3  # the three materialisations of the run's range, in one batch
    assert _seen(a) == _seen(b)
    seen = _seen(b)
    assert seen["partitions"] == seen["records"] == ["a", "b", "c"]
    assert [p for p, s in seen["status"].items() if s.endswith("MATERIALIZED")] == ["a", "b", "c"]


@pytest.mark.parametrize("mine", [True, False])
def test_the_generated_dagster_yaml_follows_the_project_and_a_users_own_stays(tmp_path, mine, monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = tmp_path / "outputs" / "dagster_home"
    home.mkdir(parents=True)
    old = (HEADER if mine else "# my own settings") + "\ntelemetry:\n  enabled: false\n"
    (home / "dagster.yaml").write_text(old, encoding="utf-8")
    text = (dagster_home(tmp_path) / "dagster.yaml").read_text(encoding="utf-8")
    if mine:
        assert "BatchingSqliteEventLogStorage" in text and str(home / "history" / "runs") in text
    else:
        assert text == old
